"""Build tests/data/quotes-civic-tune.jsonl from sources/*.json and annotations.txt.

The annotation format is ``eval/annotated_quotes.py``'s (shared with quotes_news and quotes_pages):
every substring must be found in its article's text ("#n" = n-th occurrence); offsets are computed,
never written by hand. The whole set is a tune set (for tuning the rules; no dev/report split). The line format is
that of ``tests/data/quotes-news-report.jsonl`` (``id``, ``url``, ``outlet``, ``licence``, ``text``,
``quotes`` with ``text/start/end/speaker/speaker_alt/kind/cue/optional``).
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE.parent))
from annotated_quotes import article_rows, write_rows  # noqa: E402

OUT = ROOT / "tests" / "data" / "quotes-civic-tune.jsonl"


def main() -> None:
    write_rows(OUT, article_rows(HERE), ROOT)


if __name__ == "__main__":
    main()
