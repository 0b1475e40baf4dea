"""Quote attribution: find quoted and reported statements in a parsed article and name their speakers.

``attribute_quotes`` works in three passes over the ``Doc`` (the parse of the clean body):

1. **Marks.** Quoted spans are found by a character scanner that pairs straight ("), curly (“ ”),
   guillemet (« ») and low-high („ “) double marks, and curly single marks (‘ ’) guarded against
   apostrophes. A quote left open at a paragraph end continues when the next paragraph opens with a
   mark (the news convention for multi-paragraph quotes); otherwise it is dropped, so one stray mark
   never swallows the article.
2. **Cues and speakers.** A quote's cue is the speech verb that governs it in the dependency parse
   (walking up from the quote), else a speech verb right after it (``"…", Earnest announced``) or
   before it in the same sentence (``He said: "…"``), else "according to X". The speaker is the
   verb's subject: a named entity becomes its canonical name; a pronoun or a definite nominal ("the
   official", "the company") is resolved to the most recent person (or organisation) mentioned
   *outside* quotes, preferring grammatical subjects; other noun phrases ("a spokesman") are kept
   verbatim. A quote with no cue right after an attributed one inherits its speaker.
3. **Kinds.** ``direct`` when the quote is a clause or a whole sentence, ``partial`` for a fragment
   inside reported speech, ``scare`` for a short fragment with no cue (no speaker), and ``indirect``
   for reported speech without marks (``X said that …``, ``X rejected …``, ``according to X, …``),
   whose start/end cover the reported content.

Speech verbs are listed as word forms (``data/quotes/speech_verbs.txt``): the pipeline runs without
the lemmatizer. The function is pure and never raises on odd input (no parse, no sentences, stray
marks); it only uses what survives a ``DocBin`` round trip.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from spacy.tokens import Doc, Span, Token

from schemas.articles import EntityMention, Quote, QuoteKind, Speaker

__all__ = ["attribute_quotes", "find_quote_marks"]

_MARK_RE: Final = re.compile(r"[\"“”„«»]|\n")
_SINGLE_OPEN_RE: Final = re.compile(r"‘")
_OPEN_CONTEXT: Final = "([{—–-/:;,…\"“„«‘'"
_CLOSE_CONTEXT: Final = ".,;:!?)]}—–-…\"”»’'"
_CLOSERS: Final = {'"': '"”', "“": '”“"', "„": '“”"', "«": "»", "”": '”"'}
_SINGLE_MAX_CHARS: Final = 400
_SCARE_MAX_WORDS: Final = 4
_WINDOW_TOKENS: Final = 8
_LOOKBACK_SENTENCES: Final = 6

_HE_SHE: Final = frozenset({"he", "she"})
_THEY_IT: Final = frozenset({"they", "it"})
_PERSON_ROLES: Final = frozenset(
    {
        "official", "president", "spokesman", "spokeswoman", "spokesperson", "minister", "secretary",
        "senator", "governor", "lawmaker", "leader", "chief", "mayor", "chairman", "chairwoman", "ceo",
        "director", "ambassador", "diplomat", "congressman", "congresswoman", "premier", "chancellor",
        "candidate", "prosecutor", "judge", "lawyer", "attorney", "commander", "general", "officer",
        "executive", "founder", "head", "manager", "analyst", "expert", "actor", "actress", "singer",
        "author", "player", "coach", "star", "politician", "representative", "king", "queen", "pope",
        "man", "woman", "mother", "father", "economist", "researcher", "scientist", "professor",
        "speaker", "nominee", "democrat", "republican", "envoy", "negotiator", "adviser", "advisor",
    }
)  # fmt: skip
_ORG_ROLES: Final = frozenset(
    {
        "company", "ministry", "agency", "department", "government", "group", "firm", "party",
        "administration", "campaign", "office", "organization", "organisation", "bank", "court",
        "committee", "council", "military", "army", "police", "commission", "union", "newspaper",
        "network", "team", "club", "board", "kremlin", "embassy", "regime", "university", "watchdog",
        "authority", "authorities", "regulator", "coalition", "alliance", "parliament", "senate",
    }
)  # fmt: skip
_SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubjpass"})
_CLIMB_DEPS: Final = frozenset({"conj", "xcomp", "advcl"})
_NP_LEFT_DEPS: Final = frozenset({"det", "amod", "compound", "poss", "nummod", "case", "nmod", "quantmod"})
_NAME_DEPS: Final = frozenset({"appos", "compound", "poss", "nmod", "flat"})


@dataclass(frozen=True, slots=True)
class _Verbs:
    forms: frozenset[str]
    object_forms: frozenset[str]
    call_forms: frozenset[str]


@cache
def _verbs() -> _Verbs:
    """Load the speech-verb word forms once (``!`` marks verbs whose object carries the content)."""
    text = resources.files("pipeline").joinpath("data/quotes/speech_verbs.txt").read_text(encoding="utf-8")
    forms: set[str] = set()
    objects: set[str] = set()
    calls: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.lstrip("!").split()
        forms.update(words)
        if line.startswith("!"):
            objects.update(words)
            if words[0] == "call":
                calls.update(words)
    return _Verbs(frozenset(forms), frozenset(objects), frozenset(calls))


@dataclass(frozen=True, slots=True)
class _Marked:
    """A quoted span: ``start``/``end`` delimit the content, without the marks."""

    start: int
    end: int


def _flanks(text: str, i: int) -> tuple[bool, bool]:
    """Tell whether the mark at ``i`` can open (left-flanking) and can close (right-flanking)."""
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    left = not nxt.isspace() and (prev.isspace() or prev in _OPEN_CONTEXT)
    right = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT)
    return left, right


def _double_quotes(text: str) -> list[tuple[int, int]]:
    """Pair double quote marks; return (open-mark index, close-mark index) pairs."""
    pairs: list[tuple[int, int]] = []
    open_at = -1
    open_ch = ""
    skip = -1
    for m in _MARK_RE.finditer(text):
        i, c = m.start(), m.group()
        if i == skip:
            continue
        if c == "\n":
            if open_at < 0:
                continue
            j = i
            while j < len(text) and text[j].isspace():
                j += 1
            if j < len(text) and text[j] in '"“„«”' and j > i + 0:
                skip = j  # the next paragraph re-opens the same quote
                continue
            open_at = -1
            continue
        left, right = _flanks(text, i)
        if open_at >= 0:
            if c in _CLOSERS[open_ch] and (right or not left):
                pairs.append((open_at, i))
                open_at = -1
            elif c in '“„«"' and left and not right:
                open_at, open_ch = i, c  # the earlier quote was never closed
            continue
        if (c in "“„«" and (left or not right)) or (c in '"”' and left and not right):
            open_at, open_ch = i, c
    return pairs


def _single_quotes(text: str, taken: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pair curly single marks ‘…’ outside double quotes, never closing on an apostrophe (can’t)."""
    pairs: list[tuple[int, int]] = []
    starts = [a for a, _ in taken]
    pos = 0
    for m in _SINGLE_OPEN_RE.finditer(text):
        i = m.start()
        if i < pos or _inside(taken, starts, i):
            continue
        left, _ = _flanks(text, i)
        if not left:
            continue
        limit = min(len(text), i + _SINGLE_MAX_CHARS)
        j = i + 1
        while j < limit and text[j] != "\n":
            if text[j] == "’":
                nxt = text[j + 1] if j + 1 < len(text) else " "
                if not nxt.isalnum() and not text[j - 1].isspace():
                    pairs.append((i, j))
                    pos = j + 1
                    break
            j += 1
    return pairs


def _inside(spans: Sequence[tuple[int, int]], starts: Sequence[int], offset: int) -> bool:
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
    singles = _single_quotes(text, doubles)
    out: list[tuple[int, int]] = []
    for a, b in sorted(doubles + singles):
        lo, hi = a + 1, b
        while lo < hi and text[lo].isspace():
            lo += 1
        while hi > lo and text[hi - 1].isspace():
            hi -= 1
        if hi > lo and any(ch.isalnum() for ch in text[lo:hi]):
            out.append((lo, hi))
    return out


class _Ctx:
    """Per-document lookups: token offsets, quoted tokens, sentences and entity mentions."""

    def __init__(self, doc: Doc, entities: Sequence[EntityMention], spans: Sequence[tuple[int, int]]) -> None:
        self.doc = doc
        self.text = doc.text
        self.tok_starts = [t.idx for t in doc]
        self.spans = list(spans)
        self.span_starts = [a for a, _ in spans]
        self.quoted = [self.in_quote(t.idx) for t in doc]
        self.parsed = doc.has_annotation("DEP")
        self.tagged = doc.has_annotation("TAG")
        self.sent_of = [0] * len(doc)
        self.sent_bounds: list[tuple[int, int]] = []
        if doc.has_annotation("SENT_START") or self.parsed:
            for k, sent in enumerate(doc.sents):
                self.sent_bounds.append((sent.start, sent.end))
                for i in range(sent.start, sent.end):
                    self.sent_of[i] = k
        else:
            self.sent_bounds.append((0, len(doc)))
        self.mentions = sorted(entities, key=lambda e: (e.start, e.end))
        self.mention_starts = [e.start for e in self.mentions]

    def in_quote(self, offset: int) -> bool:
        k = bisect.bisect_right(self.span_starts, offset) - 1
        return k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]

    def token_range(self, start: int, end: int) -> tuple[int, int]:
        """Token indices [lo, hi) covering characters [start, end)."""
        lo = bisect.bisect_right(self.tok_starts, start) - 1
        hi = bisect.bisect_left(self.tok_starts, end)
        return max(lo, 0), max(hi, max(lo, 0) + 1)

    def mention_at(self, start: int, end: int) -> EntityMention | None:
        """The entity mention overlapping characters [start, end), if any."""
        k = bisect.bisect_right(self.mention_starts, end - 1) - 1
        while k >= 0:
            m = self.mentions[k]
            if m.end > start:
                return m
            if m.end <= start and start - m.start > 200:
                break
            k -= 1
        return None

    def mentions_between(self, start: int, end: int) -> Iterator[EntityMention]:
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        for m in self.mentions[lo:hi]:
            if not self.in_quote(m.start):
                yield m


def _is_cue(ctx: _Ctx, tok: Token) -> bool:
    """Tell whether a token is a speech verb outside quotes."""
    if ctx.quoted[tok.i] or tok.lower_ not in _verbs().forms:
        return False
    return not ctx.tagged or tok.tag_.startswith("VB")


def _according(tok: Token) -> Token | None:
    """Return the "according" child of a token (``according to X``), if any."""
    for c in tok.children:
        if c.lower_ == "according":
            return c
    return None


def _cue_by_parse(ctx: _Ctx, lo: int, hi: int) -> Token | None:
    """Find the speech verb (or "according") that governs the quote tokens [lo, hi)."""
    if not ctx.parsed:
        return None
    doc = ctx.doc
    for tok in doc[lo:hi]:
        if lo <= tok.head.i < hi and tok.head.i != tok.i:
            continue
        node = tok
        for _ in range(10):
            if node.head.i == node.i:
                break
            node = node.head
            if lo <= node.i < hi:
                continue
            if _is_cue(ctx, node):
                return node
            acc = _according(node)
            if acc is not None and not ctx.quoted[acc.i]:
                return acc
        # A quote parsed as the root of its sentence: the speech clause hangs below it.
        if tok.head.i == tok.i or lo <= tok.head.i < hi:
            for c in tok.children:
                if (
                    not (lo <= c.i < hi)
                    and _is_cue(ctx, c)
                    and c.dep_ in {"parataxis", "ccomp", "conj", "advcl"}
                ):
                    return c
    return None


def _cue_after(ctx: _Ctx, close: int) -> Token | None:
    """Find a speech verb right after a closing mark, in the same sentence (``"…", he said``)."""
    doc = ctx.doc
    lo, _ = ctx.token_range(close, close + 1)
    n = 0
    for tok in doc[lo:]:
        if tok.idx < close:
            continue
        if ctx.quoted[tok.i] or "\n" in tok.text or (n > 0 and tok.text in {".", "!", "?"}):
            return None
        if _is_cue(ctx, tok):
            return tok
        if tok.text in {"“", "«", "„"}:
            return None
        if not tok.is_punct:
            n += 1
        if n > _WINDOW_TOKENS:
            return None
    return None


def _cue_before(ctx: _Ctx, open_at: int) -> Token | None:
    """Find the nearest speech verb before an opening mark, in the same sentence (``He said: "…"``)."""
    doc = ctx.doc
    hi, _ = ctx.token_range(open_at, open_at + 1)
    if hi >= len(doc):
        return None
    sent = ctx.sent_of[hi]
    first = ctx.sent_bounds[sent][0]
    # "He said:" at the end of the previous paragraph introduces a quote that opens the next one.
    before = ctx.text[:open_at].rstrip()
    if before.endswith(":") and first == hi and sent > 0:
        first = ctx.sent_bounds[sent - 1][0]
    for i in range(hi - 1, first - 1, -1):
        tok = doc[i]
        if ctx.quoted[tok.i] and tok.idx < open_at:
            return None
        if _is_cue(ctx, tok):
            return tok
        if tok.lower_ == "according" and i + 1 < len(doc) and doc[i + 1].lower_ == "to":
            return tok
    return None


def _subject(ctx: _Ctx, verb: Token) -> Token | None:
    """The grammatical subject of a speech verb, climbing conjoined and adverbial verbs."""
    node = verb
    for _ in range(4):
        for c in node.children:
            if c.dep_ in _SUBJECT_DEPS and not ctx.quoted[c.i]:
                return c
        if node.dep_ in _CLIMB_DEPS and node.head.i != node.i:
            node = node.head
            continue
        break
    return None


def _according_object(ctx: _Ctx, acc: Token) -> Token | None:
    """The object of "according to X"."""
    for c in acc.subtree:
        if c.dep_ == "pobj" and not ctx.quoted[c.i]:
            return c
    doc = ctx.doc
    # Without a parse: the first token after "according to".
    return doc[acc.i + 2] if acc.i + 2 < len(doc) else None


def _np_span(ctx: _Ctx, head: Token) -> Span:
    """The noun phrase of a subject: the head and its left modifiers (det, amod, compound, poss)."""
    lo = head.i
    for c in head.lefts:
        if c.dep_ in _NP_LEFT_DEPS and not ctx.quoted[c.i]:
            lo = min(lo, c.left_edge.i)
    return ctx.doc[lo : head.i + 1]


def _entity_speaker(m: EntityMention, mention: str | None = None, start: int | None = None,
                    end: int | None = None) -> Speaker:  # fmt: skip
    return Speaker(
        name=m.canonical,
        key=m.key,
        mention=m.text if mention is None else mention,
        start=m.start if start is None else start,
        end=m.end if end is None else end,
    )


def _is_subject_mention(ctx: _Ctx, m: EntityMention) -> bool:
    lo, hi = ctx.token_range(m.start, m.end)
    for tok in ctx.doc[lo:hi]:
        node = tok
        for _ in range(3):
            if node.dep_ in _SUBJECT_DEPS:
                return True
            if node.dep_ not in {"compound", "flat", "appos"} or node.head.i == node.i:
                break
            node = node.head
    return False


def _resolve(ctx: _Ctx, before: int, labels: frozenset[str], role: str | None,
             history: Sequence[tuple[int, EntityMention]]) -> EntityMention | None:  # fmt: skip
    """Find the entity a pronoun or nominal refers to: the latest one outside quotes, subjects first.

    Args:
        ctx: Document lookups.
        before: Offset of the referring expression.
        labels: Entity labels that can be meant (PERSON for "he", ORG/GPE for "the ministry").
        role: The role noun ("president"); a mention with that title just before it wins.
        history: Speakers already resolved (offset of their mention, entity), usable as antecedents.
    """
    if not ctx.doc or before <= 0:
        return None
    tok, _ = ctx.token_range(before, before + 1)
    sent = ctx.sent_of[min(tok, len(ctx.doc) - 1)]
    first_sent = max(0, sent - _LOOKBACK_SENTENCES)
    window_start = ctx.doc[ctx.sent_bounds[first_sent][0]].idx if ctx.sent_bounds else 0
    cands = [m for m in ctx.mentions_between(window_start, before) if m.label in labels and m.end <= before]
    if role is not None:
        for m in reversed(cands):
            lead = ctx.text[max(0, m.start - 40) : m.start].lower()
            if role in lead.split()[-4:] or role in m.text.lower().split():
                return m
    by_sent: dict[int, list[EntityMention]] = {}
    for m in cands:
        k, _ = ctx.token_range(m.start, m.end)
        by_sent.setdefault(ctx.sent_of[k], []).append(m)
    for off, ent in history:
        if window_start <= off < before and ent.label in labels:
            k, _ = ctx.token_range(off, off + 1)
            by_sent.setdefault(ctx.sent_of[k], []).append(ent)
    for s in sorted(by_sent, reverse=True):
        group = by_sent[s]
        subjects = [m for m in group if ctx.parsed and _is_subject_mention(ctx, m)]
        return subjects[-1] if subjects else group[-1]
    return None


def _speaker_of(
    ctx: _Ctx, head: Token | None, history: Sequence[tuple[int, EntityMention]]
) -> Speaker | None:
    """Turn a subject token into a Speaker: entity, resolved pronoun/nominal, or the noun phrase."""
    if head is None or ctx.quoted[head.i]:
        return None
    m = ctx.mention_at(head.idx, head.idx + len(head))
    if m is not None and not ctx.in_quote(m.start):
        return _entity_speaker(m)
    # "Press Secretary Josh Earnest", "the company's spokesman", "a spokesman, John Smith,"
    best: EntityMention | None = None
    for c in head.children:
        if c.dep_ in _NAME_DEPS and not ctx.quoted[c.i]:
            cm = ctx.mention_at(c.idx, c.idx + len(c))
            if (
                cm is not None
                and cm.label in {"PERSON", "ORG", "GPE", "NORP"}
                and (best is None or (cm.label == "PERSON" and best.label != "PERSON"))
            ):
                best = cm
    lower = head.lower_
    np = _np_span(ctx, head)
    if best is not None:
        return _entity_speaker(best, np.text, np.start_char, np.end_char)
    if lower in _HE_SHE:
        ent = _resolve(ctx, head.idx, frozenset({"PERSON"}), None, history)
        return None if ent is None else _entity_speaker(ent, head.text, head.idx, head.idx + len(head))
    if lower in _THEY_IT:
        ent = _resolve(ctx, head.idx, frozenset({"ORG", "GPE", "NORP"}), None, history)
        return None if ent is None else _entity_speaker(ent, head.text, head.idx, head.idx + len(head))
    if head.pos_ == "PRON" or lower in {"i", "we", "you", "this", "that", "which", "who"}:
        return None
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in head.lefts)
    if definite and lower in _PERSON_ROLES:
        ent = _resolve(ctx, head.idx, frozenset({"PERSON"}), lower, history)
        if ent is not None:
            return _entity_speaker(ent, np.text, np.start_char, np.end_char)
    if definite and lower in _ORG_ROLES:
        ent = _resolve(ctx, head.idx, frozenset({"ORG", "GPE"}), lower, history)
        if ent is not None:
            return _entity_speaker(ent, np.text, np.start_char, np.end_char)
    # An entity inside the subject phrase ("a statement from the Kremlin").
    for t in head.subtree:
        if not ctx.quoted[t.i]:
            cm = ctx.mention_at(t.idx, t.idx + len(t))
            if cm is not None and cm.label in {"PERSON", "ORG", "GPE"}:
                return _entity_speaker(cm, np.text, np.start_char, np.end_char)
    if not np.text.strip() or not any(ch.isalpha() for ch in np.text):
        return None
    return Speaker(name=np.text, mention=np.text, start=np.start_char, end=np.end_char)


def _speaker_for_cue(ctx: _Ctx, cue: Token, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    if cue.lower_ == "according":
        obj = _according_object(ctx, cue)
        if obj is None:
            return None
        for t in obj.subtree if ctx.parsed else [obj]:
            cm = ctx.mention_at(t.idx, t.idx + len(t))
            if cm is not None and not ctx.in_quote(cm.start):
                return _entity_speaker(cm)
        return _speaker_of(ctx, obj, history)
    subj = _subject(ctx, cue) if ctx.parsed else None
    if subj is None:
        # "…," said Smith / unparsed text: the nearest entity right after the verb.
        for m in ctx.mentions_between(cue.idx, cue.idx + 60):
            if m.label in {"PERSON", "ORG"}:
                return _entity_speaker(m)
        return None
    return _speaker_of(ctx, subj, history)


def _cue_text(cue: Token) -> str:
    if cue.lower_ == "according":
        return "according to"
    return cue.text


def _is_clause(ctx: _Ctx, lo: int, hi: int) -> bool:
    """Tell whether the quote tokens [lo, hi) contain a verb with its subject (a full clause)."""
    if not ctx.parsed:
        return False
    for tok in ctx.doc[lo:hi]:
        if tok.dep_ in {"nsubj", "nsubjpass", "expl", "csubj"} and lo <= tok.head.i < hi:
            return True
    return False


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: QuoteKind
    cue: Token | None
    speaker: Speaker | None


def _marked_quotes(ctx: _Ctx, entities_history: list[tuple[int, EntityMention]]) -> list[_Found]:
    found: list[_Found] = []
    text = ctx.text
    by_key = {m.key: m for m in ctx.mentions}
    for start, end in ctx.spans:
        lo, hi = ctx.token_range(start, end)
        content = text[start:end]
        words = _word_count(content)
        clause = _is_clause(ctx, lo, hi)
        cue = _cue_by_parse(ctx, lo, hi)
        if cue is None and (words > _SCARE_MAX_WORDS or clause):
            cue = _cue_after(ctx, end + 1)
            if cue is None:
                cue = _cue_before(ctx, start - 1)
        speaker = _speaker_for_cue(ctx, cue, entities_history) if cue is not None else None
        prev = found[-1] if found else None
        if (
            cue is None
            and prev is not None
            and prev.speaker is not None
            and prev.kind in {"direct", "partial"}
        ):
            # An unattributed quote right after an attributed one, with no new person in between.
            gap = text[prev.end : max(prev.end, start - 1)]
            same_par = "\n" not in gap
            opens_par = not same_par and not gap[gap.rfind("\n") + 1 :].strip()
            new_person = any(m.label == "PERSON" for m in ctx.mentions_between(prev.end, start))
            if not new_person and (words > _SCARE_MAX_WORDS or clause) and (same_par or opens_par):
                speaker = Speaker(name=prev.speaker.name, key=prev.speaker.key)
        if cue is None and speaker is None and words <= _SCARE_MAX_WORDS and not clause:
            kind: QuoteKind = "scare"
        elif clause or (content[:1].isupper() and _opens_sentence(text, start - 1)):
            kind = "direct"
        else:
            kind = "partial"
        if kind == "scare":
            speaker = None
        found.append(_Found(start, end, kind, cue, speaker))
        if speaker is not None and speaker.key is not None and speaker.start is not None:
            ent = by_key.get(speaker.key)
            if ent is not None:
                entities_history.append((speaker.start, ent))
    return found


def _opens_sentence(text: str, open_at: int) -> bool:
    """Tell whether a quote mark starts a sentence or follows an introducing colon or comma."""
    before = text[:open_at].rstrip()
    return not before or before[-1] in '.!?:,\n”"»'


def _content_span(ctx: _Ctx, lo: int, hi: int) -> tuple[int, int] | None:
    """Character span of tokens [lo, hi) without a leading "that"/comma and trailing punctuation."""
    doc = ctx.doc
    while lo < hi and (doc[lo].lower_ in {"that", ",", ":"} or doc[lo].is_space):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space):
        hi -= 1
    if hi - lo < 3:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _indirect(ctx: _Ctx, used_cues: set[int], history: Sequence[tuple[int, EntityMention]]) -> list[_Found]:
    """Find reported speech without marks: ``X said that …``, ``X rejected …``, ``according to X, …``."""
    if not ctx.parsed:
        return []
    verbs = _verbs()
    doc = ctx.doc
    out: list[_Found] = []
    for tok in doc:
        if tok.i in used_cues or ctx.quoted[tok.i]:
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            found = _indirect_according(ctx, tok, history)
            if found is not None:
                out.append(found)
            continue
        if not _is_cue(ctx, tok) or any(c.dep_ == "neg" for c in tok.children):
            continue
        span: tuple[int, int] | None = None
        ccomp = [c for c in tok.children if c.dep_ == "ccomp" and c.i > tok.i]
        if ccomp:
            c = ccomp[0]
            span = _content_span(ctx, c.left_edge.i, c.right_edge.i + 1)
        elif tok.lower_ in verbs.object_forms:
            kids = [c for c in tok.rights if c.dep_ not in {"conj", "cc", "punct"}]
            has_obj = any(c.dep_ in {"dobj", "xcomp"} for c in kids)
            if tok.lower_ in verbs.call_forms:
                # "called for …", "called on X to …", "called Russia for …"; not "called Lavrov" (phoned).
                has_obj = any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in kids)
                has_obj = has_obj and not any(c.dep_ == "oprd" for c in kids)
            if has_obj and kids:
                span = _content_span(ctx, tok.i, kids[-1].right_edge.i + 1)
        if span is None or any(ctx.in_quote(o) for o in (span[0], span[1] - 1)):
            continue
        if any(a < span[1] and span[0] < b for a, b in ctx.spans):
            continue
        speaker = _speaker_for_cue(ctx, tok, history)
        if speaker is None or speaker.key is None and speaker.name.lower() in {"it", "this", "that"}:
            continue
        out.append(_Found(span[0], span[1], "indirect", tok, speaker))
    return out


def _indirect_according(ctx: _Ctx, acc: Token, history: Sequence[tuple[int, EntityMention]]) -> _Found | None:
    """``According to X, <content>`` or ``<content>, according to X`` in a sentence without marks."""
    s_lo, s_hi = ctx.sent_bounds[ctx.sent_of[acc.i]]
    sent_start, sent_end = ctx.doc[s_lo].idx, ctx.doc[s_hi - 1].idx + len(ctx.doc[s_hi - 1])
    if any(a < sent_end and sent_start < b for a, b in ctx.spans):
        return None
    phrase_lo, phrase_hi = acc.left_edge.i, acc.right_edge.i + 1
    if phrase_hi - phrase_lo < 3:
        phrase_hi = acc.i + 3
    if phrase_lo - s_lo >= s_hi - phrase_hi:
        span = _content_span(ctx, s_lo, phrase_lo)
    else:
        span = _content_span(ctx, phrase_hi, s_hi)
    speaker = _speaker_for_cue(ctx, acc, history)
    if span is None or speaker is None:
        return None
    return _Found(span[0], span[1], "indirect", acc, speaker)


def attribute_quotes(doc: Doc, entities: Sequence[EntityMention]) -> tuple[Quote, ...]:
    """Find the quoted and reported statements of an article and attribute them to speakers.

    Args:
        doc: The spaCy parse of the clean body (may be rebuilt from a ``DocBin``).
        entities: The article's entity mentions from ``tag_entities``; speakers are named by their
            ``canonical`` name and ``key``.

    Returns:
        Quotes in text order. For direct, partial and scare quotes ``text == doc.text[start:end]``
        (the content without marks); for indirect speech the span covers the reported content.
    """
    spans = find_quote_marks(doc.text)
    ctx = _Ctx(doc, entities, spans)
    history: list[tuple[int, EntityMention]] = []
    found = _marked_quotes(ctx, history)
    used = {f.cue.i for f in found if f.cue is not None}
    found.extend(_indirect(ctx, used, history))
    found.sort(key=lambda f: (f.start, f.end))
    return tuple(
        Quote(
            text=doc.text[f.start : f.end],
            start=f.start,
            end=f.end,
            kind=f.kind,
            cue=None if f.cue is None else _cue_text(f.cue),
            speaker=f.speaker,
        )
        for f in found
    )
