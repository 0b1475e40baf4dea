"""Speaker resolution: find the cue of a quote and name who it reports.

A quote's cue is the speech verb that governs it in the dependency parse (walking up from the
quote), else a speech verb right after it (``"…", Earnest announced``) or before it in the same
sentence (``He said: "…"``), else "according to X". The speaker is the cue's subject: a named entity
becomes its canonical name; a pronoun or a definite role noun ("the official", "the company") is
resolved to a recent person (or organisation) mentioned outside quotes; other noun phrases ("a
spokesman", "China's ambassador to Britain") are kept verbatim.

``history`` arguments list the speakers resolved so far as (offset of their mention, entity): they
are antecedents for later pronouns and nominals (``remember`` adds to it).
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Container, Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Span, Token

from pipeline.names import NAME_MAX_CHARS, POST_NOMINALS, surname
from pipeline.quotes.context import EUPHONIC_T, PROPER_TAGS, RELATIVE_DEPS, SUBJECT_DEPS, DocContext, stripped_end
from schemas.articles import EntityMention, Speaker

__all__ = [
    "as_clause",
    "cue_after",
    "cue_before",
    "cue_by_parse",
    "may_speak",
    "misparsed_source",
    "cited_title",
    "dash_byline",
    "entity_speaker",
    "participle_aside",
    "people_named",
    "remember",
    "source_phrase",
    "speaker_for_cue",
    "speaker_of",
    "subject_of",
    "subject_weight",
]

_WINDOW_TOKENS: Final = 8
_PLACE_TYPES: Final = frozenset({"GPE", "LOC", "FAC"})
_PARAGRAPH_WEIGHT: Final = 1.0
_LOOKBACK_SENTENCES: Final = 6
_LOOKBACK_MAX_SENTENCES: Final = 30
"""Sentences looked back at most, quoted ones included (a transcript is quoted sentence after sentence)."""
_SAME_PERSON: Final = frozenset(
    {"former", "ex", "then", "late", "outgoing", "embattled", "veteran", "longtime", "long-time", "incumbent",
     "sitting", "ousted", "deposed", "jailed", "exiled"}
)  # fmt: skip
"""Adjectives that leave a role noun meaning the person already named ("the former governor")."""
_RANK_WORDS: Final = frozenset({"deputy", "acting", "interim", "senior", "vice", "assistant", "associate"})
"""Words of rank before a role ("acting mayor"), part of a title."""
_SPEAKER_LABELS: Final = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_CLIMB_DEPS: Final = frozenset({"conj", "xcomp", "advcl"})
_NP_LEFT_DEPS: Final = frozenset({"det", "amod", "compound", "poss", "nummod", "case", "nmod", "quantmod"})
_NAME_DEPS: Final = frozenset({"appos", "compound", "poss", "nmod", "flat", "flat:name"})
_BULLETS: Final = "-–—•*· \t"
_RELATIONAL_ROLES: Final = frozenset({"lawyer", "attorney", "adviser", "advisor", "mother", "father"})
"""Person roles that are a relation to someone: "Morrison's lawyer" is never Morrison, whatever the
tagger calls the name (it reads many surnames as organisations)."""
_CLAUSE_SUBJECT_WEIGHT: Final = 0.6
_OBJECT_PATH: Final = frozenset({"dobj", "pobj", "prep", "attr", "conj", "appos"})
"""Labels a possessive's phrase climbs through to reach the verb whose subject owns it."""
_DESCRIPTION_LABELS: Final = frozenset({"NORP"})
"""Entity labels of words that may describe a person without naming them ("the Democrat")."""
_AGE_RE: Final = re.compile(r"(\d{1,3})-year-old")
_AGE_PHRASE_RE: Final = re.compile("the " + _AGE_RE.pattern, re.IGNORECASE)
_AGE_PHRASE_TOKENS: Final = 6
_AGE_AFTER_RE: Final = re.compile(r"\s*(?:,\s*(?:aged\s+)?|\()(\d{1,3})\b")
_AGE_BEFORE_RE: Final = re.compile(r"(\d{1,3})-year-old $")
_INDEFINITE_AGE_RE: Final = re.compile(r"\b(\w+)\s+" + _AGE_RE.pattern)
"""An age after a word that may be an indefinite article ("a 17-year-old"; the lexicon says which)."""
_INVERTED_SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubj:pass", "obj"})
"""Labels the French model gives the subject after a speech verb (« … », a déclaré le ministre)."""


def cue_by_parse(ctx: DocContext, lo: int, hi: int, max_hops: int) -> Token | None:
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
            if "\n" in ctx.text[min(node.idx, tok.idx) : max(node.idx, tok.idx)]:
                break  # a verb in another paragraph does not report this one
            if ctx.is_cue(node):
                best, best_hops = node, hops
                if node.dep_ != "ccomp":
                    break  # only a verb whose complement holds this one reports it further
            else:
                source = _source_child(ctx, node)
                if source is not None:
                    best, best_hops = source, hops
        if best is None and (tok.head.i == tok.i or lo <= tok.head.i < hi):
            # A quote parsed as the root of its sentence: the speech clause hangs below it; the one
            # next to the quote ("Asked whether …, Tsvangirai says, "…"": says, not Asked).
            below = [
                c
                for c in tok.children
                if not (lo <= c.i < hi)
                and ctx.is_cue(c)
                and c.dep_ in {"parataxis", "ccomp", "conj", "advcl"}
                and "\n" not in ctx.text[min(c.idx, tok.idx) : max(c.idx, tok.idx)]
            ]
            if below:
                return min(below, key=lambda c: lo - c.i if c.i < lo else c.i - hi)
        if best is not None:
            break
    return best if best is None or best_hops <= max_hops else None


def _source_child(ctx: DocContext, node: Token) -> Token | None:
    """The last child of ``node`` that reports what ``node`` heads, outside quotes (read once per node).

    "according to X", and a parenthetical speech clause: "The plan, Carter said, is "a disaster."", or
    a French incise the parse hangs on the clause as an adverbial: "La mesure doit durer « au moins trois
    mois », a-t-il précisé".
    """
    key = ("source child", node.i)
    if key not in ctx.memo:
        ctx.memo[key] = next(
            (
                c
                for c in reversed(list(node.children))
                if not ctx.quoted[c.i]
                and (
                    source_phrase(ctx, c)
                    or (c.dep_ == "parataxis" and ctx.is_cue(c))
                    or (
                        c.dep_ == "advcl"
                        and ctx.lexicon.inverted_subjects
                        and ctx.is_cue(c)
                        and inverted_subject(ctx, c) is not None
                    )
                )
            ),
            None,
        )
    found: Token | None = ctx.memo[key]
    return found


def source_phrase(ctx: DocContext, tok: Token) -> bool:
    """Tell a source phrase that opens at ``tok``: "according to", "in the words of"; "per" only before a source.

    "Per" names a source only when its object is somebody (``may_speak``), a document or a message
    ("per the EPA"), not in a rate ("18 per cent", "$5 per person").
    """
    phrase = ctx.according_phrase(tok)
    if phrase is None:
        return False
    if len(phrase) > 1:
        # "according to", "in the words of"; French "d'après" is a source's only before its noun (the
        # preposition hangs below it): "le jour d'après" is the day after.
        return tok.dep_ != "case" or tok.head.i >= tok.i + len(phrase)
    # Its object hangs below it ("pobj"), or it is a case marker below its noun (the French model's "selon").
    obj = tok.head if tok.dep_ == "case" else next((c for c in tok.children if c.dep_ == "pobj"), None)
    return obj is not None and (
        may_speak(ctx, obj) or is_document(ctx, obj) or obj.lower_ in ctx.lexicon.bound_pronouns  # "selon lui"
    )


def noun_of_preposition(ctx: DocContext, cue: Token) -> Token | None:
    """The noun a source phrase's preposition hangs below, its object ("selon le ministre", "d'après la CFDT").

    Universal Dependencies hang a preposition below its noun ("case"); the parse may give it another
    dependency ("D'après le dernier monitoring de l'OFEV" with "D'" an adverb of "monitoring"): a noun
    after it with nothing but determiners and adjectives between is its object all the same.
    """
    phrase = ctx.according_phrase(cue)
    if phrase is None or not ctx.parsed:
        return None
    last = ctx.doc[min(cue.i + len(phrase) - 1, len(ctx.doc) - 1)]
    for t in (cue, last):
        head = t.head
        if head.i <= t.i:
            continue
        if t.dep_ == "case":
            return head
        if (
            t.dep_ in {"advmod", "mark", "dep"}
            and head.pos_ in {"NOUN", "PROPN", "PRON"}
            and all(k.pos_ in {"DET", "ADJ", "NUM"} for k in ctx.doc[cue.i + len(phrase) : head.i])
        ):
            return head
    return None


def misparsed_source(ctx: DocContext, cue: Token) -> Span | None:
    """The capitalised name right after "according to" when the parse gave "to" no object.

    "According to Rathbun the property in question was returned …" without a comma: the parse reads
    "Rathbun" as a verb taking the content as its object. The phrase still names its source first.
    """
    phrase = ctx.according_phrase(cue)
    doc = ctx.doc
    if phrase is None or not ctx.parsed:
        return None
    k = cue.i + len(phrase)
    if k >= len(doc) or any(c.dep_ == "pobj" for c in doc[k - 1].children):
        return None
    hi = k
    while hi < len(doc) and doc[hi].is_title and not ctx.quoted[hi] and doc[hi].tag_ != "DT":
        hi += 1
    return doc[k:hi] if hi > k else None


# A speech verb's dependents that are what it reports: a clause ("added that …"); an object may be
# whom it told ("Smith told reporters").
_OWN_CONTENT_DEPS: Final = frozenset({"ccomp", "xcomp"})


def cue_after(ctx: DocContext, close: int) -> Token | None:
    """Find a speech verb (or "according to") right after a closing mark, in the same sentence.

    ``"…", he said``; ``"…", according to the Herald``. After a quote that ends its sentence with a
    full stop the cue must come at once (``"…." said Smith``, ``« … . » a déclaré le maire``,
    ``"…." Smith said.``): a later one belongs to the next sentence ("After the match, X said"), and
    so does one after its subject with words of its own to report ("« … . » Il a ajouté que …").
    """
    doc = ctx.doc
    n = 0
    end = stripped_end(ctx.text, close, " \"”»’'")
    stopped = end > 0 and ctx.text[end - 1] == "."
    window = 2 if stopped else _WINDOW_TOKENS
    subject_first = False
    for tok in doc[ctx.token_at(close) :]:
        if tok.idx < close:
            continue
        if ctx.quoted[tok.i] or "\n" in tok.text or (n > 0 and tok.text in {".", "!", "?", ";"}):
            return None
        if ctx.is_cue(tok) or source_phrase(ctx, tok):
            if stopped and subject_first and any(c.dep_ in _OWN_CONTENT_DEPS for c in tok.children):
                return None
            return tok if n <= window else None
        if tok.text in {"“", "«", "„"}:
            return None
        if not tok.is_punct:
            n += 1
            subject_first = subject_first or tok.pos_ != "AUX"
        if n > window:
            return None
    return None


def cue_before(ctx: DocContext, open_at: int) -> Token | None:
    """Find the nearest speech verb before an opening mark, in the same sentence (``He said: "…"``)."""
    doc = ctx.doc
    hi = ctx.token_at(open_at)
    if not doc or hi >= len(doc):
        return None
    sent = ctx.sent_of[hi]
    first = ctx.sent_bounds[sent][0]
    # "He said:" at the end of the previous paragraph introduces a quote that opens the next one.
    end = stripped_end(ctx.text, open_at)
    if end > 0 and ctx.text[end - 1] == ":" and first >= hi - 1 and sent > 0:
        first = ctx.sent_bounds[sent - 1][0]
    for s in range(sent, ctx.sent_of[first] - 1, -1):  # this sentence, then the one before a colon
        cues = _sentence_cues(ctx, s)
        k = bisect.bisect_left(cues, hi) - 1
        if k >= 0:
            return doc[cues[k]]
    return None


def _sentence_cues(ctx: DocContext, sent: int) -> list[int]:
    """The tokens of sentence ``sent`` outside quotes that are speech verbs or open a source phrase (read once per sentence)."""
    key = ("sentence cues", sent)
    found: list[int] | None = ctx.memo.get(key)
    if found is None:
        lo, hi = ctx.sent_bounds[sent]
        found = ctx.memo[key] = [
            tok.i for tok in ctx.doc[lo:hi] if not ctx.quoted[tok.i] and (ctx.is_cue(tok) or source_phrase(ctx, tok))
        ]
    return found


def reduced_relative(clause: Token) -> bool:
    """Tell the parser's clause under a speech verb that is its inverted subject with a participle phrase.

    "The deal is worth $4 billion, said two people briefed on the talks": the parser hangs a clause
    "people briefed on the talks" on "said", beside the content clause before it. A past participle
    without an auxiliary is no finite clause: its subject, right after the verb, is who said it, and
    the participle's phrase says who they are.
    """
    verb = clause.head
    if clause.dep_ != "ccomp" or clause.tag_ != "VBN" or clause.i < verb.i:
        return False
    kids = list(clause.children)
    subject = next((k for k in kids if k.dep_ == "nsubj" and k.i < clause.i), None)
    return (
        subject is not None
        and subject.left_edge.i == verb.i + 1
        and not any(k.dep_ in {"aux", "auxpass"} for k in kids)
        and any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children)
    )


def _after_euphonic_t(ctx: DocContext, tok: Token) -> Token:
    """The pronoun after the "-t-" of inversion ("a-t-elle dit"), where the parse took the "-t" for the subject."""
    doc = ctx.doc
    if tok.lower_ in EUPHONIC_T and tok.i + 1 < len(doc):
        pronoun = doc[tok.i + 1]
        if pronoun.lower_ in ctx.lexicon.person_pronouns or pronoun.lower_ in ctx.lexicon.group_pronouns:
            return pronoun
    return tok


def subject_of(ctx: DocContext, verb: Token) -> Token | None:
    """The grammatical subject of a speech verb, climbing conjoined and subordinate verbs."""
    node = verb
    if as_clause(verb):
        return _as_source(ctx, verb)  # "as reported by Reuters": Reuters, never the clause it modifies
    if not any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        reduced = next((c for c in verb.rights if reduced_relative(c)), None)
        if reduced is not None:
            return next(k for k in reduced.children if k.dep_ == "nsubj")  # "…, said two people briefed on …"
    agent = _passive_agent(ctx, verb)
    if agent is not None:
        return agent  # "described by critics as …", "was called a disaster by Democrats": the critics
    if (
        ctx.lexicon.inverted_subjects
        and (inverted := inverted_subject(ctx, verb)) is not None
        and inverted.text[:1] in "-‑"
    ):
        return (
            inverted  # "Les habitants, dit-elle, ont …": the pronoun joined to the verb, whatever the parse made of it
        )
    coordinated = True  # climbed only from the speech verb to verbs it is conjoined with
    for _ in range(4):
        # A bracket or other punctuation parsed as the subject ("Name [es] said") is a misparse: none.
        # "Il s'inquiète" read as impersonal: a person pronoun of the speech verb (or of a verb it is
        # conjoined with: "Il s'inquiète et estime que …") still speaks, unless the verb is passive
        # ("il a été annoncé que …"); a verb governing it keeps its impersonal "il" ("Il faut dire que …").
        personal = coordinated and not any(k.dep_ in {"aux:pass", "auxpass"} for k in node.children)
        subjects = [
            _after_euphonic_t(ctx, c)
            for c in node.children
            if (
                c.dep_ in SUBJECT_DEPS
                or (personal and c.dep_ == "expl:subj" and c.lower_ in ctx.lexicon.person_pronouns)
            )
            and not ctx.quoted[c.i]
            and not c.is_punct
            # a noun with a preposition is no subject, whatever the parse says ("a indiqué à l'AFP Jean
            # Dupont", "a de son côté dénoncé"), unless it counts ("Jusqu'à 200 salariés ont affirmé")
            and not (
                any(k.dep_ == "case" and k.pos_ == "ADP" for k in c.children)
                and not any(k.dep_ == "nummod" for k in c.children)
            )
        ]
        if subjects:
            # Several subjects of one verb are a misparse of one noun phrase ("Facebook co-founder Mark
            # Zuckerberg tweeted" parsed as three): English noun phrases end in their head, so it is
            # the word nearest the verb, or after an inverted verb the last ("said Arizona Republican
            # Senator John McCain").
            before = [c for c in subjects if c.i < node.i]
            if before:
                return _behind_detached_word(ctx, before[-1], node) or before[-1]
            last = subjects[-1]
            one_phrase = all(last.left_edge.i <= t.i or t.head.i == last.i for t in ctx.doc[subjects[0].i + 1 : last.i])
            return last if one_phrase else subjects[0]
        aside = participle_aside(node)
        if aside is not None:
            return next(c for c in aside.lefts if c.dep_ in _ASIDE_SUBJECT_DEPS)
        apposed = _apposed_to_fronted_phrase(node) or _apposed_to_fronted_noun(ctx, node)
        if apposed is not None:
            return apposed
        if node.tag_.startswith(ctx.lexicon.verb_tags):
            # A noun hung on a verb as a compound is its subject misread ("Records show X paid …").
            misread = [c for c in node.lefts if c.dep_ == "compound" and c.pos_ in {"NOUN", "PROPN"}]
            if misread and not ctx.quoted[misread[-1].i]:
                return misread[-1]
        if node.dep_ == "acl" and node.head.lower_ in ctx.lexicon.message_nouns and node.head.head.i != node.head.i:
            if node.head.dep_ in {"dobj", "pobj"}:
                node, coordinated = node.head.head, False  # "issued a statement warning that …": the issuer warns
                continue
        if node.dep_ == "acl" and node.tag_ == "VBG" and node.head.lower_ in ctx.lexicon.document_nouns:
            # "An article published in Al Hayat, claiming that …": the document claims.
            return None if ctx.quoted[node.head.i] else node.head
        if node.dep_ == "acl" and node.head.dep_ == "ROOT" and node.head.pos_ in {"NOUN", "PROPN"}:
            # The parser rooted the sentence on its subject and hung the main verb below it as a
            # reduced relative ("The group, WeWorkers Coalition, formed … and sent … stating").
            if not ctx.quoted[node.head.i]:
                return node.head
            break
        governor = _gerund_governor(ctx, node)
        if governor is not None:
            # "drew criticism after saying …": the verb's subject says it; "criticized Cruz for
            # saying …", "barred him from saying …": its object does (object control), if it is
            # somebody ("drew criticism for saying …" is the subject's).
            if node.head.lower_ in ctx.lexicon.object_control_preps:
                for c in governor.children:
                    if c.dep_ in {"dobj", "obj"} and not ctx.quoted[c.i] and (may_speak(ctx, c) or is_document(ctx, c)):
                        return c
            node, coordinated = governor, False
            continue
        if node.dep_ in _CLIMB_DEPS and node.head.i != node.i:
            outer = _report_conjunct_of(ctx, node)
            if outer is not None:
                node, coordinated = outer, False
                continue
            reporter = _reporter_of_content(ctx, node)
            if reporter is not None:
                node, coordinated = reporter, False
                continue
            if node.dep_ == "xcomp":
                # Object control: "prompted users to argue" -> the users argue; not "had this to say".
                for c in node.head.children:
                    if c.dep_ == "dobj" and not ctx.quoted[c.i] and not _thing_pronoun(ctx, c):
                        return c
            coordinated = coordinated and node.dep_ == "conj"
            node = node.head
            continue
        break
    return None


def _behind_detached_word(ctx: DocContext, subject: Token, verb: Token) -> Token | None:
    """The noun phrase after a lone word the parse took for the subject, set off before it by a comma.

    A sentence may open on a detached participle or adjective ("Sollicitée, la Ligue nationale de
    rugby a indiqué …", "Contacted, the company said …"); a subject is never cut from its verb by a
    comma with another noun phrase between them unless that phrase is an apposition, which a second
    comma closes. So when one word, then a comma, then a noun phrase with a determiner reaching the
    verb's auxiliaries come in that order, the noun phrase is the subject.
    """
    doc = ctx.doc
    start = ctx.sent_bounds[ctx.sent_of[subject.i]][0]
    if (
        subject.i + 2 >= len(doc)
        or doc[subject.i + 1].text != ","
        or not all(t.is_space for t in doc[start : subject.i])
    ):
        return None
    first_of_verb = min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])
    for head in (c for c in [*subject.children, *verb.children] if subject.i + 2 <= c.i < first_of_verb):
        if (
            head.pos_ in {"NOUN", "PROPN"}
            and head.left_edge.i == subject.i + 2
            and head.left_edge.pos_ == "DET"
            and head.right_edge.i == first_of_verb - 1
            and not ctx.quoted[head.i]
        ):
            return head
    return None


def _reporter_of_content(ctx: DocContext, participle: Token) -> Token | None:
    """The speech verb whose content a participle set off by a comma closes, when that content's subject cannot speak.

    "The judge ruled that the law was unconstitutional, saying it violated free speech": the parse
    hangs "saying" on the reported clause ("the law was …"), but a law says nothing; the judge
    does, and so does the reporter of a passive content ("Liu said the army could be deployed, warning
    …"). A content subject that can speak keeps the participle ("Police said the suspect fled, saying
    he was afraid": the suspect may have said it).
    """
    if participle.tag_ != "VBG" or participle.dep_ != "advcl" or participle.i == 0:
        return None
    clause = participle.head
    verb = clause.head
    if (
        ctx.doc[participle.i - 1].text != ","
        or clause.dep_ != "ccomp"
        or verb.i == clause.i
        or not ctx.is_cue(verb, reporting=True)
    ):
        return None
    subject = next((c for c in clause.children if c.dep_ in SUBJECT_DEPS), None)
    # A passive content's subject is acted on ("Liu said the army could be deployed, warning: …").
    silent = subject is not None and (subject.dep_ == "nsubjpass" or not may_speak(ctx, subject))
    return verb if silent else None


def _report_conjunct_of(ctx: DocContext, verb: Token) -> Token | None:
    """The speech verb a conjoined speech verb belongs with, when the parse hung it inside that verb's report.

    "The minister said the budget was fair and insisted that …": "insisted" is parsed as conjoined to
    "was", so it would share "the budget" as subject; a thing cannot insist, so the two verbs of
    speech are conjoined and the minister insists. A report's subject that can speak keeps the
    parse ("Police said the driver fled and insisted …" may be the driver's).
    """
    first = verb.head
    outer = first.head
    if not (
        verb.dep_ == "conj"
        and verb.lower_ in ctx.lexicon.speech_verbs
        and first.dep_ == "ccomp"
        and outer.i != first.i
        and outer.lower_ in ctx.lexicon.speech_verbs
    ):
        return None
    subject = next((c for c in first.children if c.dep_ in SUBJECT_DEPS), None)
    if subject is None or subject.pos_ == "PRON" or may_speak(ctx, subject) or is_document(ctx, subject):
        return None  # "it stood with its ally and called on China to …": "it" may be the body that speaks
    return outer


def _apposed_to_fronted_phrase(verb: Token) -> Token | None:
    """A name the parse hung in apposition to a fronted phrase's noun, right before a verb with no subject.

    "At Ramos's party, Luis Cardenas, a 58-year-old electrician, said …": the parse makes "Luis
    Cardenas, a … electrician" an apposition of "party"; the name is who says.
    """
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    node, name = doc[verb.i - 2], None
    while node.i != verb.i and node.head.i != node.i:
        if node.dep_ == "appos" and node.pos_ == "PROPN" and node.head.dep_ == "pobj":
            name = node
        if node.dep_ == "prep" and node.head.i == verb.i:
            return name if node.i == node.left_edge.i and node.i < verb.i else None
        node = node.head
    return None


def _apposed_to_fronted_noun(ctx: DocContext, verb: Token) -> Token | None:
    """Somebody the parse hung in apposition to the noun of a fronted phrase, before a verb with no subject.

    "À la barre, le prévenu, 58 ans, a reconnu …": a Universal Dependencies parse makes "le prévenu"
    an apposition of "barre" and leaves the verb without a subject; the one the apposition names,
    if somebody, is who speaks. Only punctuation and the verb's auxiliaries may stand between the
    phrase and the verb, and an age the parse hung on the verb ("61 ans"). The parse may also make the
    name a conjunct of the phrase, after a comma and with no conjunction ("Parmi les parties civiles,
    Odette Ferrier, 81 ans, a raconté …").
    """
    phrase = next(
        (
            t
            for t in reversed(list(verb.lefts))
            if t.dep_ in {"obl", "obl:mod"} and t.pos_ == "NOUN" and not any(c.pos_ == "NUM" for c in t.children)
        ),
        None,
    )
    if phrase is None or any(
        t.i > phrase.right_edge.i
        and not (t.is_punct or t.dep_.startswith("aux") or any(c.pos_ == "NUM" for c in t.children))
        for t in verb.lefts
    ):
        return None
    doc = ctx.doc

    def apposed(a: Token) -> bool:
        if a.dep_ == "conj":
            first = next(t for t in a.subtree if not t.is_punct)
            return doc[first.i - 1].text == "," and not any(c.dep_ == "cc" for c in a.children)
        return a.dep_ == "appos"

    return next((a for a in phrase.rights if apposed(a) and not ctx.quoted[a.i] and may_speak(ctx, a)), None)


_ASIDE_SUBJECT_DEPS: Final = SUBJECT_DEPS | {"npadvmod"}
"""How the parse may attach the subject of a participle aside to the participle."""


def participle_aside(verb: Token) -> Token | None:
    """A participle set off by commas between a verb's subject and the verb, parsed as the subject's verb.

    "Reilly, asked about the race, said …": the parser gives "Reilly" to "asked" and leaves "said"
    without a subject; "asked" is a reduced passive (Reilly was asked) and Reilly is who says. The
    parse may give the closing comma to the participle, and the name to it as a noun modifier
    ("Senator Reilly" as ``npadvmod``).
    """
    doc = verb.doc
    if verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    for c in verb.lefts:
        if (
            c.dep_ not in {"advcl", "ccomp", "parataxis"}
            or c.tag_ not in {"VBD", "VBN", "VBG"}
            or c.right_edge.i + 2 < verb.i
        ):
            continue
        subject = next((k for k in c.lefts if k.dep_ in _ASIDE_SUBJECT_DEPS), None)
        if subject is None or doc[c.i - 1].text != ",":
            continue
        last = subject.right_edge.i - (doc[subject.right_edge.i].text == ",")  # the parse may give it the comma
        if last + 2 == c.i:
            return c
    return None


def _name_head(name: str) -> str:
    """The head word of a name, lower case: before its first "of" ("Department of Justice"), else its last."""
    words = name.lower().split()
    return words[words.index("of") - 1] if "of" in words[1:] else (words[-1] if words else "")


def _thing_pronoun(ctx: DocContext, tok: Token) -> bool:
    """A pronoun for a thing ("this", "something", "much"), never the one who speaks."""
    lexicon = ctx.lexicon
    return tok.pos_ == "PRON" and tok.lower_ not in lexicon.person_pronouns and tok.lower_ not in lexicon.group_pronouns


def is_document(ctx: DocContext, tok: Token) -> bool:
    """A document or message noun ("the study", "the report"): it can say things too."""
    return tok.lower_ in ctx.lexicon.document_nouns or tok.lower_ in ctx.lexicon.message_nouns


def person_noun(ctx: DocContext, tok: Token) -> bool:
    """Tell a word that stands for somebody (``may_speak``) or names a kind of person ("a cyclist", "his brother")."""
    lower = tok.lower_
    lexicon = ctx.lexicon
    return may_speak(ctx, tok) or lower in lexicon.close_people or lexicon.plural(lower) in lexicon.person_groups


def as_clause(verb: Token) -> bool:
    """Tell a reduced passive source clause: "as reported by Reuters", "as explained on the agency's website"."""
    return (
        verb.tag_ == "VBN"
        and verb.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in verb.children)
        and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
    )


def _as_source(ctx: DocContext, verb: Token) -> Token | None:
    """The source of an ``as_clause``: its agent ("by Reuters"), else where it was said ("on the website").

    Never the subject of the clause it modifies: that is what is reported on ("the plan").
    """
    agent = _passive_agent(ctx, verb)
    if agent is not None:
        return agent
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in {"on", "in"}:
            medium = next((k for k in c.children if k.dep_ == "pobj" and not ctx.quoted[k.i]), None)
            # A document or an outlet by name ("on its website", "in The Times"), not an occasion
            # ("as expressed in the BBC interview": the interviewee expressed it).
            if medium is not None and (
                medium.lower_ in ctx.lexicon.document_nouns or (medium.pos_ == "PROPN" and may_speak(ctx, medium))
            ):
                return medium
    return None


def _passive_agent(ctx: DocContext, verb: Token) -> Token | None:
    """The agent of a passive speech verb, who speaks: "The plan, described by critics as …" (None if none).

    The passive's subject is what is spoken of ("the plan"), never the speaker.
    """
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or (
        verb.tag_ == "VBN" and (verb.dep_ in {"acl", "amod"} or as_clause(verb))
    )
    if not passive:
        return None
    # The parser may hang the agent on the predicate ("called "a disgrace" by Democrats", "described
    # as "a bully" by former staff").
    predicates = [c for c in verb.children if c.dep_ in {"oprd", "attr"} or (c.dep_ == "prep" and c.lower_ == "as")]
    for holder in [verb, *predicates, *(k for p in predicates for k in p.children if k.dep_ == "pobj")]:
        for c in holder.children:
            if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
                agent = next((k for k in c.children if k.dep_ == "pobj" and not ctx.quoted[k.i]), None)
                if agent is not None and may_speak(ctx, agent):
                    return agent
    return None


def may_speak(ctx: DocContext, tok: Token) -> bool:
    """Tell whether a word can stand for somebody: a name, a personal pronoun, a role or a group of people."""
    lexicon = ctx.lexicon
    lower = tok.lower_
    return (
        ctx.mention_at(tok.idx, tok.idx + len(tok)) is not None
        or ctx.untyped_at(tok.idx) is not None
        or lower in lexicon.person_pronouns
        or lower in lexicon.person_roles
        or lower in lexicon.titled_only_roles
        or lower in lexicon.org_roles
        or lower in lexicon.person_groups
        or (lower.endswith("s") and (lower[:-1] in lexicon.person_roles or lower[:-1] in lexicon.titled_only_roles))
    )


def _gerund_governor(ctx: DocContext, node: Token) -> Token | None:
    """The verb a gerund hangs from through a preposition ("drew criticism *after saying* …").

    English leaves the subject of such a gerund unsaid: it is the governing verb's (or, after the
    lexicon's ``object_control_preps``, "for", "of", "from", its object's), so the speech verb's
    speaker is found there. A preposition on a noun ("his habit of saying") governs nothing here.
    """
    if node.dep_ != "pcomp" or node.tag_ != "VBG" or node.head.dep_ != "prep":
        return None
    if node.head.lower_ not in ctx.lexicon.gerund_preps:
        return None  # "measures, including calling for a debate": a list, not the subject's act
    governor = node.head.head
    return governor if governor.pos_ in {"VERB", "AUX"} and governor.i != node.head.i else None


def _np_span(ctx: DocContext, head: Token) -> Span:
    """The noun phrase of a subject: the head and its left modifiers (det, amod, compound, poss).

    A head saying how many takes its partitive phrase too: "Hundreds of teachers", not "Hundreds".
    """
    lo, hi = head.i, head.i + 1
    for c in head.lefts:
        if c.dep_ in _NP_LEFT_DEPS and not ctx.quoted[c.i] and not (c.dep_ == "case" and c.pos_ == "ADP"):
            lo = min(lo, c.left_edge.i)  # a preposition hanging below its noun is not its phrase's: "selon le syndicat"
    if head.like_num or head.lower_ in ctx.lexicon.quantity_words:
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ in ctx.lexicon.partitive_preps and not ctx.quoted[c.right_edge.i]:
                if any(g.dep_ == "pobj" for g in c.children):
                    hi = c.right_edge.i + 1
                break
    return ctx.doc[lo:hi]


def entity_speaker(m: EntityMention, span: Span | Token | None = None) -> Speaker:
    """A speaker named by an entity, mentioned by ``span`` (default: the entity's own mention).

    Untyped proper-noun subjects (key "?:…") give a speaker without a key.
    """
    key = None if m.key.startswith("?:") else m.key
    if span is None:
        return Speaker(name=m.canonical, key=key, mention=m.text, start=m.start, end=m.end)
    start = span.idx if isinstance(span, Token) else span.start_char
    return Speaker(name=m.canonical, key=key, mention=span.text, start=start, end=start + len(span.text))


def subject_weight(ctx: DocContext, m: EntityMention) -> float:
    """1 for the subject of a main clause (or its name part), 0.6 for another clause's, 0.5 for a subject's possessor, else 0.

    The main clause's subject is what a sentence is about: in "Tom Hadley spoke after Peter Grant had
    left", a "he" that follows means Hadley.
    """
    if not ctx.parsed:
        return 0.0
    lo, hi = ctx.token_at(m.start), ctx.token_at(max(m.end - 1, m.start))
    for tok in ctx.doc[lo : hi + 1]:
        node = tok
        for _ in range(3):
            if node.dep_ in SUBJECT_DEPS:
                verb = node.head
                while verb.dep_ == "conj" and verb.head.i != verb.i:
                    verb = verb.head
                return 1.0 if verb.dep_ == "ROOT" else _CLAUSE_SUBJECT_WEIGHT
            if node.dep_ == "poss" and node.head.dep_ in SUBJECT_DEPS:
                return 0.5
            if node.dep_ not in {"compound", "flat", "flat:name", "appos"} or node.head.i == node.i:
                break
            node = node.head
    return 0.0


def _reports_speech(ctx: DocContext, m: EntityMention) -> bool:
    """Tell a mention that is the subject of a reporting verb with a clause after it ("X said he would …")."""
    if not ctx.parsed:
        return False
    tok = ctx.doc[ctx.token_at(max(m.end - 1, m.start))]
    while tok.dep_ in {"compound", "flat", "flat:name"} and tok.head.i != tok.i:
        tok = tok.head
    verb = tok.head
    return (
        tok.dep_ in SUBJECT_DEPS
        and verb.lower_ in ctx.lexicon.reporting_verbs
        and any(c.dep_ == "ccomp" and not ctx.quoted[c.i] for c in verb.children)
    )


@dataclass(slots=True)
class _Candidate:
    """An antecedent being scored by ``_resolve``: its latest offset, sentence and evidence."""

    ent: EntityMention
    last: int
    sent: int
    subject: float = 0.0
    speaker: float = 0.0
    count: int = 0


def _resolve(ctx: DocContext, before: int, labels: frozenset[str], role: str | None,
             history: Sequence[tuple[int, EntityMention]], gender: str | None = None,
             exclude: Container[str] = frozenset(), pronoun: bool = False,
             qualifiers: frozenset[str] = frozenset(), strict: bool = False) -> EntityMention | None:  # fmt: skip
    """Find the entity a pronoun or nominal refers to, among mentions outside quotes.

    Candidates from the last few sentences are scored: recency (one point per sentence back),
    grammatical subject (+1.5), earlier speaker (+1), repeated mentions (+0.3 each, up to 3), named
    in the same paragraph (+1). A person whose name or honorific shows the other gender than the
    pronoun is never meant; one whose own clauses' pronouns show it (``DocContext.gender``) loses 4
    points.

    Args:
        ctx: Document lookups.
        before: Offset of the referring expression.
        labels: Entity labels that can be meant (PERSON for "he", ORG/GPE for "the ministry").
        role: The role noun ("president"); a mention with that title just before it wins.
        history: Speakers already resolved (offset of their mention, entity), usable as antecedents.
        gender: "m" for "he", "f" for "she", None otherwise.
        exclude: Entity keys that cannot be meant (``_named_after_subject``).
        pronoun: The referring expression is "it"/"they": a name modifying a noun ("30 Boeing jets")
            is no antecedent of it (a role noun's may be: "Boeing shares fell … The company said").
        qualifiers: Words narrowing the role ("finance" of "the finance minister"): only a mention
            titled with the role and all of them is meant, else none.
        strict: Only a mention titled with the role is meant, else none ("the nurse", "the Democrat").
    """
    if not ctx.doc:
        return None
    sent = ctx.sent_of[ctx.token_at(before)]
    first_sent, narrated = sent, 0
    while first_sent > 0 and narrated < _LOOKBACK_SENTENCES and sent - first_sent < _LOOKBACK_MAX_SENTENCES:
        first_sent -= 1
        # Only narration counts: a quoted passage in between does not put the antecedent further away.
        narrated += ctx.is_narration(first_sent)
    window_start = ctx.doc[ctx.sent_bounds[first_sent][0]].idx
    mentions = [
        m
        for m in ctx.mentions_between(window_start, before)
        if m.end <= before
        and (m.label in labels or ("PERSON" in labels and _speaking_surname(ctx, m)))
        and not (pronoun and "PERSON" not in labels and _modifier(ctx, m))
    ]
    lo_u, hi_u = (
        bisect.bisect_left(ctx.untyped_starts, window_start),
        bisect.bisect_left(ctx.untyped_starts, before),
    )
    # Block quotes join the quoted text as they are found, after the untyped names were listed. An
    # untyped name may be anything, unless its age shows a person ("Goh, 52,": not "the police").
    unquoted = [
        m for m in ctx.untyped[lo_u:hi_u] if not ctx.in_quote(m.start) and (m.label != "PERSON" or "PERSON" in labels)
    ]
    mentions = sorted(mentions + unquoted, key=lambda m: m.start)
    if role is not None:
        # A title names its holder however far back ("Senate Majority Leader Harriet Marsh" … five
        # paragraphs on, "the majority leader said"): the nearest titled mention, in the window first.
        for m in reversed(mentions):
            if ctx.titled(m, role) and qualifiers <= ctx.titles_of(m):
                return m
        titled = _titled_before(ctx, window_start, labels, role, qualifiers)
        if titled is not None:
            return titled
        if qualifiers or (strict and not ctx.lexicon.untitled_role_holders):
            return None
        if strict:
            # "Infirmière libérale à Guéret, Céline Bard …, l'infirmière": people without a role word among
            # their titles may be meant too
            roles = ctx.lexicon.person_roles | ctx.lexicon.titled_only_roles
            same = {role} | ctx.lexicon.role_equivalents.get(role, frozenset())
            apposed = {m.key: word for m in mentions if (word := _role_apposed_before(ctx, m, roles)) is not None}
            for m in reversed(mentions):
                if apposed.get(m.key) in same:
                    return m  # "Habitante de la rue depuis trente ans, Josiane Perrin": titled so after all
            mentions = [m for m in mentions if roles.isdisjoint(ctx.titles_of(m)) and m.key not in apposed]
            history = [
                (off, e) for off, e in history if roles.isdisjoint(_office_titles(ctx, e)) and e.key not in apposed
            ]
        # The same role noun keeps its referent ("The group, WeWorkers Coalition, ..." then "the group").
        known = ctx.roles.get(role)
        if known is not None and known.label in labels:
            return known
        if role in ctx.lexicon.trial_parties:
            # "le procureur, Alain Sarrazin, … À la barre, le prévenu …": a party is no officer of the
            # court, nor a party of the other side ("La victime, Yanis Benali, …").
            parties, accused = ctx.lexicon.trial_parties, ctx.lexicon.accused_parties
            barred = ctx.lexicon.court_officers | (parties - accused if role in accused else accused)
            mentions = [m for m in mentions if not ctx.titles_of(m) & barred]
            history = [(off, e) for off, e in history if not _office_titles(ctx, e) & barred]
        if role in ctx.lexicon.offices:
            # "Sen. Mary Jones …. The mayor said": nobody the article titles with another office.
            same = {role} | ctx.lexicon.role_equivalents.get(role, frozenset())
            mentions = [m for m in mentions if (ctx.titles_of(m) & ctx.lexicon.offices) <= same]
            history = [(off, e) for off, e in history if (_office_titles(ctx, e) & ctx.lexicon.offices) <= same]
    cands: dict[str, _Candidate] = {}
    for m in mentions:
        c = cands.setdefault(m.key, _Candidate(m, m.start, 0))
        m_sent = ctx.sent_of[ctx.token_at(m.start)]
        # How prominent a candidate is now is how its latest sentence names it: the subject of a
        # main clause there, or only of a clause inside it ("Riordan told the crowd that Lindqvist
        # was …. She said …": Riordan).
        weight = subject_weight(ctx, m)
        c.subject = weight if m_sent > c.sent else max(c.subject, weight)
        c.last, c.sent = m.start, m_sent
        c.count += 1
        if not m.key.startswith("?:") and _reports_speech(ctx, m):
            # "Ortega-Price said he would run": a named speaker, whether quoted or reported (a role
            # noun, "The Prime Minister says …", stands for the name it refers to)
            c.speaker = 1.0
    for off, ent in history:
        # A one-word "organisation" that speaks is usually a surname the small model mislabelled.
        surname = "PERSON" in labels and ent.label == "ORG" and " " not in ent.canonical and not ent.canonical.isupper()
        # Untyped names (label ORG, key "?:…") may be anything; an unnamed person ("a spokesman") only a person.
        untyped = ent.key.startswith("?:") and (ent.label != "PERSON" or "PERSON" in labels)
        if window_start <= off < before and (ent.label in labels or surname or untyped):
            off_sent = ctx.sent_of[ctx.token_at(off)]
            c = cands.setdefault(ent.key, _Candidate(ent, off, off_sent))
            if off >= c.last:
                c.last = off
            if off_sent >= c.sent:
                c.sent, c.subject = off_sent, 1.0  # a speaker is the subject of its cue
            c.speaker = 0.5 if surname else 1.0
    for key in [k for k in cands if k in exclude]:
        del cands[key]
    if role in ctx.lexicon.business_roles:
        # "The Justice Department sued Kessler Motors. … the company said": a department is no company.
        public = ctx.lexicon.public_bodies
        for key in [k for k, c in cands.items() if _name_head(c.ent.canonical) in public]:
            del cands[key]
    elif role in ctx.lexicon.org_roles:
        # "Congress passed the bill. … the union said": an organisation whose name says what kind it is
        # ("Congress", "Stanford University") is no other kind, unless the role is a general one for
        # the state ("the government", "the authorities" may be any public body).
        for key in [k for k, c in cands.items() if _other_kind(ctx, c.ent, role)]:
            del cands[key]
        if role in ctx.lexicon.hearing_bodies:
            # "Acme Corp sued Wikimedia Deutschland. … The court found …": a court, a jury or a panel is
            # one the article names as such ("the High Court"), never a party that came before it (nor
            # initials, which parties have too: "The ACLU sued the FBI. … The court said …").
            hearing = ctx.lexicon.hearing_bodies
            for key in [k for k, c in cands.items() if hearing.isdisjoint(c.ent.canonical.lower().split())]:
                del cands[key]
    if not cands:
        return None

    # A new paragraph moves the story on: a candidate named in the referring expression's own
    # paragraph is more likely meant than one from a paragraph before ("… Mr Nair-Subramaniam said.
    # ¶ District Judge Kenneth Yeo was not persuaded. "…," he said": the judge).
    paragraph = ctx.text.rfind("\n", 0, before) + 1

    def score(c: _Candidate) -> tuple[float, int]:
        clash = gender is not None and ctx.gender(c.ent) not in {None, gender}
        here = _PARAGRAPH_WEIGHT * (c.last >= paragraph)
        return (
            -(sent - c.sent) + 1.5 * c.subject + c.speaker + 0.3 * min(c.count, 3) + here - 4.0 * clash,
            c.last,
        )

    # "She" never means a person whose name or honorific shows a man, however prominent he is.
    agreeing = [c for c in cands.values() if gender is None or ctx.named_gender(c.ent) in {None, gender}]
    return max(agreeing, key=score).ent if agreeing else None


def _role_apposed_before(ctx: DocContext, m: EntityMention, roles: Container[str]) -> str | None:
    """The role whose phrase a name is set beside after a comma ("La ministre de la Santé, Agnès Firmin,").

    "Habitante de la rue depuis trente ans, Josiane Perrin": the parse may hang the name on the
    phrase's last noun ("Santé", "ans"); the phrase's head is the role.
    """
    if not ctx.parsed or ctx.in_quote(m.start):
        return None
    lo = ctx.token_at(m.start)
    if lo < 2 or ctx.doc[lo - 1].text != ",":
        return None
    tok = ctx.doc[lo - 2]
    while tok.dep_ in {"nmod", "amod", "flat", "fixed", "compound", "obl", "obl:mod"} and tok.head.i < tok.i:
        tok = tok.head
    if tok.lower_ in _DOER_NOUNS or any(c.dep_ == "case" for c in tok.children):
        return None  # "Auteur d'un doublé, Yanis Kouadio": no post; "Selon le médecin, Paul Martin …": a source
    return tok.lower_ if tok.pos_ in {"NOUN", "ADJ"} and tok.lower_ in roles else None


_DOER_NOUNS: Final = frozenset({"auteur", "autrice"})
"""French role nouns that, opening a phrase set beside a name, say what somebody did ("Auteur d'un doublé,")."""


_STATE_AT_LARGE: Final = frozenset({"government", "administration", "authorities", "authority", "regime"})


def _other_kind(ctx: DocContext, ent: EntityMention, role: str) -> bool:
    """Tell an organisation whose name's head is a kind of body other than ``role`` ("Congress" for "the union").

    French names open with their head ("CHU de Cocody", "Syndicat national des infirmiers").
    """
    lexicon = ctx.lexicon
    head = ent.canonical.split()[0].lower() if lexicon.postnominal_adjectives else _name_head(ent.canonical)
    if head == role or head not in lexicon.org_roles | lexicon.public_bodies:
        return False
    return not (role in _STATE_AT_LARGE and head in lexicon.public_bodies | lexicon.state_roles)


def _office_titles(ctx: DocContext, ent: EntityMention) -> frozenset[str]:
    """The titles of an entity's mentions outside quotes: every office the article gives it (read once per entity)."""
    key = ("offices", ent.key)
    found: frozenset[str] | None = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = frozenset(
            t for m in ctx.mentions if m.key == ent.key and not ctx.in_quote(m.start) for t in ctx.titles_of(m)
        )
    return found


def _titled_before(
    ctx: DocContext, before: int, labels: frozenset[str], role: str, qualifiers: frozenset[str]
) -> EntityMention | None:
    """The last mention outside quotes, before offset ``before``, of ``labels`` titled ``role`` (and ``qualifiers``).

    The titled mentions are listed once per role, as far into the text as a question has reached
    (a mention's titles are read no earlier than a scan of the text would read them), then found by
    bisection.
    """
    key = ("titled", labels, role, qualifiers)
    found: tuple[list[int], list[EntityMention], list[int]] | None = ctx.memo.get(key)
    if found is None:
        found = ctx.memo[key] = ([], [], [0])
    starts, titled, scanned = found
    mentions = ctx.mentions
    k = scanned[0]
    while k < len(mentions) and mentions[k].start < before:
        m = mentions[k]
        if not ctx.in_quote(m.start) and m.label in labels and ctx.titled(m, role) and qualifiers <= ctx.titles_of(m):
            starts.append(m.start)
            titled.append(m)
        k += 1
    scanned[0] = k
    last = bisect.bisect_left(starts, before) - 1
    return titled[last] if last >= 0 else None


def _speaking_surname(ctx: DocContext, m: EntityMention) -> bool:
    """Tell whether a one-word ORG mention is the subject of a speech verb ("Volker said").

    Organisations speak too, but a capitalised single word that says things is more often a surname
    the small model mislabelled, so it may stand for "he"/"she". A place (GPE) never does: "he"
    after "Mexico rejected …" is a person.
    """
    if m.label != "ORG" or " " in m.text or m.text.isupper() or not ctx.parsed:
        return False
    tok = ctx.doc[ctx.token_at(m.start)]
    return tok.dep_ in SUBJECT_DEPS and ctx.is_cue(tok.head)


def _document_agent(ctx: DocContext, head: Token) -> EntityMention | None:
    """The maker a document's phrase names after an agent marker ("l'estimation publiée par l'Insee")."""
    doc = ctx.doc
    for t in head.subtree:
        if t.i <= head.i or t.lower_ not in ctx.lexicon.agent_markers or ctx.quoted[t.i]:
            continue
        k = t.i + 1
        while k < len(doc) and doc[k].pos_ == "DET":
            k += 1
        maker = ctx.mention_at(doc[k].idx, doc[k].idx + len(doc[k])) if k < len(doc) else None
        if maker is not None and maker.label in {"ORG", "PERSON"}:
            return maker
    return None


def _name_after_honorific(ctx: DocContext, head: Token) -> EntityMention | None:
    """The person named right after ``head`` when ``head`` is an honorific ("M." of "M. Nguesso"), else None."""
    if head.i + 1 >= len(ctx.doc) or ctx.lexicon.honorific_re.search(head.text_with_ws) is None:
        return None
    nxt = ctx.doc[head.i + 1]
    named = ctx.mention_at(nxt.idx, nxt.idx + len(nxt))
    return named if named is not None and named.label == "PERSON" else None


def speaker_of(
    ctx: DocContext,
    head: Token | None,
    history: Sequence[tuple[int, EntityMention]],
    as_pronoun: str | None = None,
    not_meant: frozenset[str] = frozenset(),
) -> Speaker | None:
    """Turn a subject token into a Speaker: entity, resolved pronoun/nominal, or the noun phrase.

    ``as_pronoun`` reads the token as that pronoun ("his" as "he" for "his pledge"). ``not_meant``: keys
    of the people the quote itself names, whom "he"/"she" does not mean (``speaker_for_cue``).
    """
    if head is None or ctx.quoted[head.i]:
        return None
    head = _name_before_letters(ctx, head)  # "Aoife Brennan TD said": the parse heads the name by its letters
    m = ctx.mention_at(head.idx, head.idx + len(head))
    if m is None and (named := _name_after_honorific(ctx, head)) is not None:
        m = named  # "a souligné M. Nguesso": the French parse heads the name by its honorific
    if m is not None and m.label in {"GPE", "LOC"} and (person := _person_apposed(ctx, head)) is not None:
        m = person  # "Washington, D.C. March 29 - Former Prime Minister Yulia Tymoshenko told": a dateline parsed as subject
    elif m is not None and m.label == "ORG" and m.text == head.text and (owner := _titled_back(ctx, head)) is not None:
        m = owner  # "chief financial officer Anika Sorensen … The CFO said": a title the model took for a body
    elif (
        m is not None
        and m.label == "ORG"
        and m.start == head.idx
        and (office_holder := _office_holder_named(ctx, m)) is not None
    ):
        m = office_holder  # "La ministre de la Santé, Claire Martin, a annoncé": an office the model took for a body
    if m is not None and m.label == "NORP" and _noun_gender(ctx, head) is not None and not ctx.in_quote(m.start):
        # "le Finlandais": the person the article gives that nationality, else the nationality's phrase
        # (not the one person the article names, as another description would be)
        native = _national_named(ctx, head, history)
        return entity_speaker(native, _np_span(ctx, head)) if native is not None else entity_speaker(m)
    if m is not None and not ctx.in_quote(m.start):
        renamed = _renamed_title_holder(ctx, head, m) or _officer_after_body(ctx, head, m)
        if renamed is not None:
            return entity_speaker(renamed)
        if m.label in _DESCRIPTION_LABELS:
            described = _described_person(ctx, head, m, history)
            if described is not None:
                return described
        return entity_speaker(m)
    if m is None and head.tag_ in PROPER_TAGS and (u := _untyped_person(ctx, head)) is not None:
        return entity_speaker(u)  # "Local MSP Ewan Dalgleish said": the name the NER missed, not the title
    lexicon = ctx.lexicon
    lower = head.lower_ if as_pronoun is None else as_pronoun
    if as_pronoun is None and len(head.text) > 1 and head.text.isupper() and head.tag_ in PROPER_TAGS:
        lower = head.text  # an acronym is no pronoun: "says WHO" is the World Health Organization
    clause = head.head
    if lower in lexicon.relative_pronouns and clause.dep_ in RELATIVE_DEPS and clause.head.i != clause.i:
        # "a report, which said that …": the relative clause speaks for the noun it modifies.
        return speaker_of(ctx, clause.head, history)
    np = _np_span(ctx, head)
    given = _given_speaker(ctx, np)
    if given is not None:
        return given  # "a trotro driver who gave his name only as Kofi"
    apposed = _dash_apposed_name(ctx, np)
    if apposed is not None:
        return entity_speaker(apposed, np)  # "Kim Jang-Soo - chief national security adviser to …"
    if lower in {"former", "latter"} and any(c.lower_ == "the" for c in head.lefts):
        named = _former_or_latter(ctx, head)
        return None if named is None else entity_speaker(named, np)
    if lexicon.latter_pronouns and (latter := _latter_pronoun(ctx, head)) is not None:
        meant = _latter_meant(ctx, *latter)
        if isinstance(meant, Token):
            # "Jean Martin a rencontré le ministre. Celui-ci a déclaré": a minister the article does not name
            return _phrase_speaker(ctx, _np_span(ctx, meant))
        return None if meant is None else entity_speaker(meant, np)
    if lower in lexicon.ones:
        # "said one of them, Priya Nair, a paramedic": the one is the person named after the comma.
        for c in head.children:
            named = ctx.mention_at(c.idx, c.idx + len(c)) if c.dep_ in {"appos", "conj"} else None
            if named is not None and named.label == "PERSON" and ctx.doc[c.left_edge.i - 1].text == ",":
                return entity_speaker(named, np)
    person_role = lower in lexicon.person_roles or lower in lexicon.titled_only_roles
    role_noun = person_role or lower in lexicon.org_roles
    if person_role and (named := _name_after_role(ctx, head)) is not None:
        return entity_speaker(named)  # "Former Iranian president Rafsanjani states …"
    if person_role and (named := _apposed_person(ctx, head)) is not None:
        # "La secrétaire générale de la CGT, Nadia Berthier, a appelé …": the parse may hang the name
        # on the body (or read it as a second subject); the apposition names the role's holder.
        return entity_speaker(named, np)
    if (
        person_role
        and any(c.dep_ == "det" and c.lower_ in lexicon.definite for c in head.lefts)
        and _in_headline(ctx, head)
        and (ahead := _title_holder(ctx, lower, len(ctx.text))) is not None
    ):
        return entity_speaker(ahead, np)  # a headline's "the prime minister" is the one its story titles so
    # "Press Secretary Josh Earnest", "the company's spokesman", "a spokesman, John Smith,"
    best: EntityMention | None = None
    holder = False  # "China's ambassador": a person holding a country's or a body's office, not it
    owned = False  # "Trump's lawyer", "Hong Kong police": the name is whose the role is, not who speaks
    former = any(c.dep_ == "amod" and c.lower_ in lexicon.past_office_words for c in head.lefts)
    for c in head.children:
        if ctx.quoted[c.i] or c.dep_ not in _NAME_DEPS or (c.dep_ != "appos" and not role_noun):
            continue
        name_tok = _name_before_letters(ctx, c)
        cm = ctx.mention_at(name_tok.idx, name_tok.idx + len(name_tok))
        if (
            cm is not None
            and person_role
            and (
                cm.label in {"GPE", "NORP"}
                or (cm.label == "ORG" and c.i < head.i and (lower not in lexicon.voice_roles or former))
            )
        ):
            # "China's ambassador", "the Ohio senator", "the Labour leader": a place or a body does not
            # speak for the official who holds its office (its spokesman speaks for it, not a former
            # one). A name after the role is its holder's, whatever the model calls it ("councillor
            # Paddy Hession" tagged ORG).
            holder = True
            continue
        if (
            cm is not None
            and c.dep_ != "appos"
            and (
                (
                    c.dep_ == "poss"
                    and (cm.label == "PERSON" or lower in _RELATIONAL_ROLES or lower in lexicon.org_roles)
                )
                or (lower in lexicon.org_roles and cm.label != "ORG")
                or (c.dep_ == "compound" and c.i < head.i and cm.label == "PERSON" and person_role)
                or (c.dep_ == "compound" and lower in lexicon.object_roles)  # "the iPhone maker"
            )
        ):
            # A person's spokesman, anyone's lawyer or mother is somebody else (an organisation's
            # spokesman speaks for it), and so is a person's adviser named by a modifier ("a Becker
            # adviser"); a country's police or government, a politician's campaign, an organisation's
            # court or board is a body of its own ("the New Zealand government", "the European Union's
            # top court").
            owned = True
            continue
        if (
            cm is not None
            and cm.label in _SPEAKER_LABELS
            and (
                best is None
                or (cm.label == "PERSON" and best.label != "PERSON")
                or (c.dep_ == "appos" and cm.label == "PERSON")  # "the Riverton manager, Tom Hadley"
            )
        ):
            best = cm
    if best is not None:
        return entity_speaker(best, np)
    if role_noun and not owned and not holder:
        for c in head.children:
            if c.dep_ == "appos" and c.tag_ in PROPER_TAGS and not ctx.quoted[c.i]:
                # "The group that owns most of her music, Big Machine, says": the name the role is given.
                return _phrase_speaker(ctx, _np_span(ctx, c))
    if lower in lexicon.org_roles and (closing := _closing_apposition(ctx, head, _ORG_NAME_LABELS)):
        # "The company that runs the AMAs, Dick Clark Productions, denies": the parse hangs the name on
        # the clause's last noun; set off by commas right before the verb, it names the organisation
        # (whatever the model calls a name of a company).
        last = ctx.doc[max(closing)]
        named_org = ctx.mention_at(last.idx, last.idx + len(last))
        if named_org is not None:
            return entity_speaker(named_org, np)
    if owned:
        return _phrase_speaker(ctx, np)
    if holder:
        # "Malaysia's Prime Minister", "the Ohio senator": the person the article titles so, if one.
        # The place first: of three senators the article titles, "the Nevada senator" is the one of Nevada.
        role = _role_words(ctx, head)
        places = [w for c in head.lefts if c.ent_type_ == "GPE" and c.dep_ == "compound" for w in c.lower_.split()]
        titled = (_titled_person(ctx, [*places, *role]) if places else None) or _titled_person(ctx, role)
        return entity_speaker(titled, np) if titled is not None else _office_holder(ctx, head, np)
    if role_noun and (possessive := _pronoun_possessor(ctx, head)) is not None:
        possessor = speaker_of(ctx, possessive, history, as_pronoun=lexicon.possessive_pronouns[possessive.lower_])
        if possessor is not None and possessor.key is not None:
            # "his campaign", "her spokeswoman": somebody else than the one the pronoun means, named by them.
            rest = ctx.doc[possessive.i + 1 : np.end].text
            return Speaker(name=f"{possessor.name}'s {rest}", mention=np.text, start=np.start_char, end=np.end_char)
    disowned: frozenset[str] = frozenset()
    if as_pronoun is not None and lower in lexicon.person_pronouns:
        owner = _clause_subject_person(ctx, head, lexicon.person_pronouns[lower])
        if owner is not None:
            return entity_speaker(owner, head)
        disowned = _disowning_subject(ctx, head)
    if lower in lexicon.person_pronouns:
        gender = lexicon.person_pronouns[lower]
        # "He spoke about … He discussed … He noted that …": one referent down the chain.
        body = _body_before(ctx, head)
        if body is not None:
            return speaker_of(ctx, body, history)  # "La Direction … a confirmé … . Elle exhorte …"
        first = _chain_start(ctx, head, lower)
        exclude = _named_after_subject(ctx, head) | _clause_mates(ctx, head) | not_meant | disowned
        ent = _resolve(ctx, first.idx, frozenset({"PERSON"}), None, history, gender, exclude)
        unnamed = _unnamed_speaker_before(ctx, first, gender, -1 if ent is None else ent.start)
        if unnamed is None:
            unnamed = _unnamed_subject_before(ctx, first, gender, ent, history)
        if unnamed is not None:
            return _phrase_speaker(ctx, _np_span(ctx, unnamed))
        return None if ent is None else entity_speaker(ent, head)
    if lower in lexicon.group_pronouns:
        subject = _enclosing_plural_subject(ctx, head) or _group_before(ctx, head) or _body_before(ctx, head)
        if subject is not None:
            return speaker_of(ctx, subject, history)
        ent = _resolve(ctx, head.idx, frozenset({"ORG", "GPE", "NORP"}), None, history, pronoun=True)
        if ent is not None and ent.label == "GPE" and "Plur" in head.morph.get("Number", []) and _located(ctx, ent):
            # "they" may be a country or a team ("England were beaten … they said"), never a place
            # where something is ("… practice in west Clare. … they said").
            return None
        return None if ent is None else entity_speaker(ent, head)
    if head.pos_ == "PRON" or lower in lexicon.non_speakers:
        return None
    if is_document(ctx, head):
        # "Cornyn's statement added", "Its statement warned", "the researchers' calculations", "the FBI's
        # investigation found": a document speaks for its author; an inquiry into a person or their
        # records are about them, not theirs ("Smith's indictment", "Trump's tax records").
        about_person = lower in lexicon.topic_documents or lower in _OWNERS_RECORDS
        for c in head.children:
            if c.dep_ != "poss" or ctx.quoted[c.i]:
                continue
            author = ctx.mention_at(c.idx, c.idx + len(c))
            pronoun = lexicon.possessive_pronouns.get(c.lower_)
            if about_person and (
                (author is not None and author.label == "PERSON")
                or (pronoun is not None and pronoun in lexicon.person_pronouns)
                or (author is None and c.lower_ not in lexicon.org_roles)
            ):
                continue
            if author is not None and author.label in {"PERSON", "ORG"}:
                return entity_speaker(author, np)
            if author is None and (pronoun is not None or (c.pos_ == "NOUN" and may_speak(ctx, c))):
                possessor = speaker_of(ctx, c, history, as_pronoun=pronoun)
                if possessor is not None:
                    return possessor
    named = _person_in_phrase(ctx, head)
    if named is not None:
        return entity_speaker(named, np)
    lefts = [c for c in head.lefts if not ctx.quoted[c.i]]
    definite = any(c.dep_ == "det" and c.lower_ in lexicon.definite for c in lefts)
    # An age before a person's noun describes them as "the 71-year-old" does ("the 71-year-old singer
    # says"); "the 146-year-old institution" and "the 120-year-old choir" are no people.
    aged = lower == "old" or (person_role and any(_age_modifier(c) for c in lefts))
    age = _AGE_RE.search(np.text) if definite and aged else None
    if age is not None:
        return _aged_person(ctx, np, age.group(1), history)
    # Marks around a title are not modifiers: the "Pose" actor is still "the actor".
    bare = all(c.dep_ == "det" or c.is_punct for c in lefts)
    # Nor, for a person, is an adjective that keeps the referent: one of time or standing ("the former
    # governor of Massachusetts" is the governor the article has named) or any lower-case description
    # ("the embattled mayor", "the two-term senator"); "the new minister", "the other lawyer", "the
    # deputy mayor" and "the French minister" are other people.
    bare_person = all(c.dep_ == "det" or c.is_punct or (c.dep_ == "amod" and _keeps_referent(ctx, c)) for c in lefts)
    if (
        person_role
        and all(c.dep_ == "compound" or (c.dep_ == "amod" and (c.lower_ in _SAME_PERSON or c.is_title)) for c in lefts)
        and _in_headline(ctx, head)
    ):
        # "'I'm not going anywhere,' says embattled mayor": a headline drops the article and names the
        # person later ("Dunmore's mayor, Colette Ruane, …"); "says fire chief" means a person titled
        # "fire chief", "says deputy mayor" nobody titled only "mayor".
        # A capitalised adjective is part of the title ("says British Prime Minister": "British Prime
        # Minister Boris Johnson").
        words = [
            c.lower_
            for c in lefts
            if (c.dep_ == "compound" or (c.dep_ == "amod" and c.is_title)) and c.lower_ not in _SAME_PERSON
        ]
        titled = _titled_person(ctx, [*words, lower])
        if titled is not None:
            return entity_speaker(titled, np)
    # "the Chief Minister", "the chief minister": the one person the article titles with all these
    # words ("Chief Minister Lakshmi Narayan"); "the deputy mayor" is not "Mayor Ed Pike".
    modifiers = _modifier_words(ctx, head)
    if (
        definite
        and person_role
        and modifiers
        and all(c.dep_ in {"det", "compound", "amod"} or c.is_punct for c in lefts)
        and (titled := _titled_person(ctx, [*modifiers, lower])) is not None
        and not _foreign_title(ctx, titled, head)
    ):
        return entity_speaker(titled, np)
    # "the finance minister", "the attorney general": a common-noun compound narrows the role; then
    # only a person titled so is meant.
    qualifiers = frozenset(c.lower_ for c in lefts if c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_lower)
    if (
        definite
        and qualifiers
        and person_role
        and all(
            c.dep_ in {"det", "compound"} or c.is_punct or (c.dep_ == "amod" and c.lower_ in _SAME_PERSON)
            for c in lefts
        )
    ):
        ent = _resolve(ctx, head.idx, frozenset({"PERSON"}), lower, history, qualifiers=qualifiers)
        if ent is not None:
            return entity_speaker(ent, np)
    if definite and bare_person and person_role and _unnamed_before(ctx, head):
        # "A UK man … the man mentioned …": the man introduced without a name, not a named one, unless
        # the story names him a little later ("… ¶ The aide, Tom Lee, …").
        antecedent = _unnamed_antecedent(ctx, head)
        later = None if antecedent is None else _named_later(ctx, _np_span(ctx, antecedent))
        return _phrase_speaker(ctx, np) if later is None else entity_speaker(later, np)
    if definite and bare_person and person_role:
        strict = lower in lexicon.titled_only_roles  # "the nurse": only a person titled so
        ent = _resolve(
            ctx,
            head.idx,
            frozenset({"PERSON"}),
            lower,
            history,
            _noun_gender(ctx, head)
            if lower in lexicon.epicene_roles or (strict and lexicon.untitled_role_holders)
            else lexicon.role_genders.get(lower),
            _clause_mates(ctx, head),
            strict=strict,
        )
        if ent is not None:
            ctx.roles[lower] = ent
            return entity_speaker(ent, np)
    if not role_noun and (titled := _titled_back(ctx, head)) is not None:
        return entity_speaker(titled, np)
    # State roles keep the bare rule: "the French foreign ministry" is not the last country named.
    if definite and lower in lexicon.org_roles and (bare if lower in lexicon.state_roles else _same_org(ctx, head)):
        # "The company says …" is a company, never the country named before it.
        labels = frozenset({"ORG", "GPE"}) if lower in lexicon.state_roles else frozenset({"ORG"})
        ent = _resolve(ctx, head.idx, labels, lower, history, exclude=_clause_mates(ctx, head))
        if ent is not None:
            ctx.roles[lower] = ent
            return entity_speaker(ent, np)
    if person_role and head.pos_ in {"NOUN", "PROPN"}:
        # "Executive director of the Dallas chapter …", "Governor of Washington": the person holding
        # the office, never the place or body it belongs to.
        return _office_holder(ctx, head, np)
    # An organisation named in a prepositional phrase: "a statement from the Kremlin", "research by
    # the Resolution Foundation". Behind a proper name a place is its seat or district, not the
    # speaker ("the U.S. Attorney's Office for the Western District of New York").
    # People of somebody are not that person ("Multiple friends of Mike Ford"), and a nationality
    # modifying a noun in the phrase is not its referent ("a group of Swiss scientists"); an
    # organisation's board is still the organisation's ("a statement from the Apple board").
    proper = head.tag_ in PROPER_TAGS
    name = _titled_name(ctx, head) if proper else None
    if name is not None:
        # "Detective Constable Amira Saleem of Norshire Police said": a titled name the model did not
        # tag is a person; the body after "of" is where they work, not who speaks.
        return Speaker(name=name.text, mention=np.text, start=np.start_char, end=np.end_char)
    people = _people_noun(ctx, head)
    document = is_document(ctx, head)
    if (
        definite
        and bare
        and (document or lower in _GENERIC_DOCUMENTS)
        and (issuer := _earlier_document_issuer(ctx, head, history)) is not None
    ):
        return issuer
    if document and lower not in lexicon.topic_documents:
        # A document speaks for who made it: "a Pew poll", "a YouGov survey for The Times" (the
        # pollster, not the paper that paid for it), "a Trump tweet"; not "the Boeing investigation".
        for c in head.lefts:
            maker = ctx.mention_at(c.idx, c.idx + len(c)) if c.dep_ == "compound" and not ctx.quoted[c.i] else None
            if maker is not None and maker.label in {"ORG", "PERSON"}:
                return entity_speaker(maker, np)
        if (maker := _document_agent(ctx, head)) is not None:
            return entity_speaker(maker, np)
    # Who made it before whom it is for: "a survey for the BBC by Ipsos" is Ipsos's; after a
    # document, "of" and "for" give its topic or client ("a study of Google's hiring").
    preps = ("by", "from", "at") if document else ("by", "from", "at", "of", "for")
    own = [c for c in head.rights if c.dep_ == "prep"]
    if document:  # "a poll of 2,000 Britons by Opinium": the parser hangs the maker inside the topic
        own += [b for c in own if c.lower_ == "of" for b in c.subtree if b.dep_ == "prep" and b.lower_ == "by"]
    phrases = sorted((c for c in own if c.lower_ in preps), key=lambda c: preps.index(c.lower_))
    for c in phrases:
        obj = next((k for k in c.children if k.dep_ == "pobj"), None)
        if (
            obj is not None
            and ctx.mention_at(obj.idx, obj.idx + len(obj)) is None
            and may_speak(ctx, obj)
            and obj.lower_ not in lexicon.org_roles
        ):
            break  # "a statement from lawyers for Mr Reid": the lawyers, unnamed ("the Apple board" is Apple's)
        # A possessor inside the phrase owns its noun: "a letter by Mr Reid's lawyer" is the lawyer's.
        possessed = {t.i for p in c.subtree if p.dep_ == "poss" for t in p.subtree}
        for t in c.subtree:
            if t.i in possessed:
                continue
            cm = ctx.mention_at(t.idx, t.idx + len(t))
            if cm is None or cm.label not in _SPEAKER_LABELS or ctx.in_quote(cm.start):
                continue
            if (
                # A place in the phrase is a seat or a home, not a voice: "the U.S. Attorney's Office for
                # the Western District of New York", "Residents of Blackwater Lane in Ipswich" (but "a
                # spokesman for Chicago" speaks for the city).
                (cm.label in {"GPE", "LOC"} and (proper or (c.lower_ in _HOME_PREPS and _people_word(ctx, head))))
                # where residents live is a place, whatever the tagger calls it ("a resident of Katari",
                # tagged ORG or PERSON)
                or (c.lower_ in _HOME_PREPS and head.lower_ in lexicon.resident_nouns)
                or (people and cm.label == "PERSON")
                or (cm.label == "NORP" and _modifier(ctx, cm))
            ):
                continue
            return entity_speaker(cm, np)
    if proper:
        # A proper name the model cut short: "High Commissioner" + "for Human Rights".
        for c in head.rights:
            if c.dep_ == "prep" and c.lower_ in {"for", "of"}:
                tail = list(c.subtree)[1:]
                if tail and all(t.tag_ in PROPER_TAGS or t.lower_ in {"and", "&", "the", "of"} for t in tail):
                    np = ctx.doc[np.start : c.right_edge.i + 1]
                break
    while np.start < head.i and "\n" in ctx.text[np.start_char : head.idx]:
        np = ctx.doc[np.start + 1 : np.end]  # a heading above is not part of the noun phrase
    if len(np) == 1 and (head.like_num or lower in lexicon.quantity_words):
        group = _counted_group(ctx, head)
        if group is not None:
            # "The nurses left. Several said …": "Several of the nurses", the article lower-cased.
            opening = group[0].text if group[0].tag_ in PROPER_TAGS else group[0].lower_
            of_group = opening + group[0].whitespace_ + group[1:].text
            counted = f"{head.text} of {of_group}" if group[0].dep_ == "det" else f"{head.text} {of_group}"
            return Speaker(name=counted, mention=np.text, start=np.start_char, end=np.end_char)
    if _people_word(ctx, head) and (which := _which_ones(ctx, head)) is not None and np.end == head.i + 1:
        np = ctx.doc[np.start : which]
    return _phrase_speaker(ctx, np)


_WHICH_TAGS: Final = frozenset({"JJ", "VBN"})


# Nouns that refer back to any document the text brought in ("the document", "le texte").
_GENERIC_DOCUMENTS: Final = frozenset({"document", "text", "texte"})
_DOCUMENT_LOOKBACK_SENTENCES: Final = 3


def _earlier_document_issuer(
    ctx: DocContext, head: Token, history: Sequence[tuple[int, EntityMention]]
) -> Speaker | None:
    """Who issued the document a definite noun refers back to: "The statement added …", "précise le texte".

    "Kessler Motors said in a statement that … The statement added that …", "… a annoncé la Sonede
    dans un communiqué. … précise le texte": the nearest earlier mention of the same document noun
    (or of any document, for "the document", "le texte"), within a few sentences: one "from" or "by"
    somebody named gives them ("a statement from Kessler Motors", ``_issuer_phrase``); one through
    which a speech verb spoke ("said in a statement") that verb's speaker; one an issuing verb took as
    its object ("Kessler Motors issued a statement") that verb's subject.
    """
    if not ctx.parsed:
        return None
    sent = ctx.sent_of[head.i]
    lo = ctx.sent_bounds[max(sent - _DOCUMENT_LOOKBACK_SENTENCES, 0)][0]
    for d in reversed(ctx.doc[lo : head.i]):
        if ctx.quoted[d.i] or not is_document(ctx, d):
            continue
        if d.lower_ != head.lower_ and head.lower_ not in _GENERIC_DOCUMENTS:
            continue
        for c in d.rights:
            if (m := _issuer_named(ctx, _issuer_phrase(ctx, c))) is not None:
                return entity_speaker(m)
        verb = d.head.head if d.dep_ == "pobj" and d.head.dep_ == "prep" else d.head
        if verb.i == d.i or verb.pos_ not in {"VERB", "AUX"}:
            return None
        if (d.dep_ == "pobj" or d.dep_.startswith("obl")) and ctx.is_cue(verb):
            return speaker_for_cue(ctx, verb, history)  # "said in a statement", "a annoncé … dans un communiqué"
        if d.dep_ in {"dobj", "obj"} and verb.lower_ in ctx.lexicon.issuing_verbs:
            # "The union released a statement from Mary Cole": the parse may hang "from" on the verb
            for c in verb.rights:
                if c.i > d.i and (m := _issuer_named(ctx, _issuer_phrase(ctx, c))) is not None:
                    return entity_speaker(m)
            subject = subject_of(ctx, verb)  # "The ministry issued a statement"
            return None if subject is None else speaker_of(ctx, subject, history)
        return None
    return None


_ISSUER_PREPS: Final = frozenset({"from", "by", "de", "du", "des", "d'", "d’", "par"})


def _issuer_phrase(ctx: DocContext, phrase: Token) -> Token | None:
    """The object of a "from"/"by" phrase ("a statement from the council", "un communiqué de la Sonede").

    Only those name who issued a document: "a statement about Russia", "une lettre à Emmanuel Macron"
    name its topic and its addressee.
    """
    if ctx.quoted[phrase.i]:
        return None
    if phrase.dep_ == "prep" and phrase.lower_ in _ISSUER_PREPS:
        return next((k for k in phrase.children if k.dep_ == "pobj"), None)
    if phrase.dep_ == "nmod" and any(k.dep_ == "case" and k.lower_ in _ISSUER_PREPS for k in phrase.children):
        return phrase
    return None


def _issuer_named(ctx: DocContext, issuer: Token | None) -> EntityMention | None:
    """The person or body named in an issuer's noun phrase up to its head ("the Kessler Motors board")."""
    if issuer is None:
        return None
    named = [
        m
        for m in ctx.mentions_within(ctx.doc[issuer.left_edge.i].idx, issuer.idx + len(issuer))
        if m.label in _SPEAKER_LABELS
    ]
    return named[-1] if named else None


def _which_ones(ctx: DocContext, head: Token) -> int | None:
    """The end of the phrase after an unnamed speaker's noun that says which ones, if one follows it.

    "Sources close to the board", "two people familiar with the decision", "officials involved in the
    talks": an adjective or participle with its own phrase, right after a noun of people. Without it
    the speaker is only "Sources" or "Two people" (a document's is no such phrase: "a memo circulated
    among House Republicans on Monday" is the memo).
    """
    after = next(iter(head.rights), None)
    if (
        after is None
        or after.i != head.i + 1
        or after.dep_ not in {"amod", "acl"}
        or after.tag_ not in _WHICH_TAGS
        or not any(c.dep_ == "prep" for c in after.children)
        or any(ctx.quoted[t.i] for t in after.subtree)
    ):
        return None
    return _without_asides(ctx, after) + 1


def _without_asides(ctx: DocContext, phrase: Token) -> int:
    """The last word of ``phrase``'s subtree without what is said of it in an aside and without closing punctuation.

    "A spokesman for Threshold, the housing charity," and "sources close to the inquiry, who asked not
    to be named," end at "Threshold" and "inquiry".
    """
    aside = {t.i for d in phrase.subtree if d.dep_ in _ASIDE_DEPS and d.i > phrase.i for t in d.subtree}
    last = max(t.i for t in phrase.subtree if t.i not in aside)
    while last > phrase.i and ctx.doc[last].is_punct:
        last -= 1
    return last


def _counted_group(ctx: DocContext, head: Token) -> Span | None:
    """The plural subject of the sentence before, that a bare "Several" or "Two" counts from."""
    k = ctx.sentence_before(head.i) if ctx.parsed else -1
    if k < 0:
        return None
    lo, hi = ctx.sent_bounds[k]
    subjects = [t for t in ctx.doc[lo:hi] if t.dep_ in SUBJECT_DEPS and t.tag_ == "NNS" and not ctx.quoted[t.i]]
    return _np_span(ctx, subjects[0]) if subjects else None


def _pronoun_possessor(ctx: DocContext, head: Token) -> Token | None:
    """A possessive pronoun owning ``head`` ("his" of "his campaign"), outside quotes."""
    return next(
        (
            c
            for c in head.children
            if c.dep_ == "poss" and not ctx.quoted[c.i] and c.lower_ in ctx.lexicon.possessive_pronouns
        ),
        None,
    )


def _people_word(ctx: DocContext, head: Token) -> bool:
    """Tell a noun of people or a person's role ("residents", "a resident", "a man", "the nurse"); not an organisation's."""
    lexicon, lower = ctx.lexicon, head.lower_
    return (
        lower in lexicon.person_groups
        or lexicon.plural(lower) in lexicon.person_groups
        or lower in lexicon.close_people
        or lower in lexicon.person_roles
        or lower in lexicon.titled_only_roles
    )


_HOME_PREPS: Final = frozenset({"of", "in", "from"})
"""Prepositions that give where people live or come from ("residents of Ipswich", "people in Gaza")."""


def _located(ctx: DocContext, ent: EntityMention) -> bool:
    """Tell a place named where something is ("in west Clare", "of Ipswich"), the object of a preposition."""
    if not ctx.parsed:
        return False
    tok = ctx.doc[ctx.token_at(ent.end - 1)]
    if tok.dep_ != "pobj" or tok.head.lower_ not in _HOME_PREPS | {"at", "near"}:
        return False
    return tok.head.head.lower_ not in ctx.lexicon.org_roles  # "the government of Kenya" is Kenya's voice


def _verb_above(tok: Token, through: frozenset[str] | None = None) -> Token | None:
    """The verb a word hangs from, at most four steps up; only through the ``through`` labels if given."""
    node = tok
    for _ in range(4):
        if node.pos_ in {"VERB", "AUX"}:
            return node
        if (through is not None and node.dep_ not in through) or node.head.i == node.i:
            return None
        node = node.head
    return None


def _clause_subject_person(ctx: DocContext, possessive: Token, gender: str | None) -> EntityMention | None:
    """The named subject of the clause a possessive stands in: "Obama had confirmed his promise" -> Obama.

    A possessive in a verb's object or adjunct means that verb's subject unless the subject's gender
    rules it out (then the usual search decides).
    """
    node = _verb_above(possessive.head, _OBJECT_PATH) if ctx.parsed else None
    if node is None or node.lower_ in ctx.lexicon.disowning_verbs:
        return None  # "Osei dismissed her claim that …": somebody else's claim
    subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS and not ctx.quoted[c.i]), None)
    m = None if subject is None else ctx.mention_at(subject.idx, subject.idx + len(subject))
    if m is None or m.label != "PERSON" or ctx.in_quote(m.start):
        return None
    return m if gender is None or ctx.gender(m) in {None, gender} else None


def _disowning_subject(ctx: DocContext, possessive: Token) -> frozenset[str]:
    """The key of the subject of a verb that rejects what the possessive owns ("Osei dismissed her claim"): not her."""
    node = _verb_above(possessive.head) if ctx.parsed else None
    if node is None or node.lower_ not in ctx.lexicon.disowning_verbs:
        return frozenset()
    subject = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
    m = None if subject is None else ctx.mention_at(subject.idx, subject.idx + len(subject))
    if m is None:
        m = None if subject is None else ctx.untyped_at(subject.idx)
    return frozenset() if m is None else frozenset({m.key})


def _described_person(
    ctx: DocContext, head: Token, m: EntityMention, history: Sequence[tuple[int, EntityMention]]
) -> Speaker | None:
    """A person described, not named, by a word the tagger calls a group: party or nationality.

    "The Texas Republican, Sen. John Harlow, said": the name in apposition. "the Democrat said": the
    person the article has described so ("Maria Lopez, a Democrat from Ohio"), else the one person it
    names who is not described otherwise, after nobody brought in unnamed; else nobody named.
    """
    for c in head.children:
        if c.dep_ == "appos" and not ctx.quoted[c.i]:
            named = ctx.mention_at(c.idx, c.idx + len(c))
            if named is not None and named.label == "PERSON":
                return entity_speaker(named, _np_span(ctx, head))
    role = m.text.lower()
    definite = any(c.dep_ == "det" and c.lower_ in ctx.lexicon.definite for c in head.lefts)
    if not definite or "Plur" in head.morph.get("Number", []):
        return None
    # "the Texas Republican": the one person described with all these words ("Sen. Thomas Harrow
    # (R-Texas)", "Maria Lopez, a Democrat from Ohio").
    words = [*_modifier_words(ctx, head), *role.split()]  # the tagger may take "Texas" into the entity
    described = _titled_person(ctx, words) if len(words) > 1 else None
    if described is not None and described.start < head.idx:
        return entity_speaker(described, _np_span(ctx, head))
    if role in ctx.lexicon.person_roles:
        ent = _resolve(ctx, head.idx, frozenset({"PERSON"}), role, history, strict=True)
        if ent is not None:
            return entity_speaker(ent, _np_span(ctx, head))
    if head.text != m.text or _unnamed_before(ctx, head):
        return None
    # "the Texas Republican said", "the Irishman added": a description refers back to somebody the
    # article has named, as "he" would; a party or a people never speaks as one person. Not to
    # somebody it described otherwise ("Sen. John Harlow, a Republican, …" is not "the Democrat").
    # Only when the article names one such person: with two in play ("Rishi Sunak met Joe Biden. …
    # the American said") the description tells what the reader may know, not the text.
    first_kinds, first_unnamed = _descriptions(ctx)
    if _unnamed_person_before(ctx, head.i) or first_unnamed < head.idx:
        return None  # "met the Irish prime minister / the US ambassador … the Irishman said": the unnamed one
    kinds = {kind for kind, first in first_kinds.items() if first < head.idx} - {role}
    ent = _only_person_before(ctx, head.idx, lambda p: ctx.titles_of(p).isdisjoint(kinds))
    return entity_speaker(ent, _np_span(ctx, head)) if ent is not None else _phrase_speaker(ctx, _np_span(ctx, head))


def _descriptions(ctx: DocContext) -> tuple[dict[str, int], int]:
    """Where the narration first uses each description ("republican" -> offset), and where it first describes somebody unnamed.

    A party or nationality, or a place, modifying an unnamed person ("the Irish prime minister", "the
    US ambassador", ``_describes_unnamed``); the text's length if none does. Read once per document.
    """
    found: tuple[dict[str, int], int] | None = ctx.memo.get("descriptions")
    if found is None:
        first_kinds: dict[str, int] = {}
        first_unnamed = len(ctx.text)
        for d in ctx.mentions_between(0, len(ctx.text)):
            if d.label in _DESCRIPTION_LABELS:
                first_kinds.setdefault(d.text.lower(), d.start)
            if first_unnamed == len(ctx.text) and (d.label in _DESCRIPTION_LABELS or d.label in _PLACE_TYPES):
                if _describes_unnamed(ctx, d):
                    first_unnamed = d.start
        found = ctx.memo["descriptions"] = (first_kinds, first_unnamed)
    return found


def _describes_unnamed(ctx: DocContext, d: EntityMention) -> bool:
    """Tell a party, nationality or place modifying somebody unnamed ("the Irish prime minister", "the US ambassador")."""
    tok = ctx.doc[ctx.token_at(d.start)]
    head = tok.head
    return (
        tok.dep_ in {"amod", "compound"}
        and head.i != tok.i
        and person_noun(ctx, head)
        and ctx.mention_at(head.idx, head.idx + len(head)) is None
        and not _named_role(ctx, head)
    )


def _only_person_before(
    ctx: DocContext,
    before: int,
    may_be: Callable[[EntityMention], bool] = lambda _: True,
    people: Sequence[EntityMention] | None = None,
) -> EntityMention | None:
    """The one person the narration named before offset ``before`` that ``may_be`` allows (None if not one).

    ``people``: the narration's keyed mentions of people to choose among (default: all, ``_keyed_people``).
    """
    found: EntityMention | None = None
    several = False
    for m in _keyed_people(ctx) if people is None else people:
        if m.start >= before:
            break
        # Every one is asked, even after a second person: ``may_be`` may read what a person's
        # mentions say (``ctx.titles_of``), which is cached as first read.
        if may_be(m):
            several = several or (found is not None and m.key != found.key)
            found = m
    return None if several else found


def _keyed_people(ctx: DocContext) -> list[EntityMention]:
    """The narration's mentions of people with a key, in order (listed once per document)."""
    found: list[EntityMention] | None = ctx.memo.get("keyed people")
    if found is None:
        found = ctx.memo["keyed people"] = [
            m for m in ctx.mentions if m.label == "PERSON" and m.key is not None and not ctx.in_quote(m.start)
        ]
    return found


def _unparsed_subject(ctx: DocContext, cue: Token, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    """The age-described subject between a quote and its verb when the parser found no subject.

    '"…," the 27-year-old said' is often parsed with the age as a modifier of the verb.
    """
    doc = ctx.doc
    lo = cue.i
    while lo > 0 and cue.i - lo < _AGE_PHRASE_TOKENS and not doc[lo - 1].is_quote and doc[lo - 1].text != ",":
        lo -= 1
    if lo == cue.i or lo == 0 or any(ctx.quoted[i] for i in range(lo, cue.i)):
        return None
    phrase = doc[lo : cue.i]
    age = _AGE_PHRASE_RE.fullmatch(phrase.text)
    return None if age is None else _aged_person(ctx, phrase, age.group(1), history)


def _aged_person(ctx: DocContext, np: Span, years: str, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    """Name "the 27-year-old" (or "the 71-year-old singer"): the person whose age the article gave ("Derrick Moyo, 27,").

    An age the article never gave describes the person the narration is about, as "he" or "she"
    would, among those it did not give another age: the one person named ("Marcus Bell scored twice.
    "…," the 28-year-old said") unless the article brought somebody in without a name ("A man was
    stabbed …"); of several, the one ``_resolve`` picks if the paragraph that last names them names
    nobody else up to the description ("Eddie Howe praised Anthony Gordon" leaves "the 23-year-old"
    open), brought in nobody without a name, and the article brought in nobody unnamed of that age
    ("a 16-year-old fan"). Otherwise, and when the article names nobody, the description is the speaker.
    """
    starts, aged = _people_by_age(ctx).get(years, ([], []))
    k = bisect.bisect_left(starts, np.start_char) - 1
    if k >= 0:
        return entity_speaker(aged[k], np)
    aged_otherwise = _aged_otherwise_from(ctx, years)
    if not _unnamed_person_before(ctx, np.start):
        ent = _only_person_before(ctx, np.start_char, people=_people_not_aged_otherwise(ctx, years))
        if ent is not None:
            return entity_speaker(ent, np)
    if _aged_unnamed_before(ctx, np.start_char, years):
        return _phrase_speaker(ctx, np)  # "A 16-year-old fan ran on to the pitch … the 16-year-old said"
    others = _KeysBefore(aged_otherwise, np.start_char)
    ent = _resolve(ctx, np.start_char, frozenset({"PERSON"}), None, history, exclude=others)
    last = None if ent is None else _last_narrated(ctx, ent.key, np.start_char)
    if ent is None or last is None:
        return _phrase_speaker(ctx, np)
    # The paragraph that last names them names nobody else, up to the description ("Coach Graham Arnold
    # named Jackson Irvine as captain. … the 31-year-old said" may be either).
    start = ctx.text.rfind("\n", 0, last) + 1
    named = [p for p in ctx.mentions_between(start, np.start_char) if p.label == "PERSON"]
    if all(p.key == ent.key for p in named) and not _unnamed_person_before(ctx, np.start, ctx.token_at(start)):
        return entity_speaker(ent, np)
    return _phrase_speaker(ctx, np)


@dataclass(frozen=True, slots=True)
class _KeysBefore:
    """The keys whose first offset in ``firsts`` is before ``before``: a set of keys read by membership only."""

    firsts: Mapping[str, int]
    before: int

    def __contains__(self, key: object) -> bool:
        first = self.firsts.get(key) if isinstance(key, str) else None
        return first is not None and first < self.before


def _aged_otherwise_from(ctx: DocContext, years: str) -> dict[str, int]:
    """Key -> first offset of each person the narration gives another age than ``years`` (read once per age)."""
    found: dict[str, int] | None = ctx.memo.get(("aged otherwise", years))
    if found is None:
        found = ctx.memo["aged otherwise", years] = {}
        for other, (starts, aged) in _people_by_age(ctx).items():
            if other != years:
                for start, p in zip(starts, aged, strict=True):
                    if start < found.get(p.key, len(ctx.text)):
                        found[p.key] = start
    return found


def _people_not_aged_otherwise(ctx: DocContext, years: str) -> list[EntityMention]:
    """The narration's keyed mentions of people it gives no age or this one, in order (read once per age)."""
    found: list[EntityMention] | None = ctx.memo.get(("not aged otherwise", years))
    if found is None:
        found = ctx.memo["not aged otherwise", years] = [
            p for p in _keyed_people(ctx) if _stated_age(ctx, p) in {None, years}
        ]
    return found


def _last_narrated(ctx: DocContext, key: str, before: int) -> int | None:
    """The offset of the narration's last mention of entity ``key`` before offset ``before``."""
    by_key: dict[str, list[int]] | None = ctx.memo.get("narrated by key")
    if by_key is None:
        by_key = ctx.memo["narrated by key"] = {}
        for m in ctx.mentions_between(0, len(ctx.text)):
            by_key.setdefault(m.key, []).append(m.start)
    starts = by_key.get(key, [])
    k = bisect.bisect_left(starts, before) - 1
    return starts[k] if k >= 0 else None


def _aged_unnamed_before(ctx: DocContext, end: int, years: str) -> bool:
    """Tell whether the narration before character ``end`` brought in somebody unnamed of this age ("a 16-year-old fan")."""
    return any(age == years and age_end <= end for _, age_end, age in _unnamed_ages(ctx))


def _unnamed_ages(ctx: DocContext) -> list[tuple[int, int, str]]:
    """(start, end, years) of each age the narration gives somebody unnamed ("a 16-year-old"), in order (read once)."""
    found: list[tuple[int, int, str]] | None = ctx.memo.get("unnamed ages")
    if found is None:
        found = ctx.memo["unnamed ages"] = [
            (age.start(), age.end(), age.group(2))
            for age in _INDEFINITE_AGE_RE.finditer(ctx.text)
            if age.group(1).lower() in ctx.lexicon.indefinite and not ctx.in_quote(age.start())
        ]
    return found


def _people_by_age(ctx: DocContext) -> dict[str, tuple[list[int], list[EntityMention]]]:
    """The narration's mentions of people by the age it gives them: years -> (starts, mentions), in order (read once)."""
    found: dict[str, tuple[list[int], list[EntityMention]]] | None = ctx.memo.get("people by age")
    if found is None:
        found = ctx.memo["people by age"] = {}
        for p in ctx.mentions:
            years = _stated_age(ctx, p) if p.label == "PERSON" and not ctx.in_quote(p.start) else None
            if years is not None:
                starts, aged = found.setdefault(years, ([], []))
                starts.append(p.start)
                aged.append(p)
    return found


def _age_modifier(tok: Token) -> bool:
    """Tell an age before a noun: "71-year-old" in "the 71-year-old singer-songwriter"."""
    return tok.dep_ == "amod" and tok.lower_ == "old" and any(c.lower_ in {"year", "years"} for c in tok.children)


def _stated_age(ctx: DocContext, p: EntityMention) -> str | None:
    """The age the article gives a person: "Derrick Moyo, 27,", "Tom Hart, aged 45", "Jo Lind (31)", "27-year-old Derrick Moyo"."""
    after, before = ctx.text[p.end : p.end + 14], ctx.text[max(0, p.start - 16) : p.start]
    stated = _AGE_AFTER_RE.match(after) or _AGE_BEFORE_RE.search(before)
    return None if stated is None else stated.group(1)


def _unnamed_person_before(ctx: DocContext, end: int, start: int = 0) -> bool:
    """Tell whether the narration from token ``start`` to ``end`` brought somebody in without a name ("a man", "the driver")."""
    stop = ctx.doc[end].idx if end < len(ctx.doc) else len(ctx.text)
    lo = ctx.doc[start].idx if start < end else stop
    if any(lo <= age_start and age_end <= stop for age_start, age_end, _ in _unnamed_ages(ctx)):
        return True
    people = _unnamed_people(ctx)
    k = bisect.bisect_left(people, start)
    return k < len(people) and people[k] < end


def _unnamed_people(ctx: DocContext) -> list[int]:
    """The tokens of the narration that bring somebody in without a name ("a man", "the driver"), in order (read once)."""
    found: list[int] | None = ctx.memo.get("unnamed people")
    if found is not None:
        return found
    lexicon = ctx.lexicon
    found = ctx.memo["unnamed people"] = []
    for t in ctx.doc:
        if ctx.quoted[t.i] or t.pos_ != "NOUN" or not person_noun(ctx, t) or _named_role(ctx, t):
            continue
        det = next((c.lower_ for c in t.children if c.dep_ == "det"), None)
        # "a man", or "the driver": a definite person who is no role of a named one ("the mayor" is)
        if det in lexicon.indefinite or (
            det in lexicon.definite
            and t.tag_ == "NN"  # one person: "the players" are a team
            and t.lower_ not in lexicon.person_roles
            and t.lower_ not in lexicon.titled_only_roles
            and ctx.mention_at(t.idx, t.idx + len(t)) is None
        ):
            found.append(t.i)
    return found


def _phrase_speaker(ctx: DocContext, np: Span) -> Speaker | None:
    """An unnamed speaker: the noun phrase without its leading article (None without a letter).

    The phrase goes on over what follows its noun to say who they are (``_described``). A list bullet
    or dash the parser put in the phrase ("- Alibaba leaders have denied …") is cut. A person the
    phrase's own clause gives a name is called by it (``_name_given``).
    """
    given = _given_speaker(ctx, np)
    if given is not None:
        return given
    np = _described(ctx, np)
    name = ctx.lexicon.leading_article.sub("", _without_leading_symbols(np.text), count=1).strip()
    if not name or not any(ch.isalpha() for ch in name) or len(name) > NAME_MAX_CHARS:
        return None  # a phrase longer than any name is a run the parser misread, nobody's
    return Speaker(name=name, mention=np.text, start=np.start_char, end=np.end_char)


_PHRASE_BREAKS: Final = frozenset({",", ";", ":", "(", ")", "[", "]", "—", "–", "--"})


def _message_author(ctx: DocContext, verb: Token) -> Token | None:
    """The author named by "from" or "by" after a message noun the verb takes as object ("read a statement from X").

    The parse may hang the phrase on the noun or on the verb, right after the noun.
    """
    for obj in verb.children:
        if obj.dep_ != "dobj" or obj.lower_ not in ctx.lexicon.message_nouns or ctx.quoted[obj.i]:
            continue
        after = [c for c in verb.rights if c.dep_ == "prep" and c.i == obj.i + 1]
        for prep in [*obj.rights, *after]:
            if prep.dep_ == "prep" and prep.lower_ in {"from", "by"}:
                author = next((c for c in prep.children if c.dep_ == "pobj" and not ctx.quoted[c.i]), None)
                named = None if author is None else ctx.mention_at(author.idx, author.idx + len(author))
                if named is not None and named.label in {"PERSON", "ORG"}:
                    return author
    return None


def _name_after_role(ctx: DocContext, role: Token) -> EntityMention | None:
    """The person named right after a role noun that the parse hung on the verb instead of the noun.

    "Former Iranian president Rafsanjani states …": the parse makes "president" the subject and
    "Rafsanjani" a compound of "states"; English puts the title before the name, so the name is the
    subject's head and the one who speaks.
    """
    doc = ctx.doc
    if role.i + 1 >= len(doc) or role.dep_ not in SUBJECT_DEPS:
        return None
    name = doc[role.i + 1]
    m = ctx.mention_at(name.idx, name.idx + len(name))
    if m is None or m.label != "PERSON" or m.start != name.idx or ctx.quoted[name.i]:
        return None
    last = ctx.token_at(m.end - 1)
    return m if doc[last].head.i == role.head.i and doc[last].dep_ != "nsubj" else None


def _former_or_latter(ctx: DocContext, head: Token) -> EntityMention | None:
    """The first ("the former") or second ("the latter") of the last two names before it, outside quotes.

    The two are named in the same sentence or the one before ("Arcelor is ready to study Mittal
    Steel's offer, the former said"); a third name of the same one counts once.
    """
    sent = ctx.sent_of[head.i]
    lo = ctx.sent_bounds[max(0, sent - 1)][0]
    named: list[EntityMention] = []
    for m in ctx.mentions_between(ctx.doc[lo].idx, head.idx):
        if m.label in _SPEAKER_LABELS and not ctx.in_quote(m.start):
            named = [n for n in named if n.key != m.key] + [m]
    if len(named) < 2:
        return None
    return named[-2] if head.lower_ == "former" else named[-1]


def _latter_pronoun(ctx: DocContext, head: Token) -> tuple[Token, str] | None:
    """The first word of a demonstrative for the last one named that ``head`` is part of, and the gender it shows.

    "Celui-ci a salué …" -> ("Celui", "m"); the lexicon's ``latter_pronouns`` as written.
    """
    text = ctx.text
    for tok in ctx.doc[max(0, head.i - 2) : head.i + 1]:
        for form, gender in ctx.lexicon.latter_pronouns.items():
            end = tok.idx + len(form)
            if (
                text[tok.idx : end].lower() == form
                and end >= head.idx + len(head)
                and not text[end : end + 1].isalnum()
            ):
                return tok, gender
    return None


_NOUN_GENDERS: Final = {"Masc": "m", "Fem": "f"}


def _latter_meant(ctx: DocContext, first: Token, gender: str) -> EntityMention | Token | None:
    """Whom a demonstrative for the last one named means: the last noun phrase of its gender before it.

    Read back from the demonstrative's ``first`` word, outside quotes, over its sentence and the two
    before (a quote before the verb may be a sentence of its own: "… Marie Dupont. « … », a déclaré
    celle-ci"): a person's name of that gender or a body's name, or a noun of that gender that
    stands for somebody the article does not name there ("le ministre", "son fils"), also over a
    name below it ("le PDG de Renault"). A thing's noun is passed over: it says nothing ("Jean Martin
    a présenté le budget. Celui-ci a assuré …" is Jean Martin).
    """
    doc = ctx.doc
    lo = ctx.sent_bounds[max(0, ctx.sent_of[first.i] - 2)][0]

    def noun_of_gender(tok: Token) -> bool:
        return tok.pos_ == "NOUN" and _NOUN_GENDERS.get(next(iter(tok.morph.get("Gender", [])), "")) == gender

    for tok in reversed(doc[lo : first.i]):
        if ctx.quoted[tok.i]:
            continue
        m = ctx.mention_at(tok.idx, tok.idx + len(tok))
        if m is not None and m.label in _SPEAKER_LABELS and not ctx.in_quote(m.start):
            if (
                tok.dep_.startswith("nmod")
                and tok.head.i < tok.i
                and noun_of_gender(tok.head)
                and any(k.dep_ == "case" for k in tok.children)  # "le syndicat CGT" is the CGT
            ):
                tok = tok.head  # "le PDG de Renault. Ce dernier …": the PDG
            elif m.label != "PERSON" or ctx.named_gender(m) in {None, gender}:
                return m
            else:
                continue
        if noun_of_gender(tok) and (person_noun(ctx, tok) or tok.lower_ in ctx.lexicon.org_roles):
            return tok
    return None


def _dash_apposed_name(ctx: DocContext, np: Span) -> EntityMention | None:
    """The person or organisation a noun phrase opens with, set off from its role by a spaced dash.

    "Kim Jang-Soo - chief national security adviser to the president said …": the parse makes the
    role the phrase's head; the dash is an apposition's comma, and the name before it is who speaks.
    """
    for tok in np[1:]:
        if tok.text in {"-", "–", "—", "--"} and tok.whitespace_ and ctx.doc[tok.i - 1].whitespace_:
            m = ctx.mention_at(np.start_char, ctx.doc[tok.i - 1].idx + len(ctx.doc[tok.i - 1]))
            return m if m is not None and m.label in {"PERSON", "ORG"} else None
    return None


def _without_leading_symbols(text: str) -> str:
    """``text`` without the bullets, dashes and symbols (emoji, stars) a phrase may open with: no name does."""
    k = 0
    while k < len(text) and (text[k] in _BULLETS or unicodedata.category(text[k]).startswith("S")):
        k += 1
    return text[k:]


def _described(ctx: DocContext, np: Span) -> Span:
    """``np`` with the phrases right after its noun that describe the unnamed speakers.

    An affiliation ("a spokesman for the ministry", "leaders of the union", one of the lexicon's
    ``affiliation_preps``, a universal parse's "nmod" opening with one: "le club de natation de
    Colomiers") and an adjective with its complement ("people familiar with the matter", "sources close
    to the talks"), or a plain one where the language puts adjectives after nouns ("la police
    cantonale vaudoise"), in a row, each within the sentence's words: no quoted word, no comma,
    bracket or dash, no verb; a hyphenated word stays whole ("de Clermont-Ferrand"). Participles tagged
    as verbs are left out: after a document they say when or where it appeared ("a poll released
    Tuesday", "a memo circulated among members"), not whose it is;
    except the one the parser made a clause of after an inverted verb (``reduced_relative``: "said
    two people briefed on the talks"), which is there because it describes the speakers.
    """
    head, end = np.root, np.end
    if head.dep_ == "nsubj" and reduced_relative(head.head):
        end = max(end, _without_asides(ctx, head.head) + 1)  # "two people briefed on the talks"
    for c in head.rights:
        if c.i < end:
            continue
        if c.left_edge.i != end:
            break
        describes = (
            (
                c.dep_ == "prep"
                and c.lower_ in ctx.lexicon.affiliation_preps
                and any(g.dep_ == "pobj" for g in c.children)
            )
            or (
                c.dep_ == "nmod"
                and ctx.doc[end].dep_ == "case"
                and ctx.doc[end].lower_ in ctx.lexicon.affiliation_preps
            )
            or (
                c.dep_ == "amod"
                and c.pos_ == "ADJ"
                and (ctx.lexicon.postnominal_adjectives or any(g.dep_ == "prep" for g in c.children))
            )
        )
        last = c.right_edge.i
        while (
            last + 1 < len(ctx.doc)
            and not ctx.doc[last].whitespace_
            and "-" in {ctx.doc[last].text, ctx.doc[last + 1].text}
        ):
            last += 1  # a hyphenated word is one ("de Clermont-Ferrand"), whatever the parse hangs its pieces on
        phrase = ctx.doc[c.i : last + 1]
        if not describes or any(
            ctx.quoted[t.i] or t.text in _PHRASE_BREAKS or t.pos_ in ("VERB", "AUX") for t in phrase
        ):
            break
        end = phrase.end
    return ctx.doc[np.start : end]


def _titled_name(ctx: DocContext, head: Token) -> Span | None:
    """The name in a proper-noun phrase that opens with a person's title: "Detective Constable Amira Saleem".

    The head and the proper nouns compounded before it, after one or more title words (``titles.txt`` of
    ``pipeline.entities``, capitalised as titles are before a name); the head itself is no title
    ("Chief Constable" is an office) and no plural. Returns the name without its titles.
    """
    from pipeline.entities import is_title_word  # entities imports this package: import when called

    roles = ctx.lexicon.person_roles | ctx.lexicon.titled_only_roles
    words = [c for c in head.lefts if c.dep_ == "compound"]
    if not words or words[-1].i != head.i - 1 or head.lower_ in roles or head.tag_ != "NNP":
        return None  # a plural head is a body's ("Pastor Hope Ministries")
    if any(words[k + 1].i != words[k].i + 1 for k in range(len(words) - 1)):
        return None
    titles = 0
    while titles < len(words) and words[titles].is_title and is_title_word(words[titles].text):
        titles += 1
    name = words[titles:]
    if not titles or not name or not all(w.tag_ == "NNP" and w.is_title for w in name) or not head.is_title:
        return None
    return ctx.doc[name[0].i : head.i + 1]


def _renamed_title_holder(ctx: DocContext, head: Token, m: EntityMention) -> EntityMention | None:
    """The person a comma-set name gives a title that the parse headed on its body.

    "The Executive Secretary of Petroleum Consumers' Watch, Madam Efua Ansah-Mensah, said": the parse
    makes the body the subject's head, with the name in apposition to it. Only when a title noun
    stands before the body in the subject phrase and the name hangs on the head itself: a subject that
    opens with its body ("Acme, which sacked its chief, Tom Hale, said") is the body.
    """
    if m.label == "PERSON":
        return None
    start = ctx.token_at(m.start)
    if not any(t.pos_ in {"NOUN", "PROPN"} for t in ctx.doc[head.left_edge.i : start]):
        return None
    renamed = _closing_apposition(ctx, head)
    if not renamed or not any(c.dep_ == "appos" and c.i in renamed for c in head.children):
        return None
    last = ctx.doc[max(renamed)]
    return ctx.mention_at(last.idx, last.idx + len(last))


def _officer_after_body(ctx: DocContext, head: Token, m: EntityMention) -> EntityMention | None:
    """The person a role after a body's name titles, at the end of the subject the parse headed on the body.

    "Canadian Federation of Independent Business president Anita Kaur said": the body's name, then its
    officer's role in lower case, then the officer's name, which ends the subject phrase. The parse may
    head the phrase on the body and hang the rest inside it; the person speaks, not the body.
    """
    if m.label == "PERSON":
        return None
    last = head.right_edge
    person = ctx.mention_at(last.idx, last.idx + len(last))
    if person is None or person.label != "PERSON" or person.start < m.end or ctx.in_quote(person.start):
        return None
    lexicon = ctx.lexicon
    between = ctx.doc[ctx.token_at(m.end - 1) + 1 : ctx.token_at(person.start)]
    if not all(t.is_lower for t in between) or not any(
        t.lower_ in lexicon.person_roles or t.lower_ in lexicon.titled_only_roles for t in between
    ):
        return None
    return person


def _given_speaker(ctx: DocContext, np: Span) -> Speaker | None:
    """The speaker a noun phrase's clause names (``_name_given``), as the person it is if tagged so.

    A person brought in by an indefinite phrase may be named a little later, as a news lede's subject
    is (``_named_later``).
    """
    given = _name_given(ctx, np.root)
    if given is None:
        later = _named_later(ctx, np)
        return None if later is None else entity_speaker(later, np)
    m = ctx.mention_at(given.start_char, given.end_char)
    if m is not None and m.label == "PERSON":
        return entity_speaker(m, np)
    return Speaker(name=given.text, mention=np.text, start=np.start_char, end=np.end_char)


_NAMED_LATER_SENTENCES: Final = 4


def _named_later(ctx: DocContext, np: Span) -> EntityMention | None:
    """The person an indefinite phrase brings in, named by the next definite phrase with its noun.

    News writing delays a name: "A top oil industry lobbyist boasted … ¶ The lobbyist, Gordon
    Ashworth, is …", "as one local official put it, "…" ¶ That official, chairwoman Maureen Dwyer,
    said …". The definite phrase (the, that, this + the same noun) must come within
    ``_NAMED_LATER_SENTENCES`` sentences and give the name in apposition; definite phrases without a
    name may come in between (the same person: "the aide said"), an indefinite one may not ("another
    aide").
    """
    head = np.root
    lexicon = ctx.lexicon
    if not ctx.parsed or not any(
        (c.dep_ == "det" and c.lower_ in lexicon.indefinite) or (c.dep_ == "nummod" and c.lower_ == "one")
        for c in head.lefts
    ):
        return None
    sent = ctx.sent_of[head.i]
    last = min(sent + _NAMED_LATER_SENTENCES, len(ctx.sent_bounds) - 1)
    for tok in ctx.doc[head.i + 1 : ctx.sent_bounds[last][1]]:
        if tok.lower_ != head.lower_ or ctx.quoted[tok.i] or tok.pos_ != "NOUN":
            continue
        if not any(c.dep_ == "det" and c.lower_ in lexicon.definite for c in tok.lefts):
            return None  # another one of them ("a second lobbyist")
        for c in tok.rights:
            m = ctx.mention_at(c.idx, c.idx + len(c)) if c.dep_ == "appos" else None
            if m is not None and m.label == "PERSON" and not ctx.in_quote(m.start):
                return m
    return None


def _name_given(ctx: DocContext, head: Token) -> Span | None:
    """The name a clause on a noun gives its person: "a driver who gave his name only as Kofi".

    News writing names a source who will not give a full name by a relative or participle clause that
    gives their own name ("gave his first name as", "identified himself as", "named only as") followed
    by "as" and a proper noun; the proper noun (with the proper nouns compounded before it) is what the
    article calls them, unless it is a role or an organisation.
    """
    lexicon = ctx.lexicon
    for clause in head.children:
        if clause.dep_ not in {"relcl", "acl"} or ctx.quoted[clause.i]:
            continue
        preps = [c for c in clause.children if c.dep_ == "prep" and c.lower_ == "as"]
        own = bool(preps) and _gives_own_name(clause)
        if not preps or not (own or _names_only(clause, preps[0])):
            continue
        obj = next((k for k in preps[0].children if k.dep_ == "pobj" and k.tag_ == "NNP"), None)
        if obj is None or ctx.quoted[obj.i]:
            continue
        words = [c for c in obj.lefts if c.dep_ == "compound"]
        if not all(w.tag_ == "NNP" and w.lower_ not in lexicon.person_roles for w in words):
            continue  # "named only as Chief Executive": a role, not a name
        name = ctx.doc[words[0].i if words else obj.i : obj.i + 1]
        m = ctx.mention_at(name.start_char, name.end_char)
        if own or m is None or m.label == "PERSON":
            return name  # a name given as one is one; "identified herself as Labour" gives a party
    return None


def _gives_own_name(clause: Token) -> bool:
    """Tell "who gave his name as", "gave her name as": the object is the subject's own name."""
    return any(
        c.dep_ == "dobj" and c.lower_ == "name" and any(p.dep_ == "poss" and p.lower_ in _OWN for p in c.children)
        for c in clause.children
    )


def _names_only(clause: Token, prep: Token) -> bool:
    """Tell "identified only as", "named only as", "identified himself as": a name given for a full one.

    Not "identified as a Democrat" or "was named as Chief Executive": without "only" or a reflexive
    object the verb gives a group or a post.
    """
    if clause.lower_ not in _NAMING_VERBS:
        return False
    objects = [c.lower_ for c in clause.children if c.dep_ == "dobj"]
    only = any(c.dep_ == "advmod" and c.lower_ == "only" for c in (*clause.children, *prep.children))
    return (bool(objects) and set(objects) <= _REFLEXIVES) or (not objects and only)


_NAMING_VERBS: Final = frozenset({"identified", "identifies", "identifying", "named"})  # the pipeline has no lemmas
_REFLEXIVES: Final = frozenset({"himself", "herself", "themselves", "themself"})
_OWN: Final = frozenset({"his", "her", "their"})

_CHAIN_SENTENCES: Final = 8


def _named_after_subject(ctx: DocContext, pronoun: Token) -> frozenset[str]:
    """Entities named after a subject pronoun in its own clause: the pronoun cannot mean them.

    A subject pronoun never refers to a name further on in its clause ("He described Montalvo as …",
    "She said Ruiz would lose": not Montalvo, not Ruiz). A clause put before the subject may name
    the referent ("After Ruiz met the press, he said …"), so only what follows the pronoun counts.
    """
    if not ctx.parsed or pronoun.dep_ not in SUBJECT_DEPS:
        return frozenset()
    found: frozenset[str] | None = ctx.memo.get(("named after", pronoun.i))
    if found is None:  # read once per pronoun: the quotes of one sentence share it
        keys = set()
        for tok in pronoun.head.subtree:
            if tok.i > pronoun.i and not ctx.quoted[tok.i]:
                m = ctx.mention_at(tok.idx, tok.idx + len(tok))
                if m is not None:
                    keys.add(m.key)
        found = ctx.memo["named after", pronoun.i] = frozenset(keys)
    return found


_CLAUSE_DEPS: Final = frozenset({"advcl", "ccomp", "xcomp", "relcl", "acl", "conj", "parataxis", "csubj"})
# Where a name is an argument of a verb (its object, the object of its preposition, its agent).
_ARGUMENT_DEPS: Final = frozenset(
    {"dobj", "obj", "iobj", "dative", "pobj", "obl", "obl:agent", "obl:arg", "obl:mod", "agent", "nmod"}
)


def _controlled(clause: Token, verb: Token) -> bool:
    """Tell a non-finite clause of ``verb`` with no subject of its own, whose unspoken subject is the verb's.

    "Asked by Reuters, the ministry said …", "Speaking to Le Monde, the minister said …", "Interrogé
    par l'AFP, le ministère a indiqué …": the one asked is the one who says, and the one asking, or
    spoken to, is somebody else.
    """
    if clause.head.i != verb.i or clause.dep_ not in {"advcl", "xcomp"}:
        return False
    form = clause.morph.get("VerbForm", [])
    if not form or "Fin" in form:
        return False
    return not any(c.dep_ in SUBJECT_DEPS or c.dep_ in {"csubj", "expl", "mark"} for c in clause.children)


def _mention_dep(ctx: DocContext, m: EntityMention) -> str:
    """The dependency of a mention's head: its token whose head lies outside it."""
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    return "" if span is None else span.root.dep_


def _clause_mates(ctx: DocContext, subject: Token) -> frozenset[str]:
    """Entities named in the subject's own clause, outside the subject: a role noun or pronoun subject cannot mean them.

    The other arguments and adjuncts of one verb are other referents ("In a statement to the ASX, the
    company said": not the ASX; "In a letter to Pike, he wrote": not Pike). A clause of its own inside
    the sentence may name the referent ("After Kestrel reported a loss, the company said"), so names
    below a clause boundary do not count, except the arguments of a clause whose unspoken subject is
    the verb's (``_controlled``: "Asked by Reuters, the ministry said": not Reuters; a possessor there
    may be: "Asked about Apple's plans, the company said").
    """
    if not ctx.parsed or subject.dep_ not in SUBJECT_DEPS:
        return frozenset()
    found: frozenset[str] | None = ctx.memo.get(("clause mates", subject.i))
    if found is None:  # read once per subject: the quotes of one sentence share it
        verb = subject.head
        keys = set()
        for tok in verb.subtree:
            if ctx.quoted[tok.i] or subject.left_edge.i <= tok.i <= subject.right_edge.i:
                continue
            node, controlled = tok, False
            while node.i != verb.i and (node.dep_ not in _CLAUSE_DEPS or _controlled(node, verb)):
                controlled = controlled or node.dep_ in _CLAUSE_DEPS
                node = node.head
            m = ctx.mention_at(tok.idx, tok.idx + len(tok)) if node.i == verb.i else None
            if m is not None and (not controlled or _mention_dep(ctx, m) in _ARGUMENT_DEPS):
                keys.add(m.key)
        found = ctx.memo["clause mates", subject.i] = frozenset(keys)
    return found


def _chain_start(ctx: DocContext, pronoun: Token, lower: str) -> Token:
    """The first of a run of sentences whose main subject is this same pronoun (or the pronoun itself).

    News keeps one person as the subject of consecutive sentences ("He spoke about … He also
    discussed the killing of bin Laden … He noted that …"): the pronoun means whom the run's first
    one means, not a person named in between as an object. Runs are followed back
    ``_CHAIN_SENTENCES`` sentences at most.
    """
    first = pronoun
    for _ in range(_CHAIN_SENTENCES):
        if not _main_subject(ctx, first):
            break
        lo_first = ctx.doc[ctx.sent_bounds[ctx.sent_of[first.i]][0]].idx
        if any(m.label == "PERSON" for m in ctx.mentions_between(lo_first, first.idx)):
            break  # "Joe Biden arrived later, and he said …": the person just named
        lo_u = bisect.bisect_left(ctx.untyped_starts, lo_first)
        if lo_u < len(ctx.untyped_starts) and ctx.untyped_starts[lo_u] < first.idx:
            break
        k = ctx.sentence_before(first.i)
        if k < 0:
            break
        before = next(
            (t for t in ctx.doc[slice(*ctx.sent_bounds[k])] if t.lower_ == lower and _main_subject(ctx, t)), None
        )
        if before is None:
            break
        first = before
    return first


def _main_subject(ctx: DocContext, tok: Token) -> bool:
    """Tell whether ``tok`` is the subject of its sentence's main verb, outside quotes."""
    return tok.dep_ in SUBJECT_DEPS and tok.head.head.i == tok.head.i and not ctx.quoted[tok.i]


def _same_org(ctx: DocContext, head: Token) -> bool:
    """Tell whether an organisation role keeps its referent under its modifiers.

    A description does ("the German automaker", "the Seattle-based company"); "the other company",
    "a rival firm" or « le constructeur rival » is another one.
    """
    other = ctx.lexicon.other_ones
    return all(
        c.dep_ == "det"
        or c.is_punct
        or (c.dep_ in {"amod", "npadvmod"} and c.lower_ not in other)
        or (c.dep_ == "compound" and c.ent_type_ in {"NORP", "GPE"})
        or (c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_lower)
        for c in head.lefts
        if not ctx.quoted[c.i]
    ) and not any(c.lower_ in other for c in head.rights)


def _people_noun(ctx: DocContext, head: Token) -> bool:
    """Tell a noun of people who can be somebody's ("critics", "friends", "the widow" of Mike Ford)."""
    lower = head.lower_
    plural = "Plur" in head.morph.get("Number", [])
    return lower in ctx.lexicon.close_people or (plural and lower in ctx.lexicon.person_groups)


def _unnamed_before(ctx: DocContext, head: Token) -> bool:
    """Tell whether the narration brought in this role noun without a name and never named it since.

    An indefinite mention brings in someone new ("A UK man …", "One party official …"); the definite
    ones after it ("the man", "the official") refer back to that unnamed person, until one of them is given a name: in apposition or
    compound ("a spokesman, Ivan Petrov,", "company spokesman John Doe"), in a clause on it ("a
    spokesman named John Doe"), or through "as" ("police named the man as John Smith").
    """
    return _unnamed_antecedent(ctx, head) is not None


def _unnamed_antecedent(ctx: DocContext, head: Token) -> Token | None:
    """The mention that brought in, unnamed, the person this role noun refers back to (``_unnamed_before``)."""
    positions, unnamed = _role_mentions(ctx, head.lower_)
    k = bisect.bisect_left(positions, head.i) - 1
    return ctx.doc[positions[k]] if k >= 0 and unnamed[k] else None


def _role_mentions(ctx: DocContext, lower: str) -> tuple[list[int], list[bool]]:
    """The narration's mentions of a role noun that name someone (False) or bring someone in unnamed (True).

    In document order; ``_unnamed_before`` reads the last one before a mention. Built once per noun.
    """
    found = ctx.memo.get(("role mentions", lower))
    if found is None:
        new_ones = ctx.lexicon.indefinite | ctx.lexicon.ones  # "a spokesman", "one party official", "another aide"
        positions, unnamed = [], []
        for t in ctx.doc:
            if t.lower_ != lower or ctx.quoted[t.i]:
                continue
            if _named_role(ctx, t):
                positions.append(t.i)
                unnamed.append(False)
            elif any(c.dep_ in {"det", "nummod"} and c.lower_ in new_ones for c in t.children):
                positions.append(t.i)
                unnamed.append(True)
        found = ctx.memo["role mentions", lower] = (positions, unnamed)
    return found


def _named_role(ctx: DocContext, t: Token) -> bool:
    """Tell whether a role noun is given a person's name where it stands."""
    if t.dep_ in {"compound", "appos"}:
        m = ctx.mention_at(t.head.idx, t.head.idx + len(t.head))
        if m is not None and m.label == "PERSON":
            return True  # "company spokesman John Doe", "John Doe, a spokesman"
    near = [c for c in t.children if c.dep_ in {"appos", "compound", "flat", "flat:name", "acl", "relcl"}]
    near += [c for c in t.head.children if c.dep_ == "prep" and c.lower_ == "as"] if t.dep_ == "dobj" else []
    return any(
        (m := ctx.mention_at(d.idx, d.idx + len(d))) is not None and m.label == "PERSON"
        for c in near
        for d in c.subtree
    )


def _modifier(ctx: DocContext, m: EntityMention) -> bool:
    """Tell a name used to modify a noun ("30 Boeing jets", "the US military", "Swiss scientists").

    It is no referent of "it"/"they", nor the speaker of the phrase it sits in.
    """
    if not ctx.parsed:
        return False
    last = ctx.doc[ctx.token_at(m.end - 1)]
    return last.dep_ in {"compound", "amod"} and last.head.pos_ == "NOUN"


def _group_before(ctx: DocContext, pronoun: Token) -> Token | None:
    """The people a sentence-initial "they" continues: the plural group subject of the sentence before.

    "Analysts expect … . They say …", "Protesters believe … . They worry …", "Pluznick and her
    colleagues studied … . They demonstrated …": the subject of the sentence just before is the most
    salient referent, before any organisation or place named in it (a pair led by a person speaks
    as that person).
    """
    if not ctx.parsed or "Plur" not in pronoun.morph.get("Number", []) or pronoun.dep_ not in SUBJECT_DEPS:
        return None
    k = ctx.sent_of[pronoun.i]
    if k == 0 or pronoun.head.head.i != pronoun.head.i:
        return None  # only the subject of a main clause
    subject = _subject_before(ctx, k)
    if subject is None:
        return None
    if subject.lower_ in ctx.lexicon.person_groups:
        return subject
    # "Pluznick and her colleagues had continued … They demonstrated …": a pair or group led by a person.
    conjuncts = [subject, *(c for c in subject.children if c.dep_ == "conj")]
    named = ctx.mention_at(subject.idx, subject.idx + len(subject))
    if len(conjuncts) > 1 and named is not None and named.label == "PERSON":
        return subject
    return None


_OWNERS_RECORDS: Final = frozenset(
    "records footage photos images video returns evidence tests results documents dossier dossiers".split()
)
"""Documents whose possessor is what they record, not who made them ("Trump's tax records show …")."""


def _subject_before(ctx: DocContext, k: int) -> Token | None:
    """The subject of the main clause of sentence ``k - 1`` (outside quotes), if it has one."""
    root = ctx.sentence_root(k - 1)
    if root is None:
        return None
    return next((c for c in root.children if c.dep_ in SUBJECT_DEPS and not ctx.quoted[c.i]), None)


def _body_before(ctx: DocContext, pronoun: Token) -> Token | None:
    """The body or document a sentence-initial "it" ("il", "elle") continues: the subject of the sentence before.

    "The court found that … . It said …", "The report was published on Monday. It says …", "La
    Direction régionale … a confirmé … . Elle exhorte …": the subject just before, a definite noun
    naming a body or a document, is the most salient referent, before any name inside that sentence
    ("an article of the German Wikipedia"). A pronoun with a grammatical gender (the lexicon's
    ``thing_pronouns``) continues only a noun of that gender, and not where the body acted on a
    person of that gender, whom the pronoun may mean (left to the person rules).
    """
    lexicon = ctx.lexicon
    if not ctx.parsed or pronoun.lower_ not in lexicon.thing_pronouns or pronoun.dep_ not in SUBJECT_DEPS:
        return None
    k = ctx.sent_of[pronoun.i]
    if k == 0 or pronoun.i != ctx.sent_bounds[k][0] or ctx.quoted[pronoun.i]:
        return None
    subject = _subject_before(ctx, k)
    gender = lexicon.thing_pronouns[pronoun.lower_]
    if (
        subject is None
        or subject.pos_ != "NOUN"
        or "Sing" not in subject.morph.get("Number", [])
        or not (subject.lower_ in lexicon.org_roles or is_document(ctx, subject))
        or not any(c.dep_ == "det" and c.lower_ in lexicon.definite for c in subject.lefts)
        or (gender is not None and gender not in {_NOUN_GENDERS.get(g) for g in subject.morph.get("Gender", [])})
    ):
        return None
    if gender is not None:
        # A pronoun that may mean a person means the one the body acted on in the sentence before, if
        # the name shows that gender ("Le tribunal a condamné Jean Martin … . Il a annoncé qu'il
        # ferait appel"); not a person named further down ("la réforme portée par Emmanuel Macron").
        for obj in subject.head.children:
            named = ctx.mention_at(obj.idx, obj.idx + len(obj)) if obj.dep_ in {"obj", "iobj"} else None
            if named is not None and named.label == "PERSON" and ctx.named_gender(named) == gender:
                return None
    return subject


def _enclosing_plural_subject(ctx: DocContext, pronoun: Token) -> Token | None:
    """The plural noun a "they" refers to when the clause around its own has it as subject.

    "Officials went to the station, where they claimed …": a plural pronoun in a clause inside
    another refers to that clause's plural subject (or, through "who"/"which", to the noun the
    relative clause belongs to) before any name elsewhere. Only the nearest enclosing clause with a
    subject is asked.
    """
    if not ctx.parsed or "Plur" not in pronoun.morph.get("Number", []):
        return None
    node = pronoun.head
    for _ in range(5):
        if node.head.i == node.i:
            return None
        node = node.head
        subjects = [c for c in node.children if c.dep_ in SUBJECT_DEPS and c.i < pronoun.i and not ctx.quoted[c.i]]
        if not subjects:
            continue
        subject = subjects[-1]
        if subject.lower_ in ctx.lexicon.relative_pronouns and node.dep_ in RELATIVE_DEPS:
            subject = node.head
        plural = subject.pos_ in {"NOUN", "PROPN"} and "Plur" in subject.morph.get("Number", [])
        return subject if plural else None
    return None


def _keeps_referent(ctx: DocContext, adj: Token) -> bool:
    """Tell an adjective before a role that describes its holder, not another one ("the embattled mayor").

    Time and standing ("former", "late") keep the holder, as does a lower-case description ("the
    two-term senator", "the reigning champion"); a rank, a nationality, or one of the lexicon's
    ``other_person_words`` ("new", "other", a side of a contest: "the visiting coach") means
    another person.
    """
    lower = adj.lower_
    if lower in _SAME_PERSON:
        return True
    return (
        adj.is_lower
        and not adj.ent_type_
        and lower not in ctx.lexicon.other_person_words
        and lower not in _OTHER_OFFICE
    )


def _after_place(tok: Token) -> bool:
    """Tell whether a name's word follows a place's name, or an organisation's and a comma.

    "of Vermont Alice Marsh", "from Ohio, Maria Lopez", "The chief executive of Acme Holdings, Jo Pike,".
    """
    if tok.ent_type_ != "PERSON":
        return False
    doc = tok.doc
    k = tok.i
    while k > 0 and doc[k - 1].ent_type_ == "PERSON":
        k -= 1
    comma = k > 0 and doc[k - 1].text == ","
    k -= comma
    return k > 0 and (doc[k - 1].ent_type_ in _PLACE_TYPES or (comma and doc[k - 1].ent_type_ == "ORG"))


def _name_at_end(ctx: DocContext, head: Token) -> frozenset[int]:
    """The tokens of the person's name that ends the phrase of ``head`` after other words of its object.

    "for Marine Parade Lee Hui Min": a name after the place of an office. A name that is the whole
    object of its preposition, or comes right after a title, is somebody the holder acts for ("Lawyer
    for Oscar Pistorius", "Chief of Staff to Mayor Eric Adams").
    """
    last = head.right_edge
    m = ctx.mention_at(last.idx, last.idx + len(last))
    if m is None or m.label != "PERSON" or m.end != last.idx + len(last) or ctx.quoted[last.i]:
        return frozenset()
    first = ctx.token_at(m.start)
    obj = next((t for t in ctx.doc[first : last.i + 1] if t.dep_ == "pobj"), None)
    before = ctx.doc[first - 1] if first > 0 else None
    if (
        obj is None
        or obj.left_edge.i >= first
        or before is None
        or before.lower_ in ctx.lexicon.person_roles
        or before.lower_ in ctx.lexicon.titled_only_roles
    ):
        return frozenset()
    return frozenset(range(first, last.i + 1))


def _person_in_phrase(ctx: DocContext, head: Token) -> EntityMention | None:
    """The one person named inside a subject phrase around a common noun.

    "American academic and professor Marc Lamont Hill commented": the parse may take a description
    as the head and hang the name below it; the phrase still names one person.
    """
    # A capitalised title without an article whose phrase ends in a name is that name's holder ("Member of
    # Parliament for Marine Parade Lee Hui Min"); "A friend of Mike Ford" and "Friends of …" are not titles.
    title = head.tag_ == "NNP" and not _people_noun(ctx, head) and not any(c.dep_ == "det" for c in head.children)
    holder = _name_at_end(ctx, head) if title else frozenset()
    if head.pos_ != "NOUN" and head.lower_ not in ctx.lexicon.person_roles and not holder:
        return None  # a proper-noun head is a name itself, unless it is a title ("Governor of …")
    # A name in a prepositional phrase is somebody the subject relates to ("a person close to Rep.
    # Dana Voss", "friends of Mike Ford"), except the members a group includes ("officials, including
    # Eli Yishai") and a name right after a place, the office's holder ("Governor of Vermont Alice
    # Marsh", "The senator from Ohio, Maria Lopez,") or one set off by commas right before the verb,
    # which names the whole subject ("A farmer in Ibaji, Mr Ojochenemi Adaji, lamented"); so is a name
    # modifying the noun from before it ("a Becker adviser").
    closing = _closing_apposition(ctx, head)
    related = {
        t.i
        for c in head.subtree
        if (c.dep_ == "prep" and c.i != head.i and not (c.lower_ == "including" and _people_noun(ctx, c.head)))
        or (c.dep_ == "compound" and c.head.i == head.i and c.i < head.i)
        for t in c.subtree
        if not _after_place(t) and t.i not in closing and t.i not in holder
    }
    tokens = [t for t in head.subtree if t.i not in related]
    people = {
        m.key: m
        for t in tokens
        if not ctx.quoted[t.i] and t.dep_ in {"conj", "compound", "appos", "flat"}
        and (m := ctx.mention_at(t.idx, t.idx + len(t))) is not None and m.label == "PERSON"
    }  # fmt: skip
    return next(iter(people.values())) if len(people) == 1 else None


def _closing_apposition(ctx: DocContext, head: Token, labels: frozenset[str] = frozenset({"PERSON"})) -> frozenset[int]:
    """The tokens of a name (of ``labels``) set off by commas between a subject phrase and its verb.

    "A friend of Tom Hale, Ann Reyes, said …", "A resident of Adankolo, Mama Blessing, said …", "The
    company that runs the awards, Dick Clark Productions, denies …": the parse hangs the name on the
    last noun of the phrase, but a comma-set name right before the verb renames the subject. Titles may
    stand between the comma and the name ("Mr", "Dr").
    """
    doc, verb = ctx.doc, head.head
    if head.dep_ not in SUBJECT_DEPS or verb.i <= head.i + 3 or doc[verb.i - 1].text != ",":
        return frozenset()
    if "Plur" in head.morph.get("Number", []):
        return frozenset()  # "supporters of the defeated candidate, Ruslan Tevosyan, blocked …": his name, not theirs
    end = verb.i - 1  # the comma before the verb
    last = doc[end - 1]
    m = ctx.mention_at(last.idx, last.idx + len(last))
    if m is None or m.label not in labels or ctx.in_quote(m.start):
        return frozenset()
    lo = ctx.token_at(m.start)
    k = lo - 1
    while k > head.i and lo - k <= _TITLE_WORDS_BEFORE and doc[k].tag_ in PROPER_TAGS and doc[k].is_title:
        k -= 1  # "Mr", "Dr", "Councillor"
    if k <= head.i or doc[k].text != ",":
        return frozenset()
    return frozenset(range(k + 1, end))


_TITLE_WORDS_BEFORE: Final = 2
_ASIDE_DEPS: Final = frozenset({"appos", "relcl"})
_ORG_NAME_LABELS: Final = frozenset({"ORG", "PERSON"})


def _role_words(ctx: DocContext, head: Token) -> list[str]:
    """The words of a role: the role noun and its title-cased compounds ("prime minister")."""
    words = [c.lower_ for c in head.lefts if c.dep_ == "compound" and c.is_title and c.ent_type_ not in {"GPE", "NORP"}]
    return [*words, head.lower_]


_HEADLINE_MAX_WORDS: Final = 20


def _in_headline(ctx: DocContext, tok: Token) -> bool:
    """Tell whether a word stands in a headline: a short first line that ends without a full stop."""
    end = ctx.first_line_end
    if end >= len(ctx.text) or tok.idx >= end:
        return False
    line = ctx.text[:end].rstrip().rstrip("\"'”’»")  # American punctuation closes a sentence inside its quote
    return bool(line) and line[-1] not in ".:;" and len(line.split()) <= _HEADLINE_MAX_WORDS


def _titled_person(ctx: DocContext, role: list[str]) -> EntityMention | None:
    """The one person the article names right after these role words ("Prime Minister Najib Razak").

    A person whose title adds a rank or "former" to the role holds another office (``_OTHER_TITLED_OFFICE``).
    """
    found: dict[str, EntityMention] = {}
    for m in ctx.mentions:
        if m.label != "PERSON" or ctx.in_quote(m.start):
            continue
        titles = ctx.titles_of(m)
        if ctx.titled(m, role[-1]) and set(role[:-1]) <= titles and not (titles - set(role)) & _OTHER_TITLED_OFFICE:
            found.setdefault(m.key, m)
    return next(iter(found.values())) if len(found) == 1 else None


_RESTRICTIVE: Final = frozenset({"relcl", "acl", "prep"})


def _titled_back(ctx: DocContext, head: Token) -> EntityMention | None:
    """The person a definite noun refers back to because the article used it as their title.

    "Local MSP Ewan Dalgleish said … The SNP MSP described …": whether or not the lexicon knows the
    noun as a role. A clause or phrase after the noun says which one is meant instead ("the member
    who wishes to leave").
    """
    definite = any(c.dep_ == "det" and c.lower_ in ctx.lexicon.definite for c in head.lefts if not ctx.quoted[c.i])
    if not definite or not _article_title(head) or any(c.dep_ in _RESTRICTIVE for c in head.rights):
        return None
    return _title_holder(ctx, head.lower_, head.idx)


def _title_holder(ctx: DocContext, noun: str, before: int) -> EntityMention | None:
    """The one person named before ``before`` whose title this noun heads, if one.

    The noun stands right before the name ("MSP Ewan Dalgleish"), heads an apposition to it ("Kate
    Forbes, the MSP for Skye", "the MSP, Kate Forbes,") or is the acronym of the words before it
    ("chief financial officer Anika Sorensen": the CFO); a word inside a title is not one ("Choir
    director Hannah Ruiz" is no choir).
    """
    found: dict[str, EntityMention] = {}
    doc = ctx.doc
    for m in [*ctx.mentions, *ctx.untyped]:
        if m.label != "PERSON" or m.end > before or ctx.in_quote(m.start):
            continue
        first, last = doc[ctx.token_at(m.start)], doc[ctx.token_at(m.end - 1)]
        heads = {c.lower_ for c in last.children if c.dep_ == "appos"}
        if first.i > 0:
            heads.add(doc[first.i - 1].lower_)
        if first.i >= len(noun) > 1 and noun.isalpha():
            # "chief financial officer Anika Sorensen … The CFO said": an acronym of the title's words
            heads.add("".join(t.lower_[:1] for t in doc[first.i - len(noun) : first.i] if t.is_alpha))
        for word in {first, last}:  # Universal Dependencies heads a name by its first word ("flat:name")
            if word.dep_ == "appos" and not ctx.apposed_after_name(word):
                heads.add(word.head.lower_)
        if noun in heads:
            found.setdefault(m.key, m)
    return next(iter(found.values())) if len(found) == 1 else None


def _article_title(head: Token) -> bool:
    """Tell a noun that may be a person's title: singular, and lower case or an acronym ("banker", "MSP").

    A capitalised word is a name's, not a title ("the Post", "the Smiths").
    """
    word = head.text
    return (
        head.pos_ in {"NOUN", "PROPN"}
        and "Plur" not in head.morph.get("Number", [])
        and word.isalpha()
        and (word.islower() or (word.isupper() and 2 <= len(word) <= 5))
    )


def _modifier_words(ctx: DocContext, head: Token) -> list[str]:
    """The words that modify a role or a description before it ("the Chief Minister", "the Texas Republican")."""
    return [c.lower_ for c in head.lefts if c.dep_ in {"compound", "amod"} and not ctx.quoted[c.i]]


def _foreign_title(ctx: DocContext, m: EntityMention, role: Token) -> bool:
    """Tell a title naming a country that the role noun's own sentence speaks of as another.

    "Japanese Prime Minister Haruto Sato arrives in Canberra … “Japan is one of our closest partners,”
    the prime minister told reporters": the bare role is the home country's. Without such a mention
    it is the one the article titled ("British Prime Minister Boris Johnson said … “Let the healing
    begin,” the prime minister said").
    """
    nations = {w for e in ctx.mentions if e.label in {"NORP", "GPE"} for w in e.text.lower().split()}
    titled = nations & ctx.titles_of(m) - set(m.text.lower().split())
    if not titled:
        return False
    lo, hi = ctx.sent_span(role.i)
    own = range(role.left_edge.idx, role.idx + len(role))  # "the British leader" names its own country
    named = {
        w[:4]
        for e in ctx.mentions_within(lo, hi)
        if e.label in {"NORP", "GPE"} and e.start not in own
        for w in e.text.lower().split()
    }
    return any(w[:4] in named for w in titled)


_OTHER_OFFICE: Final = _RANK_WORDS | {"former", "ex", "shadow", "then", "late"}
"""Title words that make another office than the bare role: "Deputy Chief Minister Suresh Pillai" and
"Former Chief Minister Anil Desai" are not "the chief minister"."""
_OTHER_TITLED_OFFICE: Final = _OTHER_OFFICE - {"acting", "interim"}
"""The same for a person the article titles: "Interim Prime Minister Gerard Latortue" holds the office, so
"the prime minister" is he (while "the acting mayor" after "Mayor Ed Pike" is somebody else)."""


def _office_holder(ctx: DocContext, head: Token, np: Span) -> Speaker | None:
    """Name an unnamed office holder by the role phrase and its complement ("China's ambassador to Britain").

    The complement is a prepositional phrase or an adjective with its own ("a source close to the
    player"). None for a phrase longer than any name (``NAME_MAX_CHARS``), as for other unnamed speakers.
    """
    hi = head.i
    for c in head.rights:
        if (c.dep_ == "prep" and c.lower_ in {"to", "for", "of", "at", "in"}) or (
            c.dep_ == "amod" and c.pos_ == "ADJ" and any(g.dep_ == "prep" for g in c.children)
        ):  # or an adjective with its complement: "a source close to the player"
            # Without what is said of the complement: "A spokesman for Threshold, the housing charity,"
            # and "… for Oxfam, which runs the camp," are a spokesman for Threshold and for Oxfam.
            last = _without_asides(ctx, c)
            if not any(ctx.quoted[i] for i in range(c.i, last + 1)):
                hi = last
            break
    span = ctx.doc[np.start : hi + 1]
    name = ctx.lexicon.leading_article.sub("", span.text, count=1).strip()
    if len(name) > NAME_MAX_CHARS:
        return None
    return Speaker(name=name, mention=span.text, start=span.start_char, end=span.end_char)


def _adjacent_entity(ctx: DocContext, verb: Token) -> EntityMention | None:
    """A speaker named next to a verb that has no parsed subject ("…," said Avi Bell; Safadi warning).

    Bracketed asides between the name and the verb are skipped: "José Plata (@pepeplata) [es]
    qualified …" (the brackets often break the parse between subject and verb).
    """
    doc = ctx.doc
    before = _before_asides(doc, verb.i)
    if before > 0:
        prev = doc[before - 1]
        m = ctx.mention_at(prev.idx, prev.idx + len(prev))
        if m is not None and m.label in _SPEAKER_LABELS and not ctx.in_quote(m.start):
            return m
        lo = prev.i
        while lo > 0 and doc[lo - 1].dep_ == "compound" and doc[lo - 1].tag_ in PROPER_TAGS:
            lo -= 1
        u = ctx.untyped_at(doc[lo].idx)
        if u is not None:
            return u
    apposed = _apposition_closing_before(ctx, verb)
    if apposed is not None:
        return apposed
    prev_text = doc[verb.i - 1].text if verb.i > 0 else ""
    if prev_text in {",", "”", '"', "»", "’"} or (verb.i > 1 and doc[verb.i - 2].text in {",", "”", '"'}):
        role = next((t for t in doc[verb.i + 1 : verb.i + 3] if t.pos_ != "DET"), None)
        if ctx.parsed and role is not None and (holder := _apposed_person(ctx, role)) is not None:
            return holder  # "a déclaré la ministre des Affaires étrangères, Marie-Claire Ondo Mba"
        for tok in doc[verb.i + 1 : verb.i + 6]:
            if tok.is_punct:
                break
            if ctx.parsed and _prepositional(tok):
                continue  # "a indiqué à l'AFP un diplomate": whom it was said to, not who said it
            m = ctx.mention_at(tok.idx, tok.idx + len(tok))
            if m is not None and m.label in _SPEAKER_LABELS:
                # "said the Rovers manager, Steve Pargeter": the name modifies a role whose holder is named.
                last = doc[ctx.token_at(m.end - 1)]
                if ctx.parsed and last.dep_ in {"compound", "poss"} and last.head.i > last.i:
                    holders = [
                        h for c in last.head.children
                        if c.dep_ == "appos" and (h := ctx.mention_at(c.idx, c.idx + len(c))) is not None
                        and h.label == "PERSON"
                    ]  # fmt: skip
                    return holders[0] if holders else m
                return m
    return None


def _apposition_closing_before(ctx: DocContext, verb: Token) -> EntityMention | None:
    """A name set off by commas right before a verb (and its auxiliaries) the parse gave no subject.

    "…, le ministre wallon chargé de la Reconstruction, Philippe Gérardy, a reconnu …": the parse hung
    the apposition on a noun before it; the name closing it is the verb's subject.
    """
    doc = ctx.doc
    k = verb.i - 1
    while k >= 0 and doc[k].pos_ == "AUX" and doc[k].head.i == verb.i:
        k -= 1  # "a reconnu", "avait été"
    if k < 2 or doc[k].text != ",":
        return None
    last = doc[k - 1]
    m = ctx.mention_at(last.idx, last.idx + len(last))
    if m is None or m.label not in _SPEAKER_LABELS or ctx.in_quote(m.start):
        return None
    first = ctx.token_at(m.start)
    if first < 2 or doc[first - 1].text != ",":
        return None
    # "Tom Molomby, SC, said": letters after a person's name set off as an aside are his
    named = ctx.mention_at(doc[first - 2].idx, doc[first - 2].idx + len(doc[first - 2]))
    if m.label != "PERSON" and named is not None and named.label == "PERSON" and not ctx.in_quote(named.start):
        return named
    return m


def _prepositional(tok: Token) -> bool:
    """Tell a word in a prepositional phrase: a preposition's object, or a noun with a preposition below it (UD)."""
    head = tok
    while head.dep_ in {"flat", "flat:name", "compound"} and head.head.i != head.i:
        head = head.head
    return head.dep_ == "pobj" or any(c.dep_ == "case" and c.pos_ == "ADP" for c in head.children)


_ASIDE_MAX_TOKENS: Final = 12
_BRACKETS: Final = {")": "(", "]": "["}


def _before_asides(doc: Doc, i: int) -> int:
    """The index just past the last word before token ``i`` once bracketed asides in front of it are skipped.

    >>> import spacy
    >>> doc = spacy.blank("en")("Plata (@pepeplata) [es] qualified")
    >>> doc[_before_asides(doc, 7) - 1].text
    'Plata'
    """
    while i > 0 and doc[i - 1].text in _BRACKETS:
        opener = _BRACKETS[doc[i - 1].text]
        k = i - 2
        while k >= max(0, i - 1 - _ASIDE_MAX_TOKENS) and doc[k].text != opener and "\n" not in doc[k].text:
            k -= 1
        if k < 0 or doc[k].text != opener:
            break
        i = k
    return i


def _modifies_source(ctx: DocContext, m: EntityMention, obj: Token) -> bool:
    """Tell whether a nationality or a place only describes the unnamed source noun ``obj`` ("an American report", "a US official").

    The source is then the noun's phrase, as it is when that phrase is a verb's subject ("A US official
    said …"). A body before the noun made what it names or employs who it names ("a Reuters survey",
    "a White House official"): that body stays the source, and so does a country before a document,
    which issued it ("a US statement").
    """
    if m.label not in {"NORP", "GPE"} or ctx.mention_at(obj.idx, obj.idx + len(obj)) is not None:
        return False  # a body, or a noun that is part of a name itself ("the White House")
    if m.label == "GPE" and is_document(ctx, obj):
        return False
    span = ctx.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    return root.head.i == obj.i and root.dep_ in {"amod", "compound"}


def speaker_for_cue(
    ctx: DocContext,
    cue: Token,
    history: Sequence[tuple[int, EntityMention]],
    quote: tuple[int, int] | None = None,
) -> Speaker | None:
    """Name the speaker of a cue: the subject of the verb, or the object of "according to".

    ``quote``: the span of the quoted words the cue attributes. People speak of others by name, not
    of themselves: a "he"/"she" that reports the quote does not mean a person the quote names
    ("'… Mr. Michael McDonald,' he said" is not McDonald).
    """
    phrase = ctx.according_phrase(cue)
    if phrase is not None:
        doc = ctx.doc
        # The object of the phrase's last word: "to" of "according to", "of" of "in the words of".
        last = doc[min(cue.i + len(phrase) - 1, len(doc) - 1)]
        obj = next((c for c in last.children if c.dep_ == "pobj"), None) if ctx.parsed else None
        if obj is None and (name := misparsed_source(ctx, cue)) is not None:
            m = ctx.mention_at(name.start_char, name.end_char)
            if m is not None and (m.start < name.start_char or m.end > name.end_char):
                # the model ran the name into the content ("Rathbun the Scientology"): the words are the name
                return Speaker(name=name.text, mention=name.text, start=name.start_char, end=name.end_char)
            obj = name[-1]
        if obj is None and ctx.parsed:
            obj = next((c for c in cue.subtree if c.dep_ == "pobj"), None)
        if obj is None:
            obj = noun_of_preposition(ctx, cue)
        if obj is None and cue.i + len(phrase) < len(doc):
            obj = doc[cue.i + len(phrase)]
        if obj is None:
            return None
        if ctx.parsed and obj.lower_ in ctx.lexicon.close_people:
            return speaker_of(ctx, obj, history)  # "according to a friend of Ms Rayner": the friend
        if obj.lower_ in ctx.lexicon.bound_pronouns and obj.lower_ not in ctx.lexicon.person_pronouns:
            return possessor_speaker(ctx, obj, history)  # "according to him", "selon lui": as "he" would
        # A clause on the source says what it did, its names are not the source ("the company, which
        # blamed weaker demand in China").
        # A participle's agent made the source ("figures published by the ONS"): that name stays.
        agent_words = {
            t.i for c in obj.children if c.dep_ == "acl" for a in c.children if a.dep_ == "agent" for t in a.subtree
        }
        clause_words = {
            t.i for c in obj.children if c.dep_ in {"relcl", "acl"} for t in c.subtree if t.i not in agent_words
        }
        in_phrase = [
            cm
            for t in (obj.subtree if ctx.parsed else [obj])
            if t.i not in clause_words
            and (cm := ctx.mention_at(t.idx, t.idx + len(t))) is not None
            and not ctx.in_quote(cm.start)
            and cm.label in _SPEAKER_LABELS
        ]
        found = [cm for cm in in_phrase if not _modifies_source(ctx, cm, obj)]
        made = [m for m in found if ctx.token_at(m.start) in agent_words]
        if len(found) < len(in_phrase):
            # "according to a US official in Kabul", "an American report on Iran": the noun is described,
            # not named; only a person set beside it or the maker of a document names it, never a place
            # or topic further on.
            found = [m for m in found if m.label == "PERSON" and ctx.parsed and _in_name_phrase(ctx, obj, m)] + made
        elif made:
            found = made  # "a US report published by the State Department": the agent made it
        if found:
            # "in the words of the Crown prosecutor, Mark Tedeschi": the person in apposition, not the
            # office's body; a person further down ("the hospital where Scalise …") is not the source.
            apposed = [m for m in found if m.label == "PERSON" and ctx.parsed and _in_name_phrase(ctx, obj, m)]
            return entity_speaker(apposed[0] if apposed else found[0])
        return speaker_of(ctx, obj, history)
    swallowed = _name_after_cue(ctx, cue)
    if swallowed is not None:
        return swallowed
    author = _message_author(ctx, cue) if ctx.parsed else None
    if author is not None:
        return speaker_of(ctx, author, history)  # "Rubaie read a statement from al-Sadr: …": al-Sadr's words
    fronted = ctx.fronted_subject(cue) if ctx.parsed else None
    if fronted is not None:
        return _fronted_speaker(ctx, *fronted, history)
    subj = subject_of(ctx, cue) if ctx.parsed else None
    if subj is not None and subj.i > cue.i and _says_when(ctx, subj):
        subj = None  # "…, a indiqué jeudi le Fonds des Nations unies": the parse took the day for the subject
    if (
        subj is not None
        and subj.i < cue.i
        and ctx.lexicon.inverted_subjects
        and (inverted := inverted_subject(ctx, cue)) is not None
        and ((subj.head.i != cue.i and _closes_incise(ctx, cue, inverted)) or statement_before_incise(ctx, cue, subj))
    ):
        # An incise's subject follows its verb: a parse that reads the verb as a second one of the
        # clause before lends it that clause's subject ("Un foyer … a été confirmé, a indiqué la
        # préfecture"), or hangs the statement's subject on it ("Les examens débuteront le 5 mai, a
        # annoncé le ministre, X, à l'issue du Conseil").
        subj = inverted
    if subj is None and ctx.parsed and as_clause(cue):
        return None  # "as expressed in the interview": no source named, and no name nearby is one
    if subj is None and ctx.parsed:
        described = _unparsed_subject(ctx, cue, history)
        if described is not None:
            return described
    if subj is None:
        ent = _adjacent_entity(ctx, cue)
        if ent is not None and ent.label == "ORG" and (holder := _office_holder_named(ctx, ent)) is not None:
            ent = holder  # "a annoncé le ministre de l'Éducation nationale, Ibrahim Maïga Souley": an office tagged ORG
        elif ent is not None and ent.label == "NORP" and ctx.parsed:
            native = _national_named(ctx, ctx.doc[ctx.token_at(ent.end - 1)], history)
            ent = native or ent  # "a raconté le Finlandais": the Finn named before
        if ent is None and ctx.lexicon.inverted_subjects and ctx.parsed:
            inverted = inverted_subject(ctx, cue)
            if inverted is None:
                return None
            named = _apposed_person(ctx, inverted)
            return entity_speaker(named) if named is not None else speaker_of(ctx, inverted, history)
        return None if ent is None else entity_speaker(ent)
    if ctx.lexicon.inverted_subjects and subj.i > cue.i and (named := _apposed_person(ctx, subj)) is not None:
        return entity_speaker(named)  # « … », a indiqué le commandant de la gendarmerie, le colonel X
    return speaker_of(
        ctx, subj, history, not_meant=_named_in_utterance(ctx, quote) if quote is not None else frozenset()
    )


def _fronted_speaker(ctx: DocContext, lo: int, hi: int, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    """The speaker of ``Said <subject>:``: the name in the subject, else its head noun (before "of")."""
    doc = ctx.doc
    named = [
        m for t in doc[lo:hi]
        if (m := ctx.mention_at(t.idx, t.idx + len(t))) is not None and m.label in _SPEAKER_LABELS
    ]  # fmt: skip
    if named:
        people = [m for m in named if m.label == "PERSON"]
        speaker: Speaker | None = entity_speaker(people[0] if people else named[0])
    else:
        head = next((t for t in doc[lo:hi] if t.pos_ == "ADP"), doc[hi])
        speaker = speaker_of(ctx, doc[head.i - 1], history)
    cue = doc[lo - 1]
    if speaker is None or speaker.start is None or speaker.end is None or speaker.start > cue.idx:
        return speaker
    # "Added Smith" read as one name: the verb is no part of it, unless the article writes the name so
    # elsewhere ("Iran's negotiator Said Jalili … Said Jalili: "…"").
    whole = ctx.text[speaker.start : speaker.end]
    if any(m.text == whole and m.start != speaker.start for m in ctx.mentions):
        return speaker
    rest = ctx.text[doc[lo].idx : speaker.end]
    first = len(cue.text_with_ws)
    name = speaker.name[first:] if speaker.name.startswith(cue.text_with_ws) else rest
    # The key named the longer reading: the rest keeps one only as a name the article gives elsewhere.
    key = next((m.key for m in ctx.mentions if m.text == rest and not m.key.startswith("?:")), None)
    return speaker.model_copy(update={"name": name, "key": key, "mention": rest, "start": doc[lo].idx})


def _named_in_utterance(ctx: DocContext, quote: tuple[int, int]) -> frozenset[str]:
    """The people a quote names, with the quote that goes on after its cue in the same paragraph.

    ```"You might remember him," he said. "… Mr. Michael McDonald."``` is one utterance: the "he"
    between its halves is not McDonald either. A second speech verb or a person named between them
    makes the next quote somebody else's ("…," he said, while Peter Jones replied: "…").
    """
    named = people_named(ctx, quote)
    k = bisect.bisect_right(ctx.span_starts, quote[1])
    if k < len(ctx.spans):
        start, end = ctx.spans[k]
        between = ctx.doc[ctx.token_at(quote[1]) : ctx.token_at(start)]
        cues = sum(1 for t in between if ctx.is_cue(t))
        others = any(m.label == "PERSON" for m in ctx.mentions_between(quote[1], start))
        if "\n" not in ctx.text[quote[1] : start] and cues <= 1 and not others:
            named |= people_named(ctx, (start, end))
    return named


def people_named(ctx: DocContext, span: tuple[int, int]) -> frozenset[str]:
    """Keys of the people a quote names as people: not as a modifier ("a Christie administration")."""
    keys = set()
    for m in ctx.mentions_within(*span):
        if m.label != "PERSON":
            continue
        last = ctx.doc[ctx.token_at(m.end - 1)] if ctx.parsed else None
        if last is None or last.dep_ != "compound":
            keys.add(m.key)
    return frozenset(keys)


_DASH_RE: Final = re.compile(r"[”\"»’]?[ \t]*(?:―|—|–|--|-(?= ))[ \t]*")


def _ends_as_sentence(ctx: DocContext, close: int) -> bool:
    """Tell whether the quoted words that end at ``close`` end as a sentence does (. ! ? …)."""
    end = stripped_end(ctx.text, close)
    return ctx.text[max(0, end - 2) : end].endswith((".", "!", "?", "…", ".,"))


def _after_dash(ctx: DocContext, close: int) -> int | None:
    """Where the text goes on after a dash that follows the quote ending at ``close``, if one does."""
    m = _DASH_RE.match(ctx.text, close)
    if m is None or m.end() == close + (1 if ctx.text[close : close + 1] in '”"»’' else 0):
        return None
    return m.end()


def cited_title(ctx: DocContext, close: int) -> bool:
    """``"Report found on street" — Canadian Press, May 2``: a title cited with its source, not a statement.

    Quoted words that do not end as a sentence does, followed on the same line by a dash and a
    capitalised name, are a work's title (a reference list, a "Sources" section); nobody says them.
    """
    if _ends_as_sentence(ctx, close):
        return False
    after = _after_dash(ctx, close)
    return after is not None and ctx.text[after : after + 1].isupper() and _signed_by(ctx, close, after) is None


def dash_byline(ctx: DocContext, close: int) -> Speaker | None:
    """``"…" — Mayor Bill Thompson``: a person or organisation named after a dash that follows a quote.

    Only titles (capitalised words or roles: "— former prosecutor Susan Marsh") may stand between the
    dash and the name, on the same line. Words that do not end as a sentence are a cited title
    instead (``cited_title``).
    """
    after = _after_dash(ctx, close)
    if after is None:
        return None
    if not _ends_as_sentence(ctx, close):
        signer = _signed_by(ctx, close, after)
        return None if signer is None else entity_speaker(signer)
    line_end = ctx.text.find("\n", after)
    line_end = len(ctx.text) if line_end < 0 else line_end
    # An organisation in the title is the person's employer ("— National Hurricane Center Director
    # Marisol Ocampo"): the person named after it signs; else the organisation ("— Acme Corp").
    body: EntityMention | None = None
    for mention in ctx.mentions_between(after, min(line_end, after + 60)):
        if not _titles_only(ctx, ctx.text[after : mention.start].split()):
            break
        if mention.label == "PERSON":
            return entity_speaker(mention)
        if mention.label != "ORG":
            break
        body = body or mention
    return None if body is None else entity_speaker(body)


def _titles_only(ctx: DocContext, words: Sequence[str]) -> bool:
    """Tell words that can only title the name after them: capitalised, or roles ("former prosecutor")."""
    lexicon = ctx.lexicon
    return all(
        w[:1].isupper()
        or (low := w.lower()) in lexicon.person_roles
        or low in lexicon.titled_only_roles
        or low in _SAME_PERSON
        or low in _RANK_WORDS
        for w in words
    )


_SIGN_OFF_RE: Final = re.compile(
    r"\s*(?:,\s*(?!who\b|which\b|that\b)[^\n,]{0,60}|\([^)\n]{0,40}\)|\s(?:of|at|from)\s+[A-Z][^\n,]{0,50})?\s*[.]?\s*"
)
"""What may follow a signing name: a title after a comma, a bracketed handle, or "of Acme Capital"."""


def _signed_by(ctx: DocContext, close: int, after: int) -> EntityMention | None:
    """The person who signs quoted words without a full stop: ``"Nobody is above the law" — Susan Marsh``.

    Words in sentence case followed by a dash and a person's name (after titles only) are that
    person's; a title-cased work ("The Art of the Deal" — its author), an outlet, or a line with a
    date is a citation.
    """
    k = bisect.bisect_left(ctx.span_ends, close)
    opening = ctx.spans[k][0] if k < len(ctx.spans) and ctx.spans[k][1] == close else None
    if opening is None or _title_cased_words(ctx.text[opening:close]):
        return None
    line_end = ctx.text.find("\n", after)
    line_end = len(ctx.text) if line_end < 0 else line_end
    for mention in ctx.mentions_between(after, min(line_end, after + 60)):
        between = ctx.text[after : mention.start].split()
        # The name ends the line, or a title or a bracketed handle follows it; not a
        # clause ("— Tom Hadley, who drew it up, has left") nor a date ("— Edmonton Sun, August 16, 2008").
        signs_off = _SIGN_OFF_RE.fullmatch(ctx.text, mention.end, line_end) is not None
        dated = any(ch.isdigit() for ch in ctx.text[mention.end : line_end])
        if mention.label == "PERSON" and _titles_only(ctx, between) and signs_off and not dated:
            return mention
        break
    return None


def _title_cased_words(text: str) -> bool:
    """Tell whether every word of four letters or more is capitalised (a title, not a sentence)."""
    long = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text) if len(w) >= 4]
    return bool(long) and all(w[0].isupper() for w in long)


# French sets a (narrow) no-break space before the colon: "Q\u00a0: …", "R\u202f: …".
_LABEL_RE: Final = re.compile(
    r"[ \t]*((?:[A-Z][\w.'’-]*[ \t]+){0,3}[A-Z][\w.'’-]*)[ \t\u00a0\u202f]*:[ \t\u00a0\u202f]*"
)
_LETTER_LABEL_RE: Final = re.compile(r"[ \t]*([A-Z])\.[ \t]+")  # "Q. Are you …", "A. No."
_DASH_TURN_RE: Final = re.compile(r"[ \t]*[–—][ \t\u00a0\u202f]+")  # "– Que conseillez-vous ?"


def speaker_label(ctx: DocContext, open_at: int) -> Speaker | None:
    """The speaker a transcript-style label gives a quote opening its paragraph (``MITT ROMNEY: "…"``).

    Transcripts, interviews and broadcast scripts put the speaker's name and a colon before each
    turn. The label names a person when the entity tagger takes the whole label (after an
    honorific) for one, or when it is the name or surname of a person the article names
    (``OBAMA:`` after "Barack Obama"); a heading ("Update:", "BREAKING NEWS:") or a dateline
    ("NEW DELHI:") names nobody. In a transcript an answer label ("A:") names the interviewee
    (``transcript_turns``).

    Args:
        ctx: Document lookups.
        open_at: Offset of the quote's opening mark.
    """
    text = ctx.text
    line = text.rfind("\n", 0, open_at) + 1
    turn = transcript_turns(ctx).get(line)
    if turn is not None and turn[0] == open_at:
        return turn[1]
    m = _LABEL_RE.fullmatch(text, line, open_at)
    return None if m is None else _labelled_person(ctx, m.group(1), m.start(1), m.end(1))


def _labelled_person(ctx: DocContext, label: str, start: int, end: int) -> Speaker | None:
    """The person a turn label names (``speaker_label``), or None."""
    text = ctx.text
    tagged = ctx.mention_at(start, end)
    honorific = "" if tagged is None else text[start : tagged.start]
    if (
        tagged is None or tagged.label != "PERSON" or tagged.end != end
        or (honorific and not ctx.lexicon.honorific_re.fullmatch(honorific))
    ):  # fmt: skip
        # The tagger often misreads an ALL-CAPS name (as ORG); the article's own narration decides.
        # A dateline ("NEW DELHI:") or a heading matches no person the article names; the label's own
        # mention does not vouch for itself. An honorific or a title may stand before the surname
        # ("MR SODHI:", "Dr Voss:").
        words = label.lower().split()
        lexicon = ctx.lexicon
        if len(words) > 1 and (
            words[0].rstrip(".") in lexicon.title_abbreviations or lexicon.honorific_any_case.fullmatch(words[0] + " ")
        ):
            words = words[1:]
        wanted = " ".join(words)
        people = _narrated_people(ctx)
        found = set(people.get(wanted, ()))
        if len(words) == 1:
            found.update(people.get(("surname", wanted), ()))
        named = [ctx.mentions[k] for k in sorted(found) if ctx.mentions[k].start != start]
        if not named:
            return None
        tagged = max(named, key=lambda e: len(e.canonical))
    return Speaker(name=tagged.canonical, key=tagged.key, mention=label, start=start, end=end)


def _narrated_people(ctx: DocContext) -> dict[object, list[int]]:
    """Where the narration names people: ``ctx.mentions`` indexes by canonical name and by surname.

    Keys are the lower-case canonical name, and ``("surname", <lower-case surname>)``.
    """
    found = ctx.memo.get("narrated people")
    if found is None:
        found = ctx.memo["narrated people"] = {}
        for k, e in enumerate(ctx.mentions):
            if e.label == "PERSON" and not ctx.in_quote(e.start):
                name = e.canonical.lower()
                found.setdefault(name, []).append(k)
                if words := name.split():
                    found.setdefault(("surname", surname(words)), []).append(k)
    return found


def transcript_turns(ctx: DocContext) -> dict[int, tuple[int, Speaker | None]]:
    """The turns of a transcript: paragraph start -> (where the turn's words start, who speaks).

    An interview or a hearing printed as a transcript opens each turn's paragraph with a label: the
    speaker's name ("BRENNAN:", "Ms Penhaligon:") or the lexicon's question and answer labels ("Q:",
    "A.", "INTERVIEWER:"). A text is a transcript when its labels take turns, one voice coming back
    (a list of names with a colon each, "Elizabeth Burton: possession of …", takes no turns), and the
    turns talk with no headings between them (``_converses``); answer labels count only next to
    question labels. A question label names nobody; an answer label names the interviewee
    (``_interviewee``: the person the paragraph before the first turn says the writers speak with).
    Where the lexicon allows it (``dash_turns``), an interview without labels prints its turns after a
    dash (``_dash_turns``). Empty when the text is no transcript.
    """
    if ctx.turns is not None:
        return ctx.turns
    lexicon, text = ctx.lexicon, ctx.text
    labels: dict[int, tuple[int, Speaker | None, str]] = {}
    for line in _LINE_RE.finditer(text):
        m = _LABEL_RE.match(text, line.start()) or _LETTER_LABEL_RE.match(text, line.start())
        if m is None or m.end() >= line.end():
            continue
        word = m.group(1).lower()
        if word in lexicon.question_labels:
            labels[line.start()] = (m.end(), None, "question")
        elif word in lexicon.answer_labels:
            labels[line.start()] = (m.end(), None, "answer")
        elif m.re is _LABEL_RE and (who := _labelled_person(ctx, m.group(1), m.start(1), m.end(1))) is not None:
            labels[line.start()] = (m.end(), who, "name")
    if "question" not in {kind for _, _, kind in labels.values()}:
        labels = {k: v for k, v in labels.items() if v[2] != "answer"}
    kinds = {kind for _, _, kind in labels.values()}
    turns: dict[int, tuple[int, Speaker | None]] = {}
    voices = {kind if who is None else who.key for _, who, kind in labels.values()}
    if len(labels) > len(voices) and _converses(ctx, labels):
        answers = _interviewee(ctx, min(labels)) if "answer" in kinds else None
        turns = {k: (at, answers if kind == "answer" else who) for k, (at, who, kind) in labels.items()}
    if not turns and lexicon.dash_turns:
        turns = _dash_turns(ctx)
    ctx.turns = turns
    return turns


def _dash_turns(ctx: DocContext) -> dict[int, tuple[int, Speaker | None]]:
    """An interview's turns printed after a dash ("– Pourquoi … ?" / "– Nous avions …"), French style.

    The questions and answers alternate: the lines at the places of those ending in "?" ask ("–
    Parlez-nous de votre plan." too), the others answer, and the answers are the interviewee's
    (``_interviewee``); with nobody the introduction names, or lines that do not alternate, there is
    no interview. A line with an incise of its own ("– Non, répond Paul, je reste") is a dialogue's,
    left to the quote rules.
    """
    text = ctx.text
    lines = [
        (line, dash.end())
        for line in _LINE_RE.finditer(text)
        if (dash := _DASH_TURN_RE.match(text, line.start())) is not None and dash.end() < line.end()
    ]
    asking = {k % 2 for k, (line, _) in enumerate(lines) if line.group().rstrip().endswith("?")}
    if len(lines) < 2 or len(asking) != 1:
        return {}
    interviewee = _interviewee(ctx, lines[0][0].start())
    if interviewee is None:
        return {}
    parity = asking.pop()
    turns: dict[int, tuple[int, Speaker | None]] = {}
    for k, (line, at) in enumerate(lines):
        if k % 2 == parity:
            turns[line.start()] = (at, None)
            continue
        words = ctx.doc[ctx.token_at(at) : ctx.token_at(line.end() - 1) + 1]
        if not any(
            ctx.is_cue(t) and (inverted_subject(ctx, t) is not None or ctx.doc[t.i - 1].text == ",") for t in words[1:]
        ):
            turns[line.start()] = (at, interviewee)
    return turns


def _converses(ctx: DocContext, labels: dict[int, tuple[int, Speaker | None, str]]) -> bool:
    """Tell turns of talk from labelled lines of a list, a guide or a scorecard.

    Talk asks questions or speaks in the first or second person somewhere ("I", "our", "you"); and a
    transcript runs from turn to turn, with no headings ("Housing", "First innings") between them.
    """
    text, lexicon = ctx.text, ctx.lexicon
    first, last = min(labels), max(labels)
    personal = lexicon.first_person | lexicon.addressee_pronouns
    spoken = False
    for line in _LINE_RE.finditer(text, first):
        if line.start() > last:
            break
        words = line.group().split()
        if (
            line.start() not in labels
            and words
            and len(words) <= _HEADING_WORDS
            and words[-1][-1] not in _SENTENCE_ENDS
        ):
            return False  # a heading between turns
        if line.start() in labels:
            at = labels[line.start()][0]
            span = ctx.doc[ctx.token_at(at) : ctx.token_at(line.end() - 1) + 1]
            spoken = spoken or any((t.lower_ in personal or t.text == "?") and not ctx.quoted[t.i] for t in span)
    return spoken


_LINE_RE: Final = re.compile(r"[^\n]+")
_HEADING_WORDS: Final = 5
_SENTENCE_ENDS: Final = '.!?"”’»)'


def _interviewee(ctx: DocContext, before: int) -> Speaker | None:
    """The one person the paragraph before the first turn names and the writers speak with ("We spoke to her …").

    The publication takes part in an interview: "we" or "us" is an argument of a verb of speech
    whose other argument is a person ("We asked her", "He spoke to us"). A byline or a quiz setter
    ("our quiz, set by …"), an explainer's subject ("We explain what the new rules mean", "… changes
    to our bin collections") and a "we" inside a quote give no answers.
    """
    head = ctx.text[:before].rstrip()
    start, end = head.rfind("\n") + 1, len(head)
    if end <= start:
        return None
    para = ctx.doc[ctx.token_at(start) : ctx.token_at(end - 1) + 1]
    if not any(_speaks_with_us(ctx, t) for t in para):
        return None
    people = {m.key: m for m in ctx.mentions_between(start, end) if m.label == "PERSON" and not ctx.in_quote(m.start)}
    if len(people) != 1:
        return None
    person = next(iter(people.values()))
    return Speaker(name=person.canonical, key=person.key)


def possessor_speaker(ctx: DocContext, poss: Token, history: Sequence[tuple[int, EntityMention]]) -> Speaker | None:
    """The person a possessor names ("Okafor's", "her"): a possessive pronoun resolves as "he"/"she" would."""
    lexicon = ctx.lexicon
    gender = lexicon.bound_pronouns.get(poss.lower_)
    pronoun = next((p for p, g in lexicon.person_pronouns.items() if g == gender), None) if gender else None
    return speaker_of(ctx, poss, history, as_pronoun=pronoun)


def negated(verb: Token) -> bool:
    """Tell a verb its clause denies: English "not" (``neg``), or both parts of French "ne … pas/jamais".

    A Universal Dependencies parse marks each part of the negation ``Polarity=Neg``; "ne" alone is
    no denial ("il n'a dit que la vérité": he said only the truth).
    """
    return any(c.dep_ == "neg" for c in verb.children) or (
        sum("Neg" in c.morph.get("Polarity", []) for c in verb.children if c.dep_ == "advmod") >= 2
    )


def _speaks_with_us(ctx: DocContext, tok: Token) -> bool:
    """Tell "we"/"us" as one party of a verb of speech whose other party is a person ("We spoke to her").

    Or of a verb by which one gives an interview ("l'entretien qu'elle nous a accordé"), or "our" of the
    questions a person answers ("répond à nos questions").
    """
    lexicon = ctx.lexicon
    if tok.lower_ not in lexicon.interviewer_pronouns or ctx.quoted[tok.i]:
        return False
    possessive = tok.dep_ == "poss" or "Yes" in tok.morph.get("Poss", [])
    if possessive and tok.head.lower_ not in lexicon.question_nouns:
        return False
    verb = tok.head.head if tok.dep_ == "pobj" or possessive else tok.head
    if not (
        verb.lower_ in lexicon.speech_verbs
        or verb.lower_ in lexicon.reporting_verbs
        or verb.lower_ in lexicon.interview_verbs
    ):
        return False
    if negated(verb):
        return False  # "n'a pas répondu à nos questions", "did not speak to us": no interview
    others = [t for t in verb.subtree if t.i != tok.i and t.dep_ in {"nsubj", "dobj", "pobj", "dative"}]
    return any(
        t.lower_ in lexicon.person_pronouns
        or t.lower_ in lexicon.bound_pronouns
        or ((m := ctx.mention_at(t.idx, t.idx + len(t))) is not None and m.label == "PERSON")
        for t in others
    )


def framed_speaker(ctx: DocContext, start: int, end: int, history: list[tuple[int, EntityMention]]) -> Speaker | None:
    """The speaker a clause right after a quote names by calling the quote somebody's utterance.

    News writing frames a quote after it: the quote itself, or "That", "It" or "The words" standing
    for it, is or came as an utterance noun the speaker owns ("was the one-word response of Sean
    O'Brien", "was Nicole Vance's reply", "came the reply from Tomasz Wielgosz", "That was the
    warning shouted by Constable Nathan Ruiz", "The words were those of Chief Justice …"), or "was
    how X put it". The quote opens its sentence (it is what the frame's verb says something of), only
    the lexicon's ``frame_words`` and modifiers stand between it and the noun (``frame_nouns``: acts
    of speech, not "the view from Ben Nevis" nor "the best-known line from Casablanca"), and the owner
    is somebody who can speak.

    Args:
        ctx: Document lookups.
        start: Offset where the quote's content starts (after its opening mark).
        end: Offset where the quote's content ends (its closing mark).
        history: Speakers resolved so far.
    """
    if not ctx.parsed:
        return None
    lexicon, doc, text = ctx.lexicon, ctx.doc, ctx.text
    before = stripped_end(text, start, " \"“„«‘'")
    if before > 0 and text[before - 1] not in ".!?:\n”»":
        return None  # "The route, nicknamed “the Misery Express”, was …": the quote is not what "was" is said of
    i = ctx.token_at(end)
    while i < len(doc) and (doc[i].is_punct or doc[i].is_space):
        if ctx.quoted[i] and doc[i].idx > end:
            return None  # the frame belongs to the last quote
        i += 1
    owners = lexicon.frame_nouns
    window = doc[i : min(i + _FRAME_TOKENS, ctx.sent_bounds[ctx.sent_of[i]][1])] if i < len(doc) else doc[i:i]
    for k, tok in enumerate(window):
        if tok.lower_ in lexicon.how_words and k > 0:
            verb = next((t for t in window[k + 1 :] if t.lower_ in lexicon.as_it_verbs), None)
            subject = None if verb is None else next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
            return None if subject is None or ctx.quoted[subject.i] else speaker_of(ctx, subject, history)
        if tok.lower_ in owners and tok.pos_ == "NOUN" and k > 0:
            # "The words were those of X" names the owner in the predicate; "The message from the
            # ministry was different" is another utterance, not this quote's frame.
            owner = _utterance_owner(tok, predicate_only=window[0].dep_ == "det", frame_words=lexicon.frame_words)
            if owner is None or ctx.quoted[owner.i] or not may_speak(ctx, owner):
                return None
            return speaker_of(ctx, owner, history)
        if tok.lower_ not in lexicon.frame_words and tok.dep_ not in _FRAME_MODIFIERS:
            return None
    return None


_FRAME_TOKENS: Final = 10
_FRAME_MODIFIERS: Final = frozenset({"det", "amod", "compound", "nummod", "punct", "advmod", "poss", "case"})


def _utterance_owner(
    noun: Token, *, predicate_only: bool = False, frame_words: frozenset[str] = frozenset()
) -> Token | None:
    """Who an utterance noun belongs to: its possessor, "of"/"from" object or participle's agent, or "those of".

    With ``predicate_only`` only the predicate of the noun's clause can name them ("The words were
    those of X", "The warning comes from X": a frame verb of which the noun is the subject).
    """
    for c in noun.children:
        if c.dep_ == "poss" and not predicate_only:
            return c
    holders = [] if predicate_only else [noun]
    holders += [c for c in noun.head.children if c.dep_ == "attr" and c.i != noun.i]  # "were those of"
    if noun.dep_ == "nsubj" and noun.head.lower_ in frame_words:
        holders.append(noun.head)  # "The warning comes from …"
    for holder in holders:
        for c in holder.children:
            if c.dep_ == "prep" and c.lower_ in {"of", "from"}:
                return next((k for k in c.children if k.dep_ == "pobj"), None)
            if c.dep_ == "acl" and c.tag_ == "VBN":
                by = next((k for k in c.children if k.dep_ == "agent"), None)
                if by is not None:
                    return next((k for k in by.children if k.dep_ == "pobj"), None)
    return None


def _name_after_cue(ctx: DocContext, cue: Token) -> Speaker | None:
    """``Said Robert King: "…"``: an inverted cue the NER took as the first word of the name."""
    m = ctx.mention_at(cue.idx, cue.idx + len(cue))
    if m is None or m.start != cue.idx or m.label != "PERSON" or not m.text.startswith(cue.text + " "):
        return None
    rest = m.text[len(cue.text) + 1 :]
    name = m.canonical[len(cue.text) + 1 :] if m.canonical.startswith(cue.text + " ") else m.canonical
    return Speaker(name=name, key=m.key, mention=rest, start=m.end - len(rest), end=m.end)


def _in_name_phrase(ctx: DocContext, head: Token, m: EntityMention) -> bool:
    """Tell whether a mention hangs from ``head`` by name links only (apposition, compound, flat)."""
    node = ctx.doc[ctx.token_at(m.start)]
    for _ in range(6):
        if node.i == head.i:
            return True
        if node.dep_ not in _NAME_DEPS and node.dep_ not in {"punct", "conj"} or node.head.i == node.i:
            return False
        node = node.head
    return False


# French object pronouns that stand before the verb of an incise ("», lui a-t-elle demandé").
_OBJECT_CLITICS: Final = frozenset({"lui", "leur", "me", "m'", "m’", "nous", "vous", "se", "s'", "s’", "l'", "l’"})


def _closes_incise(ctx: DocContext, verb: Token, subject: Token) -> bool:
    """Tell an incise that ends with its subject: a stop, a comma or a mark follows ("…, a indiqué la préfecture.").

    A verb after a comma that goes on with an object or a clause ("…, a appelé les délégations à …")
    is the clause's own verb after an aside on its subject, not an incise.
    """
    after = max(verb.i, subject.right_edge.i) + 1
    return after >= len(ctx.doc) or ctx.doc[after].text in {".", ",", "!", "?", ";", "»", "”", '"'}


def statement_before_incise(ctx: DocContext, verb: Token, subject: Token) -> bool:
    """Tell a parsed subject before an incise's verb that is the subject of the statement it attributes.

    "Les examens débuteront le 5 mai, a annoncé le ministre": the parse may hang "examens" on
    "annoncé", but a finite verb of its own stands between them and the verb follows a comma.
    """
    doc = ctx.doc
    k = verb.i - 1
    while k > subject.i and (doc[k].pos_ == "AUX" or doc[k].lower_ in EUPHONIC_T):
        k -= 1
    return (
        subject.i < k
        and doc[k].text == ","
        and any(
            t.pos_ in {"VERB", "AUX"} and "Fin" in t.morph.get("VerbForm", []) and t.head.i != verb.i
            for t in doc[subject.i + 1 : k]
        )
    )


def inverted_subject(ctx: DocContext, verb: Token) -> Token | None:
    """The subject after a speech verb in an incise (« … », a déclaré le ministre; ajoute-t-elle).

    The verb (with its auxiliary and the "-t-" of inversion) must follow a comma or closing mark;
    its first nominal or pronoun dependent to its right that does not say when ("jeudi") is taken as
    the subject.
    """
    doc = ctx.doc
    lexicon = ctx.lexicon
    pronouns = lexicon.person_pronouns.keys() | lexicon.group_pronouns
    clitic: Token | None = None  # "a-t-elle assuré": the pronoun stands between auxiliary and verb
    i = verb.i - 1
    while i >= 0 and (
        doc[i].pos_ == "AUX"
        or doc[i].lower_ in EUPHONIC_T
        or doc[i].lower_ in pronouns
        or doc[i].lower_ in _OBJECT_CLITICS  # "», lui a-t-elle demandé"
    ):
        if doc[i].lower_ in pronouns:
            clitic = doc[i]
        i -= 1
    if i < 0 or doc[i].text not in {",", "»", "”", '"', "›"}:
        return None
    if clitic is not None:
        return clitic
    k = verb.i + 1
    if k < len(doc) and doc[k].lower_ in EUPHONIC_T:
        k += 1
    if k < len(doc) and doc[k].lower_ in pronouns:
        return doc[k]  # "estime-t-elle", whatever the parse made of the pronoun
    for c in verb.rights:
        if (
            c.dep_ in _INVERTED_SUBJECT_DEPS
            # a noun the tagger took for an adjective still has its article ("explique la metteuse en scène")
            and (c.pos_ in {"NOUN", "PROPN", "PRON"} or (c.pos_ == "ADJ" and any(k.dep_ == "det" for k in c.lefts)))
            and not ctx.quoted[c.i]
            and not _says_when(ctx, c)
        ):
            return c
    return _first_bare_noun(ctx, verb)


def _says_when(ctx: DocContext, tok: Token) -> bool:
    """Tell a time noun in lower case ("jeudi"), not a name written the same ("Mai")."""
    return tok.lower_ in ctx.lexicon.time_nouns and not tok.text[:1].isupper()


def _office_holder_named(ctx: DocContext, office: EntityMention) -> EntityMention | None:
    """The person an apposition names after an office the model tagged as a body ("la ministre de la Santé, X")."""
    head = ctx.doc[ctx.token_at(office.start)]
    if not head.is_lower or head.lower_ not in ctx.lexicon.person_roles:
        return None
    return _apposed_person(ctx, head)


def _first_bare_noun(ctx: DocContext, verb: Token) -> Token | None:
    """The first noun after ``verb`` in its sentence that no preposition introduces.

    That is an inverted subject the parse did not label ("a déclaré à l'issue de la réunion le
    secrétaire général, …"): a noun with its article; a quote or another verb on the way ends the search.
    """
    doc = ctx.doc
    end = ctx.sent_bounds[ctx.sent_of[verb.i]][1]
    for tok in doc[verb.i + 1 : end]:
        if ctx.quoted[tok.i] or tok.is_quote or tok.pos_ in {"VERB", "AUX", "SCONJ"}:
            return None  # a quote, or another clause: "ajoutant qu'il espère que …"
        if tok.pos_ not in {"NOUN", "PROPN"} or _says_when(ctx, tok):
            continue
        j = tok.i - 1
        while j > verb.i and doc[j].pos_ in {"ADJ", "NUM"}:
            j -= 1
        if doc[j].pos_ != "DET":
            continue  # a subject phrase opens with its article: "le secrétaire", "un diplomate"
        while j > verb.i and doc[j].pos_ in {"DET", "ADJ", "NUM"}:
            j -= 1
        if doc[j].pos_ != "ADP":
            return tok
    return None


_RELATIVE_WORDS: Final = frozenset(
    {"who", "whom", "whose", "which", "that", "qui", "que", "dont", "lequel", "laquelle"}
)
_APPOSITION_COMMAS: Final = 3
_BEFORE_APPOSED_NAME: Final = 3


def _describes(participle: Token, head: Token) -> bool:
    """Tell a bare participle describing the role noun, as an adjective would ("le président déchu")."""
    return (
        participle.head.i == head.i
        and participle.dep_ in {"acl", "amod"}
        and "Part" in participle.morph.get("VerbForm", [])
        and all(c.dep_ == "advmod" for c in participle.children)
    )


def _apposed_person(ctx: DocContext, head: Token) -> EntityMention | None:
    """A person named after a role noun and a comma ("son secrétaire général, Marc Lefèvre").

    The name may come after a further apposition ("la ministre des Affaires étrangères, hôte de la
    réunion, Marie-Claire Ondo Mba") and after an article, a title or a nationality of its own
    ("le commandant du groupement, le colonel Arnaud Beaufils"; "la négociatrice en chef, la
    Zambienne Chileshe Mwansa"; "la directrice, la Dre Caroline Dufresne"). The search stops at a
    verb, a relative word ("said the coach, whose captain, Harry Kane, …"), a quotation mark and the
    sentence's end; a name that is the subject of a clause going on is not the role's.
    """
    if head.lower_ not in ctx.lexicon.person_roles:
        return None
    doc = ctx.doc
    end = min(ctx.sent_bounds[ctx.sent_of[head.i]][1], len(doc))
    commas = 0
    for k in range(head.i + 1, end - 1):
        tok = doc[k]
        if ctx.quoted[k] or tok.is_quote or (tok.pos_ in {"VERB", "AUX"} and not _describes(tok, head)):
            return None  # a verb, a relative clause ("who declined to comment on the reporter, X") or a quote
        if tok.lower_ in _RELATIVE_WORDS:
            return None
        if tok.text != ",":
            continue
        commas += 1
        if commas > _APPOSITION_COMMAS:
            return None
        j = k + 1
        while j < end and j - k <= _BEFORE_APPOSED_NAME:
            m = ctx.mention_at(doc[j].idx, doc[j].idx + len(doc[j]))
            if m is not None and m.label == "PERSON" and m.start == doc[j].idx:
                # Not the subject of a clause that goes on ("According to an aide, Ms. Whitfield told …").
                return None if _subject_after(doc[j]) else m
            word = doc[j]
            # An article, a title or honorific, or a nationality ("la Zambienne") before the name.
            if not (
                word.pos_ == "DET"
                or word.lower_.rstrip(".") in ctx.lexicon.person_roles
                or ctx.lexicon.honorific_re.fullmatch(word.text + " ")
                or (word.text[:1].isupper() and (m is None or m.label != "PERSON"))
            ):
                break
            j += 1
    return None


def _subject_after(tok: Token) -> bool:
    """Tell a name (by its first word) that is the subject of a verb after it."""
    while tok.dep_ in {"flat", "flat:name", "compound"} and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ in SUBJECT_DEPS and tok.head.i > tok.i


def _name_before_letters(ctx: DocContext, tok: Token) -> Token:
    """The last word of the person's name before post-nominal letters the parse made the head ("Aoife Brennan TD")."""
    if tok.text.replace(".", "") in POST_NOMINALS and tok.i > 0 and ctx.doc[tok.i - 1].dep_ == "compound":
        named = ctx.mention_at(ctx.doc[tok.i - 1].idx, tok.idx)
        if named is not None and named.label == "PERSON":
            return ctx.doc[tok.i - 1]
    return tok


def _person_apposed(ctx: DocContext, place: Token) -> EntityMention | None:
    """A person the parse put in apposition to a place: a place is never a person, so the person is meant."""
    for c in place.children:
        named = _name_before_letters(ctx, c)
        m = ctx.mention_at(named.idx, named.idx + len(named)) if c.dep_ == "appos" and not ctx.quoted[c.i] else None
        if m is not None and m.label == "PERSON":
            return m
    return None


def _untyped_person(ctx: DocContext, head: Token) -> EntityMention | None:
    """The person's name the NER missed that ends at this subject (``DocContext`` found it by its first name)."""
    k = bisect.bisect_right(ctx.untyped_starts, head.idx) - 1
    if k < 0:
        return None
    u = ctx.untyped[k]
    return u if u.label == "PERSON" and u.start <= head.idx < u.end else None


def remember(ctx: DocContext, speaker: Speaker | None, history: list[tuple[int, EntityMention]]) -> None:
    """Record a resolved speaker as an antecedent for later pronouns."""
    if speaker is None or speaker.start is None:
        return
    ent = ctx.by_key.get(speaker.key) if speaker.key is not None else None
    if ent is None:
        ent = ctx.untyped_at(speaker.start)
    if ent is None and speaker.key is None:
        ent = _unnamed_person(ctx, speaker)
    if ent is not None:
        history.append((speaker.start, ent))


def _unnamed_speaker_before(ctx: DocContext, pronoun: Token, gender: str | None, since: int) -> Token | None:
    """An unnamed person who spoke in the sentence before a pronoun, after the person it would mean.

    "Kovac met the press. A spokeswoman for the union said the strike would go on. "…," she said.":
    "she" is the spokeswoman brought in by "a", the subject of a speech verb, if the role noun tells
    the pronoun's gender and the report names nobody else by that pronoun.
    """
    if not ctx.parsed:
        return None
    lexicon = ctx.lexicon
    sent = ctx.sent_of[pronoun.i]
    lo = ctx.sent_bounds[max(ctx.sentence_before(pronoun.i), 0) if sent > 0 else sent][0]
    found = None
    for tok in ctx.doc[lo : pronoun.i]:
        if (
            tok.dep_ == "nsubj"
            and tok.idx > since
            and tok.tag_ == "NN"
            and tok.lower_ in lexicon.person_roles
            and not ctx.quoted[tok.i]
            and gender is not None
            and lexicon.role_genders.get(tok.lower_) == gender
            and any(c.dep_ == "det" and c.lower_ in lexicon.indefinite for c in tok.children)
            and (ctx.is_cue(tok.head) or ctx.is_cue(tok.head, reporting=True))
            and not any(  # "A policewoman said she was calm": that "she" is somebody else
                t.lower_ in lexicon.person_pronouns and lexicon.person_pronouns[t.lower_] == gender
                for t in tok.head.subtree
                if t.i > tok.i
            )
        ):
            found = tok
    return found


def _noun_gender(ctx: DocContext, noun: Token) -> str | None:
    """The gender a person noun shows: the lexicon's ("spokeswoman"), else its article's or its own grammar ("la juge").

    The article first: a noun of either gender ("la ministre") may be tagged with the other.
    """
    known = ctx.lexicon.role_genders.get(noun.lower_)
    if known is not None:
        return known
    for tok in (*(c for c in noun.children if c.dep_ == "det"), noun):
        shown = {_NOUN_GENDERS.get(g) for g in tok.morph.get("Gender", [])} - {None}
        if len(shown) == 1:
            return shown.pop()
    return None


def _national_named(ctx: DocContext, head: Token, history: Sequence[tuple[int, EntityMention]]) -> EntityMention | None:
    """The person a nationality with an article of one gender stands for ("le Finlandais", "la Zambienne").

    French calls a person named before by their nationality; the article shows one person of one
    gender (not "les Britanniques", nor English "the French", whose article shows neither). The person
    meant must be one the article gives that nationality with the same word next to their name
    ("l'attaquant finlandais Aleksi Virtanen"); else nobody named is.
    """
    gender = _noun_gender(ctx, head) if ctx.parsed else None
    if (
        gender is None
        or "Plur" in head.morph.get("Number", [])
        or not any(c.dep_ == "det" and c.lower_ in ctx.lexicon.definite for c in head.children)
    ):
        return None
    person = _resolve(ctx, head.idx, frozenset({"PERSON"}), None, history, gender)
    if person is None:
        return None
    # Only one the article gives that nationality by the same word next to a mention of them ("l'attaquant
    # finlandais Aleksi Virtanen", "la Zambienne Chileshe Mwansa"), not whoever was named last.
    nation = head.lower_
    for m in ctx.mentions:
        if m.key != person.key or ctx.in_quote(m.start):
            continue
        first, last = ctx.token_at(m.start), ctx.token_at(max(m.end - 1, m.start))
        if any(t.lower_ == nation and t.i != head.i for t in ctx.doc[max(0, first - 3) : last + 4]):
            return person
    return None


_ADDRESSEE_DEPS: Final = frozenset({"obj", "iobj", "dobj", "dative", "obl:arg"})
_ADDRESSEE_PRONOUNS: Final = frozenset({"lui", "leur", "him", "her", "them"})
"""Object pronouns that stand for people only ("lui a demandé", "asked him"); "l'", "le", "it" may be a thing."""


def _addresses_someone(verb: Token) -> bool:
    """Tell a clause whose verb has a person's pronoun for its object ("lui a demandé", "asked him").

    Whoever answers next is more likely the one addressed than the one asking.
    """
    return any(c.dep_ in _ADDRESSEE_DEPS and c.lower_ in _ADDRESSEE_PRONOUNS for c in verb.children)


_PASSIVE_SUBJECT_DEPS: Final = frozenset({"nsubjpass", "nsubj:pass"})


def _quote_before_incise(ctx: DocContext, pronoun: Token) -> tuple[int, int] | None:
    """The tokens of the quote an inverted incise comes right after (« … », a-t-elle déclaré), from its opening mark."""
    k = _verb_group_start(pronoun.head)
    while k > 0 and ctx.doc[k - 1].is_punct and not ctx.quoted[k - 1]:
        k -= 1
    if k == 0 or not ctx.quoted[k - 1]:
        return None
    end = k
    while k > 0 and (ctx.quoted[k - 1] or ctx.doc[k - 1].is_quote):
        k -= 1
    return k, end


def _speaks_of(ctx: DocContext, words: Span, gender: str | None) -> bool:
    """Tell quoted words with a subject pronoun of ``gender`` ("Elle avait …") and none of the first person."""
    lexicon = ctx.lexicon
    third = any(lexicon.person_pronouns.get(t.lower_) == gender and t.dep_ in SUBJECT_DEPS for t in words)
    return third and not any(t.lower_ in lexicon.first_person for t in words)


def _inverted(pronoun: Token) -> bool:
    """Tell a subject pronoun after its verb or auxiliary ("a-t-il précisé", "estime-t-elle")."""
    return pronoun.i > _verb_group_start(pronoun.head)


def _verb_group_start(verb: Token) -> int:
    """The first token of a verb with its auxiliaries ("a" of "a-t-il précisé")."""
    return min([verb.i, *(c.i for c in verb.children if c.dep_.startswith("aux"))])


def _unnamed_subject_before(
    ctx: DocContext, pronoun: Token, gender: str | None, ent: EntityMention | None,
    history: Sequence[tuple[int, EntityMention]],
) -> Token | None:  # fmt: skip
    """An unnamed person a pronoun continues: the subject of the sentence before it, brought in after the named one.

    "Jean Dupont a été condamné. La procureure avait requis davantage. Selon elle, « … »": "elle" is
    the prosecutor, the last main-clause subject that agrees with the pronoun, named after anyone
    the pronoun could otherwise mean. The noun's gender (from the lexicon or the grammar) must be
    the pronoun's, or unknown where no named person agrees with the pronoun ("the prosecutor" for
    "she" after only "John Doe"). Only a noun the article gives no name is taken: a role its text
    resolves to a person ("the president", once "President Ames" is named) is that person. A subject
    whose verb addresses somebody by a pronoun is passed over: the one addressed answers ("Un
    journaliste lui a demandé … « … », a-t-il répondu").
    """
    if not ctx.parsed or gender is None:
        return None
    since = -1
    if ent is not None:
        # the named one's last mention before the pronoun, read back from it (it is near: _resolve found it)
        below = bisect.bisect_left(ctx.mention_starts, pronoun.idx)
        named = next(
            (
                m.start
                for m in (ctx.mentions[k] for k in range(below - 1, -1, -1))
                if m.key == ent.key and not ctx.in_quote(m.start)
            ),
            -1,
        )
        said = [off for off, e in history if e.key == ent.key and off < pronoun.idx]
        since = max([named, *said])
    k = ctx.sentence_before(pronoun.i)
    own = ctx.sent_bounds[ctx.sent_of[pronoun.i]][0]
    lo = ctx.sent_bounds[k][0] if k >= 0 else own
    # The subject of an incise after its verb ("…, a-t-il précisé") reports its sentence's words: their
    # subject is what is reported on ("Le chauffeur, légèrement blessé, a été soumis à des dépistages"),
    # unless the words reported are a quote right before the incise ("La victime a fondu en larmes.
    # « Il me terrorisait », a-t-elle déclaré", one sentence for the parse): narration before it counts.
    end = pronoun.i
    spoken_of = False
    if _inverted(pronoun):
        quote = _quote_before_incise(ctx, pronoun)
        end = own if quote is None else max(own, quote[0])
        # "L'étudiante disparue a été retrouvée. « Elle avait coupé son téléphone », a-t-elle expliqué": a
        # quote that speaks of a "she" and never in the first person is not by the one something happened to
        spoken_of = quote is not None and _speaks_of(ctx, ctx.doc[quote[0] : quote[1]], gender)
    found = None
    for tok in ctx.doc[lo:end]:
        clause = tok.head
        if (
            tok.dep_ in SUBJECT_DEPS
            and tok.idx > since
            and tok.pos_ == "NOUN"
            and "Plur" not in tok.morph.get("Number", [])
            and tok.tag_ != "NNS"
            and not ctx.quoted[tok.i]
            and (clause.head.i == clause.i or (clause.dep_ == "conj" and clause.head.head.i == clause.head.i))
            and person_noun(ctx, tok)
            and any(c.dep_ in {"det", "poss"} for c in tok.children)
            and _noun_gender(ctx, tok) in ({gender} if ent is not None else {gender, None})
            and ctx.mention_at(tok.idx, tok.idx + len(tok)) is None
            and not _named_role(ctx, tok)
            and not _addresses_someone(clause)
            and not (spoken_of and tok.dep_ in _PASSIVE_SUBJECT_DEPS)
        ):
            meant = speaker_of(ctx, tok, history)
            if meant is None or meant.key is None:
                found = tok
            elif ent is not None and meant.key == ent.key:
                found = None
            else:
                person = ctx.by_key.get(meant.key)
                # "the prosecutor" the resolver gave a man's name is no "she"
                found = tok if person is not None and ctx.gender(person) not in {None, gender} else None
    return found


def _unnamed_person(ctx: DocContext, speaker: Speaker) -> EntityMention | None:
    """An unnamed speaker described by a singular person role ("a defense ministry spokesman"), as an antecedent.

    ``"…," said a defense ministry spokesman. He said that …``: "he" is the spokesman, not a person
    named sentences before. The description gets a placeholder key ("?:…"), as untyped names do.
    """
    if not ctx.parsed or speaker.start is None or speaker.end is None or speaker.mention is None:
        return None
    phrase = ctx.doc.char_span(speaker.start, speaker.end, alignment_mode="expand")
    if phrase is None:
        return None
    head = phrase.root  # "a spokeswoman for the grocery workers' union": the spokeswoman
    if head.tag_ != "NN" or head.lower_ not in ctx.lexicon.person_roles or ctx.quoted[head.i]:
        return None
    return EntityMention(
        text=speaker.mention, label="PERSON", start=speaker.start, end=speaker.end,
        canonical=speaker.name, key="?:" + speaker.name.lower(),
    )  # fmt: skip
