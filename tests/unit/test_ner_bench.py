"""The NER bench's reading of Universal NER's PUD sentences and its scoring of sets without MISC."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench.ner_eval import Entities, pud, report
from pipeline.entities import ENTITY_RULES

_IOB2 = """# newdoc id = n01001
# sent_id = n01001-0001
# text = “It works,” Obama aide Kori Schulman wrote in Washington.
1\t“\tO\t-\t-
2\tIt\tO\t-\t-
3\tworks\tO\t-\t-
4\t,\tO\t-\t-
5\t”\tO\t-\t-
6\tObama\tB-ORG\t-\tblvns
7\taide\tO\t-\t-
8\tKori\tB-PER\t-\tblvns
9\tSchulman\tI-PER\t-\tblvns
10\twrote\tO\t-\t-
11\tin\tO\t-\t-
12\tWashington\tB-LOC\t-\tblvns
13\t.\tO\t-\t-

# newdoc id = w01001
# sent_id = w01001-0001
# text = The Qing ruled China.
1\tThe\tO\t-\t-
2\tQing\tB-ORG\t-\tblvns
3\truled\tO\t-\t-
4\tChina\tB-LOC\t-\tblvns
5\t.\tO\t-\t-
"""


def _sources(tmp_path: Path) -> Path:
    folder = tmp_path / "UNER_English-PUD"
    folder.mkdir()
    (folder / "en_pud-ud-test.iob2").write_text(_IOB2, encoding="utf-8")
    return tmp_path


def test_pud_reads_entities_from_the_sentence_as_written(tmp_path: Path) -> None:
    news, wiki = pud(_sources(tmp_path))
    assert news.text == "“It works,” Obama aide Kori Schulman wrote in Washington."
    assert news.gold == (("Obama", "ORG"), ("Kori Schulman", "PER"), ("Washington", "LOC"))
    assert (news.set, news.kind, wiki.kind) == ("pud", "news", "wiki")
    assert news.labels == ("PER", "ORG", "LOC")
    assert wiki.gold == (("Qing", "ORG"), ("China", "LOC"))


def test_a_set_without_misc_scores_no_predicted_misc(tmp_path: Path) -> None:
    items = pud(_sources(tmp_path))[:1]
    # Right on all three names, plus a MISC the gold cannot have: still precision 1.
    pred: Entities = Counter({("Obama", "ORG"): 1, ("Kori Schulman", "PER"): 1, ("Washington", "LOC"): 1})
    pred[("Democrat", "MISC")] = 1
    names = ["bare", "pipeline", *(f"-{r}" for r in ENTITY_RULES), "-clean"]
    lines = list(report(items, {name: [pred] for name in names}, examples=0))
    assert lines[lines.index("  pud: 1 lines, 3 gold entities") + 2] == "    pipeline  P 1.000  R 1.000  F1 1.000"
