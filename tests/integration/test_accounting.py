"""Nothing lost: hostile inputs of every kind, over HTTP and straight onto the raw topic, each end as one row.

Real tansu, real PostgreSQL, a real worker process and the real web server. Inputs come from
``tests/hostile.py`` (41 kinds: broken JSON and encodings, wrong types, missing and empty fields,
URLs naming no page, over-limit bodies and fields, deep nesting, NUL / control characters / lone
surrogates in fields and keys, references to control characters in HTML, unusual Unicode, HTML
that swallows its body, script and SQL strings), mixed with good articles. Raw-topic messages are
produced with confluent-kafka, an independent client. Every input must end as exactly one row, an
article or a dead letter, with its outcome recorded for ``newsflow audit``; none is a
``processing_error`` (a bug of ours); the worker never crashes. ``bench/hostile.py`` runs the same
with thousands of inputs.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from agents.services import ManagedProcess
from agents.settings import Settings
from tests.helpers import post_article, serving_web, unaccounted
from tests.hostile import GOOD_KINDS, good_articles, hostile_inputs, produce, wait_until_accounted

pytestmark = [pytest.mark.integration, pytest.mark.timeout(600)]

MAX_BODY = 100_000


class TestEveryInputIsAccountedFor:
    def test_hostile_inputs_over_http_and_kafka(
        self, make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
    ) -> None:
        """Each of ~200 hostile and good inputs is one article or one dead letter; no bug, no crash."""
        settings = make_settings(max_body_bytes=MAX_BODY)
        worker = start_worker(settings)
        over_kafka = hostile_inputs(3, seed=1, start=0)
        # A request has no Kafka key: kinds marked only in the key cannot be told apart over HTTP.
        over_http = [i for i in hostile_inputs(3, seed=2, start=500_000) if i.marker.encode() in (i.value or b"")]
        statuses = {}
        with serving_web(settings) as web:
            for item in over_http:
                statuses[item.marker] = post_article(web, item.value or b"")[0]
            produce(settings.kafka_bootstrap, settings.topics.raw, over_kafka)
        inputs = over_kafka + over_http
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]

        result = wait_until_accounted(dsn, inputs, alive=worker.check_alive, timeout=240)
        assert result.lost(inputs) == []
        assert result.doubled(inputs) == []
        assert result.unmarked_rows == 0
        assert unaccounted(settings) == []  # `newsflow audit`: each raw message has its outcome recorded
        bugs = {(kind, outcome): n for (kind, outcome), n in result.outcomes.items() if "processing_error" in outcome}
        assert bugs == {}
        assert {kind for (kind, outcome) in result.outcomes if outcome == "article"} == GOOD_KINDS
        assert all(s in (202, 400, 413) for s in statuses.values())
        assert all(statuses[i.marker] == 202 for i in over_http if i.kind in GOOD_KINDS)
        log = worker.log_path.read_text(encoding="utf-8", errors="replace")
        assert "Traceback" not in log and "crashed" not in log.lower()


class TestCompressedBatches:
    def test_every_kafka_compression_codec_is_read(
        self, make_settings: Callable[..., Settings], start_worker: Callable[[Settings], ManagedProcess]
    ) -> None:
        """Scrapers' producers compress record batches as they are configured to: every codec Kafka has is read.

        Without a codec's decoder the consumer cannot read the batch at all, so the worker stops on it
        and the partition stays stuck behind it.
        """
        settings = make_settings()
        worker = start_worker(settings)
        codecs = ("gzip", "snappy", "lz4", "zstd")
        batches = {codec: good_articles(4, seed=n, start=700_000 + 10 * n) for n, codec in enumerate(codecs)}
        for codec, inputs in batches.items():
            produce(settings.kafka_bootstrap, settings.topics.raw, inputs, compression=codec)
        inputs = [i for batch in batches.values() for i in batch]
        dsn = settings.database_url.get_secret_value()  # type: ignore[union-attr]

        result = wait_until_accounted(dsn, inputs, alive=worker.check_alive, timeout=120)
        assert result.lost(inputs) == []
        assert {outcome for (_, outcome) in result.outcomes} == {"article"}
