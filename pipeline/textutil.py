"""Text normalisation and page-junk rules shared by the cleaning stage.

Everything here is a pure function over ``str``. The junk rules are general (they name kinds of
page furniture: related-links lines, share/subscribe calls, cookie notices, error-report footers),
never one site's markup, so they hold on pages we have not seen.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from functools import lru_cache

import ftfy

__all__ = [
    "body_hash",
    "dateline_place",
    "has_visible_text",
    "is_junk_paragraph",
    "normalise_paragraph",
    "normalise_text",
    "repair_text",
    "script_of",
    "split_paragraphs",
    "tidy_field",
]

# ftfy repairs mojibake and odd codecs; quote attribution downstream needs the curly quotes; the
# full-width punctuation of Chinese and Japanese ("，", "。", "「") is their writing, not an error, so
# character widths stay as sent (NFC, not NFKC, which would narrow them too).
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=False, normalization="NFC", explain=False)

_INLINE_SPACE_RE = re.compile(r"[^\S\n]+")  # whitespace except newlines
_BLANK_LINES_RE = re.compile(r"\n\s*\n")
# Zero-width and soft-hyphen characters that break words for every downstream tokenizer.
_INVISIBLE_RE = re.compile("[\u00ad\u200b\u2060\ufeff]")
# The zero-width non-joiner and joiner, except where a script or an emoji needs them: Persian writes
# "می‌خواهم" with a non-joiner, Indic scripts choose a conjunct's form with them, and emoji
# sequences (a family, a flag) are held together by the joiner. Next to anything else (a name in
# Latin letters, "Zürich\u200d") they only break words.
_JOINER_RE = re.compile("[\u200c\u200d]+")
_JOINING_SCRIPTS_RE = re.compile(
    "[\u0600-\u08ff\u0900-\u0dff\u0f00-\u0fff\u1000-\u109f\u1780-\u18af\ua8e0-\ua8ff\ufb50-\ufdff\ufe70-\ufeff"
    "\u2190-\u21ff\u2300-\u23ff\u2600-\u27bf\u2b00-\u2bff\ufe0f\U0001f000-\U0001faff]"
)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_WORD_RE = re.compile(r"\w+")
# Characters without which ftfy has nothing to fix: mojibake of UTF-8 read as a Latin, Cyrillic,
# Greek or DOS code page always contains a lead-byte character from these ranges; ligatures,
# full-width forms, surrogates, HTML entities and terminal escapes are ftfy's other fixes.
# Skipping ftfy on the rest (plain English with curly quotes and dashes) halves cleaning time.
_MOJIBAKE_HINT_RE = re.compile(
    "[\x80-\xff\u0100-\u024f\u02c6\u02dc\u0370-\u03ff\u0400-\u04ff\u2500-\u25ff"
    "\ufb00-\ufb06\uff00-\uffef\ud800-\udfff\ufffd\x1b]|&#?\\w+;"
)


def normalise_paragraph(text: str) -> str:
    r"""Squash all whitespace (newlines included) inside one paragraph to single spaces.

    >>> normalise_paragraph("  a\t b\n c ")
    'a b c'
    """
    return " ".join(text.split())


# Characters that show nothing: format characters (category Cf: zero-width spaces, joiners, BOM,
# U+180E) and the Hangul fillers, letters by category that render blank.
_BLANK_LETTERS = frozenset("\u115f\u1160\u3164\uffa0")


def _blank(char: str) -> bool:
    return char.isspace() or char in _BLANK_LETTERS or unicodedata.category(char) == "Cf"


def has_visible_text(text: str) -> bool:
    """Whether ``text`` shows anything: a character other than whitespace, format characters and fillers.

    >>> has_visible_text("\u200b\ufeff \u3164\u180e"), has_visible_text("\ufeffA")
    (False, True)
    """
    return not all(_blank(c) for c in text)


def tidy_field(value: str) -> str:
    """A one-line field (a title, a source): whitespace squashed, invisible characters cut from its ends.

    As in a body's text (``_tidy``), a control character is a space and a zero-width one is dropped.

    >>> tidy_field(" \u2028\ufeff "), tidy_field("\ufeff Trams  return\u200b")
    ('', 'Trams return')
    """
    text = normalise_paragraph(_tidy(value))
    start, end = 0, len(text)
    while start < end and _blank(text[start]):
        start += 1
    while end > start and _blank(text[end - 1]):
        end -= 1
    return text[start:end]


def normalise_text(text: str, *, repaired: bool = False) -> str:
    r"""Repair mojibake and squash whitespace, keeping paragraphs apart with a blank line.

    Paragraphs are separated by blank lines; single newlines inside a paragraph become spaces.
    ``repaired``: ``text`` already went through ``repair_text`` (its first split skips the repair).
    The function is idempotent: ``normalise_text(normalise_text(x)) == normalise_text(x)``.

    >>> normalise_text("The \u00e2\u20ac\u0153Dr\u00e2\u20ac\u009d said  hi\nthere.\n\n\nNext.")
    'The “Dr” said hi there.\n\nNext.'
    """
    # Joining a paragraph's lines can make mojibake that no line held ("Â" + "\n" + "0" reads as
    # "Â 0", a no-break space decoded as Latin-1), so repeat until nothing changes.
    normalised = "\n\n".join(split_paragraphs(text, repaired=repaired))
    for _ in range(_MAX_REPAIR_ROUNDS if _MOJIBAKE_HINT_RE.search(normalised) else 0):
        again = "\n\n".join(split_paragraphs(normalised))
        if again == normalised:
            break
        normalised = again
    return normalised


def split_paragraphs(text: str, *, single_newline: bool = False, repaired: bool = False) -> list[str]:
    """Split ``text`` into repaired, whitespace-squashed, non-empty paragraphs.

    Args:
        text: Raw text, possibly with mojibake, control characters and ragged whitespace.
        single_newline: Treat every line break as a paragraph break (trafilatura's output puts
            one block per line); otherwise only blank lines separate paragraphs.
        repaired: ``text`` already went through ``repair_text``; skip the (slow) repair.
    """
    if not repaired:
        text = repair_text(text)
    chunks = text.split("\n") if single_newline else _BLANK_LINES_RE.split(text)
    return [p for p in (normalise_paragraph(c) for c in chunks) if p]


# ftfy is not idempotent on every input (a repaired text can look like mojibake again); repeat
# until nothing changes so that cleaning clean text is a no-op. Real text settles in 1-2 rounds.
_MAX_REPAIR_ROUNDS = 4


def _tidy(text: str) -> str:
    """Remove invisible and control characters, squash inline spaces (cheap and idempotent)."""
    text = _INVISIBLE_RE.sub("", text)
    if "\u200c" in text or "\u200d" in text:
        text = _JOINER_RE.sub(_joiner_kept, text)
    return _INLINE_SPACE_RE.sub(" ", _CONTROL_RE.sub(" ", text))


def _joiner_kept(match: re.Match[str]) -> str:
    """The joiners of a run between two characters of a script or emoji that uses them, else nothing.

    The character before is the nearest one that is no combining mark: NFC may reorder the marks
    right before the run, never move a base character past them, so the choice is the same after it.
    """
    text, start, end = match.string, match.start(), match.end()
    k = start - 1
    while k >= 0 and unicodedata.combining(text[k]):
        k -= 1
    before, after = text[k : k + 1] if k >= 0 else "", text[end : end + 1]
    return match.group() if _JOINING_SCRIPTS_RE.match(before) and _JOINING_SCRIPTS_RE.match(after) else ""


def repair_text(text: str) -> str:
    r"""Repair mojibake and strip control characters, keeping line breaks; a fixed point of itself.

    >>> repair_text("caf\u00c3\u00a9\r\nbar\x07")
    'café\nbar'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _MOJIBAKE_HINT_RE.search(text) is None:
        # NFC, as ftfy's repair gives: a letter and its combining marks as one character where
        # Unicode has it (Bengali "ো" sent as "ে" + "া" is stored as the one vowel sign). Composing
        # can make a character mojibake shows ("Ã" + "‰" from "A" + a tilde): then ftfy reads it.
        tidied = unicodedata.normalize("NFC", _tidy(text))
        if _MOJIBAKE_HINT_RE.search(tidied) is None:
            return tidied
        text = tidied
    # C1 controls (\x80-\x9f) are part of mojibake ("â€\x9d" is "”"), so ftfy sees the text
    # before _tidy strips them. The loop usually ends after one or two rounds; the second one only
    # fixes the lines the first one changed (the rest are looked up in ``fixed_lines``).
    fixed_lines: dict[tuple[str, object], str] = {}
    for _ in range(_MAX_REPAIR_ROUNDS):
        fixed = _tidy(_fix_text(text, fixed_lines))
        if fixed == text:
            break
        text = fixed
    return text


def _fix_text(text: str, fixed_lines: dict[tuple[str, object], str]) -> str:
    """``ftfy.fix_text(text, config=_FTFY_CONFIG)``, reusing segments already fixed in ``fixed_lines``.

    ftfy fixes a text segment by segment (lines, cut at ``max_decode_length``), independently but
    for one switch (no HTML unescaping after a segment holding "<"); this is that loop (ftfy 6.3
    ``fix_text``) with a memo of the pure per-segment fix. ftfy takes ~85 % of the time ``clean``
    spends on the seed text article; the memo saves the second round's share of it.
    """
    config = _FTFY_CONFIG
    out: list[str] = []
    pos = 0
    while pos < len(text):
        end = min(text.find("\n", pos) + 1 or len(text), pos + config.max_decode_length)
        segment = text[pos:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)
        key = (segment, config.unescape_html)
        line = fixed_lines.get(key)
        if line is None:
            line, _ = ftfy.fix_and_explain(segment, config)
            fixed_lines[key] = line
        out.append(line)
        pos = end
    return "".join(out)


def body_hash(text: str) -> str:
    """SHA-256 hex digest of ``text`` lowercased, NFKC-folded, with punctuation and spacing ignored.

    Two copies of one article that differ only in quote style, case or whitespace hash alike.

    >>> body_hash("Hello,  World!") == body_hash("hello world")
    True
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    return hashlib.sha256(" ".join(_WORD_RE.findall(folded)).encode("utf-8")).hexdigest()


# --- scripts -------------------------------------------------------------------------------------

_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]")
_DROP_ASCII_NON_LETTERS = {i: None for i in range(128) if not chr(i).isalpha()}


@lru_cache(maxsize=4096)
def _script_of_char(char: str) -> str | None:
    # A compatibility character counts as the letter it stands for (NFKC): mathematical bold "𝗕" and
    # fullwidth "Ｂ" are Latin letters used for styling, not a script of their own.
    char = unicodedata.normalize("NFKC", char)[:1]
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    if not name:
        return None
    first = name.split(" ", 1)[0]
    # CJK ideographs, kana and hangul all mark East-Asian text; group them so mixed Japanese counts once.
    if first in {"CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA", "HALFWIDTH", "HANGUL", "IDEOGRAPHIC"}:
        return "CJK"
    return first


def script_of(text: str) -> Counter[str]:
    """Count the letters of ``text`` per Unicode script (first word of the character name).

    A compatibility character counts in the script of the letter it stands for (its NFKC form).

    >>> sorted(script_of("Система Orphus").items())
    [('CYRILLIC', 7), ('LATIN', 6)]
    >>> script_of("𝗕𝗿𝗲𝗮𝗸𝗶𝗻𝗴")
    Counter({'LATIN': 8})
    """
    counts: Counter[str] = Counter()
    # Counting in C: ASCII letters via translate, then only the (few) non-ASCII characters in Python.
    latin = len(_NON_ASCII_RE.sub("", text).translate(_DROP_ASCII_NON_LETTERS))
    if latin:
        counts["LATIN"] = latin
    for char in _NON_ASCII_RE.findall(text):
        script = _script_of_char(char)
        if script is not None:
            counts[script] += 1
    return counts


# --- junk lines ----------------------------------------------------------------------------------

# A short label, then a colon or arrow, then links: "Related: …", "Read more » …", "See also - …".
_LINK_LABEL_RE = re.compile(
    r"^(?:related(?: (?:articles?|stories|news|content|coverage|links?|topics?|posts?|reading|video))?"
    r"|see also|see more|also (?:read|see)|read (?:also|more|next)|more (?:on|about|from|in)\b.{0,40}"
    r"|recommended(?: for you| reading| stories)?|you (?:may|might) (?:also )?(?:like|be interested in)"
    r"|further reading|more stories|top stories|most (?:read|popular|viewed|shared)|trending(?: now)?"
    r"|editor'?s? picks?|don'?t miss|watch(?: now)?|listen(?: now)?|explore more|(?:also )?on our site"
    r"|filed under|tags|tagged(?: with| in)?|categories|category|posted in|topics|more news|latest news)"
    r"\s*(?::|\||»|›|>|-|–|—)",
    re.IGNORECASE,
)
# A whole line that is only a call to action: "see more", "Read more…", "Click here to read the story".
_CTA_LINE_RE = re.compile(
    r"^(?:(?:see|read|show|load|view|click(?: here)?(?: to)?(?: (?:see|read|view))?)"
    r"(?: (?:more|all|less|the|full|entire|whole|original|complete|comments?|story|article|post|here))+"
    r"|continue reading(?: (?:the|this|full|main) .{0,30})?|more|next|previous|back to top|top"
    r"|advertisement|advertising|sponsored(?: content)?|promoted(?: content)?|ad|ads"
    r"|story continues below(?: advertisement)?|article continues below(?: advertisement)?"
    r"|share|shares|tweet|email|e-mail|print|pin|comment|comments|reply|close|menu|loading"
    r"|share (?:this|on|via) .{0,40}|share this (?:article|story|post|page)|don'?t miss(?: this| out)?"
    r"|(?:skip|jump) to (?:main )?content|you (?:may|might) also (?:like|enjoy)|also|most (?:read|popular|viewed)"
    r"(?: (?:in|on) [\w ]{1,30})?|tell us what you think|let us know what you think|related (?:stories|articles)"
    r")\W*$",
    re.IGNORECASE,
)
# Paragraph openings that mark an appeal to the reader, at any length.
_APPEAL_RE = re.compile(
    r"^(?:if you (?:enjoyed|liked|like|enjoy|value|appreciate) (?:this|our|reading)"
    r"|(?:please )?(?:support|help fund) (?:our|independent|quality) journalism"
    r"|become a (?:member|subscriber|supporter|patron)\b)",
    re.IGNORECASE,
)
# Phrases that mark page furniture anywhere in a short line.
_FURNITURE_RE = re.compile(
    r"ctrl\s*\+\s*enter"
    r"|\bif you (?:find|found|notice|noticed|spot|spotted|see) an? (?:error|typo|mistake|misprint)"
    r"|\b(?:we|this (?:site|website)|our (?:site|website)) uses? cookies\b"
    r"|\bcookie (?:policy|settings|preferences)\b|\baccept (?:all )?cookies\b"
    r"|\bby (?:continuing|using) (?:to (?:use|browse) )?(?:this|our) (?:site|website)"
    r"|\bsubscribe (?:to|for|now|today)\b|\bsign up (?:for|to)\b|\bfollow us\b(?!-)|\bfollow @\w"
    r"|\bfollow (?:\w+ ){1,3}on (?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky)\b"
    r"|\bthanks for signing up\b|\berror processing your subscription\b"
    r"|\b(?:like|join) us on\b|\bget (?:our|the) (?:\w+ )?newsletter\b"
    r"|\bnewsletter\b.{0,40}\b(?:sign|subscribe)"
    r"|\bdownload (?:our|the) (?:\w+ )?app\b|\bshare (?:this|on) (?:facebook|twitter|whatsapp|linkedin)"
    r"|\b(?:enable|turn on) javascript\b|\byour browser does(?:n't| not) support\b"
    r"|\ball rights reserved\b|©|^(?:\(c\)|copyright\b)"
    r"|\breport (?:an? )?(?:error|typo|mistake)\b|\bclick here\b",
    re.IGNORECASE,
)
# Teaser headlines tagged "[VIDEO]", "[PICS]"; leaked CMS shortcodes "[button …]…[/button]";
# reading-time and "Updated/Published <time>" lines.
_TEASER_RE = re.compile(
    r"(?-i:\[[A-Z][A-Z ]{2,20}\])\s*$|\[/[a-z_]+\]|^\[[a-z_]+(?: [a-z_]+=(?:\"[^\"\]]*\"|'[^'\]]*'|[^\]\s\"']*))+\]"
    r"|^\d{1,3} min(?:ute)?s? read\W*$|^(?:estimated )?reading time\s*:?\s*\d"
    r"|^(?:last )?(?:updated|published|posted|modified)(?: on| at)?\s*:?\s*\w{0,9}\.?\s*\d[^.!?]*\.?$"
    # credit and source lines closing an article
    r"|^(?:source|sources)\s*:\s*[^.!?]{1,60}$|^(?:additional )?(?:reporting|writing|editing) by\b"
    # newsletter and coverage promos; a link line that is only a pointer ("More at https://…", "Watch
    # the video: www.…"). A sentence ending in an address is prose ("The report is online at https://…"),
    # and so is a press release's "For more information, please visit www.…", which the dev pages' gold keeps
    r"|\bdelivered (?:straight |directly )?to your inbox\b|\bsubscrib\w* to (?:our|the) \w*\s?newsletter"
    r"|\bfollow [\w'’ ]{0,30}(?:full )?coverage\b"
    r"|^(?:(?:read |see |find )?more|full (?:story|coverage)|watch|listen|details)\b(?:[ :]+[\w'’]+){0,5}"
    r"\W+(?:https?://|www\.)\S+\W*$",
    re.IGNORECASE,
)
# A short line giving a time or numeric date plus a byline, or little else: "5:45 AM PST 11/19/2019 by X".
_DATELINE_RE = re.compile(
    r"\b\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b",
    re.IGNORECASE,
)
_BY_NAME_RE = re.compile(r"\bby [A-Z][\w.'’-]+")
# Substrings every match of _FURNITURE_RE / _TEASER_RE contains (in lower case). Python's re scans
# a long case-insensitive alternation slowly (~60 µs a line); ``in`` finds that none of these is
# there ~10x faster, so the regex only runs on the few lines that may match.
_FURNITURE_CUES = (
    "ctrl", "if you", "cookie", "site", "subscri", "sign up", "follow", "signing up", "us on", "newsletter",
    "download", "share", "javascript", "browser", "rights reserved", "©", "(c)", "copyright", "report",
    "click here",
)  # fmt: skip
_TEASER_CUES = (
    "[", "read", "updated", "published", "posted", "modified", "source", "ing by", "inbox", "newsletter",
    "coverage", "http", "www.",
)  # fmt: skip
# re.IGNORECASE also matches these non-ASCII letters to ASCII ones (Python re docs); str.lower() does not.
_IGNORECASE_FOLD = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _casefold_for_cues(text: str) -> str:
    """``text`` lowercased so that a cue is in it whenever a case-insensitive regex match would be."""
    return text.translate(_IGNORECASE_FOLD).lower()


def _has_cue(folded: str, cues: tuple[str, ...]) -> bool:
    return any(cue in folded for cue in cues)


_DATELINE_MAX_WORDS = 10
# Furniture phrases only condemn short paragraphs: a long paragraph that mentions "click here" is prose.
_FURNITURE_MAX_WORDS = 30


def is_junk_paragraph(paragraph: str) -> bool:
    """Whether ``paragraph`` is page furniture rather than article prose.

    >>> is_junk_paragraph("Related: US concern over Russian moves in Syria")
    True
    >>> is_junk_paragraph("see more")
    True
    >>> is_junk_paragraph("The minister said more talks would follow us-led strikes.")
    False
    >>> is_junk_paragraph("| | |")
    True
    """
    if _LINK_LABEL_RE.match(paragraph) or _CTA_LINE_RE.match(paragraph) or _APPEAL_RE.match(paragraph):
        return True
    if not paragraph.strip(" |"):
        return True  # "| | |": the cells of an empty layout table, as the extractor writes a table row
    words = paragraph.split()
    if len(words) > _FURNITURE_MAX_WORDS:
        return False
    folded = _casefold_for_cues(paragraph)
    if (_has_cue(folded, _FURNITURE_CUES) and _FURNITURE_RE.search(paragraph) is not None) or (
        _has_cue(folded, _TEASER_CUES) and _TEASER_RE.search(paragraph) is not None
    ):
        return True
    return len(words) <= _DATELINE_MAX_WORDS and _is_dateline(paragraph)


def _is_dateline(paragraph: str) -> bool:
    """A short line that is a timestamp, optionally with a byline ("5:45 AM PST 11/19/2019 by Jo Doe")."""
    if _DATELINE_RE.search(paragraph) is None or paragraph.rstrip().endswith(("!", "?")):
        return False
    if _BY_NAME_RE.search(paragraph):
        return True
    rest = _DATELINE_RE.sub(" ", paragraph)
    # What is left besides the time: at most a few words (weekday, month, zone), no sentence.
    return len(_WORD_RE.findall(rest)) <= 4


# Words of a dateline that say when, not where: weekdays, months, AM/PM, time zones and labels.
_WHEN_WORDS = frozenset(
    "mon monday tue tues tuesday wed wednesday thu thur thurs thursday fri friday sat saturday sun sunday "
    "jan january feb february mar march apr april may jun june jul july aug august sep sept september "
    "oct october nov november dec december am pm a.m p.m gmt utc bst cet cest eet eest est edt cst cdt mst mdt "
    "pst pdt ist jst kst aest aedt msk hkt sgt wib posted updated published modified date last on at".split()
)
_PLACE_WORD_RE = re.compile(r"^[^\W\d_][\w.'’-]*$")
_DATELINE_PLACE_MAX_WORDS = 5


def dateline_place(paragraph: str) -> str | None:
    """The place of a dateline line ("LONDON 1996-08-30" -> "LONDON"), or None if it names none.

    Only a line ``is_junk_paragraph`` drops as a dateline (a timestamp with a few words) has a
    place: the words left once the date, time, weekday, month and zone are gone, when they are a
    short run of capitalised words ("NAIROBI , Kenya 2021-03-02" -> "NAIROBI, Kenya"). A line with a
    byline ("… by Jo Doe") names a writer, not a place.

    >>> dateline_place("LONDON 1996-08-30")
    'LONDON'
    >>> dateline_place("NAIROBI , Kenya 2021-03-02")
    'NAIROBI, Kenya'
    >>> dateline_place("Tuesday 11/19/2019 5:45 PM PST") is None
    True
    """
    if len(paragraph.split()) > _DATELINE_MAX_WORDS or not _is_dateline(paragraph) or _BY_NAME_RE.search(paragraph):
        return None
    rest = _DATELINE_RE.sub(" ", paragraph)
    words = [w.strip(",;:|/()[]-–—") for w in rest.split()]
    words = [w for w in words if w and w.lower().rstrip(".") not in _WHEN_WORDS and not w.isdigit()]
    if not words or len(words) > _DATELINE_PLACE_MAX_WORDS:
        return None
    if not all(_PLACE_WORD_RE.match(w) and w[0].isupper() for w in words):
        return None
    # Keep the line's own separators between the place's words ("NAIROBI , Kenya" -> "NAIROBI, Kenya").
    start, end = paragraph.index(words[0]), paragraph.rindex(words[-1]) + len(words[-1])
    return re.sub(r"\s+([,;])", r"\1", " ".join(paragraph[start:end].split()))
