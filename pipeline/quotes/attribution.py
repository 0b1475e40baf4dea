"""Quote attribution assembled: marked quotes, block quotes, reported speech and their speakers.

``attribute_quotes`` works over a ``DocContext`` in order: each quoted span gets its own cue,
speaker and kind; paragraphs quoted without marks (after a colon, "@handle: …", translations)
become direct quotes; reported statements come from ``reported``; then quotes with no cue take
the issuer of "the following statement", the speaker of the statement right before them, or the
person the sentence before them reports on.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from spacy.tokens import Doc, Span, Token

from pipeline.quotes.context import EUPHONIC_T, SUBJECT_DEPS, DocContext, stripped_end
from pipeline.quotes.lexicon import QuoteLexicon, default_lexicon
from pipeline.quotes.marks import find_quote_marks
from pipeline.quotes.reported import FAMILY_CONFIDENCE, find_reported
from pipeline.quotes.speakers import (
    cited_title,
    cue_after,
    cue_before,
    cue_by_parse,
    dash_byline,
    entity_speaker,
    framed_speaker,
    may_speak,
    people_named,
    possessor_speaker,
    remember,
    speaker_for_cue,
    speaker_label,
    speaker_of,
    subject_of,
    subject_weight,
    transcript_turns,
)
from schemas.articles import EntityMention, Quote, QuoteKind, ReportKind, Speaker

__all__ = ["attribute_quotes"]

_SCARE_MAX_WORDS: Final = 4
_GOES_ON_CHARS: Final = 80
"""Longest attribution between two quotes of one utterance (', said the union's regional director. ')."""
_TITLE_WORD_LETTERS: Final = 4
"""Words this long are capitalized in a title; shorter ones ("to", "the", "with", "is") may not be."""
_TITLE_CONTEXT: Final = 300
"""Characters read on each side of a title-cased quote to tell a headline line from a sentence."""
_SHORT_MAX_HOPS: Final = 5
_CLAUSE_SUBJECTS: Final = frozenset({"nsubj", "nsubjpass", "expl", "csubj"})


def _cue_text(ctx: DocContext, cue: Token) -> str:
    """The cue as reported in a ``Quote``: the verb's text, or the source phrase ("according to", "selon")."""
    phrase = ctx.according_phrase(cue)
    if phrase is None:
        return cue.text
    words = ctx.doc[cue.i : cue.i + len(phrase)]
    return "".join(t.lower_ + (" " if t.whitespace_ else "") for t in words).rstrip()  # "according to", "d'après"


def _is_clause(ctx: DocContext, lo: int, hi: int) -> bool:
    """Tell whether the quote tokens [lo, hi) contain a verb with its subject (a full clause)."""
    if not ctx.parsed:
        return False
    return any(tok.dep_ in _CLAUSE_SUBJECTS and lo <= tok.head.i < hi for tok in ctx.doc[lo:hi])


def _looks_like_name(content: str) -> bool:
    """Tell whether a short quote is a name or title ("Three Amigos", "factcheckUK", "CCHQ Press")."""
    words = re.findall(r"[^\W\d_][\w'’-]*", content)
    return bool(words) and all(w[0].isupper() or any(ch.isupper() for ch in w[1:]) for w in words)


def _title_cased(text: str) -> bool:
    """Tell whether words are written as a title: every word of four letters or more capitalized.

    At least two such words, and a capital first word ("Takin' It to the Streets", "The Medium Is the
    Message"); short function words may stay in lower case.
    """
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    long = [w for w in words if len(w) >= _TITLE_WORD_LETTERS]
    return len(long) >= 2 and words[0][0].isupper() and all(w[0].isupper() for w in long)


def _a_title(ctx: DocContext, start: int, end: int) -> bool:
    """Tell whether a quote is the title of a work ("Dancing with the Stars"), not speech.

    Its words are title-cased and the line around it is not: a headline writes everything so, quotes
    included ("Obama Says His Path 'Leads to a Better Place'"). A sentence introduced by a colon and a
    reply before its speech verb are speech even in title case.
    """
    text = ctx.text
    if not _title_cased(text[start:end]):
        return False
    if _utterance_before_cue(ctx, start, end) and cue_after(ctx, end + 1) is not None:
        return False  # "“It's November,” he said": a reply before its speech verb
    before = text[max(0, start - _TITLE_CONTEXT) : start].rstrip(" \"“„«‘'")
    if before.endswith(":") and text[start:end].rstrip(" ,")[-1:] in {".", "!", "?"}:
        return False  # 'wrote on Twitter: "The Fake News Media Is The Enemy Of The People."': speech
    lo = max(text.rfind("\n", max(0, start - _TITLE_CONTEXT), start) + 1, start - _TITLE_CONTEXT, 0)
    hi = text.find("\n", end, end + _TITLE_CONTEXT)
    line = text[lo:start] + " " + text[end : min(len(text), end + _TITLE_CONTEXT) if hi < 0 else hi]
    return not _title_cased(line)


def _scare_marked(text: str, open_at: int, short: bool, cues: frozenset[str]) -> bool:
    """Tell whether the words before a quote introduce a term rather than speech ("the slogan").

    A phrase that names right before the mark (``_NAMING_PHRASES``: "known as", "charged with", "on
    charges of") marks a term; so does, for short quotes, a word of ``cues`` up to three words back,
    and for longer ones a word of ``cues`` right before the mark ("with the slogan "Meth, we're on it."").
    A cue ending the sentence or paragraph before introduces nothing ("… doubled down on the slogan.
    "Hey Twitter, …," Noem tweeted"), nor one before a comma ("attacked her by name, calling her
    "Spendthrift Lorraine"").
    """
    # This sentence's clause only: a cue before a comma is another clause's ("by name, calling her …").
    window = re.split(r"\n|[.!?]\s|,\s", text[max(0, open_at - 30) : open_at])[-1]
    before = re.findall(r"[\w-]+", window.lower())[-3:]
    if " ".join(before[-2:]) in _NAMING_PHRASES:
        return True
    if not short:
        return bool(before) and before[-1] in cues
    return any(w in cues for w in before)


_NAMING_PHRASES: Final = frozenset(
    {"known as", "referred to", "charged with", "charge of", "charges of", "convicted of", "guilty of",
     "offence of", "offense of", "crime of"}
)  # fmt: skip
"""Phrases right before a quote that name it as a term: a name, or the legal name of a charge
("arrested on charges of "inciting subversion of state power""), nobody's words in the story."""


_OBJECT_DEPS: Final = frozenset({"dobj", "oprd", "xcomp", "ccomp", "attr"})


def _uttered_object(ctx: DocContext, lo: int, hi: int) -> bool:
    """Tell quoted words that are the whole object of an utterance verb before them, said by its subject.

    "calling her "Spendthrift Lorraine"", "has called her "Sleepy Naomi" and "Nasty Naomi"", "chanted
    "Pa-tty! Pa-tty!"": capitalised like a name, yet words the subject says. Not "a film called
    "Heat"" or "sets called the "Master Builder Series"" (no subject of its own), "was dubbed "the
    Iron Lady"" (passive), nor "have called the "Belfastisation" of the city" (a term in the object).
    """
    if not ctx.parsed:
        return False
    doc = ctx.doc
    top = next((t for t in doc[lo:hi] if not lo <= t.head.i < hi and not t.is_punct), None)
    if top is None or any(c.dep_ == "det" and c.i < lo for c in top.lefts):
        return False  # an article outside the marks: the quote is a term inside the object
    while top.dep_ == "conj" and top.head.i < top.i:
        top = top.head  # "… "Sleepy Naomi" and "Nasty Naomi"": the first conjunct's place
    verb = top.head
    if (
        top.dep_ not in _OBJECT_DEPS
        or verb.i >= lo
        or verb.lower_ not in ctx.lexicon.utterance_verbs
        or ctx.quoted[verb.i]
        or any(c.dep_ in {"nsubjpass", "auxpass", "agent"} for c in verb.children)
    ):
        return False
    # Said by a subject: its own, a conjoined verb's ("blocked the bridge and chanted"), or the
    # clause's that a participle hangs on ("responded, calling him …").
    clause = verb
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    if any(c.dep_ == "nsubj" for c in clause.children):
        return True
    return verb.tag_ == "VBG" and verb.dep_ in {"advcl", "xcomp", "conj"}


def _utterance_before_cue(ctx: DocContext, start: int, end: int) -> bool:
    """Tell a short quote written as a whole utterance (``“No,” he said``).

    It opens a sentence and closes with , ! or ? inside the marks: the way news sets off a reply
    before its speech verb.
    """
    return _opens_sentence(ctx.text, start) and ctx.text[start:end].rstrip()[-1:] in {",", "!", "?"}


def _goes_on(ctx: DocContext, start: int, end: int, before: _Found | None) -> bool:
    """Tell whether a quote follows the quote before it with nothing but that quote's attribution between.

    ""I was scared," said Alice Ford. "Really scared."" goes on; after "The crowd booed." it does not.
    So does a quote that is a paragraph of its own right after an attributed one (``before``, the
    quote found before it): wire copy gives each sentence its paragraph (""…," Ford said. ¶ "Really
    scared.""); after a term in scare quotes it does not.
    """
    k = bisect.bisect_left(ctx.span_starts, start) - 1
    if k < 0:
        return False
    gap = ctx.text[ctx.spans[k][1] : start]
    if len(gap) > _GOES_ON_CHARS:
        return False
    if "\n" in gap and (
        "\n" in gap.rstrip(" \n\"“„«‘'")
        or not _alone_in_paragraph(ctx.text, start, end)
        or before is None
        or before.kind == "scare"
        or (before.speaker is None and before.cue is None)
    ):
        return False
    # One sentence at most between them: the last quote's attribution ("said Sen. Alice Ford."). The
    # parse's sentences count, not full stops ("Sen.").
    return not ctx.sent_bounds or ctx.sent_of[ctx.token_at(start)] - ctx.sent_of[ctx.token_at(ctx.spans[k][1])] <= 1


def _quoted_turn(text: str, start: int, end: int) -> bool:
    """Tell a quote that is a whole paragraph after a paragraph ending in a quote: a turn of an exchange.

    ""That's correct, Senator." ¶ "How many?" ¶ …": short words alone in a paragraph, among quoted
    paragraphs, are said, not marked as a term.
    """
    if not _alone_in_paragraph(text, start, end):
        return False
    before = text[: text.rfind("\n", 0, start) + 1].rstrip()
    return before.endswith(('"', "”", "»", "’", "'"))


def _alone_in_paragraph(text: str, start: int, end: int, closing: str = " \"”»’'") -> bool:
    """Tell a quote that is its paragraph: nothing but its marks around it (and the ``closing`` characters after it)."""
    par_start = text.rfind("\n", 0, start) + 1
    par_end = text.find("\n", end)
    par_end = len(text) if par_end < 0 else par_end
    return not text[par_start:start].strip(" \"“„«‘'") and not text[end:par_end].strip(closing)


def _stands_as_sentence(text: str, start: int, end: int) -> bool:
    """Tell whether quoted words are a whole sentence.

    They open one, close with . ! or ? inside the marks, and a new sentence (or paragraph, or quote)
    follows them.
    """
    content = text[start:end].rstrip()
    if not content[:1].isupper() or content[-1:] not in {".", "!", "?"} or not _opens_sentence(text, start):
        return False
    after = text[end : end + 3].lstrip("\"”»’'")
    if after[:1] in {" ", "\u00a0", "\u202f"} and after[1:2] == "»":
        # "… . » Il a …": French sets the closing mark apart; what follows the mark counts
        rest = text[end : end + 8].lstrip(" \u00a0\u202f»")
        return rest == "" or rest[0] == "\n" or rest[0].isupper() or rest[0] in {'"', "“", "«"}
    return after == "" or after[0] == "\n" or (after[0] == " " and (after[1:2].isupper() or after[1:2] in {'"', "“"}))


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
    report: ReportKind | None = None
    incise: bool = False  # rejoined around an incise inside its marks: its speaker is named inside
    term: bool = False  # a term, a name or a title (or capitalised as one), not anybody's words


def _marked_quotes(ctx: DocContext, history: list[tuple[int, EntityMention]]) -> list[_Found]:
    """Attribute every quoted span through its own cue (continuations are settled later)."""
    found: list[_Found] = []
    text = ctx.text
    for start, end in ctx.spans:
        lo, hi = ctx.token_at(start), ctx.token_at(end - 1) + 1
        content = text[start:end]
        short = _word_count(content) <= _SCARE_MAX_WORDS and not _is_clause(ctx, lo, hi)
        cue: Token | None = None
        introduced = False  # the cue is a colon introduction's head (``_colon_intro``)
        term = False
        framed = framed_speaker(ctx, start, end, history)  # ""…" was how Pryce put it"
        if short and _utterance_before_cue(ctx, start, end) and (reply := cue_after(ctx, end + 1)) is not None:
            # "“No,” he said.": a reply closed by a comma (or ! ?) before its speech verb is speech.
            cue, short = reply, False
        elif short and (framed is not None or speaker_label(ctx, start - 1) is not None):
            short = False  # 'HALE: "No."', '"A disgrace," was his response': speech however short
        elif short and content[:1].isupper() and (intro := _colon_intro(ctx, start)) is not None:
            # "Her answer: "Absolutely not."": a whole short utterance after a speaker's colon is speech.
            cue, short, introduced = intro, False, True
        elif _scare_marked(text, start - 1, short, ctx.lexicon.scare_cues) or (
            ((short and _looks_like_name(content)) or _a_title(ctx, start, end) or _names_a_noun(ctx, start, end))
            and not _uttered_object(ctx, lo, hi)
        ):
            short = term = True
        else:
            cue = cue_by_parse(ctx, lo, hi, _SHORT_MAX_HOPS if short else 12)
            if (
                cue is None
                and short
                and _stands_as_sentence(text, start, end)
                and (_goes_on(ctx, start, end, found[-1] if found else None) or _quoted_turn(text, start, end))
            ):
                # ""I was scared," said Alice Ford. "Really scared."": a quote that is a sentence of
                # its own is somebody's words; a term in scare quotes sits inside a sentence.
                short = False
            if cue is None and not short and framed is None:
                # A name signed after a dash is the quote's own attribution, nearer than any cue before it
                # ("What they said: | "…" — Professor Nikhil Rao, Australian National University").
                cue = cue_after(ctx, end + 1) or (None if dash_byline(ctx, end) else cue_before(ctx, start - 1))
        speaker: Speaker | None = None
        if cue is None and not short:
            speaker = framed or dash_byline(ctx, end) or speaker_label(ctx, start - 1)
            if speaker is None and cited_title(ctx, end):
                short = term = True  # a title in a reference line: scare quotes
            elif speaker is None:
                cue = _colon_intro(ctx, start)
                introduced = cue is not None
        if introduced and cue is not None:
            speaker = _colon_speaker(ctx, cue, history)
            if cue.pos_ not in {"VERB", "AUX"}:
                cue = None  # "Hadley on the loss:" has a speaker but no cue word
        elif cue is not None:
            speaker = speaker_for_cue(ctx, cue, history, (start, end))
        if cue is None and short:
            kind: QuoteKind = "scare"
        elif not short and (_is_clause(ctx, lo, hi) or (content[:1].isupper() and _opens_sentence(text, start))):
            kind = "direct"
        else:
            kind = "partial"
        # A capital inside a sentence starts a name or a title ("les ventes des « Heures salées »").
        term = term or (short and (content[:1].isupper() or _names_its_subject(ctx, lo, hi)))
        quote = _Found(start, end, kind, cue, speaker if kind != "scare" else None, not short, term=term)
        if not _speaker_outside(quote):
            quote.speaker = speaker = None  # a piece of the quote taken for its speaker: nobody named
        found.append(quote)
        remember(ctx, speaker, history)
    return found


def _names_its_subject(ctx: DocContext, lo: int, hi: int) -> bool:
    """Tell a quoted noun phrase that is what a clause is about: its subject, or the noun after "of"/"de".

    "les « gilets jaunes » avaient raison", "le nombre de « décrocheurs » a baissé": the writer names a
    group or a thing by the word others use for it, whoever the clause is reported from.
    """
    if not ctx.parsed:
        return False
    heads = [t for t in ctx.doc[lo:hi] if not lo <= t.head.i < hi or t.head.i == t.i]
    if len(heads) != 1 or heads[0].pos_ not in {"NOUN", "PROPN"}:
        return False
    head, partitive = heads[0], ctx.lexicon.partitive_preps
    if head.dep_ in SUBJECT_DEPS:
        return True
    # after "of"/"de" a word or two naming a kind ("de « décrocheurs »"), not a description of the
    # speaker's ('weapons of "ever increasing capability"')
    return hi - lo <= 2 and (
        (head.dep_ == "pobj" and head.head.lower_ in partitive)
        or any(c.dep_ == "case" and c.lower_ in partitive for c in head.children)
    )


def _colon_intro(ctx: DocContext, open_at: int) -> Token | None:
    """The head of a clause that introduces a quote with a colon ("X made this comment: "…"") or a "?".

    News writing introduces a quote by a colon after any clause about its speaker ("Tillman was
    blunt:", "Okafor's message was clear:") or a bare phrase naming them ("Hadley on the loss:",
    "Her answer:", or as a question: "His response?"). The clause's verb, or the phrase's noun, stands as the cue when it speaks for
    someone (``_speaks_for_someone``).
    """
    end = stripped_end(ctx.text, open_at, " \"“„«‘'")
    if not ctx.parsed or end == 0 or ctx.text[end - 1] not in ":?":
        return None
    mark = ctx.token_at(end - 1)
    lo = ctx.sent_bounds[ctx.sent_of[mark]][0]
    # The clause before the colon: its highest word (the parse may hang it below the quote's verb).
    root = next(
        (t for t in ctx.doc[lo:mark] if not lo <= t.head.i < mark or t.head.i == t.i),
        None,
    )
    if root is None or ctx.quoted[root.i]:
        return None
    lexicon = ctx.lexicon
    if ctx.text[end - 1] == "?" and not (root.lower_ in lexicon.utterance_nouns and lo == root.left_edge.i):
        return None  # only a bare utterance noun asks for the quote after it: "His response? "…""
    if root.pos_ in {"VERB", "AUX"}:
        subjects = [c for c in root.children if c.dep_ in SUBJECT_DEPS and not ctx.quoted[c.i]]
        if any(c.lower_ in lexicon.scare_cues and not any(k.dep_ == "poss" for k in c.children) for c in subjects):
            return None  # "The slogan was simple:": a term follows (but "His words were blunt:" speech)
        return root if any(_speaks_for_someone(ctx, c) for c in subjects) else None
    if root.pos_ == "NOUN" and root.lower_ not in lexicon.utterance_nouns | lexicon.message_nouns | lexicon.noun_cues:
        return None  # "His nickname:", "Hadley's book:": a name or a title follows
    if root.pos_ in {"NOUN", "PROPN"} and lo == root.left_edge.i and _speaks_for_someone(ctx, root, bare=True):
        return root  # "Hadley on the loss:", "Munro's advice to residents:"; not a dateline "DENVER:"
    return None


def _colon_speaker(ctx: DocContext, cue: Token, history: list[tuple[int, EntityMention]]) -> Speaker | None:
    """The speaker a colon introduction names.

    The owner of its subject ("Okafor's message was clear:", "Her answer:"), else the subject (or the
    verbless phrase) itself.
    """
    head = cue
    if cue.pos_ in {"VERB", "AUX"}:
        head = next((c for c in cue.children if c.dep_ in SUBJECT_DEPS and not ctx.quoted[c.i]), cue)
        if head is cue:
            return None
    owner = next((c for c in head.children if c.dep_ == "poss" and not ctx.quoted[c.i]), None)
    if owner is not None:
        return possessor_speaker(ctx, owner, history)
    if head is not cue:
        return speaker_for_cue(ctx, cue, history)
    return speaker_of(ctx, head, history)


def _speaks_for_someone(ctx: DocContext, head: Token, *, bare: bool = False) -> bool:
    """Tell whether a noun phrase stands for a speaker: somebody (``may_speak``) or what somebody owns.

    "Tillman" (a name the tagger may have missed), "she", "the coach"; "Okafor's message", "her answer".
    A ``bare`` phrase (no verb: "Hadley on the loss:") must name a person or organisation: a place
    standing alone before a colon is a dateline ("DENVER:").
    """
    named = ctx.mention_at(head.idx, head.idx + len(head))
    if bare and named is not None and named.label not in {"PERSON", "ORG"}:
        return False
    if may_speak(ctx, head):
        return True
    return any(
        c.dep_ == "poss"
        and not ctx.quoted[c.i]
        and (c.lower_ in ctx.lexicon.bound_pronouns or _speaks_for_someone(ctx, c))
        for c in head.children
    )


_HANDLE_RE: Final = re.compile(r"@(\w{1,30}):[ \t]+(?=\S)")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Character spans of the non-blank paragraphs (lines) of a text, without surrounding blanks."""
    out = []
    for m in re.finditer(r"[^\n]+", text):
        a, b = m.start(), m.end()
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            out.append((a, b))
    return out


def _latin(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and sum(ch < "\u0250" for ch in letters) >= 0.5 * len(letters)


def _block_quotes(ctx: DocContext, history: list[tuple[int, EntityMention]]) -> list[_Found]:
    """Quotes set as paragraphs of their own, without marks (block quotes and embedded posts).

    Online news shows a quoted passage as a paragraph after an introduction ending with a colon
    ("Marwan Almuraisy tweeted:"), and a post as "@handle: text"; such a paragraph is a direct
    quote of the introduced speaker or of the handle. A transcript's turn ("BRENNAN: Rain.", "A: No.")
    is a direct quote of the speaker its label names (``transcript_turns``); a question label names
    nobody, so the interviewer's questions are no quotes. The paragraphs after a passage in another
    language or script (the original, then its translation) are the same speaker's quote: the
    translation runs for as many paragraphs as the original did (one that condenses two paragraphs
    into one takes the next paragraph with it).
    """
    if not ctx.parsed:
        return []
    text = ctx.text
    found: list[_Found] = []
    paras = _paragraphs(text)
    last: _Found | None = None
    last_native = True  # whether ``last`` is in the article's language
    untranslated = 0  # paragraphs of the current passage in another language, not yet matched by a translation
    common = ctx.lexicon.function_words

    def native(start: int, end: int) -> bool:
        """Whether a passage is in the article's language: its function words make up a fair share."""
        words = [t.lower_ for t in ctx.doc[ctx.token_at(start) : ctx.token_at(end - 1) + 1] if t.is_alpha]
        return not words or not common or sum(w in common for w in words) >= _NATIVE_SHARE * len(words)

    turns = transcript_turns(ctx)
    for k, (a, b) in enumerate(paras):
        if ctx.quote_covers(a + 1, b - 1) or text[a] in "\"“„«‘'":
            last, untranslated = None, 0
            continue  # already quoted with marks
        handle = _HANDLE_RE.match(text, a)
        block: _Found | None = None
        if a in turns:
            at, speaker = turns[a]
            if speaker is not None and text[at] not in "\"“„«‘'":  # a marked answer is a marked quote
                block = _Found(at, b, "direct", None, speaker)
                untranslated = 0
                remember(ctx, speaker, history)
        elif handle is not None:
            who = "@" + handle.group(1)
            block = _Found(handle.end(), b, "direct", None, Speaker(name=who, mention=who, start=a, end=a + len(who)))
            untranslated = 0  # a new passage
        elif k > 0 and text[paras[k - 1][1] - 1] == ":":
            cue = _block_intro(ctx, paras[k - 1][1] - 1)
            speaker = speaker_for_cue(ctx, cue, history) if cue is not None else None
            if speaker is not None:
                block = _Found(a, b, "direct", cue, speaker)
                untranslated = 0  # a new passage
                remember(ctx, speaker, history)
        elif (
            last is not None
            and last.speaker is not None
            and text[b - 1] != ":"  # a paragraph ending with a colon introduces the next one
            and (_latin(text[a:b]) != _latin(text[last.start : last.end]) or not last_native or untranslated > 0)
        ):
            # The passage going on, or its translation after it.
            block = _Found(a, b, "direct", last.cue, last.speaker)
        if block is not None and (a in turns or _word_count(text[block.start : block.end]) >= 3):
            last_native = native(block.start, block.end)
            if not last_native:
                untranslated += 1
            elif last is not None:
                untranslated = max(0, untranslated - 1)
            found.append(block)
            ctx.add_block(block.start, block.end)
            last = block
        else:
            last, untranslated = None, 0
    return found


_NATIVE_SHARE: Final = 0.15
"""Share of the lexicon's function words that marks a passage as in the article's language."""


def _block_intro(ctx: DocContext, colon: int) -> Token | None:
    """The cue of an introduction ending with a colon: a speech verb of its last sentence, else its main verb."""
    tok = ctx.token_at(colon)
    lo = ctx.sent_bounds[ctx.sent_of[tok]][0]
    cues = [t for t in ctx.doc[lo:tok] if ctx.is_cue(t)]
    if cues:
        # The outermost one: "Matara argued that labour laws stipulate that …:" is Matara's.
        return min(cues, key=lambda t: (len(list(t.ancestors)), t.i))
    return _colon_intro(ctx, colon + 1)


_MARKS_AND_SPACES: Final = " \t\u00a0\u202f\"“”«»„‘’‹›'"


def _continue_speakers(ctx: DocContext, found: list[_Found]) -> None:
    """Give an unattributed quote the speaker of the statement right before it, or the other party.

    Applies within a paragraph, or when the quote opens the paragraph after that statement, and
    only if no other person is named outside quotes in between (news style: ``"…," she said. "…"``),
    and never to a quote that names that speaker: people speak of others by name, not of themselves.
    A quote that answers the one before (``_answers``) goes to the other party of the exchange, when
    there is one who has spoken already ("I think Donald just criticized me").
    """
    text = ctx.text
    last: _Found | None = None
    last_quote: _Found | None = None
    other_quote: _Found | None = None  # the quote of somebody else before ``last_quote``'s speaker spoke
    spoke: set[str] = set()  # keys of the people who have spoken so far
    for f in sorted(found, key=lambda f: f.start):
        if f.kind == "scare":
            continue
        if f.speaker is None and f.long and f.kind != "indirect" and last is not None and last.speaker is not None:
            gap = text[last.end : max(last.end, f.start - 1)]
            same_par = "\n" not in gap
            # The quote's opening mark may be set apart from its words: "« Le gouvernement …".
            opens_par = not same_par and not gap[gap.rfind("\n") + 1 :].strip(_MARKS_AND_SPACES)
            prev_par = text.count("\n\n", last.end, f.start) <= 1 or gap.strip(' \n”"»’.,') == ""
            own = _speaker_phrase(ctx, last.speaker)
            others = any(
                m.label == "PERSON"
                and m.key != last.speaker.key
                and subject_weight(ctx, m) == 1.0
                and not own[0] <= m.start < own[1]  # "Kessler spokeswoman Jill Park": her own phrase
                for m in ctx.mentions_between(last.end, f.start)
            )
            named = people_named(ctx, (f.start, f.end))
            turn = None
            if not others and opens_par and prev_par and _answers(ctx, last, f, named):
                # Naming the last speaker passes the turn for certain; a reply word only to somebody
                # who has spoken already (a coach's "No, I don't think …" stays the coach's).
                turn = _other_party(ctx, last.speaker, f.start, None if last.speaker.key in named else spoke)
            if turn is None and not others and opens_par and prev_par:
                turn = _next_turn(ctx, other_quote, last, f)
            if turn is not None:
                f.speaker = turn
            elif (
                not others
                and (same_par or (opens_par and prev_par))
                and last.speaker.key not in named
                and _may_continue(ctx, f, last.speaker)
            ):
                f.speaker = Speaker(name=last.speaker.name, key=last.speaker.key)
        if f.speaker is not None:
            if f.kind == "direct":
                if (
                    last_quote is not None
                    and last_quote.speaker is not None
                    and not _same_speaker(last_quote.speaker, f.speaker)
                ):
                    other_quote = last_quote
                last_quote = f
            if last is None or f.report != "evidence" or not last.start <= f.start < f.end <= last.end:
                # What a study or a report shows inside somebody's statement ("She stressed that the
                # study showed …") is part of it: the quote that follows goes on with that somebody.
                # People reported inside a statement speak on ("Prosecutor Mark Ellis said the defendant
                # told her sister that … "Nobody will ever find it."").
                last = f
            if f.speaker.key is not None:
                spoke.add(f.speaker.key)


def _speaker_phrase(ctx: DocContext, speaker: Speaker) -> tuple[int, int]:
    """The character range of the noun phrase a speaker is mentioned by (empty when unknown)."""
    if speaker.start is None or speaker.end is None or not ctx.parsed:
        return (0, 0)
    head = ctx.doc[ctx.token_at(max(speaker.start, speaker.end - 1))]
    return (ctx.doc[head.left_edge.i].idx, speaker.end)


def _answers(ctx: DocContext, last: _Found, f: _Found, named: frozenset[str]) -> bool:
    """Tell whether a quote answers the bare quote before it: an exchange, as in a debate.

    Two quotes in a row with no narration around the first, one of them addressing somebody
    ("you"), and the second opening with a reply ("No, we're not.", "Well, at least I have a plan")
    or speaking of the last speaker by name ("I think Donald just criticized me"): the turn has
    passed to the other party.
    """
    if last.cue is not None or last.kind != "direct" or last.speaker is None or not ctx.parsed:
        return False
    words = ctx.lexicon.addressee_pronouns
    if not any(t.lower_ in words and ctx.quoted[t.i] for t in _tokens(ctx, last) + _tokens(ctx, f)):
        return False
    opener = ctx.doc[ctx.token_at(f.start)]
    replies = (
        opener.lower_ in ctx.lexicon.reply_words and opener.i + 1 < len(ctx.doc) and ctx.doc[opener.i + 1].is_punct
    )
    return replies or last.speaker.key in named


def _next_turn(ctx: DocContext, other: _Found | None, last: _Found, f: _Found) -> Speaker | None:
    """The speaker of a bare quote paragraph that takes the next turn of a question-and-answer exchange.

    A hearing or an interview is written as quotes in turns: "Did you read these emails, Mr.
    Whitfield-Ames?" Quintero asked. ¶ "I did not see those specific emails." ¶ "So it never reached
    you?" ¶ "It reached the appropriate level of management." ``other`` is the quote of somebody
    else right before ``last``'s speaker spoke, with nobody else named in between. The paragraph is
    ``other``'s speaker's when ``last`` is a question put to them (it names them: ", Mr.
    Whitfield-Ames?") or a question that is a turn of its own (a bare paragraph), when it speaks to
    ``last``'s speaker by name or title ("That's correct, Senator."), or when ``last`` answered
    ``other``'s question in the paragraph right before and it asks again ("When did you learn about
    it?"). A question that goes on with its speaker's own words ("The money is not there. Where
    would it come from?") is rhetorical, and an answer goes on without a question: a monologue keeps
    its speaker.
    """
    if other is None or other.speaker is None or last.speaker is None or last.kind != "direct" or f.kind != "direct":
        return None
    breaks = ctx.text.count("\n\n", other.end, last.start)
    third = any(
        m.label == "PERSON" and m.key not in {other.speaker.key, last.speaker.key} and not ctx.in_quote(m.start)
        for m in ctx.mentions_between(other.end, last.start)
    )
    if third or breaks > _EXCHANGE_PARAGRAPHS:
        return None
    text = ctx.text
    answered = _is_question(ctx, last) and (
        _calls_on(ctx, last, other.speaker) or (last.cue is None and _alone_in_paragraph(text, last.start, last.end))
    )
    replies = _calls_on(ctx, f, last.speaker)
    asked_back = breaks <= 1 and _is_question(ctx, other) and _is_question(ctx, f)
    return Speaker(name=other.speaker.name, key=other.speaker.key) if answered or replies or asked_back else None


_EXCHANGE_PARAGRAPHS: Final = 3
"""Paragraph breaks at most between a question's asker and the person last heard before, the one it asks."""


def _same_speaker(a: Speaker, b: Speaker) -> bool:
    """Tell two speakers that are one: the same entity, or the same unnamed description."""
    return a.key == b.key if a.key is not None or b.key is not None else a.name == b.name


def _is_question(ctx: DocContext, f: _Found) -> bool:
    """Tell a statement that ends with a question mark."""
    return ctx.text[f.start : f.end].rstrip(" \"'”’»").endswith("?")


def _calls_on(ctx: DocContext, f: _Found, speaker: Speaker) -> bool:
    """Tell a statement that speaks to ``speaker`` by name or title set off by a comma at an end.

    "Senator, I did not …", "That's correct, Senator.", "…, Mr. Whitfield-Ames?": the words set off
    are the person's name or a title the article gives them ("Liberal senator Penelope Hartigan").
    """
    said = ctx.text[f.start : f.end].strip(" \"'“”‘’«».?!")
    found = _VOCATIVE_RE.search(said)
    if found is None:
        return False
    called = {w.lower().strip(".") for w in (found.group(1) or found.group(2)).split()}
    known = {w.lower() for w in speaker.name.split()}
    if speaker.key is not None:
        known |= {t for m in ctx.mentions if m.key == speaker.key for t in ctx.titles_of(m)}
    return bool(called & known)


_VOCATIVE_NAME: Final = r"[A-ZÀ-ÖØ-Þ][\w.'’-]*(?:\s[A-ZÀ-ÖØ-Þ][\w.'’-]*){0,2}"
_VOCATIVE_RE: Final = re.compile(rf"^({_VOCATIVE_NAME})\s?,|,\s({_VOCATIVE_NAME})\s?$")
"""A name or title set off by a comma at the start or the end of what was said ("Senator, I …", "…, Mr. Pike").

One to three capitalised words, a single space between them: each split of the words is the only one,
so a long run of capitals that does not end the statement fails in linear time."""


def _tokens(ctx: DocContext, f: _Found) -> list[Token]:
    """The tokens of a statement's span."""
    return list(ctx.doc[ctx.token_at(f.start) : ctx.token_at(max(f.start, f.end - 1)) + 1])


_OTHER_PARTY_WITHIN: Final = 2000
"""Characters before an answer searched for the other party of an exchange."""


def _other_party(ctx: DocContext, speaker: Speaker, before: int, spoke: set[str] | None) -> Speaker | None:
    """The other party of an exchange, if any.

    The person last named in the narration before ``before`` who is not ``speaker`` and, given
    ``spoke``, is among those who have spoken already.
    """
    found = None
    for m in ctx.mentions_between(max(0, before - _OTHER_PARTY_WITHIN), before):
        if m.label == "PERSON" and m.key != speaker.key and (spoke is None or m.key in spoke):
            found = m
    return None if found is None else Speaker(name=found.canonical, key=found.key)


_ANNOUNCED_LOOKBACK: Final = 4


def _announced_statements(ctx: DocContext, found: list[_Found], history: list[tuple[int, EntityMention]]) -> None:
    """Give a quote with no cue the issuer of "the following statement" announced shortly before it.

    ``X issued the following statement: …`` (press releases, and news quoting them) announces the
    quote that comes next, even with a sentence about someone else in between.
    """
    if not ctx.parsed:
        return
    for f in found:
        if f.cue is not None or not f.long or f.kind != "direct":
            continue
        k = ctx.sent_of[ctx.token_at(f.start)]
        for j in range(k - 1, max(-1, k - 1 - _ANNOUNCED_LOOKBACK), -1):
            lo, hi = ctx.sent_bounds[j]
            announced = next(
                (
                    t.head
                    for t in ctx.doc[lo:hi]
                    if t.lower_ == "following" and t.head.lower_ in ctx.lexicon.message_nouns and not ctx.quoted[t.i]
                ),
                None,
            )
            if announced is not None and announced.dep_ in {"dobj", "pobj"}:
                verb = announced.head if announced.dep_ == "dobj" else announced.head.head
                speaker = speaker_for_cue(ctx, verb, history)
                if speaker is not None:
                    f.speaker = speaker
                break


def _follow_on_speakers(ctx: DocContext, found: list[_Found], history: list[tuple[int, EntityMention]]) -> None:
    """Give a sentence-opening quote with no speaker the person the sentence before reports on.

    News introduces a quote by a sentence about its speaker ("Cornyn issued a statement …", "Bong
    Young-shik doubts the commitment …") and lets the quote follow on its own: the speaker is that
    sentence's subject when it is a named person and its verb reports or issues a message, or the
    sentence describes the person's state ("Okafor was furious.").
    """
    if not ctx.parsed:
        return
    for f in found:
        if f.speaker is not None or not f.long or f.kind != "direct" or not _opens_sentence(ctx.text, f.start):
            continue
        first = ctx.token_at(f.start)
        if _introduced_by_other(ctx, first):
            continue
        k = ctx.sentence_before(first)
        if k < 0:
            continue
        lo, hi = ctx.sent_bounds[k]
        if ctx.quoted[lo] or any(ctx.quoted[i] for i in range(lo, hi)):
            continue
        root = ctx.sentence_root(k)
        if root is None or not (_introduces(ctx, root) or _describes_manner(ctx, root)):
            continue
        speaker = speaker_for_cue(ctx, root, history)
        person = None if speaker is None or speaker.key is None else ctx.by_key.get(speaker.key)
        if speaker is not None and person is not None and person.label == "PERSON" and _may_continue(ctx, f, speaker):
            f.speaker = speaker  # "Another expert, Bong Young-shik, doubts …" names a person too


def _introduced_by_other(ctx: DocContext, first: int) -> bool:
    """Tell a quote whose own sentence introduces it by a clause about something other than a person.

    "The headlines in Saturday's newspapers show mixed reactions: "…"": the words are the headlines',
    not those of the person the sentence before reports on. "Said Herrera: "…"" and "PRESIDENT BUSH:
    "…"" introduce a person.
    """
    own_lo = ctx.sent_bounds[ctx.sent_of[first]][0]
    for verb in ctx.doc[own_lo:first]:
        if verb.pos_ not in {"VERB", "AUX"} or ctx.quoted[verb.i]:
            continue
        for subject in verb.children:
            if subject.dep_ in SUBJECT_DEPS and subject.i < first:
                m = ctx.mention_at(subject.idx, subject.idx + len(subject))
                if m is None or m.label != "PERSON":
                    return True
    return False


def _opening_quotes(ctx: DocContext, found: list[_Found]) -> None:
    """Give a quote that opens the text the person the text goes on to name and quote.

    A feature story may open with a paragraph of quote only, before anybody is named; the next
    paragraphs introduce the speaker and quote them again ("“The water came in through the
    floor. We lost everything.” / Maureen Tighe, 67, is still drying out her home … / “I lost every
    photograph,” she said."). The opening quote is theirs when it speaks in the first person and
    addresses nobody (not a sign, a slogan or a message somebody received: "Your son has been in an
    accident."), and the first person named after it is the speaker of the next attributed quote,
    the subject of the sentence after the quote, and nobody else is named in between.
    """
    text, lexicon = ctx.text, ctx.lexicon
    ordered = sorted((f for f in found if f.kind != "scare"), key=lambda f: f.start)
    for k, f in enumerate(ordered):
        if f.speaker is not None or not f.long or f.kind != "direct":
            continue
        if not _alone_in_paragraph(text, f.start, f.end, closing=" \"”»’'.,!?"):
            break  # not a paragraph of quote only
        if any(m.label == "PERSON" for m in ctx.mentions_between(0, f.start)):
            break  # somebody is named before it: not an opening quote
        words = {t.lower_ for t in ctx.doc[ctx.token_at(f.start) : ctx.token_at(f.end - 1) + 1]}
        if not words & lexicon.first_person or words & lexicon.addressee_pronouns:
            break  # a sign, a slogan or words said to somebody ("Your son has been in an accident.")
        nxt = next((g for g in ordered[k + 1 :] if g.speaker is not None), None)
        if nxt is None or nxt.speaker is None or nxt.speaker.key is None:
            break
        people = {m.key for m in ctx.mentions_between(f.end, nxt.start) if m.label == "PERSON"}
        k_next = ctx.sent_of[ctx.token_at(f.end)] + 1
        root = ctx.sentence_root(k_next) if k_next < len(ctx.sent_bounds) else None
        subject = None if root is None else subject_of(ctx, root)
        introduced = None if subject is None else ctx.mention_at(subject.idx, subject.idx + len(subject))
        if people == {nxt.speaker.key} and introduced is not None and introduced.key == nxt.speaker.key:
            f.speaker = Speaker(name=nxt.speaker.name, key=nxt.speaker.key)
        break


_LABEL_COLON_RE: Final = re.compile(r"[\"”»’']*[ \t]*:[ \t]+")


def _labelled_quotes(ctx: DocContext, found: list[_Found]) -> None:
    """Give a quote that opens its line, then a colon, the name right after the colon: "‘…’: Johnson hits back".

    A headline puts the words first and their speaker after a colon, whatever the verb ("‘We can't
    give up now’: Johnson hits back at critics", "“It's a disaster”: farmers count the cost"). Only
    a name (a tagged entity or a proper-noun subject) starting right after the colon, outside quotes.
    """
    text = ctx.text
    for f in found:
        if f.speaker is not None or f.kind != "direct":
            continue  # a scare quote is a name or a phrase ("“Operation Sunrise”: Pentagon unveils plan")
        line_start = text.rfind("\n", 0, f.start) + 1
        if text[line_start : f.start].strip(" \"“„«‘'"):
            continue
        after = _LABEL_COLON_RE.match(text, f.end)
        if after is None:
            continue
        named = ctx.mention_at(after.end(), after.end() + 1) or ctx.untyped_at(after.end())
        if named is not None and named.start == after.end() and not ctx.in_quote(named.start):
            f.speaker = entity_speaker(named)


_OWN_CUE_WINDOW: Final = 6
"""Tokens after a quote's closing mark searched for its speech verb ("», a-t-il déclaré")."""
_INCISE_SUBJECT_TOKENS: Final = 8
"""Tokens an incise's subject runs to at most ("a prévenu le secrétaire général du syndicat")."""


def _around_incises(doc: Doc, spans: Sequence[tuple[int, int]], lexicon: QuoteLexicon) -> list[tuple[int, int]]:
    """Split quoted spans around an incise French sets inside the marks: « A, a prévenu X, B ».

    English closes and reopens the marks around "he warned"; French keeps the incise (the speech
    verb, its auxiliary and its inverted subject between commas, or a comma and a full stop) inside
    them. Cut out, the incise attributes the words on both sides as it would outside the marks.
    """
    out: list[tuple[int, int]] = []
    starts = [t.idx for t in doc]
    for start, end in spans:
        if _cue_after(doc, starts, end, lexicon):
            out.append((start, end))  # « …, ont dénoncé la direction, … », a déclaré X: X's words, whole
            continue
        lo = bisect.bisect_left(starts, start)  # the first token of the span
        pieces_start = start
        k = lo
        while k < len(doc) and doc[k].idx < end:
            incise = _incise_at(doc, k, end, lexicon) if doc[k].text == "," else None
            if incise is None:
                k += 1
                continue
            close = doc[incise]
            before = stripped_end(doc.text, doc[k].idx)
            if before > pieces_start:
                out.append((pieces_start, before))
            pieces_start = close.idx + len(close.text)
            while pieces_start < end and doc.text[pieces_start].isspace():
                pieces_start += 1
            k = incise + 1
        if pieces_start < end:
            out.append((pieces_start, end))
    return out


def _rejoined(found: list[_Found], marked: Sequence[tuple[int, int]]) -> list[_Found]:
    """One quote per pair of marks again: the pieces ``_around_incises`` cut, with the incise inside.

    « Nous tiendrons, a prévenu X, aussi longtemps qu'il le faudra » is one statement of X's,
    spanning its marks, as it is written; its kind is direct when any piece is.
    """
    out: list[_Found] = []
    for f in found:
        k = bisect.bisect_right(marked, (f.start, 1 << 62)) - 1  # the last pair of marks opening before it
        whole = marked[k] if k >= 0 and marked[k][0] <= f.start and f.end <= marked[k][1] else None
        last = out[-1] if out else None
        if (
            whole is not None
            and f.kind != "indirect"
            and last is not None
            and last.kind != "indirect"
            and whole[0] <= last.start
            and last.end <= whole[1]
        ):
            last.end, last.incise = f.end, True
            if f.kind == "direct":
                last.kind = "direct"
            if last.speaker is None:
                last.speaker, last.cue = f.speaker, f.cue
            continue
        out.append(f)
    return out


def _incise_at(doc: Doc, comma: int, end: int, lexicon: QuoteLexicon) -> int | None:
    """The token closing an incise that opens at ``comma`` inside a quote ending at character ``end``.

    ", a prévenu X,", ", a-t-il ajouté.", ", dit-elle,": auxiliaries, a speech verb and its inverted
    subject (a pronoun after "-t-", or a phrase of a few words), then a comma or a full stop.
    """
    pronouns = lexicon.person_pronouns.keys() | lexicon.group_pronouns | {"-on"}
    k = comma + 1
    pronoun = False
    while k < len(doc) and doc[k].idx < end and (doc[k].pos_ == "AUX" or doc[k].lower_ in EUPHONIC_T):
        if doc[k].pos_ == "AUX" and doc[k].morph.get("Person", ["3"]) != ["3"]:
            return None  # "…, avons dit la vérité, …": the quoted speaker's own verb
        k += 1
    if k < len(doc) and doc[k].lower_ in pronouns:
        pronoun, k = True, k + 1  # "a-t-il" split as "a", "-t", "-il"
    if k >= len(doc) or doc[k].idx >= end or doc[k].lower_ not in lexicon.speech_verbs:
        return None
    k += 1
    if not pronoun and k < len(doc) and doc[k].lower_ in pronouns:
        pronoun, k = True, k + 1  # "dit-il"
    subject = k
    while k < len(doc) and doc[k].idx < end and doc[k].text not in {",", "."} and k - subject < _INCISE_SUBJECT_TOKENS:
        if doc[k].pos_ in {"VERB", "AUX"} or doc[k].is_quote:
            return None
        k += 1
    if k >= len(doc) or doc[k].idx >= end or doc[k].text not in {",", "."}:
        return None
    if not pronoun and not _names_somebody(doc[subject:k], lexicon):
        return None  # "…, ont dénoncé la direction, …": an object, no inverted subject
    return k


def _names_somebody(phrase: Span, lexicon: QuoteLexicon) -> bool:
    """Tell a phrase that names a speaker: a person's or a body's name, or a noun of a person ("le prévenu")."""
    return any(
        t.ent_type_ in {"PERSON", "ORG"} or t.pos_ == "PROPN" or t.lower_ in lexicon.person_roles for t in phrase
    )


def _cue_after(doc: Doc, starts: Sequence[int], end: int, lexicon: QuoteLexicon) -> bool:
    """Tell a speech verb right after a quote ending at character ``end`` ("», a déclaré X").

    ``starts``: the tokens' character offsets.
    """
    k = bisect.bisect_left(starts, end)
    stop = min(len(doc), k + _OWN_CUE_WINDOW)
    while k < stop and (doc[k].is_quote or doc[k].is_punct or doc[k].pos_ == "AUX" or doc[k].lower_ in EUPHONIC_T):
        k += 1
    return k < stop and doc[k].lower_ in lexicon.speech_verbs


def _quoted_in_reports(found: list[_Found]) -> None:
    """Give a partial quote the speaker of the reported statement it stands in, where it has none or shares its cue.

    "M. Morvan a répondu que « … », tout en se disant « ouvert à la discussion »": the words quoted
    inside what somebody is reported to have said are that somebody's. "Il a assuré que les hausses ne
    concerneraient que « les très grandes entreprises »": one verb, one speaker; the report's was
    resolved later, knowing the sources named before ("Selon le ministre, Hugo Besnard, …").

    A short fragment no cue governs is quoted words of the report it stands in, unless its marks set
    off a term, a name or a title: "Pour le sociologue X, la crise illustre « un malaise ancien »".
    """
    reports = [f for f in found if f.kind == "indirect" and f.speaker is not None]
    if not reports:
        return
    starts = [f.start for f in reports]
    for f in found:
        if f.kind != "partial" and (f.kind != "scare" or f.term):
            continue
        k = bisect.bisect_right(starts, f.start) - 1
        holders = [g for g in reports[max(0, k - _NESTED_REPORTS) : k + 1] if g.start <= f.start and f.end <= g.end]
        if not holders:
            continue
        holder = holders[-1]  # the innermost report: the nearest start
        if f.kind == "scare":
            f.kind, f.cue = "partial", holder.cue
        if f.speaker is None or (f.cue is not None and holder.cue is not None and f.cue.i == holder.cue.i):
            f.speaker = holder.speaker


_NESTED_REPORTS: Final = 8
"""Reports before a quote's start searched for one holding it (reports nest a few deep, not more)."""

_REPEATED_MIN_WORDS: Final = 3
_REPEATED_MAX_LOOKS: Final = 32
"""Quotes holding the same words read at most, so a phrase quoted thousands of times costs no more."""


def _repeated_quotes(ctx: DocContext, found: list[_Found]) -> None:
    """Give a quote with no speaker the speaker of another quote that holds the same words.

    A headline or a pull quote repeats words the article quotes with their speaker ("Strike:
    “We are not babysitters”" over "“We are not babysitters. We are professionals,” said the union's
    president, Chantal Lafrenière"): the same words quoted twice are one utterance. Three words or
    more, compared case and punctuation aside; a direct quote only, and only words a quote says
    itself, not those it quotes in turn; only where the quotes holding them (the first
    ``_REPEATED_MAX_LOOKS``) have one speaker. The attributed quotes' words are searched as one
    string, so the work grows with the quotes times the words quoted, not with the pairs of quotes
    compared in Python.
    """
    attributed = [f for f in found if f.speaker is not None and f.long]
    if not attributed:
        return
    keys = [f" {_words_key(_own_words(ctx, f))} " for f in attributed]
    starts = list(itertools.accumulate((len(k) for k in keys[:-1]), initial=0))
    joined = "".join(keys)
    for f in found:
        if f.speaker is not None or f.kind != "direct":
            continue
        words = _words_key(ctx.text[f.start : f.end])
        if words.count(" ") + 1 < _REPEATED_MIN_WORDS:
            continue
        speakers: set[tuple[str, str | None]] = set()
        at, looks = joined.find(f" {words} "), 0
        while at >= 0 and len(speakers) < 2 and looks < _REPEATED_MAX_LOOKS:
            g = attributed[bisect.bisect_right(starts, at) - 1]
            if g is not f and g.speaker is not None:
                speakers.add((g.speaker.name, g.speaker.key))
            at, looks = joined.find(f" {words} ", at + 1), looks + 1
        if len(speakers) == 1:
            name, key = speakers.pop()
            f.speaker = Speaker(name=name, key=key)


# Words in single marks inside a quote (the marks may not have been paired as a quote of their own).
_INNER_QUOTE_RE: Final = re.compile(r"(?<!\w)['‘‹][^'‘’‹›\n]+['’›](?!\w)")


def _own_words(ctx: DocContext, f: _Found) -> str:
    """A quote's text without the quotes nested in it: those are somebody else's words ("He said, 'Nobody …'")."""
    text, pieces, at = ctx.text, [], f.start
    k = bisect.bisect_right(ctx.span_starts, f.start)
    while k < len(ctx.spans) and ctx.spans[k][0] < f.end:
        a, b = ctx.spans[k]
        if at <= a and b <= f.end:
            pieces.append(text[at:a])
            at = b
        k += 1
    pieces.append(text[at : f.end])
    return _INNER_QUOTE_RE.sub(" | ", " | ".join(pieces))


def _words_key(text: str) -> str:
    """The words of a text, lower case, joined by single spaces ("We are not babysitters." -> "we are not babysitters")."""
    return " ".join(re.findall(r"\w+", text.lower()))


def _may_continue(ctx: DocContext, f: _Found, speaker: Speaker) -> bool:
    """Tell whether a quote whose own cue found no speaker may take ``speaker`` from the statement before.

    A quote without a cue may. One whose cue has "he"/"she" as subject ("…," he said) never takes a
    place or a people: "he" left unresolved after "Russia rejected the claim" is not Russia; nor a
    person whose name or honorific shows the other gender: "she" left unresolved after "David Banda
    thanked …" is not him. (An organisation may stay: the small model tags many people as ORG.)
    """
    if f.cue is None or not ctx.parsed:
        return True
    subject = subject_of(ctx, f.cue)
    if subject is None or subject.lower_ not in ctx.lexicon.person_pronouns:
        return True
    ent = ctx.by_key.get(speaker.key) if speaker.key is not None else None
    if ent is None:
        return True
    gender = ctx.lexicon.person_pronouns[subject.lower_]
    return ent.label not in {"GPE", "NORP", "LOC", "FAC"} and ctx.named_gender(ent) in {None, gender}


def _describes_manner(ctx: DocContext, verb: Token) -> bool:
    """Tell whether a sentence describes its subject's manner or mood ("Okafor was furious.").

    News sets up a quote so, or by a gesture ("Navarro paused."): the quote that follows on its own is
    that person's. Other states ("was dead when paramedics arrived", "was unavailable for comment")
    set up nobody's words.
    """
    if verb.lower_ in ctx.lexicon.manner_verbs:
        # "Navarro paused.", "Asked about her grandfather, she smiled.": a gesture with no object.
        return not any(c.dep_ in {"dobj", "ccomp", "xcomp", "prep", "attr"} for c in verb.children)
    return verb.pos_ == "AUX" and any(
        c.dep_ == "acomp" and c.lower_ in ctx.lexicon.manner_adjectives for c in verb.children
    )


def _introduces(ctx: DocContext, verb: Token) -> bool:
    """Tell whether a verb reports (speech or reporting verb) or issues a message ("issued a statement")."""
    if ctx.is_cue(verb) or ctx.is_cue(verb, reporting=True):
        return True
    return any(c.dep_ == "dobj" and c.lower_ in ctx.lexicon.message_nouns for c in verb.children)


def _opens_sentence(text: str, start: int) -> bool:
    """Tell whether a quote starts a sentence or follows an introducing colon or comma."""
    end = stripped_end(text, start, " \"“„«‘'`")
    return end == 0 or text[end - 1] in '.!?:,\n”"»'


def _word_count(text: str) -> int:
    return len(re.findall(r"\w+", text))


# Quotation marks and the mark that closes each; '"' closes itself. Apostrophes ("’", "'") are
# left out: names hold them ("O’Brien").
_CLOSER: Final = {"“": "”", "„": "“”", "‚": "‘’", "«": "»", "‹": "›", "「": "」", "『": "』", '"': '"'}
_ANY_MARK: Final = frozenset('“”„‚«»‹›「」『』"')


def _marks_paired(words: str) -> bool:
    """Tell words whose quotation marks all come in pairs, each opening before its close ('the "Pose" actor')."""
    open_marks: list[str] = []
    for c in words:
        if c not in _ANY_MARK:
            continue
        if open_marks and c in _CLOSER[open_marks[-1]]:
            open_marks.pop()
        elif c in _CLOSER:
            open_marks.append(c)
        else:
            return False  # a closing mark nothing opened
    return not open_marks


def _speaker_outside(f: _Found) -> bool:
    """Tell a speaker named outside the quote's own words; one without a mention passes.

    A misparse can take a piece of a quote for its speaker: "‹We ‹will› win,› said …" gave "win,›".
    A speaker's words never overlap a quotation of theirs, nor hold a mark without its partner (a
    title in marks is fine: 'the "Pose" actor'). Reported speech may hold its speaker ("The
    landers, he said, could …"), and so may a French quote its incise stands in (« A, a dit X, B »).
    """
    sp = f.speaker
    if sp is None or sp.start is None or sp.end is None:
        return True
    inside = f.kind != "indirect" and not f.incise and sp.start < f.end and f.start < sp.end
    return _marks_paired(sp.mention or "") and not inside


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
    lexicon = default_lexicon() if lexicon is None else lexicon
    marked = find_quote_marks(doc.text)
    spans = _around_incises(doc, marked, lexicon) if lexicon.inverted_subjects else marked
    ctx = DocContext(doc, entities, spans, lexicon)
    history: list[tuple[int, EntityMention]] = []
    found = _marked_quotes(ctx, history)
    blocks = _block_quotes(ctx, history)
    found.extend(blocks)
    found.extend(
        _Found(r.start, r.end, "indirect", r.cue, r.speaker, report=r.report)
        for r in find_reported(ctx, history)
        if not any(q.start < r.end and r.start < q.end for q in blocks)
    )
    found.sort(key=lambda f: (f.start, f.end))
    _announced_statements(ctx, found, history)
    _continue_speakers(ctx, found)
    _follow_on_speakers(ctx, found, history)
    _opening_quotes(ctx, found)
    _labelled_quotes(ctx, found)
    _quoted_in_reports(found)
    _repeated_quotes(ctx, found)
    if spans != marked:
        found = _rejoined(found, marked)
    return tuple(
        Quote(
            text=ctx.text[f.start : f.end],
            start=f.start,
            end=f.end,
            kind=f.kind,
            cue=None if f.cue is None else _cue_text(ctx, f.cue),
            speaker=f.speaker if _speaker_outside(f) else None,
            report=f.report,
            confidence=None if f.report is None else FAMILY_CONFIDENCE[f.report],
        )
        for f in found
    )
