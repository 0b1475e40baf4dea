"""The benchmark corpora, read from the shared dev data (``../shared`` or ``NEWSFLOW_SHARED_DIR``).

Also readability's test pages (``readability_pages``), read from a git copy of mozilla/readability
(``NEWSFLOW_READABILITY_DIR``): see ``eval/extraction_foreign/README.md``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable, Sized
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSFLOW_SHARED_DIR", REPO.parent / "shared"))
EXTRACTION_DEV = SHARED / "eval" / "article-extraction-dev"
SEED = REPO / "tests" / "data" / "seed-article.txt"
# A git directory (bare, or a clone holding .git) of github.com/mozilla/readability.
READABILITY_DIR = Path(os.environ.get("NEWSFLOW_READABILITY_DIR", "/work/.mirror/mozilla+readability/repo"))
READABILITY_COMMIT = "ab4027a8b37669745016869a37a504727992b2ba"
# The stance teacher's committed outputs (training/data/README.md); its weights are never committed.
TEACHER_OUTPUTS = REPO / "training" / "data" / "teacher-s13"
# readability's pages below this size of source.html are hand-written fixtures for one rule each
# (a few lorem-ipsum paragraphs), not saved web pages; the smallest saved page is 10 KB. A larger
# fixture (data-url-image) is told by its lorem-ipsum text.
READABILITY_MIN_SOURCE_BYTES = 8000
_FIXTURE_TEXT = "lorem ipsum"
# Saved pages that are not one article or text but a section front listing other articles' teasers.
_READABILITY_FRONT_PAGES = frozenset({"nytimes-5"})
_READABILITY_PAGES = "test/test-pages/"
_READABILITY_FILES = ("source.html", "expected.html", "expected-metadata.json")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """The records of a JSONL file, plain or gzipped (``.gz``, as ``training/data/`` keeps them)."""
    raw = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    return [json.loads(line) for line in raw.decode("utf-8").splitlines() if line.strip()]


def seed_body() -> str:
    """The seed article's body paragraphs (what cleaning keeps), for NLP-only benchmarks."""
    text = SEED.read_text(encoding="utf-8")
    return text[text.index("September 3, the White House") : text.index("post-Assad Syria.") + len("post-Assad Syria.")]


def dev_pages() -> list[tuple[str, str]]:
    """(url, html) of the 91 article-extraction dev pages, in id order."""
    truth = json.loads((EXTRACTION_DEV / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (
            truth[page_id]["url"],
            gzip.decompress((EXTRACTION_DEV / "html" / f"{page_id}.html.gz").read_bytes()).decode("utf-8", "replace"),
        )
        for page_id in sorted(truth)
    ]


def quote_rich_bodies(limit: int) -> list[str]:
    """The seed body, then the dev pages' true bodies with the most quote marks first."""
    truth = json.loads((EXTRACTION_DEV / "ground-truth.json").read_text(encoding="utf-8"))
    bodies = sorted((v["articleBody"] for v in truth.values()), key=lambda b: -(b.count("“") + b.count('"')))
    return [seed_body(), *bodies[: limit - 1]]


def compare_with_parse(
    name: str,
    stage: Callable[[Doc, Any], Sized],
    *,
    articles: int,
    repeat: int,
    check: Callable[[Doc, Any], None],
    prepare: Callable[[Doc], Any] = lambda doc: None,
) -> None:
    """Print a stage's cost next to the spaCy parse of the same articles (medians over ``repeat``).

    ``prepare(doc)`` computes the stage's other inputs outside the timing (e.g. entities for quotes).
    """
    from pipeline.nlp import build_nlp

    nlp = build_nlp()
    texts = quote_rich_bodies(articles)
    nlp(texts[0])  # warm-up
    parse_ms: list[float] = []
    stage_ms: list[float] = []
    found = 0
    for text in texts:
        runs_parse, runs_stage = [], []
        for _ in range(repeat):
            t0 = time.perf_counter()
            doc = nlp(text)
            runs_parse.append(time.perf_counter() - t0)
        prepared = prepare(doc)
        for _ in range(repeat):
            t0 = time.perf_counter()
            result = stage(doc, prepared)
            runs_stage.append(time.perf_counter() - t0)
        check(doc, result)
        found += len(result)
        parse_ms.append(statistics.median(runs_parse) * 1000)
        stage_ms.append(statistics.median(runs_stage) * 1000)
    words = sum(len(t.split()) for t in texts)
    p, a = sum(parse_ms), sum(stage_ms)
    worst = max(x / y for x, y in zip(stage_ms, parse_ms, strict=True))
    print(f"articles: {len(texts)}, words: {words}, {name} results: {found}")
    print(f"parse ms (sum of per-article medians): {p:.1f}  ({p / len(texts):.1f} per article)")
    print(f"{name} ms (sum of per-article medians): {a:.1f}  ({a / len(texts):.2f} per article)")
    print(f"ratio {name}/parse: {a / p:.3f}  (worst article: {worst:.3f})")


@dataclass(frozen=True)
class ReadabilityPage:
    """One saved web page of readability's tests, with its expected output as plain text."""

    name: str
    html: str
    gold: str
    declared_language: str | None


# Tags after which the text starts a new line, as a browser lays them out as blocks (or breaks).
_BLOCK_TAGS = frozenset(
    "address article aside blockquote br caption dd details dialog div dl dt fieldset figcaption figure "
    "footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section summary table tbody td tfoot th "
    "thead tr ul".split()
)
_HIDDEN_TAGS = frozenset({"script", "style", "template"})
_SPACES = re.compile(r"\s+")


class _TextCollector(HTMLParser):
    """Collects an HTML fragment's text, a newline at each block boundary."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0
        self._pre = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._enter(tag, 1)

    def handle_endtag(self, tag: str) -> None:
        self._enter(tag, -1)

    def _enter(self, tag: str, step: int) -> None:
        """Count hidden and ``<pre>`` nesting (``step`` +1 at a start tag, -1 at an end tag); break at blocks."""
        if tag in _HIDDEN_TAGS:
            self._hidden = max(0, self._hidden + step)
        elif tag in _BLOCK_TAGS:
            if tag == "pre":
                self._pre = max(0, self._pre + step)
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data if self._pre else _SPACES.sub(" ", data))


def expected_text(html: str) -> str:
    """The text of an HTML fragment: one line per block, spaces collapsed, empty lines dropped.

    ``<pre>`` keeps its line breaks; ``<script>``, ``<style>`` and ``<template>`` give no text.
    """
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = (" ".join(line.split()) for line in "".join(collector.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def declared_language(metadata: dict[str, object]) -> str | None:
    """The primary subtag of ``lang`` in readability's expected metadata (``pt-BR`` -> ``pt``), if any."""
    lang = metadata.get("lang")
    if not isinstance(lang, str) or not lang.strip():
        return None
    return lang.strip().split("-")[0].lower()


def readability_pages(directory: Path = READABILITY_DIR, commit: str = READABILITY_COMMIT) -> list[ReadabilityPage]:
    """readability's saved web pages at ``commit``, read with git from the repository at ``directory``.

    Fixtures (source.html under ``READABILITY_MIN_SOURCE_BYTES``, or lorem-ipsum text) and section
    fronts (``_READABILITY_FRONT_PAGES``) are left out. Raises
    FileNotFoundError, saying how to fetch the repository, when git or the commit is missing.
    """
    git, git_dir = pinned_git_dir(directory, commit, "mozilla/readability", "readability")
    listing = subprocess.run(
        [git, "--git-dir", str(git_dir), "ls-tree", "-r", "-l", commit, "--", _READABILITY_PAGES],
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    blobs: dict[str, dict[str, tuple[str, int]]] = {}  # page -> file name -> (blob id, size)
    for line in listing.splitlines():
        info, path = line.split("\t", 1)
        _, _, blob, size = info.split()
        page, _, file_name = path.removeprefix(_READABILITY_PAGES).partition("/")
        if file_name in _READABILITY_FILES:
            blobs.setdefault(page, {})[file_name] = (blob, int(size))
    names = sorted(
        page
        for page, files in blobs.items()
        if {"source.html", "expected.html"} <= files.keys()
        and files["source.html"][1] >= READABILITY_MIN_SOURCE_BYTES
        and page not in _READABILITY_FRONT_PAGES
    )
    wanted = [blob for page in names for blob, _ in blobs[page].values()]
    contents = _git_blobs(git, git_dir, wanted)
    pages = []
    for page in names:
        text = {file_name: contents[blob].decode("utf-8", "replace") for file_name, (blob, _) in blobs[page].items()}
        metadata = json.loads(text.get("expected-metadata.json", "{}"))
        if _FIXTURE_TEXT in text["expected.html"].lower():
            continue
        pages.append(
            ReadabilityPage(
                page, text["source.html"], expected_text(text["expected.html"]), declared_language(metadata)
            )
        )
    return pages


def pinned_git_dir(directory: Path, commit: str, repository: str, name: str) -> tuple[str, Path]:
    """git and the git directory of a copy of github.com/``repository`` at ``directory`` that holds ``commit``.

    ``name`` names the bench's option and variable (``--<name>-dir``, ``NEWSFLOW_<NAME>_DIR``). Raises
    FileNotFoundError, saying how to fetch the repository, when git or the commit is missing.
    """
    git_dir = directory / ".git" if (directory / ".git").exists() else directory
    git = shutil.which("git")
    if (
        git is None
        or subprocess.run(
            [git, "--git-dir", str(git_dir), "cat-file", "-e", f"{commit}^{{commit}}"], capture_output=True, check=False
        ).returncode
    ):
        msg = (
            f"no git repository holding {repository} commit {commit} at {directory} "
            f"({'git is not installed' if git is None else 'see eval/extraction_foreign/README.md'}). Fetch it: "
            f"in this workplace the fetch tool with source github:{repository}, elsewhere "
            f"`git clone https://github.com/{repository} DIR && git -C DIR checkout {commit}`; "
            f"then pass --{name}-dir DIR or set NEWSFLOW_{name.upper()}_DIR"
        )
        raise FileNotFoundError(msg)
    return git, git_dir


def _git_blobs(git: str, git_dir: Path, blobs: list[str]) -> dict[str, bytes]:
    """The contents of the given blob ids, read by one ``git cat-file --batch``."""
    out = subprocess.run(
        [git, "--git-dir", str(git_dir), "cat-file", "--batch"],
        input="".join(f"{blob}\n" for blob in blobs).encode(),
        capture_output=True,
        check=True,
    ).stdout
    contents: dict[str, bytes] = {}
    at = 0
    while at < len(out):
        header_end = out.index(b"\n", at)
        found, _, size = out[at:header_end].decode().split()  # "<id> missing" would not split in three
        start = header_end + 1
        contents[found] = out[start : start + int(size)]
        at = start + int(size) + 1  # the content is followed by a newline
    return contents
