"""Events that are good or bad for an entity: how a speaker's view of an action maps to its target.

A speaker who says *the sanctions on Vestria are long overdue* is against Vestria, and one who warns
that *military assistance to Vestria would only prolong the war* is too, though neither sentence
speaks ill of Vestria: the speaker judges an action, and the action harms or helps Vestria. Deng,
Choi and Wiebe's benefactive/malefactive events (*goodFor* / *badFor*; "Benefactive/Malefactive
Event and Writer Attitude Annotation", ACL 2013) give the rule: a view of an event that is good for
its object carries over to the object; a view of an event that is bad for it carries over reversed.

``effect_event`` finds such an event around an entity mention in a parsed English sentence. From
the dependency parse:

* **the event**: a noun with the mention in its prepositional phrase: *aid to X*, *support for X*,
  *cooperation with X* (good-for nouns), *sanctions on X* (bad-for nouns), *investment in X*, and
  *against X* after any of them (*support for Kyiv against X* is bad for X). *Of* names the one the
  event happens to only for the nouns in ``OF_PATIENT`` (*the removal of X*; *the support of X*
  names the supporter), and so does a possessor, when the noun has no *of* object (*X's ouster*; in
  *X's invasion of Y* X is the invader). A verb with the mention as its object (*arming X*,
  *removing X*), including a capitalised gerund the parser read as part of the name (*"Arming
  Peru …"*). A verb of giving with the mention after *to* or *for*, or as its indirect object,
  when what it gives is a benefit (*sent weapons to X*, *gave X loans*; not *sent a warning to X*),
  and a benefit given by another verb (*cutting funding to X*). A conjunct shares the first one's
  event (*sanctions on Russia and Belarus*). Words that are events only as verbs (``VERB_ONLY``: a
  *bar*, a *fire*) are not events as nouns.
* **influencers** above it (Deng and Wiebe's reversers and retainers): a verb or noun that ends,
  cuts or blocks the event reverses its effect (*cutting funds to X*, *the lifting of sanctions on
  X*, *vetoing sanctions on X*); one that keeps or extends it keeps the effect (*keep supplying X*).
  Negation reverses it too (*not arming X*, *no sanctions on X*, *without aid to X*).
* **judged, not reported**: the event (with its influencers) must be a thing the sentence talks
  about (a noun phrase, a gerund, an infinitive), not a clause with its own subject or auxiliary.
  *Russia still provides weapons to X* reports an action; it says nothing of how the speaker
  regards it.

The event phrase (what the speaker judges, masked for the model) runs from the outermost influencer
or negation, or the event word's first modifier, to the end of the mention and of the event's own
objects. A possessor does not stand for what it possesses: *X's critics*, *X's spirits* are not
X. The words are English: the packaged stance model reads English only (``LanguageSpec.stance``);
the parse's lemmas are not used (the pipeline runs without spaCy's lemmatizer), so words are matched
by their inflected forms (``base_forms``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from pipeline.entities import opens_clause

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["BAD_FOR", "GOOD_FOR", "OF_PATIENT", "RETAINERS", "REVERSERS", "EffectEvent", "base_forms", "effect_event"]

GOOD_FOR: Final = frozenset(
    # helping, defending, endorsing, cooperating
    "aid assist assistance help support backing back protect protection defend rescue save shield "
    "endorse endorsement recognize recognise recognition reinstate reinstatement release free pardon "
    "strengthen empower reward reinforce reinforcement relief cooperate cooperation partnership alliance "
    "ally trade deal agreement welcome invite invitation "
    # giving and what is given
    "fund funding funds finance financing bailout subsidy subsidize subsidise loan grant donation invest "
    "investment arm arms weapon weapons supply supplies provide deliver delivery shipment train training "
    "money contract".split()
)
"""Words of events that are good for their object (Deng and Wiebe's *goodFor*)."""

BAD_FOR: Final = frozenset(
    # attacking, punishing, removing, excluding
    "attack strike airstrike bomb bombing bombardment shell shelling invade invasion occupation occupy "
    "sanction embargo blockade boycott punish punishment oust ouster remove removal topple overthrow "
    "depose impeach impeachment prosecute prosecution indict indictment arrest jail imprison "
    "imprisonment detain detention ban bar exclude exclusion expel expulsion deport deportation isolate "
    "isolation defund fire dismiss dismissal sack kill killing destroy destruction weaken undermine "
    "crackdown persecute persecution resignation tariff penalize penalise strip".split()
)
"""Words of events that are bad for their object (Deng and Wiebe's *badFor*)."""

VERB_ONLY: Final = frozenset("back bar fire free save train".split())
"""Words of the lists that name an event as verbs only: a *bar*, a *fire*, the *trains* are things."""

REVERSERS: Final = frozenset(
    "cut end stop halt suspend suspension withdraw withdrawal freeze cancel cancellation scrap block deny "
    "lift lifting repeal reduce curb cease abandon drop veto".split()
)
"""Verbs and nouns that undo the event they govern (*cutting aid to X*, *lifting sanctions on X*,
*the lifting of sanctions on X*); with a plain object they are bad for it (*suspending X*)."""

RETAINERS: Final = frozenset("keep continue extend renew increase expand resume maintain boost step".split())
"""Verbs that keep the event they govern going (*keep supplying X*, *extending loans to X*)."""

OF_PATIENT: Final = frozenset(
    "bailout protection rescue endorsement recognition reinstatement release bombing bombardment "
    "shelling invasion occupation punishment ouster removal overthrow impeachment prosecution indictment "
    "arrest detention exclusion expulsion deportation isolation dismissal killing destruction persecution "
    "resignation imprisonment suspension blockade boycott".split()
)
"""Nouns whose *of* phrase is the one the event happens to (*the removal of X*); without one, so is
their possessor (*X's ouster*; in *X's invasion of Y*, X is the invader)."""

_GOOD_PREPS: Final = frozenset({"to", "for", "with", "toward", "towards"})
_BAD_PREPS: Final = frozenset({"on", "against"})
_INVESTING: Final = frozenset({"invest", "investment"})
"""The nouns whose object follows *in* or *into* (*investment in X*; *releases in Asia* is a place)."""
_GIVING: Final = frozenset(
    "provide give deliver supply send sell offer grant loan hand award extend transfer lend ship donate".split()
)
"""Verbs of giving: good for the one given to when what is given is (*sent weapons to X*, not *sent
a warning to X*)."""
_SUPPLYING: Final = frozenset({"supply", "provide"})
"""Verbs of giving whose object is the one given to (*supplying X with gas*), not the thing given."""
_UNDOING_PREPS: Final = frozenset({"of", "to", "on", "in"})
_INFLUENCED_DEPS: Final = frozenset({"dobj", "xcomp", "nsubjpass", "pcomp"})
_MAX_INFLUENCERS: Final = 3
_MAX_CONJUNCTS: Final = 8
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


def _verbal(word: Token) -> bool:
    """A verb, or a capitalised "-ing" word opening its clause that the parser took for a name.

    The small English model reads a gerund that opens a quote (*"Arming Peru would be reckless"*,
    *"Vetoing sanctions …"*) as a proper noun.
    """
    if word.pos_ == "VERB":
        return True
    return word.pos_ == "PROPN" and word.is_title and word.lower_.endswith("ing") and opens_clause(word)


def _misread_gerund(word: Token) -> Token | None:
    """The gerund the parser compounded into the phrase of ``word``, when it opens that phrase."""
    first = word.left_edge
    return first if first is not word and first.dep_ in {"compound", "amod"} and _verbal(first) else None


def _effect(word: Token) -> int:
    """+1 for a word of a good-for event, -1 for a bad-for one or a reverser, 0 for any other."""
    if not _verbal(word) and _in(word, VERB_ONLY):
        return 0
    if _in(word, GOOD_FOR):
        return 1
    if _in(word, BAD_FOR) or _in(word, REVERSERS):
        return -1
    return 0


def _negated(word: Token) -> bool:
    """*not* arming X, *no* sanctions on X, *without* sanctions on X."""
    if any(c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for c in word.children):
        return True
    return word.dep_ in {"pobj", "pcomp"} and word.head.lower_ == "without"


@dataclass(frozen=True, slots=True)
class EffectEvent:
    """An event around a mention: the words a speaker judges, and what the event does to the mention.

    Attributes:
        start: first character of the event phrase (``doc.text`` offsets).
        end: end of the event phrase; it holds the mention.
        effect: +1 when the event is good for the mention's entity, -1 when bad for it (influencers
            and negation folded in).
        text: the event phrase, ``doc.text[start:end]``.
    """

    start: int
    end: int
    effect: int
    text: str


def _given(verb: Token) -> bool:
    """Whether a verb of giving gives something good (*sent weapons*, not *sent a warning*)."""
    return _in(verb, _GIVING) and any(c.dep_ == "dobj" and _effect(c) > 0 for c in verb.children)


def _event(mention: Token) -> tuple[Token, int] | None:
    """The word of the event the mention is the object of, and its effect, if the parse shows one."""
    node = mention
    for _ in range(_MAX_CONJUNCTS):
        if node.dep_ != "conj" or node.head is node:
            break
        node = node.head  # sanctions on Russia and Belarus: Belarus as Russia
    dep, head = node.dep_, node.head
    if (gerund := _misread_gerund(node)) is not None and dep != "poss":  # "Arming Peru", read as one name
        return (gerund, _effect(gerund)) if _effect(gerund) else None
    if dep == "poss":
        own_object = any(c.dep_ == "prep" and c.lower_ == "of" for c in head.children)
        if head.pos_ == "NOUN" and _in(head, OF_PATIENT) and not own_object and _effect(head):
            return head, _effect(head)  # X's ouster
        return None
    if dep == "pobj" and head.dep_ in {"prep", "dative"}:
        prep, governor = head.lower_, head.head
        if governor.pos_ in {"NOUN", "PROPN"} and not _verbal(governor):
            effect = _effect(governor)
            if prep == "against" and effect:
                return governor, -1  # sanctions against X; support for Kyiv against X
            if prep in {"in", "into"}:
                return (governor, effect) if _in(governor, _INVESTING) else None
            valid = (
                (prep == "of" and _in(governor, OF_PATIENT))
                or (effect > 0 and prep in _GOOD_PREPS)
                or (effect < 0 and prep in _BAD_PREPS)
            )
            return (governor, effect) if valid and effect else None
        if _verbal(governor) and prep in {"to", "for"}:
            if _given(governor):
                return governor, 1  # sent weapons to X
            given = [c for c in governor.children if c.dep_ == "dobj" and _effect(c) > 0]
            return (given[0], 1) if given else None  # cutting funding to X: the funding
        return None
    if dep == "dative" and _verbal(head):
        return (head, 1) if _given(head) else None  # gave X loans
    if dep == "dobj" and _verbal(head) and not _in(head, _GIVING - _SUPPLYING) and _effect(head):
        return head, _effect(head)  # arming X, sanctioning X, supplying X (with gas)
    return None


def _asserted(word: Token) -> bool:
    """Whether a verb heads a clause of its own, with a subject or an auxiliary.

    Such a clause reports an action as happening ("Russia provides weapons to X"); a sentence judges
    an action as a thing ("Removing X was a mistake", "the sanctions on X are overdue", "to arm X
    would be reckless": the infinitive's *to* is no auxiliary).
    """
    return word.pos_ in {"VERB", "AUX"} and any(c.dep_ in _CLAUSE_DEPS and c.tag_ != "TO" for c in word.children)


def _undoer(event: Token) -> Token | None:
    """A noun that undoes the event it governs: *the lifting of sanctions*, *cuts to funding*."""
    prep = event.head
    if event.dep_ != "pobj" or prep.dep_ != "prep" or prep.lower_ not in _UNDOING_PREPS:
        return None
    noun = prep.head
    return noun if noun.pos_ == "NOUN" and not _verbal(noun) and _in(noun, REVERSERS) else None


def effect_event(doc: Doc, start: int, end: int) -> EffectEvent | None:
    """The good-for or bad-for event whose object is the mention at ``doc.text[start:end]``, if any."""
    if end <= start or not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return None
    mention = span.root
    found = _event(mention)
    if found is None:
        return None
    event, effect = found
    chain = [event]
    outer = event
    for _ in range(_MAX_INFLUENCERS):
        if (undoer := _undoer(outer)) is not None:
            effect, outer = -effect, undoer
            chain.append(outer)
            continue
        if (gerund := _misread_gerund(outer)) is not None:
            governor = gerund  # "Vetoing sanctions on X", read as one name
        elif outer.dep_ in _INFLUENCED_DEPS and _verbal(outer.head) and outer.head is not outer:
            governor = outer.head
        else:
            break
        if _in(governor, REVERSERS):
            effect = -effect
        elif not _in(governor, RETAINERS):
            break
        outer = governor
        chain.append(outer)
    if _asserted(outer):
        return None
    words = [span[0], span[-1], mention.right_edge]
    for word in chain:
        if _negated(word):
            effect = -effect
            words += [c for c in word.children if c.dep_ in {"neg", "det"}]
        words.append(word if _verbal(word) else word.left_edge)
    # the event's own phrase: what is given, to whom, from where ("X's ouster from the group")
    words += [c.right_edge for c in event.children if c.dep_ in _VERB_PHRASE_DEPS]
    first, last = min(words, key=lambda w: w.i), max(words, key=lambda w: w.i)
    phrase = doc[first.i : last.i + 1]
    return EffectEvent(start=phrase.start_char, end=phrase.end_char, effect=effect, text=phrase.text)
