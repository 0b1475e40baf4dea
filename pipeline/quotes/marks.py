"""Quote-mark scanning: pair quotation marks in plain text (pure text functions, no parse).

Pairs straight ("), curly (“ ”), guillemet (« », and the single ‹ ›) and low-high („ “) double marks, typewriter
doubled single marks (``…'' and ‘‘…’’) as double marks, curly single marks (‘ ’) guarded against
apostrophes, and straight single marks (') in a text that uses them as its speech marks (British copy:
'We will not back down,' she said.), which one such quote closed after its punctuation shows. A quote left open at a paragraph end continues when the next paragraph opens
with a mark (the news convention for multi-paragraph quotes); otherwise it ends with its paragraph
when its mark opens the paragraph or follows a comma or colon, and is dropped when not, so one stray
mark never swallows the article. A guillemet closes the quote its partner opened whatever the
spacing around it (French sets them apart with spaces: « Oui », dit-il).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from typing import Final

__all__ = ["find_quote_marks"]

_MARK_RE: Final = re.compile(r"’’|''|‘‘|``|[\"“”„«»‹›]|\n")
# Typewriter-era doubled single marks stand for double marks (``…'' and ‘‘…’’).
_MARK_ALIASES: Final = {"’’": "”", "''": "”", "‘‘": "“", "``": "“"}
_SINGLE_OPEN_RE: Final = re.compile(r"‘")
_OPEN_CONTEXT: Final = "([{—–-/:;,…\"“„«‘'"
_CLOSE_CONTEXT: Final = ".,;:!?)]}—–-…\"”»’'"
_CLOSERS: Final = {'"': '"”“', "“": '”“"', "„": '“”"', "«": "»", "‹": "›", "”": '”"'}
_GUILLEMETS: Final = "«‹"
_SINGLE_MAX_CHARS: Final = 400
_STRAIGHT_RE: Final = re.compile(r"(?<!')'(?!')|\n")  # a lone straight single mark, or a paragraph end
_SENTENCE_PUNCT: Final = ",.?!…"


def _flanks(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Tell whether the mark at [start, end) can open (left-flanking) and can close (right-flanking)."""
    prev = text[start - 1] if start > 0 else " "
    nxt = text[end] if end < len(text) else " "
    left = not nxt.isspace() and (prev.isspace() or prev in _OPEN_CONTEXT)
    right = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT)
    return left, right


def _closes_first(text: str, start: int) -> bool:
    """Tell whether the paragraph starting at ``start`` has a closing double mark before any opening one."""
    end = text.find("\n", start)
    for m in _MARK_RE.finditer(text, start, len(text) if end < 0 else end):
        c = _MARK_ALIASES.get(m.group(), m.group())
        if c in "‘’":
            continue
        left, right = _flanks(text, m.start(), m.end())
        return right and not left and c in '"”»›“'
    return False


def _introduced(text: str, mark: int) -> bool:
    """Tell whether the quote mark at ``mark`` opens its paragraph or follows a comma or colon ("said, "…")."""
    k = mark - 1
    while k >= 0 and text[k] in " \t":  # scanned, not sliced: a long text may hold many such marks
        k -= 1
    return k < 0 or text[k] in ",:\n"


def _double_quotes(text: str) -> list[tuple[int, int]]:
    """Pair double quote marks; return (content start, content end) pairs, marks excluded."""
    pairs: list[tuple[int, int]] = []
    open_end = open_at = -1
    open_ch = ""
    skip = -1
    for m in _MARK_RE.finditer(text):
        i, j = m.start(), m.end()
        c = _MARK_ALIASES.get(m.group(), m.group())
        if i < skip:
            continue
        if c == "\n":
            if open_end < 0:
                continue
            k = i
            while k < len(text) and text[k].isspace():
                k += 1
            nxt = _MARK_RE.match(text, k)
            if nxt is not None and _MARK_ALIASES.get(nxt.group(), nxt.group()) in '"“„«‹”':
                # The next paragraph re-opens the same quote (the convention for a quotation of several
                # paragraphs): each paragraph is a quoted statement of its own.
                pairs.append((open_end, i))
                open_end = skip = nxt.end()
                continue
            if _closes_first(text, k):
                # The quote runs on into the next paragraph without re-opening and closes there
                # (a looser style): each paragraph's part is a quote of its own.
                pairs.append((open_end, i))
                open_end = k
                continue
            if _introduced(text, open_at):
                # Never closed, but opened as a quote is ("Gregoire said, "…"): it runs to the paragraph's end.
                pairs.append((open_end, i))
            open_end = -1
            continue
        left, right = _flanks(text, i, j)
        if open_end >= 0:
            # Curly marks have a direction: ” after “ closes it even when mis-spaced ("delays ”.").
            directional = open_ch in _GUILLEMETS or (open_ch == "“" and c == "”")
            if c in _CLOSERS[open_ch] and (right or not left or directional):
                pairs.append((open_end, i))
                open_end = -1
            elif c in '“„«‹"' and left and not right:
                open_end, open_ch, open_at = j, c, i  # the earlier quote was never closed
            continue
        if (c in "“„«‹" and (left or not right)) or (c in '"”' and left and not right):
            open_end, open_ch, open_at = j, c, i
    return pairs


def _single_quotes(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pair curly single marks ‘…’ outside double quotes, never closing on an apostrophe (can’t)."""
    pairs: list[tuple[int, int]] = []
    taken = [(a - 1, b + 1) for a, b in taken]
    starts = [a for a, _ in taken]
    pos = 0
    for m in _SINGLE_OPEN_RE.finditer(text):
        i = m.start()
        if i < pos or _inside(taken, starts, i):
            continue
        left, _ = _flanks(text, i, i + 1)
        if not left or text[i + 1 : i + 2] == "‘":
            continue
        limit = min(len(text), i + _SINGLE_MAX_CHARS)
        j = i + 1
        while j < limit and text[j] != "\n":
            if text[j] == "’":
                nxt = text[j + 1] if j + 1 < len(text) else " "
                if not nxt.isalnum() and nxt != "’" and not text[j - 1].isspace():
                    pairs.append((i + 1, j))
                    pos = j + 1
                    break
            j += 1
    return pairs


def _straight_closer(text: str, j: int) -> int:
    """Rank the straight mark at ``j`` as a closing mark: 0 no, 1 a plural possessive's look, 2 yes, 3 certainly.

    An apostrophe ends a word inside it (can't) or before a lower-case word (the workers' pay); a closing mark
    follows the quote's last character and precedes a space, punctuation or the end. A mark right after a
    comma, full stop, question or exclamation mark closes a quote for certain: no apostrophe stands there.
    """
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + 1] if j + 1 < len(text) else " "
    if prev.isspace() or nxt.isalnum() or nxt == "'":
        return 0
    if prev in _SENTENCE_PUNCT:
        return 3
    if prev in "sS" and nxt == " " and text[j + 2 : j + 3].islower():
        return 1
    return 2


def _straight_single_quotes(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pair straight single marks as quotes in a text that uses them as speech marks.

    A mark opens when it starts a word that is not a number (not '90s); it closes at the first mark ranked
    closing by ``_straight_closer``, or at a plural possessive's look-alike when nothing closes later in the
    paragraph. A second opening mark before any closing one means the first was an apostrophe (rock 'n'
    roll, 'em): quotes of one kind do not nest. A quote left open at its paragraph's end runs to it when the
    next paragraph re-opens the quote or when its mark opened the paragraph or followed a comma or colon,
    as with double marks. None of this applies unless one quote closes after its punctuation
    ('…,' she said): apostrophes then stand for themselves, as in a text with double speech marks.
    """
    taken = [(a - 1, b) for a, b in taken]  # with their marks
    starts = [a for a, _ in taken]
    pairs: list[tuple[int, int]] = []
    certain = False
    opened = maybe = -1  # the open quote's mark; the first plural possessive look-alike after it

    def add(lo: int, hi: int) -> None:
        if hi - lo > 1:  # one letter between marks is an elision (rock 'n' roll)
            pairs.append((lo, hi))

    for m in _STRAIGHT_RE.finditer(text):
        i = m.start()
        if opened >= 0 and maybe >= 0 and text[i] == "\n":
            add(opened + 1, maybe)
            opened = maybe = -1
        if text[i] == "\n":
            if opened >= 0:
                k = i
                while k < len(text) and text[k].isspace():
                    k += 1
                if (text.startswith("'", k) and _flanks(text, k, k + 1)[0]) or _introduced(text, opened):
                    add(opened + 1, i)
                opened = -1
            continue
        if _inside(taken, starts, i):
            continue
        rank = _straight_closer(text, i)
        if opened >= 0 and rank == 1:
            maybe = i if maybe < 0 else maybe
        elif opened >= 0 and rank:
            add(opened + 1, i)
            certain = certain or rank == 3
            opened = maybe = -1
        elif _flanks(text, i, i + 1)[0] and (text[i + 1 : i + 2].isalpha() or text[i + 1 : i + 2] in '"“‘(…'):
            if maybe >= 0:
                add(opened + 1, maybe)
            opened, maybe = i, -1  # an earlier opening mark that nothing closed was an apostrophe
    if opened >= 0 and maybe >= 0:
        add(opened + 1, maybe)
    return pairs if certain else []


def _inside(spans: Sequence[tuple[int, int]], starts: Sequence[int], offset: int) -> bool:
    """Tell whether ``offset`` lies in one of the sorted ``spans`` (ends included); ``starts`` are their starts."""
    k = bisect.bisect_right(starts, offset) - 1
    return k >= 0 and spans[k][0] <= offset <= spans[k][1]


def find_quote_marks(text: str) -> list[tuple[int, int]]:
    """Find quoted spans by their marks.

    Args:
        text: Any text.

    Returns:
        Sorted (start, end) offsets of each quote's content, without the marks.

    >>> t = 'He said “we can’t” and left «tout de suite».'
    >>> [t[a:b] for a, b in find_quote_marks(t)]
    ['we can’t', 'tout de suite']
    """
    doubles = _double_quotes(text)
    singles = _single_quotes(text, doubles) + _straight_single_quotes(text, doubles)
    if len(singles) > len(doubles):
        # Single marks are the text's speech marks: double marks inside them quote within the quote.
        singles.sort()
        starts = [a for a, _ in singles]
        doubles = [(a, b) for a, b in doubles if not _inside(singles, starts, a)]
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(doubles + singles):
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi > lo and any(ch.isalnum() for ch in text[lo:hi]):
            out.append((lo, hi))
    return out
