"""Rebuild the Wikinews texts of the GUM corpus news genre (amir-zeldes/gum, dep/GUM_news_*.conllu).

Text = the `# text =` sentence strings (GUM keeps the original sentence text), sentences of a paragraph
joined by one space, paragraphs (`# newpar`) by a blank line. Usage:
    python prepare_gum.py /path/to/gum/dep
Writes sources/<doc>.json (id, outlet, licence, url, title, date, text).
"""

import glob
import json
import os
import sys

src = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
for f in sorted(glob.glob(os.path.join(src, "GUM_news_*.conllu"))):
    doc = os.path.basename(f)[: -len(".conllu")]
    paras, cur, meta = [], [], {}
    for line in open(f, encoding="utf-8"):
        line = line.rstrip("\n")
        if line.startswith("# meta::"):
            k, v = line[8:].split(" = ", 1)
            meta[k] = v
        if line == "# newpar" or line.startswith("# newpar "):
            if cur:
                paras.append(" ".join(cur))
                cur = []
        elif line.startswith("# text = "):
            cur.append(line[9:])
    if cur:
        paras.append(" ".join(cur))
    rec = {
        "id": "wikinews-" + doc[len("GUM_news_") :],
        "outlet": "Wikinews",
        "licence": "CC BY 2.5",
        "url": meta.get("sourceURL"),
        "title": meta.get("title"),
        "date": meta.get("dateCreated"),
        "via": "GUM corpus (github.com/amir-zeldes/gum) " + doc,
        "text": "\n\n".join(paras),
    }
    with open(os.path.join(here, "sources", rec["id"] + ".json"), "w", encoding="utf-8") as fh:
        json.dump(rec, fh, ensure_ascii=False, indent=1)
        fh.write("\n")
