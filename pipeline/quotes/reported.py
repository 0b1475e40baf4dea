"""Reported statements without quotation marks, each with its family (``ReportKind``).

News reports far more than it quotes. Found here, outside quoted words:

* **verbs** from the speech-verb list, by family: ``speech`` ("X said that …"), ``communication``
  ("urged residents to …", "described the plan as …", "called it a disgrace", "spoke of …"),
  ``attitude`` ("wants to …", "supports expanding …"), ``evidence`` ("a poll shows that …"). The
  content is the reported clause, else (for verbs marked "!" in the list) the object, infinitive or
  prepositional complement; a bare noun-phrase object is not a statement ("questioned the
  student", "announced the results"; in the speech family one with a clause, an infinitive or a
  gerund in it is: "announced a plan to …"), and a passive verb never names its source ("was found");
  a verb set off by commas inside a clause reports that clause ("The bridge, the mayor said, will
  reopen in May");
* **noun cues** with a "that"/"to" clause ("his pledge to …", "the conclusion that …"), and "by
  his own admission, …";
* **sourcing**: "according to X" and adverbs ("reportedly", "allegedly": no named source);
* **headlines** of the form "Poll: …" or "Name: …" (a person or a document before the colon).

Who reports is the verb's subject (or the noun's possessor, or the subject of the verb the noun
hangs from), resolved like the speaker of a quote. Families other than speech need a source that
can hold a view: a named entity, a resolved pronoun, a role noun or, for evidence, a document.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import Final

from spacy.tokens import Token

from pipeline.quotes.context import EUPHONIC_T, PROPER_TAGS, RELATIVE_DEPS, SUBJECT_DEPS, DocContext
from pipeline.quotes.lexicon import QuoteLexicon
from pipeline.quotes.speakers import (
    as_clause,
    inverted_subject,
    is_document,
    may_speak,
    misparsed_source,
    negated,
    noun_of_preposition,
    participle_aside,
    person_noun,
    possessor_speaker,
    reduced_relative,
    remember,
    source_phrase,
    speaker_for_cue,
    speaker_of,
    statement_before_incise,
    subject_of,
)
from schemas.articles import EntityMention, ReportKind, Speaker

__all__ = ["FAMILY_CONFIDENCE", "Reported", "find_reported"]

_CLAUSE_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})
_OBJECT_DEPS: Final = frozenset({"dobj", "obj", "xcomp", "ccomp", "oprd", "dative", "attr", "acomp"})
_CONTENT_PREPS: Final = frozenset({"of", "about", "on", "for", "as", "against", "over"})
"""Prepositions whose phrase is the content when it comes first ("spoke of …", "commented on …")."""
_PREDICATE_DEPS: Final = frozenset({"xcomp", "ccomp", "oprd", "acomp"})
"""Complements that make an object a statement ("urged X to …", "called it a disgrace")."""
_FOLLOW_PREPS: Final = frozenset({"of", "for", "as", "about"})
_EVIDENCE_DEPS: Final = _OBJECT_DEPS | {"prep", "advmod", "npadvmod"}
"""Complements that go with a shown object: predicates, and the phrases of the shown clause."""
_SMALL_CLAUSE_DEPS: Final = frozenset({"advmod", "acomp", "oprd", "xcomp"})
_ARGUMENT_PREPS: Final = frozenset({"of", "between", "for", "against", "about", "on", "in", "among"})
"""Prepositions of a noun's own argument ("evidence of fraud", "a race between …", "a rise in crime")."""
"""Prepositions that continue an object ("accused X of …", "blamed X for …", "described X as …")."""
_CORE_OBJECTS: Final = frozenset({"dobj", "obj", "xcomp", "ccomp", "prep"})
_DIRECT_OBJECTS: Final = frozenset({"dobj", "obj"})  # spaCy English and Universal Dependencies
_DE_WORDS: Final = frozenset({"de", "du", "des", "d'", "d’"})
_HEADLINE_MAX_WORDS: Final = 25
_THING_MODIFIERS: Final = frozenset({"amod", "compound", "acl", "relcl", "nmod", "poss"})
_THING_ARGUMENTS: Final = frozenset({"of", "for", "on", "against", "about", "to", "over", "from", "into"})
"""A judged object's own words: modifiers ("stricter gun laws") and arguments ("calls for …")."""
_EMBEDDED_CLAUSES: Final = frozenset({"relcl", "ccomp", "advcl", "acl"})
_ORDER_WORDS: Final = frozenset({"first", "last", "final", "second", "third", "next"})
_RELATIVE_TAGS: Final = frozenset({"WDT", "WP", "WP$", "WRB"})
_CONCESSIVE_MARKS: Final = frozenset({"though", "although", "whereas", "while"})
_TEMPORAL_MARKS: Final = frozenset({"while"})
"""Concessive marks that also say when ("while the talks continued")."""
_MEASURE_ENTS: Final = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "CARDINAL", "PERCENT", "ORDINAL"})
_VALUE_ENTS: Final = frozenset({"PERCENT", "CARDINAL", "QUANTITY", "MONEY"})
"""What a finding places its object at (not a time: "found its way to reporters within hours")."""
_OBJECT_IS_CONTENT: Final = frozenset(
    "promise promises promised promising pledge pledges pledged pledging vow vows vowed vowing "
    "threaten threatens threatened threatening predict predicts predicted predicting "
    "warn warns warned warning".split()
)
"""Verbs whose bare object is what they commit to or foresee ("promised a full investigation",
"threatened retaliation", "predicted a landslide"): a statement even as a noun phrase."""
_WORD_RE: Final = re.compile(r"\w+")


FAMILY_CONFIDENCE: Final[Mapping[ReportKind, float]] = MappingProxyType({
    "speech": 0.92, "communication": 0.72, "attitude": 0.47, "evidence": 0.71, "noun": 0.64,
    "sourcing": 0.89, "headline": 0.50,
})  # fmt: skip
"""Each family's precision on the news dev set, (right + 1) / (found + 2) at overlap 0.3
(``bench/quotes_eval.py --set news-dev``, 46 texts, 2026-12-04 thirteenth session: speech 134/145,
communication 25/34, attitude 7/15, evidence 4/5, noun 8/12, sourcing 7/7; headline 2/4 since
title-case headlines are read, 2026-12-06): the ``confidence`` of its indirect quotes."""


@dataclass(frozen=True, slots=True)
class Reported:
    """A reported statement: its content's character span, cue, source and family.

    ``cue`` is the verb, noun or adverb that marks the report; None for a headline colon.
    """

    start: int
    end: int
    cue: Token | None
    speaker: Speaker | None
    report: ReportKind


def find_reported(ctx: DocContext, history: list[tuple[int, EntityMention]]) -> list[Reported]:
    """Find the reported statements of a document outside quotes.

    A cue of a quoted statement may report too ("said a "credibility gap" existed"); a report
    whose content is only quoted words is left to the quote.

    Args:
        ctx: Document lookups (needs a parse; an unparsed document has none).
        history: Speakers resolved so far, as antecedents for pronouns; the speakers of the reports
            of speech found here join it in text order ("Marlowe told the crowd that …. She said …").
    """
    if not ctx.parsed:
        return []
    out: list[Reported] = []
    lexicon = ctx.lexicon
    for tok in ctx.doc:
        lower = tok.lower_
        if lower not in lexicon.report_cues or ctx.quoted[tok.i] or _beyond_prose(ctx, tok):
            continue
        found: Reported | None
        if ctx.is_according(tok):
            found = _according(ctx, tok, history)
        elif lower in lexicon.raising_verbs and (found := _raised_report(ctx, tok, history)) is not None:
            pass
        elif ctx.is_cue(tok, reporting=True):
            found = (lexicon.inverted_subjects and _incise_report(ctx, tok, history)) or _verb_report(ctx, tok, history)
        elif lower in lexicon.belief_adjectives or lower in lexicon.intention_adjectives:
            found = _adjective_report(ctx, tok, history)
        elif lower in lexicon.view_nouns and (found := _in_view_report(ctx, tok, history)) is not None:
            pass
        elif lower in lexicon.noun_cues and tok.pos_ == "NOUN" and not _in_order(tok):
            found = _noun_report(ctx, tok, history)
        elif lower in lexicon.sourcing_adverbs and tok.dep_ == "advmod":
            found = _adverb_report(ctx, tok)
        elif lower in lexicon.hearing_verbs:
            found = _heard_report(ctx, tok)
        elif lower in lexicon.learning_verbs:
            found = _learned_report(ctx, tok, history)
        elif lower in lexicon.making_verbs:
            found = _made_clear(ctx, tok, history)
        else:
            continue
        if found is not None and (found := _in_cue_paragraph(ctx, found)) is not None:
            out.extend(_coordinated_reports(ctx, found) if lexicon.repeated_complementizer else [found])
            if (
                found.report in _SPOKEN
                and found.speaker is not None
                and (found.speaker.key or "").startswith("person:")
            ):
                remember(ctx, found.speaker, history)
    out.extend(_headlines(ctx))
    said = _said_in_headlines(ctx)
    if said:
        # A title-case line is read by its words: the parse of it reports nothing besides.
        lines = {ctx.text.rfind("\n", 0, h.start) for h in said}
        out = [f for f in out if f.cue is None or ctx.text.rfind("\n", 0, f.cue.idx) not in lines]
        out.extend(said)
    return _without_nested([f for f in out if not _only_quoted(ctx, f)])


_SPOKEN: Final = frozenset({"speech", "communication", "sourcing"})
"""Report families whose speakers are antecedents as the speakers of quotes are: they spoke ("according
to X" and "selon X" name who said it).

Only a named person is remembered so: an organisation a role noun stood for ("the ministry said")
would otherwise stand for a later "he" as a mislabelled surname does (``speakers._resolve``)."""

_PROSE_SENTENCE_TOKENS: Final = 300
"""Longer "sentences" are no prose: lists, tables, unpunctuated dumps. News sentences run to 20-40 tokens
(at most 91 in the 2,417 of the four quote sets); 30,000 names joined by "said" would make a chain of
reports each holding the rest of the text, quadratic in time and size."""


def _beyond_prose(ctx: DocContext, tok: Token) -> bool:
    """Tell a token of a sentence too long to be prose (``_PROSE_SENTENCE_TOKENS``)."""
    lo, hi = ctx.sent_bounds[ctx.sent_of[tok.i]]
    return hi - lo > _PROSE_SENTENCE_TOKENS


def _in_order(noun: Token) -> bool:
    """Tell "in order to …", "in order that …" (a conjunction of purpose) from the noun "order"."""
    return noun.lower_ == "order" and noun.i > 0 and noun.nbor(-1).lower_ == "in"


def _coordinated_reports(ctx: DocContext, found: Reported) -> list[Reported]:
    """``found`` and the reported clauses coordinated after its own, each opened by its own complementizer.

    "Le maire a répondu que des créneaux avaient été réservés et qu'un service de navettes serait mis
    en place": where the grammar repeats the complementizer (``repeated_complementizer``), each clause
    is a statement of its own, the same speaker's by the same cue. The parse hangs the second on the
    first clause or on a noun inside it ("que le site « n'est plus compétitif » face à la baisse des
    commandes et que la production sera transférée"); the first report ends before it either way. A
    clause coordinated inside a clause another verb governs ("que le maire pense que A et que B") is
    that verb's.
    """
    doc, lexicon = ctx.doc, ctx.lexicon
    clause = None if found.cue is None else _reported_clause(found.cue, lexicon.complementizers)
    if clause is None:
        return [found]

    def coordinated(t: Token) -> bool:
        node = t.head
        while node.i != clause.i and node.pos_ not in {"VERB", "AUX"} and node.head.i != node.i:
            node = node.head
        return node.i == clause.i

    conjuncts = [
        t
        for t in clause.subtree
        if t.dep_ == "conj"
        and t.idx > found.start
        and any(k.dep_ == "mark" and k.lower_ in lexicon.complementizers for k in t.children)
        and coordinated(t)
    ]
    first = doc.char_span(found.start, found.end, alignment_mode="expand")
    if not conjuncts or first is None:
        return [found]
    pieces = [(first.start, min(first.end, conjuncts[0].left_edge.i), 2)]  # the content's own end stays
    for k, conj in enumerate(conjuncts):
        lo = conj.left_edge.i
        while lo < conj.i and (doc[lo].dep_ == "cc" or doc[lo].is_punct):
            lo += 1  # "et qu'…", ", mais que …"
        hi = min(_clause_bounds(conj, lexicon)[1], conj.right_edge.i + 1)
        if k + 1 < len(conjuncts):
            hi = min(hi, conjuncts[k + 1].left_edge.i)
        pieces.append((lo, hi, _min_tokens(conj)))
    out = []
    for lo, hi, least in pieces:
        span = content_span(ctx, lo, hi, min_tokens=least)
        piece = (
            None if span is None else _in_cue_paragraph(ctx, Reported(*span, found.cue, found.speaker, found.report))
        )
        if piece is not None:
            out.append(piece)
    return out


def _in_cue_paragraph(ctx: DocContext, found: Reported) -> Reported | None:
    """The report with its content cut to the cue's paragraph (None when under three words remain).

    Reported content belongs to the cue's sentence, and a sentence never spans a line break; the
    parser sometimes runs a headline into the dateline or first line below it.
    """
    if found.cue is None:
        return found
    text = ctx.text
    lo = text.rfind("\n", 0, found.cue.idx) + 1
    hi = text.find("\n", found.cue.idx)
    hi = len(text) if hi < 0 else hi
    start, end = max(found.start, lo), min(found.end, hi)
    if (start, end) == (found.start, found.end):
        return found  # may end with the closing mark of a quote it holds ('was "a disaster"')
    while end > start and not text[end - 1].isalnum():
        end -= 1
    if len(_WORD_RE.findall(text[start:end])) < 3:
        return None
    return dataclasses.replace(found, start=start, end=end)


def _only_quoted(ctx: DocContext, found: Reported) -> bool:
    """Tell whether a report's content is only quoted words (then the quote is the statement).

    So is content that opens with quoted words and goes on without a verb, or with a conjoined verb
    that has no subject: the parse hung an adjunct or the speaker's next act on the quote ("said “the
    plan works” in Paris on Monday", 'said "we will win" and left'). A report keeps the
    quotes inside it: in "Thomas said a "credibility gap" now existed" and "Lowe calls it "an
    interesting time"" both the quote and the report are statements.
    """
    words = [
        (m.start() + found.start, m.end() + found.start) for m in _WORD_RE.finditer(ctx.text[found.start : found.end])
    ]
    covered = [ctx.quote_covers(ws, we) for ws, we in words]
    if all(covered):
        return True
    first_free = covered.index(False)
    if first_free == 0 or any(covered[first_free:]):
        return False  # words before the quote, or a quote further on: the report holds its quotes
    after = list(itertools.takewhile(lambda t: t.idx < found.end, ctx.doc[ctx.token_at(words[first_free][0]) :]))
    if not any(t.pos_ in {"VERB", "AUX"} for t in after):
        return True
    # 'said "we will win" and left': the speaker's next act, a verb conjoined with no subject of its
    # own, is the writer's narration (not '… and that they would stay', '… and the crowd cheered').
    return after[0].dep_ == "cc" and not any(
        t.dep_ in SUBJECT_DEPS or t.lower_ in ctx.lexicon.complementizers for t in after
    )


def _without_nested(found: list[Reported]) -> list[Reported]:
    """Drop a report lying inside another one of the same source (keep the outer statement).

    An adverb's unnamed source ("officers reportedly located …") gives way to a named one reporting
    the same words ("…, Matt Harris said", "according to Matt Harris"): that is who reports them.
    One whose words hold a named report stays: in "Allegedly, his sister pleaded with him to …"
    somebody unnamed reports the pleading.
    """
    named = [f for f in found if f.speaker is not None]
    found = [f for f in found if f.speaker is not None or f.report != "sourcing" or not _within_any(f, named)]
    keep: list[Reported] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        outer = next((k for k in keep if k.start <= f.start and f.end <= k.end), None)
        same = (
            f.speaker is not None
            and outer is not None
            and outer.speaker is not None
            and (
                outer.speaker.key == f.speaker.key
                if f.speaker.key is not None
                else outer.speaker.name == f.speaker.name
            )
        )
        # "what he called a rigged election" and "the deal, which she said had saved 400 jobs" stay
        # inside the speaker's outer report: a statement of their own about a noun of it.
        own = (
            f.cue is not None
            and f.cue.pos_ in {"VERB", "AUX"}
            and (_named_as(f.cue) is not None or f.cue.dep_ == "relcl")
        )
        if outer is not None and (f.speaker is None or (same and not own) or f.report == "sourcing"):
            continue
        keep.append(f)
    return keep


def _within_any(f: Reported, others: Sequence[Reported]) -> bool:
    """Tell whether a report's content lies inside the content of one of ``others``."""
    return any(o.start <= f.start and f.end <= o.end for o in others)


_TRAILING: Final = " \t\n.,;:!?…"
"""What may stand between a content's last word and the closing mark of the quote it ends in."""


def content_span(ctx: DocContext, lo: int, hi: int, min_tokens: int = 3) -> tuple[int, int] | None:
    """Character span of tokens [lo, hi) without a leading "that"/comma and trailing punctuation.

    A "that" which is the clause's subject ("That, Audi says, allows …") or a determiner opening its
    sentence ("That decision, the White House said, was final") is content, not a complementizer.
    """
    doc = ctx.doc
    skip = ctx.lexicon.complementizers | {",", ":"}

    def content_word(t: Token) -> bool:
        return t.dep_ in _CLAUSE_SUBJECTS or (t.dep_ == "det" and bool(t.is_sent_start))

    while lo < hi and ((doc[lo].lower_ in skip and not content_word(doc[lo])) or doc[lo].is_space or doc[lo].is_punct):
        lo += 1
    while hi > lo and (doc[hi - 1].is_punct or doc[hi - 1].is_space or doc[hi - 1].dep_ == "cc"):
        closing = doc[hi - 1].text
        if closing in _UNIT_SIGNS:
            break  # "sales rose 3%": a sign that the tokenizer calls punctuation is part of the figure
        if closing in _BRACKETS and doc[lo : hi - 1].text.count(_BRACKETS[closing]) > doc[lo : hi - 1].text.count(
            closing
        ):
            break  # "would reopen (next week).": the bracket the content opened closes in it
        hi -= 1
    if hi - lo < min_tokens:
        return None
    start, end = doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])
    return _with_opening_mark(ctx, start, end), _with_closing_marks(ctx, start, end)


def _with_opening_mark(ctx: DocContext, start: int, end: int) -> int:
    """The start of a content span, moved back over the opening mark of a quote it opens and that closes in it.

    'found "serious failings" in the way …': the content opens with quoted words and keeps both marks.
    """
    k = bisect.bisect_left(ctx.span_starts, start)
    if k == len(ctx.spans) or ctx.span_starts[k] != start or ctx.span_ends[k] >= end:
        return start
    mark = start
    while mark > 0 and ctx.text[mark - 1].isspace():  # scanned, not sliced: a long text has many reports
        mark -= 1
    return mark - 1 if mark > 0 and ctx.text[mark - 1] in _OPENING_MARKS else start


_OPENING_MARKS: Final = frozenset("\"“„«‹‘'")


_BRACKETS: Final = {")": "(", "]": "["}
_UNIT_SIGNS: Final = frozenset({"%"})
_INNER_SPACES: Final = frozenset(" \u00a0\u202f\u2009")  # between a quote and its French closing mark


def _with_closing_marks(ctx: DocContext, start: int, end: int) -> int:
    """The end of a content span, moved over the closing mark of a quote it opens and all but ends.

    'said the plan was "a disaster for farmers".': the content ends with the quote, so it keeps the
    closing mark (and the full stop inside it), not only the opening one. A quote running on past the
    clause keeps the span where it is.
    """
    text = ctx.text
    k = bisect.bisect_left(ctx.span_starts, start + 1)  # content starts one past its opening mark
    while k < len(ctx.spans) and ctx.span_starts[k] <= end:
        b = ctx.span_ends[k]
        if b >= end and b < len(text) and not text[end:b].strip(_TRAILING):
            # French sets its marks off with spaces: « … faits » ends after the "»", not the space
            close = b
            while close < len(text) - 1 and text[close] in _INNER_SPACES:
                close += 1
            end = close + 1 if close > b and not text[close].isalnum() and not text[close].isspace() else b + 1
        k += 1
    return end


def _min_tokens(clause: Token) -> int:
    """The fewest tokens a clause's content needs: two for a verb with a subject of its own ("profits fell").

    A shorter content is a formula ("said so", "according to him, yes"); a subject and its verb state
    something however short, unless the subject is a question word ("find what works").
    """
    stated = clause.pos_ in {"VERB", "AUX"} and any(
        c.dep_ in _CLAUSE_SUBJECTS and c.tag_ not in _RELATIVE_TAGS for c in clause.children
    )
    return 2 if stated else 3


def _clause_bounds(clause: Token, lexicon: QuoteLexicon) -> tuple[int, int]:
    """Token bounds of a reported clause, without a trailing conjoined clause or a speaker's next statement.

    The clause ends before "…, but he did …", before ", adding that …" (``_goes_on_speaking``) and
    before another source's report the writer sets against it ("…, though local media reported …",
    "…, despite reports by observers who said …").

    A conjoined predicate that shares the clause's subject ("the suspect fled and was arrested") or
    a second "that"-clause ("… and that the state would hire teachers") is still the report; a clause
    with a subject of its own, or after "but", may be the writer's, and a speech verb ("… and added")
    is the speaker's next act.
    """
    speech_verbs = lexicon.speech_verbs
    lo, hi = clause.left_edge.i, clause.right_edge.i + 1
    lo = _after_cue_time(clause, lo)
    rights = list(clause.rights)
    for c in rights:
        if _goes_on_speaking(c, speech_verbs):
            hi = min(hi, c.left_edge.i)  # "…, adding that …": the speaker's next statement
        elif c.dep_ == "advcl" and c.lower_ in speech_verbs and _conceding(c):
            hi = min(hi, c.left_edge.i)  # "…, though local media reported …": the writer sets another source against it
        elif _against_reports(c, speech_verbs):
            hi = min(hi, c.left_edge.i)  # "…, despite reports by observers who said …": so does "despite"
    for k, c in enumerate(rights):
        if c.dep_ not in {"conj", "cc"}:
            continue
        conj = c if c.dep_ == "conj" else next((r for r in rights[k + 1 :] if r.dep_ == "conj"), None)
        if conj is not None and (conj.lower_ not in speech_verbs or _in_one_quotation(clause.head, conj)):
            if _same_report(conj):
                continue
        hi = min(hi, c.left_edge.i)
        break
    else:
        if hi == clause.right_edge.i + 1 and (more := _modal_sequel(clause, speech_verbs)) is not None:
            hi = max(hi, _clause_bounds(more, lexicon)[1])
    return lo, hi


def _modal_sequel(clause: Token, speech_verbs: frozenset[str]) -> Token | None:
    """A clause the parse conjoined to the speech verb that goes on with the report in a modal.

    "Obama said change is not easy, and he will continue to pursue it": a prediction or an
    obligation ("will", "would", "could", "must") right after a reported clause is the speaker's,
    not the writer's narration, which states what happened. Only right after the clause (", and",
    "or": "but" often sets the writer's view against the report), with a subject of its own.
    """
    speech = clause.head
    if clause.dep_ != "ccomp" or speech.i > clause.i:
        return None
    doc = clause.doc
    for conj in speech.rights:
        if conj.dep_ != "conj" or conj.i < clause.i:
            continue
        gap = doc[clause.right_edge.i + 1 : conj.left_edge.i]
        if (
            all(t.is_punct or t.lower_ in {"and", "or"} for t in gap)
            and not (conj.lower_ in speech_verbs and any(c.dep_ == "ccomp" for c in conj.children))
            and _modal(conj)
            and any(c.dep_ in _CLAUSE_SUBJECTS for c in conj.children)
        ):
            return conj
        return None
    return None


def _modal(verb: Token) -> bool:
    """Tell whether a verb group holds a modal auxiliary ("will", "would", "could", "must")."""
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


_PRESENT_AUX: Final = frozenset(
    {"will", "'ll", "wo", "can", "ca", "may", "must", "shall", "is", "'s", "are", "'re", "am", "'m", "has", "have",
     "'ve", "does", "do"}
)  # fmt: skip
_BACKSHIFTED_AUX: Final = frozenset({"would", "'d", "had"})
_EITHER_FRAME_AUX: Final = frozenset({"could", "might", "should"})


def _time_frame(verb: Token) -> str | None:
    """The frame of reported speech a verb group is in: "present", "backshifted", "either" or None.

    After a past speech verb a reporter's own narration goes on in the simple past ("said the bridge
    was closed, and police arrested two men"); a clause in the present or the future ("is", "will",
    "has"), or backshifted ("would", "had"), keeps the reported speaker's time, and "could", "might",
    "should" fit either frame. A bare past ("was", "did", "fled") may be either voice's: None.
    """
    auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
    if not auxes:
        return "present" if verb.tag_ in {"VBZ", "VBP"} else None
    word = min(auxes, key=lambda c: c.i).lower_
    if word in _EITHER_FRAME_AUX:
        return "either"
    return "present" if word in _PRESENT_AUX else "backshifted" if word in _BACKSHIFTED_AUX else None


def _in_one_quotation(speech: Token, conj: Token) -> bool:
    """Tell whether a quotation opened after the speech verb is still open at the conjunct: one speaker's words.

    The last quote mark between them must open a quotation, as an opening mark stands: after a space
    or a bracket and before a word ('China "has never …, but does not fear one."'); an inch mark
    ('65" screens') or a closing mark opens nothing. Its quotation must close after the conjunct, in
    its sentence or right after it.
    """
    text = conj.doc.text
    lo, hi = speech.idx + len(speech), conj.idx
    mark = max(text.rfind(c, lo, hi) for c in '"“”')
    if mark < 0 or text[mark] == "”":
        return False
    before, after = text[mark - 1 : mark], text[mark + 1 : mark + 2]
    if not (before.isspace() or before in "([—–-") or not after or after.isspace():
        return False
    close = "”" if text[mark] == "“" else '"'
    return text.find(close, hi, conj.sent.end_char + 2) >= 0


def _same_frame(one: Token, other: Token) -> bool:
    """Two verb groups in one frame of reported speech ("will … or could …", "would … and had …")."""
    a, b = _time_frame(one), _time_frame(other)
    return a is not None and b is not None and (a == b or "either" in {a, b})


_CONCESSIVE_PREPS: Final = frozenset({"despite", "notwithstanding"})


def _against_reports(phrase: Token, speech_verbs: frozenset[str]) -> bool:
    """A concessive phrase after a comma that holds other reports ("…, despite reports by observers who said …")."""
    return (
        phrase.dep_ == "prep"
        and phrase.lower_ in _CONCESSIVE_PREPS
        and phrase.i > 0
        and phrase.nbor(-1).text == ","
        and any(t.lower_ in speech_verbs for t in phrase.subtree)
    )


def _after_cue_time(clause: Token, lo: int) -> int:
    """Where a that-less reported clause starts when the parser gave it the time of the report.

    In "The company said on Tuesday it had hired …" and "said last week it would cut …" the time
    right after the speech verb tells when it was said; the parser often hangs it on the clause. A
    clause without "that" whose words before its subject are only such a time (a date or time phrase,
    nothing else) starts at its subject. After "that" the time is the content's ("said that last
    week it had …").
    """
    verb = clause.head
    if clause.dep_ != "ccomp" or verb.i > clause.i or lo != verb.i + 1:
        return lo
    kids = list(clause.children)
    subject = next((k for k in kids if k.dep_ in _CLAUSE_SUBJECTS), None)
    if subject is None or subject.left_edge.i <= lo or any(k.dep_ == "mark" for k in kids):
        return lo
    leading = [k for k in kids if k.i < subject.left_edge.i]
    words = [t for k in leading for t in k.subtree]
    if (
        all(k.dep_ in {"prep", "npadvmod"} for k in leading)
        and len(words) == subject.left_edge.i - lo
        and any(t.ent_type_ in {"DATE", "TIME"} for t in words)
    ):
        return subject.left_edge.i
    return lo


def _conceding(clause: Token) -> bool:
    """A contrasting report with a subject of its own ("though local media reported …", "while critics say …").

    The report has content of its own, a clause or an object ("although residents reported new
    flames"): a speech verb without one is another verb ("he would stay though the talks continued").
    After "while", which also says when, only a clause: "while supporters argue it will cut crime"
    sets a report against the content; "while the opposition is challenging results" goes on with it.
    """
    kids = list(clause.children)
    mark = next((k for k in kids if k.dep_ == "mark" and k.lower_ in _CONCESSIVE_MARKS), None)
    if mark is None or not any(k.dep_ in _CLAUSE_SUBJECTS for k in kids):
        return False
    content = {"ccomp"} if mark.lower_ in _TEMPORAL_MARKS else {"ccomp", "dobj"}
    return any(k.dep_ in content for k in kids)


def _goes_on_speaking(tok: Token, speech_verbs: frozenset[str]) -> bool:
    """Tell ", adding that …", ", saying …": a speech participle after a comma, without a subject of its own."""
    doc = tok.doc
    return (
        tok.dep_ == "advcl"
        and tok.tag_ == "VBG"
        and tok.lower_ in speech_verbs
        and tok.left_edge.i == tok.i
        and tok.i > 0
        and doc[tok.i - 1].text == ","
    )


def _continued_report(ctx: DocContext, verb: Token) -> Token | None:
    """The speech verb whose speaker goes on in ", adding that …" (the parser hangs it inside the first report).

    "X said the line would remain closed, adding that buses would run": "adding" is X's, though the
    parse makes it a clause of "remain". Only the lexicon's ``continuing_verbs`` ("adding", "noting")
    go on with the reporter: other participles belong to the reported clause's subject ("Police said
    the man approached officers, saying he had a bomb": the man says it). None when the participle
    hangs on no report.
    """
    lexicon = ctx.lexicon
    if verb.lower_ not in lexicon.continuing_verbs or not _goes_on_speaking(verb, lexicon.speech_verbs):
        return None
    node = verb.head
    for _ in range(4):
        if node.head.i == node.i:
            return None
        if node.dep_ in {"ccomp", "xcomp"} and ctx.is_cue(node.head, reporting=True):
            return node.head
        node = node.head
    return None


def _same_report(conj: Token) -> bool:
    """Tell whether a conjoined clause goes on with the report.

    One still inside a quotation opened after the speech verb (the speaker's words); one that opens
    with "that" ("and that …", ", but that …"); a predicate adjective of the same subject ("set and
    final"). After "and"/"or" ("but" often sets the writer's view against the report): a clause of
    its own in a modal ("will", "could"), or, after a past speech verb, in the first clause's frame of
    reported time (``_same_frame``: "has helped …, and will soon expand"); or, with no comma, a
    predicate of the same subject, agreeing with it, whose form cannot be the speaker's next act: a
    participle sharing the clause's auxiliaries ("would be won or lost"), a verb sharing the object
    after both ("targeted and killed a commander"), its own auxiliary ("fled and was arrested"), a
    base form after a modal, a present tense after a past speech verb or a present first verb, a
    past tense sharing a perfect's "had".
    """
    kids = list(conj.children)
    first, speech = conj.head, conj.head.head
    ccs = [c for c in (*kids, *first.children) if c.dep_ == "cc" and c.i < conj.i]
    cc = max(ccs, key=lambda c: c.i) if ccs else None
    comma = cc is not None and cc.i > 0 and conj.doc[cc.i - 1].text == ","
    if _in_one_quotation(speech, conj):
        return True  # 'added China "has never sought a trade war, but does not fear one."': the speaker's words
    if conj.pos_ == "ADJ" and first.pos_ in {"ADJ", "VERB"} and cc is not None and cc.lower_ in {"and", "or"}:
        return not comma  # "the dates are set and final": one predicate of the same subject
    if conj.pos_ not in {"VERB", "AUX"}:
        return False
    if any(c.dep_ == "mark" and c.lower_ == "that" for c in kids):
        return True  # "and that …", ", but that …", "that A, that B": one more clause of the same verb
    if cc is None or cc.lower_ not in {"and", "or"}:
        return False  # "…, but that may be hard to do": "but" often sets the writer's view against the report
    subject = any(c.dep_ in _CLAUSE_SUBJECTS for c in kids)
    if subject and _modal(conj):
        return True  # "he will seek new trade deals, and nations that cheat will face consequences"
    if speech.tag_ in {"VBD", "VBN"} and _same_frame(conj, first):
        # "said the violence will continue, or it could become a civil war", "said the group has helped
        # 5,000 women, and will soon expand": the reported tenses go on.
        return True
    # ", and demanded an extension" after a reported clause often goes on with the speaker's verb.
    if comma or subject:
        return False
    own_aux = any(c.dep_ in {"aux", "auxpass"} for c in kids)
    if conj.tag_ in {"VBN", "VBG"} and not own_aux and any(c.dep_ in {"aux", "auxpass"} for c in first.children):
        return True  # "would be won or lost": a participle sharing the clause's auxiliaries
    if (
        cc.i == first.i + 1
        and conj.i == cc.i + 1
        and not any(c.dep_ in {"dobj", "obj"} for c in first.children)
        and any(c.dep_ in {"dobj", "obj"} for c in conj.children)
    ):
        return True  # "targeted and killed a commander": two verbs sharing the object after them
    # A predicate with its own auxiliary ("… and was arrested") or in the base form after the
    # clause's modal ("it would cut jobs and close plants") is the report's; a bare past tense ("said
    # the report was wrong and left the meeting") is as likely the speaker's next act.
    # A present tense after a past speech verb ("said he supported Trump and hates …") cannot be the
    # speaker's act, nor one going on from a present first verb ("says it creates jobs and brings …").
    present = conj.tag_ in {"VBZ", "VBP"} and (speech.tag_ in {"VBD", "VBN"} or first.tag_ in {"VBZ", "VBP"})
    # "had cut 200 jobs and closed three libraries": the second verb shares the perfect's "had".
    perfect = conj.tag_ in {"VBD", "VBN"} and any(
        c.dep_ == "aux" and c.lower_ in {"had", "has", "have"} for c in first.children
    )
    if not (own_aux or conj.tag_ == "VB" or present or perfect):
        return False
    # The predicate shares the clause's subject only if it agrees with it: "the asylum seekers are
    # migrants and refuses …" goes on with "the government insists", not with the seekers.
    shared = next((c for c in first.children if c.dep_ in _CLAUSE_SUBJECTS), None)
    plural = shared is not None and (shared.tag_ in {"NNS", "NNPS"} or shared.lower_ in {"they", "we"})
    return not (plural and conj.tag_ == "VBZ")


def _fronted_subject(verb: Token) -> Token | None:
    """The subject of a clause a speech verb interrupts, when the parse hangs it on the verb.

    "That decision, the White House said in a statement, was made …": "decision" is a ``dep`` of
    "said", before the verb's own subject and set off from it by a comma, and the reported clause
    after the verb has no subject of its own.
    """
    kids = list(verb.lefts)
    front = next((c for c in kids if c.dep_ == "dep" and c.pos_ in {"NOUN", "PROPN", "PRON"}), None)
    if front is None:
        return None
    subject = next((c for c in kids if c.dep_ in _CLAUSE_SUBJECTS and c.i > front.i), None)
    between = verb.doc[front.right_edge.i + 1 : subject.left_edge.i] if subject is not None else ()
    return front if subject is not None and any(t.text == "," for t in between) else None


def _reported_clause(
    verb: Token, complementizers: frozenset[str], *, disowning: bool = False, fronted: Token | None = None
) -> Token | None:
    """The clause a verb reports: a ccomp with a subject or a mark, or a that-clause below its object.

    Of two such clauses the one after the verb is the report: in "While X is not possible yet, Berg
    said the study points the way" the clause before it is the parser's reading of an adverbial. A
    ``disowning`` verb reports no that-clause below its object: in "denied reports that …" the
    clause is the reports' (a noun cue), not the denier's. With a ``fronted`` subject
    (``_fronted_subject``) a ccomp with only an auxiliary is the clause that subject begins.
    """
    clauses = [
        c
        for c in verb.children
        if c.dep_ == "ccomp"
        and not reduced_relative(c)
        and any(
            k.dep_ in _CLAUSE_SUBJECTS or k.dep_ == "mark" or (fronted is not None and k.dep_ in {"aux", "auxpass"})
            for k in c.children
        )
    ]
    if clauses:
        return next((c for c in clauses if c.i > verb.i), clauses[0])
    if disowning:
        return None
    # "told The Hill in a statement that …": the that-clause hangs below a noun.
    stack = [(c, 1) for c in verb.children if c.dep_ in {"dobj", "prep", "npadvmod", "dative"}]
    while stack:
        node, depth = stack.pop()
        for c in node.children:
            if (
                c.dep_ in {"ccomp", "acl", "relcl"}
                and any(k.dep_ == "mark" and k.lower_ in complementizers for k in c.children)
                and (c.dep_ != "relcl" or _complete_clause(c))
            ):
                return c  # a relative clause's "that" is a pronoun: marked, it is a content clause misparsed
            if depth < 3 and c.pos_ not in {"VERB", "AUX"}:
                stack.append((c, depth + 1))
    return None


def _misread_clause(ctx: DocContext, verb: Token) -> tuple[int, int] | None:
    """The content clause the parse read as the object of a verb that takes none (``clause_verbs``).

    "Mabry said many of his members like the message but distrust his record", "Chacon said the
    official campaign aimed to engage people": "say" takes no noun phrase as its content, so an
    object with a verb hung on it (a conjoined verb, or a participle read as a reduced relative)
    is the subject of the clause that was said. A relative clause may describe a real object ("said
    things they regretted"), and a pronoun or a word for something said is one ("said something
    that shocked them"): neither is read so.
    """
    obj = next((c for c in verb.rights if c.dep_ == "dobj"), None)
    if obj is None:
        return _relative_after_phrase(ctx, verb)
    if obj.pos_ not in {"NOUN", "PROPN", "ADJ", "NUM"} or obj.lower_.endswith("thing"):
        return None
    if obj.lower_ in ctx.lexicon.utterance_nouns or obj.lower_ in {"word", "words", "things"}:
        return None  # what is said, named as a thing: "said a few words that …", "said things he regretted"
    if not any(
        c.pos_ == "VERB" and (c.dep_ == "conj" or (c.dep_ == "acl" and c.tag_ in {"VBD", "VBN"})) for c in obj.children
    ):
        return None
    return content_span(ctx, obj.left_edge.i, obj.right_edge.i + 1)


def _relative_after_phrase(ctx: DocContext, verb: Token) -> tuple[int, int] | None:
    """The content clause the parse read as a relative clause on the noun of a phrase after the verb.

    "Trump said after the debate that he won": "say" says nothing without its clause, so a "that"
    clause with a subject of its own right after the noun of the verb's phrase is what was said,
    not a description of the debate. Only where the verb has no other complement, and never a
    clause whose "that" is its subject ("said in a report that was released Monday"). A relative
    clause whose own verb takes a "that" clause describes the noun, and that clause is what was said
    ("said in a speech that he gave on Monday that the economy was strong"); a speech, a document or
    a message that somebody gave, sent, wrote or held is described by its clause ("said in the
    interview that she gave on Monday"), while "said in a letter that the plant would close" says it.
    """
    if any(c.dep_ in {"ccomp", "xcomp", "dobj", "oprd"} for c in verb.children):
        return None
    lexicon = ctx.lexicon
    for prep in verb.rights:
        if prep.dep_ != "prep":
            continue
        for noun in prep.children:
            rel = next((c for c in noun.rights if c.dep_ == "relcl"), None) if noun.dep_ == "pobj" else None
            if rel is None:
                continue
            that = rel.left_edge
            if (
                that.lower_ != "that"
                or that.i != noun.i + 1
                or that.dep_ in SUBJECT_DEPS
                or not any(k.dep_ in SUBJECT_DEPS and k.i != that.i for k in rel.children)
            ):
                continue
            inner = next(
                (
                    t
                    for t in rel.subtree
                    if t.i > that.i and t.dep_ == "mark" and t.lower_ == "that" and t.head.head.i == rel.i
                ),
                None,
            )
            if inner is not None:
                return content_span(ctx, inner.i + 1, inner.head.right_edge.i + 1, min_tokens=2)
            said_thing = (
                is_document(ctx, noun) or noun.lower_ in lexicon.utterance_nouns or noun.lower_ in _SPOKEN_EVENTS
            )
            if said_thing and rel.lower_ in _MAKING_VERBS:
                continue
            return content_span(ctx, that.i + 1, rel.right_edge.i + 1, min_tokens=2)
    return None


_SPOKEN_EVENTS: Final = frozenset("speech speeches interview interviews address remarks talk lecture sermon".split())
"""Nouns for something said, which a relative clause may describe ("the speech that he gave")."""
_MAKING_VERBS: Final = frozenset(
    "give gives gave given giving deliver delivers delivered delivering send sends sent sending write writes wrote "
    "written writing hold holds held holding post posts posted posting publish publishes published publishing "
    "issue issues issued issuing grant grants granted granting make makes made making sign signs signed signing "
    "read reads reading release releases released releasing".split()
)
"""Verbs whose object a speech or a document is: "the interview that she gave", "the letter that he sent"."""


def _told_clause(ctx: DocContext, verb: Token) -> Token | None:
    """The content clause the parser hung on a speech verb's addressee: "told officers he had been drinking".

    After "told/assured/warned <somebody>" (the lexicon's ``addressee_verbs``) a clause with its own
    subject and no "that" is what was said; the parser often reads it as a relative clause on the
    addressee. The clause counts when its subject is no relative word and no preposition in it is
    left without its object ("the officers he spoke to" is a relative clause). A verb that lost its
    object ("told the detectives she had met about …") cannot be told from content without knowing
    which verbs take objects ("told the court she had acted in self-defence"), so it counts too.
    """
    if verb.lower_ not in ctx.lexicon.addressee_verbs:
        return None
    for obj in verb.children:
        if obj.dep_ not in {"dobj", "dative"} or not may_speak(ctx, obj):
            continue
        for c in obj.rights:
            if (
                c.dep_ == "relcl"
                and not any(k.dep_ == "mark" for k in c.children)
                and any(k.dep_ in {"nsubj", "nsubjpass"} and k.tag_ not in _RELATIVE_TAGS for k in c.children)
                and not any(
                    k.dep_ == "prep" and not any(g.dep_ in {"pobj", "pcomp"} for g in k.children) for k in c.subtree
                )
            ):
                return c
    return None


def _complete_clause(verb: Token) -> bool:
    """Tell whether a clause misses no object: its verb has one or a clause, or is a copula or a passive.

    "wrote in a letter that the rule exceeds its authority" is complete; "in a memo that staff found
    offensive" misses the object a relative pronoun stands for.
    """
    kids = {c.dep_ for c in verb.children}
    return bool(kids & {"dobj", "ccomp", "xcomp", "auxpass"}) or (verb.pos_ == "AUX" and bool(kids & {"attr", "acomp"}))


def _parenthetical_host(ctx: DocContext, verb: Token) -> Token | None:
    """The clause a parenthetical speech verb reports: "The economy, the minister said, will grow".

    The verb hangs from the clause it interrupts (``parataxis``), set off by commas, with a subject
    and nothing it reports of its own; the host clause is the statement. French inverts the subject
    of such an incise and the parse may hang it as a clause of the verb that follows ("Le jury,
    a-t-il expliqué, a voulu …"; not yet "Les habitants, dit-elle, ont …", where the parse makes the
    verb a clause on the noun before it).
    """
    host = verb.head
    incise = (
        verb.dep_ == "advcl"
        and host.i > verb.i
        and bool(ctx.lexicon.inverted_subjects)
        and inverted_subject(ctx, verb) is not None
    )
    if (
        (verb.dep_ != "parataxis" and not incise)
        or host.i == verb.i
        or host.pos_ not in {"VERB", "AUX"}
        or ctx.quoted[host.i]
    ):
        return None
    kids = list(verb.children)
    if any(c.dep_ in {"dobj", "obj", "ccomp", "xcomp"} for c in kids):
        return None
    if incise:
        # Set off by commas on both sides, inside the clause it interrupts (the parse may hang the
        # clause's subject on the incise: the incise starts at its auxiliaries and inverted pronoun).
        doc = ctx.doc
        lo = verb.i
        while lo > 0 and doc[lo - 1].head.i == verb.i and doc[lo - 1].dep_.startswith(("aux", "expl")):
            lo -= 1
        hi = verb.right_edge.i
        closed = (hi + 1 < len(doc) and doc[hi + 1].text == ",") or any(c.text == "," and c.i > verb.i for c in kids)
        return host if lo > 0 and doc[lo - 1].text == "," and closed else None
    if not any(c.dep_ in _CLAUSE_SUBJECTS for c in kids):
        return None
    doc = ctx.doc
    # The aside starts at its own subject: a parse may hang the host's subject on it as a second one
    # ("The tax cut, Becker argued, would pay …").
    near = max((c for c in kids if c.dep_ in _CLAUSE_SUBJECTS and c.i < verb.i), key=lambda c: c.i, default=verb)
    before = near.left_edge.i - 1
    if before < 0 or (doc[before].text != "," and not any(c.text == "," and c.i < verb.i for c in kids)):
        return None  # not set off by a comma: a run-on sentence, not an aside
    return host


def _inverted_aside(ctx: DocContext, verb: Token) -> Token | None:
    """An inverted speech aside inside the clause it reports: "The plan, said Ann Carter, the mayor, will …".

    News writing sets such an aside off by commas: a speech verb after a comma, the speaker's noun
    phrase right after it, an optional apposition, a comma, and the clause going on with a verb. The
    parser reads the name as the subject of what follows ("Ann Carter, the mayor, will cost …") or
    hangs both subjects on the verb, so the aside is found by its punctuation; the parse only tells
    the name's head and where an apposition ends.

    Not an aside: a comma that closes an aside on the verb's own subject ("Smith, the mayor, said
    Ann Carter, the treasurer, will resign": Carter will resign), a verb with an object ("told
    investors, the owners, that …": the addressee follows it), or the aside at the end of its sentence
    ("…, said Ann Carter.", a plain inverted cue, also when a relative clause on the name follows:
    "…, said Ann Carter, who led the talks.").

    Returns:
        The head word of the speaker's noun phrase.
    """
    doc, sent = ctx.doc, verb.sent
    if (
        verb.tag_ not in {"VBD", "VBZ"}
        or verb.i - 1 <= sent.start
        or doc[verb.i - 1].text != ","
        or ctx.lexicon.report_families.get(verb.lower_, "speech") != "speech"
        or verb.lower_ in ctx.lexicon.object_verbs
    ):
        return None
    before = doc[sent.start : verb.i - 1]
    if any(ctx.quoted[t.i] for t in before) or all(t.is_punct for t in before):
        return None
    if any(t.dep_ in {"appos", "relcl", "acl"} and t.right_edge.i == verb.i - 2 for t in before):
        return None  # "Smith, the mayor, said …", "Reed, who chairs it, said …": the comma closes the subject's aside
    comma = next((t.i for t in doc[verb.i + 1 : min(sent.end, verb.i + 9)] if t.text == ","), None)
    if comma is None or comma == verb.i + 1:
        return None
    name = doc[verb.i + 1 : comma]
    if any(ctx.quoted[t.i] or t.pos_ in {"VERB", "AUX", "SCONJ", "PUNCT"} for t in name if t.text != "."):
        return None
    heads = [t for t in name if not verb.i < t.head.i < comma]
    head = heads[0] if heads else None
    if head is None or head.pos_ not in {"PROPN", "NOUN", "PRON"} or not may_speak(ctx, head):
        return None
    close = comma
    apposed = next((t for t in doc[comma + 1 : sent.end] if t.dep_ == "appos" and verb.i < t.head.i < comma), None)
    if apposed is not None:
        close = apposed.right_edge.i + 1
        if close >= sent.end or doc[close].text != ",":
            return None
    if not any(t.pos_ in {"VERB", "AUX"} and head not in t.ancestors for t in doc[close + 1 : sent.end]):
        return None  # "…, said Ann Carter, the mayor.", "…, said Ann Carter, who led the talks.": it ends its sentence
    return head


def _host_bounds(host: Token, verb: Token, lexicon: QuoteLexicon) -> tuple[int, int]:
    """Token bounds of a parenthetical's host clause: before the aside when it ends the clause."""
    lo, hi = _clause_bounds(host, lexicon)
    if verb.right_edge.i + 1 >= hi or all(t.is_punct for t in host.doc[verb.right_edge.i + 1 : hi]):
        hi = verb.left_edge.i  # "The economy will grow, the minister said."
    return lo, hi


def _placed_at(prep: Token) -> bool:
    """Tell a phrase placing a shown object at a value: "(showed Whitlock) at 11 percent", "behind … by 4 points"."""
    return prep.dep_ == "prep" and any(t.ent_type_ in _VALUE_ENTS for t in prep.subtree if t.i != prep.i)


def _object_content(ctx: DocContext, verb: Token) -> tuple[int, int] | None:
    """The complement carrying a "!" verb's content: object, infinitive, predicate, "of/about/as" phrase.

    Forms of "call" report only "for"/"on" phrases or a predicate ("called for …", "called it a
    disgrace"), never a bare object ("called Lavrov": phoned).
    """
    # Quoted words may be part of the content ("called the decision "a step backwards""); a content
    # that is only quoted words is left to the quote (``_only_quoted``).
    kids = [c for c in verb.rights if c.dep_ not in {"conj", "cc", "punct"}]
    # "a annoncé jeudi la fermeture du site": a French parse may hang the object below the day
    kids += [
        g
        for c in kids
        if c.is_lower and c.lower_ in ctx.lexicon.time_nouns
        for g in c.rights
        if g.dep_ in _OBJECT_DEPS and not ctx.quoted[g.i]
    ]
    if verb.dep_ == "relcl" and not any(
        c.dep_ in {"dobj", "ccomp", "xcomp", "oprd"} or (c.dep_ == "prep" and c.lower_ == "as") for c in kids
    ):
        return None  # "an alibi he cited of …": the object is the noun the clause describes
    lexicon = ctx.lexicon
    asks = lexicon.report_families.get(verb.lower_) == "communication" or verb.lower_ in lexicon.call_verbs
    for_to = next((c for c in kids if c.dep_ == "advcl" and _for_to_clause(c)), None)
    if asks and for_to is not None:
        # "called for workers to strike", "appealed for calm to return": the clause asked for
        return content_span(ctx, for_to.left_edge.i, for_to.right_edge.i + 1, min_tokens=2)
    directed = _directed_infinitive(ctx, verb)
    if directed is not None:
        # "a exhorté les délégations à sortir des postures": whom the verb asks, and what to do
        return content_span(ctx, directed[0].left_edge.i, directed[1].right_edge.i + 1, min_tokens=2)
    addressees = _addressees(ctx, verb)
    relayed = [k for k in addressees if _infinitive_in_relative(ctx, verb, k) is not None]
    told = [k for k in relayed if k.dep_ == "pobj"]
    if told:
        # "appealed to residents who were still in flood-prone areas to relocate": they are told to
        return content_span(ctx, told[0].left_edge.i, told[0].right_edge.i + 1, min_tokens=2)
    # "urged residents on Monday to stay indoors": after a phrase the parse reads the infinitive as one
    # of purpose; the object it follows is told to do it.
    controlled = {c.i for c in kids if _object_infinitive(ctx, verb, c, addressees)}
    parts = [
        c
        for c in kids
        if c.dep_ in _OBJECT_DEPS or c.i in controlled or (c.dep_ == "prep" and c.lower_ in _CONTENT_PREPS)
    ]
    if (named := _named_as(verb)) is not None:
        # "what he called a rigged election", "what she described as reckless": the name given is the
        # content; the free relative's "what" is the thing named.
        lo = named.i + 1 if named.dep_ == "prep" else named.left_edge.i
        return content_span(ctx, lo, verb.right_edge.i + 1, min_tokens=1)
    if verb.lower_ in ctx.lexicon.call_verbs:
        # A measure is no predicate: 'called the council "dozens of times"' phoned it.
        if not any(
            (c.dep_ == "prep" and c.lower_ in {"for", "on"})
            or (c.dep_ in {"oprd", "xcomp"} and c.ent_type_ not in _MEASURE_ENTS)
            for c in parts
        ):
            return None
    if not any(c.dep_ in _CORE_OBJECTS for c in parts):
        return None
    family = ctx.lexicon.report_families.get(verb.lower_, "speech")
    own = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if (
        family == "evidence"
        and own is not None
        and own.lower_ in ctx.lexicon.document_nouns
        and parts[0].dep_ == "dobj"
        and not any(c.dep_ == "prt" for c in verb.children)  # "the results showed up on the website"
    ):
        # What a document shows is its object with what is said of it: a predicate ("a poll shows
        # Becker ahead", "polling showed the senator trailing") or the noun's own argument ("no evidence
        # of fraud", "a tight race between …"); a bare thing ("found cocaine in the car", "found its way
        # to reporters") is a finding only as any object is, below.
        obj = parts[0]
        first = kids.index(obj)
        rest = [c for c in kids[first:] if c.dep_ in _EVIDENCE_DEPS]
        predicate = (
            any(c.dep_ in _SMALL_CLAUSE_DEPS or _placed_at(c) for c in rest[1:])
            or any(
                c.dep_ in {"acl", "relcl"} or (c.dep_ == "prep" and c.lower_ in _ARGUMENT_PREPS) for c in obj.children
            )
            or (obj.lower_ in ctx.lexicon.complementizers and obj.n_rights > 0)  # "found that eating …" misparsed
            or any(
                c.dep_ == "amod" or (c.dep_ == "det" and c.lower_ == "no") for c in obj.lefts
            )  # "found widespread fraud"
        )
        if predicate:
            return content_span(ctx, obj.left_edge.i, rest[-1].right_edge.i + 1, min_tokens=2)
    # Praise and blame's "for" gives a reason, not the thing's own argument ("condemned the block for demolition").
    thing = _judged_thing(ctx, verb, parts[0], family, reason=verb.lower_ in ctx.lexicon.reason_verbs)
    judged_for = verb.lower_ in ctx.lexicon.reason_verbs and _judged_for(ctx, parts)
    if (thing or judged_for) and own is not None and not _may_judge(ctx, own):
        return None  # "The job demands long hours": no view without somebody to hold it
    told_to = any(c.i in controlled for c in parts) or bool(relayed)
    if family != "speech" and not any(map(_predicates, parts)) and not thing and not judged_for and not told_to:
        return None  # "questioned the student", "asked the question": an act, no statement
    # Stop at the first complement after the content that is not part of it ("… on Monday"), unless
    # the verb's infinitive comes after it: the phrase the parse hung on the verb then belongs to the
    # object ("urged people in evacuation zones to stay indoors").
    content = [parts[0]]
    rest = kids[kids.index(parts[0]) + 1 :]
    calls = verb.lower_ in ctx.lexicon.call_verbs  # "calling the office by phone to ask …": a purpose
    for k, c in enumerate(rest):
        if calls and k == 0 and content[0].dep_ == "prep" and content[0].lower_ == "for" and _bare_infinitive(c):
            # "called for more programs to improve schools": what the programs called for are to do,
            # hung on the verb as if a purpose of the call
            content.append(c)
            break
        infinitive_after = not calls and any(r.dep_ == "xcomp" or r.i in controlled for r in rest[k + 1 :])
        if c.dep_ == "prep" and c.lower_ not in _FOLLOW_PREPS and not infinitive_after:
            break
        if c.dep_ not in _OBJECT_DEPS | {"prep"} and c.i not in controlled:
            break
        content.append(c)
    if (
        verb.lower_ not in _OBJECT_IS_CONTENT
        and not thing
        and not judged_for
        and not told_to
        and all(c.dep_ in _DIRECT_OBJECTS for c in content if c.dep_ in _CORE_OBJECTS)
        and not _states_something(content)
    ):
        return None  # "announced the results", "denied these allegations": a thing, not a statement
    return content_span(ctx, content[0].left_edge.i, content[-1].right_edge.i + 1, min_tokens=2)


def _bare_infinitive(clause: Token) -> bool:
    """Tell a "to" infinitive without a subject of its own hung on a verb ("… to improve schools")."""
    return (
        clause.dep_ in {"advcl", "xcomp"}
        and clause.tag_ == "VB"
        and any(k.dep_ == "aux" and k.lower_ == "to" for k in clause.children)
        and not any(k.dep_ in SUBJECT_DEPS for k in clause.children)
    )


def _infinitive_in_relative(ctx: DocContext, verb: Token, obj: Token) -> Token | None:
    """The infinitive a verb of asking puts to its object, when the parse hung it on the object's relative clause.

    "urged residents who were still in flood-prone areas to relocate": the clause ends with the
    infinitive, which the parse reads as one of purpose of "were"; the residents are told to relocate.
    Only after a complement of the clause's verb ("in flood-prone areas", "those locations"): right
    after the verb it is that verb's purpose ("volunteers who came to help").
    """
    if not _asks(ctx, verb):
        return None
    relcl = next((k for k in obj.children if k.dep_ == "relcl"), None)
    if relcl is None:
        return None
    last = next((k for k in relcl.children if k.dep_ == "advcl" and k.right_edge.i == relcl.right_edge.i), None)
    if (
        last is None
        or last.left_edge.i <= relcl.i + 1  # "thanked volunteers who came to help": a purpose of its own
        or not any(k.dep_ in {"prep", "dobj", "acomp", "attr"} and relcl.i < k.i < last.i for k in relcl.children)
        or last.tag_ != "VB"
        or not any(k.dep_ == "aux" and k.lower_ == "to" for k in last.lefts)
        or any(k.dep_ in SUBJECT_DEPS for k in last.children)
    ):
        return None
    return last


def _asks(ctx: DocContext, verb: Token) -> bool:
    """Tell a verb of asking or telling somebody: one of communication, or one that takes an addressee."""
    lexicon = ctx.lexicon
    return lexicon.report_families.get(verb.lower_) == "communication" or verb.lower_ in lexicon.addressee_verbs


def _directed_infinitive(ctx: DocContext, verb: Token) -> tuple[Token, Token] | None:
    """The object of a verb of asking and the infinitive it is asked to do, after a directive mark.

    "Hydro-Québec invite la population à ne jamais s'approcher des fils", "a exhorté les délégations
    à sortir des postures": French puts what is asked after "à" (the lexicon's ``directive_marks``),
    and the parse hangs the infinitive on the verb or on the object. An infinitive with a subject of
    its own is no such thing, and only verbs that ask (the lexicon's ``directive_verbs``) put one:
    "a condamné Jean Martin à verser 5000 euros" is a sentence, nobody's words.
    """
    marks = ctx.lexicon.directive_marks
    if not marks or verb.lower_ not in ctx.lexicon.directive_verbs:
        return None
    obj = next((c for c in verb.rights if c.dep_ == "obj" and c.pos_ in {"NOUN", "PROPN"}), None)
    if obj is None or ctx.quoted[obj.i]:
        return None
    for inf in (*verb.rights, *obj.rights):
        if (
            inf.i > obj.i
            and inf.pos_ == "VERB"
            and inf.dep_ in {"advcl", "acl", "xcomp", "ccomp"}
            and any(k.dep_ == "mark" and k.lower_ in marks for k in inf.children)
            and not any(k.dep_ in SUBJECT_DEPS for k in inf.children)
        ):
            return obj, inf
    return None


def _object_infinitive(ctx: DocContext, verb: Token, c: Token, addressees: Sequence[Token]) -> bool:
    """Tell a "to"-infinitive without a subject that a verb of asking or telling puts to somebody, its object.

    The parse reads it as one of purpose when a phrase stands between ("urged residents on Monday
    to stay indoors", "asked the court in a filing to dismiss the case"). ``addressees``: the verb's
    (``_addressees``).
    """
    # "calling the office by phone to ask …": phoned, for a purpose; "called for workers to strike" asked
    called_for = any(k.dep_ == "pobj" for k in addressees)
    return (
        (verb.lower_ not in ctx.lexicon.call_verbs or called_for)
        and (_asks(ctx, verb) or called_for)
        and c.dep_ == "advcl"
        and c.tag_ == "VB"
        and any(k.dep_ == "aux" and k.lower_ == "to" for k in c.lefts)
        and not any(k.dep_ in SUBJECT_DEPS for k in c.children)
        and any(k.i < c.i for k in addressees)
    )


def _for_to_clause(c: Token) -> bool:
    """Tell an infinitive clause with "for" and its own subject: "for workers to strike"."""
    return (
        c.tag_ == "VB"
        and any(k.dep_ == "mark" and k.lower_ == "for" for k in c.children)
        and any(k.dep_ == "aux" and k.lower_ == "to" for k in c.children)
        and any(k.dep_ in SUBJECT_DEPS for k in c.children)
    )


def _addressees(ctx: DocContext, verb: Token) -> list[Token]:
    """The people a verb of asking addresses: its object, or the object of its "for" or "to".

    "urged residents to …", "appealed for witnesses to …", "appealed to residents who … to …": a word
    for a person or people, or "anyone".
    """
    found = [k for k in verb.children if k.dep_ in {"dobj", "dative"}]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in {"for", "to"}:
            found += [k for k in prep.children if k.dep_ == "pobj"]
    return [k for k in found if person_noun(ctx, k) or k.lower_ in ctx.lexicon.anyone_pronouns]


def _named_as(verb: Token) -> Token | None:
    """The name given in "what X called Y" / "what X described as Y" (Y's head or the "as"), or None.

    The verb takes a free relative object ("what") and a predicate naming it.
    """
    if not any(c.dep_ == "dobj" and c.tag_ == "WP" for c in verb.lefts):
        return None
    return next((c for c in verb.rights if c.dep_ == "oprd" or (c.dep_ == "prep" and c.lower_ == "as")), None)


def _judged_thing(
    ctx: DocContext, verb: Token, obj: Token, family: ReportKind, dep: str = "dobj", *, reason: bool = False
) -> bool:
    """Tell a thing that a judging or wanting verb's object names: then the object is the content.

    Verbs that judge, want or call for their object (the lexicon's ``thing_object_verbs``) report a
    view of it: "supports the ban", "opposes the bill", "condemned the decision to approve …",
    "questioned the legality of …". An attitude verb's bare object is enough (it may be a choice:
    "favoured a red dress"); a judging verb's object says what is judged only with words of its own,
    a modifier or an argument, not with a ``reason`` verb's "for" (its bare object is often an act's:
    "condemned the building"). Never a counted object ("supported 2,000 families") or somebody
    ("praised Smith", "questioned the lorry driver", ``person_noun``): an act towards people, unless a
    predicate or a "for" phrase says what of them (``_predicates``, ``_judged_for``).
    """
    return (
        verb.lower_ in ctx.lexicon.thing_object_verbs
        and not any(c.dep_ == "prt" for c in verb.children)  # "sought out information": another verb
        and obj.dep_ == dep
        and obj.pos_ == "NOUN"
        and not person_noun(ctx, obj)
        and not any(c.dep_ == "nummod" for c in obj.lefts)  # "supported 2,000 families", "two teenagers"
        and (
            family == "attitude"
            or any(
                c.dep_ in _THING_MODIFIERS
                or (c.dep_ == "prep" and c.lower_ in _THING_ARGUMENTS and not (reason and c.lower_ == "for"))
                for c in obj.children
            )
        )
    )


def _judged_for(ctx: DocContext, parts: Sequence[Token]) -> bool:
    """An object with a "for" phrase of the verb: "criticised the chancellor for failing to …".

    Verbs of praise and blame (the lexicon's ``reason_verbs``) give their reason with "for"
    ("praised firefighters for their quick response", "blamed Labour for the rise in bills"): the
    object and the phrase are the content, wherever the parser hung the phrase (on the verb or on
    the object). The object is somebody, a name or a document; a thing with "for" is blasted or
    condemned in another sense ("blasted the ball for a corner", "condemned the block for demolition").
    """
    obj = parts[0]
    if obj.dep_ != "dobj" or not (person_noun(ctx, obj) or obj.tag_ in PROPER_TAGS or is_document(ctx, obj)):
        return False
    reasons = [*parts[1:], *obj.rights]
    return any(c.dep_ == "prep" and c.lower_ == "for" and not _for_a_time(c) for c in reasons)


def _may_judge(ctx: DocContext, subject: Token) -> bool:
    """Tell a subject that can hold a view: somebody, a name, a document or a message."""
    lexicon = ctx.lexicon
    lower = subject.lower_
    return (
        person_noun(ctx, subject)
        or subject.tag_ in PROPER_TAGS
        or is_document(ctx, subject)
        or (lower.endswith("s") and lower[:-1] in lexicon.org_roles)  # "environmental groups"
    )


def _for_a_time(prep: Token) -> bool:
    """A "for" phrase of duration, amount or order ("for three hours", "for $5 million", "for the last time")."""
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if obj is None:
        return False
    return obj.ent_type_ in _MEASURE_ENTS or any(
        c.dep_ == "nummod" or c.ent_type_ in _MEASURE_ENTS or c.lower_ in _ORDER_WORDS for c in obj.lefts
    )


def _own_infinitive(ctx: DocContext, verb: Token) -> tuple[int, int] | None:
    """The infinitive a declarative verb takes for what its own subject says of itself (``infinitive_speech_verbs``).

    "Le PGHM dit avoir réalisé 40 interventions", "Elle affirme vouloir « accompagner chaque salarié »".
    With an object the verb tells somebody something, or asks them to do it (``_directed_infinitive``).
    An infinitive that is itself a verb of speech or feeling reports its own content ("a dit craindre
    « une Corse à deux vitesses »": the fear is what was said, and "craindre" its cue). The clause ends
    before a conjoined verb that is the speaker's next act ("… et plaidé pour …", "… et promet un plan").
    """
    if any(c.dep_ in {"obj", "dobj", "iobj", "dative"} for c in verb.children):
        return None
    inf = next((c for c in verb.rights if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}), None)
    if (
        inf is None
        or ctx.is_cue(inf)  # "dit vouloir répondre"; not "dit savoir que …" ("savoir" cues after "faire" only)
        or not (
            "Inf" in inf.morph.get("VerbForm", [])
            or any(a.dep_.startswith("aux") and "Inf" in a.morph.get("VerbForm", []) for a in inf.lefts)
        )
    ):
        return None
    lo, hi = _clause_bounds(inf, ctx.lexicon)
    # A finite verb conjoined below the infinitive is the subject's own next act, whatever the parse
    # hung it on ("affirme vouloir accompagner chaque salarié et promet un plan").
    acts = [c.left_edge.i for c in inf.subtree if c.dep_ == "conj" and "Fin" in c.morph.get("VerbForm", [])]
    return content_span(ctx, lo, min([hi, *acts]), min_tokens=2)


def _says_nothing(ctx: DocContext, verb: Token) -> bool:
    """Tell an infinitive object that says nothing: "declined to comment", "refused to elaborate on it".

    An infinitive speech verb is content only with content of its own ("declined to say whether he
    would run"); after "decline" or "refuse" any other infinitive is an act ("declined to release the
    name"), not a statement. A source asking not to be named says nothing either (the lexicon's
    ``anonymity_words``: "asked not to be named", "requested anonymity").
    """
    lexicon = ctx.lexicon
    if any(c.dep_ in {"dobj", "xcomp"} and c.lower_ in lexicon.anonymity_words for c in verb.children):
        return True  # "asked not to be named", "requested anonymity to describe …": a source shielding itself
    if verb.lower_ not in lexicon.refusal_verbs:
        return False
    said = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    if said is None:
        return False
    if said.lower_ not in ctx.lexicon.speech_verbs:
        return True  # "declined to release the name": an act
    return not any(c.dep_ in {"dobj", "obj", "iobj", "ccomp", "xcomp", "dative"} for c in said.children)


def _states_something(parts: Sequence[Token]) -> bool:
    """Tell whether a verb's complements around a bare object carry a statement, not only a thing.

    A clause, an infinitive or a gerund in them states something ("announced a plan to rebuild the
    port", "denied hiding the files"; not a relative clause: "told the story he had written"), as
    does a predicate or an "as/of/about" phrase of the verb or of its object ("declared himself the
    winner", "spoke of a new era", "rejected the possibility of direct Russian participation"); a bare
    noun phrase does not.
    """
    if any(map(_predicates, parts)):
        return True
    if any(_of_phrase(p) and p.ent_iob_ != "I" for c in parts for p in c.rights):
        return True
    # A relative clause describes the thing, it says nothing of it ("told the story he had written").
    described = {t.i for c in parts for r in c.subtree if r.dep_ == "relcl" for t in r.subtree}
    return any(t.pos_ in {"VERB", "AUX"} and t.i not in described for c in parts for t in c.subtree)


def _of_phrase(tok: Token) -> bool:
    """Tell an "of" phrase on a noun: "of" with its object, or (Universal Dependencies) a noun with "de" below it."""
    if tok.dep_ == "prep":
        return tok.lower_ == "of"
    return tok.dep_ == "nmod" and any(c.dep_ == "case" and c.lower_ in _DE_WORDS for c in tok.children)


def _predicates(complement: Token) -> bool:
    """Tell whether a complement says something of the object.

    A predicate, an "as/of/about" phrase, or such a phrase the parser hung on the object
    (``_framed_object``).
    """
    return (
        complement.dep_ in _PREDICATE_DEPS
        or (complement.dep_ == "prep" and complement.lower_ in {"as", "of", "about"})
        or _framed_object(complement)
    )


def _framed_object(obj: Token) -> bool:
    """An object the parser gave the verb's "as"/"of"/"for" phrase ("accused [Trump of inciting …]").

    "as" always predicates ("described [the plan as reckless]"). "of"/"for" do when they take a
    gerund or follow a name or pronoun, which take no such complement of their own ("accused him of
    lying", "blamed the agency for ignoring …"), unlike a noun's ("the launch of a campaign").
    """
    if obj.dep_ != "dobj":
        return False
    for p in obj.rights:
        if p.dep_ != "prep" or p.ent_iob_ == "I":
            continue  # "of" inside a name ("the Church of Scientology website") is no complement
        if p.lower_ == "as":
            return True
        if p.lower_ in {"of", "for"} and (
            obj.pos_ in {"PRON", "PROPN"} or any(k.dep_ == "pcomp" and k.tag_ == "VBG" for k in p.children)
        ):
            return True
    return False


def _can_hold_view(
    ctx: DocContext, subject: Token | None, speaker: Speaker, report: ReportKind, verb: Token | None = None
) -> bool:
    """Tell whether the source of a non-speech report can hold a view (or, for evidence, show one)."""
    if report in {"speech", "communication"}:
        return True
    if subject is None:
        return speaker.key is not None
    if is_document(ctx, subject):
        return report == "evidence"  # a document shows, it holds no view ("the order was revised, favoring …")
    # Wanting, hoping and fearing take a subject that can: a plural of agent nouns is a group of
    # people ("Many hawkers want …", "Forecasters expect …"). Aiming and seeking are done by plans and
    # orders too ("The new orders aim to …"), and "-ers" ends things as well as people.
    plural = (
        report == "attitude"
        and subject.tag_ == "NNS"
        and subject.lower_.endswith(ctx.lexicon.agent_plurals)
        and (verb is None or verb.lower_ not in ctx.lexicon.purpose_verbs)
    )
    return speaker.key is not None or _may_judge(ctx, subject) or plural


def _unresolved_person(ctx: DocContext, subject: Token) -> bool:
    """A "he", "she" or "they" outside quotes: somebody speaks, though the text may not say who ("it" may be a thing)."""
    lower, lexicon = subject.lower_, ctx.lexicon
    return (
        subject.pos_ == "PRON"
        and not ctx.quoted[subject.i]
        and (lower in lexicon.person_pronouns or (lower in lexicon.group_pronouns and lower != "it"))
    )


def _incise_report(ctx: DocContext, verb: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``<statement>, a-t-il précisé.``, ``<subject>, dit-elle, <predicate>.``: a statement and its incise.

    ``verb`` is a reporting cue (``DocContext.is_cue``); None where it is no incise's.

    French sets the verb that attributes words after them, with its subject inverted, also without
    quotation marks: the words before the incise's comma are the statement. An incise closed by a
    second comma may cut the statement in two ("Les habitants, dit-elle, ont « le droit de vivre en
    paix »"): when the words before it hold no verb of their own (a relative clause in the subject
    aside: "Ceux qui partent, dit-elle, ne reviennent jamais"), the statement runs on after it to the
    end of its clause, with the incise inside, as an English aside does. The incise has no subject
    before its verb and reports nothing of its own (no "que" in it). A statement in quotation marks
    is left to the quote; one whose verb is the writer's may hold quoted words its verb governs ("La
    mesure doit durer « au moins trois mois », a-t-il précisé"), not a quote after a colon.
    """
    subject = inverted_subject(ctx, verb)
    if subject is None:
        return None
    doc = ctx.doc
    lo, s_hi = ctx.sent_bounds[ctx.sent_of[verb.i]]
    comma = next((i for i in range(verb.i - 1, lo, -1) if doc[i].text == ","), None)
    if comma is None:
        return None
    # A clear incise: its subject is a pronoun after the verb or its auxiliary ("dit-elle", "a-t-il
    # précisé"), and the words before it are the writer's, with no verb of speech of their own.
    clear = (
        subject.pos_ == "PRON"
        and not any(ctx.is_cue(t, reporting=True) and not ctx.quoted[t.i] for t in doc[lo:comma])
        and any(t.is_alpha and not ctx.quoted[t.i] for t in doc[lo:comma])
    )
    closing = _incise_close(ctx, verb, s_hi)
    # The comma that closes an incise cutting the statement in two ("Les habitants, dit-elle, ont …").
    cut = closing if clear and closing is not None and not _finite_verb(ctx, lo, comma, main=True) else None
    if any(t.lower_ in ctx.lexicon.complementizers for t in doc[verb.i + 1 : s_hi if cut is None else cut]):
        return None
    hi = comma
    if cut is not None:
        hi = _statement_end(ctx, cut, s_hi)  # the statement goes on after the incise
    elif any(
        c.dep_ in SUBJECT_DEPS and c.i < verb.i and not statement_before_incise(ctx, verb, c) for c in verb.children
    ):
        return None
    elif subject.pos_ != "PRON" and not _finite_verb(ctx, lo, comma):
        # "Interrogé par la députée X, le ministre Y, a reconnu des retards": with no pronoun joined to
        # it, the verb after a comma is an incise only after a statement with a verb of its own.
        return None
    aside = None if cut is None else (comma, cut)
    if ctx.quote_overlaps(doc[lo].idx, doc[hi - 1].idx + len(doc[hi - 1])) and not (
        clear and _governs_quote(ctx, lo, hi, aside)
    ):
        return None  # the statement is quoted words: the quote carries the report
    span = content_span(ctx, lo, hi)
    speaker = speaker_for_cue(ctx, verb, history)
    if span is None or speaker is None:
        return None
    return Reported(span[0], span[1], verb, speaker, ctx.lexicon.report_families.get(verb.lower_, "speech"))


def _incise_close(ctx: DocContext, verb: Token, s_hi: int) -> int | None:
    """The comma that closes an incise inside its sentence ("…, dit-elle, ont …"); None at the sentence's end."""
    doc = ctx.doc
    k = verb.i + 1
    while k < s_hi and doc[k].text != "," and not doc[k].is_punct:
        k += 1
    if k >= s_hi or doc[k].text != ",":
        return None
    return k if any(not t.is_punct and not t.is_space for t in doc[k + 1 : s_hi]) else None


def _statement_end(ctx: DocContext, closing: int, s_hi: int) -> int:
    """Where a statement an incise cut in two ends: with the clause of its verb after the incise.

    "Les familles, dit-elle, attendent une réponse depuis des mois, et le ministre se tait": the
    writer's clause after "et" is not hers.
    """
    doc = ctx.doc
    verb = next(
        (t for t in doc[closing + 1 : s_hi] if t.pos_ in {"VERB", "AUX"} and not ctx.quoted[t.i]),
        None,
    )
    if verb is None:
        return s_hi
    head = verb.head if verb.dep_.startswith("aux") or verb.dep_ == "cop" else verb  # "ont peur": the predicate
    return max(closing + 2, min(s_hi, _clause_bounds(head, ctx.lexicon)[1]))


def _finite_verb(
    ctx: DocContext, lo: int, hi: int, aside: tuple[int, int] | None = None, *, main: bool = False
) -> bool:
    """Tell whether tokens [lo, hi), outside quotes and outside ``aside`` [start, end], hold a finite verb.

    ``main``: only a verb of no relative clause counts ("Ceux qui partent" has none).
    """

    def relative(t: Token) -> bool:
        while t.head.i != t.i and lo <= t.i < hi:
            if t.dep_ in RELATIVE_DEPS:
                return True
            t = t.head
        return False

    return any(
        t.pos_ in {"VERB", "AUX"}
        and "Fin" in t.morph.get("VerbForm", [])
        and not ctx.quoted[t.i]
        and not (aside is not None and aside[0] <= t.i <= aside[1])
        and not (main and relative(t))
        for t in ctx.doc[lo:hi]
    )


def _governs_quote(ctx: DocContext, lo: int, hi: int, aside: tuple[int, int] | None) -> bool:
    """Tell whether the writer's own clause in [lo, hi) holds its quoted words: its finite verb comes first.

    "La mesure doit durer « au moins trois mois »", "Les habitants, dit-elle, ont « le droit … »": the
    quoted words complete the writer's clause; "« Il n'y a pas de chèque en blanc », a indiqué un
    diplomate, qui juge …" opens with the quote, and in "Elle sourit : « Je ne lâcherai rien »" a colon
    brings in a quote of its own.
    """
    doc = ctx.doc
    first = next((t.i for t in doc[lo:hi] if ctx.quoted[t.i]), hi)
    return not any(t.text == ":" and not ctx.quoted[t.i] for t in doc[lo:hi]) and _finite_verb(ctx, lo, first, aside)


_REFLEXIVE_CLITICS: Final = frozenset({"se", "s'", "s’", "me", "m'", "m’", "te", "t'", "t’", "nous", "vous"})


def _passive_by_auxiliary(ctx: DocContext, verb: Token) -> bool:
    """Tell a participle made passive by its auxiliary where the parse labelled it one of tense ("sont invités").

    A reflexive verb takes the same auxiliary and stays active ("s'est dit inquiet", "s'est félicité").
    """
    auxiliaries = ctx.lexicon.passive_auxiliaries
    return (
        bool(auxiliaries)
        and "Part" in verb.morph.get("VerbForm", [])
        and any(c.dep_.startswith("aux") and c.lower_ in auxiliaries for c in verb.children)
        and not any(
            c.i < verb.i and c.lower_ in _REFLEXIVE_CLITICS and c.dep_ not in SUBJECT_DEPS for c in verb.children
        )
    )


def _verb_report(ctx: DocContext, verb: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``X said that …``, ``X urged Y to …``, ``X wants to …``, ``a poll shows …``."""
    lexicon = ctx.lexicon
    if negated(verb) or any(c.dep_ == "mark" and c.lower_ in lexicon.conditional_marks for c in verb.children):
        return None  # "did not say", "n'a pas souhaité commenter", "If Ortega claims …": nothing was said
    if verb.dep_ in {"amod", "compound"} or (verb.tag_ == "VBN" and verb.dep_ == "acl"):
        return None  # "the alleged plot", "a report published by …": a modifier, not a report
    if verb.tag_ == "VB" and verb.dep_ == "ROOT" and not any(c.dep_ in {"aux", "auxpass"} for c in verb.children):
        return None  # "Tell me one thing …", "Q: Tell us …": a bare verb that rules its clause asks, nobody reports
    if any(
        c.dep_ in {"nsubjpass", "auxpass", "nsubj:pass", "aux:pass"} for c in verb.children
    ) or _passive_by_auxiliary(ctx, verb):
        return _passive_report(ctx, verb, history)  # English and Universal Dependencies labels
    if (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        and not as_clause(verb)
    ):
        # "when asked about the fight", "if elected": a reduced passive, whose subject is asked; only
        # the question it may ask is reported, as the asker's
        return _asked_question(ctx, verb, history)
    if (
        verb.is_sent_start
        and verb.tag_ in {"VBD", "VBN"}
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        and _fronted_subject(verb) is None
        and "," in verb.sent.text
    ):
        # "Asked what went wrong, Harrow blamed …": Harrow was asked, the question is the asker's
        return _asked_question(ctx, verb, history)
    if verb.tag_ in {"VBD", "VBN"} and (within := participle_aside(verb.head)) is not None and within.i == verb.i:
        return None  # "Reilly, asked about the race, said …": Reilly was asked
    if (
        verb.dep_ == "xcomp"
        and any(c.lower_ == "to" for c in verb.lefts)
        and (verb.head.pos_ == "ADJ" or any(c.dep_ == "acomp" for c in verb.head.children))
    ):
        return None  # "hard to believe", "it is easy to say": an infinitive under an adjective reports nothing
    inverted = _inverted_aside(ctx, verb)
    if inverted is not None:
        # The aside stays inside its sentence's content, as with a parenthetical host.
        found = content_span(ctx, verb.sent.start, verb.sent.end)
        speaker = speaker_of(ctx, inverted, history)
        return None if speaker is None or found is None else Reported(found[0], found[1], verb, speaker, "speech")
    report = lexicon.report_families.get(verb.lower_, "speech")
    subject = subject_of(ctx, verb)
    span: tuple[int, int] | None = None
    front = _fronted_subject(verb)
    clause = _reported_clause(
        verb, lexicon.complementizers, disowning=verb.lower_ in lexicon.disowning_verbs, fronted=front
    ) or _told_clause(ctx, verb)
    if (
        clause is not None
        and report == "evidence"
        and clause.pos_ not in {"VERB", "AUX"}
        and not any(c.dep_ == "mark" for c in clause.children)
        and (any(c.tag_ == "MD" for c in verb.children) or any(c.lower_ == "it" for c in clause.children))
    ):
        # "found it difficult", "will find the interview a treasure trove": a judgement, not a finding
        # ("Researchers found the drug effective" is one).
        return None
    # "The economy shrank, as reported by Reuters": the clause a source clause modifies is the report;
    # a statement it modifies ("…, said one expert, as reported by the Independent") is its speaker's.
    sourced = as_clause(verb) and verb.head.pos_ in {"VERB", "AUX"} and not ctx.is_cue(verb.head, reporting=True)
    host = None if clause is not None else (_parenthetical_host(ctx, verb) or (verb.head if sourced else None))
    aside = (0, 0)  # the speech clause when it interrupts its content: the source may lie inside
    if clause is not None:
        lo, hi = _clause_bounds(clause, ctx.lexicon)
        if front is not None and clause.i > verb.i:
            # The aside stays inside its clause's content, as with a parenthetical host.
            lo, aside = front.left_edge.i, (ctx.doc[front.right_edge.i + 1].idx, clause.left_edge.idx)
        elif verb.dep_ == "relcl" and lo < verb.i < clause.i:
            # "the shipyard, which he said had been the heart of the town", "a deal that he said would
            # save jobs": the relative pronoun standing as the clause's subject is the noun the clause
            # modifies; what was said is the rest of the clause after the verb.
            lo = verb.i + 1
        span = content_span(ctx, lo, hi, min_tokens=_min_tokens(clause))
    elif host is not None:
        aside = (verb.left_edge.idx, verb.right_edge.idx + len(verb.right_edge))
        span = content_span(ctx, *_host_bounds(host, verb, ctx.lexicon))
    elif verb.lower_ in lexicon.object_verbs:
        if report == "evidence" and (subject is None or subject.lower_ not in lexicon.document_nouns):
            return None  # "police found a body": an object is evidence's content only for a document
        span = None if _says_nothing(ctx, verb) else _object_content(ctx, verb)
    elif verb.lower_ in lexicon.clause_verbs:
        span = _misread_clause(ctx, verb)
    elif verb.lower_ in lexicon.infinitive_speech_verbs:
        span = _own_infinitive(ctx, verb)
    if span is None:
        return None
    if verb.lower_ in lexicon.call_verbs and subject is not None and not _may_judge(ctx, subject):
        return None  # "the plan calls for new taxes": what a plan provides, nobody's call
    if verb.lower_ in lexicon.prospect_verbs and subject is not None and not _may_judge(ctx, subject):
        return None  # "The move threatened to topple his government": what it risked, nobody's threat
    continued = _continued_report(ctx, verb)
    if continued is not None:
        subject = subject_of(ctx, continued)
    speaker = speaker_for_cue(ctx, continued or verb, history)
    # A participle takes its source from the clause it hangs on ("…, telling me", "spent 45 seconds
    # explaining"), where the subject may be any noun: it must be one that can speak or a document.
    borrowed = verb.tag_ == "VBG" and not any(c.dep_ in SUBJECT_DEPS for c in verb.children) and continued is None
    family: ReportKind = "evidence" if borrowed and report in {"speech", "communication"} else report
    if speaker is None and subject is not None and _unresolved_person(ctx, subject) and report in _SPOKEN:
        # "She said the deal was dead" with nobody "she" can mean: a report all the same, by somebody unnamed.
        return None if span is None else Reported(span[0], span[1], verb, None, report)
    if speaker is None or not _can_hold_view(ctx, subject, speaker, family, verb):
        return None
    if (
        speaker.start is not None
        and speaker.end is not None
        and speaker.start < span[1]
        and span[0] < speaker.end
        and not aside[0] <= speaker.start < speaker.end <= aside[1]
    ):
        return None  # a misparsed headline: the "source" runs over the content
    return Reported(span[0], span[1], verb, speaker, report)


def _made_clear(ctx: DocContext, verb: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``X made clear that …``, ``made it clear that …``, ``made clear his displeasure``: a statement.

    "Make" with "clear", "known" or "plain" (the lexicon's ``clarity_words``) states what it makes
    clear: a that-clause after the adjective (the parse may hang it on a phrase there: "made it clear
    to the players that …"), else the noun phrase made clear, when somebody who can speak makes it so
    (the object, "made its demands known", or what the parse took for the adjective's subject, "made
    clear [his displeasure with the deal]"); "it" only holds the clause's place. A document makes a
    clause clear too ("The letter made clear that …"); a thing makes nothing clear that is a report
    ("The rules made the situation clear").
    """
    lexicon = ctx.lexicon
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    adj = next(
        (
            c
            for head in (verb, *objects)
            for c in head.children
            if c.lower_ in lexicon.clarity_words and c.i > verb.i and c.dep_ != "amod"  # not "made a clear profit"
        ),
        None,
    )
    if adj is None:
        return None
    clause = next(
        (
            t
            for t in ctx.doc[adj.i + 1 : verb.right_edge.i + 1]
            if t.pos_ in {"VERB", "AUX"}
            and any(k.dep_ == "mark" and k.lower_ in lexicon.complementizers for k in t.children)
        ),
        None,
    )
    subject = subject_of(ctx, verb)
    if subject is None:
        return None
    if clause is not None:
        span = content_span(ctx, clause.left_edge.i, clause.right_edge.i + 1)
        holds = _may_judge(ctx, subject) or _unresolved_person(ctx, subject)
    else:
        thing = next((c for c in (*adj.children, *objects) if c.dep_ in {"nsubj", "dobj"} and c.lower_ != "it"), None)
        if thing is None or thing.pos_ not in {"NOUN", "PROPN"} or thing.i < verb.i:
            return None
        end = adj.i if thing.left_edge.i < adj.i <= thing.right_edge.i else thing.right_edge.i + 1
        span = content_span(ctx, thing.left_edge.i, end, min_tokens=2)  # "its demands [known]"
        holds = may_speak(ctx, subject)
    if span is None or not holds:
        return None
    speaker = speaker_for_cue(ctx, verb, history)
    if speaker is None and not _unresolved_person(ctx, subject):
        return None
    return Reported(span[0], span[1], verb, speaker, "speech")


_QUESTION_OPENERS: Final = frozenset({"why", "how", "what", "whether", "if"})
"""Words opening a question clause that never open a relative clause on a person ("the man why …")."""


def _asked_question(ctx: DocContext, verb: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """The question a reduced passive of asking reports: "Asked whether he would run, Reyes smiled".

    The clause's subject was asked, so it says nothing (the answer, if any, is its own report); the
    question is the asker's: the agent after "by" ("When asked by host Ann Lee if …"), else somebody
    unnamed (the reporter). Only a question clause ("whether", "if" or a question word) is one:
    "Asked about the fight, …" reports no words.
    """
    if verb.lower_ not in ctx.lexicon.question_verbs:
        return None
    clause = next(
        (
            c
            for c in verb.rights
            # "if" after "asked" asks: the parse may read it as a condition (an advcl)
            if (
                c.dep_ in {"ccomp", "advcl"}
                and any(k.dep_ == "mark" and k.lower_ in {"whether", "if"} for k in c.children)
            )
            or (c.dep_ == "ccomp" and c.left_edge.tag_ in {"WDT", "WP", "WP$", "WRB"})
        ),
        None,
    )
    agent = next((k for c in verb.children if c.dep_ == "agent" for k in c.children if k.dep_ == "pobj"), None)
    if clause is None and agent is not None:
        # "Asked by interviewer Tom Lind why the bridge took so long, …": the parse may read the question
        # as a relative clause of the asker, but "why", "how", "what" or "whether" relate no person
        clause = next(
            (c for c in agent.children if c.dep_ == "relcl" and c.left_edge.lower_ in _QUESTION_OPENERS), None
        )
    if clause is None:
        return None
    span = content_span(ctx, clause.left_edge.i, clause.right_edge.i + 1)
    if span is None:
        return None
    speaker = None if agent is None else speaker_of(ctx, agent, history)
    return Reported(span[0], span[1], verb, speaker, "communication")


def _passive_report(ctx: DocContext, verb: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``It was announced that …``, ``Residents were told by police that …``: a passive that reports a clause.

    The source is the agent after "by", else nobody named; the subject is never it ("he was told"
    is the addressee). Without a reported clause a passive reports nothing ("the document was found").
    """
    lexicon = ctx.lexicon
    speaker = _agent_speaker(ctx, verb, history)
    family = lexicon.report_families.get(verb.lower_, "speech")
    clause = _reported_clause(verb, lexicon.complementizers, fronted=_fronted_subject(verb))
    if (
        clause is None
        or clause.i < verb.i
        or not any(c.dep_ == "mark" and c.lower_ in lexicon.complementizers for c in clause.children)
    ):
        # Only a "that"-clause: a passive's other clauses are often misparsed relatives. Without one,
        # a judging verb with a named agent reports its view of the subject: "Truss was criticised by
        # opposition leaders for her handling of the crisis", "the decision was condemned by NATO".
        span = None if speaker is None else _passive_object_content(ctx, verb, family)
        return None if span is None else Reported(span[0], span[1], verb, speaker, family)
    span = content_span(ctx, *_clause_bounds(clause, lexicon))
    if span is None:
        return None
    return Reported(span[0], span[1], verb, speaker, family)


def _infinitive(head: Token) -> Token | None:
    """The to-infinitive a word governs ("said [to favour] …", "determined [to clear] …"), or None."""
    return next(
        (c for c in head.rights if c.dep_ == "xcomp" and any(k.dep_ == "aux" and k.tag_ == "TO" for k in c.lefts)),
        None,
    )


def _raised_report(ctx: DocContext, verb: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``X is said to favour …``, ``X is understood to have agreed …``, ``X, said to be …``: unnamed sources.

    A passive reporting verb with an infinitive says what somebody unnamed says of the subject; the
    infinitive is the content, its source the agent after "by" when there is one, else nobody named
    (a ``sourcing`` report, as "reportedly"). The parser may read the reduced relative ("The arsonist,
    said to be …") as an active verb: the comma before it tells, as "say" takes no infinitive of its own.
    """
    lexicon = ctx.lexicon
    passive = any(c.dep_ == "auxpass" for c in verb.children) or (verb.dep_ == "acl" and verb.tag_ == "VBN")
    reduced = (
        verb.i > 1
        and ctx.doc[verb.i - 1].text == ","
        and any(c.dep_ in SUBJECT_DEPS and c.i < verb.i and c.right_edge.i >= verb.i - 2 for c in verb.children)
    )  # "The arsonist, said to be …" parsed with "said" as the arsonist's verb
    inf = _infinitive(verb)
    if inf is None or not (passive or reduced) or any(c.dep_ == "neg" or c.tag_ == "MD" for c in verb.children):
        return None  # "must be claimed to be refunded": an obligation, no report
    if any(c.dep_ == "prep" and c.i < inf.i for c in verb.children):
        return None  # "was reported to the committee to be debated": a purpose, after an addressee
    if verb.lower_ in lexicon.purpose_passives and not _states_of(ctx, verb, inf):
        return None  # "Prayers were said to remember the miners", "£2,100 was claimed to pay for …"
    span = content_span(ctx, inf.left_edge.i, inf.right_edge.i + 1)
    if span is None:
        return None
    return Reported(span[0], span[1], verb, _agent_speaker(ctx, verb, history), "sourcing")


def _states_of(ctx: DocContext, verb: Token, inf: Token) -> bool:
    """Tell an infinitive that says how things are, not what was done for: "to be", "to have left", "to favour".

    After "said", "claimed" or "reported" a purpose reads the same ("prayers were said to remember
    …"); a state, a perfect, a progressive, a passive ("are said to be held"), or the attitude of a
    subject that can hold one ("is said to favour early elections"; not "prayers were said to seek
    rain") is what sources say of it.
    """
    lexicon = ctx.lexicon
    if inf.lower_ in lexicon.state_verbs or any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in lexicon.state_verbs for c in inf.lefts
    ):
        return True
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    return lexicon.report_families.get(inf.lower_) == "attitude" and subject is not None and _may_judge(ctx, subject)


def _adjective_report(ctx: DocContext, adj: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``Nurses are convinced that …``, ``Boateng is confident she can …``, ``Orme is determined to …``.

    An adjective of belief predicated of somebody holds its clause as their view, one of intention
    its infinitive as their aim (``attitude``). The holder is the subject of the clause the
    adjective predicates ("is", "became", "was" in "… and was confident it would be overturned");
    a negated one holds nothing ("is not convinced"), nor one over a question ("sure what he was doing").
    """
    lexicon = ctx.lexicon
    if adj.dep_ != "acomp" or adj.head.pos_ not in {"AUX", "VERB"}:
        return None
    host = adj.head
    if _denied_or_asked(ctx, adj, host):
        return None
    if any(c.lower_ in lexicon.result_degrees for c in adj.lefts):
        return None  # "so confident that they booked the bus": a result, not the belief
    if adj.lower_ in lexicon.belief_adjectives:
        clause = next((c for c in adj.rights if c.dep_ == "ccomp"), None)
        first = None if clause is None else ctx.doc[clause.left_edge.i]
        if first is not None and (first.tag_.startswith("W") or first.lower_ in lexicon.conditional_marks):
            return None  # "so sure what he was doing", "not sure whether …": a question, no view
        bounds = None if clause is None else _clause_bounds(clause, lexicon)
    else:
        clause = _infinitive(adj)
        if clause is not None and (
            clause.lower_ in lexicon.state_verbs or any(c.lower_ in lexicon.state_verbs for c in clause.lefts)
        ):
            return None  # "was determined to be over the limit": found so, a passive, no aim
        bounds = None if clause is None else (clause.left_edge.i, clause.right_edge.i + 1)
    span = None if bounds is None else content_span(ctx, *bounds)
    if span is None:
        return None
    speaker = speaker_for_cue(ctx, host, history)
    if speaker is None or not _can_hold_view(ctx, subject_of(ctx, host), speaker, "attitude"):
        return None
    return Reported(span[0], span[1], adj, speaker, "attitude")


def _denied_or_asked(ctx: DocContext, adj: Token, host: Token) -> bool:
    """Tell a belief that nobody is said to hold: negated, hedged, conditional or asked.

    "is not convinced", "less than convinced", "Few analysts are optimistic", "If the minister is
    confident that …", "Is the coach confident that …?".
    """
    lexicon = ctx.lexicon
    if any(
        c.dep_ == "neg" or c.lower_ in lexicon.negative_words for c in (*adj.subtree, *host.children) if c.i < adj.i
    ):
        return True
    subject = next((c for c in host.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is not None and any(c.lower_ in lexicon.negative_words for c in subject.lefts):
        return True
    if any(c.dep_ == "mark" and c.lower_ in lexicon.conditional_marks for c in host.children):
        return True
    end = ctx.sent_bounds[ctx.sent_of[host.i]][1]
    return subject is not None and host.i < subject.i and ctx.doc[end - 1].text == "?"


def _agent_speaker(ctx: DocContext, verb: Token, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    """Who a passive's "by" phrase names, when it names somebody ("told by police"; not "by text message")."""
    by = next((c for c in verb.children if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by")), None)
    agent = None if by is None else next((k for k in by.children if k.dep_ == "pobj" and not ctx.quoted[k.i]), None)
    return None if agent is None or not may_speak(ctx, agent) else speaker_of(ctx, agent, history)


def _passive_object_content(ctx: DocContext, verb: Token, family: ReportKind) -> tuple[int, int] | None:
    """What a passive judging verb says of its subject: its "for"/"as" phrase, else a judged thing.

    The reason or the predicate ("… for [her handling of the crisis]", "… as [reckless]") is the content
    when there is one; else the subject when it names a thing a ``thing_object_verbs`` verb judges
    ("Putin's threat to use nuclear weapons was condemned by NATO").
    """
    if verb.lower_ not in ctx.lexicon.object_verbs or family not in {"communication", "attitude"}:
        return None
    reasons = {"for", "as"} if verb.lower_ in ctx.lexicon.reason_verbs else {"as"}
    reason = next((c for c in verb.rights if c.dep_ == "prep" and c.lower_ in reasons and not _for_a_time(c)), None)
    if reason is not None:
        # The phrase's words ("her handling of the crisis", "reckless"): quoted, they are the quote's.
        return content_span(ctx, reason.i + 1, reason.right_edge.i + 1, min_tokens=1)
    subject = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subject is None or not _judged_thing(ctx, verb, subject, family, dep="nsubjpass"):
        return None
    return content_span(ctx, subject.left_edge.i, subject.right_edge.i + 1, min_tokens=2)


def _according(ctx: DocContext, acc: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``According to X, <content>`` or ``<content>, according to X``.

    A report inside the content is reported too: "According to an aide, Smith told colleagues that
    …" is the aide's report (the clause) holding Smith's (what Smith told), two attributions. So are
    quoted words inside the content, unless the quote is the statement (``_quote_is_the_statement``):
    then the phrase is the quote's source.
    """
    s_lo, s_hi = ctx.sent_bounds[ctx.sent_of[acc.i]]
    if not source_phrase(ctx, acc):
        return None  # "$5 per person": a rate, no source
    phrase_lo, phrase_hi = acc.left_edge.i, max(acc.right_edge.i + 1, acc.i + 3)
    below_noun = (noun := noun_of_preposition(ctx, acc)) is not None and noun.i == acc.head.i
    if below_noun and not (acc.i == s_lo and acc.head.right_edge.i + 2 >= s_hi):
        # "selon le maire, Jean Dupont, …": the preposition hangs below its noun (Universal
        # Dependencies), whose phrase, apposition and all, is the source's
        phrase_lo, phrase_hi = acc.i, _source_phrase_end(acc.head)
    elif below_noun:
        # The parse hung the whole sentence below the source's noun: the phrase that opens the
        # sentence runs to its first comma ("Selon la police cantonale vaudoise, plus de 5000 …").
        comma = next((t.i for t in ctx.doc[acc.head.i : s_hi] if t.text == ","), None)
        phrase_lo, phrase_hi = acc.i, comma if comma is not None else phrase_hi
    elif (name := misparsed_source(ctx, acc)) is not None:
        phrase_hi = name.end  # the content the parse hung below a misread name is no part of the phrase
    phrase_hi = _past_apposition(ctx, phrase_hi, s_hi)

    # The clause the phrase sits in: the sentence, or a clause inside it ("a policy which, according
    # to AFP, the United Nations has criticised").
    host = acc.head
    if host.pos_ in {"VERB", "AUX"} and host.dep_ in _EMBEDDED_CLAUSES:
        lo, hi = host.left_edge.i, host.right_edge.i + 1
    else:
        host, lo, hi = ctx.doc[acc.i].sent.root, s_lo, s_hi
    before = phrase_lo - 1
    while before > lo and ctx.doc[before].is_punct:
        before -= 1
    if phrase_lo > lo and ctx.doc[before].pos_ == "CCONJ" and phrase_hi + 1 < hi and ctx.doc[phrase_hi].text == ",":
        # "…, but according to the employers, it is progress": a source after a conjunction, its
        # phrase closed by a comma, names the source of the clause after it, not of the one before.
        span = content_span(ctx, phrase_hi + 1, hi)
    elif (
        phrase_lo > lo
        and host.i >= phrase_hi
        and any(
            t.head.i == host.i and t.dep_ in _CLAUSE_SUBJECTS and t.tag_ not in _RELATIVE_TAGS
            for t in ctx.doc[lo:phrase_lo]
        )
    ):
        # An aside between the clause's subject and its verb ("The vote, according to two aides, could
        # come Thursday"): the clause is the content, aside and all, as with "the mayor said".
        span = content_span(ctx, lo, hi)
    else:
        span = _beside_phrase(ctx, lo, hi, phrase_lo, phrase_hi, host)
    if span is not None:
        span = _before_other_source(ctx, *span)
    if span is None or (
        _quotes_in_sentence(ctx, acc.i) and (_before_quote(ctx, phrase_hi) or _quote_is_the_statement(ctx, *span))
    ):
        return None
    speaker = speaker_for_cue(ctx, acc, history)
    if speaker is None:
        return None
    return Reported(span[0], span[1], acc, speaker, "sourcing")


def _before_other_source(ctx: DocContext, start: int, end: int) -> tuple[int, int] | None:
    """The content ``[start, end)`` (characters) cut before a conjoined clause that names its own source.

    "Pour la CGT, la réforme est « une erreur », mais pour le Medef, c'est « une avancée »": the
    clause after "mais pour" is the Medef's view, not the CGT's ("…, but according to Y, …" too).
    """
    doc = ctx.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return start, end
    lexicon = ctx.lexicon
    for tok in span[1:-1]:
        if tok.pos_ != "CCONJ":
            continue
        nxt = next((t for t in doc[tok.i + 1 : span.end] if not t.is_punct), None)  # "but, according to …"
        if nxt is None:
            break
        if nxt.lower_ in lexicon.fronted_according:
            # "mais pour le Medef, …": somebody, then a comma before any verb ("mais pour autant, …" is no source)
            comma = next((t for t in doc[nxt.i + 1 : span.end] if t.text == "," or t.pos_ in {"VERB", "AUX"}), None)
            sourced = (
                comma is not None and comma.text == "," and any(_somebody(ctx, t) for t in doc[nxt.i + 1 : comma.i])
            )
        else:
            sourced = source_phrase(ctx, nxt)  # "and per day" is a rate, not "and per the EPA"
        if sourced:
            cut = tok.i
            while cut > span.start and doc[cut - 1].is_punct and not doc[cut - 1].is_quote:
                cut -= 1
            return (start, doc[cut - 1].idx + len(doc[cut - 1])) if cut > span.start else None
    return start, end


def _somebody(ctx: DocContext, tok: Token) -> bool:
    """Tell a word that names a person or a body, or stands for people ("le Medef", "les syndicats")."""
    named = ctx.mention_at(tok.idx, tok.idx + len(tok))
    return (named is not None and named.label in {"PERSON", "ORG", "NORP", "GPE"}) or person_noun(ctx, tok)


def _past_apposition(ctx: DocContext, hi: int, s_hi: int) -> int:
    """Where a source phrase ending at ``hi`` ends once a named source's apposition after a comma is in it.

    "Selon Sophie Garnier, économiste à l'université de Grenoble, le budget …", "According to
    John Smith, who chairs the panel, the bill …": after a name, a phrase set off by commas that
    opens with a role noun without an article (and holds no verb) or with a relative pronoun is
    the source's, whatever the parse made of it, when a clause follows it. Not "According to the
    White House, President Biden, who …" (a title before a name opens the content), nor "Selon le
    maire, la réforme, adoptée hier, …".
    """
    doc = ctx.doc
    if hi < 1 or hi + 2 >= s_hi or doc[hi].text != "," or not (doc[hi - 1].pos_ == "PROPN" or doc[hi - 1].ent_type_):
        return hi
    first = doc[hi + 1]
    # set off by commas, a relative clause is never opened by English "that" ("According to Jones, that is wrong")
    relative = first.lower_ in ctx.lexicon.relative_pronouns and first.lower_ != "that"
    role = first.lower_ in ctx.lexicon.person_roles and doc[hi + 2].pos_ != "PROPN"
    if not (relative or role):
        return hi
    for k in range(hi + 1, s_hi):
        if ctx.quoted[k] or (role and doc[k].pos_ in ("VERB", "AUX")):
            return hi
        if doc[k].text == ",":
            return k if any(t.pos_ in ("VERB", "AUX") for t in doc[k + 1 : s_hi]) else hi
    return hi


def _before_quote(ctx: DocContext, hi: int) -> bool:
    """Tell a source phrase (ending before token ``hi``) right before quoted words: it introduces them.

    "…, and in the words of the prosecutor, Mark Tedeschi, “Gloria spent …”": the clause before the
    phrase is the article's. (After a quote, the phrase may close a clause holding it: "… boasted
    that Rourke had promised to act “on day one,” according to a recording".)
    """
    return any(ctx.quoted[t.i] or t.is_quote for t in ctx.doc[hi : hi + 2])


_OWN_CUE_TOKENS: Final = 4
"""Tokens after a quote's closing mark searched for its own speech verb ('”, the minister told reporters')."""


def _quote_is_the_statement(ctx: DocContext, start: int, end: int) -> bool:
    """Tell content in which the quoted words are the statement, not a part of the source's own.

    So they are when the content opens with them, when its other words hold no verb, or when a quote
    in it has its own speech verb after it.
    "“Here we are …,” he told settler leaders, according to a statement" and "By then, “the wards
    were full”, according to the Herald": the quote is what the source carries, no content of the
    source's own. "According to her, the trend should reverse, “provided the harvests are normal”"
    holds a quote inside the source's content.
    """
    first = _WORD_RE.search(ctx.text, start, end)
    if first is None or ctx.in_quote(first.start()):
        return True
    lo, hi = ctx.token_at(start), ctx.token_at(end - 1) + 1
    if not any(t.pos_ in {"VERB", "AUX"} and not ctx.quoted[t.i] for t in ctx.doc[lo:hi]):
        return True
    for q_start, q_end in ctx.spans[bisect.bisect_left(ctx.span_starts, start) :]:
        if q_start >= end:
            break
        k = ctx.token_at(q_end)
        for tok in ctx.doc[k : k + _OWN_CUE_TOKENS]:
            if tok.idx >= end:
                break
            if ctx.is_cue(tok):
                return True
    return False


def _source_phrase_end(noun: Token) -> int:
    """Where the phrase of a source's noun ends: its subtree, up to a comma that opens no apposition.

    "Selon Jean Dupont, porte-parole du syndicat, la grève …": the apposition is the source's;
    "Selon la police cantonale vaudoise, plus de 5000 supporters se sont rassemblés": a parse that
    hangs the content's subject below the source's noun is cut at the comma.
    """
    doc = noun.doc
    for k in range(noun.i + 1, noun.right_edge.i + 1):
        if doc[k].text != "," or k + 1 > noun.right_edge.i:
            continue
        # The apposition may hang below the name's last word ("Nicolas Van Hoof, professeur …": below "Hoof")
        child = doc[k + 1]
        apposed = child.dep_ == "appos"
        while child.head.i != noun.i and child.head.i != child.i:
            child = child.head
            apposed = apposed or (child.dep_ == "appos" and child.head.i < k)
        if not (apposed or child.dep_ == "appos"):
            return k
    end = noun.right_edge.i + 1
    while end > noun.i + 1 and doc[end - 1].text == ",":
        end -= 1  # the comma closing the phrase, which a parse may hang on its noun
    return end


def _in_view_report(ctx: DocContext, noun: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``In his view, <content>``, ``<content>, in her opinion``: the clause is the possessor's view.

    The phrase is an adverbial of the clause ("In his view, the merger would leave consumers with
    fewer choices"), its noun one of the lexicon's ``view_nouns`` after one of its ``view_preps``,
    and the possessor holds the view (a pronoun resolves as the speaker's would).
    """
    lexicon = ctx.lexicon
    prep = noun.head
    owner = next((c for c in noun.children if c.dep_ == "poss" and not ctx.quoted[c.i]), None)
    if owner is None or prep.lower_ not in lexicon.view_preps or prep.dep_ != "prep":
        return None
    host = prep.head
    if host.pos_ not in {"VERB", "AUX"}:
        return None  # "a change in his view of the war": a noun's phrase, no adverbial
    if _quotes_in_sentence(ctx, noun.i):
        return None
    lo, hi = host.left_edge.i, host.right_edge.i + 1
    phrase_lo, phrase_hi = prep.left_edge.i, prep.right_edge.i + 1
    span = _beside_phrase(ctx, lo, hi, phrase_lo, phrase_hi, host)
    if span is None:
        return None
    speaker = possessor_speaker(ctx, owner, history)
    return None if speaker is None else Reported(span[0], span[1], noun, speaker, "sourcing")


def _quotes_in_sentence(ctx: DocContext, tok: int) -> bool:
    """Tell whether the sentence of token ``tok`` holds quoted words (then the quote carries the report)."""
    sent_start, sent_end = ctx.sent_span(tok)
    return ctx.quote_overlaps(sent_start, sent_end)


def _beside_phrase(
    ctx: DocContext, lo: int, hi: int, phrase_lo: int, phrase_hi: int, host: Token
) -> tuple[int, int] | None:
    """The content beside a source phrase in a clause: the side holding the clause's verb, else the longer.

    ``[phrase_lo, phrase_hi)`` is the phrase, ``[lo, hi)`` the clause and ``host`` its verb.

    "Seventeen percent … say …, according to the Hawkeye Poll, a figure his aides say will shrink …":
    the clause before the phrase, not the longer noun phrase in apposition after it.
    """
    # Two words suffice for a whole clause beside the phrase ("According to the report, wages fell"),
    # not for a clause the phrase cuts in two ("He had, according to …, killed …").
    outside = [t.i for t in host.subtree if not t.is_punct and not phrase_lo <= t.i < phrase_hi]
    whole = all(i < phrase_lo for i in outside) or all(i >= phrase_hi for i in outside)
    fewest = _min_tokens(host) if whole else 3
    if lo <= host.i < phrase_lo:
        return content_span(ctx, lo, phrase_lo, min_tokens=fewest)
    if phrase_hi <= host.i < hi:
        return content_span(ctx, phrase_hi, hi, min_tokens=fewest)
    if phrase_lo - lo >= hi - phrase_hi:
        return content_span(ctx, lo, phrase_lo)
    return content_span(ctx, phrase_hi, hi)


def _agent_of(noun: Token) -> Token | None:
    """A noun's "by"/"from" phrase ("a pledge from the mayor"), if any."""
    return next((c for c in noun.rights if c.dep_ == "prep" and c.lower_ in {"by", "from"}), None)


def _noun_report(ctx: DocContext, noun: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``his pledge to …``, ``the conclusion that …``, ``by his own admission, …``."""
    lexicon = ctx.lexicon
    asks_for = "for" in lexicon.noun_cue_preps.get(noun.lower_, frozenset())
    clause = next(
        (
            c
            for c in noun.children
            if (
                c.dep_ in {"acl", "ccomp", "relcl"}
                and any(
                    (k.dep_ == "mark" and k.lower_ in lexicon.complementizers) or (k.dep_ == "aux" and k.lower_ == "to")
                    for k in c.children
                )
            )
            # "calls for the minister to resign": a call's "for"-clause with its own subject
            or (asks_for and c.dep_ in {"acl", "advcl"} and _for_to_clause(c))
        ),
        None,
    )
    phrase = None if clause is not None else _noun_argument(ctx, noun)
    if clause is not None:
        span = content_span(ctx, *_clause_bounds(clause, ctx.lexicon))
    elif phrase is not None:
        # "their call for a border wall", "his promise of a referendum": what is called for or
        # promised, by somebody the text names as holding it: the noun's possessor or agent, or the
        # subject of a verb that voices it ("voiced concerns about …"; not "faces calls for …").
        voiced = noun.dep_ == "dobj" and noun.head.lower_ in ctx.lexicon.voicing_verbs
        held = voiced or any(c.dep_ == "poss" for c in noun.children) or _agent_of(noun) is not None
        source = _noun_source(ctx, noun, history) if held else None
        hearsay = source is None and not held and noun.lower_ in lexicon.hearsay_nouns
        if source is None and not (hearsay and _hearsay_content(phrase)):
            return None
        # Two words at least: "a request for comment" is a formula, not a statement; what is alleged
        # may be one word ("allegations of fraud").
        span = content_span(ctx, phrase.i + 1, phrase.right_edge.i + 1, min_tokens=1 if hearsay else 2)
        return None if span is None else Reported(span[0], span[1], noun, source, "noun")
    elif noun.head.dep_ == "prep" and noun.head.lower_ == "by" and noun.head.head.pos_ in {"VERB", "AUX"}:
        # "By his own admission, the coach made mistakes": the clause the phrase modifies.
        main = noun.head.head
        lo, hi = main.left_edge.i, main.right_edge.i + 1
        phrase = noun.head
        if phrase.i == lo:
            lo = phrase.right_edge.i + 1
        span = content_span(ctx, lo, hi)
    else:
        return None
    if span is None:
        return None
    # "the claims of a former minister that …", "the conclusion that …": a report even unheld.
    return Reported(span[0], span[1], noun, _noun_source(ctx, noun, history), "noun")


def _hearsay_content(phrase: Token) -> bool:
    """Tell an "of" phrase saying what is claimed or reported from one naming who claims or reports.

    What is alleged is a thing or an event, told without a definite article or an owner ("claims of
    vote rigging", "reports of a deal"); "the claims of the opposition", "reports of his rivals" and
    "claims of Smith" name their holders.
    """
    obj = next((k for k in phrase.children if k.dep_ == "pobj"), None)
    if obj is None or obj.pos_ == "PROPN" or obj.ent_type_:
        return False
    return not any(
        c.dep_ == "poss" or (c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"})
        for c in obj.children
    )


def _noun_argument(ctx: DocContext, noun: Token) -> Token | None:
    """A noun cue's phrase naming what it calls for, promises or fears ("call for a wall", "fears of a war").

    The lexicon's ``noun_cue_preps`` say which preposition carries each noun's content; the object
    is a thing, not somebody ("calls for Smith") or an amount.
    """
    preps = ctx.lexicon.noun_cue_preps.get(noun.lower_, frozenset())
    for c in noun.rights:
        if c.dep_ != "prep" or ctx.quoted[c.i]:
            continue
        if c.lower_ not in preps:
            return None  # only the phrase right after the noun: "plans in May for …" is not the plan's
        obj = next((k for k in c.children if k.dep_ == "pobj"), None)
        return None if obj is None or may_speak(ctx, obj) or obj.ent_type_ in _MEASURE_ENTS else c
    return None


def _noun_source(ctx: DocContext, noun: Token, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    """Who holds a noun cue: its possessor, else its agent, else the subject of its verb.

    "Biden's pledge", "his pledge"; "statements by President Bush that …", "a pledge from the mayor
    to …"; "the senator voiced fears that …". Nobody named holds it after a verb that rejects it
    ("denied reports that …") or a preposition of circumstance ("amid fears that …").
    """
    for c in noun.children:
        if c.dep_ != "poss" or ctx.quoted[c.i]:
            continue
        return speaker_of(ctx, c, history, as_pronoun=ctx.lexicon.possessive_pronouns.get(c.lower_))
    for c in noun.rights:
        if c.dep_ == "prep" and c.lower_ in {"by", "from"} and not ctx.quoted[c.i]:
            agent = next((k for k in c.children if k.dep_ == "pobj" and not ctx.quoted[k.i]), None)
            if agent is None:
                continue
            named = ctx.mention_at(agent.idx, agent.idx + len(agent))
            if c.lower_ == "from" and not (
                (named is not None and named.label in {"PERSON", "ORG"})
                or agent.lower_ in ctx.lexicon.person_roles
                or agent.lower_ in ctx.lexicon.org_roles
            ):
                continue  # "reports from Syria that …": where the news comes from, not who speaks
            return speaker_of(ctx, agent, history)
    node = noun
    lexicon = ctx.lexicon
    while node.dep_ in {"dobj", "pobj", "prep", "attr"} and node.head.i != node.i:
        if node.dep_ == "prep" and node.lower_ in lexicon.circumstance_preps:
            return None  # "Shares fell amid fears that …": nobody in the clause holds the fears
        node = node.head
        if node.pos_ in {"VERB", "AUX"}:
            if node.lower_ in lexicon.disowning_verbs:
                return None  # "Ortega denied reports that …": the reports are somebody else's
            subject = _own_or_shared_subject(ctx, node)
            return None if subject is None else speaker_of(ctx, subject, history)
    return None


def _own_or_shared_subject(ctx: DocContext, verb: Token) -> Token | None:
    """A verb's subject, or the subject of the verb it is conjoined to ("X met Y and came to the conclusion that …")."""
    while True:
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if subjects:
            return next((c for c in subjects if not ctx.quoted[c.i]), None)
        if verb.dep_ != "conj" or verb.head.pos_ not in {"VERB", "AUX"}:
            return None
        verb = verb.head


def _adverb_report(ctx: DocContext, adverb: Token) -> Reported | None:
    """``X reportedly paid …``: the clause the adverb modifies, reported by somebody unnamed."""
    verb = adverb.head
    if verb.i == adverb.i or verb.pos_ not in {"VERB", "AUX"}:
        return None
    lo, hi = _clause_bounds(verb, ctx.lexicon)
    span = content_span(ctx, lo, hi)
    if span is None:
        return None
    return Reported(span[0], span[1], adverb, None, "sourcing")


def _heard_report(ctx: DocContext, verb: Token) -> Reported | None:
    """``The court heard that …``: what a sitting body was told, by somebody unnamed (``sourcing``).

    Court and inquest reporting gives evidence so ("The inquest heard she had been …", "Jurors
    heard that …"); a body that heard a case or an appeal heard no statement.
    """
    lexicon = ctx.lexicon
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.lower_ not in lexicon.hearing_bodies or ctx.quoted[subject.i]:
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None
    clause = next((c for c in verb.rights if c.dep_ == "ccomp"), None)
    if clause is None:
        return None
    span = content_span(ctx, *_clause_bounds(clause, lexicon))
    return None if span is None else Reported(span[0], span[1], verb, None, "sourcing")


def _learned_report(ctx: DocContext, verb: Token, history: Sequence[tuple[int, EntityMention]]) -> Reported | None:
    """``<statement>, a-t-on appris auprès de la préfecture.``: what the newsroom learned, and from whom.

    French wire copy attributes a statement with an incise whose subject is the impersonal "on"
    inverted after the verb or its auxiliary (``learning_verbs``, ``impersonal_pronouns``): the words
    before its comma are the statement, as with any incise, and the noun the verb governs after it its
    source, "auprès de la préfecture" (``consulted_preps``) or "de la préfecture"; "de sources
    concordantes", "de source policière" name nobody (``unnamed_sources``). "…, on a appris à lire"
    is no incise (no inversion), nor is a verb with its own object or clause ("a-t-on appris que …").
    """
    doc, lexicon = ctx.doc, ctx.lexicon
    s_lo, s_hi = ctx.sent_bounds[ctx.sent_of[verb.i]]
    k = verb.i - 1
    while k > s_lo and (
        doc[k].pos_ == "AUX" or doc[k].lower_ in EUPHONIC_T or doc[k].lower_ in lexicon.impersonal_pronouns
    ):
        k -= 1
    inverted = any(t.lower_ in lexicon.impersonal_pronouns and t.text[:1] in "-‑" for t in doc[k + 1 : verb.i + 2])
    # "a-t-on appris mardi auprès de …": a day the parse took for the object is when, not what
    when = lexicon.time_nouns
    if (
        doc[k].text != ","
        or not inverted
        or any(c.dep_ in _OBJECT_DEPS and c.lower_ not in when for c in verb.children)
    ):
        return None
    if not _finite_verb(ctx, s_lo, k) or ctx.quote_overlaps(doc[s_lo].idx, doc[k].idx):
        return None
    span = content_span(ctx, s_lo, k)
    if span is None:
        return None
    nouns = [
        t
        for t in verb.subtree
        if t.i > verb.i and t.pos_ in {"NOUN", "PROPN"} and not ctx.quoted[t.i] and t.lower_ not in when
    ]
    consulted = next((t for t in nouns if t.head.lower_ in lexicon.consulted_preps), None)
    source = consulted or next(iter(nouns), None)
    unnamed = (
        source is None
        or source.lower_ in lexicon.unnamed_sources
        or not (source.head.i == verb.i or source.head.lower_ in lexicon.consulted_preps)
    )
    speaker = None if unnamed else speaker_of(ctx, source, history)
    return Reported(span[0], span[1], verb, speaker, "sourcing")


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """Each line of ``text`` (split at line breaks) with the offset it starts at."""
    start = 0
    for line in text.split("\n"):
        yield start, line
        start += len(line) + 1


def _headlines(ctx: DocContext) -> list[Reported]:
    """``Poll: Most Americans …`` or ``Name: …`` on a short line: the words before the colon speak.

    The source must be a named person or a document noun ("Poll", "Report"); a place or a
    programme before a colon heads a title ("India: …", "DC Roundup: …"), not a statement.
    """
    out: list[Reported] = []
    text = ctx.text
    for start, line in _lines(text):
        head, colon, rest = line.partition(":")
        words = rest.split()
        if not colon or not head.strip() or len(head.split()) > 4 or not 3 <= len(words) <= _HEADLINE_MAX_WORDS:
            continue
        if rest.rstrip().endswith((".", "?")) and len(line.split()) > 12:
            continue  # a sentence with a colon, not a headline
        if head.split()[-1].lower() in ctx.lexicon.speech_verbs:
            continue  # "Reuters reports: …": the verb introduces its report (``_verb_report``), no label does
        head_start = start + len(line) - len(line.lstrip())
        head_end = start + len(head.rstrip())
        content_start = start + len(head) + 1
        content_start += len(rest) - len(rest.lstrip())
        content_end = start + len(line.rstrip().rstrip("."))
        if ctx.in_quote(content_start):
            continue
        speaker = _headline_source(ctx, head_start, head_end)
        if speaker is not None:
            out.append(Reported(content_start, content_end, None, speaker, "headline"))
    return out


def _said_in_headlines(ctx: DocContext) -> list[Reported]:
    """``Pakistani Officials Say 12 Killed in US Missile Strike``: a title-case line reporting with a speech verb.

    A headline capitalises its words, so the parse of it is unreliable: the line is read by its
    words, the verbs being the lexicon's ``headline_verbs``. Its source is the capitalised words
    before the verb, when ``_headline_source`` takes them (a person, a document, a group of people;
    not a place); what they say is the rest of the line ("Call on" / "Call for": after the preposition).
    """
    out: list[Reported] = []
    text = ctx.text
    for start, line in _lines(text):
        words = list(re.finditer(r"\S+", line))
        if not 4 <= len(words) <= _HEADLINE_MAX_WORDS or line.rstrip().endswith((".", "?", "!", ":")):
            continue
        if sum(w.group()[:1].isupper() for w in words) < 0.6 * len(words):
            continue  # not title case: a sentence, read by its parse
        for k, word in enumerate(words[1:-1], 1):
            lower = word.group().lower()
            rest = k + 1
            if lower not in ctx.lexicon.headline_verbs or not word.group()[:1].isupper():
                continue
            if lower in {"call", "calls"}:
                if words[k + 1].group().lower() not in {"on", "for"}:
                    continue
                rest = k + 2
            if rest >= len(words) or ctx.in_quote(start + words[rest].start()):
                break
            speaker = _headline_source(ctx, start + words[0].start(), start + words[k - 1].end())
            if speaker is not None:
                content_end = start + len(line.rstrip())
                out.append(Reported(start + words[rest].start(), content_end, None, speaker, "headline"))
            break
    return out


def _named_by_surname(ctx: DocContext, word: str, start: int) -> Speaker | None:
    """The person the article names whose surname is ``word`` ("Starmer" for Keir Starmer), if one only.

    Names the tagger missed count as people when they have a first name and a surname (they carry no key).
    """
    people = {
        m.canonical: m
        for m in [*ctx.mentions, *ctx.untyped]
        if m.start != start
        and m.text.split()[-1] == word
        and (m.label == "PERSON" or (m.key is not None and m.key.startswith("?:") and len(m.text.split()) > 1))
    }
    if len(people) != 1:
        return None
    (m,) = people.values()
    key = m.key if m.label == "PERSON" else None
    return Speaker(name=m.canonical, key=key, mention=word, start=start, end=start + len(word))


def _headline_source(ctx: DocContext, start: int, end: int) -> Speaker | None:
    """The source before a headline colon: a person (after titles), a document noun, or a group of people.

    "Mayor Ortega: City will appeal"; "Poll: …"; "Police: Driver was drunk", "Officials: …". A place or
    a programme heads a title ("India: …", "DC Roundup: …"), and a section label ("Analysis: …") a
    kind of piece, not a statement.
    """
    text = ctx.text
    if not text[start : start + 1].isupper():
        return None  # "@handle: …" introduces a post, "update: …" a note
    lexicon = ctx.lexicon
    label = text[start:end].strip().lower()
    if len(label) == 1 or label in lexicon.section_labels | lexicon.question_labels | lexicon.answer_labels:
        return None  # "Analysis: …" labels a piece, "Q: …" and "R : …" a turn of an interview: nobody speaks
    mention = ctx.mention_at(start, end)
    if mention is not None and mention.label == "PERSON" and end <= mention.end + 1:
        titles = [w.lower().rstrip(".") for w in text[start : max(start, mention.start)].split()]
        if all(t in lexicon.person_roles or t in lexicon.title_abbreviations for t in titles):
            return Speaker(name=mention.canonical, key=mention.key, mention=mention.text,
                           start=mention.start, end=mention.end)  # fmt: skip
    words = text[start:end].split()
    if not words or not words[0][:1].isupper():
        return None
    if len(words) == 1 and (named := _named_by_surname(ctx, words[0], start)) is not None:
        return named  # "Starmer: …" when the article names Keir Starmer
    # A source is a noun phrase of capitalised words, its head last ("Police chief:"); a verb or a
    # lower-case word before it makes an invitation or a phrase ("Ask the doctor:", "Rising star:").
    if any(not w[:1].isupper() for w in words[:-1]) or ctx.doc[ctx.token_at(start)].pos_ in {"VERB", "AUX"}:
        return None
    last = words[-1].lower()
    people = last in lexicon.person_groups or last in lexicon.state_roles or last in lexicon.person_roles
    if last in lexicon.document_nouns or people:
        return Speaker(name=text[start:end], mention=text[start:end], start=start, end=end)
    return None
