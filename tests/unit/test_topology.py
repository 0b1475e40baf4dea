"""The topology run two ways: offline (``pipeline.offline``) and streamed in memory (``agents.testing``).

Both must give the same enriched records and the same dead letters for the same inputs: good
articles, each kind of bad input, and a failure forced into each stage in turn.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import orjson
import pytest

from agents.sinks import MemoryTable
from agents.testing import MemoryPipeline
from pipeline.codec import PARSED
from pipeline.nlp import build_nlp
from pipeline.offline import Result, enrich_offline
from pipeline.stages import StageContext
from pipeline.stance import load_stance_model
from pipeline.topology import (
    ENRICHED_TOPIC,
    QUOTES_TOPIC,
    RAW_TOPIC,
    SINKS,
    STAGES,
    Stage,
    Topic,
    chain_from,
    topic_name,
)
from schemas.deadletter import DeadLetter
from tests.helpers import SEED_PATH

T0 = datetime(2026, 12, 1, tzinfo=UTC)
NEWS = (
    "The mayor of Springfield, Ann Carter, said on Monday that the city would open two new libraries next year. "
    '"Reading rooms are the cheapest public good we have," Carter told reporters at City Hall. The council '
    "approved the budget by seven votes to two after a long debate about the cost of the buildings."
)


def _article(article_id: str, text: str = NEWS) -> bytes:
    return orjson.dumps({"id": article_id, "url": f"https://example.com/{article_id}", "text": text})


GOOD = [_article("seed", SEED_PATH.read_text(encoding="utf-8")), _article("mayor")]
BRIEF_AND_FOREIGN = {
    "headline": _article("headline", "Fed raises interest rates by a quarter point"),
    "brief": _article("brief", "LONDON (Reuters) - Britain's FTSE 100 closed 0.4 percent higher."),
    "not_english": _article(
        "french",
        "Le maire de la ville a annoncé lundi l'ouverture de deux nouvelles bibliothèques l'an prochain. "
        "« Les salles de lecture sont le bien public le moins cher », a-t-il déclaré aux journalistes. "
        "Le conseil municipal a approuvé le budget après un long débat sur le coût des bâtiments.",
    ),
}
BAD = {
    "invalid_json": b"{not json",
    "invalid_encoding": b'{"url": "https://example.com/x", "text": "caf\xe9"}',
    "not_an_object": b"[1, 2, 3]",
    "wrong_types": b'{"url": 5, "text": "x"}',
    "empty": b"",
    "no_body": b'{"url": "https://example.com/empty"}',
    "too_large": _article("huge", NEWS * 200),
    "no_content": orjson.dumps({"url": "https://example.com/nav", "html": "<html><body><nav>Home</nav></body></html>"}),
}
FAILING = [_article(f"fail-{stage.name}") for stage in STAGES] + [_article("fail-prepare")]


class Boom(RuntimeError):
    """A bug injected into a stage."""


def with_forced_failures(stages: Sequence[Stage[Any, Any]]) -> tuple[Stage[Any, Any], ...]:
    """The stages, each raising for the article ``fail-<stage name>``; ``prepare`` for ``fail-prepare``."""

    def failing(stage: Stage[Any, Any]) -> Stage[Any, Any]:
        def process(item: Any, prepared: Any, ctx: StageContext) -> Any:
            if stage.source.codec.article_id(item) == f"fail-{stage.name}":
                raise Boom(stage.name)
            return stage.process(item, prepared, ctx)

        prepare = stage.prepare
        if prepare is not None:

            def prepare_failing(items: Sequence[Any], ctx: StageContext) -> Sequence[Any]:
                if any(stage.source.codec.article_id(i) == "fail-prepare" for i in items):
                    msg = "prepare"
                    raise Boom(msg)
                return prepare(items, ctx)

            return replace(stage, process=process, prepare=prepare_failing)
        return replace(stage, process=process)

    return tuple(failing(s) for s in stages)


@pytest.fixture(scope="module")
def ctx() -> StageContext:
    return StageContext(now=T0, version="test", nlp=build_nlp(), stance=load_stance_model(), max_body_bytes=20_000)


def offline(payloads: Sequence[bytes], ctx: StageContext, stages: Sequence[Stage[Any, Any]] = STAGES) -> list[Result]:
    return list(
        enrich_offline(payloads, ctx, topic_name=lambda t: topic_name("memory", t), stages=stages, batch_size=4)
    )


def streamed(payloads: Sequence[bytes], ctx: StageContext, **kwargs: Any) -> MemoryPipeline:
    harness = MemoryPipeline(ctx, batch_size=4, **kwargs)
    harness.feed(payloads)
    asyncio.run(harness.run())
    return harness


def comparable(letter: DeadLetter) -> tuple[str, str, str, str, str]:
    """A dead letter without where it was read (offsets differ between the two runners)."""
    return (letter.article_id or "", letter.stage, letter.reason, letter.error_type, letter.payload)


@pytest.fixture(scope="module")
def both(ctx: StageContext) -> tuple[list[bytes], list[Result], MemoryPipeline]:
    """Every kind of input, with a failure forced into each stage, run offline and in memory."""
    payloads = GOOD + list(BRIEF_AND_FOREIGN.values()) + list(BAD.values()) + FAILING
    stages = with_forced_failures(STAGES)
    return payloads, offline(payloads, ctx, stages), streamed(payloads, ctx, stages=stages)


class TestOfflineAndStreamingAgree:
    def test_every_input_has_exactly_one_outcome(self, both: tuple[list[bytes], list[Result], MemoryPipeline]) -> None:
        """Offline yields one result per input, in order; in memory, each input is exactly one row of one table."""
        payloads, results, harness = both
        assert [r.index for r in results] == list(range(len(payloads)))
        assert all((r.article is None) != (r.dead_letter is None) for r in results)
        # Rows back to inputs: an article by its id, a dead letter by its origin (the input's raw offset).
        index_of_id = {}
        for i, payload in enumerate(payloads):
            with contextlib.suppress(orjson.JSONDecodeError, AttributeError, TypeError):
                index_of_id[orjson.loads(payload).get("id")] = i
        owners = [index_of_id[a.id] for a in harness.articles.rows]
        owners += [d.origin_offset for d in harness.dead_letters.rows]
        assert sorted(owners) == list(range(len(payloads)))  # type: ignore[type-var]

    def test_same_enriched_records(self, both: tuple[list[bytes], list[Result], MemoryPipeline]) -> None:
        """Both runners enrich the same articles to the same records."""
        _, results, harness = both
        articles = {r.article.id: r.article for r in results if r.article is not None}
        assert set(articles) == {"seed", "mayor", "headline", "brief", "french"}
        assert {a.id: a for a in harness.articles.rows} == articles

    def test_same_dead_letters(self, both: tuple[list[bytes], list[Result], MemoryPipeline]) -> None:
        """Both runners dead-letter the same inputs, at the same stage, for the same reason."""
        _, results, harness = both
        assert sorted(comparable(r.dead_letter) for r in results if r.dead_letter is not None) == sorted(
            comparable(d) for d in harness.dead_letters.rows
        )

    def test_bad_inputs_get_their_reasons(self, both: tuple[list[bytes], list[Result], MemoryPipeline]) -> None:
        """Each kind of bad input is dead-lettered by clean_articles with the reason that names it."""
        payloads, results, _ = both
        reasons = {kind: results[payloads.index(p)].dead_letter for kind, p in BAD.items()}
        assert {kind: (d.stage, d.reason) for kind, d in reasons.items() if d is not None} == {
            "invalid_json": ("clean_articles", "invalid_json"),
            "invalid_encoding": ("clean_articles", "invalid_encoding"),
            "not_an_object": ("clean_articles", "invalid_json"),
            "wrong_types": ("clean_articles", "invalid_article"),
            "empty": ("clean_articles", "invalid_json"),
            "no_body": ("clean_articles", "empty_body"),
            "too_large": ("clean_articles", "body_too_large"),
            "no_content": ("clean_articles", "no_content_extracted"),
        }

    def test_briefs_and_other_languages_are_enriched(
        self, both: tuple[list[bytes], list[Result], MemoryPipeline]
    ) -> None:
        """With default settings a one-line headline and a brief get entities; a French article lands with
        its text and language, each NLP stage recorded as skipped."""
        _, results, _ = both
        articles = {r.article.id: r.article for r in results if r.article is not None}
        assert articles["headline"].language == "en" and not articles["headline"].skipped_stages
        assert {e.text for e in articles["headline"].entities} >= {"Fed"}
        assert articles["brief"].language == "en" and {e.text for e in articles["brief"].entities} >= {"Britain"}
        french = articles["french"]
        assert french.language == "fr" and french.text.startswith("Le maire")
        assert [s.stage for s in french.skipped_stages] == ["tag_entities", "attribute_quotes", "score_stance"]
        assert french.entities == () and french.quotes == () and french.stance.tone.score == 0

    def test_a_bug_in_any_stage_dead_letters_that_article_alone(
        self, both: tuple[list[bytes], list[Result], MemoryPipeline]
    ) -> None:
        """A forced failure in each stage (and in a batch's parse) becomes one processing_error for that article."""
        _, results, _ = both
        failed = {r.dead_letter.article_id: r.dead_letter for r in results if r.dead_letter is not None}
        for stage in STAGES:
            letter = failed[f"fail-{stage.name}"]
            assert (letter.stage, letter.reason, letter.error_type) == (stage.name, "processing_error", "Boom")
        assert (failed["fail-prepare"].stage, failed["fail-prepare"].reason) == ("tag_entities", "processing_error")


class TestMemoryPipeline:
    def test_a_row_the_store_refuses_becomes_a_dead_letter(self, ctx: StageContext) -> None:
        """An article the database refuses is dead-lettered by store_articles; its batch-mates are stored."""
        harness = streamed(
            [_article("kept"), _article("refused")], ctx, articles=MemoryTable(refuse=lambda a: a.id == "refused")
        )
        assert [a.id for a in harness.articles.rows] == ["kept"]
        [letter] = harness.dead_letters.rows
        assert (letter.article_id, letter.stage, letter.reason) == ("refused", "store_articles", "processing_error")

    def test_a_dead_letter_the_store_refuses_is_kept_reduced(self, ctx: StageContext) -> None:
        """A dead letter the store refuses (here: any utf-8 payload) is stored with its payload as base64."""
        harness = streamed(
            [b"{not json"], ctx, dead_letters=MemoryTable(refuse=lambda d: d.payload_encoding == "utf-8")
        )
        [letter] = harness.dead_letters.rows
        assert (letter.reason, letter.payload_encoding, letter.payload) == ("invalid_json", "base64", "e25vdCBqc29u")

    def test_a_result_too_large_for_its_topic_becomes_a_dead_letter(self, ctx: StageContext) -> None:
        """A result the transport refuses (over its size limit) is a body_too_large dead letter (ResultTooLarge); the others go on."""
        long_text = " ".join([NEWS] * 20)
        harness = streamed([_article("mayor"), _article("long", long_text)], ctx, max_message_bytes=15_000)
        assert [a.id for a in harness.articles.rows] == ["mayor"]
        [letter] = harness.dead_letters.rows
        assert (letter.article_id, letter.stage, letter.reason) == ("long", "tag_entities", "body_too_large")
        assert "15,000-byte limit" in letter.message

    def test_a_result_over_the_message_limit_is_not_sent(self, ctx: StageContext) -> None:
        """An entity-dense text (results ~9 times its size) over the message limit is body_too_large (ResultTooLarge), not a bug."""
        names = ["Ann Carter", "Bob Lee", "Paris", "Google", "Angela Merkel", "Berlin", "Microsoft", "Tokyo"]
        dense = " ".join(f"{names[i % 8]} and {names[(i + 3) % 8]} met in {names[(i + 5) % 8]}." for i in range(100))
        small = replace(ctx, max_message_bytes=25_000)
        harness = streamed([_article("mayor"), _article("dense", dense)], small)
        assert [a.id for a in harness.articles.rows] == ["mayor"]
        [letter] = harness.dead_letters.rows
        assert (letter.article_id, letter.stage, letter.reason) == ("dense", "tag_entities", "body_too_large")
        assert "25,000-byte message limit (NEWSFLOW_MAX_MESSAGE_BYTES) of the entities topic" in letter.message

    def test_a_text_too_long_for_its_results_is_refused_before_nlp(self, ctx: StageContext) -> None:
        """A clean text over a fifth of the message limit is body_too_large at clean_articles, with what to do."""
        long_text = " ".join([NEWS] * 20)
        harness = streamed([_article("long", long_text)], replace(ctx, max_message_bytes=20_000))
        [letter] = harness.dead_letters.rows
        assert (letter.stage, letter.reason) == ("clean_articles", "body_too_large")
        assert "NEWSFLOW_MAX_MESSAGE_BYTES" in letter.message and not harness.articles.rows

    def test_a_dead_letter_too_large_for_its_topic_goes_without_its_payload(self, ctx: StageContext) -> None:
        """Binary junk over the topic limit under a huge key: a payload-less dead letter; the next article is fine."""
        harness = MemoryPipeline(ctx, batch_size=4, max_message_bytes=15_000)
        harness.feed([b"\xff" * 20_000], key=b"\xfe" * 100_000)
        harness.feed([_article("after")])
        asyncio.run(harness.run())
        assert [a.id for a in harness.articles.rows] == ["after"]
        [letter] = harness.dead_letters.rows
        assert (letter.reason, letter.payload, letter.payload_truncated) == ("invalid_encoding", "", True)
        assert (
            letter.source_offset == 0 and len(letter.source_key or "") <= 1024 and len(letter.article_id or "") <= 256
        )

    def test_nul_characters_never_reach_a_store(self, ctx: StageContext) -> None:
        """NUL in the id, title or text is removed at the door; the article is enriched under the clean id."""
        payload = orjson.dumps(
            {"id": "nul\u0000id", "url": "https://example.com/nul", "title": "A\u0000B", "text": NEWS}
        )
        harness = streamed([payload], ctx)
        [article] = harness.articles.rows
        assert (article.id, article.title) == ("nulid", "AB")

    def test_a_russian_page_lands_with_its_text_title_and_skipped_stages(self, ctx: StageContext) -> None:
        """A page in a language without a pipeline is stored with text, title and language, each NLP stage skipped."""
        body = (
            "Городской совет во вторник проголосовал за продление трамвайной линии в северные районы. "
            "Работы начнутся следующей весной и продлятся три года, сообщили в мэрии."
        )
        html = f"<html lang='ru'><head><title>Трамвай дойдёт до севера</title></head><body><article><p>{body}</p><p>{body}</p></article></body></html>"
        harness = streamed([orjson.dumps({"id": "ru", "url": "https://example.com/ru", "html": html})], ctx)
        [article] = harness.articles.rows
        assert (article.language, article.title) == ("ru", "Трамвай дойдёт до севера")
        assert article.text.startswith("Городской совет")
        assert [s.stage for s in article.skipped_stages] == ["tag_entities", "attribute_quotes", "score_stance"]
        assert all("'ru'" in s.reason for s in article.skipped_stages)


class TestTopologyTable:
    def test_a_new_stage_is_one_row_and_one_function(self, ctx: StageContext) -> None:
        """A no-op stage added to the table between quotes and stance runs offline and in memory."""
        seen: list[str] = []

        def note_article(parsed: Any, _: None, ctx: StageContext) -> Any:
            seen.append(parsed.staged.article.id)
            return parsed

        noted = Topic("noted", PARSED)
        stages = [replace(s, source=noted) if s.source == QUOTES_TOPIC else s for s in STAGES]
        stages.insert(-1, Stage("note_articles", QUOTES_TOPIC, noted, note_article, needs=frozenset({"nlp"})))
        assert [s.name for s in chain_from(RAW_TOPIC, stages, until=ENRICHED_TOPIC)][-2:] == [
            "note_articles",
            "score_stance",
        ]

        results = offline([_article("mayor")], ctx, stages)
        harness = streamed([_article("mayor")], ctx, stages=stages)

        assert seen == ["mayor", "mayor"]
        assert len(harness.topics["noted"]) == 1
        assert [r.article for r in results] == harness.articles.rows

    def test_sinks_read_the_public_topics(self) -> None:
        """Enriched articles and dead letters are each stored by one sink."""
        assert {s.name: s.source.key for s in SINKS} == {
            "store_articles": "enriched",
            "store_dead_letters": "deadletter",
        }

    def test_two_stages_reading_one_topic_are_refused(self) -> None:
        """The chain is unambiguous: a topic has one stage reading it."""
        with pytest.raises(ValueError, match="both read"):
            chain_from(RAW_TOPIC, [*STAGES, replace(STAGES[0], name="again")])


class TestOrigin:
    def test_dead_letters_name_the_raw_message_the_input_came_from(
        self, both: tuple[list[bytes], list[Result], MemoryPipeline]
    ) -> None:
        """A dead letter from any stage carries its input's raw-topic origin (offline: the input's position).

        Both runners name topics alike here (prefix "memory"), so their dead letters compare equal whole.
        """
        payloads, results, harness = both
        for r in results:
            if r.dead_letter is not None:
                assert (r.dead_letter.origin_topic, r.dead_letter.origin_offset) == ("memory.raw.v1", r.index)
        raw = {m.offset for m in harness.topics["raw"]}
        assert all(d.origin_topic == "memory.raw.v1" and d.origin_offset in raw for d in harness.dead_letters.rows)
