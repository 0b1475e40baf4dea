"""What carrying the parse between stages costs, next to parsing again.

    .venv/bin/python bench/docbin_codec.py

The NLP stages run as separate agents (tag_entities → attribute_quotes → score_stance); the parse
travels as DocBin bytes. This prints, per article of the dev corpus: parse time, serialise and
deserialise time, and the frame size, so the choice "carry the parse" vs "parse in every stage"
rests on numbers from the same run.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.corpus import dev_pages  # noqa: E402
from pipeline.clean import clean  # noqa: E402
from pipeline.errors import PermanentError  # noqa: E402
from pipeline.ingest import decode_payload  # noqa: E402
from pipeline.nlp import build_nlp, doc_from_bytes, doc_to_bytes  # noqa: E402


def main() -> None:
    now = datetime.now(UTC)
    texts = []
    for url, html in dev_pages():
        try:
            texts.append(clean(decode_payload(orjson.dumps({"url": url, "html": html})), now=now).text)
        except PermanentError:
            pass
    nlp = build_nlp()
    list(nlp.pipe(texts[:5]))  # warm-up
    parse, dump, load, size = [], [], [], []
    for text in texts:
        t0 = time.perf_counter()
        doc = nlp(text)
        t1 = time.perf_counter()
        data = doc_to_bytes(doc)
        t2 = time.perf_counter()
        again = doc_from_bytes(data, nlp)
        t3 = time.perf_counter()
        assert [(e.start_char, e.label_) for e in again.ents] == [(e.start_char, e.label_) for e in doc.ents]
        parse.append(t1 - t0), dump.append(t2 - t1), load.append(t3 - t2), size.append(len(data))
    ms = lambda xs: statistics.mean(xs) * 1000  # noqa: E731
    print(f"articles: {len(texts)}, mean {statistics.mean(len(t.split()) for t in texts):.0f} words")
    print(f"parse (nlp(text))     {ms(parse):7.2f} ms/article")
    print(f"DocBin to_bytes       {ms(dump):7.2f} ms/article")
    print(f"DocBin from_bytes     {ms(load):7.2f} ms/article")
    print(
        f"frame size            {statistics.mean(size) / 1024:7.1f} KiB/article (text {statistics.mean(len(t.encode()) for t in texts) / 1024:.1f} KiB)"
    )
    carried = ms(dump) + 2 * ms(load)
    print(
        f"carry the parse across 3 NLP stages: {carried:.2f} ms vs parse in each: {2 * ms(parse):.2f} ms extra "
        f"→ carrying is {2 * ms(parse) / carried:.0f}x cheaper"
    )


if __name__ == "__main__":
    main()
