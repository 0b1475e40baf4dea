"""Build or check the French quote set: ``python eval/quotes_fr/build.py [build|validate]``.

The set (``eval/quotes_fr/``: ``annotations.txt`` and ``sources/<id>.json``) was annotated by reading.
It holds two kinds of text, built and split the same way: real news texts (VOA Afrique, French
Wikinews) and passages written for the set (ids ``written-fr-*``, outlet ``written for Newsflow``,
project licence, ``url`` null).
Each text goes to one of two parts, fixed by a hash of its id: the first byte of
``sha256(id.encode("utf-8"))`` even -> tune (``tests/data/quotes-fr-tune.jsonl``), odd -> report
(``tests/data/quotes-fr-report.jsonl``).

``build`` finds every annotated substring in its text (``#n`` = n-th occurrence; offsets are computed,
never written by hand; exits if one is missing), writes both files in the line format of the other
quote sets (``id``, ``url``, ``outlet``, ``licence``, ``text``, ``quotes`` with
``text/start/end/speaker/speaker_alt/kind/cue/optional``) plus ``"language": "fr"``, then validates.

``validate`` runs ``eval/one_split.py``'s checks on each part (offsets give the text, kinds valid,
scare speakers null, non-empty speakers, no outer whitespace, no identical or crossing items of one
kind, unique ids, text equal to the sources file, url/outlet/licence/quotes present), and also checks
that every line has ``"language": "fr"``, that every line sits in the part its hash gives, that no
id is in both parts, and that written passages (``written-fr-*``) and real texts are labelled as such
(written: outlet ``written for Newsflow``, the project licence, ``url`` null, a ``via`` line; real: a
URL and another outlet). The quotation-mark note is adapted to French typography: a quoted item counts as
marked when a mark stands next to it, with or without a (no-break) space between (« … », «…», “…”, "…").
Errors exit 1; notes are printed for review; counts per kind (non-optional / optional) are printed,
for each part and, within it, for the written and the real texts.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from annotated_quotes import KINDS, article_rows, check_quotes, print_findings  # noqa: E402

PARTS = ("tune", "report")
WRITTEN_PREFIX = "written-fr-"
WRITTEN_OUTLET = "written for Newsflow"
WRITTEN_LICENCE = "written for this repository (project licence)"
SPACES = " \u00a0\u202f\u2009"
OPEN = "“\"‘'«`"
CLOSE = "”\"’'»"


def part_of(aid: str) -> str:
    """The part of a text id: first byte of sha256(id) even -> tune, odd -> report."""
    return "tune" if hashlib.sha256(aid.encode("utf-8")).digest()[0] % 2 == 0 else "report"


def source_kind(aid: str) -> str:
    """``written`` for a passage written for the set (id ``written-fr-*``), else ``real``."""
    return "written" if aid.startswith(WRITTEN_PREFIX) else "real"


def check_source_kind(aid: str, src: dict[str, Any], errors: list[str]) -> None:
    """A written passage is labelled as written (outlet, licence, no URL, via); a real text is not."""
    if source_kind(aid) == "written":
        if src.get("outlet") != WRITTEN_OUTLET:
            errors.append(f"{aid}: written passage with outlet {src.get('outlet')!r}")
        if src.get("licence") != WRITTEN_LICENCE:
            errors.append(f"{aid}: written passage with licence {src.get('licence')!r}")
        if src.get("url") is not None:
            errors.append(f"{aid}: written passage with a url")
        if not src.get("via") or not src.get("title"):
            errors.append(f"{aid}: written passage without via or title")
    else:
        if src.get("outlet") == WRITTEN_OUTLET or not src.get("url"):
            errors.append(f"{aid}: real text labelled as written or without url")


def data_path(part: str) -> Path:
    return ROOT / "tests" / "data" / f"quotes-fr-{part}.jsonl"


def marked(text: str, s: int, e: int) -> bool:
    """Whether the span [s, e) stands between quotation marks, French spaces inside the marks allowed."""
    i = s - 1
    while i >= 0 and text[i] in SPACES:
        i -= 1
    j = e
    while j < len(text) and text[j] in SPACES:
        j += 1
    before = text[i] if i >= 0 else "\n"
    after = text[j] if j < len(text) else "\n"
    if before not in OPEN:
        return False
    return after in CLOSE or after in ".,;:!?\n" or j == len(text)


def build() -> None:
    rows = article_rows(HERE)
    for r in rows:
        r["language"] = "fr"
    for part in PARTS:
        chosen = sorted((r for r in rows if part_of(r["id"]) == part), key=lambda r: r["id"])
        path = data_path(part)
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(chosen)} texts", file=sys.stderr)


def validate() -> int:
    errors: list[str] = []
    notes: list[str] = []
    seen_ids: Counter[str] = Counter()
    for part in PARTS:
        counts: Counter[tuple[str, str, bool]] = Counter()
        by_kind: dict[str, Counter[tuple[str, str, bool]]] = {"written": Counter(), "real": Counter()}
        texts_by_kind: Counter[str] = Counter()
        path = data_path(part)
        rows = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x]
        outlets = Counter(r.get("outlet") for r in rows)
        for r in rows:
            aid = r["id"]
            seen_ids[aid] += 1
            for k in ("url", "outlet", "licence", "quotes", "text"):
                if k not in r:
                    errors.append(f"{aid}: no {k}")
            if r.get("language") != "fr":
                errors.append(f"{aid}: language is not 'fr'")
            if part_of(aid) != part:
                errors.append(f"{aid}: in {part}, but its hash gives {part_of(aid)}")
            src = HERE / "sources" / f"{aid}.json"
            if not src.exists():
                errors.append(f"{aid}: no sources file")
            else:
                s = json.loads(src.read_text(encoding="utf-8"))
                if s["text"] != r["text"]:
                    errors.append(f"{aid}: text differs from sources file")
                if s.get("language") != "fr":
                    errors.append(f"{aid}: sources file has no language 'fr'")
                check_source_kind(aid, s, errors)
            ignored: list[str] = []  # check_quotes' own mark notes know no French spacing
            check_quotes(r, part, errors, ignored, counts)
            texts_by_kind[source_kind(aid)] += 1
            for q in r["quotes"]:
                by_kind[source_kind(aid)][(part, q["kind"], q["optional"])] += 1
            for q in r["quotes"]:
                if q["kind"] in ("direct", "partial", "scare") and not q["optional"]:
                    if not marked(r["text"], q["start"], q["end"]):
                        notes.append(f"{aid}: {q['kind']} without marks around it: {q['text'][:60]!r}")
        print(
            part,
            {k: counts[(part, k, False)] for k in sorted(KINDS.values())},
            "optional:",
            {k: counts[(part, k, True)] for k in sorted(KINDS.values())},
            "texts:",
            len(rows),
            dict(outlets),
        )
        for sk in ("written", "real"):
            print(
                f"  {sk}:",
                {k: by_kind[sk][(part, k, False)] for k in sorted(KINDS.values())},
                "optional:",
                {k: by_kind[sk][(part, k, True)] for k in sorted(KINDS.values())},
                "texts:",
                texts_by_kind[sk],
            )
    for aid, n in seen_ids.items():
        if n > 1:
            errors.append(f"{aid}: {n} rows over the two parts")
    sources = {p.stem for p in (HERE / "sources").glob("*.json")}
    if set(seen_ids) != sources:
        errors.append(f"texts in the parts vs sources differ: {sorted(set(seen_ids) ^ sources)}")
    print_findings(notes, errors)
    print("errors:", len(errors), "notes:", len(notes))
    return 1 if errors else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("action", nargs="?", default="build", choices=("build", "validate"))
    args = ap.parse_args()
    if args.action == "build":
        build()
    raise SystemExit(validate())


if __name__ == "__main__":
    main()
