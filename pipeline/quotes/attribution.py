"""Quote attribution assembled: marked quotes, their continuations, and reported speech.

``attribute_quotes`` runs three passes over a ``DocContext``: each quoted span gets its own cue,
speaker and kind; reported speech without marks is found from the remaining speech verbs and
"according to"; then quotes with no cue inherit the speaker of the statement right before them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Token

from pipeline.quotes.context import DocContext
from pipeline.quotes.lexicon import QuoteLexicon, default_lexicon
from pipeline.quotes.marks import find_quote_marks
from pipeline.quotes.speakers import cue_after, cue_before, cue_by_parse, remember, speaker_for_cue, subject_weight
from schemas.articles import EntityMention, Quote, QuoteKind, Speaker

__all__ = ["attribute_quotes"]

_SCARE_MAX_WORDS: Final = 4
_SHORT_MAX_HOPS: Final = 5
_CLAUSE_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _cue_text(ctx: DocContext, cue: Token) -> str:
    """The cue as reported in a ``Quote``: the verb's text, or the source phrase ("according to", "selon")."""
    phrase = ctx.according_phrase(cue)
    return cue.text if phrase is None else " ".join(phrase)


def _is_clause(ctx: DocContext, lo: int, hi: int) -> bool:
    """Tell whether the quote tokens [lo, hi) contain a verb with its subject (a full clause)."""
    if not ctx.parsed:
        return False
    return any(tok.dep_ in _CLAUSE_SUBJECTS and lo <= tok.head.i < hi for tok in ctx.doc[lo:hi])


def _looks_like_name(content: str) -> bool:
    """Tell whether a short quote is a name or title ("Three Amigos", "factcheckUK", "CCHQ Press")."""
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    return bool(words) and all(w[0].isupper() or any(ch.isupper() for ch in w[1:]) for w in words)


def _scare_marked(text: str, open_at: int, short: bool, cues: frozenset[str]) -> bool:
    """Tell whether the words before a quote introduce a term rather than speech ("the slogan").

    For short quotes a word of ``cues`` up to three words back, or "known as"/"referred to" right
    before, marks a term; for longer ones only a word of ``cues`` right before the mark does ("with
    the slogan "Meth, we're on it."").
    """
    before = re.findall(r"[\w-]+", text[max(0, open_at - 30) : open_at].lower())[-3:]
    if not short:
        return bool(before) and before[-1] in cues
    return any(w in cues for w in before) or " ".join(before[-2:]) in {"known as", "referred to"}


def _names_a_noun(ctx: DocContext, start: int, end: int) -> bool:
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
    return opener and nxt.tag_ in {"NN", "NNS"} and nxt.text[:1].islower() and not ctx.is_cue(nxt)


@dataclass(slots=True)
class _Found:
    """A statement found in the text, before it becomes a ``Quote``.

    ``long`` is False for short fragments and scare quotes, which never inherit a speaker.
    """

    start: int
    end: int
    kind: QuoteKind
    cue: Token | None
    speaker: Speaker | None
    long: bool = True


def _marked_quotes(ctx: DocContext, history: list[tuple[int, EntityMention]]) -> list[_Found]:
    """Attribute every quoted span through its own cue (continuations are settled later)."""
    found: list[_Found] = []
    text = ctx.text
    for start, end in ctx.spans:
        lo, hi = ctx.token_at(start), ctx.token_at(end - 1) + 1
        content = text[start:end]
        short = _word_count(content) <= _SCARE_MAX_WORDS and not _is_clause(ctx, lo, hi)
        cue: Token | None = None
        if (
            _scare_marked(text, start - 1, short, ctx.lexicon.scare_cues)
            or (short and _looks_like_name(content))
            or _names_a_noun(ctx, start, end)
        ):
            short = True
        else:
            cue = cue_by_parse(ctx, lo, hi, _SHORT_MAX_HOPS if short else 12)
            if cue is None and not short:
                cue = cue_after(ctx, end + 1) or cue_before(ctx, start - 1)
        speaker = speaker_for_cue(ctx, cue, history) if cue is not None else None
        if cue is None and short:
            kind: QuoteKind = "scare"
        elif not short and (_is_clause(ctx, lo, hi) or (content[:1].isupper() and _opens_sentence(text, start))):
            kind = "direct"
        else:
            kind = "partial"
        found.append(_Found(start, end, kind, cue, speaker if kind != "scare" else None, not short))
        remember(ctx, speaker, history)
    return found


def _continue_speakers(ctx: DocContext, found: list[_Found]) -> None:
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
                m.label == "PERSON" and m.key != last.speaker.key and subject_weight(ctx, m) == 1.0
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


def _content_span(ctx: DocContext, lo: int, hi: int) -> tuple[int, int] | None:
    """Character span of tokens [lo, hi) without a leading "that"/comma and trailing punctuation."""
    doc = ctx.doc
    skip = ctx.lexicon.complementizers | {",", ":"}
    while lo < hi and (doc[lo].lower_ in skip or doc[lo].is_space or doc[lo].is_punct):
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


def _reported_clause(verb: Token, complementizers: frozenset[str]) -> Token | None:
    """The clause a speech verb reports: a ccomp with a subject or "that", or a that-clause below its object."""
    for c in verb.children:
        if c.dep_ == "ccomp" and any(k.dep_ in _CLAUSE_SUBJECTS or k.dep_ == "mark" for k in c.children):
            return c
    # "told The Hill in a statement that …": the that-clause hangs below a noun.
    stack = [(c, 1) for c in verb.children if c.dep_ in {"dobj", "prep", "npadvmod", "dative"}]
    while stack:
        node, depth = stack.pop()
        for c in node.children:
            if c.dep_ in {"ccomp", "acl"} and any(k.dep_ == "mark" and k.lower_ in complementizers for k in c.children):
                return c
            if depth < 3 and c.pos_ not in {"VERB", "AUX"}:
                stack.append((c, depth + 1))
    return None


def _indirect(ctx: DocContext, used_cues: set[int], history: Sequence[tuple[int, EntityMention]]) -> list[_Found]:
    """Find reported speech without marks: ``X said that …``, ``X rejected …``, ``according to X, …``."""
    if not ctx.parsed:
        return []
    lexicon = ctx.lexicon
    doc = ctx.doc
    out: list[_Found] = []
    for tok in doc:
        if tok.i in used_cues or ctx.quoted[tok.i]:
            continue
        if ctx.is_according(tok):
            found = _indirect_according(ctx, tok, history)
            if found is not None:
                out.append(found)
            continue
        if tok.lower_ not in lexicon.reporting_verbs or not ctx.is_cue(tok):
            continue
        if any(c.dep_ == "neg" for c in tok.children):
            continue
        span: tuple[int, int] | None = None
        clause = _reported_clause(tok, lexicon.complementizers)
        if clause is not None:
            span = _content_span(ctx, *_clause_bounds(clause))
        elif tok.lower_ in lexicon.object_verbs:
            kids = [c for c in tok.rights if c.dep_ not in {"conj", "cc", "punct"}]
            if tok.lower_ in lexicon.call_verbs:
                # "called for …", "called on X to …", "called Russia for …"; not "called Lavrov" (phoned).
                has_obj = any(c.dep_ == "prep" and c.lower_ in {"for", "on"} for c in kids)
            else:
                has_obj = any(c.dep_ in {"dobj", "xcomp"} for c in kids)
            if has_obj and not any(c.dep_ == "oprd" for c in kids):
                span = _content_span(ctx, tok.i, kids[-1].right_edge.i + 1)
        if span is None or any(a < span[1] and span[0] < b for a, b in ctx.spans):
            continue
        speaker = speaker_for_cue(ctx, tok, history)
        if speaker is None:
            continue
        out.append(_Found(span[0], span[1], "indirect", tok, speaker))
    return out


def _indirect_according(ctx: DocContext, acc: Token, history: Sequence[tuple[int, EntityMention]]) -> _Found | None:
    """``According to X, <content>`` or ``<content>, according to X`` in a sentence without marks or verbs."""
    s_lo, s_hi = ctx.sent_bounds[ctx.sent_of[acc.i]]
    sent_start, sent_end = ctx.sent_span(acc.i)
    if any(a < sent_end and sent_start < b for a, b in ctx.spans):
        return None
    if any(ctx.is_cue(t) for t in ctx.doc[s_lo:s_hi]):
        return None
    phrase_lo, phrase_hi = acc.left_edge.i, max(acc.right_edge.i + 1, acc.i + 3)
    if phrase_lo - s_lo >= s_hi - phrase_hi:
        span = _content_span(ctx, s_lo, phrase_lo)
    else:
        span = _content_span(ctx, phrase_hi, s_hi)
    speaker = speaker_for_cue(ctx, acc, history)
    if span is None or speaker is None:
        return None
    return _Found(span[0], span[1], "indirect", acc, speaker)


def attribute_quotes(
    doc: Doc, entities: Sequence[EntityMention], *, lexicon: QuoteLexicon | None = None
) -> tuple[Quote, ...]:
    """Find the quoted and reported statements of an article and attribute them to speakers.

    Args:
        doc: The spaCy parse of the clean body (may be rebuilt from a ``DocBin``).
        entities: The article's entity mentions from ``tag_entities``; speakers are named by their
            ``canonical`` name and ``key``.
        lexicon: The speech verbs, first names and role nouns to apply; ``default_lexicon()`` when
            None.

    Returns:
        Quotes in text order. For direct, partial and scare quotes ``text == doc.text[start:end]``
        (the content without marks); for indirect speech the span covers the reported content.
    """
    ctx = DocContext(doc, entities, find_quote_marks(doc.text), default_lexicon() if lexicon is None else lexicon)
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
            cue=None if f.cue is None else _cue_text(ctx, f.cue),
            speaker=f.speaker,
        )
        for f in found
    )
