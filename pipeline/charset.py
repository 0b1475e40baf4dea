"""Bytes of unknown or declared charset into text.

Pure (no I/O). ``decode_bytes``, for the HTML and text files that ``newsflow feed`` reads, tries a
byte-order mark, a declared charset, an XML or ``<meta charset>`` declaration, strict UTF-8, then
charset-normalizer's best guess. ``to_utf8``, for a JSON body whose ``Content-Type`` declares a
charset, reads it in that charset only.
"""

from __future__ import annotations

import codecs
import encodings.aliases
import re
from typing import Final

import charset_normalizer

from pipeline.errors import InvalidEncoding

__all__ = ["UnknownCharset", "decode_bytes", "to_utf8"]


class UnknownCharset(InvalidEncoding):
    """A declared charset that is none of those read here (HTTP answers 415)."""


_META_CHARSET_RE = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+)""", re.IGNORECASE)
_XML_ENCODING_RE = re.compile(rb"""^<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:\-]+)""")
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The charsets a page or a request may be written in: Python's codecs for the WHATWG Encoding
# Standard's encodings and UTF-32. Python's other codecs are no charsets a client means (utf-7,
# unicode_escape, idna, punycode: some rewrite the bytes, punycode decodes in quadratic time), and a
# label is looked up in this table and ``encodings.aliases`` only, never by ``codecs.lookup``, which
# caches every label it is asked for.
_CHARSETS: Final = frozenset(
    "utf_8 utf_8_sig utf_16 utf_16_le utf_16_be utf_32 utf_32_le utf_32_be latin_1 ascii "
    "cp1250 cp1251 cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 cp866 cp874 "
    "iso8859_2 iso8859_3 iso8859_4 iso8859_5 iso8859_6 iso8859_7 iso8859_8 iso8859_9 iso8859_10 "
    "iso8859_11 iso8859_13 iso8859_14 iso8859_15 iso8859_16 koi8_r koi8_u mac_roman mac_cyrillic tis_620 "
    "shift_jis cp932 euc_jp iso2022_jp euc_kr cp949 iso2022_kr gb2312 gbk gb18030 hz big5 big5hkscs".split()
)
# Labels of the WHATWG Encoding Standard that Python's aliases lack, with separators removed.
_WHATWG_LABELS: Final = {
    "windows874": "cp874", "dos874": "cp874", "xsjis": "shift_jis", "windows31j": "cp932", "xeucjp": "euc_jp",
    "xgbk": "gbk", "csgb2312": "gb2312", "cnbig5": "big5", "xxbig5": "big5", "iso88598i": "iso8859_8",
    "csiso88598i": "iso8859_8", "logical": "iso8859_8", "visual": "iso8859_8", "koi8": "koi8_r", "koi": "koi8_r",
    "koi8ru": "koi8_u", "unicode11utf8": "utf_8", "unicode20utf8": "utf_8", "xunicode20utf8": "utf_8",
    "windows949": "cp949", "ksc56011989": "cp949", "ksc56011987": "cp949", "mac": "mac_roman", "xmacroman": "mac_roman",
    "xmaccyrillic": "mac_cyrillic", "xmacukrainian": "mac_cyrillic", "unicodefeff": "utf_16_le", "unicodefffe": "utf_16_be",
    **{f"xcp125{k}": f"cp125{k}" for k in range(9)},
}  # fmt: skip
# Every form of the allowed codecs' names and Python's aliases for them, with separators removed
# ("iso88591", "shiftjis", "utf8"), and the WHATWG labels: a fixed table.
_LABELS: Final = {
    **{re.sub(r"[^a-z0-9]", "", alias): name for alias, name in encodings.aliases.aliases.items() if name in _CHARSETS},
    **{re.sub(r"[^a-z0-9]", "", name): name for name in _CHARSETS},
    **_WHATWG_LABELS,
}
# Browsers decode these as windows-1252 (WHATWG Encoding); C1 controls in latin-1 are never meant.
_READ_AS_WINDOWS_1252: Final = frozenset({"latin_1", "ascii"})
_LABEL_RE: Final = re.compile(r"[A-Za-z0-9._:\-]{1,40}")


def _codec(label: str) -> str | None:
    """The Python codec of a charset label ("ISO-8859-1" -> "cp1252", "Shift_JIS" -> "shift_jis"), or None."""
    label = label.strip().strip("\"'")
    if not _LABEL_RE.fullmatch(label):
        return None
    name = _LABELS.get(re.sub(r"[^a-z0-9]", "", label.lower()))
    if name is None:
        return None
    return "cp1252" if name in _READ_AS_WINDOWS_1252 else codecs.lookup(name).name


def _try_decode(data: bytes, label: str | None) -> str | None:
    codec = _codec(label) if label else None
    return None if codec is None else _decoded(data, codec)


def _decoded(data: bytes, codec: str) -> str | None:
    """``data`` read in a Python codec, or None where it does not decode."""
    try:
        return data.decode(codec)
    except UnicodeError:
        # Bytes undefined in cp1252 (0x81, 0x8d, ...) still decode as latin-1.
        return data.decode("latin-1") if codec == "cp1252" else None


def decode_bytes(data: bytes, declared_charset: str | None = None) -> str:
    r"""Decode an HTML or text file of unknown charset.

    Order: a byte-order mark, then ``declared_charset`` (e.g. from an HTTP header), then an XML or
    ``<meta charset>`` declaration in the first 4 KB, each used only if it decodes without error;
    then strict UTF-8; then charset-normalizer's best guess. Latin-1 and ASCII labels are read as
    windows-1252, as browsers do, except that bytes which are valid non-ASCII UTF-8 are read as
    UTF-8 (a stale label; real windows-1252 text is almost never valid UTF-8).

    Raises:
        InvalidEncoding: No charset decodes the bytes into text.

    >>> decode_bytes("Привет".encode("cp1251"), "windows-1251")
    'Привет'
    >>> decode_bytes(b"caf\xe9", "iso-8859-1")
    'café'
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec)
    head = data[:4096]
    labels: list[str] = []
    if declared_charset:
        labels.append(declared_charset)
    for pattern in (_XML_ENCODING_RE, _META_CHARSET_RE):
        match = pattern.search(head)
        if match is not None:
            labels.append(match.group(1).decode("ascii", "replace"))
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    for label in labels:
        if utf8 is not None and not utf8.isascii() and _codec(label) == "cp1252":
            # Valid multi-byte UTF-8 is almost never real windows-1252 text: the label is stale
            # (pages re-encoded to UTF-8 keep their old latin-1 meta tag).
            return utf8
        text = _try_decode(data, label)
        if text is not None:
            return text
    if utf8 is not None:
        return utf8
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        msg = (
            f"could not decode {len(data)} bytes as text in any charset (declared: {declared_charset!r}); "
            "the file may be binary, or pass its real charset"
        )
        raise InvalidEncoding(msg)
    return str(best)


def to_utf8(data: bytes, charset: str) -> bytes:
    r"""``data`` in UTF-8, read in the ``charset`` it is declared in (HTTP's ``Content-Type``).

    Only a byte-order mark or the label decides; nothing is guessed. Latin-1 and ASCII labels are read
    as windows-1252, as in ``decode_bytes``, and bytes that are valid UTF-8 under such a label are kept
    as they are (a client's stale default label on a UTF-8 body).

    Raises:
        UnknownCharset: The label names none of the charsets read here (the WHATWG Encoding
            Standard's and UTF-32).
        InvalidEncoding: The bytes do not decode in it.

    >>> to_utf8(b'{"text": "caf\xe9"}', "ISO-8859-1").decode()
    '{"text": "café"}'
    """
    by_bom = next((bom_codec for bom, bom_codec in _BOMS if data.startswith(bom)), None)
    codec = by_bom or _codec(charset)
    if codec is None:
        msg = (
            f"charset={charset!r} in Content-Type is none of the charsets this server reads (the WHATWG Encoding "
            "Standard's and UTF-32); send UTF-8 JSON (RFC 8259) or name its charset"
        )
        raise UnknownCharset(msg)
    if codec == "utf-8" or (codec == "cp1252" and _decoded(data, "utf-8") is not None):
        return data  # UTF-8 (decode_payload says where it breaks), or UTF-8 under a stale latin-1 label
    text = _decoded(data, codec)
    if text is None:
        said = (
            f"{codec}, as its byte-order mark says"
            if by_bom
            else f"{charset!r}, the charset= its Content-Type declares"
        )
        msg = f"the body does not decode as {said}; send UTF-8 JSON or name its real charset"
        raise InvalidEncoding(msg)
    return text.encode()
