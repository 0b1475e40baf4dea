"""The published contracts: committed JSON Schemas match the models, and the examples are the spec."""

from __future__ import annotations

import json
from contextlib import nullcontext
from operator import attrgetter
from pathlib import Path

import jsonschema
import pytest
from jsonschema import Draft202012Validator
from pydantic import ValidationError

from schemas import PUBLIC_SCHEMAS
from schemas.__main__ import render

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
EXAMPLES = sorted((SCHEMAS / "examples").glob("*.json"), key=attrgetter("name"))


def _stem(path: Path) -> str:
    return ".".join(path.name.split(".")[:2])


class TestCommittedSchemas:
    @pytest.mark.parametrize("stem", sorted(PUBLIC_SCHEMAS))
    def test_committed_schema_is_what_the_model_generates(self, stem: str) -> None:
        """A model change that skipped `python -m schemas` fails here."""
        committed = (SCHEMAS / "jsonschema" / f"{stem}.schema.json").read_text(encoding="utf-8")
        assert committed == render(stem)

    @pytest.mark.parametrize("stem", sorted(PUBLIC_SCHEMAS))
    def test_schema_is_valid_draft_2020_12(self, stem: str) -> None:
        """Each committed schema is itself a valid JSON Schema."""
        Draft202012Validator.check_schema(json.loads((SCHEMAS / "jsonschema" / f"{stem}.schema.json").read_text()))

    @pytest.mark.parametrize("stem", sorted(PUBLIC_SCHEMAS))
    def test_every_schema_has_pass_and_fail_examples(self, stem: str) -> None:
        """Each contract is specified by at least one passing and one failing example."""
        names = [p.name for p in EXAMPLES if _stem(p) == stem]
        assert any(n.endswith(".pass.json") for n in names) and any(n.endswith(".fail.json") for n in names)


class TestExamples:
    @pytest.mark.parametrize("path", EXAMPLES, ids=attrgetter("name"))
    def test_example_against_json_schema(self, path: Path) -> None:
        """Pass examples validate against the committed schema; fail examples do not."""
        schema = json.loads((SCHEMAS / "jsonschema" / f"{_stem(path)}.schema.json").read_text())
        expect = nullcontext() if path.name.endswith(".pass.json") else pytest.raises(jsonschema.ValidationError)
        with expect:
            Draft202012Validator(schema).validate(json.loads(path.read_text(encoding="utf-8")))

    @pytest.mark.parametrize("path", EXAMPLES, ids=attrgetter("name"))
    def test_example_against_model(self, path: Path) -> None:
        """The pydantic model agrees with the JSON Schema on every example."""
        model = PUBLIC_SCHEMAS[_stem(path)]
        expect = nullcontext() if path.name.endswith(".pass.json") else pytest.raises(ValidationError)
        with expect:
            model.model_validate_json(path.read_bytes())

    @pytest.mark.parametrize("path", [p for p in EXAMPLES if p.name.endswith(".pass.json")], ids=attrgetter("name"))
    def test_pass_example_round_trips(self, path: Path) -> None:
        """Serialising a parsed example and parsing it again gives the same record."""
        model = PUBLIC_SCHEMAS[_stem(path)]
        record = model.model_validate_json(path.read_bytes())
        assert model.model_validate_json(record.model_dump_json()) == record


_RAW_CASES = {
    "text": {"url": "https://e.com/a", "text": "Body."},
    "blank id, derived from the url": {"url": "https://e.com/a", "id": "", "text": "Body."},
    "null id, derived from the url": {"url": "https://e.com/a", "id": None, "text": "Body."},
    "null html beside the text": {"url": "https://e.com/a", "text": "Body.", "html": None},
    "unix seconds": {"url": "https://e.com/a", "text": "Body.", "published_at": 1_700_000_000},
    "a string of digits": {"url": "https://e.com/a", "text": "Body.", "published_at": "1700000000000"},
    "a date": {"url": "https://e.com/a", "text": "Body.", "fetched_at": "2024-01-01"},
    "title at its limit": {"url": "https://e.com/a", "text": "Body.", "title": "t" * 2_000},
    "title over its limit": {"url": "https://e.com/a", "text": "Body.", "title": "t" * 2_001},
    "source over its limit": {"url": "https://e.com/a", "text": "Body.", "source": "s" * 501},
    "both bodies": {"url": "https://e.com/a", "text": "Body.", "html": "<p>Body.</p>"},
    "no body": {"url": "https://e.com/a"},
    "an empty body": {"url": "https://e.com/a", "text": ""},
    "no url": {"text": "Body."},
    "an id too long": {"url": "https://e.com/a", "id": "i" * 201, "text": "Body."},
}


class TestRawArticleContract:
    @pytest.mark.parametrize("name", sorted(_RAW_CASES))
    def test_the_published_schema_accepts_what_the_pipeline_accepts(self, name: str) -> None:
        """A scraper that validates against raw_article/1 neither drops articles the pipeline takes nor
        sends ones it refuses (an independent review found both: blank ids, Unix times, null bodies,
        over-long titles)."""
        from pipeline.errors import PermanentError
        from pipeline.ingest import decode_payload

        schema = json.loads((SCHEMAS / "jsonschema" / "raw_article.v1.schema.json").read_text(encoding="utf-8"))
        item = _RAW_CASES[name]
        try:
            decode_payload(json.dumps(item).encode())
        except PermanentError:
            accepted = False
        else:
            accepted = True
        assert Draft202012Validator(schema).is_valid(item) == accepted
