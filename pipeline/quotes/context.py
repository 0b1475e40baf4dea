"""The per-document context of quote attribution: lookups over a parsed ``Doc`` and its entities."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Hashable, Iterator, Sequence
from typing import Any, Final

from spacy.tokens import Doc, Span, Token

from pipeline.names import surname
from pipeline.quotes.lexicon import QuoteLexicon
from schemas.articles import EntityMention, Speaker

__all__ = ["EUPHONIC_T", "PROPER_TAGS", "RELATIVE_DEPS", "SUBJECT_DEPS", "DocContext", "stripped_end"]

SUBJECT_DEPS: Final = frozenset({"nsubj", "nsubjpass", "nsubj:pass"})
"""Dependency labels of a verb's subject (the English model's, and the Universal Dependencies' passive)."""
RELATIVE_DEPS: Final = frozenset({"relcl", "acl", "acl:relcl"})
"""Dependency labels of a clause on a noun: the English model's, and the Universal Dependencies' relative."""
PROPER_TAGS: Final = frozenset({"NNP", "NNPS", "PROPN"})
"""Fine-grained tags of proper nouns: Penn (English model) and universal POS (French model)."""
_TITLE_TOKENS: Final = 6
_HYPHENS: Final = frozenset({"-", "\u2010", "\u2011"})
_AGED_RE: Final = re.compile(r",\s*(?:aged\s+)?\d{1,3}\s*,")
"""Words read back from a name for its title ("Ohio Lt. Gov. Jon Husted")."""
_APPOSITION_TOKENS: Final = 8
"""Words read in an apposition after a name for its title ("Maria Lopez, a Democrat from Ohio,")."""
_FRONTED_SUBJECT_TOKENS: Final = 10
"""Longest subject read after a fronted speech verb ("Said the head of the regional health board:")."""


def stripped_end(text: str, offset: int, chars: str | None = None) -> int:
    """Where ``text[:offset].rstrip(chars)`` ends, found by stepping back instead of copying the text.

    Attribution asks this about every quote ("does a colon come right before it?"): a copy of
    the prefix each time would make a long article with many quotes quadratic.
    """
    k = offset
    while k > 0 and (text[k - 1].isspace() if chars is None else text[k - 1] in chars):
        k -= 1
    return k


# The subject pronouns French writes after the verb of an incise, hyphenated ("-t" of "a-t-il" too).
EUPHONIC_T: Final = frozenset({"-t", "-t-"})
"""The "-t-" French puts between a verb and its inverted pronoun ("a-t-elle dit")."""
_INVERTED_CLITICS: Final = EUPHONIC_T | {"-il", "-elle", "-ils", "-elles", "-on"}


class DocContext:
    """Per-document lookups for quote attribution over a parsed ``Doc``.

    Holds token offsets, which tokens are quoted, sentence bounds, the entity mentions, proper-noun
    subjects the NER missed, and the role nouns resolved so far (the one mutable part: it fills up
    while the quotes of the document are attributed).

    Args:
        doc: The parse of the clean body (may lack a parse, tags or sentences).
        entities: The article's entity mentions.
        spans: The sorted (start, end) content offsets of the quotes (``find_quote_marks``).
        lexicon: The word lists to apply.
    """

    def __init__(
        self, doc: Doc, entities: Sequence[EntityMention], spans: Sequence[tuple[int, int]], lexicon: QuoteLexicon
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.text = doc.text
        self.tok_starts = [t.idx for t in doc]
        self.spans = list(spans)
        self.span_starts = [a for a, _ in spans]
        self.span_ends = [b for _, b in spans]
        self._span_reach = list(itertools.accumulate(self.span_ends, max))
        """The furthest end of the spans up to each one (spans may nest): ``quote_covers``, ``quote_overlaps``."""
        self.blocks: list[tuple[int, int]] = []
        """Paragraphs found to be quoted without marks (``add_block``): quoted like ``spans``."""
        self._narration: dict[int, bool] = {}
        self.quoted = [self.in_quote(t.idx) for t in doc]
        self._marked = tuple(self.quoted)
        """``quoted`` before any block quote: what ``titles_of`` reads, so a title is the same whenever it is asked."""
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
        self._bound: dict[str, str] = {}
        self._by_clauses: set[str] = set()  # keys whose gender only the pronouns of their clauses show
        self._titles: dict[tuple[int, int, str], frozenset[str]] = {}
        self.turns: dict[int, tuple[int, Speaker | None]] | None = None  # speakers.transcript_turns
        self.memo: dict[Hashable, Any] = {}
        """Document-wide indexes the attribution builds once instead of scanning the document at each
        question (a long text asks thousands): cleared by ``add_block``, since they read what is quoted."""
        first_break = self.text.find("\n")
        self.first_line_end = len(self.text) if first_break < 0 else first_break
        """End of the text's first line (its headline, when it is one)."""

    def gender(self, ent: EntityMention) -> str | None:
        """The grammatical gender ("m"/"f") of a person, or None when unknown.

        Evidence, strongest first: an honorific right before any mention of the same entity ("Mr.",
        "Ms."); the first word of the canonical name in the lexicon's first names; the pronouns the
        person's own clauses bind (``_bound_genders``). An untyped subject shares the gender of the
        person of that surname.
        """
        if self._genders is None:
            genders: dict[str, str | None] = {}
            for m in self.mentions:
                if m.label != "PERSON":
                    continue
                hon = self.lexicon.honorific_re.search(self.text[max(0, m.start - 8) : m.start])
                if hon is not None and hon.group(1).lower() not in self.lexicon.neutral_honorifics:
                    genders[m.key] = self.lexicon.honorific_genders.get(hon.group(1).lower(), "f")
            self._genders = genders
            self._bound = self._bound_genders()
        if ent.key in self._genders:
            return self._genders[ent.key]
        if ent.key.startswith("?:"):
            # An untyped subject ("Okafor thanked …") shares the gender of the person of that surname.
            last = surname(ent.text.split()).lower()
            for m in self.mentions:
                if m.label == "PERSON" and surname(m.canonical.split()).lower() == last:
                    found_by_name = self.gender(m)
                    self._genders[ent.key] = found_by_name
                    if m.key in self._by_clauses:
                        self._by_clauses.add(ent.key)
                    return found_by_name
        words = ent.canonical.split()
        found = self.lexicon.first_names.get(words[0].lower()) if len(words) > 1 else None
        if found is None:
            found = self._bound.get(ent.key)
            if found is not None:
                self._by_clauses.add(ent.key)
        self._genders[ent.key] = found
        return found

    def named_gender(self, ent: EntityMention) -> str | None:
        """The gender an honorific or the first name shows: ``gender`` without the pronouns' evidence."""
        found = self.gender(ent)
        return None if ent.key in self._by_clauses else found

    def _bound_genders(self) -> dict[str, str]:
        """Genders shown by pronouns a person's own clause binds, outside quotes.

        In "Omar said she would not attend" or "Zara cried, and her rash got worse", the subject of
        a clause below or beside the person's own (or that subject's possessive) refers to the person
        when the sentence names no other. Pronouns inside objects are left out: "met the widow and
        her son" says nothing of who met them. A person whose clauses bind both genders gets none.
        """
        votes: dict[str, set[str]] = {}
        if not self.parsed:
            return {}
        pronouns = self.lexicon.bound_pronouns
        for m in self.mentions:
            if m.label != "PERSON" or self.in_quote(m.start):
                continue
            head = self.doc[self.token_at(m.end - 1)]
            if head.dep_ not in SUBJECT_DEPS or head.head.i == head.i:
                continue
            clause = head.head
            if any(o.label == "PERSON" and o.key != m.key for o in self.mentions_within(*self.sent_span(head.i))):
                continue  # another person in the sentence: the pronoun may be theirs
            for tok in clause.subtree:
                if tok.i <= head.i or self.quoted[tok.i] or tok.lower_ not in pronouns:
                    continue
                subject = tok if tok.dep_ in SUBJECT_DEPS else tok.head if tok.dep_ == "poss" else None
                if subject is not None and subject.dep_ in SUBJECT_DEPS and subject.head.i != clause.i:
                    votes.setdefault(m.key, set()).add(pronouns[tok.lower_])
        return {key: next(iter(gs)) for key, gs in votes.items() if len(gs) == 1}

    def _proper_subjects(self) -> list[EntityMention]:
        """Proper-noun subjects the NER missed ("Big Machine have denied"): antecedents of any type.

        They get the placeholder label ORG (PERSON when an age follows: "Goh, 52,") and a key starting
        with "?:"; speakers built from them carry no key.
        """
        out: list[EntityMention] = []
        if not self.parsed:
            return out
        for tok in self.doc:
            if self.quoted[tok.i]:
                continue
            if tok.dep_ not in SUBJECT_DEPS or tok.tag_ not in PROPER_TAGS:
                if not self._bare_name_before_verb(tok):
                    continue
            if self.mention_at(tok.idx, tok.idx + len(tok)) is not None:
                continue
            if tok.text.islower() or not any(c.isalpha() for c in tok.text):
                # a name has a capital: "the march stopped" is a noun the tagger called proper, and a
                # quote mark it called one ("« … » insisted John Smith") is no name at all
                continue
            lo = tok.i
            while lo > 0 and self.doc[lo - 1].dep_ == "compound" and self.doc[lo - 1].tag_ in PROPER_TAGS:
                lo -= 1
            span = self.doc[lo : tok.i + 1]
            # "Goh, 52, pleaded guilty": a name given an age is a person's (then "the police said" is not Goh)
            label = "PERSON" if _AGED_RE.match(self.text, span.end_char) else "ORG"
            first = next((t.i for t in span[:-1] if t.lower_ in self.lexicon.first_names), None)
            if first is not None and self._surnames(self.doc[first + 1 : tok.i + 1]):
                # "Local MSP Ewan Dalgleish said": a first name and a surname are a person's name; the
                # words before it are the title.
                span, label = self.doc[first : tok.i + 1], "PERSON"
            out.append(
                EntityMention(
                    text=span.text, label=label, start=span.start_char, end=span.end_char,
                    canonical=span.text, key="?:" + span.text.lower(),
                )
            )  # fmt: skip
        return out

    def _surnames(self, words: Span) -> bool:
        """Tell words that may be a surname after a first name: one or two singular proper nouns, no body's word.

        "Hope Ministries" and "Grace Community Church" are no people.
        """
        lexicon = self.lexicon
        return len(words) <= 2 and all(
            w.tag_ == "NNP" and w.lower_ not in lexicon.org_roles and w.lower_ not in lexicon.person_roles
            for w in words
        )

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
            and verb.lower_ in self.lexicon.speech_verbs
            and verb.tag_ in {"VBZ", "VBD"}
            and not any(c.dep_ in SUBJECT_DEPS for c in verb.children)
        )

    def untyped_at(self, start: int) -> EntityMention | None:
        """The untyped proper-noun subject starting at character ``start``, if any."""
        k = bisect.bisect_left(self.untyped_starts, start)
        if k < len(self.untyped) and self.untyped[k].start == start:
            return self.untyped[k]
        return None

    def in_quote(self, offset: int) -> bool:
        """Tell whether character ``offset`` lies inside a quote's content (marked, or a block quote)."""
        k = bisect.bisect_right(self.span_starts, offset) - 1
        if k >= 0 and self.spans[k][0] <= offset < self.spans[k][1]:
            return True
        k = bisect.bisect_right(self.blocks, (offset, len(self.text))) - 1
        return k >= 0 and self.blocks[k][0] <= offset < self.blocks[k][1]

    def quote_covers(self, start: int, end: int) -> bool:
        """Tell whether one marked quote's content holds all of ``[start, end)``."""
        k = bisect.bisect_right(self.span_starts, start) - 1
        return k >= 0 and self._span_reach[k] >= end

    def quote_overlaps(self, start: int, end: int) -> bool:
        """Tell whether a marked quote's content overlaps ``[start, end)``."""
        k = bisect.bisect_left(self.span_starts, end) - 1
        return k >= 0 and self._span_reach[k] > start

    def add_block(self, start: int, end: int) -> None:
        """Count the paragraph [start, end) as quoted from now on: its names are not antecedents or speakers.

        A block quote is found only after the marked quotes are attributed, so it joins the quoted
        text while the document is read: a pronoun after it resolves to a person outside it.
        """
        bisect.insort(self.blocks, (start, end))
        self._narration.clear()
        self.memo.clear()
        for i in range(self.token_at(start), len(self.doc)):
            if self.doc[i].idx >= end:
                break
            self.quoted[i] = True

    def is_narration(self, sent: int) -> bool:
        """Tell whether sentence ``sent`` has a word outside quotes (remembered until a block quote is added)."""
        found = self._narration.get(sent)
        if found is None:
            lo, hi = self.sent_bounds[sent]
            found = self._narration[sent] = any(self.doc[i].is_alpha and not self.quoted[i] for i in range(lo, hi))
        return found

    def token_at(self, offset: int) -> int:
        """Index of the token containing (or starting after) character ``offset``."""
        return min(max(bisect.bisect_right(self.tok_starts, offset) - 1, 0), max(len(self.doc) - 1, 0))

    def sentence_before(self, tok: int) -> int:
        """Index of the last sentence before token ``tok``'s that holds a word (-1 if none)."""
        k = self.sent_of[tok] - 1
        while k >= 0 and all(t.is_space or t.is_punct for t in self.doc[slice(*self.sent_bounds[k])]):
            k -= 1
        return k

    def sentence_root(self, k: int) -> Token | None:
        """The root of sentence ``k`` (None for an empty one)."""
        lo, hi = self.sent_bounds[k]
        return next((t for t in self.doc[lo:hi] if t.head.i == t.i), None)

    def sent_span(self, tok: int) -> tuple[int, int]:
        """Character bounds of the sentence holding token ``tok``."""
        lo, hi = self.sent_bounds[self.sent_of[tok]]
        return self.doc[lo].idx, self.doc[hi - 1].idx + len(self.doc[hi - 1])

    def apposed_after_name(self, name: Token) -> bool:
        """Tell a name in apposition whose noun has another person's name apposed before it.

        "par la députée Isabelle Fontaine, le ministre …, Philippe Gérardy, a reconnu": the parse hangs
        both names on "députée", which titles the first only.
        """
        return any(
            c.dep_ == "appos"
            and c.i < name.i
            and (m := self.mention_at(c.idx, c.idx + len(c))) is not None
            and m.label == "PERSON"
            for c in name.head.children
        )

    def titles_of(self, m: EntityMention) -> frozenset[str]:
        """The words that title a mention: before it, in it, or in an apposition (lower case).

        "Judge Helen Osei", "Gov. Patricia Wendell" (abbreviations spelt out: "governor"), "Linda
        Okafor, the mayor,", "Frank Dolan, president of the union", "the mayor, Colette Ruane,". The
        words before a name are its title only up to a verb or a clause boundary: in "Judge Osei
        sentenced Ray Benton" "judge" titles Osei, not Benton. Words inside marked quotes are no
        title; a block quote's are (its names' titles are read as its words give them, whenever asked).
        """
        cache_key = (m.start, m.end, m.key)
        found = self._titles.get(cache_key)
        if found is not None:
            return found
        words = [w.lower() for w in m.text.split()]
        tag = None if self.lexicon.party_tag_re is None else self.lexicon.party_tag_re.match(self.text, m.end)
        if tag is not None:
            # "Sen. Thomas Harrow (R-Texas)": US copy's party and state describe the person.
            words += self.lexicon.party_tags.get(tag.group(1).lower(), ())
            words += self.lexicon.regions.get(tag.group(2).strip().lower(), ())
        if self.doc:
            doc = self.doc
            lo, hi = self.token_at(m.start), self.token_at(max(m.end - 1, m.start))
            i = lo - 1
            while i >= 0 and lo - i <= _TITLE_TOKENS and "\n" not in doc[i].text_with_ws:
                tok = doc[i]
                if tok.text == "." and i > 0 and doc[i - 1].lower_ in self.lexicon.title_abbreviations:
                    i -= 1
                    continue
                if tok.text in _HYPHENS and i > 0 and not doc[i - 1].whitespace_ and not tok.whitespace_:
                    i -= 1  # a hyphen inside a title word: "Lieutenant-General", "Attorney-General"
                    continue
                if tok.is_punct or tok.pos_ in {"VERB", "AUX", "ADP", "CCONJ", "SCONJ", "PRON"} or self._marked[i]:
                    break
                words.append(tok.lower_)
                i -= 1
            k = hi + 1
            place = doc[k + 1] if k + 1 < len(doc) and doc[k].lower_ in self.lexicon.place_preps else None
            if place is not None and place.ent_iob_ == "B" and place.ent_type_ == "GPE":
                # "Sen. Caroline Ashford of Nevada": the place whose office the person holds.
                j = place.i + 1
                while j < len(doc) and doc[j].ent_iob_ == "I":
                    j += 1
                words.extend(t.lower_ for t in doc[place.i : j])
            # The French parse may head a name by its honorific ("Mme Sandrine Cazals": "Mme").
            first = lo - 1 if lo > 0 and self.lexicon.honorific_re.search(doc[lo - 1].text_with_ws) else lo
            if k < len(doc) and doc[k].text == "," and "\n" not in doc[hi].text_with_ws:
                # Only an apposition the parse hangs on the name ("Linda Okafor, the mayor,"), not the
                # clause after it ("After meeting Frank Dolan, the governor said").
                window = doc[k + 1 : k + 1 + _APPOSITION_TOKENS]
                if any(t.dep_ == "appos" and first <= t.head.i <= hi for t in window):
                    for tok in window:
                        if tok.is_punct or tok.pos_ in {"VERB", "AUX"} or self._marked[tok.i] or "\n" in tok.text:
                            break
                        words.append(tok.lower_)
            name = doc[hi]  # the name's head: its last word, or in French its first ("Gérard" of "Gérard Pujol")
            while name.dep_ in {"flat", "flat:name"} and lo <= name.head.i < name.i:
                name = name.head
            role = name.head
            plain = all(c.dep_ in {"det", "poss", "case"} or c.tag_ in {"NNP", "NNPS"} for c in role.lefts)
            # The French parse may make a name set off by commas a conjunct of the role noun before it
            # ("La victime, Yanis Benali, 22 ans, garde …"): one with no conjunction, and no list.
            listed = name.dep_ == "conj" and (
                doc[name.i - 1].text != ","
                or any(
                    c.i != name.i and (c.dep_ == "cc" or (c.dep_ == "conj" and c.pos_ == "PROPN"))
                    for c in (*role.children, *name.children)
                )
            )
            if (
                (name.dep_ == "appos" or (name.dep_ == "conj" and not listed))
                and role.i < lo
                and role.pos_ == "NOUN"
                and plain
                and not self._marked[role.i]
                and not self.apposed_after_name(name)
            ):
                # "Dunmore's mayor, Colette Ruane,": the name in apposition to a role noun before it; not
                # "the city's former mayor, Ed Pike," nor "the deputy mayor", who hold another office.
                words.extend(c.lower_ for c in role.lefts if c.dep_ == "compound")
                words.append(role.lower_)
            elif lo >= 2 and doc[lo - 1].text == "," and not self._marked[lo - 2] and self.lexicon.inverted_subjects:
                # "a lancé le procureur, Alain Sarrazin, …": the French parse hung the name on the verb
                # as a second object, but the role noun right before its comma is what the name is set
                # beside. Not a name that goes on into a list ("le maire, Paul Ravel et …"), nor one of
                # another clause ("Après avoir remercié le maire, Paul Ravel a pris la parole").
                before = doc[lo - 2]
                lexicon = self.lexicon
                after = doc[hi + 1] if hi + 1 < len(doc) else None
                if (
                    (after is None or after.text in {",", "."} or after.is_sent_end)
                    and name.dep_ not in SUBJECT_DEPS
                    and name.dep_ != "conj"
                    and before.head.i == name.head.i
                    and before.pos_ == "NOUN"
                    and before.is_lower
                    and (before.lower_ in lexicon.person_roles or before.lower_ in lexicon.offices)
                    and all(c.dep_ in {"det", "poss"} for c in before.lefts)
                ):
                    words.append(before.lower_)
        abbreviations = self.lexicon.title_abbreviations
        found = frozenset(abbreviations.get(w.rstrip("."), w) for w in words)
        self._titles[cache_key] = found
        return found

    def titled(self, m: EntityMention, role: str) -> bool:
        """Tell whether ``role`` (or a title meaning the same) titles the mention ("the governor": "Gov. Wendell")."""
        titles = self.titles_of(m)
        return role in titles or not titles.isdisjoint(self.lexicon.role_equivalents.get(role, ()))

    def mention_at(self, start: int, end: int) -> EntityMention | None:
        """The entity mention overlapping characters [start, end), if any."""
        k = bisect.bisect_right(self.mention_starts, end - 1) - 1
        if k >= 0 and self.mentions[k].end > start:
            return self.mentions[k]
        return None

    def mentions_within(self, start: int, end: int) -> list[EntityMention]:
        """Entity mentions lying inside characters [start, end), quoted or not."""
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        return [m for m in self.mentions[lo:hi] if m.end <= end]

    def mentions_between(self, start: int, end: int) -> Iterator[EntityMention]:
        """Entity mentions starting in [start, end) that are not inside quotes."""
        lo = bisect.bisect_left(self.mention_starts, start)
        hi = bisect.bisect_left(self.mention_starts, end)
        for m in self.mentions[lo:hi]:
            if not self.in_quote(m.start):
                yield m

    def is_cue(self, tok: Token, *, reporting: bool = False) -> bool:
        """Tell whether a token is a speech verb outside quotes (a cue of quoted words).

        Besides the speech verbs: a document verb whose subject is a message or document ("the
        letter read"), and "put" in "as X put it". With ``reporting``, the question is whether it
        is a verb reporting a statement without marks (``lexicon.reporting_verbs``).
        """
        if self.quoted[tok.i]:
            return False
        lexicon = self.lexicon
        causatives = lexicon.causative_cues.get(tok.lower_)
        if causatives is not None:
            # "savoir" reports only when something is made known ("a fait savoir que …"), and not when that
            # is denied ("n'a pas fait savoir si …", as "n'a pas dit si …").
            made = tok.head if tok.head.lower_ in causatives else self.doc[tok.i - 1] if tok.i > 0 else tok
            if made.lower_ not in causatives or any(
                "Neg" in c.morph.get("Polarity", []) for c in (*made.children, *tok.children)
            ):
                return False
        if reporting:
            if tok.lower_ not in lexicon.reporting_verbs:
                return False
        elif tok.lower_ in lexicon.document_verbs or tok.lower_ in lexicon.as_it_verbs:
            return self.parsed and self._special_cue(tok)
        elif tok.lower_ not in lexicon.speech_verbs:
            return lexicon.inverted_subjects and self._unlisted_incise(tok)
        if not self.tagged or tok.tag_.startswith(self.lexicon.verb_tags):
            return True
        if self.lexicon.inverted_subjects and (self._in_incise(tok) or self._compound_tense(tok)):
            return True
        if self.fronted_subject(tok) is not None:
            return True  # "Said Bernie Sanders:" read as part of a name
        if tok.tag_ not in {"NN", "NNS", "NOUN"}:
            return False
        # "with Foreign Minister Ayman Safadi warning of …": the participle mis-tagged as a noun;
        # "the bylaws state that …", "Son président demande au gouvernement d'étaler …": a verb tagged as
        # a noun, but parsed with a subject and a clause or an infinitive.
        kids = {c.dep_ for c in tok.children}
        return (tok.lower_.endswith("ing") and any(c.dep_ == "compound" and c.tag_ == "NNP" for c in tok.children)) or (
            bool(kids & SUBJECT_DEPS) and bool(kids & {"ccomp", "xcomp"})
        )

    def _compound_tense(self, tok: Token) -> bool:
        """Tell a speech-verb form right after an auxiliary: French's past tense ("a réagi", tagged ADJ by the small model).

        (English "are worried" is an adjective after its copula: English taggers tell the two apart.)
        """
        return tok.i > 0 and self.doc[tok.i - 1].pos_ == "AUX" and not self.quoted[tok.i - 1]

    def _unlisted_incise(self, tok: Token) -> bool:
        """Tell a verb no speech-verb list holds that an incise makes one ("», a justifié le PDG", "», balaie-t-il").

        French attributes a quote with a clause of its own after the closing mark and a comma, its
        verb first and its subject after it; any verb can take that place ("a tempéré", "a pesté",
        "balaie-t-il"). The syntax is the cue: right after the mark and comma (past an auxiliary), a
        verb with an inverted pronoun, or a noun phrase right after it (the parse's subject or object)
        after a quote no word of the sentence leads into (in "Il a lu « … », a déchiré le document et
        …" the verb goes on with the sentence's own subject).
        """
        if not self.parsed or tok.pos_ != "VERB" or not self._in_incise(tok):
            return False
        doc = self.doc
        before = tok.i - 1
        while before >= 0 and (doc[before].pos_ == "AUX" or doc[before].lower_ in _INVERTED_CLITICS):
            before -= 1
        if not (before >= 1 and doc[before].text == "," and doc[before - 1].text in {"»", "”", '"', "›"}):
            return False
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if after is not None and after.lower_ in _INVERTED_CLITICS:
            return True  # "balaie-t-il": an incise whatever comes before the quote
        if not self._stands_alone(doc[before - 1]):
            return False  # "Le président a cité « … », a remercié Jean Dupont et a quitté l'estrade"
        return any(
            c.dep_ in {"nsubj", "obj"}
            and c.pos_ in {"NOUN", "PROPN"}
            and c.left_edge.i == tok.i + 1
            and c.lower_ not in self.lexicon.time_nouns
            for c in tok.rights
        )

    def _stands_alone(self, close: Token) -> bool:
        """Tell whether the quote a closing mark ends follows punctuation or a line's start, not a word.

        "Sa réponse est sans appel : « … »", "Au téléphone, « … »", "— « … »"; not "Le président a cité
        « … »" nor "La phrase « … »", where the quote is a word of the sentence.
        """
        k = bisect.bisect_right(self.span_starts, close.idx) - 1
        if k < 0 or self.spans[k][1] < close.idx - 2:
            return False
        before = self.text[: self.spans[k][0]].rstrip(" \t\xa0\u202f«“\"'‘„")
        return not before or not before[-1].isalnum()

    def _in_incise(self, tok: Token) -> bool:
        """Tell a speech-verb form that the syntax of an incise or an introduction makes a verb, whatever its tag.

        French inverts the subject of the verb that attributes a quote: a word followed by a
        hyphenated subject pronoun ("lâche-t-il", "sourit-elle") is a verb, and so is one right
        after a quote's closing mark and comma ("», raconte Sofia"), one a colon and an opening
        mark follow ("Il s'inquiète : « … »"), or one "que" follows ("espère que …"): the small
        model tags such words as nouns or adjectives.
        """
        doc = self.doc
        after = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if after is not None and after.lower_ in _INVERTED_CLITICS:
            return True
        before = tok.i - 1  # past the auxiliary and the inverted pronoun of "», a-t-il souri"
        while before >= 0 and (doc[before].pos_ == "AUX" or doc[before].lower_ in _INVERTED_CLITICS):
            before -= 1
        if before >= 1 and doc[before].text == "," and doc[before - 1].text in {"»", "”", '"', "›"}:
            return True
        if after is not None and after.text == ":" and tok.i + 2 < len(doc) and doc[tok.i + 2].text in {"«", "“", '"'}:
            return True
        # "Le maire espère que …", "Une étude montre que …" (tagged ADJ): a clause's complementizer
        # follows a verb, not a noun after its article ("la montre que j'ai achetée").
        return (
            after is not None
            and after.lower_ in self.lexicon.complementizers
            and (tok.i == 0 or doc[tok.i - 1].pos_ != "DET")
        )

    def fronted_subject(self, tok: Token) -> tuple[int, int] | None:
        """The subject after a speech verb that opens its sentence before a quote: ``Said Bernie Sanders: "…"``.

        News writing fronts the verb and puts its subject, then a colon or comma, before the quoted
        words. The tagger often reads the capitalised verb as the first word of a name. Returns the
        subject's token range, which must start with a determiner, adjective or noun and hold no verb.
        """
        doc = self.doc
        if not tok.text[:1].isupper() or tok.lower_ not in self.lexicon.fronted_verbs:
            return None  # "State Rep. John Harlow:", "Warning signs:": no finite speech verb
        if tok.i > 0 and doc[tok.i - 1].text not in {".", "!", "?"} and "\n" not in doc[tok.i - 1].text_with_ws:
            return None
        first = tok.i + 1
        if first >= len(doc) or doc[first].pos_ not in {"DET", "ADJ", "NOUN", "PROPN"}:
            return None
        for k in range(first, min(first + _FRONTED_SUBJECT_TOKENS, len(doc) - 1)):
            t = doc[k]
            if t.text in {":", ","}:
                nxt = doc[k + 1]
                opens = self.quoted[nxt.i] or (nxt.is_quote and k + 2 < len(doc) and self.quoted[k + 2])
                return (first, k) if k > first and opens else None
            if "\n" in t.text_with_ws or (t.pos_ in {"VERB", "AUX"} and t.tag_ not in PROPER_TAGS):
                return None
        return None

    def _special_cue(self, tok: Token) -> bool:
        """A document verb with a message subject, or an "as X put it" verb."""
        lexicon = self.lexicon
        if tok.lower_ in lexicon.document_verbs:
            sources = lexicon.document_nouns | lexicon.message_nouns
            return any(c.dep_ in SUBJECT_DEPS and c.lower_ in sources for c in tok.children)
        kids = {(c.dep_, c.lower_) for c in tok.children}
        return ("dobj", "it") in kids and ("mark", "as") in kids

    def is_according(self, tok: Token) -> bool:
        """Tell whether a token opens one of the lexicon's source phrases ("according to", "selon")."""
        return self.according_phrase(tok) is not None

    def according_phrase(self, tok: Token) -> tuple[str, ...] | None:
        """The source phrase of the lexicon that starts at ``tok`` ("according", "to"), if any."""
        lower = tok.lower_
        if lower not in self.lexicon.according_firsts:
            return None
        doc = self.doc
        if lower in self.lexicon.fronted_according:
            return (lower,) if self._fronted_source(tok) else None
        for phrase in self.lexicon.according:
            if lower == phrase[0] and tok.i + len(phrase) <= len(doc):
                if all(doc[tok.i + k].lower_ == word for k, word in enumerate(phrase[1:], 1)):
                    return phrase
        return None

    def _fronted_source(self, tok: Token) -> bool:
        """Tell a word that opens its sentence, a phrase and a comma after it, and quoted words after that.

        "Pour Hamidou Abdou, secrétaire général, la réforme « va dans le bon sens »", "Pour Moscou, les
        sanctions sont « illégales »": the quoted words are the named one's, so the phrase is whose view
        it is. Not "Pour financer le projet, …" (a verb), "Pour Kylian Mbappé, ce sera le dernier match"
        (no quoted words: for whom, not whose view), nor "… a plaidé pour une réforme" (not at the head).
        """
        lo, hi = self.sent_bounds[self.sent_of[tok.i]]
        doc = self.doc
        if any(not (doc[k].is_punct or doc[k].is_space) for k in range(lo, tok.i)):
            return False
        for k in range(tok.i + 1, hi):
            if doc[k].text == ",":
                return k > tok.i + 1 and any(self.quoted[j] for j in range(k + 1, hi))
            if doc[k].pos_ in ("VERB", "AUX") or self.quoted[k]:
                return False
        return False
