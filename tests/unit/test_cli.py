"""The `newsflow` CLI offline commands: enrich, stance, schema (no services needed)."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from typer.testing import CliRunner

from agents.cli import app
from schemas import EnrichedArticle
from tests.helpers import SEED_PATH

runner = CliRunner()


@pytest.fixture(scope="module")
def enriched(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, object]]:
    """`newsflow enrich` output for the seed plus two bad lines."""
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
        assert "error" not in enriched[0] and "error" in enriched[1] and "error" in enriched[2]

    def test_seed_comes_out_with_attributed_quotes(self, enriched: list[dict[str, object]]) -> None:
        """The offline path carries the same enrichment as the stream: quotes with speakers, stance."""
        article = EnrichedArticle.model_validate(enriched[0])
        assert sum(q.speaker is not None for q in article.quotes) >= 5
        assert article.stance.entities

    def test_failures_carry_reason_and_line(self, enriched: list[dict[str, object]]) -> None:
        """Failures say which line, at which stage, and why."""
        assert enriched[1]["error"]["reason"] == "invalid_json" and enriched[1]["line"] == 2  # type: ignore[index]
        assert enriched[2]["error"]["reason"] == "unsupported_language"  # type: ignore[index]


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
        assert result.exit_code == 0
        first, second = (json.loads(line) for line in result.stdout.splitlines() if line.startswith("{"))
        assert first["id"] == "1" and first["stance"]["label"] in {"negative", "neutral", "positive"}
        assert -1 <= first["stance"]["score"] <= 1
        assert "outside the text" in second["error"]


class TestSchemaCommand:
    def test_prints_the_published_schema(self) -> None:
        """`newsflow schema enriched_article` prints the committed JSON Schema."""
        result = runner.invoke(app, ["schema", "enriched_article"])
        assert result.exit_code == 0 and json.loads(result.stdout)["title"] == "EnrichedArticle"

    def test_unknown_schema_is_an_error(self) -> None:
        """An unknown name exits non-zero with the valid choices."""
        result = runner.invoke(app, ["schema", "nope"])
        assert result.exit_code == 2
