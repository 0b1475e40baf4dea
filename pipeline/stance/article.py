"""Article-level stance: every entity mention scored in its sentence, aggregated per entity, quote and speaker.

``score_article`` runs these steps, each a function here:

* ``mention_items`` and ``score_items``: every entity mention is scored in its sentence
  (``doc.sents``), identical (sentence, span) items once, all in one batched model call;
* ``entity_stances``: an entity's stance is the mean score of its mentions, labelled with a neutral
  band (``label_for``);
* ``quote_targets``: a quote's targets are the entities its own words name: the entity mentions
  inside the quote span (for an indirect quote, its reported content), except the speaker's own. A
  partial or scare quote that names nobody takes the mentions of the reported statement it sits in,
  by the same speaker: such quotes often leave the target just outside the marks (*Kerry emphasized
  that military assistance to Assad "could further escalate the conflict"*). The rest of a sentence
  is attribution (the speaker's title, employer, the outlet they spoke to) and gives no target.
  Quotes without a speaker are skipped;
* ``quote_views``: how the speaker's words regard each target mention. Mostly the mention's own
  score. When the mention is the object of an action that is good or bad for it (*sanctions on X*,
  *military aid to X*, *cutting funds to X*: ``pipeline.stance.effects``), the speaker judges the
  action, not the entity: the view is the model's score of the sentence with the action's words
  replaced by "it" (so that "sanctions" or "aid" cannot colour it; ``masked_item``), kept for an
  action good for the entity and reversed for one bad for it, where that score is polar. Scored in
  the same model call;
* ``quote_stances``: the stance of a quote toward a target entity is its target mentions' view,
  averaged when the quote has several mentions of the entity;
* ``speaker_stances``: a speaker's stance toward a target is the mean over their quotes' stances;
* the article's tone is the mean over all mention scores (each entity weighted by its mentions).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from pipeline.stance.effects import EffectEvent, effect_event
from pipeline.stance.hearsay import reported_attitude, verdict_words
from pipeline.stance.model import Item, StanceModel, clip_score
from schemas.articles import (
    ArticleStance,
    CanonicalEntity,
    EntityMention,
    EntityStance,
    Quote,
    QuoteStance,
    Speaker,
    SpeakerStance,
    Stance,
    StanceLabel,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

__all__ = [
    "NEUTRAL_BAND",
    "SentenceIndex",
    "display_names",
    "entity_stances",
    "is_speaker",
    "LIST_MENTIONS",
    "label_for",
    "list_stand_ins",
    "masked_item",
    "mean_score",
    "mention_items",
    "quote_stances",
    "quote_targets",
    "quote_views",
    "score_article",
    "score_items",
    "speaker_stances",
]

NEUTRAL_BAND = 0.3
"""Aggregated scores with ``abs(score) < NEUTRAL_BAND`` are labelled neutral.

Measured on NewsMTSC dev with the shipped model: labelling single items by
``label_for(P(pos) - P(neg))`` gives F1m 0.820 rw-dev / 0.743 mt-dev at 0.3 (0.794 / 0.731 at 0.25,
0.799 / 0.748 at 0.4, 0.748 / 0.658 at 0.1), against 0.824 / 0.760 for the argmax labels."""


def label_for(score: float, band: float = NEUTRAL_BAND) -> StanceLabel:
    """Label a signed score in [-1, 1]: neutral inside ``(-band, band)``.

    >>> label_for(0.5), label_for(-0.1), label_for(-0.3)
    ('positive', 'neutral', 'negative')
    """
    if score >= band:
        return "positive"
    if score <= -band:
        return "negative"
    return "neutral"


def mean_score(values: Sequence[float]) -> float:
    """Mean of scores clamped to [-1, 1]; 0.0 for no scores.

    >>> mean_score([0.5, -0.1]), mean_score([])
    (0.2, 0.0)
    """
    return clip_score(sum(values) / len(values)) if values else 0.0


CONTEXT_CHARS = 2_000
"""Characters of a sentence kept on each side of a mention, cut at a space. The model sees at most
``max_len`` (96) word pieces around the mention, fewer than 2,000 characters hold in any prose, so
scores are unchanged; a run-on "sentence" of 30,000 names joined by "said" no longer gives each of its
mentions a copy of the whole text to tokenize (quadratic: 3,000 such names took 4.9 GB)."""


class SentenceIndex:
    """Character spans of a text's sentences, for finding the sentence of an offset quickly.

    Args:
        text: the whole text.
        spans: (start, end) character offsets of its sentences, in order; none: the whole text is
            one sentence.

    >>> sents = SentenceIndex("Alice won. Bob lost.", [(0, 10), (11, 20)])
    >>> sents.index(15), sents.item(11, 14)
    (1, ('Bob lost.', 0, 3))
    """

    def __init__(self, text: str, spans: Sequence[tuple[int, int]]) -> None:
        self.text = text
        self.spans = list(spans) or [(0, len(text))]
        self.starts = [s for s, _ in self.spans]

    @classmethod
    def of_doc(cls, doc: Doc) -> SentenceIndex:
        """The sentences of a parsed Doc; a Doc without sentence boundaries is one sentence."""
        text: str = doc.text
        try:
            spans = [(s.start_char, s.end_char) for s in doc.sents]
        except ValueError:  # no sentence boundaries set
            spans = []
        return cls(text, spans)

    def index(self, offset: int) -> int:
        """Index of the sentence that contains character ``offset`` (the last one starting at or before it)."""
        return max(0, bisect.bisect_right(self.starts, offset) - 1)

    def item(self, start: int, end: int) -> Item:
        """The (sentence, start, end) item for a span, offsets made relative to its sentence.

        At most ``CONTEXT_CHARS`` of the sentence are kept on each side of the span.

        >>> text = "x " * 3000 + "Bob lost." + " y" * 3000
        >>> sentence, start, end = SentenceIndex(text, []).item(6000, 6003)
        >>> sentence[start:end], len(sentence) < 4_100, sentence.startswith("x ")
        ('Bob', True, True)
        """
        s, e = self.spans[self.index(start)]
        e = max(e, end)  # a mention across a sentence break keeps both sentences
        if start - s > CONTEXT_CHARS:
            space = self.text.find(" ", start - CONTEXT_CHARS, start)
            s = space + 1 if space != -1 else start - CONTEXT_CHARS
        if e - end > CONTEXT_CHARS:
            space = self.text.rfind(" ", end, end + CONTEXT_CHARS)
            e = space if space != -1 else end + CONTEXT_CHARS
        return (self.text[s:e], start - s, end - s)


# --- mentions ------------------------------------------------------------------------------------


def mention_items(mentions: Sequence[EntityMention], sentences: SentenceIndex) -> list[Item]:
    """The model input for each mention: its sentence, with the mention's offsets in it."""
    return [sentences.item(m.start, m.end) for m in mentions]


LIST_MENTIONS: Final = 24
"""A sentence naming more entities than this is a list ("Wright, Smith, Hall, …"): no sentence of the
91 dev pages names more than 11. Its mentions are not each scored (``list_stand_ins``)."""


def list_stand_ins(mentions: Sequence[EntityMention], sentences: SentenceIndex) -> dict[int, int | None]:
    """The mentions of list sentences that take another's score instead of a model run of their own.

    In a sentence of more than ``LIST_MENTIONS`` mentions, an entity is scored at its first mention
    there and its other mentions take that score; only the first ``LIST_MENTIONS`` entities of the
    sentence are scored, the others' mentions take their entity's score from outside the list, or
    are neutral (0) (``score_article``). A list's framing ("sanctions on A, B,
    …") sits far from most names, and a model run per name made a 20 KB list of 4,000 names cost
    half a minute. Returns mention index -> index of the mention whose score it takes (None: neutral).
    """
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_sentence[sentences.index(m.start)].append(i)
    stand_ins: dict[int, int | None] = {}
    for members in by_sentence.values():
        if len(members) <= LIST_MENTIONS:
            continue
        first: dict[str, int] = {}
        for i in members:
            key = mentions[i].key
            if key in first:
                stand_ins[i] = first[key]
            elif len(first) < LIST_MENTIONS:
                first[key] = i
            else:
                stand_ins[i] = None
    return stand_ins


def score_items(items: Sequence[Item], model: StanceModel) -> list[Stance]:
    """Score items in one model call, each distinct item once; one ``Stance`` per item, in order.

    No items: no call.

    Raises:
        ValueError: the model returned another number of stances than it was given items.
    """
    unique: dict[Item, int] = {}
    for item in items:
        unique.setdefault(item, len(unique))
    scored = model.score(list(unique)) if unique else []
    if len(scored) != len(unique):
        msg = f"stance model returned {len(scored)} results for {len(unique)} items"
        raise ValueError(msg)
    return [scored[unique[item]] for item in items]


def display_names(mentions: Sequence[EntityMention], canonical: Sequence[CanonicalEntity]) -> dict[str, str]:
    """Name per entity key: the canonical entity's name, else the ``canonical`` of the key's last mention."""
    return {**{m.key: m.canonical for m in mentions}, **{c.key: c.name for c in canonical}}


def entity_stances(
    mentions: Sequence[EntityMention],
    stances: Sequence[Stance],
    canonical: Sequence[CanonicalEntity],
    names: Mapping[str, str],
) -> tuple[EntityStance, ...]:
    """One stance per mentioned entity: the mean score of its mentions, labelled with the neutral band.

    Args:
        mentions: the scored mentions.
        stances: the stance of each mention, in the same order.
        canonical: the article's entities; their order comes first, then mentioned keys they lack,
            by first mention.
        names: a name for each mentioned key (``display_names``).
    """
    by_entity: dict[str, list[float]] = defaultdict(list)
    for m, st in zip(mentions, stances, strict=True):
        by_entity[m.key].append(st.score)
    known = {c.key for c in canonical}
    order = [c.key for c in canonical if c.key in by_entity] + [k for k in by_entity if k not in known]
    out = []
    for key in order:
        score = mean_score(by_entity[key])
        out.append(
            EntityStance(key=key, name=names[key], label=label_for(score), score=score, mentions=len(by_entity[key]))
        )
    return tuple(out)


# --- quotes and speakers -------------------------------------------------------------------------


def is_speaker(mention: EntityMention, speaker: Speaker) -> bool:
    """Whether a mention names the quote's own speaker (by key, canonical name or the speaker span)."""
    if (speaker.key is not None and mention.key == speaker.key) or mention.canonical == speaker.name:
        return True
    if speaker.start is not None and speaker.end is not None:
        return mention.start < speaker.end and mention.end > speaker.start
    return False


def _aside(quote: Quote) -> tuple[int, int]:
    """The span of a parenthetical attribution inside a quote's content.

    Between the commas around its speaker ("The bridge, Anna Berg said, will …"); (0, 0) when the
    speaker is not inside the content.
    """
    speaker = quote.speaker
    if speaker is None or speaker.start is None or speaker.end is None:
        return 0, 0
    if not quote.start <= speaker.start < speaker.end <= quote.end:
        return 0, 0
    before = quote.text.rfind(",", 0, speaker.start - quote.start)
    after = quote.text.find(",", speaker.end - quote.start)
    if before < 0 or after < 0:
        return 0, 0
    return quote.start + before, quote.start + after


def quote_targets(
    quote: Quote, speaker: Speaker, mentions: Sequence[EntityMention], quotes: Sequence[Quote] = ()
) -> list[int]:
    """Indices of the mentions a quote speaks about, in mention order; never the speaker's own.

    The mentions inside the quote's span, except those in an attribution set off by commas inside it
    ("The bridge, Anna Berg said in London, will reopen": not London). A partial or scare quote
    without one takes those inside the indirect quote of the same speaker that holds it (``quotes``:
    the article's quotes), if any.
    """

    def inside(q: Quote) -> list[int]:
        lo, hi = _aside(q)
        return [
            i
            for i, m in enumerate(mentions)
            if m.start >= q.start and m.end <= q.end and not lo <= m.start < hi and not is_speaker(m, speaker)
        ]

    own = inside(quote)
    if own or quote.kind not in {"partial", "scare"}:
        return own
    holder = next(
        (
            q
            for q in quotes
            if q.kind == "indirect"
            and q.start <= quote.start
            and quote.end <= q.end
            and q.speaker is not None
            and (q.speaker.key == speaker.key if speaker.key is not None else q.speaker.name == speaker.name)
        ),
        None,
    )
    return [] if holder is None else inside(holder)


EVENT_PLACEHOLDER = "it"
"""What stands for an action's words when the model reads the sentence's view of the action."""

_OPENERS = frozenset("\"'“‘«([")


def masked_item(item: Item) -> Item:
    """The item with its span's words replaced by "it" ("It" where it starts the sentence), marked.

    >>> masked_item(("The sanctions on Vestria are long overdue.", 0, 24))
    ('It are long overdue.', 0, 2)
    >>> masked_item(('He said aid to Vestria "would prolong the war".', 8, 22))
    ('He said it "would prolong the war".', 8, 10)
    """
    sentence, start, end = item
    first = not sentence[:start].strip() or all(c in _OPENERS for c in sentence[:start].strip())
    word = EVENT_PLACEHOLDER.capitalize() if first else EVENT_PLACEHOLDER
    return (sentence[:start] + word + sentence[end:], start, start + len(word))


def quote_views(
    stances: Sequence[Stance], events: Mapping[int, EffectEvent], event_stances: Mapping[int, Stance]
) -> tuple[list[Stance], dict[int, EffectEvent]]:
    """How the quotes regard each mention, and the events those views were read through.

    A mention with a good-for or bad-for event takes the model's view of the event, reversed for a
    bad one, when that view is polar (outside the neutral band). A neutral view of the action says
    nothing about the target, so the mention keeps its own score (measured on the tune part of
    ``eval/quote_stance``: 0.736 against 0.709 accuracy when every event's view replaced it).

    Args:
        stances: the stance of each mention.
        events: the good-for or bad-for event of a mention, by mention index.
        event_stances: the model's stance toward each of those events (``masked_item``), by index.

    >>> bad = EffectEvent(start=0, end=9, effect=-1, text="sanctions")
    >>> own = Stance(label="neutral", score=0.1)
    >>> views, used = quote_views([own, own], {0: bad, 1: bad}, {0: Stance(label="positive", score=0.6),
    ...                                                     1: Stance(label="neutral", score=0.2)})
    >>> views, list(used)
    ([Stance(label='negative', score=-0.6), Stance(label='neutral', score=0.1)], [0])
    """
    views = list(stances)
    used = {}
    for mi, event in events.items():
        score = clip_score(event.effect * event_stances[mi].score)
        if label_for(score) != "neutral":
            views[mi] = Stance(label=label_for(score), score=score)
            used[mi] = event
    return views, used


_FLIPPED: Final = {"negative": "positive", "positive": "negative", "neutral": "neutral"}


def reported_views(
    doc: Doc,
    quotes: Sequence[Quote],
    mentions: Sequence[EntityMention],
    views: Sequence[Stance],
    targets: Sequence[Sequence[int]],
) -> dict[tuple[int, int], Stance]:
    """The speaker's view of each target mention they report somebody else judging (``hearsay``).

    By (quote, mention): the reported view kept where the speaker endorses it, reversed where they
    reject it, neutral where they only report it. Mentions in the speaker's own judgements are left out.
    """
    out = {}
    for qi, (quote, of_quote) in enumerate(zip(quotes, targets, strict=True)):
        verdicts = verdict_words(doc, quote.start, quote.end) if of_quote else []
        for mi in of_quote:
            indirect = quote.kind == "indirect"
            attitude = reported_attitude(
                doc, mentions[mi].start, mentions[mi].end, quote.start, quote.end, indirect=indirect, verdicts=verdicts
            )
            if attitude is None or attitude == 1:
                continue
            view = views[mi]
            out[qi, mi] = (
                Stance(label=_FLIPPED[view.label], score=-view.score)
                if attitude < 0
                else Stance(label="neutral", score=0.0)
            )
    return out


def quote_stances(
    quotes: Sequence[Quote],
    mentions: Sequence[EntityMention],
    stances: Sequence[Stance],
    canonical: Sequence[CanonicalEntity],
    events: Mapping[int, EffectEvent] | None = None,
    quote_mentions: Sequence[Sequence[int]] | None = None,
    reported: Mapping[tuple[int, int], Stance] | None = None,
) -> tuple[QuoteStance, ...]:
    """The stance of each attributed quote toward each entity among its targets (``quote_targets``).

    In quote order, then by the entity's first target mention. The score is the mean of the entity's
    target mentions in the quote; one mention keeps its label, several are labelled with the neutral
    band. The target is named by its canonical entity, else by the ``canonical`` of its first target
    mention.

    Args:
        quotes: the article's quotes; the stances refer to them by index, and ones without a speaker
            are skipped.
        mentions: the scored mentions.
        stances: how the quotes regard each mention (``quote_views``), in the same order.
        canonical: the article's entities.
        events: the good-for or bad-for event of a mention, by index, when its view came from it; the
            quote stance names the first of its mentions' events.
        quote_mentions: each quote's ``quote_targets``, when the caller has them already.
        reported: the speaker's view of a mention they report another's judgement of, by (quote,
            mention) (``reported_views``), in place of ``stances``.
    """
    events = events or {}
    reported = reported or {}
    names = {c.key: c.name for c in canonical}
    out = []
    for qi, quote in enumerate(quotes):
        speaker = quote.speaker
        if speaker is None:
            continue
        by_entity: dict[str, list[int]] = {}  # entity key -> its target mentions in this quote
        own = quote_targets(quote, speaker, mentions, quotes) if quote_mentions is None else quote_mentions[qi]
        for mi in own:
            by_entity.setdefault(mentions[mi].key, []).append(mi)
        for key, targets in by_entity.items():
            views = [reported.get((qi, mi), stances[mi]) for mi in targets]
            score = mean_score([view.score for view in views])
            event = next((events[mi] for mi in targets if mi in events), None)
            out.append(
                QuoteStance(
                    quote=qi,
                    speaker=speaker.name,
                    target=names.get(key, mentions[targets[0]].canonical),
                    target_key=key,
                    label=views[0].label if len(targets) == 1 else label_for(score),
                    score=score,
                    event=None if event is None else event.text,
                    event_effect=None if event is None else ("good_for" if event.effect > 0 else "bad_for"),
                )
            )
    return tuple(out)


def speaker_stances(quotes: Sequence[QuoteStance], names: Mapping[str, str]) -> tuple[SpeakerStance, ...]:
    """A speaker's stance toward a target: the mean over their quote stances, labelled with the band.

    One per (speaker, target key), in order of first quote stance; quote stances without a speaker
    are left out.

    Args:
        quotes: quote stances, at most one per (quote, target key), as ``quote_stances`` gives them.
        names: a name for each target key (``display_names``).
    """
    by_pair: dict[tuple[str, str], list[float]] = defaultdict(list)
    for qs in quotes:
        if qs.speaker is not None:
            by_pair[(qs.speaker, qs.target_key)].append(qs.score)
    out = []
    for (speaker, key), values in by_pair.items():
        score = mean_score(values)
        out.append(
            SpeakerStance(
                speaker=speaker,
                target=names[key],
                target_key=key,
                label=label_for(score),
                score=score,
                quotes=len(values),
            )
        )
    return tuple(out)


# --- the article ---------------------------------------------------------------------------------


def score_article(
    doc: Doc,
    entities: Sequence[EntityMention],
    canonical: Sequence[CanonicalEntity],
    quotes: Sequence[Quote],
    model: StanceModel,
) -> ArticleStance:
    """Score stance per entity, per quote target and per speaker → target; one batched model call.

    A quote's view of a target that is the object of a good-for or bad-for action is read through the
    action (``quote_views``); the entity stances and the tone use the mentions' own scores.

    Offsets of ``entities`` and ``quotes`` are character offsets into ``doc.text``; empty mentions
    are ignored.

    Returns:
        The article's stance; scores are in [-1, 1]. An article without entities has neutral tone 0.
    """
    sentences = SentenceIndex.of_doc(doc)
    mentions = [m for m in entities if m.end > m.start]
    targets = [[] if q.speaker is None else quote_targets(q, q.speaker, mentions, quotes) for q in quotes]
    events = {
        mi: ev
        for mi in sorted({mi for of_quote in targets for mi in of_quote})
        if (ev := effect_event(doc, mentions[mi].start, mentions[mi].end))
    }
    event_items = [masked_item(sentences.item(ev.start, ev.end)) for ev in events.values()]
    stand_ins = list_stand_ins(mentions, sentences)
    own = [i for i in range(len(mentions)) if i not in stand_ins]
    scored = score_items([*mention_items([mentions[i] for i in own], sentences), *event_items], model)
    by_mention = dict(zip(own, scored[: len(own)], strict=True))
    # An entity a list names beyond its first LIST_MENTIONS takes its score from a mention of it
    # elsewhere, else neutral.
    elsewhere: dict[str, Stance] = {}
    for i, st in by_mention.items():
        elsewhere.setdefault(mentions[i].key, st)
    neutral = Stance(label="neutral", score=0.0)
    stances = [
        by_mention[i]
        if i in by_mention
        else elsewhere.get(mentions[i].key, neutral)
        if (j := stand_ins[i]) is None
        else by_mention[j]
        for i in range(len(mentions))
    ]
    views, used = quote_views(stances, events, dict(zip(events, scored[len(own) :], strict=True)))
    names = display_names(mentions, canonical)
    reported = reported_views(doc, quotes, mentions, views, targets)
    by_quote = quote_stances(quotes, mentions, views, canonical, used, targets, reported)
    tone = mean_score([st.score for st in stances])
    return ArticleStance(
        tone=Stance(label=label_for(tone), score=tone),
        entities=entity_stances(mentions, stances, canonical, names),
        quotes=by_quote,
        speakers=speaker_stances(by_quote, names),
    )
