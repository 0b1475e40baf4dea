"""Judgements a speaker reports rather than makes: whose view of a target a quote gives.

*"Critics call Kestrel Air a death trap, but that is nonsense," said the minister*: the judgement of
Kestrel Air in the minister's words is the critics', and the minister rejects it. A view inside a
view is the nested source of Wiebe's private states (Wiebe, Wilson and Cardie, "Annotating
expressions of opinions and emotions in language", 2005): the speaker's stance toward the target
goes through their attitude toward the report. So, within the speaker's words:

* **reported**: the target stands in the complement of a verb of saying or thinking (``REPORTING``:
  *say*, *call*, *believe*, *accuse* …) whose subject is somebody else, not the speaker in the first
  person (*I think Kestrel is safe* is the speaker's own view), or in a clause under *according to*
  somebody. The holder's words are the rest of the quote.
* **the speaker's attitude to it**, from the speaker's own words around the report: *rejected*
  (``REJECTING``: *that is nonsense*, *they are wrong*; or a negated endorsement, *I don't believe
  it*) reverses the reported view; *endorsed* (``ENDORSING``: *and I agree*, *they are right*; or a
  negated rejection) keeps it; neither: the speaker only reports it and holds no view of the target
  through it (neutral).

The words are English, as the packaged stance model is (``LanguageSpec.stance``); without a
lemmatizer, verbs are matched in their inflected forms (``effects.base_forms``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from pipeline.stance.effects import base_forms

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["ENDORSING", "REJECTING", "REPORTING", "reported_attitude", "verdict_words"]

REPORTING: Final = frozenset(
    "say said claim call argue believe think thought accuse praise warn insist allege describe complain "
    "suggest tell told consider reckon brand label dub maintain contend assert charge blame hail".split()
)
"""Verbs whose complement is somebody's judgement (base forms, and the irregular past ones)."""

REJECTING: Final = frozenset(
    "nonsense wrong false untrue lie lies myth ridiculous absurd baseless disagree rubbish reject "
    "mistaken misguided unfounded laughable garbage fiction fantasy slander smear deny".split()
)
"""Words by which a speaker rejects what they report (base forms)."""

ENDORSING: Final = frozenset("agree right correct true exactly precisely indeed believe justified point".split())
"""Words by which a speaker endorses what they report (base forms); *believe* only negated or in the first person."""

CONTRASTING: Final = frozenset({"but", "however", "yet"})
"""Words that set the speaker's own words against the report after it ("Critics call X a mess, but …")."""

_FIRST_PERSON: Final = frozenset({"i", "we"})
_THIRD_PERSON: Final = frozenset({"he", "she", "they"})
_COMPLEMENTS: Final = frozenset({"ccomp", "xcomp", "dobj", "oprd", "attr", "acomp"})
_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass"})


def verdict_words(doc: Doc, quote_start: int, quote_end: int) -> list[Token]:
    """The words of the speaker's words ``[quote_start, quote_end)`` that may give a verdict on a report.

    Contrasting, rejecting and endorsing words, in order: the only words ``reported_attitude``
    reads outside the report. Read once per quote, not once per target of it.
    """
    return [
        tok
        for tok in doc.char_span(quote_start, quote_end, alignment_mode="expand") or ()
        if tok.lower_ in CONTRASTING or _among(tok, REJECTING) or _among(tok, ENDORSING)
    ]


def reported_attitude(
    doc: Doc,
    start: int,
    end: int,
    quote_start: int,
    quote_end: int,
    *,
    indirect: bool = False,
    verdicts: list[Token] | None = None,
) -> int | None:
    """The speaker's attitude to a judgement they report of the mention at ``[start, end)``, if they report one.

    ``[quote_start, quote_end)`` is the speaker's words (a quote's content). In reported speech
    (``indirect``) the speaker is "he", "she" or "they" ("Volker said he does not think …"), not
    only "I" or "we". ``verdicts`` is ``verdict_words`` of the quote, when the caller has read them.
    Returns None when the mention is in the speaker's own judgement; else 1 (endorsed), -1
    (rejected) or 0 (only reported).
    """
    selves = _FIRST_PERSON | _THIRD_PERSON if indirect else _FIRST_PERSON
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    node: Token = span.root
    while node.head.i != node.i and quote_start <= node.head.idx < quote_end:
        parent = node.head
        according = next(  # inside the words: the quote's own "according to X" is its attribution
            (
                c
                for c in parent.children
                if c.dep_ == "prep" and c.lower_ == "according" and c.i != node.i and quote_start <= c.idx < quote_end
            ),
            None,
        )
        if according is not None and parent.pos_ in {"VERB", "AUX"}:
            return _attitude(doc, parent, according, _verdicts(doc, quote_start, quote_end, verdicts))
        if node.dep_ in _COMPLEMENTS and _among(parent, REPORTING):
            subject = next((c for c in parent.children if c.dep_ in _SUBJECTS), None)
            if subject is None or subject.lower_ in selves:
                return None  # "I think …", "calling it …": the speaker's own judgement
            return _attitude(doc, node, parent, _verdicts(doc, quote_start, quote_end, verdicts))
        node = parent
    return None


def _verdicts(doc: Doc, quote_start: int, quote_end: int, read: list[Token] | None) -> list[Token]:
    return verdict_words(doc, quote_start, quote_end) if read is None else read


def _attitude(doc: Doc, report: Token, holder: Token, verdicts: list[Token]) -> int:
    """1, -1 or 0: how the speaker's ``verdicts`` outside ``report``'s subtree (and the holder's) regard it."""
    reported = {t.i for t in report.subtree} | {t.i for t in holder.subtree if t.dep_ != "conj"}
    reported -= {t.i for c in holder.children if c.dep_ in {"conj", "cc"} for t in c.subtree}
    # ", which is false": a relative clause after a comma about the whole report is the speaker's
    reported -= {t.i for r in report.subtree if _sentential_relative(doc, r) for t in r.subtree}
    verdict = 0
    last = max(reported)
    for tok in verdicts:
        if tok.i in reported:
            continue
        if tok.lower_ in CONTRASTING and tok.i > last and not verdict:
            verdict = -1  # what follows sets itself against the report, unless a word below says otherwise
            continue
        rejects, endorses = _among(tok, REJECTING), _among(tok, ENDORSING)
        if not (rejects or endorses):
            continue
        negated = _negated(tok)
        if endorses and "believe" in base_forms(tok.lower_) and not negated and not _first_person(tok):
            continue  # "they believe …": another report, not the speaker's verdict
        verdict = 1 if endorses != negated else -1
    return verdict


def _sentential_relative(doc: Doc, clause: Token) -> bool:
    return (
        clause.dep_ in {"relcl", "advcl"}  # the small model reads ", which is false" either way
        and clause.left_edge.i > 0
        and doc[clause.left_edge.i - 1].text == ","
        and clause.left_edge.lower_ == "which"
    )


def _among(tok: Token, words: frozenset[str]) -> bool:
    return not words.isdisjoint(base_forms(tok.lower_))


def _negated(tok: Token) -> bool:
    """Whether a word is negated: "not true", "don't agree", "is not right" (the copula's "not")."""
    if any(c.dep_ == "neg" for c in tok.children):
        return True
    return tok.dep_ in {"acomp", "attr"} and any(c.dep_ == "neg" for c in tok.head.children)


def _first_person(tok: Token) -> bool:
    return any(c.dep_ in _SUBJECTS and c.lower_ in _FIRST_PERSON for c in tok.children)
