"""Turn a page (HTML) or a plain-text article into body paragraphs plus metadata.

No filtering of page junk or language happens here; ``pipeline.clean`` does that on the result.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import trafilatura
from trafilatura.settings import Document
from trafilatura.utils import load_html

from pipeline.textutil import normalise_paragraph, repair_text, split_paragraphs

__all__ = ["Extracted", "extract_html", "extract_plain_text", "parse_datetime"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Extracted:
    """Body paragraphs and whatever metadata the page or text header gave."""

    paragraphs: tuple[str, ...]
    link_only: tuple[bool, ...] = ()
    title: str | None = None
    author: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    tags: tuple[str, ...] = ()
    dropped: tuple[str, ...] = field(default=(), compare=False)


# --- dates ---------------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?"
_DATE_FORMS = tuple(
    re.compile(rf"^\s*{form}\s*$", re.IGNORECASE)
    for form in (
        # 17:54, 7 September 2015 | 7 September 2015, 17:54 | 7 Sep 2015
        rf"(?:{_TIME}\s*[,|/-]?\s*)?(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})",
        rf"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+{_MONTH},?\s+(?P<year>\d{{4}})\s*(?:[,|/-]|at)?\s*{_TIME}",
        # September 7, 2015 | Sep 7, 2015 5:54 PM | 17:54, September 7, 2015
        rf"(?:{_TIME}\s*[,|/-]?\s*)?{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})",
        rf"{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})\s*(?:[,|/-]|at)?\s*{_TIME}",
        # 07.09.2015 17:54 (day first, as in most of Europe)
        rf"(?P<day>\d{{1,2}})\.(?P<monthnum>\d{{1,2}})\.(?P<year>\d{{4}})(?:\s*,?\s*{_TIME})?",
    )
)
_WEEKDAY_RE = re.compile(r"^\s*(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+", re.IGNORECASE)
_LABEL_RE = re.compile(r"^\s*(?:published|posted|updated|date|on)\s*[:\-]?\s*", re.IGNORECASE)


def parse_datetime(text: str) -> datetime | None:
    """Parse a date line such as ``17:54, 7 September 2015`` or an ISO timestamp; naive means UTC.

    Returns None when ``text`` is not just a date (a sentence that mentions a date is not one).

    >>> parse_datetime("17:54, 7 September 2015").isoformat()
    '2015-09-07T17:54:00+00:00'
    >>> parse_datetime("2019-11-19T08:00:00-05:00").isoformat()
    '2019-11-19T08:00:00-05:00'
    >>> parse_datetime("On September 3, the White House said so.") is None
    True
    """
    text = text.strip()
    if not text or len(text) > 60:
        return None
    iso = _parse_iso(text)
    if iso is not None:
        return iso
    text = _WEEKDAY_RE.sub("", _LABEL_RE.sub("", text))
    for form in _DATE_FORMS:
        match = form.match(text)
        if match is None:
            continue
        parts = match.groupdict()
        if parts.get("monthnum"):
            month = int(parts["monthnum"])
        else:
            month = _MONTHS.get(parts["month"].lower(), 0)
        hour = int(parts["hour"] or 0)
        if parts.get("ampm"):
            hour = hour % 12 + (12 if parts["ampm"].lower().startswith("p") else 0)
        try:
            return datetime(
                int(parts["year"]),
                month,
                int(parts["day"]),
                hour,
                int(parts["minute"] or 0),
                int(parts["second"] or 0),
                tzinfo=UTC,
            )
        except ValueError:
            return None
    return None


def _parse_iso(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


# --- plain text ----------------------------------------------------------------------------------

_HEADER_RE = re.compile(
    r"^(?P<key>author|authors|by|writer|written by|source|publisher|published|posted|date|updated"
    r"|tags|keywords|topics|title|headline)\s*[:\-–—]\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(r"^by\s+(?P<value>[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,4})$")
_TAGS_RE = re.compile(r"^[\w\-]+(?:\s*[,;|]?\s+[\w\-]+){0,11}$")
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")

# A paragraph that reads like prose: enough words and ends like a sentence. The header block of a
# plain-text article (title, byline, date, tags, standfirst) ends at the first such paragraph.
_PROSE_MIN_WORDS = 25


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= _PROSE_MIN_WORDS and _SENTENCE_END_RE.search(paragraph) is not None


def extract_plain_text(text: str) -> Extracted:
    """Split a plain-text article into its header (title, byline, date, tags, standfirst) and body.

    The header is every line before the first prose paragraph (25+ words ending in a sentence
    stop). In it, ``Key : value`` lines give author/source/date/tags, a bare date line gives the
    publication time, the first other line is the title, a short run of lowercase words is the
    tag line, and anything else (the standfirst) is dropped from the body. A text without a
    header block (its first paragraph is prose) is returned whole.
    """
    text = repair_text(text)
    raw_lines = split_paragraphs(text, single_newline=True, repaired=True)
    # Header lines are single lines, but body paragraphs may be hard-wrapped; find the header
    # on lines and the body on blank-line paragraphs.
    paragraphs = split_paragraphs(text, repaired=True)
    first_prose = next((i for i, p in enumerate(paragraphs) if _is_prose(p)), None)
    if first_prose is None or first_prose == 0:
        return Extracted(paragraphs=tuple(paragraphs))
    header_lines = _header_lines(paragraphs[:first_prose], raw_lines)
    title = author = source = None
    published: datetime | None = None
    tags: tuple[str, ...] = ()
    dropped: list[str] = []
    for line in header_lines:
        match = _HEADER_RE.match(line)
        if match is not None:
            key, value = match["key"].lower(), normalise_paragraph(match["value"])
            if key in {"author", "authors", "by", "writer", "written by"}:
                author = author or value
            elif key in {"source", "publisher"}:
                source = source or value
            elif key in {"published", "posted", "date", "updated"}:
                published = published or parse_datetime(value)
            elif key in {"tags", "keywords", "topics"}:
                tags = tags or _split_tags(value)
            else:
                title = title or value
            continue
        when = parse_datetime(line)
        if when is not None:
            published = published or when
            continue
        byline = _BYLINE_RE.match(line)
        if byline is not None and author is None:
            author = byline["value"]
            continue
        if title is None:
            title = line
        elif not tags and line == line.lower() and _TAGS_RE.match(line) and not _SENTENCE_END_RE.search(line):
            tags = _split_tags(line)
        else:
            dropped.append(line)
    return Extracted(
        paragraphs=tuple(paragraphs[first_prose:]),
        title=title,
        author=author,
        source=source,
        published_at=published,
        tags=tags,
        dropped=tuple(dropped),
    )


def _header_lines(header_paragraphs: list[str], raw_lines: list[str]) -> list[str]:
    """The single lines of the header block, in order (a header paragraph may hold several lines)."""
    lines: list[str] = []
    remaining = list(raw_lines)
    for paragraph in header_paragraphs:
        taken = ""
        while remaining and len(taken) < len(paragraph):
            line = remaining.pop(0)
            lines.append(line)
            taken = f"{taken} {line}".strip()
    return lines


def _split_tags(value: str) -> tuple[str, ...]:
    parts = re.split(r"\s*[,;|]\s*", value) if re.search(r"[,;|]", value) else value.split()
    seen: dict[str, None] = {}
    for part in parts:
        tag = normalise_paragraph(part).strip("#").lower()
        if tag:
            seen.setdefault(tag, None)
    return tuple(seen)


# --- HTML ----------------------------------------------------------------------------------------

_META_DATE_RE = re.compile(
    r"""<meta\s[^>]*?(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|datePublished"""
    r"""|og:published_time|pubdate|publishdate|dc\.date\.issued|sailthru\.date)["']?[^>]*>""",
    re.IGNORECASE,
)
_CONTENT_RE = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_JSONLD_DATE_RE = re.compile(r""""datePublished"\s*:\s*"([^"]+)\"""")


def _html_published_at(html: str, fallback: str | None) -> datetime | None:
    """The publication time: a full timestamp from meta tags or JSON-LD, else trafilatura's date."""
    head = html[:200_000]
    for match in _META_DATE_RE.finditer(head):
        content = _CONTENT_RE.search(match.group(0))
        if content is not None and (when := _parse_iso(content.group(1).strip())) is not None:
            return when
    for match in _JSONLD_DATE_RE.finditer(head):
        if (when := _parse_iso(match.group(1).strip())) is not None:
            return when
    return _parse_iso(fallback) if fallback else None


_LIST_MARKER_RE = re.compile(r"^(?:[-*•·▪►]|\d{1,2}[.)])\s+")
# Anchor texts shorter than this many words ("Home", "World") also name real section headings.
_ANCHOR_MIN_WORDS = 3


def _anchor_texts(tree: Any) -> frozenset[str]:  # an lxml HtmlElement (lxml ships no type hints)
    """The casefolded, whitespace-squashed texts of the page's links of three or more words."""
    texts: set[str] = set()
    for anchor in tree.iter("a"):
        text = " ".join(anchor.text_content().split()).casefold()
        if text.count(" ") + 1 >= _ANCHOR_MIN_WORDS:
            texts.add(text)
    return frozenset(texts)


def _is_link_paragraph(paragraph: str, anchors: frozenset[str]) -> bool:
    """Whether the paragraph is a link's text (a related-links or teaser line), not prose.

    A list item counts when it starts with a link's text (headline plus teaser sentence).
    """
    folded = paragraph.casefold()
    item = _LIST_MARKER_RE.sub("", folded)
    if folded in anchors or item in anchors:
        return True
    if item != folded:
        words = item.split()
        for n in range(_ANCHOR_MIN_WORDS, min(len(words), 40) + 1):
            if " ".join(words[:n]) in anchors:
                return True
    return False


# The headline is repeated near the top of the body, as the page's <h1> or a variant of <title>.
_HEADLINE_SEARCH_DEPTH = 3


def _drop_headlines(paragraphs: list[str], title: str | None, tree: Any) -> list[str]:
    """Remove the headline (and title variants) that trafilatura leaves in the first blocks."""
    headlines = {_words(title)} if title else set()
    for heading in tree.iter("h1"):
        headlines.add(_words(heading.text_content()))
    headlines.discard("")
    kept: list[str] = []
    for index, paragraph in enumerate(paragraphs):
        if index < _HEADLINE_SEARCH_DEPTH and (
            _words(paragraph) in headlines or (index == 0 and title and _same_words(paragraph, title))
        ):
            continue
        kept.append(paragraph)
    return kept


def _words(text: str) -> str:
    return " ".join(_WORDS_RE.findall(text.casefold()))


def _same_words(a: str, b: str) -> bool:
    words_a, words_b = _WORDS_RE.findall(a.casefold()), _WORDS_RE.findall(b.casefold())
    if not words_a or not words_b:
        return False
    joined_a, joined_b = " ".join(words_a), " ".join(words_b)
    return joined_a == joined_b or (len(words_a) >= 3 and (joined_a in joined_b or joined_b in joined_a))


_WORDS_RE = re.compile(r"\w+")


def extract_html(html: str, *, url: str | None = None) -> Extracted | None:
    """Extract the main text and metadata of a page with trafilatura.

    Returns:
        The body paragraphs (one per block: paragraph, heading, list item), a flag per paragraph
        telling whether it is only a link's text, and metadata; None when trafilatura finds no
        main content.
    """
    tree = load_html(html)
    if tree is None:
        return None
    anchors = _anchor_texts(tree)
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        with_metadata=True,
        # Measured on the article-extraction dev pages: precision mode +0.010 F1 over the default
        # (P +0.023, R -0.003); favor_recall and fast=True score lower (bench/extraction_eval.py).
        favor_precision=True,
        include_comments=False,
        include_tables=True,
        deduplicate=False,
    )
    if not isinstance(document, Document) or not document.text:
        return None
    paragraphs = split_paragraphs(document.text, single_newline=True)
    title = normalise_paragraph(document.title) if document.title else None
    paragraphs = _drop_headlines(paragraphs, title, tree)
    tags: dict[str, None] = {}
    for group in document.tags or []:
        for tag in _split_tags(group if "," in group else group.replace(" ", "\u00a0")):
            tags.setdefault(tag.replace("\u00a0", " "), None)
    return Extracted(
        paragraphs=tuple(paragraphs),
        link_only=tuple(_is_link_paragraph(p, anchors) for p in paragraphs),
        title=title,
        author=normalise_paragraph(document.author) if document.author else None,
        source=normalise_paragraph(document.sitename) if document.sitename else None,
        published_at=_html_published_at(html, document.date),
        tags=tuple(tags),
    )
