"""The readability report set of the extraction bench: expected.html to text, languages, the git loader.

The loader is run on a small git repository built here, not on a copy of mozilla/readability.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.corpus import declared_language, expected_text, readability_pages
from tests.unit.gitrepo import commit_files


def test_expected_text_puts_blocks_on_lines_and_collapses_spaces() -> None:
    html = (
        '<div id="readability-page-1" class="page"><h2>Le  titre</h2>\n<p>Un <a href="#">lien</a>\n  dans'
        " une phrase&nbsp;; l&#39;été.</p><ul><li>un</li><li>deux</li></ul>"
        "<table><tr><td>a</td><td>b</td></tr></table>trois<br>quatre<img src=x.png></div>"
    )
    assert expected_text(html) == "Le titre\nUn lien dans une phrase ; l'été.\nun\ndeux\na\nb\ntrois\nquatre"


def test_expected_text_keeps_pre_lines_and_drops_scripts() -> None:
    html = "<p>avant</p><pre>x = 1\n  y = 2</pre><script>var z;</script><style>p {}</style><p>après</p>"
    assert expected_text(html) == "avant\nx = 1\ny = 2\naprès"


@pytest.mark.parametrize(
    ("metadata", "language"),
    [({"lang": "pt-BR"}, "pt"), ({"lang": "FR"}, "fr"), ({"lang": ""}, None), ({"lang": None}, None), ({}, None)],
)
def test_declared_language_is_the_primary_subtag(metadata: dict[str, object], language: str | None) -> None:
    assert declared_language(metadata) == language


def _commit_pages(root: Path, pages: dict[str, dict[str, str]]) -> str:
    """A git repository at ``root`` holding ``test/test-pages/<page>/<file>``; returns its commit id."""
    return commit_files(
        root,
        {
            f"test/test-pages/{page}/{name}": text.encode()
            for page, files in pages.items()
            for name, text in files.items()
        },
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_readability_pages_reads_saved_pages_and_leaves_fixtures_out(tmp_path: Path) -> None:
    big = "<html><body>" + "<p>Le texte de la page.</p>" * 400 + "</body></html>"
    expected = '<div class="page"><p>Le texte.</p></div>'
    commit = _commit_pages(
        tmp_path,
        {
            "lemonde": {
                "source.html": big,
                "expected.html": expected,
                "expected-metadata.json": json.dumps({"lang": "fr-FR"}),
            },
            "twin": {"source.html": big, "expected.html": expected},  # same blobs as lemonde
            "small-fixture": {"source.html": "<p>Un test.</p>", "expected.html": "<p>Un test.</p>"},
            "big-fixture": {"source.html": big, "expected.html": "<p>Lorem ipsum dolor sit amet.</p>"},
            "nytimes-5": {"source.html": big, "expected.html": expected},
        },
    )
    pages = readability_pages(tmp_path, commit)
    assert [(p.name, p.gold, p.declared_language) for p in pages] == [
        ("lemonde", "Le texte.", "fr"),
        ("twin", "Le texte.", None),
    ]
    assert pages[0].html == big


def test_readability_pages_says_how_to_fetch_a_missing_repository(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="github:mozilla/readability.*--readability-dir"):
        readability_pages(tmp_path / "absent", "0" * 40)
