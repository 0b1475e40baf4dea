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
