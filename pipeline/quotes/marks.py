"""Quote-mark scanning: pair quotation marks in plain text (pure text functions, no parse).

Pairs straight ("), curly (“ ”), guillemet (« », and the single ‹ ›) and low-high („ “) double marks, typewriter
doubled single marks (``…'' and ‘‘…’’) as double marks, curly single marks (‘ ’) guarded against
apostrophes, and straight single marks (') in a text that uses them as its speech marks (British copy:
'We will not back down,' she said.), which one such quote closed after its punctuation shows. A
double quote left open at a paragraph end continues when the next paragraph opens with a mark (the news convention for multi-paragraph quotes); otherwise it ends with its paragraph
when its mark opens the paragraph or follows a comma or colon, and is dropped when not, so one stray
mark never swallows the article. A guillemet closes the quote its partner opened whatever the
spacing around it (French sets them apart with spaces: « Oui », dit-il), and a quote inside
guillemets (« … ‹ … › … » or « … “ … ” … ») is part of theirs.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

__all__ = ["find_quote_marks"]

_MARK_RE: Final = re.compile(r"’’|''|‘‘|``|[\"“”„«»‹›]|\n")
# Typewriter-era doubled single marks stand for double marks (``…'' and ‘‘…’’).
_MARK_ALIASES: Final = {"’’": "”", "''": "”", "‘‘": "“", "``": "“"}
_OPEN_CONTEXT: Final = "([{—–-/:;,…\"“„«‘'"
_CLOSE_CONTEXT: Final = ".,;:!?)]}—–-…\"”»’'"
_CLOSERS: Final = {'"': '"”“', "“": '”“"', "„": '“”"', "«": "»", "‹": "›", "”": '”"'}
_GUILLEMETS: Final = "«‹"


@dataclass(frozen=True, slots=True)
class _SingleMarks:
    """A kind of single quotation mark: its opening and closing characters, and how to find them."""

    opening: str
    closing: str
    pattern: re.Pattern[str]  # a lone mark of the kind (not doubled), or a paragraph end
    gated: bool  # its marks are apostrophes too, so a text must show it quotes with them


_CURLY: Final = _SingleMarks("‘", "’", re.compile(r"(?<![‘’])[‘’](?![‘’])|\n"), gated=False)
_STRAIGHT: Final = _SingleMarks("'", "'", re.compile(r"(?<!')'(?!')|\n"), gated=True)
_SENTENCE_PUNCT: Final = ',.?!…"”'  # a single mark after these closes a quote, abbreviations aside
_SINGLE_CLOSE_RE: Final = re.compile(r"[,.?!…\"”][’'](?=\s|$)")
_DOUBLE_CLOSE_RE: Final = re.compile(r"[,.?!…][\"”](?=\s|$)")
_ABBREVIATION_END_RE: Final = re.compile(r"(?:^|[\s(])(?:[A-Z]\.)*[A-Z][a-z]{0,2}\.$")


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


def _char_before(text: str, i: int) -> str:
    """The last character before ``i`` that is not a space or tab ("" at the text's start)."""
    k = i - 1
    while k >= 0 and text[k] in " \t":  # scanned, not sliced: a long text may hold many such marks
        k -= 1
    return text[k] if k >= 0 else ""


def _introduced(text: str, mark: int) -> bool:
    """Tell whether the quote mark at ``mark`` opens its paragraph or follows a comma or colon ("said, "…")."""
    return _char_before(text, mark) in {"", ",", ":", "\n"}


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
            elif open_ch == "«" and c in "‹“„":
                pass  # a quote inside guillemets (« … ‹ … › … », « … “ … ” … »): part of it; » closes it
            elif c in '“„«‹"' and left and not right:
                open_end, open_ch, open_at = j, c, i  # the earlier quote was never closed
            continue
        # A guillemet after an elided word opens, spaced as French spaces it: "demande d’« étaler … »".
        elided = c in _GUILLEMETS and i > 0 and text[i - 1] in "’'"
        if (c in "“„«‹" and (left or not right or elided)) or (c in '"”' and left and not right):
            open_end, open_ch, open_at = j, c, i
    return pairs


def _single_closer(text: str, j: int) -> int:
    """Rank the single mark (' or ’) at ``j`` as a closing mark: 0 no, 1 maybe, 2 yes, 3 certainly.

    An apostrophe stands inside a word (can't) or ends one before a lower-case word (the workers' pay,
    nothin' was): such a mark closes a quote only when nothing closes it later ("called it 'reckless'
    and left"). A closing mark follows the quote's last character and precedes a space, punctuation or
    the end; right after a comma, full stop, question or exclamation mark, or a closing double mark, it
    closes a quote for certain: no apostrophe stands there, except after an abbreviation's full stop
    ("the U.S.' negotiators").
    """
    prev = text[j - 1] if j > 0 else " "
    nxt = text[j + 1] if j + 1 < len(text) else " "
    if prev.isspace() or nxt.isalnum() or nxt == text[j]:
        return 0
    if prev == "." and _ABBREVIATION_END_RE.search(text, max(0, j - 8), j):
        return 1  # "the U.S.' negotiators", "Co.'": an abbreviation's full stop may take an apostrophe
    if prev in _SENTENCE_PUNCT:
        return 3
    if prev.isalpha() and nxt == " " and text[j + 2 : j + 3].islower():
        return 1  # "the workers' pay", "nothin' was"
    return 2


def _starts_sentence(text: str, i: int) -> bool:
    """Tell whether the character at ``i`` begins a paragraph, a sentence or a bracket."""
    return _char_before(text, i) in {"", "\n", ".", "?", "!", ":", ";", "("}


def _single_quotes(
    text: str, taken: Sequence[tuple[int, int]], marks: _SingleMarks, inner: bool
) -> list[tuple[int, int]]:
    """Pair single marks (curly ‘…’, or straight '…' in a text that uses them as speech marks) outside ``taken``.

    A mark opens when it starts a word that is not a number (not '90s). A mark ranked closing by
    ``_single_closer`` closes the last mark opened since the last quote, except that a quote closed
    after its punctuation is a sentence of speech, so it opens at the last mark that starts a sentence,
    else at the first ('We'll get 'em next week,' and 'Mind how you go, 'cos the roads are icy,' are
    one quote each); one letter between marks is an elision (rock 'n' roll). A quote left open at its
    paragraph's end runs to it when the next paragraph re-opens the quote or when its mark opened the
    paragraph or followed a colon. Where single marks quote ``inner`` to double ones, a single quote
    never holds a double one. A curly opening mark is no apostrophe; straight marks pair only if one
    quote closes after its punctuation ('…,' she said), or, where they are not ``inner``, one closes
    before punctuation or a capital ('reckless'.): otherwise apostrophes stand for themselves.
    """
    taken = [(a - 1, b) for a, b in taken]  # with their marks
    starts = [a for a, _ in taken]
    pairs: list[tuple[int, int]] = []
    certain = False
    openers: list[int] = []  # marks opened since the last quote closed in this paragraph
    maybe = -1  # the first mark since then that may close a quote

    def close(end: int, rank: int) -> None:
        nonlocal certain, maybe
        start = openers[-1]
        if rank == 3:
            # A sentence of speech opens at a sentence's start, else at the first mark ('get 'em next time,').
            start = next((o for o in reversed(openers) if _starts_sentence(text, o)), openers[0])
        if end - start == 2:  # one letter: an elision, and the quote before it is still open
            openers.remove(start)
            maybe = -1
            return
        k = bisect.bisect_left(starts, start)
        if inner and k < len(taken) and taken[k][1] < end:
            # Where double marks are the speech marks, single ones quote inside them, never around them.
            if 0 <= maybe < taken[k][0]:
                pairs.append((start + 1, maybe))
            openers.clear()
            maybe = -1
            return
        pairs.append((start + 1, end))
        certain = certain or rank == 3 or (rank == 2 and not inner)
        openers.clear()
        maybe = -1

    for m in marks.pattern.finditer(text):
        i = m.start()
        if text[i] == "\n":
            if openers and maybe >= 0:
                close(maybe, 1)
            if openers:
                k = i
                while k < len(text) and text[k].isspace():
                    k += 1
                first = next((o for o in openers if _starts_sentence(text, o)), openers[-1])
                reopened = text.startswith(marks.opening, k) and _flanks(text, k, k + 1)[0]
                if reopened or _char_before(text, first) in {"", ":", "\n"}:
                    # A single mark after a comma may be a leading apostrophe (", 'cos"): only a quote
                    # opening its paragraph or after a colon runs to the paragraph's end unclosed.
                    pairs.append((first + 1, i))
                openers.clear()
            continue
        if _inside(taken, starts, i):
            continue
        rank = _single_closer(text, i) if text[i] == marks.closing else 0
        if openers and rank == 1 and i - openers[-1] == 2:
            openers.pop()  # one letter between marks: an elision (rock 'n' roll), whatever closes later
        elif openers and rank == 1:
            maybe = i if maybe < 0 else maybe
        elif openers and rank == 2 and maybe >= 0 and text[i - 1] in "sS":
            close(maybe, 1)  # "called it 'reckless' and blamed the unions'.": a plural's apostrophe again
        elif openers and rank:
            close(i, rank)
        elif (
            text[i] == marks.opening
            and _flanks(text, i, i + 1)[0]
            and (text[i + 1 : i + 2].isalpha() or text[i + 1 : i + 2] in '"“‘(…')
        ):
            if maybe >= 0:
                close(maybe, 1)
            openers.append(i)
    if openers and maybe >= 0:
        close(maybe, 1)
    return pairs if certain or not marks.gated else []


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
    # The marks that close the text's sentences of speech ('…,' she said / "…," she said) are its
    # speech marks, single ones on a tie ('We told them "no." They said "fine."' said Pike.); the
    # other kind quotes inside them.
    closing = len(_SINGLE_CLOSE_RE.findall(text))
    single_speech = closing > 0 and closing >= len(_DOUBLE_CLOSE_RE.findall(text))
    inner = bool(doubles) and not single_speech
    singles = _single_quotes(text, doubles, _CURLY, inner) + _single_quotes(text, doubles, _STRAIGHT, inner)
    if single_speech:
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
