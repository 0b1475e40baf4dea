"""Build or check a quote set that is all one split: ``python eval/one_split.py build|validate <set>``.

The sets (``ONE_SPLIT``) are folders of ``eval/`` with ``annotations.txt`` and ``sources/<id>.json``,
annotated by reading, whose whole content is either for tuning or kept for reporting.

``build`` finds every annotated substring in its article's text (``#n`` = n-th occurrence; offsets are
computed, never written by hand) and writes the set's file in ``tests/data/``, one article per line in
the line format of ``tests/data/quotes-news-report.jsonl`` (``id``, ``url``, ``outlet``, ``licence``,
``text``, ``quotes`` with ``text/start/end/speaker/speaker_alt/kind/cue/optional``).

``validate`` runs the checks of ``eval/quotes_news/validate.py`` without its split check:
* every item: text[start:end] == item text, 0 <= start < end <= len(text), kind in the four kinds;
* scare items have speaker null; items with a speaker have a nonempty one; no outer whitespace;
* no two items of the same kind with the same span or crossing spans (an attribution may be nested
  inside another's content, a quote inside an indirect span);
* quoted kinds (direct/partial/scare) that are not optional are enclosed in quotation marks —
  reported as notes for review;
* every row has url, outlet, licence and quotes; ids are unique; every article has a sources file
  whose text equals the row's text.
Errors exit 1; notes are printed for review. Prints the counts per kind (non-optional / optional).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from annotated_quotes import article_rows, validate_one_split, write_rows

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

ONE_SPLIT = {
    "quotes_fresh": "report",
    "quotes_wire": "tune",
    "quotes_civic": "tune",
    "quotes_elect": "report",
}
"""Set folder -> its split; its file is ``tests/data/quotes-<folder without "quotes_">-<split>.jsonl``."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", choices=("build", "validate"))
    ap.add_argument("set", choices=sorted(ONE_SPLIT), help="the set's folder under eval/")
    args = ap.parse_args()
    split = ONE_SPLIT[args.set]
    folder = HERE / args.set
    data = ROOT / "tests" / "data" / f"quotes-{args.set.removeprefix('quotes_')}-{split}.jsonl"
    if args.action == "build":
        write_rows(data, article_rows(folder), ROOT)
    else:
        raise SystemExit(validate_one_split(data, folder, split))


if __name__ == "__main__":
    main()
