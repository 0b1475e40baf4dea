"""Regenerate the committed JSON Schema files: ``python -m schemas`` (a contract test checks them)."""

import json
from pathlib import Path

from schemas import PUBLIC_SCHEMAS

OUT = Path(__file__).parent / "jsonschema"


def render(stem: str) -> str:
    """The committed text of one schema file."""
    model = PUBLIC_SCHEMAS[stem]
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://newsflow.dev/schemas/{stem}.schema.json",
        **model.model_json_schema(mode="serialization" if stem != "raw_article.v1" else "validation"),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    for stem in PUBLIC_SCHEMAS:
        (OUT / f"{stem}.schema.json").write_text(render(stem), encoding="utf-8")
        print(f"wrote {OUT / f'{stem}.schema.json'}")
