"""Unit tests of decoding files of unknown charset (``pipeline.charset``), used by ``newsflow feed``."""

from __future__ import annotations

import pytest

from pipeline.charset import decode_bytes
from pipeline.errors import InvalidEncoding

RUSSIAN_PARAGRAPH = (
    "Правительство в среду одобрило план по расширению сети общественного транспорта. По словам "
    "министра, в ближайшие три года в новые автобусные и железнодорожные линии будет вложено "
    "несколько миллиардов рублей, прежде всего в небольших городах и сельской местности."
)


class TestDecodeBytes:
    def test_declared_cp1251(self) -> None:
        """Russian bytes in a declared windows-1251 charset decode correctly."""
        assert decode_bytes(RUSSIAN_PARAGRAPH.encode("cp1251"), "windows-1251") == RUSSIAN_PARAGRAPH

    def test_declared_latin1(self) -> None:
        """Latin-1 bytes with a declared latin-1 charset decode correctly."""
        text = "Café au lait, naïve façade, 20 °C."
        assert decode_bytes(text.encode("latin-1"), "ISO-8859-1") == text

    def test_latin1_label_reads_windows_1252_quotes(self) -> None:
        """A latin-1 label on cp1252 curly quotes decodes them as browsers do."""
        assert decode_bytes("“Yes,” he said.".encode("cp1252"), "latin-1") == "“Yes,” he said."

    def test_meta_charset_is_honoured(self) -> None:
        """An HTML <meta charset> is used when no charset is declared outside."""
        html = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир</p></body></html>'
        assert "Привет, мир" in decode_bytes(html.encode("cp1251"))

    def test_wrong_declared_charset_is_not_trusted(self) -> None:
        """A declared charset that is unknown or stale (latin-1 on valid UTF-8) is not trusted."""
        assert decode_bytes("naïve “quotes”".encode(), "ascii") == "naïve “quotes”"
        assert decode_bytes("naïve “quotes”".encode(), "no-such-charset") == "naïve “quotes”"

    def test_undeclared_cp1251_is_detected(self) -> None:
        """Undeclared non-UTF-8 Cyrillic bytes are detected by charset-normalizer."""
        assert decode_bytes(RUSSIAN_PARAGRAPH.encode("cp1251")) == RUSSIAN_PARAGRAPH

    def test_bom_wins(self) -> None:
        """A UTF-8 byte-order mark is honoured and removed."""
        assert decode_bytes("\ufeffhello".encode(), "cp1251") == "hello"

    def test_binary_is_refused(self) -> None:
        """Bytes that are no text in any charset raise InvalidEncoding saying what to do."""
        with pytest.raises(InvalidEncoding, match="may be binary, or pass its real charset"):
            decode_bytes(bytes(range(256)) * 4)
