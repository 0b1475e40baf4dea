"""The ``newsflow`` command: run the stack, feed it, enrich offline. Commands hold no logic."""

from __future__ import annotations

import asyncio
import collections
import contextlib
import io
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, get_args

import orjson
import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from agents.logs import configure_logging
from agents.settings import Settings
from schemas.deadletter import DeadLetterReason

if TYPE_CHECKING:
    from agents.replay import ReplayReport
    from agents.stack import RunningStack

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Newsflow: streaming news enrichment.")
err = Console(stderr=True)

SAMPLES = "samples"


def _settings() -> Settings:
    try:
        return Settings()
    except Exception as exc:  # pydantic's ValidationError, shown readably
        err.print(f"[red]invalid configuration:[/red] {exc}")
        raise typer.Exit(2) from None


def samples_dir() -> Path:
    """The sample articles shipped with the package."""
    return Path(str(resources.files("agents").joinpath(SAMPLES)))


@contextlib.contextmanager
def _open_files(in_: Path | None, out: Path | None) -> Iterator[tuple[io.BufferedReader, io.BufferedWriter]]:
    """The input (stdin for none or "-") and output (stdout likewise) as binary files.

    Both are opened before any model loads: a path that cannot be read or written ends the command
    at once with one line saying which (exit 2).
    """
    with contextlib.ExitStack() as stack:
        try:
            src = sys.stdin.buffer if in_ is None or str(in_) == "-" else stack.enter_context(in_.open("rb"))
            dst = sys.stdout.buffer if out is None or str(out) == "-" else stack.enter_context(out.open("wb"))
        except OSError as exc:
            err.print(f"[red]cannot open {exc.filename}:[/red] {exc.strerror}")
            raise typer.Exit(2) from None
        yield src, dst  # type: ignore[misc]
        dst.flush()


@app.command()
def up(
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Worker processes \\[default: one per CPU core, at most the partitions]."),
    ] = None,
    samples: Annotated[bool, typer.Option(help="Feed the bundled sample articles once started.")] = True,
    once: Annotated[
        bool, typer.Option(help="Exit after the samples are processed (prints the counts) instead of serving.")
    ] = False,
    durable: Annotated[
        bool | None,
        typer.Option(
            "--durable/--memory",
            help="Embedded broker storage: --durable keeps messages and committed offsets in the state dir "
            "(tansu on a local S3 server, s3rver), --memory loses them when it stops "
            "\\[default: NEWSFLOW_BROKER_STORAGE, memory].",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run broker, PostgreSQL, worker(s) and dashboard on this machine; Ctrl+C stops everything.

    The broker is started unless NEWSFLOW_KAFKA_BOOTSTRAP is set (NEWSFLOW_EMBEDDED_BROKER decides
    when set), with memory storage unless --durable (or NEWSFLOW_BROKER_STORAGE=s3); PostgreSQL
    unless NEWSFLOW_DATABASE_URL is set.
    """
    from agents.feed import iter_payloads
    from agents.services import ServiceError
    from agents.stack import embedded_stack, wait_until_drained

    settings = _settings()
    if durable is not None:
        settings = settings.model_copy(update={"broker_storage": "s3" if durable else "memory"})
    configure_logging(settings.log_level)
    # One worker per core: spaCy and the stance model are CPU-bound. A worker's stance runs use a second
    # core when one is idle (NEWSFLOW_STANCE_PARALLEL); measured with 2 workers on 2 cores, that costs no throughput.
    workers = workers or max(1, min(os.cpu_count() or 1, settings.topic_partitions))
    embedded_broker = settings.runs_embedded_broker
    embedded_postgres = settings.database_url is None
    # SIGTERM behaves like Ctrl+C, so `kill` also stops every child cleanly.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started with SIGINT ignored (nohup, &)
    err.print("[bold]newsflow up[/bold]: starting " + ", ".join(
        p for p, on in (("broker", embedded_broker), ("PostgreSQL", embedded_postgres),
                        (f"{workers} worker(s)", True), ("web", True)) if on
    ))  # fmt: skip
    try:
        with embedded_stack(
            settings, workers=workers, embedded_broker=embedded_broker, embedded_postgres=embedded_postgres
        ) as stack:
            _print_where(stack)
            if samples:
                payloads = list(iter_payloads(samples_dir()))
                asyncio.run(_feed(stack.settings, payloads))
                err.print(f"fed {len(payloads)} sample articles (some are deliberately bad: see dead letters)")
            if once:
                took = wait_until_drained(stack, timeout=300)
                err.print(f"pipeline drained in {took:.1f}s")
                _print_counts(stack.database_url)
            else:
                err.print("serving; press Ctrl+C to stop")
                # A worker or web process that exits is restarted with backoff (logged), the rest keep running.
                while True:
                    stack.supervise()
                    time.sleep(1)
    except KeyboardInterrupt:
        err.print("stopping…")
    except ServiceError as exc:
        err.print(f"[red]newsflow up failed:[/red] {exc}")
        err.print("stopped; nothing left running")
        raise typer.Exit(1) from None
    err.print("stopped; nothing left running")


def _print_where(stack: RunningStack) -> None:
    s = stack.settings
    table = Table(show_header=False, box=None)
    table.add_row("dashboard", stack.web_url)
    table.add_row("ingest", f"curl -X POST {stack.web_url}/articles -d @article.json")
    storage = ""
    if stack.broker is not None and stack.broker.s3 is not None:
        storage = f" [embedded tansu, durable: s3rver {stack.broker.s3.endpoint}, data {s.state_dir / 's3'}]"
    elif stack.embedded_broker:
        storage = " [embedded tansu, memory: lost when it stops]"
    table.add_row("kafka", f"{s.kafka_bootstrap}  (topics {s.topic_prefix}.*){storage}")
    table.add_row("postgres", f"psql {stack.database_url}")
    table.add_row("logs", str(stack.log_dir))
    err.print(table)


def _print_counts(database_url: str) -> None:
    import asyncpg

    async def counts() -> list[tuple[str, int]]:
        conn = await asyncpg.connect(database_url)
        try:
            return [
                (name, await conn.fetchval(sql))
                for name, sql in (
                    ("articles", "SELECT count(*) FROM articles"),
                    ("entities", "SELECT count(*) FROM entities"),
                    ("quotes", "SELECT count(*) FROM quotes"),
                    ("attributed quotes", "SELECT count(*) FROM quotes WHERE speaker IS NOT NULL"),
                    ("stance rows", "SELECT count(*) FROM stance"),
                    ("dead letters", "SELECT count(*) FROM dead_letters"),
                )
            ]
        finally:
            await conn.close()

    table = Table("table", "rows")
    for name, n in asyncio.run(counts()):
        table.add_row(name, str(n))
    Console().print(table)


async def _feed(settings: Settings, payloads: list[bytes]) -> None:
    from agents.feed import Feeder

    async with Feeder(settings) as feeder:
        for payload in payloads:
            await feeder.send(payload)
        await feeder.flush()


@app.command()
def worker() -> None:
    """Run one pipeline worker (a faust worker with all agents)."""
    from agents.worker import run_worker

    settings = _settings()
    configure_logging(settings.log_level)
    if settings.database_url is None:
        # Its sink agents would crash at the first batch while it keeps its partitions: a stalled share.
        err.print(
            "[red]NEWSFLOW_DATABASE_URL is not set:[/red] a worker stores what it enriches in PostgreSQL; "
            "point it at the database (newsflow up sets it for the workers it starts)"
        )
        raise typer.Exit(2)
    from aiokafka.errors import KafkaError

    from agents.admin import ensure_topics

    try:
        asyncio.run(ensure_topics(settings))  # creates what is missing; tells an absent broker in one line
    except KafkaError as exc:
        err.print(
            f"[red]no Kafka broker answers at {settings.kafka_bootstrap}[/red] ({exc}): start it, or point "
            "NEWSFLOW_KAFKA_BOOTSTRAP at one"
        )
        raise typer.Exit(1) from None
    run_worker(settings)


@app.command()
def web() -> None:
    """Serve POST /articles and the dashboard."""
    from agents.dashboard import setup as dashboard_setup
    from agents.web import serve

    settings = _settings()
    configure_logging(settings.log_level)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(settings, extensions=(dashboard_setup,)))


@app.command()
def feed(
    source: Annotated[str, typer.Argument(help="File, directory, or - for JSON lines on stdin.")],
) -> None:
    """Send articles to the raw topic: .json, .jsonl, .html, .txt files or directories of them."""
    from aiokafka.errors import KafkaError

    from agents.feed import Feeder, check_source, iter_payloads
    from pipeline.errors import BrokerUnavailable

    settings = _settings()
    configure_logging(settings.log_level)
    if source != "-" and not Path(source).exists():
        err.print(f"[red]no such file or directory:[/red] {source}")
        raise typer.Exit(2)
    try:
        check_source(source)
    except ValueError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None

    async def run() -> tuple[int, int]:
        async with Feeder(settings) as feeder:
            with Progress(
                TextColumn("feeding"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
            ) as progress:
                task = progress.add_task("feed", total=None)
                for payload in iter_payloads(source):
                    await feeder.send(payload)
                    progress.advance(task)
            await feeder.flush()
            return feeder.result.sent, feeder.result.rejected

    try:
        sent, rejected = asyncio.run(run())
    except (KafkaError, ConnectionError, BrokerUnavailable) as exc:  # the broker, or the network to it
        err.print(f"[red]feed failed:[/red] {exc}. Is the broker at {settings.kafka_bootstrap} running?")
        raise typer.Exit(1) from None
    except Exception as exc:  # noqa: BLE001 - report, don't trace: e.g. a file in a directory that cannot be read
        err.print(f"[red]feed failed:[/red] {type(exc).__name__}: {exc}")
        raise typer.Exit(1) from None
    err.print(f"sent {sent} to {settings.topics.raw}; {rejected} rejected as dead letters")


@app.command()
def enrich(
    in_: Annotated[Path | None, typer.Option("--in", help="JSONL of raw articles (default stdin).")] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Where to write enriched JSONL (default stdout).")] = None,
) -> None:
    """Enrich raw articles offline, without a broker: JSONL in, JSONL out; failures as {"id", "line", "error"}.

    The same stages and error policy as the workers: an input that a worker would dead-letter is
    written as {"id", "line", "error": {"stage", "reason", "type", "message"}}.
    """
    from agents.feed import key_for, numbered_json_lines
    from agents.runtime import Runtime, utcnow
    from pipeline.offline import enrich_offline

    settings = _settings()
    configure_logging(settings.log_level)
    ok = failed = 0
    with _open_files(in_, out) as (src, dst):
        runtime = Runtime(settings)
        runtime.preload()
        ctx = asyncio.run(runtime.stage_context(frozenset({"nlp", "stance"})))()
        numbers: collections.deque[int] = collections.deque()  # line numbers of the inputs not yet answered

        def lines() -> Iterator[bytes]:
            # Read as `newsflow feed` reads JSON lines: CR, LF or CRLF ends a line, byte order marks go.
            for number, line in numbered_json_lines(src):
                numbers.append(number)
                yield line

        results = enrich_offline(lines(), ctx, topic_name=settings.topics.__getitem__, now=utcnow, key=key_for)
        for result in results:
            if result.dead_letter is not None:
                failed += 1
                letter = result.dead_letter
                error = {"stage": letter.stage, "reason": letter.reason, "type": letter.error_type,
                         "message": letter.message}  # fmt: skip
                line = numbers.popleft()  # results come one per input, in input order
                dst.write(orjson.dumps({"id": letter.article_id, "line": line, "error": error}) + b"\n")
            else:
                assert result.article is not None  # noqa: S101 - a result has an article or a dead letter
                numbers.popleft()
                ok += 1
                # No broker message carried it: the origin the offline run numbers its inputs by is not one.
                article = result.article.model_copy(update={"origin": None})
                dst.write(article.model_dump_json().encode() + b"\n")
    err.print(f"enriched {ok}, failed {failed}")


@app.command()
def stance(
    in_: Annotated[Path | None, typer.Option("--in", help='JSONL {"id","text","target":{"start","end"}}.')] = None,
    out: Annotated[Path | None, typer.Option("--out", help="Where to write JSONL (default stdout).")] = None,
) -> None:
    """Score stance toward a target span: adds "stance": {"label","score"} to each input object.

    A line that is no such object is written as {"line", "error"} and the command exits 1 at the end.
    """
    from agents.feed import numbered_json_lines
    from pipeline.stance import load_stance_model

    failed = 0
    with _open_files(in_, out) as (src, dst):
        model = load_stance_model()
        for n, line in numbered_json_lines(src):
            try:
                text, start, end, item = _stance_item(line)
            except (orjson.JSONDecodeError, ValueError) as exc:
                failed += 1
                err.print(f'[red]line {n}:[/red] {exc}; expected {{"id","text","target":{{"start","end"}}}}')
                dst.write(orjson.dumps({"line": n, "error": str(exc)}) + b"\n")
                continue
            [result] = model.score([(text, start, end)])
            dst.write(orjson.dumps({**item, "stance": result.model_dump()}) + b"\n")
    if failed:
        raise typer.Exit(1)


def _stance_item(line: bytes) -> tuple[str, int, int, dict[str, object]]:
    """The text, target span and object of a ``newsflow stance`` input line (``ValueError`` saying what is wrong)."""
    item = orjson.loads(line)
    if not isinstance(item, dict):
        msg = "not a JSON object"
        raise ValueError(msg)
    text, target = item.get("text"), item.get("target")
    if not isinstance(text, str):
        msg = '"text" is missing or not a string'
        raise ValueError(msg)
    if not isinstance(target, dict) or not all(type(target.get(k)) is int for k in ("start", "end")):
        msg = '"target" is missing or has no integer "start" and "end"'
        raise ValueError(msg)
    start, end = target["start"], target["end"]
    if start >= end:
        msg = f"target {start}..{end} is empty: start must be below end"
        raise ValueError(msg)
    if not 0 <= start < end <= len(text):
        msg = f"target {start}..{end} is outside the text (length {len(text)})"
        raise ValueError(msg)
    return text, start, end, item


replay_app = typer.Typer(
    no_args_is_help=True,
    help="Send stored inputs through the running pipeline again: dead letters, or stored articles (backfill).",
)
app.add_typer(replay_app, name="replay")


def _since(value: str | None) -> datetime | None:
    from agents.replay import parse_since
    from agents.runtime import utcnow

    if value is None:
        return None
    try:
        return parse_since(value, now=utcnow())
    except ValueError as exc:
        err.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from None


def _run_replay(settings: Settings, what: str, job: Callable[[Any, Any, Any], Awaitable[ReplayReport]]) -> None:
    """Connect to PostgreSQL and the broker, run ``job(pool, send, progress)`` under a progress bar, print the report."""
    from agents.feed import Feeder
    from agents.sink_postgres import connect
    from pipeline.topology import Topic

    if settings.database_url is None:
        err.print(
            "[red]NEWSFLOW_DATABASE_URL is not set:[/red] point it at the pipeline's PostgreSQL "
            "(for `newsflow up`, the `postgres` URL it printed)"
        )
        raise typer.Exit(2)

    async def run() -> ReplayReport:
        pool = await connect(settings.database_url.get_secret_value(), max_size=2, attempts=5)  # type: ignore[union-attr]
        try:
            async with Feeder(settings) as feeder:

                async def send(topic: Topic, key: bytes | None, value: bytes) -> None:
                    await (await feeder.send_to(settings.topics[topic], value, key))

                with Progress(
                    TextColumn(what), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err
                ) as bar:
                    task = bar.add_task(what, total=None)
                    return await job(pool, send, lambda done, total: bar.update(task, completed=done, total=total))
        finally:
            await pool.close()

    try:
        report = asyncio.run(run())
    except Exception as exc:  # noqa: BLE001 - report, don't trace
        err.print(
            f"[red]replay failed:[/red] {exc}. Is the broker at {settings.kafka_bootstrap} and PostgreSQL running? "
            "Nothing acknowledged is lost: run the same command again."
        )
        raise typer.Exit(1) from None
    sys.stdout.write(orjson.dumps(report.as_dict()).decode() + "\n")
    verb = "would send" if report.dry_run else "sent"
    err.print(
        f"{verb} {report.sent if not report.dry_run else sum(report.by_topic.values())} of {report.selected} selected"
        + (f" ({report.failed} not acknowledged: run again)" if report.failed else "")
    )
    if report.already_replayed:
        err.print(f"{report.already_replayed} matching dead letters were replayed before (--force sends them again)")
    for why, n in report.unreplayable.items():
        err.print(f"[yellow]{n} cannot be replayed:[/yellow] {why} (each is logged with where its input is)")
    if report.failed:
        raise typer.Exit(1)


@replay_app.command("dead-letters")
def replay_dead_letters_cmd(
    reason: Annotated[
        list[str] | None,
        typer.Option(
            help="Dead-letter reason to replay (repeatable); `all` for every reason (default: processing_error).",
            show_default=False,
        ),
    ] = None,
    stage: Annotated[list[str] | None, typer.Option(help="Only dead letters of this stage (repeatable).")] = None,
    since: Annotated[
        str | None, typer.Option(help="Only dead letters since: ISO date/time (UTC if naive) or 90m, 24h, 7d.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Count what would be sent; send and mark nothing.")
    ] = False,
    force: Annotated[bool, typer.Option("--force", help="Also send dead letters replayed before.")] = False,
) -> None:
    """Re-send stored dead letters' payloads into the pipeline (raw inputs to the raw topic, cleaned ones to clean).

    Each one the broker acknowledges is marked replayed (dead_letters.replayed_at) and is not sent again
    unless --force. Letters stored without their payload cannot be replayed: they are counted and logged.
    Prints a JSON report on stdout.
    """
    from agents.replay import LetterSelection, replay_dead_letters
    from agents.runtime import utcnow

    settings = _settings()
    configure_logging(settings.log_level)
    reasons = tuple(reason or ("processing_error",))
    known = (*get_args(DeadLetterReason), "all")
    if unknown := [r for r in reasons if r not in known]:
        err.print(f"[red]unknown dead-letter reason {', '.join(unknown)}:[/red] use one of {', '.join(known)}")
        raise typer.Exit(2)
    selection = LetterSelection(
        reasons=() if "all" in reasons else reasons, stages=tuple(stage or ()), since=_since(since), force=force
    )
    _run_replay(
        settings,
        "replaying dead letters",
        lambda pool, send, progress: replay_dead_letters(
            pool, send, selection, now=utcnow, max_message_bytes=settings.max_message_bytes, dry_run=dry_run,
            progress=progress,
        ),
    )  # fmt: skip


@replay_app.command("articles")
def replay_articles_cmd(
    before_version: Annotated[
        str | None,
        typer.Option(help="Only articles enriched by a Newsflow release before this one (e.g. 0.2.0); default: all."),
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles first seen since: ISO date/time (UTC if naive) or 90m, 24h, 7d.")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would be sent; send nothing.")] = False,
) -> None:
    """Re-enrich stored articles with the running workers' models (backfill); ids stay, unchanged results too.

    Each article's stored text and metadata go to the clean topic. A result that did not change only
    raises the row's pipeline_version; a changed one is a new revision. Prints a JSON report on stdout.
    """
    from agents.replay import ArticleSelection, replay_articles, versions_before
    from agents.runtime import utcnow

    settings = _settings()
    configure_logging(settings.log_level)
    if before_version is not None:
        try:
            versions_before([], before_version)
        except ValueError as exc:
            err.print(f"[red]{exc}[/red]")
            raise typer.Exit(2) from None
    selection = ArticleSelection(before_version=before_version, since=_since(since))
    _run_replay(
        settings,
        "re-enriching articles",
        lambda pool, send, progress: replay_articles(
            pool, send, selection, now=utcnow, dry_run=dry_run, progress=progress
        ),
    )


@app.command()
def audit(
    last: Annotated[
        int,
        typer.Option(min=0, help="Check only the last N messages below each partition's committed offset (0: all)."),
    ] = 0,
    replay: Annotated[
        bool,
        typer.Option("--replay", help="Send each missing message to the raw topic again; record it as replayed."),
    ] = False,
) -> None:
    """Check that every raw-topic message the workers committed has a stored outcome (article or dead letter).

    Reads the raw topic below the worker group's committed offsets and the outcomes the sinks record
    (table input_outcomes); a message without one that a later topic still carries is pending. Prints
    a JSON report on stdout. Exit status: 0 nothing missing (or all of it replayed), 1 missing
    messages not replayed, 2 the audit could not run. Changes nothing unless --replay.
    """
    from agents.audit import audit as run_audit
    from agents.sink_postgres import connect

    settings = _settings()
    configure_logging(settings.log_level)
    if settings.database_url is None:
        err.print(
            "[red]NEWSFLOW_DATABASE_URL is not set:[/red] point it at the pipeline's PostgreSQL "
            "(for `newsflow up`, the `postgres` URL it printed)"
        )
        raise typer.Exit(2)

    async def run() -> list[Any] | None:
        url = settings.database_url.get_secret_value()  # type: ignore[union-attr]
        pool = await connect(url, max_size=2, attempts=5, migrations=False)
        try:
            if await pool.fetchval("SELECT to_regclass('input_ledger')") is None:
                return None
            async with contextlib.AsyncExitStack() as stack:
                send = None
                if replay:
                    from agents.feed import Feeder

                    feeder = await stack.enter_async_context(Feeder(settings))

                    async def send(topic: str, key: bytes | None, value: bytes | None) -> None:
                        await (await feeder.send_to(topic, value, key))

                with Progress(TextColumn("auditing"), MofNCompleteColumn(), TimeElapsedColumn(), console=err) as bar:
                    task = bar.add_task("auditing", total=None)
                    return await run_audit(
                        settings, pool, last=last, send=send, progress=lambda n: bar.update(task, completed=n)
                    )
        finally:
            await pool.close()

    try:
        reports = asyncio.run(run())
    except (Exception, asyncio.CancelledError) as exc:  # noqa: BLE001 - report, don't trace
        err.print(
            f"[red]audit failed:[/red] {exc!r}. Is the broker at {settings.kafka_bootstrap} and PostgreSQL running? "
            "Nothing was changed but what --replay acknowledged: run it again."
        )
        raise typer.Exit(2) from None
    if reports is None:
        err.print(
            "[red]this database has no outcome ledger (input_outcomes):[/red] start a worker of this version "
            "first; it migrates the database and records outcomes from then on"
        )
        raise typer.Exit(2)
    missing = sum(len(r.missing) for r in reports)
    summary = {
        "topic": settings.topics.raw,
        "checked": sum(r.checked for r in reports),
        "pending": sum(r.pending for r in reports),
        "missing": missing,
        "replayed": sum(r.replayed for r in reports),
        "replay_failed": sum(r.replay_failed for r in reports),
        "partitions": [r.as_dict() for r in reports],
    }
    sys.stdout.write(orjson.dumps(summary).decode() + "\n")
    err.print(f"checked {summary['checked']} messages: {missing} missing, {summary['pending']} pending (on their way)")
    if summary["replay_failed"]:
        err.print(f"[yellow]{summary['replay_failed']} not acknowledged by the broker:[/yellow] run it again")
        raise typer.Exit(1)
    if missing and not replay:
        err.print("[yellow]inputs without an outcome:[/yellow] `newsflow audit --replay` sends them through again")
        raise typer.Exit(1)


@app.command()
def schema(
    name: Annotated[str, typer.Argument(help="raw_article, enriched_article or dead_letter")],
) -> None:
    """Print the published JSON Schema of a record (v1)."""
    path = resources.files("schemas").joinpath("jsonschema", f"{name}.v1.schema.json")
    if not path.is_file():
        err.print(f"[red]unknown schema {name!r}[/red]; choose raw_article, enriched_article or dead_letter")
        raise typer.Exit(2)
    sys.stdout.write(path.read_text(encoding="utf-8"))


if __name__ == "__main__":
    app()
