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
   *outside* quotes, preferring grammatical subjects and, for "he"/"she", persons whose first name
   (``data/entities/first_names.tsv``) or honorific ("Mr.", "Ms.") fits; other noun phrases ("a
   spokesman", "China's ambassador to Britain") are kept verbatim. A quote with no cue right after an attributed one inherits its speaker.
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

_MARK_RE: Final = re.compile(r"’’|''|‘‘|``|[\"“”„«»]|\n")
# Typewriter-era doubled single marks stand for double marks (``…'' and ‘‘…’’).
_MARK_ALIASES: Final = {"’’": "”", "''": "”", "‘‘": "“", "``": "“"}
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
_ROLE_GENDER: Final = {
    "spokesman": "m", "chairman": "m", "congressman": "m", "king": "m", "man": "m", "father": "m",
    "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "queen": "f", "woman": "f",
    "mother": "f", "actress": "f",
}  # fmt: skip
_CLAUSE_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_SPEAKER_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_NON_SPEAKERS: Final = frozenset({"i", "we", "you", "this", "that", "which", "who", "what", "there"})
_SCARE_CUES: Final = frozenset(
    {"slogan", "tagline", "motto", "term", "terms", "phrase", "word", "words", "so-called", "hashtag",
     "headline", "title", "titled", "entitled", "name", "named", "nicknamed", "label"}
)  # fmt: skip
_SHORT_MAX_HOPS: Final = 5
_MESSAGE_NOUNS: Final = frozenset(
    {
        "statement",
        "release",
        "letter",
        "post",
        "tweet",
        "report",
        "note",
        "message",
        "email",
        "interview",
        "video",
    }
)
_SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubjpass"})
_CLIMB_DEPS: Final = frozenset({"conj", "xcomp", "advcl"})
_NP_LEFT_DEPS: Final = frozenset({"det", "amod", "compound", "poss", "nummod", "case", "nmod", "quantmod"})
_NAME_DEPS: Final = frozenset({"appos", "compound", "poss", "nmod", "flat"})


@dataclass(frozen=True, slots=True)
class _Verbs:
    forms: frozenset[str]
    """Every cue word form."""
    indirect_forms: frozenset[str]
    """Forms that may introduce reported speech without marks (not "believes", "blasted")."""
    object_forms: frozenset[str]
    """Forms whose object carries the reported content ("rejected the possibility of ...")."""
    call_forms: frozenset[str]


@cache
def _first_names() -> dict[str, str]:
    """Load the first-name gender list once: lower-case first name -> "m" or "f"."""
    text = resources.files("pipeline").joinpath("data/entities/first_names.tsv").read_text(encoding="utf-8")
    table: dict[str, str] = {}
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            name, gender = line.split("\t")
            table[name.strip()] = gender.strip()
    return table


_HONORIFIC_RE: Final = re.compile(r"\b(Mr|Mister|Sir|Lord|Mrs|Ms|Miss|Dame|Lady|Madam)\.?\s+$")
_HONORIFIC_GENDER: Final = {"mr": "m", "mister": "m", "sir": "m", "lord": "m"}


@cache
def _verbs() -> _Verbs:
    """Load the speech-verb word forms once (see the legend in ``speech_verbs.txt``)."""
    text = resources.files("pipeline").joinpath("data/quotes/speech_verbs.txt").read_text(encoding="utf-8")
    forms: set[str] = set()
    indirect: set[str] = set()
    objects: set[str] = set()
    calls: set[str] = set()
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        words = line.lstrip("!~").split()
        forms.update(words)
        if not line.startswith("~"):
            indirect.update(words)
        if line.startswith("!"):
            objects.update(words)
            if words[0] == "call":
                calls.update(words)
    return _Verbs(frozenset(forms), frozenset(indirect), frozenset(objects), frozenset(calls))


def _flanks(text: str, start: int, end: int) -> tuple[bool, bool]:
    """Tell whether the mark at [start, end) can open (left-flanking) and can close (right-flanking)."""
    prev = text[start - 1] if start > 0 else " "
    nxt = text[end] if end < len(text) else " "
    left = not nxt.isspace() and (prev.isspace() or prev in _OPEN_CONTEXT)
    right = not prev.isspace() and (nxt.isspace() or nxt in _CLOSE_CONTEXT)
    return left, right


def _double_quotes(text: str) -> list[tuple[int, int]]:
    """Pair double quote marks; return (content start, content end) pairs, marks excluded."""
    pairs: list[tuple[int, int]] = []
    open_end = -1
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
            if nxt is not None and _MARK_ALIASES.get(nxt.group(), nxt.group()) in '"“„«”':
                skip = nxt.end()  # the next paragraph re-opens the same quote
                continue
            open_end = -1
            continue
        left, right = _flanks(text, i, j)
        if open_end >= 0:
            if c in _CLOSERS[open_ch] and (right or not left):
                pairs.append((open_end, i))
                open_end = -1
            elif c in '“„«"' and left and not right:
                open_end, open_ch = j, c  # the earlier quote was never closed
            continue
        if (c in "“„«" and (left or not right)) or (c in '"”' and left and not right):
            open_end, open_ch = j, c
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
    for lo, hi in sorted(doubles + singles):
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
        if doc.has_annotation("SENT_START"):
            raw = [(sent.start, sent.end) for sent in doc.sents]
        else:
            raw = [(0, len(doc))]
        for lo, hi in raw:
            # The parser sometimes runs a sentence across a paragraph break: split it there.
            start = lo
            for i in range(lo, hi):
                if doc[i].is_space and "\n" in doc[i].text and i + 1 < hi:
                    self.sent_bounds.append((start, i + 1))
                    start = i + 1
            if start < hi:
                self.sent_bounds.append((start, hi))
        for k, (lo, hi) in enumerate(self.sent_bounds):
            for i in range(lo, hi):
                self.sent_of[i] = k
        self.mentions = sorted(entities, key=lambda e: (e.start, e.end))
        self.mention_starts = [e.start for e in self.mentions]
        self.by_key = {m.key: m for m in self.mentions}
        self.untyped = self._proper_subjects()
        self.untyped_starts = [m.start for m in self.untyped]
        self.roles: dict[str, EntityMention] = {}
        """Role nouns already resolved ("the group" -> WeWorkers Coalition): one referent per article."""
        self._genders: dict[str, str | None] | None = None

    def gender(self, ent: EntityMention) -> str | None:
        """The grammatical gender ("m"/"f") a person's name suggests, or None when unknown.

        Evidence: an honorific right before any mention of the same entity ("Mr.", "Ms."), else the
        first word of the canonical name in the curated first-name list.
        """
        if self._genders is None:
            genders: dict[str, str | None] = {}
            for m in self.mentions:
                if m.label != "PERSON":
                    continue
                hon = _HONORIFIC_RE.search(self.text[max(0, m.start - 8) : m.start])
                if hon is not None:
                    genders[m.key] = _HONORIFIC_GENDER.get(hon.group(1).lower(), "f")
            self._genders = genders
        if ent.key in self._genders:
            return self._genders[ent.key]
        if ent.key.startswith("?:"):
            # An untyped subject ("Okafor thanked …") shares the gender of the person of that surname.
            last = ent.text.split()[-1].lower()
            for m in self.mentions:
                if m.label == "PERSON" and m.canonical.split()[-1].lower() == last:
                    found_by_name = self.gender(m)
                    self._genders[ent.key] = found_by_name
                    return found_by_name
        words = ent.canonical.split()
        found = _first_names().get(words[0].lower()) if len(words) > 1 else None
        self._genders[ent.key] = found
        return found

    def _proper_subjects(self) -> list[EntityMention]:
        """Proper-noun subjects the NER missed ("Big Machine have denied"): antecedents of any type.

        They get the placeholder label ORG and a key starting with "?:"; speakers built from them
        carry no key.
        """
        out: list[EntityMention] = []
        if not self.parsed:
            return out
        for tok in self.doc:
            if self.quoted[tok.i]:
                continue
            if tok.dep_ not in _SUBJECT_DEPS or tok.tag_ not in {"NNP", "NNPS"}:
                if not self._bare_name_before_verb(tok):
                    continue
            if self.mention_at(tok.idx, tok.idx + len(tok)) is not None:
                continue
            lo = tok.i
            while lo > 0 and self.doc[lo - 1].dep_ == "compound" and self.doc[lo - 1].tag_ in {"NNP", "NNPS"}:
                lo -= 1
            span = self.doc[lo : tok.i + 1]
            out.append(
                EntityMention(
                    text=span.text, label="ORG", start=span.start_char, end=span.end_char,
                    canonical=span.text, key="?:" + span.text.lower(),
                )
            )  # fmt: skip
        return out

    def _bare_name_before_verb(self, tok: Token) -> bool:
        """A capitalised word mid-sentence right before a speech verb that has no subject.

        The small model tags surnames that are also words ("Early says", "Young said") as adverbs
        or adjectives; the word order of a speech tag still marks them as the speaker.
        """
        doc = self.doc
        if tok.i == 0 or tok.i + 1 >= len(doc) or tok.is_sent_start or not tok.is_title or len(tok) < 2:
            return False
        prev = doc[tok.i - 1]
        if prev.is_space or prev.text in {".", "!", "?", ":", "“", '"', "«", "—", "–"}:
            return False
        verb = doc[tok.i + 1]
        return (
            not self.quoted[verb.i]
            and verb.lower_ in _verbs().forms
            and verb.tag_ in {"VBZ", "VBD"}
            and not any(c.dep_ in _SUBJECT_DEPS for c in verb.children)
        )

    def untyped_at(self, start: int) -> EntityMention | None:
        """The untyped proper-noun subject starting at character ``start``, if any."""
        k = bisect.bisect_left(self.untyped_starts, start)
        if k < len(self.untyped) and self.untyped[k].start == start:
            return self.untyped[k]
        return None

    def in_quote(self, offset: int) -> bool:
        k = bisect.bisect_right(self.span_starts, offset) - 1
        return k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]

    def token_at(self, offset: int) -> int:
        """Index of the token containing (or starting after) character ``offset``."""
        return min(max(bisect.bisect_right(self.tok_starts, offset) - 1, 0), max(len(self.doc) - 1, 0))

    def sent_span(self, tok: int) -> tuple[int, int]:
        """Character bounds of the sentence holding token ``tok``."""
        lo, hi = self.sent_bounds[self.sent_of[tok]]
        return self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])

    def mention_at(self, start: int, end: int) -> EntityMention | None:
        """The entity mention overlapping characters [start, end), if any."""
        k = bisect.bisect_right(self.mention_starts, end - 1) - 1
        if k >= 0 and self.mentions[k].end > start:
            return self.mentions[k]
        return None

    def mentions_between(self, start: int, end: int) -> Iterator[EntityMention]:
        """Entity mentions starting in [start, end) that are not inside quotes."""
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        for m in self.mentions[lo:hi]:
            if not self.in_quote(m.start):
                yield m

    def paragraph_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1


def _is_cue(ctx: _Ctx, tok: Token) -> bool:
    """Tell whether a token is a speech verb outside quotes."""
    if ctx.quoted[tok.i] or tok.lower_ not in _verbs().forms:
        return False
    if not ctx.tagged or tok.tag_.startswith("VB"):
        return True
    # "with Foreign Minister Ayman Safadi warning of …": the participle mis-tagged as a noun.
    return (
        tok.tag_ == "NN"
        and tok.lower_.endswith("ing")
        and any(c.dep_ == "compound" and c.tag_ == "NNP" for c in tok.children)
    )


def _is_according(ctx: _Ctx, tok: Token) -> bool:
    doc = ctx.doc
    return tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to"


def _cue_by_parse(ctx: _Ctx, lo: int, hi: int, max_hops: int) -> Token | None:
    """Find the outermost speech verb (or "according") that governs the quote tokens [lo, hi).

    The outermost one wins: in ``Pompeo said Washington had concluded it was "not ..."`` the
    quoted words are Pompeo's.
    """
    if not ctx.parsed:
        return None
    doc = ctx.doc
    best: Token | None = None
    best_hops = 0
    for tok in doc[lo:hi]:
        if lo <= tok.head.i < hi and tok.head.i != tok.i:
            continue
        node = tok
        hops = 0
        while node.head.i != node.i and hops < 12:
            node = node.head
            if lo <= node.i < hi:
                continue
            hops += 1
            if hops > max_hops and best is None:
                break
            if _is_cue(ctx, node):
                best, best_hops = node, hops
                if node.dep_ != "ccomp":
                    break  # only a verb whose complement holds this one reports it further
            else:
                for c in node.children:
                    if _is_according(ctx, c) and not ctx.quoted[c.i]:
                        best, best_hops = c, hops
        if best is None and (tok.head.i == tok.i or lo <= tok.head.i < hi):
            # A quote parsed as the root of its sentence: the speech clause hangs below it.
            for c in tok.children:
                if not (lo <= c.i < hi) and _is_cue(ctx, c) and c.dep_ in {"parataxis", "ccomp", "conj", "advcl"}:
                    return c
        if best is not None:
            break
    return best if best is None or best_hops <= max_hops else None


def _cue_after(ctx: _Ctx, close: int) -> Token | None:
    """Find a speech verb right after a closing mark, in the same sentence (``"…", he said``)."""
    doc = ctx.doc
    n = 0
    for tok in doc[ctx.token_at(close) :]:
        if tok.idx < close:
            continue
        if ctx.quoted[tok.i] or "\n" in tok.text or (n > 0 and tok.text in {".", "!", "?", ";"}):
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
    hi = ctx.token_at(open_at)
    if not doc or hi >= len(doc):
        return None
    sent = ctx.sent_of[hi]
    first = ctx.sent_bounds[sent][0]
    # "He said:" at the end of the previous paragraph introduces a quote that opens the next one.
    if ctx.text[:open_at].rstrip().endswith(":") and first >= hi - 1 and sent > 0:
        first = ctx.sent_bounds[sent - 1][0]
    for i in range(hi - 1, first - 1, -1):
        tok = doc[i]
        if ctx.quoted[tok.i]:
            continue
        if _is_cue(ctx, tok):
            return tok
        if _is_according(ctx, tok):
            return tok
    return None


def _subject(ctx: _Ctx, verb: Token) -> Token | None:
    """The grammatical subject of a speech verb, climbing conjoined and subordinate verbs."""
    node = verb
    for _ in range(4):
        for c in node.children:
            if c.dep_ in _SUBJECT_DEPS and not ctx.quoted[c.i]:
                return c
        if node.dep_ == "acl" and node.head.lower_ in _MESSAGE_NOUNS and node.head.head.i != node.head.i:
            node = node.head.head  # "issued a statement warning that …": the issuer warns
            continue
        if node.dep_ == "acl" and node.head.dep_ == "ROOT" and node.head.pos_ in {"NOUN", "PROPN"}:
            # The parser rooted the sentence on its subject and hung the main verb below it as a
            # reduced relative ("The group, WeWorkers Coalition, formed … and sent … stating").
            if not ctx.quoted[node.head.i]:
                return node.head
            break
        if node.dep_ in _CLIMB_DEPS and node.head.i != node.i:
            if node.dep_ == "xcomp":
                # Object control: "prompted users to argue" -> the users argue.
                for c in node.head.children:
                    if c.dep_ == "dobj" and not ctx.quoted[c.i]:
                        return c
            node = node.head
            continue
        break
    return None


def _np_span(ctx: _Ctx, head: Token) -> Span:
    """The noun phrase of a subject: the head and its left modifiers (det, amod, compound, poss)."""
    lo = head.i
    for c in head.lefts:
        if c.dep_ in _NP_LEFT_DEPS and not ctx.quoted[c.i]:
            lo = min(lo, c.left_edge.i)
    return ctx.doc[lo : head.i + 1]


def _entity_speaker(m: EntityMention, span: Span | Token | None = None) -> Speaker:
    key = None if m.key.startswith("?:") else m.key
    if span is None:
        return Speaker(name=m.canonical, key=key, mention=m.text, start=m.start, end=m.end)
    start = span.idx if isinstance(span, Token) else span.start_char
    return Speaker(name=m.canonical, key=key, mention=span.text, start=start, end=start + len(span.text))


def _subject_weight(ctx: _Ctx, m: EntityMention) -> float:
    """1 for a grammatical subject (or its name part), 0.5 for a subject's possessor, else 0."""
    if not ctx.parsed:
        return 0.0
    lo, hi = ctx.token_at(m.start), ctx.token_at(max(m.end - 1, m.start))
    for tok in ctx.doc[lo : hi + 1]:
        node = tok
        for _ in range(3):
            if node.dep_ in _SUBJECT_DEPS:
                return 1.0
            if node.dep_ == "poss" and node.head.dep_ in _SUBJECT_DEPS:
                return 0.5
            if node.dep_ not in {"compound", "flat", "appos"} or node.head.i == node.i:
                break
            node = node.head
    return 0.0


@dataclass(slots=True)
class _Candidate:
    ent: EntityMention
    last: int
    sent: int
    subject: float = 0.0
    speaker: float = 0.0
    count: int = 0


def _resolve(ctx: _Ctx, before: int, labels: frozenset[str], role: str | None,
             history: Sequence[tuple[int, EntityMention]], gender: str | None = None) -> EntityMention | None:  # fmt: skip
    """Find the entity a pronoun or nominal refers to, among mentions outside quotes.

    Candidates from the last few sentences are scored: recency (one point per sentence back),
    grammatical subject (+1.5), earlier speaker (+1), repeated mentions (+0.3 each, up to 3); a
    person whose name or honorific shows the other gender than the pronoun loses 4 points.

    Args:
        ctx: Document lookups.
        before: Offset of the referring expression.
        labels: Entity labels that can be meant (PERSON for "he", ORG/GPE for "the ministry").
        role: The role noun ("president"); a mention with that title just before it wins.
        history: Speakers already resolved (offset of their mention, entity), usable as antecedents.
        gender: "m" for "he", "f" for "she", None otherwise.
    """
    if not ctx.doc:
        return None
    sent = ctx.sent_of[ctx.token_at(before)]
    first_sent = max(0, sent - _LOOKBACK_SENTENCES)
    window_start = ctx.doc[ctx.sent_bounds[first_sent][0]].idx
    mentions = [
        m
        for m in ctx.mentions_between(window_start, before)
        if m.end <= before and (m.label in labels or ("PERSON" in labels and _speaking_surname(ctx, m)))
    ]
    lo_u, hi_u = (
        bisect.bisect_left(ctx.untyped_starts, window_start),
        bisect.bisect_left(ctx.untyped_starts, before),
    )
    mentions = sorted(mentions + ctx.untyped[lo_u:hi_u], key=lambda m: m.start)
    if role is not None:
        for m in reversed(mentions):
            lead = re.findall(r"[\w-]+", ctx.text[max(0, m.start - 40) : m.start].lower())[-4:]
            if role in lead or role in m.text.lower().split():
                return m
        # The same role noun keeps its referent ("The group, WeWorkers Coalition, ..." then "the group").
        known = ctx.roles.get(role)
        if known is not None and known.label in labels:
            return known
    cands: dict[str, _Candidate] = {}
    for m in mentions:
        c = cands.setdefault(m.key, _Candidate(m, m.start, 0))
        c.last = max(c.last, m.start)
        c.sent = ctx.sent_of[ctx.token_at(c.last)]
        c.subject = max(c.subject, _subject_weight(ctx, m))
        c.count += 1
    for off, ent in history:
        # A one-word "organisation" that speaks is usually a surname the small model mislabelled.
        surname = "PERSON" in labels and ent.label == "ORG" and " " not in ent.canonical and not ent.canonical.isupper()
        if window_start <= off < before and (ent.label in labels or surname or ent.key.startswith("?:")):
            c = cands.setdefault(ent.key, _Candidate(ent, off, ctx.sent_of[ctx.token_at(off)]))
            if off >= c.last:
                c.last, c.sent = off, ctx.sent_of[ctx.token_at(off)]
            c.subject = 1.0
            c.speaker = 0.5 if surname else 1.0
    if not cands:
        return None

    def score(c: _Candidate) -> tuple[float, int]:
        clash = gender is not None and ctx.gender(c.ent) not in {None, gender}
        return (-(sent - c.sent) + 1.5 * c.subject + c.speaker + 0.3 * min(c.count, 3) - 4.0 * clash, c.last)

    return max(cands.values(), key=score).ent


def _speaking_surname(ctx: _Ctx, m: EntityMention) -> bool:
    """Tell whether a one-word ORG/GPE mention is the subject of a speech verb ("Volker said").

    Organisations speak too, but a capitalised single word that says things is more often a surname
    the small model mislabelled, so it may stand for "he"/"she".
    """
    if m.label not in {"ORG", "GPE"} or " " in m.text or m.text.isupper() or not ctx.parsed:
        return False
    tok = ctx.doc[ctx.token_at(m.start)]
    return tok.dep_ in _SUBJECT_DEPS and _is_cue(ctx, tok.head)


def _speaker_of(ctx: _Ctx, head: Token | None, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    """Turn a subject token into a Speaker: entity, resolved pronoun/nominal, or the noun phrase."""
    if head is None or ctx.quoted[head.i]:
        return None
    m = ctx.mention_at(head.idx, head.idx + len(head))
    if m is not None and not ctx.in_quote(m.start):
        return _entity_speaker(m)
    lower = head.lower_
    np = _np_span(ctx, head)
    role_noun = lower in _PERSON_ROLES or lower in _ORG_ROLES
    # "Press Secretary Josh Earnest", "the company's spokesman", "a spokesman, John Smith,"
    best: EntityMention | None = None
    holder = False  # "China's ambassador": a person holding a country's office, not the country
    for c in head.children:
        if ctx.quoted[c.i] or c.dep_ not in _NAME_DEPS or (c.dep_ != "appos" and not role_noun):
            continue
        cm = ctx.mention_at(c.idx, c.idx + len(c))
        if cm is not None and c.dep_ == "poss" and cm.label in {"GPE", "NORP"} and lower in _PERSON_ROLES:
            holder = True
            continue
        if (
            cm is not None
            and cm.label in _SPEAKER_LABELS
            and (best is None or (cm.label == "PERSON" and best.label != "PERSON"))
        ):
            best = cm
    if best is not None:
        return _entity_speaker(best, np)
    if holder:
        return _office_holder(ctx, head, np)
    if lower in _HE_SHE:
        gender = "m" if lower == "he" else "f"
        ent = _resolve(ctx, head.idx, frozenset({"PERSON"}), None, history, gender)
        return None if ent is None else _entity_speaker(ent, head)
    if lower in _THEY_IT:
        ent = _resolve(ctx, head.idx, frozenset({"ORG", "GPE", "NORP"}), None, history)
        return None if ent is None else _entity_speaker(ent, head)
    if head.pos_ == "PRON" or lower in _NON_SPEAKERS:
        return None
    lefts = [c for c in head.lefts if not ctx.quoted[c.i]]
    definite = any(c.dep_ == "det" and c.lower_ in {"the", "this", "that"} for c in lefts)
    # Marks around a title are not modifiers: the "Pose" actor is still "the actor".
    bare = all(c.dep_ == "det" or c.is_punct for c in lefts)
    if definite and bare and lower in _PERSON_ROLES:
        ent = _resolve(ctx, head.idx, frozenset({"PERSON"}), lower, history, _ROLE_GENDER.get(lower))
        if ent is not None:
            ctx.roles[lower] = ent
            return _entity_speaker(ent, np)
    if definite and bare and lower in _ORG_ROLES:
        ent = _resolve(ctx, head.idx, frozenset({"ORG", "GPE"}), lower, history)
        if ent is not None:
            ctx.roles[lower] = ent
            return _entity_speaker(ent, np)
    # An organisation named in a prepositional phrase: "a statement from the Kremlin".
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in {"from", "for", "of", "at"}:
            for t in c.subtree:
                cm = ctx.mention_at(t.idx, t.idx + len(t))
                if cm is not None and cm.label in _SPEAKER_LABELS and not ctx.in_quote(cm.start):
                    return _entity_speaker(cm, np)
    if head.tag_ in {"NNP", "NNPS"}:
        # A proper name the model cut short: "High Commissioner" + "for Human Rights".
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ in {"for", "of"}:
                tail = list(c.subtree)[1:]
                if tail and all(t.tag_ in {"NNP", "NNPS"} or t.lower_ in {"and", "&"} for t in tail):
                    np = ctx.doc[np.start : c.right_edge.i + 1]
                break
    name = re.sub(r"^(?:the|The|THE)\s+", "", np.text).strip()
    if not name or not any(ch.isalpha() for ch in name):
        return None
    return Speaker(name=name, mention=np.text, start=np.start_char, end=np.end_char)


def _office_holder(ctx: _Ctx, head: Token, np: Span) -> Speaker:
    """Name an unnamed office holder by the role phrase and its complement ("China's ambassador to Britain")."""
    hi = head.i
    for c in head.rights:
        if c.dep_ == "prep" and c.lower_ in {"to", "for", "of", "at", "in"}:
            last = c.right_edge.i
            if not any(ctx.quoted[i] for i in range(c.i, last + 1)):
                hi = last
            break
    span = ctx.doc[np.start : hi + 1]
    name = re.sub(r"^(?:the|The|THE)\s+", "", span.text).strip()
    return Speaker(name=name, mention=span.text, start=span.start_char, end=span.end_char)


def _adjacent_entity(ctx: _Ctx, verb: Token) -> EntityMention | None:
    """A speaker named next to a verb that has no parsed subject ("…," said Avi Bell; Safadi warning)."""
    doc = ctx.doc
    if verb.i > 0:
        prev = doc[verb.i - 1]
        m = ctx.mention_at(prev.idx, prev.idx + len(prev))
        if m is not None and m.label in _SPEAKER_LABELS and not ctx.in_quote(m.start):
            return m
        lo = prev.i
        while lo > 0 and doc[lo - 1].dep_ == "compound" and doc[lo - 1].tag_ in {"NNP", "NNPS"}:
            lo -= 1
        u = ctx.untyped_at(doc[lo].idx)
        if u is not None:
            return u
    prev_text = doc[verb.i - 1].text if verb.i > 0 else ""
    if prev_text in {",", "”", '"', "»", "’"} or (verb.i > 1 and doc[verb.i - 2].text in {",", "”", '"'}):
        for tok in doc[verb.i + 1 : verb.i + 6]:
            if tok.is_punct:
                break
            m = ctx.mention_at(tok.idx, tok.idx + len(tok))
            if m is not None and m.label in _SPEAKER_LABELS:
                return m
    return None


def _speaker_for_cue(ctx: _Ctx, cue: Token, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    """Name the speaker of a cue: the subject of the verb, or the object of "according to"."""
    if cue.lower_ == "according":
        doc = ctx.doc
        obj = next((c for c in cue.subtree if c.dep_ == "pobj"), None) if ctx.parsed else None
        if obj is None and cue.i + 2 < len(doc):
            obj = doc[cue.i + 2]
        if obj is None:
            return None
        for t in obj.subtree if ctx.parsed else [obj]:
            cm = ctx.mention_at(t.idx, t.idx + len(t))
            if cm is not None and not ctx.in_quote(cm.start) and cm.label in _SPEAKER_LABELS:
                return _entity_speaker(cm)
        return _speaker_of(ctx, obj, history)
    subj = _subject(ctx, cue) if ctx.parsed else None
    if subj is None:
        ent = _adjacent_entity(ctx, cue)
        return None if ent is None else _entity_speaker(ent)
    return _speaker_of(ctx, subj, history)


def _cue_text(cue: Token) -> str:
    return "according to" if cue.lower_ == "according" else cue.text


def _is_clause(ctx: _Ctx, lo: int, hi: int) -> bool:
    """Tell whether the quote tokens [lo, hi) contain a verb with its subject (a full clause)."""
    if not ctx.parsed:
        return False
    return any(tok.dep_ in _CLAUSE_SUBJECTS and lo <= tok.head.i < hi for tok in ctx.doc[lo:hi])


def _looks_like_name(content: str) -> bool:
    """Tell whether a short quote is a name or title ("Three Amigos", "factcheckUK", "CCHQ Press")."""
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    return bool(words) and all(w[0].isupper() or any(ch.isupper() for ch in w[1:]) for w in words)


def _scare_marked(text: str, open_at: int, short: bool) -> bool:
    """Tell whether the words before a quote introduce a term rather than speech ("the slogan").

    For short quotes the marker may be up to three words back; for longer ones it must be the word
    right before the mark ("with the slogan "Meth, we're on it."").
    """
    before = re.findall(r"[\w-]+", text[max(0, open_at - 30) : open_at].lower())[-3:]
    if not short:
        return bool(before) and before[-1] in _SCARE_CUES
    return any(w in _SCARE_CUES for w in before) or " ".join(before[-2:]) in {"known as", "referred to"}


def _names_a_noun(ctx: _Ctx, start: int, end: int) -> bool:
    """Tell whether a quote is a name in front of a noun ("the “one country, two systems” formula").

    A quote between a determiner, possessive or adjective and a common noun modifies that noun: it
    names a slogan, campaign or programme ("the viral “Meth. We’re on it.” awareness campaign").
    """
    if not ctx.tagged:
        return False
    doc = ctx.doc
    lo, hi = ctx.token_at(start), ctx.token_at(end - 1) + 1
    before = lo - 1
    while before >= 0 and (doc[before].is_space or doc[before].text in {"“", '"', "«", "„", "‘"}):
        before -= 1
    after = hi
    while after < len(doc) and (doc[after].idx < end or doc[after].is_space or doc[after].text in {"”", '"', "»", "’"}):
        after += 1
    if before < 0 or after >= len(doc):
        return False
    prev, nxt = doc[before], doc[after]
    opener = prev.tag_ in {"DT", "PRP$", "POS", "JJ"} and prev.lower_ not in {"that", "this", "these", "those"}
    return opener and nxt.tag_ in {"NN", "NNS"} and nxt.text[:1].islower() and not _is_cue(ctx, nxt)


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: QuoteKind
    cue: Token | None
    speaker: Speaker | None
    long: bool = True


def _marked_quotes(ctx: _Ctx, history: list[tuple[int, EntityMention]]) -> list[_Found]:
    """Attribute every quoted span through its own cue (continuations are settled later)."""
    found: list[_Found] = []
    text = ctx.text
    for start, end in ctx.spans:
        lo, hi = ctx.token_at(start), ctx.token_at(end - 1) + 1
        content = text[start:end]
        short = _word_count(content) <= _SCARE_MAX_WORDS and not _is_clause(ctx, lo, hi)
        cue: Token | None = None
        if (
            _scare_marked(text, start - 1, short)
            or (short and _looks_like_name(content))
            or _names_a_noun(ctx, start, end)
        ):
            short = True
        else:
            cue = _cue_by_parse(ctx, lo, hi, _SHORT_MAX_HOPS if short else 12)
            if cue is None and not short:
                cue = _cue_after(ctx, end + 1) or _cue_before(ctx, start - 1)
        speaker = _speaker_for_cue(ctx, cue, history) if cue is not None else None
        if cue is None and short:
            kind: QuoteKind = "scare"
        elif not short and (_is_clause(ctx, lo, hi) or (content[:1].isupper() and _opens_sentence(text, start))):
            kind = "direct"
        else:
            kind = "partial"
        found.append(_Found(start, end, kind, cue, speaker if kind != "scare" else None, not short))
        _remember(ctx, speaker, history)
    return found


def _remember(ctx: _Ctx, speaker: Speaker | None, history: list[tuple[int, EntityMention]]) -> None:
    """Record a resolved speaker as an antecedent for later pronouns."""
    if speaker is None or speaker.start is None:
        return
    ent = ctx.by_key.get(speaker.key) if speaker.key is not None else None
    if ent is None:
        ent = ctx.untyped_at(speaker.start)
    if ent is not None:
        history.append((speaker.start, ent))


def _continue_speakers(ctx: _Ctx, found: list[_Found]) -> None:
    """Give an unattributed quote the speaker of the statement right before it.

    Applies within a paragraph, or when the quote opens the paragraph after that statement, and
    only if no other person is named outside quotes in between (news style: ``"…," she said. "…"``).
    """
    text = ctx.text
    last: _Found | None = None
    for f in sorted(found, key=lambda f: f.start):
        if f.kind == "scare":
            continue
        if f.speaker is None and f.long and f.kind != "indirect" and last is not None and last.speaker is not None:
            gap = text[last.end : max(last.end, f.start - 1)]
            same_par = "\n" not in gap
            opens_par = not same_par and not gap[gap.rfind("\n") + 1 :].strip()
            prev_par = text.count("\n\n", last.end, f.start) <= 1 or gap.strip(' \n”"»’.,') == ""
            others = any(
                m.label == "PERSON" and m.key != last.speaker.key and _subject_weight(ctx, m) == 1.0
                for m in ctx.mentions_between(last.end, f.start)
            )
            if not others and (same_par or (opens_par and prev_par)):
                f.speaker = Speaker(name=last.speaker.name, key=last.speaker.key)
        if f.speaker is not None:
            last = f


def _opens_sentence(text: str, start: int) -> bool:
    """Tell whether a quote starts a sentence or follows an introducing colon or comma."""
    before = text[:start].rstrip(" \"“„«‘'`")
    return not before or before[-1] in '.!?:,\n”"»'


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


def _content_span(ctx: _Ctx, lo: int, hi: int) -> tuple[int, int] | None:
    """Character span of tokens [lo, hi) without a leading "that"/comma and trailing punctuation."""
    doc = ctx.doc
    while lo < hi and (doc[lo].lower_ in {"that", ",", ":"} or doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space or doc[hi - 1].dep_ == "cc"):
        hi -= 1
    if hi - lo < 3:
        return None
    return doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])


def _clause_bounds(clause: Token) -> tuple[int, int]:
    """Token bounds of a reported clause, without a trailing conjoined clause ("…, but he did …")."""
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    for c in clause.rights:
        if c.dep_ in {"conj", "cc"}:
            hi = min(hi, c.left_edge.i)
            break
    return lo, hi


def _reported_clause(verb: Token) -> Token | None:
    """The clause a speech verb reports: a ccomp with a subject or "that", or a that-clause below its object."""
    for c in verb.children:
        if c.dep_ == "ccomp" and any(k.dep_ in _CLAUSE_SUBJECTS or k.dep_ == "mark" for k in c.children):
            return c
    # "told The Hill in a statement that …": the that-clause hangs below a noun.
    stack = [(c, 1) for c in verb.children if c.dep_ in {"dobj", "prep", "npadvmod", "dative"}]
    while stack:
        node, depth = stack.pop()
        for c in node.children:
            if c.dep_ in {"ccomp", "acl"} and any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children):
                return c
            if depth < 3 and c.pos_ not in {"VERB", "AUX"}:
                stack.append((c, depth + 1))
    return None


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
        if _is_according(ctx, tok):
            found = _indirect_according(ctx, tok, history)
            if found is not None:
                out.append(found)
            continue
        if tok.lower_ not in verbs.indirect_forms or not _is_cue(ctx, tok):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        span: tuple[int, int] | None = None
        clause = _reported_clause(tok)
        if clause is not None:
            span = _content_span(ctx, *_clause_bounds(clause))
        elif tok.lower_ in verbs.object_forms:
            kids = [c for c in tok.rights if c.dep_ not in {"conj", "cc", "punct"}]
            if tok.lower_ in verbs.call_forms:
                # "called for …", "called on X to …", "called Russia for …"; not "called Lavrov" (phoned).
                has_obj = any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in kids)
            else:
                has_obj = any(c.dep_ in {"dobj", "xcomp"} for c in kids)
            if has_obj and not any(c.dep_ == "oprd" for c in kids):
                span = _content_span(ctx, tok.i, kids[-1].right_edge.i + 1)
        if span is None or any(a < span[1] and span[0] < b for a, b in ctx.spans):
            continue
        speaker = _speaker_for_cue(ctx, tok, history)
        if speaker is None:
            continue
        out.append(_Found(span[0], span[1], "indirect", tok, speaker))
    return out


def _indirect_according(ctx: _Ctx, acc: Token, history: Sequence[tuple[int, EntityMention]]) -> _Found | None:
    """``According to X, <content>`` or ``<content>, according to X`` in a sentence without marks or verbs."""
    s_lo, s_hi = ctx.sent_bounds[ctx.sent_of[acc.i]]
    sent_start, sent_end = ctx.sent_span(acc.i)
    if any(a < sent_end and sent_start < b for a, b in ctx.spans):
        return None
    if any(_is_cue(ctx, t) for t in ctx.doc[s_lo:s_hi]):
        return None
    phrase_lo, phrase_hi = acc.left_edge.i, max(acc.right_edge.i + 1, acc.i + 3)
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
    ctx = _Ctx(doc, entities, find_quote_marks(doc.text))
    history: list[tuple[int, EntityMention]] = []
    found = _marked_quotes(ctx, history)
    used = {f.cue.i for f in found if f.cue is not None}
    found.extend(_indirect(ctx, used, history))
    found.sort(key=lambda f: (f.start, f.end))
    _continue_speakers(ctx, found)
    return tuple(
        Quote(
            text=ctx.text[f.start : f.end],
            start=f.start,
            end=f.end,
            kind=f.kind,
            cue=None if f.cue is None else _cue_text(f.cue),
            speaker=f.speaker,
        )
        for f in found
    )
