"""Events that are good or bad for an entity: how a speaker's view of an action maps to its target.

A speaker who says *the sanctions on Vestria are long overdue* is against Vestria, and one who warns
that *military assistance to Vestria would only prolong the war* is too, though neither sentence
speaks ill of Vestria: the speaker judges an action, and the action harms or helps Vestria. Deng,
Choi and Wiebe's benefactive/malefactive events (*goodFor* / *badFor*; "Benefactive/Malefactive
Event and Writer Attitude Annotation", ACL 2013) give the rule: a view of an event that is good for
its object carries over to the object; a view of an event that is bad for it carries over reversed.

``effect_event`` finds such an event around an entity mention in a parsed English sentence. From
the dependency parse:

* **the event**: a noun with the mention in its prepositional phrase (*aid to X*, *support for X*,
  *sanctions on X*, *cooperation with X*, *investment in X*, *the removal of X*: ``of`` and a
  possessor only for the nouns in ``OF_PATIENT``, since *the support of X* and *X's attacks* name
  the actor); a verb with the mention as its object (*arming X*, *removing X*); a verb of giving
  with the mention after *to* or *for*, or as its indirect object (*sold jets to X*, *gave X
  weapons*), or a thing given to it (*cutting funding to X*). A mention that is a possessor stands
  for what it possesses: *backing X's bid*, *sanctions on X's leadership*.
* **influencers** above it (Deng and Wiebe's reversers and retainers): a verb that ends, cuts or
  blocks the event reverses its effect (*cutting funds to X* is bad for X); one that keeps or
  extends it keeps the effect (*keep supplying X*). A reverser with a plain object is itself bad for
  it (*suspending X's voting rights*).
* **judged, not reported**: the event (with its influencers) must be a thing the sentence talks
  about (a noun phrase, a gerund, an infinitive), not a clause with its own subject or auxiliary.
  *Russia still provides weapons to X* reports an action; it says nothing of how the speaker
  regards it.

The event phrase (what the speaker judges) runs from the outermost influencer, or the event word's
first modifier, to the end of the mention's phrase (for a verb, of its objects). The words are
English: the packaged stance model reads English only (``LanguageSpec.stance``); the parse's lemmas
are not used (the pipeline runs without spaCy's lemmatizer), so words are matched by their
inflected forms (``base_forms``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["BAD_FOR", "GOOD_FOR", "OF_PATIENT", "RETAINERS", "REVERSERS", "EffectEvent", "base_forms", "effect_event"]

GOOD_FOR: Final = frozenset(
    # helping, defending, endorsing, cooperating
    "aid assist assistance help support backing back protect protection defend defence defense rescue "
    "save shield endorse endorsement recognize recognise recognition reinstate reinstatement release free "
    "pardon strengthen empower reward reinforce reinforcement relief cooperate cooperation partnership "
    "alliance ally trade deal agreement engagement welcome invite invitation "
    # giving and what is given
    "fund funding funds finance financing bailout subsidy subsidize subsidise loan grant donation invest "
    "investment arm arms weapon weapons supply supplies provide give deliver delivery shipment train "
    "training money credit contract".split()
)
"""Words of events that are good for their object (Deng and Wiebe's *goodFor*)."""

BAD_FOR: Final = frozenset(
    # attacking, punishing, removing, excluding
    "attack strike airstrike bomb bombing bombardment shell shelling invade invasion occupation occupy "
    "sanction embargo blockade boycott punish punishment oust ouster remove removal topple overthrow "
    "depose impeach impeachment prosecute prosecution indict indictment arrest jail imprison "
    "imprisonment detain detention ban bar exclude exclusion expel expulsion deport deportation isolate "
    "isolation defund fire dismiss dismissal sack kill killing destroy destruction weaken undermine "
    "crackdown persecute persecution resignation tariff fine penalize penalise strip".split()
)
"""Words of events that are bad for their object (Deng and Wiebe's *badFor*)."""

REVERSERS: Final = frozenset(
    "cut end stop halt suspend suspension withdraw withdrawal freeze cancel scrap block deny lift "
    "reduce curb cease abandon drop".split()
)
"""Verbs and nouns that undo the event they govern (*cutting aid to X*, *lifting sanctions on X*);
with a plain object they are bad for it (*suspending X's rights*)."""

RETAINERS: Final = frozenset("keep continue extend renew increase expand resume maintain boost step".split())
"""Verbs that keep the event they govern going (*keep supplying X*, *extending loans to X*)."""

OF_PATIENT: Final = frozenset(
    "bailout protection defence defense rescue endorsement recognition reinstatement release "
    "bombing bombardment shelling invasion occupation punishment ouster removal overthrow impeachment "
    "prosecution indictment arrest detention exclusion expulsion deportation isolation dismissal "
    "killing destruction persecution resignation imprisonment suspension".split()
)
"""Nouns whose *of* phrase, or possessor, is the one the event happens to (*the removal of X*,
*X's ouster*)."""

_NOUN_PREPS: Final = frozenset({"to", "for", "on", "against", "with", "toward", "towards", "of"})
_INVESTING: Final = frozenset({"invest", "investment"})
"""The nouns whose object follows *in* or *into* (*investment in X*; *releases in Asia* is a place)."""
_TO_PREPS: Final = frozenset({"to", "for"})
_GIVING: Final = frozenset(
    "provide give deliver supply send sell offer grant loan hand award extend transfer lend ship".split()
)
_INFLUENCED_DEPS: Final = frozenset({"dobj", "xcomp", "nsubjpass", "pcomp"})
_MAX_INFLUENCERS: Final = 3
_CLAUSE_DEPS: Final = frozenset({"nsubj", "nsubjpass", "aux", "auxpass", "expl"})
_VERB_PHRASE_DEPS: Final = frozenset({"dobj", "dative", "prt", "prep"})


def base_forms(word: str) -> tuple[str, ...]:
    """The lower-cased word and the stems its English inflections may come from.

    >>> base_forms("Banning")
    ('banning', 'bann', 'banne', 'ban')
    >>> "supply" in base_forms("supplies"), "cut" in base_forms("cutting"), "arm" in base_forms("armed")
    (True, True, True)
    """
    w = word.lower()
    forms = [w]
    for suffix in ("ing", "ed"):
        if w.endswith(suffix) and len(w) > len(suffix) + 2:
            stem = w[: -len(suffix)]
            forms += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])  # banning, cutting
            if suffix == "ed" and stem.endswith("i"):
                forms.append(stem[:-1] + "y")  # supplied
    if w.endswith("ies") and len(w) > 4:
        forms.append(w[:-3] + "y")
    elif w.endswith("es") and len(w) > 3:
        forms += [w[:-2], w[:-1]]
    elif w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        forms.append(w[:-1])
    return tuple(dict.fromkeys(forms))


def _in(word: Token, words: frozenset[str]) -> bool:
    return any(form in words for form in base_forms(word.text))


def _effect(word: Token) -> int:
    """+1 for a word of a good-for event, -1 for a bad-for one or a reverser, 0 for any other."""
    if _in(word, GOOD_FOR):
        return 1
    if _in(word, BAD_FOR) or _in(word, REVERSERS):
        return -1
    return 0


@dataclass(frozen=True, slots=True)
class EffectEvent:
    """An event around a mention: the words a speaker judges, and what the event does to the mention.

    Attributes:
        start: first character of the event phrase (``doc.text`` offsets).
        end: end of the event phrase; it holds the mention.
        effect: +1 when the event is good for the mention's entity, -1 when bad for it.
        head: the event's word, as written (an influencer's effect is folded into ``effect``).
        text: the event phrase, ``doc.text[start:end]``.
    """

    start: int
    end: int
    effect: int
    head: str
    text: str


def _misread_gerund(mention: Token) -> Token | None:
    """A clause-initial "-ing" word the parser took for part of the name after it.

    The small English model reads a capitalised gerund that opens a quote as a proper noun
    compounded with the name it governs: in *"Arming Peru would be reckless"* "Arming" becomes part of
    "Arming Peru". Such a word is the gerund, and the mention its object.
    """
    first = mention.left_edge
    if first is mention or first.dep_ != "compound" or not first.lower_.endswith("ing") or not first.is_title:
        return None
    before = first.nbor(-1) if first.i > 0 else None
    opens = before is None or first.is_sent_start or before.is_quote or before.is_left_punct
    return first if opens and _in(first, GOOD_FOR | BAD_FOR | REVERSERS | RETAINERS) else None


def _event(mention: Token) -> tuple[Token, int] | None:
    """The word of the event the mention is the object of, and its effect, if the parse shows one."""
    gerund = _misread_gerund(mention)
    if gerund is not None:
        return (gerund, _effect(gerund)) if _effect(gerund) else None
    node = mention
    if node.dep_ == "poss":
        if _in(node.head, OF_PATIENT):
            return node.head, _effect(node.head)  # X's ouster
        node = node.head  # X's bid, X's leadership: the possessed thing
    dep, head = node.dep_, node.head
    if dep == "pobj" and head.dep_ == "prep":
        prep, governor = head.lower_, head.head
        if governor.pos_ in {"NOUN", "PROPN"}:
            if prep in {"in", "into"}:
                valid = _in(governor, _INVESTING)
            else:
                valid = prep in _NOUN_PREPS and (prep != "of" or _in(governor, OF_PATIENT))
            return (governor, _effect(governor)) if valid and _effect(governor) else None
        if governor.pos_ == "VERB" and prep in _TO_PREPS:
            if _in(governor, _GIVING):
                return governor, 1  # sold jets to X
            given = [c for c in governor.children if c.dep_ == "dobj" and _effect(c) > 0]
            return (given[0], 1) if given else None  # cutting funding to X: the funding
        return None
    if dep == "dative" and head.pos_ == "VERB" and _in(head, _GIVING):
        return head, 1  # gave X weapons
    if dep == "dobj" and head.pos_ == "VERB" and _effect(head):
        return head, _effect(head)  # arming X, sanctioning X
    return None


def _asserted(word: Token) -> bool:
    """Whether a verb heads a clause of its own, with a subject or an auxiliary.

    Such a clause reports an action as happening ("Russia provides weapons to X"); a sentence judges
    an action as a thing ("Removing X was a mistake", "the sanctions on X are overdue").
    """
    return word.pos_ in {"VERB", "AUX"} and any(c.dep_ in _CLAUSE_DEPS for c in word.children)


def effect_event(doc: Doc, start: int, end: int) -> EffectEvent | None:
    """The good-for or bad-for event whose object is the mention at ``doc.text[start:end]``, if any."""
    if not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    mention = span.root
    found = _event(mention)
    if found is None:
        return None
    event, effect = found
    outer = event
    for _ in range(_MAX_INFLUENCERS):
        governor = outer.head
        if outer.dep_ not in _INFLUENCED_DEPS or governor.pos_ != "VERB" or governor is outer:
            break
        if _in(governor, REVERSERS):
            effect = -effect
        elif not _in(governor, RETAINERS):
            break
        outer = governor
    if _asserted(outer):
        return None
    phrase = mention.head if mention.dep_ == "poss" else mention  # X's bid: the whole "X's bid"
    words = [w if w.pos_ == "VERB" else w.left_edge for w in (outer, event)] + [phrase.right_edge, outer]
    if event.pos_ == "VERB":  # the verb's own phrase: what is given, and to whom
        words += [c.right_edge for c in event.children if c.dep_ in _VERB_PHRASE_DEPS]
    if any(w.sent.start != mention.sent.start for w in words):
        return None
    first, last = min(words, key=lambda w: w.i), max(words, key=lambda w: w.i)
    lo, hi = min(first.idx, start), max(last.idx + len(last.text), end)
    return EffectEvent(start=lo, end=hi, effect=effect, head=event.text, text=doc.text[lo:hi])
