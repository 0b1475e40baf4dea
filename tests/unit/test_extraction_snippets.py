"""The trafilatura set of the extraction bench: its snippet scorer, its split and its git loader.

Everything runs on strings and on a small git repository written here, not on trafilatura's pages.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.extraction_eval import (
    READABILITY_URL,
    SnippetPage,
    evaldata_entries,
    snippet_counts,
    snippet_norm,
    snippet_part,
    snippet_scores,
    trafilatura_eval_pages,
)
from tests.unit.gitrepo import commit_files

OUTPUT = "Le maire a parlé\nde la  ville.\n\nIl pleut\u00a0depuis lundi.\n"


def test_norm_turns_whitespace_runs_into_one_space_and_strips() -> None:
    assert snippet_norm("  a\n\n b\t\u00a0c  ") == "a b c"
    assert snippet_norm("Ab") == "Ab"  # no case folding


def test_counts_match_snippets_as_substrings_after_whitespace_normalisation() -> None:
    with_ = [
        "a parlé de la ville",  # across a line break and a double space: found
        "pleut depuis",  # across a no-break space: found
        "Il neige",  # absent: false negative
        "le maire a parlé",  # case differs: not found
    ]
    without = ["depuis lundi.", "Partager sur Facebook", "Impressum"]  # the first is in the output
    assert snippet_counts(with_, without, OUTPUT) == (2, 1, 2, 2)


def test_no_output_finds_no_snippet() -> None:
    assert snippet_counts(["a b"], ["c", "d"], None) == (0, 0, 1, 2)  # the extractor raised
    assert snippet_counts(["a b"], ["c", "d"], "") == (0, 0, 1, 2)
    assert snippet_counts(["a b"], ["c", "d"], " \n ") == (0, 0, 1, 2)


def test_scores_sum_counts_over_pages_before_dividing() -> None:
    m = snippet_scores([(2, 1, 2, 2), (3, 0, 0, 1), (0, 0, 1, 2)])  # tp 5, fp 1, fn 3, tn 5
    assert (m["tp"], m["fp"], m["fn"], m["tn"]) == (5, 1, 3, 5)
    assert m["P"] == pytest.approx(5 / 6)
    assert m["R"] == pytest.approx(5 / 8)
    assert m["acc"] == pytest.approx(10 / 14)
    assert m["F1"] == pytest.approx(10 / 14)  # 2tp / (2tp + fp + fn)


def test_scores_of_nothing_found_are_zero_not_an_error() -> None:
    assert snippet_scores([(0, 0, 2, 3)]) == {
        "P": 0.0,
        "R": 0.0,
        "acc": 0.6,
        "F1": 0.0,
        "tp": 0,
        "fp": 0,
        "fn": 2,
        "tn": 3,
    }
    assert snippet_scores([])["F1"] == 0.0


def test_part_is_fixed_by_the_file_name() -> None:
    # sha256's first byte: 246 (even) and 217 (odd); pinned so that the split never drifts
    assert snippet_part("die-partei.net.luebeck.html") == "tune"
    assert snippet_part("blog.python.org.html") == "report"


def test_evaldata_keeps_entries_with_a_file_and_both_lists() -> None:
    data = {
        "https://a.example/1": {"file": "a.html", "with": ["x"], "without": ["y"], "author": "A"},
        "https://a.example/2": {"file": "b.html", "with": ["x"], "without": []},
        "https://a.example/3": {"file": "c.html", "with": ["x"]},
        "https://a.example/4": {"with": ["x"], "without": ["y"]},
        "https://a.example/5": {"file": "e.html", "with": "x", "without": ["y"]},
        "https://a.example/6": {"file": "f.html", "with": ["__import__('os').remove('x')"], "without": ["y"]},
    }
    entries = evaldata_entries(json.dumps(data))
    assert sorted(entries) == ["https://a.example/1", "https://a.example/6"]
    assert entries["https://a.example/6"]["with"] == ["__import__('os').remove('x')"]  # data, never run
    with pytest.raises(ValueError, match="not a JSON object"):
        evaldata_entries("[1, 2]")


@pytest.mark.parametrize(
    ("key", "address"),
    [
        ("https://a.example/x/", "https://a.example/x/"),
        ("https://a.example/x/ ", "https://a.example/x/"),  # keys with a trailing space
        ("hard::a.example-x.html", READABILITY_URL),  # keys that are names, not addresses
        ("xhttps://a.example/x", READABILITY_URL),
        ("https://a.example/x y", READABILITY_URL),
    ],
)
def test_extractors_get_an_address_their_input_check_accepts(key: str, address: str) -> None:
    assert SnippetPage(key, "a.html", "<p>x</p>", ("x",), ("y",)).address == address


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_loader_reads_cache_before_eval_decodes_and_lists_missing_files(tmp_path: Path) -> None:
    evaldata = {
        "https://b.example/zwei": {"file": "both.html", "with": ["Zwei"], "without": ["Menü"]},
        "https://a.example/eins": {"file": "süß.html", "with": ["Grüße"], "without": ["Impressum"]},
        "https://c.example/drei": {"file": "absent.html", "with": ["drei"], "without": ["vier"]},
        "https://d.example/vier": {"file": "eval-only.html", "with": ["vier"], "without": []},
    }
    latin = '<html><head><meta charset="iso-8859-1"></head><body><p>Grüße</p></body></html>'.encode("latin-1")
    commit = commit_files(
        tmp_path,
        {
            "tests/evaldata.json": json.dumps(evaldata).encode(),
            "tests/eval/süß.html": latin,
            "tests/cache/both.html": b"<p>cache</p>",
            "tests/eval/both.html": b"<p>eval</p>",
            "tests/eval/eval-only.html": b"<p>vier</p>",
        },
    )
    pages, missing = trafilatura_eval_pages(tmp_path, commit)
    assert [(p.file, p.url, p.with_, p.without) for p in pages] == [
        ("both.html", "https://b.example/zwei", ("Zwei",), ("Menü",)),
        ("süß.html", "https://a.example/eins", ("Grüße",), ("Impressum",)),
    ]
    assert pages[0].html == "<p>cache</p>"
    assert "<p>Grüße</p>" in pages[1].html
    assert missing == ["absent.html"]


def test_loader_says_how_to_fetch_a_missing_repository(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="github:adbar/trafilatura.*--trafilatura-dir"):
        trafilatura_eval_pages(tmp_path / "absent", "0" * 40)
