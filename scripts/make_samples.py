"""Rebuild agents/samples/ from ../shared: the seed article, a few real news pages, and bad inputs.

Run from the repository root: python scripts/make_samples.py (the output is committed).
The news pages come from the article-extraction-benchmark dev set (MIT, see agents/samples/LICENSE).
"""

import gzip
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared"
OUT = Path(__file__).resolve().parents[1] / "agents" / "samples"
PAGES = ["05844573ca", "06ee193de4", "08f7937627", "0d46122928", "156770d676"]

seed = (SHARED / "seeds" / "000_2064c722ad5b44e7.txt").read_text(encoding="utf-8")
truth = json.loads((SHARED / "eval" / "article-extraction-dev" / "ground-truth.json").read_text())
lines = [{"url": "https://112.international/politics/seed-2064c722ad5b44e7", "text": seed, "source": None}]
for prefix in PAGES:
    [page_id] = [k for k in truth if k.startswith(prefix)]
    html = gzip.decompress((SHARED / "eval" / "article-extraction-dev" / "html" / f"{page_id}.html.gz").read_bytes())
    lines.append({"url": truth[page_id]["url"], "html": html.decode("utf-8")})
for line in lines:
    if line.get("source") is None:
        line.pop("source", None)
with gzip.open(OUT / "articles.jsonl.gz", "wt", encoding="utf-8") as f:
    f.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in lines)

bad = [
    b'{"url": "https://example.com/broken", "text": "unterminated',  # invalid JSON
    json.dumps({"url": 42, "text": ["not", "a", "string"]}).encode(),  # wrong types
    json.dumps({"url": "https://example.com/empty", "text": ""}).encode(),  # empty body
    json.dumps(
        {
            "url": "https://example.com/de",
            "text": (
                "Die Bundesregierung hat am Mittwoch neue Pl\u00e4ne f\u00fcr den Ausbau der Windenergie vorgestellt. "
                "Nach Angaben des Wirtschaftsministeriums sollen bis zum Jahr 2030 deutlich mehr Anlagen an Land und auf "
                "See entstehen. Kritiker bem\u00e4ngeln, dass die Genehmigungsverfahren weiterhin zu lange dauern und die "
                "Netze nicht schnell genug ausgebaut werden."
            ),
        },
        ensure_ascii=False,
    ).encode(),  # not English
    json.dumps(
        {
            "url": "https://example.com/junk",
            "html": (
                "<html><body><nav>Home | News | Sport</nav><div class='share'>Share on Facebook</div>"
                "<footer>Subscribe to our newsletter. Cookie settings.</footer></body></html>"
            ),
        }
    ).encode(),  # junk only
    b'{"url": "https://example.com/latin1", "text": "Caf\xe9 cr\xe8me"}',  # not UTF-8
]
(OUT / "bad.jsonl").write_bytes(b"\n".join(bad) + b"\n")
print(f"wrote {len(lines)} articles and {len(bad)} bad inputs to {OUT}")
