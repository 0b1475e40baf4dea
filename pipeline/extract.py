"""Turn a page (HTML) or a plain-text article into body paragraphs plus metadata.

No filtering of page junk or language happens here; ``pipeline.clean`` does that on the result.
"""

from __future__ import annotations

import html as html_entities
import json
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import lxml.html  # type: ignore[import-untyped]  # lxml ships no type hints
import trafilatura
from htmldate import find_date
from lxml import etree
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_catstags,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document, set_date_params
from trafilatura.utils import is_dubious_html, load_html, repair_faulty_html

from pipeline.ingest import FIELD_LIMITS
from pipeline.languages import language_code
from pipeline.textutil import normalise_paragraph, normalise_text, repair_text, split_paragraphs
from schemas.articles import is_storable_time

__all__ = ["Extracted", "extract_html", "extract_plain_text", "has_markup", "unescape_text", "parse_datetime"]

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
    language: str | None = None  # the page's <html lang>, primary subtag ("en" for "en-GB")


def _page_language(tree: Any) -> str | None:
    """The language code of the root element's ``lang`` (or ``xml:lang``) attribute (``language_code``)."""
    root = tree.getroottree().getroot()
    return language_code(root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang"))


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

    Returns None when ``text`` is not just a date (a sentence that mentions a date is not one), and
    for a time outside the storable range (``schemas.articles.is_storable_time``: "1 January 0001",
    a page's placeholder, is no publication date).

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
            value = datetime(
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
        return value if is_storable_time(value) else None
    return None


def _parse_iso(text: str) -> datetime | None:
    """An ISO timestamp (naive means UTC), or None when it is not one or not storable."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    value = value if value.tzinfo is not None else value.replace(tzinfo=UTC)
    return value if is_storable_time(value) else None


# --- plain text ----------------------------------------------------------------------------------

_HEADER_RE = re.compile(
    r"^(?P<key>author|authors|by|writer|written by|source|publisher|published|posted|date|updated"
    r"|tags|keywords|topics|title|headline)\s*[:\-–—]\s*(?P<value>\S.*)$",
    re.IGNORECASE,
)
_BYLINE_RE = re.compile(r"^by\s+(?P<value>[A-Z][\w.'\-]*(?:\s+[A-Z][\w.'\-]*){0,4})$")
_TAGS_RE = re.compile(r"^[\w\-]+(?:(?:\s*[,;|])?\s+[\w\-]+){0,11}$")  # one way to read each separator
_SENTENCE_END_RE = re.compile(r"[.!?…][\"'”’»)\]]*$")

# A paragraph that reads like prose: enough words and ends like a sentence. The header block of a
# plain-text article (title, byline, date, tags, standfirst) ends at the first such paragraph.
_PROSE_MIN_WORDS = 25


def _is_prose(paragraph: str) -> bool:
    return len(paragraph.split()) >= _PROSE_MIN_WORDS and _SENTENCE_END_RE.search(paragraph) is not None


def extract_plain_text(text: str, *, title: str | None = None) -> Extracted:
    """Split a plain-text article into its header (title, byline, date, tags) and body.

    The header is every line before the first prose paragraph (25+ words ending in a sentence
    stop). In it, ``Key : value`` lines give author/source/date/tags, a bare date line gives the
    publication time, the first other line that reads as a headline (no full stop at its end: a
    headline has none) is the title, a short run of lowercase words is the tag line, and headlines
    under the title before any body line (a standfirst) are header too. Every other header line (a
    wire story's one-sentence lede or quote paragraph, a list, a line introducing a quote, a
    paragraph too long for a headline) stays in the body, in its place, and so does every line after
    it: nothing the sender wrote is dropped but the header. A text without a header block (its first
    paragraph is prose) is returned whole. No title or standfirst holds a quotation or opens with a
    wire dateline ("LONDON (Reuters) - …" is the lede).

    Args:
        text: The article as plain text.
        title: The scraper's own title, if it sent one: then a line is the title only where the text
            repeats it, and no other line is read as a headline.
    """
    text = repair_text(text)
    raw_lines = split_paragraphs(text, single_newline=True, repaired=True)
    # Header lines are single lines, but body paragraphs may be hard-wrapped; find the header
    # on lines and the body on blank-line paragraphs.
    # Joined lines can make mojibake no line held: normalise_text repairs until nothing changes.
    paragraphs = [p for p in normalise_text(text, repaired=True).split("\n\n") if p]
    first_prose = next((i for i, p in enumerate(paragraphs) if _is_prose(p)), None)
    if first_prose is None or first_prose == 0:
        return Extracted(paragraphs=tuple(paragraphs))
    given = " ".join(title.split()).casefold() if title else None
    title = author = source = None
    published: datetime | None = None
    tags: tuple[str, ...] = ()
    kept: list[str] = []  # header paragraphs (or the lines of one) that are no metadata: the body's start
    for lines in _header_lines(paragraphs[:first_prose], raw_lines):
        rest: list[str] = []
        for line in lines:
            match = _HEADER_RE.match(line)
            if match is not None:
                key, value = match["key"].lower(), normalise_paragraph(match["value"])
                if key in {"author", "authors", "by", "writer", "written by"} and author is None:
                    author = value
                elif key in {"source", "publisher"} and source is None and len(value) <= FIELD_LIMITS["source"]:
                    source = value
                elif key in {"published", "posted", "date", "updated"} and published is None:
                    published = parse_datetime(value)
                elif key in {"tags", "keywords", "topics"} and not tags:
                    tags = _split_tags(value)
                elif key in {"title", "headline"} and title is None and _headline(value):
                    title = value
                elif value not in {author, source, title}:
                    rest.append(line)
                # else the header's own line again (a repeated byline block): header, not body
                continue
            when = parse_datetime(line)
            if when is not None:
                published = published or when
                continue
            byline = _BYLINE_RE.match(line)
            if byline is not None and author is None:
                author = byline["value"]
            elif (
                title is None
                and not rest
                and not kept
                and (_headline_line(line) if given is None else " ".join(line.split()).casefold() == given)
            ):
                title = line
            elif line == line.lower() and _TAGS_RE.match(line) and not _SENTENCE_END_RE.search(line):
                # The first such line is the tags; another is header too (a link's words, "see more"):
                # kept in the body, it would be the tags the next time the body is cleaned.
                tags = tags or _split_tags(line)
            elif title is None or rest or kept or not _headline_line(line):
                rest.append(line)
            # else a second headline under the title, before any body line (a standfirst), is header
        kept.extend(_paragraphs_of(rest))
    return Extracted(
        paragraphs=(*kept, *paragraphs[first_prose:]),
        title=title,
        author=author,
        source=source,
        published_at=published,
        tags=tags,
    )


_HEADLINE_MAX_WORDS = 40
# A line ending in a full stop (or an ellipsis) is a sentence: headlines end in none. A final "U.S."
# counts as one too: a sentence ending in it is text, and a headline taken for one stays in the body.
_FULL_STOP_RE = re.compile(r"[.…][\"'”’»)\]]*$")
# Quotation in a line: a pair of marks ("“We will win,” said …"); no headline line holds one.

# A wire dateline opening a line: a place in capitals, maybe a region, the agency, a dash ("LONDON (Reuters) - ").
_WIRE_DATELINE_RE = re.compile(
    r"^[A-Z][A-Z.'’\- ]{1,40}(?:, [A-Z][\w.]*(?: [A-Z][\w.]*){0,2})?(?: \([^()]{1,40}\))? ?[-–—―]"
)
_BULLET_RE = re.compile(r"^\s*(?:[-–—•*·▪►]|\d{1,3}[.)])\s")


def _paragraphs_of(lines: list[str]) -> list[str]:
    """Lines of one header paragraph as body paragraphs: a list item each, other lines joined (hard wrapping)."""
    out: list[str] = []
    run: list[str] = []
    for line in lines:
        if _BULLET_RE.match(line):
            out.extend([normalise_paragraph(" ".join(run))] if run else [])
            out.append(normalise_paragraph(line))
            run = []
        else:
            run.append(line)
    return [*out, normalise_paragraph(" ".join(run))] if run else out


def _headline(line: str) -> bool:
    """Tell a line that may be a headline: a few dozen words that introduce nothing and list nothing.

    A line ending in a colon leads into what follows it ("… the senator told reporters:"), a longer
    one is a paragraph, and a bulleted one is a list item.
    """
    return len(line.split()) <= _HEADLINE_MAX_WORDS and not line.rstrip().endswith(":") and not _BULLET_RE.match(line)


def _holds_quotation(line: str) -> bool:
    """Tell whether a line quotes something: an opening mark, then a closing one with text between.

    “…”, „…“, «…» or "…"; found from the first opening and the last closing mark, in linear time (a
    regex ``[“„«].+[”»“]`` takes quadratic time on a line of thousands of opening marks).
    """
    opening = min((k for k in (line.find(c) for c in "“„«") if k >= 0), default=-1)
    if opening >= 0 and max(line.rfind(c) for c in "”»“") > opening + 1:
        return True
    first = line.find('"')
    return first >= 0 and line.rfind('"') > first + 1


def _headline_line(line: str) -> bool:
    """Tell a header line without a key that may be a headline or, under the title, a standfirst.

    A line ending in a full stop or an ellipsis is a sentence (a wire story's one-sentence lede or
    quote paragraph); headlines end in none. A line holding a quotation ("“We will win,” said John
    Smith", "“Why would we do that?”") or opening with a wire dateline ("LONDON (Reuters) - …") is
    the story's, never its header. The same test for both keeps cleaning stable: a line kept in the
    body under a title is never the title when the body is cleaned again.
    """
    line = line.rstrip()
    return (
        _headline(line)
        and any(c.isalpha() for c in line)
        and not _FULL_STOP_RE.search(line)
        and not _holds_quotation(line)
        and not _WIRE_DATELINE_RE.match(line)
    )


def _header_lines(header_paragraphs: list[str], raw_lines: list[str]) -> list[list[str]]:
    """The single lines of each paragraph of the header block, in order (a paragraph may hold several lines)."""
    lines: list[list[str]] = []
    remaining = list(raw_lines)
    for paragraph in header_paragraphs:
        taken, own = "", []
        while remaining and len(taken) < len(paragraph):
            line = remaining.pop(0)
            own.append(line)
            taken = f"{taken} {line}".strip()
        lines.append(own)
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

# A whole tag (``<p>``, ``<a href="…">``, ``</div>``, ``<br/>``), a comment or a doctype: "if a<b then"
# and "3 < 4 > 2" are text.
_MARKUP_RE = re.compile(r"<(?:[A-Za-z][\w:-]*(?:\s[^<>]*)?/?>|/[A-Za-z][\w:-]*\s*>|!--|!doctype)", re.IGNORECASE)


def has_markup(html: str) -> bool:
    """Whether ``html`` holds at least one tag, comment or doctype (else it is text sent as HTML).

    >>> has_markup("<p>Council backs trams</p>"), has_markup("Council backs trams &amp; buses")
    (True, False)
    """
    return _MARKUP_RE.search(html) is not None


def unescape_text(html: str) -> str:
    """The text of an ``html`` value without a tag: its character references decoded.

    >>> unescape_text("Trams &amp; buses &#8211; a plan")
    'Trams & buses – a plan'
    """
    return html_entities.unescape(html)


def _body_text(body: str) -> str:
    """A declared article body as text: markup reduced to its blocks' texts, one paragraph each.

    >>> _body_text("<p>Trams &amp; buses.</p><p>Next <b>week</b>.</p>").splitlines()
    ['Trams & buses.', 'Next week.']
    """
    if not has_markup(body):
        return unescape_text(body)
    return _blocks_text(lxml.html.fromstring(f"<div>{body}</div>"))


def _blocks_text(tree: Any) -> str:
    """The texts of a tree's blocks (paragraphs, list items, headings, quotes), one line each; else all its text."""
    lines = [" ".join(block.text_content().split()) for block in tree.iter(*_BODY_BLOCKS)]
    return "\n".join(line for line in lines if line) or " ".join(tree.text_content().split())


_PAGE_RE = re.compile(r"<(?:html|head|body)[\s>/]|<!doctype", re.IGNORECASE)


def is_fragment(html: str) -> bool:
    """Whether ``html`` is a piece of markup, not a page: no ``<html>``, ``<head>``, ``<body>`` or doctype.

    A scraper that sends a fragment ("<p>…</p>") sends the article's own markup: all its text is the
    article, where a page's text must be told from its furniture.

    >>> is_fragment("<p>Council backs trams.</p>"), is_fragment("<html><body><p>Council backs trams.</p></body></html>")
    (True, False)
    """
    return _PAGE_RE.search(html) is None


_BODY_BLOCKS = ("p", "li", "h2", "h3", "h4", "blockquote")


_META_DATE_RE = re.compile(
    r"""<meta\s[^>]*?(?:property|name|itemprop)\s*=\s*["']?(?:article:published_time|datePublished"""
    r"""|og:published_time|pubdate|publishdate|dc\.date\.issued|sailthru\.date)["']?[^>]*>""",
    re.IGNORECASE,
)
_CONTENT_RE = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
_JSONLD_DATE_RE = re.compile(r""""datePublished"\s*:\s*"([^"]+)\"""")


def _html_published_at(html: str) -> datetime | None:
    """The publication time from a meta tag or JSON-LD timestamp, if the page has one."""
    head = html[:200_000]
    for match in _META_DATE_RE.finditer(head):
        content = _CONTENT_RE.search(match.group(0))
        if content is not None and (when := _parse_iso(content.group(1).strip())) is not None:
            return when
    for match in _JSONLD_DATE_RE.finditer(head):
        if (when := _parse_iso(match.group(1).strip())) is not None:
            return when
    return None


_LIST_MARKER_RE = re.compile(r"^(?:[-*•·▪►]|\d{1,2}[.)])\s+")
# Anchor texts shorter than this many words ("Home", "World") also name real section headings.
_ANCHOR_MIN_WORDS = 3


def _anchor_texts(tree: Any, url: str | None) -> frozenset[str]:  # an lxml HtmlElement (no type hints)
    """The casefolded, whitespace-squashed texts of the page's links of three or more words to other pages.

    A link to a place in the page itself ("#adblue-kaufen", "/this-page.html#faq") is a table of
    contents: its text is a heading of the article, not a teaser for another story.
    """
    texts: set[str] = set()
    for anchor in tree.iter("a"):
        href = (anchor.get("href") or "").strip()
        if "#" in href and _in_page(href, url):
            continue
        text = " ".join(anchor.text_content().split()).casefold()
        if text.count(" ") + 1 >= _ANCHOR_MIN_WORDS:
            texts.add(text)
    return frozenset(texts)


def _in_page(href: str, url: str | None) -> bool:
    """Tell whether a link with a fragment points into the page at ``url`` ("#faq", "story.html#faq").

    The link is read against the page's address; host, path and query must be the page's own. An
    address urllib cannot split ("http://[") points nowhere in it.
    """
    page, _, _ = href.partition("#")
    if not page:
        return True
    if not url:
        return False
    try:
        target, own = urlsplit(urljoin(url, page)), urlsplit(url)
    except ValueError:
        return False
    return (target.netloc, target.path.rstrip("/"), target.query) == (own.netloc, own.path.rstrip("/"), own.query)


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


def _drop_headlines(paragraphs: list[str], title: str | None, headings: Iterable[str]) -> list[str]:
    """Remove the headline (an ``<h1>`` text or the title) that trafilatura leaves in the first blocks."""
    headlines = {_words(title)} if title else set()
    for heading in headings:
        headlines.add(_words(heading))
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
    """Tell a paragraph that is the title or a variant of it ("Headline | Site", "Site: Headline").

    One holds the other, and the one held is at least three words and half of the other: a short
    title ("Leeds") inside a first paragraph ("Leeds won 3-0 on Saturday …") is no headline.
    """
    words_a, words_b = _WORDS_RE.findall(a.casefold()), _WORDS_RE.findall(b.casefold())
    if not words_a or not words_b:
        return False
    shorter, longer = sorted((words_a, words_b), key=len)
    if shorter == longer:
        return True
    return len(shorter) >= 3 and 2 * len(shorter) >= len(longer) and " ".join(shorter) in " ".join(longer)


_WORDS_RE = re.compile(r"\w+")


# trafilatura's parser settings, but every element is a plain lxml.html.HtmlElement, chosen in C.
# lxml.html's own parser asks a Python function for the class of each element proxy it creates, and
# trafilatura's XPath passes create thousands per page (each re:test() on an attribute): ~0.6 ms of
# ~19 ms. Nothing here or in trafilatura, readability, justext or htmldate uses lxml.html's
# form-specific element classes, the only thing the Python lookup adds. ``huge_tree``: libxml2 stops
# parsing at 256 levels of nesting without it (2,048 with it), and a page whose paragraphs each
# open a ``<div>`` that is never closed nests one level per paragraph; deeper pages are flattened
# (``_flatten_deep_nesting``).
_HTML_PARSER = etree.HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)
_HTML_PARSER.set_element_class_lookup(
    etree.ElementDefaultClassLookup(
        element=lxml.html.HtmlElement,
        comment=lxml.html.HtmlComment,
        pi=lxml.html.HtmlProcessingInstruction,
        entity=lxml.html.HtmlEntity,
    )
)


# Nesting kept when a page too deep for libxml2 is flattened: well below its 2,048 levels.
_FLAT_MAX_DEPTH = 512
# Elements that never hold others: written as they are, never counted as a level.
_VOID_TAGS = frozenset(
    "area base br col embed hr img input link meta param source track wbr".split()
)  # fmt: skip
# Elements whose content is raw text (no elements in it): always written, so a script's code never
# becomes page text.
_RAW_TEXT_TAGS = frozenset({"script", "style", "textarea", "title", "xmp", "plaintext"})
# Elements that start a block of text: beyond the depth limit each becomes a ``<p>`` (paragraphs
# never nest), so the text keeps its paragraph breaks.
_BLOCK_TAGS = frozenset(
    "address article aside blockquote center dd details dialog dir div dl dt fieldset figcaption figure footer "
    "form h1 h2 h3 h4 h5 h6 header hgroup li main menu nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split()
)  # fmt: skip


class _Flattener(HTMLParser):
    """Re-write HTML with at most ``max_depth`` levels of elements, keeping all of its text.

    A start tag past the limit is left out (a block tag becomes ``<p>``), and so is its end tag;
    an end tag closes the innermost open element of its name (and those inside it), as a
    browser does. Comments and processing instructions are left out.
    """

    def __init__(self, max_depth: int) -> None:
        super().__init__(convert_charrefs=False)
        self.max_depth = max_depth
        self.out: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, written) of each open element, outermost first
        self.depth = 0  # written elements open now

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        text = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID_TAGS:
            self.out.append(text)
            return
        written = self.depth < self.max_depth or tag in _RAW_TEXT_TAGS
        if written:
            self.out.append(text)
            self.depth += 1
        elif tag in _BLOCK_TAGS:
            self.out.append("<p>")
        self.open.append((tag, written))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:
                for name, written in reversed(self.open[index:]):
                    if written:
                        self.out.append(f"</{name}>")
                        self.depth -= 1
                del self.open[index:]
                return

    def handle_data(self, data: str) -> None:
        self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")


def _flatten_deep_nesting(html: str, max_depth: int = _FLAT_MAX_DEPTH) -> str:
    """``html`` with at most ``max_depth`` levels of nesting and all of its text (``_Flattener``).

    >>> _flatten_deep_nesting("<body>" + "<div><p>a</p>" * 3 + "<span>b</span>", max_depth=2)
    '<body><div><p>a<p><p>a<p><p>ab'
    """
    flattener = _Flattener(max_depth)
    flattener.feed(html)
    flattener.close()
    return "".join(flattener.out)


def _parse_string(html: str) -> Any:
    """Parse ``html`` with ``_HTML_PARSER``; a page nested past libxml2's limit is parsed flattened.

    libxml2 stops at its depth limit and returns the tree so far, with the rest of the page's text
    silently gone; it says so in the parser's error log (ERR_RESOURCE_LIMIT).
    """
    tree = lxml.html.fromstring(html, parser=_HTML_PARSER)
    if _HTML_PARSER.error_log.filter_types(_RESOURCE_LIMIT):
        tree = lxml.html.fromstring(_flatten_deep_nesting(html), parser=_HTML_PARSER)
    return tree


_RESOURCE_LIMIT = (etree.ErrorTypes.ERR_RESOURCE_LIMIT,)


_XML_DECLARATION = re.compile(r"\A[\ufeff\s]*<\?xml\b[^>]*\?>", re.IGNORECASE)
# A numeric character reference, with or without its semicolon ("&#1;", "&#x1B", "&#xFFFE;").
_NUMERIC_REFERENCE = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}));?")
# Code points no XML text may hold that lxml's HTML parser still puts in the tree from a reference:
# C0 controls but tab, line feed and carriage return, and the noncharacters U+FFFE and U+FFFF.
# (U+0000 and surrogates it replaces with U+FFFD itself, as HTML requires.)
_NOT_XML_TEXT = frozenset({*range(1, 9), 11, 12, *range(14, 32), 0xFFFE, 0xFFFF})


def _without_control_references(html: str) -> str:
    """``html`` with its references to control characters dropped, as the raw characters are.

    Such a reference puts a character in lxml's tree that trafilatura's XML steps cannot hold: it
    then finds no text at all, and one stray "&#1;" lost a whole article.

    >>> _without_control_references("<p>X&#1;Y &#x1b Z&#xFFFE;, &#65; &#9;</p>")
    '<p>XY  Z, &#65; &#9;</p>'
    """
    if "&#" not in html:
        return html

    def kept(found: re.Match[str]) -> str:
        hex_digits, digits = found.groups()
        code = int(hex_digits, 16) if hex_digits else int(digits)
        return "" if code in _NOT_XML_TEXT else found.group()

    return _NUMERIC_REFERENCE.sub(kept, html)


def _parse_html(html: str) -> Any:
    """``trafilatura.utils.load_html`` for a string, parsed with ``_HTML_PARSER``; None if not HTML.

    A leading XML declaration (XHTML's ``<?xml version="1.0" encoding="utf-8"?>``) is dropped: its
    encoding says nothing of a decoded string, lxml refuses a string that has one, and it would
    push ``<html`` out of the beginning the dubious-HTML test reads. Input that lxml cannot parse
    as a string (nothing parsed) goes to ``load_html`` itself, with its fallbacks. Unlike
    ``load_html``, a fragment gives the whole document lxml built around it, not the fragment's
    element.
    """
    html = _without_control_references(_XML_DECLARATION.sub("", html, count=1))
    beginning = html[:50].lower()
    try:
        tree = _parse_string(repair_faulty_html(html, beginning))
    except Exception:  # load_html has the fallbacks (bytes parse, logging)
        return load_html(html)
    # A fragment of one element ("<p>…</p>") parses to that element, without children: it is markup
    # (``is_fragment``), not a page lxml failed to parse, nor load_html's dubious single block.
    markup = has_markup(html)
    if tree is None or (len(tree) < 1 and not markup):
        return load_html(html)
    if is_dubious_html(beginning) and len(tree) < 2 and not markup:
        return None
    # For a fragment ("<svg>…</svg>" with no <html>) lxml returns its element still inside the
    # <body> it built; htmldate deep-copies that element and then fails on its own drop_tree()
    # (AssertionError, not an article error). The document root is what a page parses to.
    return tree.getroottree().getroot()


# htmldate's date search without its extensive pass (trafilatura's default turns it on): the page's
# markup (time elements, date classes, its own URL), not a year in its prose ("In 1996 the line was
# first proposed" read as 1996-01-01), a copyright footer, an image path or a link to another story.
# A page with no date of its own gets none; the dashboard then counts it by when it arrived.
_DATE_PARAMS = set_date_params(False)


def _declared_metadata(tree: Any, url: str | None) -> Document:
    """The metadata a page declares in head meta tags and JSON-LD, as trafilatura reads it.

    The first steps of ``trafilatura.metadata.extract_metadata``; ``_found_metadata`` does the rest.
    """
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as exc:  # trafilatura guards its JSON-LD parser the same way
        logger.debug("JSON-LD metadata skipped url=%s error=%s", url, type(exc).__name__)
    return metadata


def _found_metadata(tree: Any, metadata: Document, url: str | None) -> Document:
    """Fill in title, author, URL, site name and tags from the page, as ``extract_metadata`` does.

    The same steps in the same order, minus what an article record never uses: categories (~0.7 ms
    a page), the license (~0.5 ms) and the date (htmldate, ~0.4 ms; ``_page_date`` runs it only on
    pages without a timestamp meta tag). Its XPath searches cost ~10 % less after ``_strip_inert``.
    """
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, url)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url and (match := META_URL.match(metadata.url)):
        metadata.sitename = match[1]
    if not metadata.tags:
        metadata.tags = extract_catstags("tag", tree)
    metadata.clean_and_trim()
    return metadata


def _page_date(tree: Any, url: str | None) -> datetime | None:
    """The page date as htmldate finds it in the raw tree's markup (``_DATE_PARAMS``), at midnight UTC."""
    date = find_date(tree, **{**_DATE_PARAMS, "url": url})  # YYYY-MM-DD
    return _parse_iso(date) if isinstance(date, str) else None


# Elements that trafilatura's own cleaning deletes before its main extractor looks at the page,
# but that its XPath passes (metadata, pruning, on each of its four copies of the raw tree) still
# visit: scripts and styles (~55 % of an average dev page's bytes; its readability fallback drops
# them first too), svg icons and noscript fallbacks (readability keeps them, but they hold no article
# text and trafilatura deletes them from readability's output). JSON scripts stay: trafilatura
# reads metadata from them and tells forum pages by them.
_INERT_TAGS = ("script", "style", "svg", "noscript")
_KEPT_SCRIPT_TYPES = frozenset({"application/ld+json", "application/settings+json"})
# Text-less head tags, read by the metadata step only (and so removed after it).
_HEAD_META_TAGS = ("meta", "link")
# Elements trafilatura's tree_cleaning deletes whole (its MANUALLY_CLEANED list), but only after its
# raw-tree XPath passes have visited them: page furniture (nav, aside, footer), widgets and embeds.
# Its readability fallback and its "unclean result" test (SANITIZED_XPATH) do read them, so removing
# them first is not equivalent by construction: it left the body text unchanged on all 91 dev pages
# (bench/extraction_eval.py) and saves ~15 % of the extraction time. They go after the metadata
# step: WordPress and other HTML5 themes put the byline and tag links in ``<footer class=
# "entry-footer">``. Not here: form (ASP.NET pages wrap the whole article in one), figure (it may
# hold a table trafilatura keeps), time (it can hold a dateline).
_FURNITURE_TAGS = (
    "aside", "footer", "nav", "menu", "menuitem", "iframe", "embed", "object", "canvas", "video", "audio",
    "picture", "map", "dialog", "datalist", "button", "select", "option", "input", "label", "textarea", "noindex",
)  # fmt: skip


def _strip_inert(tree: Any, *, keep_noscript: bool = False) -> None:
    """Remove scripts (except JSON ones), styles, svg and (unless ``keep_noscript``) noscript in place, keeping tail text."""
    for element in list(tree.iter(*(t for t in _INERT_TAGS if not (keep_noscript and t == "noscript")))):
        if element.tag == "script" and (element.get("type") or "").strip().lower() in _KEPT_SCRIPT_TYPES:
            continue
        element.drop_tree()


# trafilatura's precision mode deletes every div/p/section/span whose class or id has the word "link"
# or "bottom", or whose style mentions a border (PRECISION_DISCARD_XPATH): meant for link blocks, it
# also deletes inline ``<span class="link"><a>the NFL will fine Rudolph</a></span>`` from the middle
# of a sentence, which then reads "has reported that for his role in the fight".
_PRECISION_TRAP_RE = re.compile(r"(^|\s)bottom|bottom(\s|$)|(^|\s)link(\s|$)")  # trafilatura's own tests


def _protect_inline_spans(tree: Any) -> None:
    """Drop the trap attributes of spans inside paragraphs, so their text stays in the sentence."""
    for paragraph in tree.iter("p", "li", "blockquote"):
        for span in paragraph.iter("span"):
            for name in ("class", "id"):
                if _PRECISION_TRAP_RE.search(span.get(name) or ""):
                    del span.attrib[name]
            if "border" in (span.get("style") or ""):
                del span.attrib["style"]


# Inline widgets inside a sentence: a hover card after a linked name (The Hill's "rollover" blocks:
# the name again, then headlines about the person), CSS-hidden until hovered, so in the text they
# read "Rep. Ilhan OmarIlhan OmarHillicon Valley: Progressives oppose ...". An inline element of a
# paragraph whose text is nothing but two or more links, at least this long, is such a widget: in
# prose, linked names are short or have words between them ("<a>Biden</a> and <a>Harris</a>").
_LINK_CLUSTER_MIN_CHARS = 60


def _drop_inline_link_clusters(tree: Any) -> None:
    """Remove the spans and divs of paragraphs that hold only links (hover cards, inline teasers)."""
    for paragraph in list(tree.iter("p")):
        if len(paragraph.findall(".//a")) >= 2:  # most paragraphs have fewer links: no walk
            _drop_link_clusters_under(paragraph)


def _drop_link_clusters_under(element: Any) -> None:
    """Innermost first: of ``<span><a>Name</a><span>card links</span></span>`` only the card goes."""
    for child in list(element):
        if not isinstance(child.tag, str):
            continue
        _drop_link_clusters_under(child)
        if child.tag in ("span", "div") and _is_link_cluster(child):
            child.drop_tree()


def _is_link_cluster(element: Any) -> bool:
    anchors = element.findall(".//a")
    if len(anchors) < 2:
        return False
    link_chars = sum(len("".join(anchor.text_content().split())) for anchor in anchors)
    return link_chars >= _LINK_CLUSTER_MIN_CHARS and link_chars == len("".join(element.text_content().split()))


def _strip_furniture(tree: Any) -> None:
    """Remove page furniture (``_FURNITURE_TAGS``) in place, keeping tail text."""
    for element in list(tree.iter(*_FURNITURE_TAGS)):
        element.drop_tree()


_ARTICLE_SHARE = 0.5
"""The share of a page's paragraph text a furniture element holds when it is the article itself."""


def _furniture_as_article(tree: Any, paragraph_chars: int) -> None:
    """Make a furniture element holding most of the page's paragraph text a ``<div>``, which trafilatura reads.

    Such an element is the article whatever its tag: a newspaper's CMS wraps its stories in ``<aside>``.
    """
    for element in list(tree.iter(*_FURNITURE_TAGS)):
        if paragraph_chars and _paragraph_chars(element) >= _ARTICLE_SHARE * paragraph_chars:
            element.tag = "div"


def _ready_for_trafilatura(tree: Any) -> None:
    """The last steps before trafilatura reads a tree: head metadata out, inline spans protected, link clusters out."""
    _strip_head_meta(tree)
    _protect_inline_spans(tree)
    _drop_inline_link_clusters(tree)


def _strip_head_meta(tree: Any) -> None:
    """Remove the ``<meta>`` and ``<link>`` tags of ``<head>`` in place (read by the metadata step only)."""
    head = tree.find("head")
    if head is not None:
        for element in list(head.iter(*_HEAD_META_TAGS)):
            element.drop_tree()


# Below this many characters, trafilatura's fallback extractors often find more than its main one.
_FALLBACK_BELOW_CHARS = 1000
# A page whose declared article body (schema.org ``articleBody``, as microdata or in JSON-LD) holds
# this much more text than the extraction lost part of the article (a dev page: text in divs).
_DECLARED_BODY_RATIO = 1.3
# A page whose paragraphs hold this much more text than the extraction may have its article split
# into several blocks (by ad slots), of which trafilatura's main extractor takes the first. On the
# dev pages the ratio is at most 1.72 except on 2 pages (2.43 and 4.42), which take the full cascade.
_PARAGRAPH_TEXT_RATIO = 2.0
_JSON_LD_BODY_RE = re.compile(r'"articleBody"\s*:\s*"((?:[^"\\]|\\.)*)"')


def _declared_body_chars(tree: Any) -> int:
    """Characters of the page's declared article body (microdata element or JSON-LD string), or 0."""
    body = tree.find('.//*[@itemprop="articleBody"]')
    if body is not None:
        return len(" ".join(body.text_content().split()))
    for script in tree.iter("script"):
        if script.text and "articleBody" in script.text and (match := _JSON_LD_BODY_RE.search(script.text)):
            return len(" ".join(match.group(1).split()))
    return 0


def _declared_body_text(tree: Any) -> str:
    """The page's JSON-LD ``articleBody`` string, decoded and its markup reduced to text, or ""."""
    for script in tree.iter("script"):
        if script.text and "articleBody" in script.text:
            for match in _JSON_LD_BODY_RE.finditer(script.text):
                try:
                    # Pages often leave raw line breaks inside the string, which strict JSON refuses.
                    body = json.loads(f'"{match.group(1)}"', strict=False)
                except ValueError:
                    continue
                if isinstance(body, str) and body.strip():
                    return _body_text(body)
    return ""


def _looks_incomplete(tree: Any, document: object, paragraph_chars: int | None = None) -> bool:
    """Whether trafilatura's fast result may miss text its full cascade (readability, justext) would find.

    The full cascade differs from the fast pass only where its fallbacks win: short results, text
    outside paragraphs, articles split into blocks. Without this guard the fast result equals the
    full one on 90 of the 91 dev pages (the 91st has half its text in an articleBody ``<div>``);
    with it, on all 91 (``bench/extraction_eval.py --full-cascade``). ``paragraph_chars``: the
    page's ``_paragraph_chars``, when the caller has it already.
    """
    text = document.text if isinstance(document, Document) and document.text else ""
    if len(text) < _FALLBACK_BELOW_CHARS:
        return True
    if _declared_body_chars(tree) > _DECLARED_BODY_RATIO * len(text):
        return True
    if paragraph_chars is None:
        paragraph_chars = _paragraph_chars(tree)
    return paragraph_chars > _PARAGRAPH_TEXT_RATIO * len(text)


_RESCUE_SHARE = 0.25
"""A short result (under ``_FALLBACK_BELOW_CHARS``) that is also under this share of the page's
paragraph text (``<p>`` elements, furniture included) is retried by ``_rescued``. Measured on
trafilatura's evaluation pages (949 pages with snippets that must and must not be extracted): the
snippets found went from 2,540 to 2,560 of 2,828 and pages with no text from 5 to 0, for 3 of
2,839 unwanted snippets more; on the 91 dev pages nothing changed."""


def _rescued(html: str, found: str, options: dict[str, Any], paragraph_chars: int) -> str:
    """The text of a page whose extraction kept little of its paragraphs, extracted again more leniently.

    Ways an article is lost whole: a page that wraps it in furniture (an ``<aside>``: stripped before
    trafilatura runs, and trafilatura deletes asides too), a blog that renders its post by script and
    gives it in ``<noscript>`` too, and precision mode throwing away a post whose container's class
    matches one of its discard patterns. The page is parsed again and extracted with furniture and
    noscript kept (furniture holding most of the paragraph text as a ``<div>``: ``_furniture_as_article``)
    and without precision mode; that result is kept when it holds at least twice the text.
    """
    tree = _parse_html(html)
    if tree is None:
        return found
    _furniture_as_article(tree, paragraph_chars)
    _strip_inert(tree, keep_noscript=True)
    _ready_for_trafilatura(tree)
    document = trafilatura.bare_extraction(tree, **{**options, "favor_precision": False})
    again = document.text if isinstance(document, Document) and document.text else ""
    return again if len(again) >= 2 * len(found) else found


def _paragraph_chars(tree: Any) -> int:
    """Characters of text in the page's ``<p>`` elements, whitespace squashed."""
    return sum(len(" ".join(p.text_content().split())) for p in tree.iter("p"))


def extract_html(html: str, *, url: str | None = None) -> Extracted | None:
    """Extract the main text and metadata of a page with trafilatura.

    The page is parsed once. Link texts, headings and metadata are read from the tree, then the
    tree, stripped of scripts, styles and other elements trafilatura would delete unread, goes to
    ``trafilatura.bare_extraction`` (which works on a copy of it).

    When trafilatura finds no text, the body is the page's JSON-LD ``articleBody`` (a page that
    renders its article with script), or for a fragment (``is_fragment``; trafilatura wants more text
    than one short paragraph) the text of its blocks. When the only text it finds is the headline, which is
    otherwise removed from the body, the headline is the body (a headline-only item), and the
    title as usual.

    Returns:
        The body paragraphs (one per block: paragraph, heading, list item), a flag per paragraph
        telling whether it is only a link's text, and metadata; None when neither trafilatura nor
        the JSON-LD finds any text.
    """
    tree = _parse_html(html)
    if tree is None:
        return None
    page_paragraph_chars = _paragraph_chars(tree)  # before furniture goes: some pages put the article in one
    anchors = _anchor_texts(tree, url)
    headings = [heading.text_content() for heading in tree.iter("h1")]
    declared_language = _page_language(tree)
    metadata = _declared_metadata(tree, url)
    published_at = _html_published_at(html)
    if published_at is None:
        # htmldate reads scripts too: it runs before they are stripped.
        published_at = _page_date(tree, metadata.url or extract_url(tree, url))
    _strip_inert(tree)
    metadata = _found_metadata(tree, metadata, url)
    _strip_furniture(tree)
    _ready_for_trafilatura(tree)
    # Measured on the article-extraction dev pages: precision mode +0.010 F1 over the default
    # (P +0.023, R -0.003); favor_recall scores lower (bench/extraction_eval.py). Metadata comes
    # from _declared_metadata and _found_metadata, which skip fields we never use.
    options: dict[str, Any] = {
        "url": url,
        "with_metadata": False,
        "favor_precision": True,
        "include_comments": False,
        "include_tables": True,
        "deduplicate": False,
    }
    # trafilatura's own extractor first (fast=True); its comparison with readability and justext
    # (~40 % of the time) only when that result looks incomplete. bare_extraction copies the tree,
    # so the second call sees it untouched. A page with less paragraph text than a complete result
    # has goes to the full cascade directly: its fast result would be short and thrown away.
    paragraph_chars = _paragraph_chars(tree)
    if paragraph_chars < _FALLBACK_BELOW_CHARS:
        document = trafilatura.bare_extraction(tree, **options)
    else:
        document = trafilatura.bare_extraction(tree, fast=True, **options)
        if _looks_incomplete(tree, document, paragraph_chars):
            document = trafilatura.bare_extraction(tree, **options)
    found = document.text if isinstance(document, Document) and document.text else _declared_body_text(tree)
    if len(found) < min(_FALLBACK_BELOW_CHARS, _RESCUE_SHARE * page_paragraph_chars):
        found = _rescued(html, found, options, page_paragraph_chars)
    if not found and is_fragment(html):
        found = _blocks_text(tree)
    if not found:
        return None
    paragraphs = split_paragraphs(found, single_newline=True)
    title = normalise_paragraph(metadata.title) if metadata.title else None
    # A page whose only text is its headline is a headline-only item: the headline is its body.
    paragraphs = _drop_headlines(paragraphs, title, headings) or paragraphs
    tags: dict[str, None] = {}
    for group in metadata.tags or []:
        for tag in _split_tags(group if "," in group else group.replace(" ", "\u00a0")):
            tags.setdefault(tag.replace("\u00a0", " "), None)
    return Extracted(
        paragraphs=tuple(paragraphs),
        link_only=tuple(_is_link_paragraph(p, anchors) for p in paragraphs),
        title=title,
        author=normalise_paragraph(metadata.author) if metadata.author else None,
        source=normalise_paragraph(metadata.sitename) if metadata.sitename else None,
        published_at=published_at,
        tags=tuple(tags),
        language=declared_language,
    )
