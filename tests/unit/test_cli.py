"""The `newsflow` CLI: the offline commands (enrich, stance, schema) and where `up` gets its configuration.

No services are started: `up`'s embedded stack and services are replaced by fakes that record
what they were asked to run.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from agents import stack as stack_module
from agents.cli import app
from agents.services import ServiceError, postgres_bindir, tansu_binary
from agents.settings import Settings
from agents.stack import embedded_stack
from schemas import EnrichedArticle
from schemas.articles import article_id_for_url
from tests.helpers import SEED_PATH

runner = CliRunner()


@pytest.fixture(scope="module")
def enriched(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """`newsflow enrich` output for the seed, a bad line and a German article."""
    src = tmp_path_factory.mktemp("enrich") / "in.jsonl"
    lines = [
        orjson.dumps({"url": "https://e.com/seed", "text": SEED_PATH.read_text(encoding="utf-8")}),
        b"{not json",
        orjson.dumps({"url": "https://e.com/de", "text": "Die Regierung hat heute neue Pl\u00e4ne vorgestellt. " * 8}),
    ]
    src.write_bytes(b"\n".join(lines) + b"\n")
    out = src.with_name("out.jsonl")
    result = runner.invoke(app, ["enrich", "--in", str(src), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]


class TestEnrich:
    def test_one_output_line_per_input_in_order(self, enriched: list[dict[str, object]]) -> None:
        """Every input line yields exactly one output line, in input order."""
        assert len(enriched) == 3
        assert "error" not in enriched[0] and "error" in enriched[1] and "error" not in enriched[2]

    def test_seed_comes_out_with_attributed_quotes(self, enriched: list[dict[str, object]]) -> None:
        """The offline path carries the same enrichment as the stream: quotes with speakers, stance."""
        article = EnrichedArticle.model_validate(enriched[0])
        assert sum(q.speaker is not None for q in article.quotes) >= 5
        assert article.stance.entities

    def test_failures_carry_reason_and_line(self, enriched: list[dict[str, object]]) -> None:
        """Failures say which line, at which stage, and why."""
        assert enriched[1]["error"]["reason"] == "invalid_json" and enriched[1]["line"] == 2  # type: ignore[index]

    def test_other_languages_are_enriched_with_the_stages_they_skipped(self, enriched: list[dict[str, object]]) -> None:
        """A German article comes out cleaned, named 'de', with each NLP stage recorded as skipped and why."""
        article = EnrichedArticle.model_validate(enriched[2])
        assert article.language == "de" and article.text.startswith("Die Regierung")
        assert [s.stage for s in article.skipped_stages] == ["tag_entities", "attribute_quotes", "score_stance"]
        assert all("'de'" in s.reason for s in article.skipped_stages)
        assert not article.entities and not article.quotes


class TestEnrichInput:
    def test_lines_are_read_as_feed_reads_them_and_numbered_as_an_editor_shows(self, tmp_path: Path) -> None:
        """A byte order mark, CR-only line ends and blank lines: the articles come through and failures
        carry their real line numbers, as `newsflow feed` reads the same file."""
        good = orjson.dumps({"url": "https://e.com/a", "text": "The council approved the budget on Monday. " * 6})
        other = orjson.dumps({"url": "https://e.com/b", "text": "The mayor opened the new bridge on Friday. " * 6})
        src = tmp_path / "in.jsonl"
        src.write_bytes(b"\xef\xbb\xbf" + good + b"\n\n\n{bad\r" + other + b"\r\n\n" + b'{"url": "https://e.com/c"}\n')
        out = tmp_path / "out.jsonl"
        result = runner.invoke(app, ["enrich", "--in", str(src), "--out", str(out)])
        assert result.exit_code == 0, result.output
        rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [r.get("url") for r in rows] == ["https://e.com/a", None, "https://e.com/b", None]
        assert [r.get("line") for r in rows] == [None, 4, None, 7]
        assert rows[0]["origin"] is None  # no broker message carried it
        # A failure of an input that parses names its article, keyed as a feeder would send it.
        assert rows[3]["id"] == article_id_for_url("https://e.com/c") and rows[1]["id"] is None

    @pytest.mark.parametrize("command", ["enrich", "stance"])
    def test_a_missing_input_file_is_one_line_and_exit_2(self, tmp_path: Path, command: str) -> None:
        """A path that cannot be opened is named in one line, without a traceback."""
        result = runner.invoke(app, [command, "--in", str(tmp_path / "nope.jsonl")])
        assert result.exit_code == 2
        assert "cannot open" in result.output and "nope.jsonl" in result.output and "Traceback" not in result.output


class TestArgumentChecks:
    def test_help_shows_the_bracketed_defaults(self) -> None:
        """Rich markup would swallow "[default: …]" in option help: it is escaped."""
        result = runner.invoke(app, ["up", "--help"], env={"COLUMNS": "200"})
        assert "[default: one per CPU core" in result.output and "[default: NEWSFLOW_BROKER_STORAGE" in result.output

    def test_a_negative_audit_window_is_refused(self) -> None:
        """`--last -5` is no window: refused, not read as "all"."""
        assert runner.invoke(app, ["audit", "--last", "-5"]).exit_code == 2

    def test_an_unknown_dead_letter_reason_is_refused(self, no_newsflow_env: pytest.MonkeyPatch) -> None:
        """Reasons are a closed set: a typo is named with the valid ones, before any database is asked."""
        no_newsflow_env.setenv("NEWSFLOW_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
        result = runner.invoke(app, ["replay", "dead-letters", "--reason", "procesing_error"])
        assert result.exit_code == 2
        assert "procesing_error" in result.output and "processing_error" in result.output


class TestWorkerCommand:
    def test_a_worker_without_a_database_does_not_start(self, no_newsflow_env: pytest.MonkeyPatch) -> None:
        """Without NEWSFLOW_DATABASE_URL a worker would take partitions it cannot store: it refuses to start."""
        result = runner.invoke(app, ["worker"])
        assert result.exit_code == 2 and "NEWSFLOW_DATABASE_URL is not set" in result.output

    def test_a_worker_without_a_broker_says_so_in_one_line(self, no_newsflow_env: pytest.MonkeyPatch) -> None:
        """No broker at the bootstrap address: one line naming it and what to do, exit 1, no traceback."""
        no_newsflow_env.setenv("NEWSFLOW_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/none")
        no_newsflow_env.setenv("NEWSFLOW_KAFKA_BOOTSTRAP", "127.0.0.1:1")
        result = runner.invoke(app, ["worker"])
        assert result.exit_code == 1
        assert "no Kafka broker answers at 127.0.0.1:1" in result.output and "Traceback" not in result.output


class TestStanceCommand:
    def test_adds_a_stance_to_each_object(self, tmp_path: Path) -> None:
        """Each input object comes back with a stance label and a score in [-1, 1]; bad lines say why."""
        text = "Any military support to the Assad regime is destabilizing and counterproductive."
        start = text.index("Assad regime")
        src = tmp_path / "in.jsonl"
        src.write_text(
            json.dumps({"id": "1", "text": text, "target": {"start": start, "end": start + 12}})
            + "\n"
            + json.dumps({"id": "2", "text": "x", "target": {"start": 5, "end": 9}})
            + "\n",
            encoding="utf-8",
        )
        result = runner.invoke(app, ["stance", "--in", str(src)])
        assert result.exit_code == 1  # a line failed
        first, second = (json.loads(line) for line in result.stdout.splitlines() if line.startswith("{"))
        assert first["id"] == "1" and first["stance"]["label"] in {"negative", "neutral", "positive"}
        assert -1 <= first["stance"]["score"] <= 1
        assert "outside the text" in second["error"]

    @pytest.mark.parametrize(
        ("item", "says"),
        [
            ({"id": "1", "text": "The plan failed."}, '"target" is missing'),
            ({"id": "1", "text": "The plan failed.", "target": {"start": 9, "end": 4}}, "start must be below end"),
            ({"id": "1", "target": {"start": 0, "end": 4}}, '"text" is missing'),
            ([1, 2], "not a JSON object"),
        ],
    )
    def test_a_malformed_line_says_what_is_wrong(self, tmp_path: Path, item: object, says: str) -> None:
        """Each malformed input is named for what it lacks, not by a Python exception's text."""
        src = tmp_path / "in.jsonl"
        src.write_text(json.dumps(item) + "\n", encoding="utf-8")
        result = runner.invoke(app, ["stance", "--in", str(src)])
        assert result.exit_code == 1
        [line] = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
        assert line["line"] == 1 and says in line["error"]


class TestSchemaCommand:
    def test_prints_the_published_schema(self) -> None:
        """`newsflow schema enriched_article` prints the committed JSON Schema."""
        result = runner.invoke(app, ["schema", "enriched_article"])
        assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "EnrichedArticle"

    def test_unknown_schema_is_an_error(self) -> None:
        """An unknown name exits non-zero with the valid choices."""
        result = runner.invoke(app, ["schema", "nope"])
        assert result.exit_code == 2


class TestFeedCommand:
    def test_a_file_of_an_unknown_kind_is_refused_before_any_broker_is_asked(self, tmp_path: Path) -> None:
        """`newsflow feed x.csv` names the supported kinds and exits 2; it does not blame the broker."""
        path = tmp_path / "x.csv"
        path.write_text("a,b", encoding="utf-8")
        result = runner.invoke(app, ["feed", str(path)], env={"NEWSFLOW_KAFKA_BOOTSTRAP": "127.0.0.1:1"})
        assert result.exit_code == 2
        assert "cannot feed" in result.output and ".jsonl" in result.output and "broker" not in result.output

    def test_no_broker_is_one_error_without_noise(self, tmp_path: Path) -> None:
        """No broker at the address: the feed fails with one line and closes its producer (no "Unclosed" error).

        In a process of its own: the unclosed producer complained when the interpreter shut down.
        """
        path = tmp_path / "a.jsonl"
        path.write_text('{"url": "https://e.com/a", "text": "Body."}\n', encoding="utf-8")
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
        env["NEWSFLOW_KAFKA_BOOTSTRAP"] = "127.0.0.1:1"
        done = subprocess.run(
            [sys.executable, "-m", "agents.cli", "feed", str(path)], capture_output=True, text=True, env=env, timeout=60
        )
        assert done.returncode == 1 and "feed failed" in done.stderr
        assert "Unclosed" not in done.stderr


@pytest.fixture
def no_newsflow_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    """An environment without NEWSFLOW_* variables (restored afterwards)."""
    for name in list(os.environ):
        if name.startswith("NEWSFLOW_"):
            monkeypatch.delenv(name)
    return monkeypatch


class TestEmbeddedBrokerSetting:
    def test_embedded_unless_kafka_bootstrap_is_set(self, no_newsflow_env: pytest.MonkeyPatch) -> None:
        """Unset, the broker is embedded; a bootstrap in the environment, even the default one, is used instead."""
        assert Settings().runs_embedded_broker
        no_newsflow_env.setenv("NEWSFLOW_KAFKA_BOOTSTRAP", Settings().kafka_bootstrap)
        settings = Settings()
        assert "kafka_bootstrap" in settings.model_fields_set
        assert settings.embedded_broker is None and not settings.runs_embedded_broker

    def test_a_bootstrap_given_to_the_constructor_counts_as_set(self, no_newsflow_env: pytest.MonkeyPatch) -> None:
        """Settings(kafka_bootstrap=...) means that broker, like the environment variable."""
        assert not Settings(kafka_bootstrap="kafka-1:9092").runs_embedded_broker
        assert Settings(app_id="other").runs_embedded_broker

    def test_an_explicit_setting_wins(self, no_newsflow_env: pytest.MonkeyPatch) -> None:
        """NEWSFLOW_EMBEDDED_BROKER decides when set, whatever the bootstrap."""
        no_newsflow_env.setenv("NEWSFLOW_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
        no_newsflow_env.setenv("NEWSFLOW_EMBEDDED_BROKER", "true")
        assert Settings().runs_embedded_broker
        no_newsflow_env.setenv("NEWSFLOW_EMBEDDED_BROKER", "false")
        no_newsflow_env.delenv("NEWSFLOW_KAFKA_BOOTSTRAP")
        assert not Settings().runs_embedded_broker


class TestServiceBinaries:
    def test_settings_read_the_binaries_from_the_environment(self, no_newsflow_env: pytest.MonkeyPatch) -> None:
        """NEWSFLOW_TANSU_BIN and NEWSFLOW_PG_BINDIR are settings; unset, both are None (found at run time)."""
        assert Settings().tansu_bin is None and Settings().pg_bindir is None
        no_newsflow_env.setenv("NEWSFLOW_TANSU_BIN", "/opt/tansu/bin/tansu")
        no_newsflow_env.setenv("NEWSFLOW_PG_BINDIR", "/opt/pg/bin")
        settings = Settings()
        assert settings.tansu_bin == Path("/opt/tansu/bin/tansu") and settings.pg_bindir == Path("/opt/pg/bin")

    def test_service_functions_take_the_binaries_as_arguments(
        self, no_newsflow_env: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """tansu_binary and postgres_bindir use what they are given and never read NEWSFLOW_* variables."""
        for name in ("initdb", "pg_ctl"):
            (tmp_path / name).touch()
        no_newsflow_env.setenv("NEWSFLOW_TANSU_BIN", str(tmp_path / "from-env"))
        no_newsflow_env.setenv("NEWSFLOW_PG_BINDIR", str(tmp_path))
        assert tansu_binary(tmp_path / "tansu") == tmp_path / "tansu"
        assert tansu_binary() != tmp_path / "from-env"
        assert postgres_bindir(tmp_path) == tmp_path
        with contextlib.suppress(ServiceError):  # no PostgreSQL installed: nothing else is found
            assert postgres_bindir() != tmp_path

    def test_embedded_stack_passes_the_configured_binaries_down(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        """The embedded stack starts tansu from Settings.tansu_bin and PostgreSQL from Settings.pg_bindir."""
        asked: dict[str, object] = {}

        @contextlib.contextmanager
        def fake_broker(log_dir: Path, **kwargs: object) -> Iterator[str]:
            asked["broker"] = kwargs["binary"]
            yield "127.0.0.1:1"

        @contextlib.contextmanager
        def fake_postgres(data_dir: Path, **kwargs: object) -> Iterator[str]:
            asked["postgres"] = kwargs["bindir"]
            msg = "stop here"
            raise ServiceError(msg)
            yield ""  # a generator, for contextmanager

        monkeypatch.setattr(stack_module, "running_broker", fake_broker)
        monkeypatch.setattr(stack_module, "running_postgres", fake_postgres)
        settings = Settings(state_dir=tmp_path, tansu_bin=tmp_path / "tansu", pg_bindir=tmp_path / "pg")
        with pytest.raises(ServiceError, match="stop here"), embedded_stack(settings):
            pass
        assert asked == {"broker": tmp_path / "tansu", "postgres": tmp_path / "pg"}


class TestUp:
    @pytest.fixture
    def recorded(self, no_newsflow_env: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[dict[str, object]]:
        """What `up` asks the embedded stack for (a fake that refuses to start); signal handlers restored."""
        asked: dict[str, object] = {}

        @contextlib.contextmanager
        def fake_stack(settings: Settings, **kwargs: object) -> Iterator[None]:
            asked.update(kwargs)
            msg = "not started in a unit test"
            raise ServiceError(msg)
            yield  # a generator, for contextmanager

        no_newsflow_env.setattr(stack_module, "embedded_stack", fake_stack)
        no_newsflow_env.setenv("NEWSFLOW_STATE_DIR", str(tmp_path))
        handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
        yield asked
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    def test_starts_broker_and_postgres_by_default(self, recorded: dict[str, object]) -> None:
        """Without NEWSFLOW_* variables `up` runs its own broker and PostgreSQL."""
        result = runner.invoke(app, ["up", "--no-samples", "--workers", "1"])
        assert result.exit_code == 1 and "not started in a unit test" in result.output
        assert recorded == {"workers": 1, "embedded_broker": True, "embedded_postgres": True}

    def test_uses_the_configured_broker_and_database(
        self, recorded: dict[str, object], no_newsflow_env: pytest.MonkeyPatch
    ) -> None:
        """NEWSFLOW_KAFKA_BOOTSTRAP and NEWSFLOW_DATABASE_URL make `up` use those instead."""
        no_newsflow_env.setenv("NEWSFLOW_KAFKA_BOOTSTRAP", "kafka-1:9092")
        no_newsflow_env.setenv("NEWSFLOW_DATABASE_URL", "postgresql://u@db:5432/newsflow")
        result = runner.invoke(app, ["up", "--no-samples", "--workers", "1"])
        assert result.exit_code == 1
        assert recorded == {"workers": 1, "embedded_broker": False, "embedded_postgres": False}

    def test_embedded_broker_setting_overrides(
        self, recorded: dict[str, object], no_newsflow_env: pytest.MonkeyPatch
    ) -> None:
        """NEWSFLOW_EMBEDDED_BROKER=true starts tansu even with a bootstrap set (it takes that port)."""
        no_newsflow_env.setenv("NEWSFLOW_KAFKA_BOOTSTRAP", "127.0.0.1:19092")
        no_newsflow_env.setenv("NEWSFLOW_EMBEDDED_BROKER", "true")
        runner.invoke(app, ["up", "--no-samples", "--workers", "1"])
        assert recorded["embedded_broker"] is True
