"""Check tests/data/quotes-civic-tune.jsonl: offsets, kinds, speakers, marks, duplicates.

The checks of ``eval/quotes_news/validate.py`` without its split check (this set has one split):
* every item: text[start:end] == item text, 0 <= start < end <= len(text), kind in the four kinds;
* scare items have speaker null; items with a speaker have a nonempty one; no outer whitespace;
* no two items of the same kind with the same span or crossing spans (an attribution may be nested
  inside another's content, a quote inside an indirect span);
* quoted kinds (direct/partial/scare) that are not optional are enclosed in quotation marks —
  reported as notes for review;
* every row has url, outlet, licence and quotes; ids are unique; every article has a sources file
  whose text equals the row's text.
Errors exit 1; notes are printed for review. Prints the counts per kind (non-optional / optional).
The checks are ``annotated_quotes.validate_one_split``'s.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import validate_one_split  # noqa: E402

DATA = ROOT / "tests" / "data" / "quotes-civic-tune.jsonl"


if __name__ == "__main__":
    raise SystemExit(validate_one_split(DATA, HERE, "tune"))
