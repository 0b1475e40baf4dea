"""Unit tests of decoding bytes of unknown charset (``newsflow feed``) or a declared one (HTTP bodies), ``pipeline.charset``."""

from __future__ import annotations

import pytest

from pipeline.charset import UnknownCharset, _codec, decode_bytes, to_utf8
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

    @pytest.mark.parametrize("label", ["rot13", "base64", "zlib", "undefined", "punycode"])
    def test_a_meta_charset_naming_a_codec_that_is_no_charset_is_ignored(self, label: str) -> None:
        """``<meta charset="rot13">`` raised LookupError out of ``newsflow feed``: such labels are no charset."""
        page = f'<meta charset="{label}"><p>Café</p>'
        assert decode_bytes(page.encode("latin-1"), label) == page


class TestToUtf8:
    @pytest.mark.parametrize("charset", ["windows-1251", "koi8-r", "utf-16", "utf-16-le", "utf-32"])
    def test_a_body_in_its_declared_charset_becomes_utf8(self, charset: str) -> None:
        body = f'{{"text": "{RUSSIAN_PARAGRAPH}"}}'
        assert to_utf8(body.encode(charset), charset) == body.encode()

    def test_a_latin1_label_reads_windows_1252(self) -> None:
        body = '{"text": "“Café,” he said."}'
        assert to_utf8(body.encode("cp1252"), "ISO-8859-1") == body.encode()

    @pytest.mark.parametrize("charset", ["ISO-8859-1", "us-ascii", "UTF-8", "utf8"])
    def test_utf8_under_a_stale_or_utf8_label_is_kept_as_it_is(self, charset: str) -> None:
        """A client's default latin-1 label on a UTF-8 body: reading it as latin-1 would store "CafÃ©"."""
        body = '{"text": "Café"}'.encode()
        assert to_utf8(body, charset) is body

    @pytest.mark.parametrize(
        "charset",
        [
            "rot13", "base64", "no-such-charset",
            # Python's codecs that are no charset a client means: some rewrite JSON escapes
            # (unicode_escape), raise bare UnicodeErrors (undefined), decode in quadratic time (punycode)
            "utf-7", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "undefined", "charmap", "palmos",
            "x" * 41, "utf-8; x=1", "",
        ],
    )  # fmt: skip
    def test_a_label_naming_no_text_encoding_is_refused(self, charset: str) -> None:
        with pytest.raises(UnknownCharset, match="none of the charsets this server reads"):
            to_utf8(b'{"text": "x"}', charset)

    def test_bytes_that_do_not_decode_in_the_declared_charset_are_refused(self) -> None:
        with pytest.raises(InvalidEncoding, match="does not decode as 'shift_jis'") as info:
            to_utf8(b'{"text": "\x81"}', "shift_jis")
        assert not isinstance(info.value, UnknownCharset)

    def test_a_byte_order_mark_then_bytes_that_do_not_decode_is_refused(self) -> None:
        with pytest.raises(InvalidEncoding, match="as its byte-order mark says"):
            to_utf8(b"\xff\xfe{\x00\xd8", "latin-1")

    @pytest.mark.parametrize(
        ("label", "codec"),
        [("ISO-8859-1", "cp1252"), ("US-ASCII", "cp1252"), ("Shift_JIS", "shift_jis"), ("windows-874", "cp874"),
         ("utf8", "utf-8"), ("UTF-16LE", "utf-16-le"), ("koi8-r", "koi8-r"), ("macintosh", "mac-roman"),
         # labels of the WHATWG Encoding Standard that Python's aliases lack (found by a review)
         ("iso88591", "cp1252"), ("x-cp1250", "cp1250"), ("windows-31j", "cp932"), ("ks_c_5601-1989", "cp949"),
         ("iso-8859-8-i", "iso8859-8"), ("unicode-1-1-utf-8", "utf-8")],
    )  # fmt: skip
    def test_charset_labels_as_browsers_and_servers_write_them(self, label: str, codec: str) -> None:
        assert _codec(label) == codec
