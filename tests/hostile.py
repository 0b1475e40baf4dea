"""Hostile inputs and the accounting of what became of them: shared by the fuzz test and its bench.

Every input carries a unique marker (``fz`` + 6 digits + ``q``) where it survives whatever the
pipeline does to it: in the URL and id of an article, at the head of a broken payload, in the
Kafka key of an empty message. After a run, :func:`account` finds each marker in exactly one row
of ``articles`` or ``dead_letters`` — or reports which inputs were lost or stored twice.
"""

from __future__ import annotations

import base64
import random
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

MARKER = re.compile(rb"fz\d{6}q")

NEWS = (
    "The city council of {place} voted on Tuesday to extend the tram line to the northern suburbs, "
    "ending a decade of debate. Mayor Ann Carter said the works would start next spring. Residents "
    "of the affected streets will be offered compensation for noise, her office said."
)
FRENCH = (
    "Le conseil municipal a voté mardi le prolongement de la ligne de tramway vers les quartiers nord, "
    "mettant fin à dix ans de débats. Les travaux commenceront au printemps prochain, a indiqué la mairie."
)


@dataclass(frozen=True)
class Input:
    """One input: its kind, its marker, the message value and (for the raw topic) its key."""

    kind: str
    marker: str
    value: bytes | None
    key: bytes | None = None


def _article(marker: str, **fields: Any) -> dict[str, Any]:
    return {
        "id": f"id-{marker}",
        "url": f"https://example.com/{marker}",
        "text": NEWS.format(place="Springfield"),
        **fields,
    }


def _cjk(rng: random.Random, n: int) -> str:
    """``n`` random CJK ideographs: text PostgreSQL cannot compress below its index row limit."""
    return "".join(chr(rng.randrange(0x4E00, 0x9FA5)) for _ in range(n))


def _dumps(data: Any) -> bytes:
    return orjson.dumps(data)


# Each maker returns (value, key) for a marker; ``rng`` varies the details between copies of a kind.
Maker = Callable[[str, random.Random], tuple[bytes | None, bytes | None]]

KINDS: dict[str, Maker] = {
    "good_text": lambda m, r: (_dumps(_article(m, text=NEWS.format(place=r.choice(["Leeds", "Lyon", "Oslo"])))), None),
    "good_html": lambda m, r: (
        _dumps(
            {
                "url": f"https://example.com/{m}",
                "html": f"<html><head><title>Trams {m}</title></head><body>"
                f"<nav>Home | News</nav><article><p>{NEWS.format(place='Graz')}</p>"
                f"<p>{NEWS.format(place='Basel')}</p></article></body></html>",
            }
        ),  # fmt: skip
        None,
    ),
    "script_and_sql_in_fields": lambda m, r: (
        _dumps(_article(m, title="<script>alert(1)</script>'); DROP TABLE articles;--", source="x' OR '1'='1")),
        None,
    ),
    "unusual_unicode": lambda m, r: (
        _dumps(_article(m, title="\u202eevil\u202c \u200b\ufeff 🦊 é", text=NEWS.format(place="Zürich\u200d") + " 🚋")),
        None,
    ),
    "control_characters": lambda m, r: (_dumps(_article(m, title="a\x01b\x07c\x1bd", source="\x7f")), None),
    "nul_in_every_field": lambda m, r: (
        _dumps(_article(m, id=f"id-{m}\x00x", title="T\x00", source="S\x00", text=NEWS.format(place="N\x00ice"))),
        f"{m}\x00".encode(),
    ),
    "nul_in_url": lambda m, r: (_dumps(_article(m, url=f"https://example.com/{m}\x00/x")), None),
    "binary_key": lambda m, r: (_dumps(_article(m)), bytes(r.randrange(256) for _ in range(16))),
    "invalid_json": lambda m, r: (f'{{"url": "https://example.com/{m}", "text": "unterminated'.encode(), None),
    "truncated_json": lambda m, r: (_dumps(_article(m))[: r.randrange(20, 60)], None),
    "not_utf8": lambda m, r: (f'{{"url": "https://example.com/{m}", "text": "caf'.encode() + b'\xe9"}', None),
    "binary_garbage": lambda m, r: (m.encode() + bytes(r.randrange(256) for _ in range(200)), None),
    "json_array": lambda m, r: (_dumps([m, 1, 2]), None),
    "json_string": lambda m, r: (_dumps(m), None),
    "json_null_with_key": lambda m, r: (b"null", m.encode()),
    "empty_message": lambda m, r: (b"", m.encode()),
    "tombstone": lambda m, r: (None, m.encode()),
    "wrong_types": lambda m, r: (_dumps({"id": f"id-{m}", "url": 42, "text": ["a"], "title": {"x": 1}}), None),
    "missing_url": lambda m, r: (_dumps({"id": f"id-{m}", "text": NEWS}), None),
    "missing_body": lambda m, r: (_dumps({"id": f"id-{m}", "url": f"https://example.com/{m}"}), None),
    "empty_body": lambda m, r: (_dumps(_article(m, text="   \n\t ")), None),
    "both_bodies": lambda m, r: (_dumps(_article(m, html="<p>x</p>")), None),
    "bad_url_scheme": lambda m, r: (_dumps(_article(m, url=f"javascript:alert('{m}')")), None),
    "bad_date": lambda m, r: (_dumps(_article(m, published_at="yesterday-ish")), None),
    "deep_nesting": lambda m, r: (
        f'{{"id": "id-{m}", "url": "https://example.com/{m}", "x": '.encode() + b"[" * 5000 + b"]" * 5000 + b"}",
        None,
    ),
    "long_url": lambda m, r: (_dumps(_article(m, url=f"https://example.com/{m}/" + "a" * 5000)), None),
    "long_id": lambda m, r: (_dumps(_article(m, id=f"id-{m}" + "i" * 300)), None),
    "long_title": lambda m, r: (_dumps(_article(m, title="T" * 200_000)), None),
    "lone_surrogate": lambda m, r: (
        f'{{"id": "id-{m}", "url": "https://example.com/{m}", "text": "\\ud800"}}'.encode(),
        None,
    ),
    "body_too_large": lambda m, r: (_dumps(_article(m, text="word " * 30_000)), None),
    "too_short": lambda m, r: (_dumps(_article(m, text="Brief.")), None),
    # The model tags the run as one person 9,000 characters long: no name (pipeline.entities.NAME_MAX_CHARS).
    "runaway_initials": lambda m, r: (
        _dumps(_article(m, text="A. " * 3_000 + "\n\n" + NEWS.format(place="Ely"))),
        None,
    ),
    # The recogniser tags a closing "›" as a name; trimmed away, nothing of it was left to read.
    "mark_at_end": lambda m, r: (
        _dumps(_article(m, text=r.choice(["›", NEWS.format(place="Hull") + " Read more ›", "Trams ‹ Hull ›"]))),
        None,
    ),
    "not_english": lambda m, r: (_dumps(_article(m, text=FRENCH)), None),
    "html_swallows_body": lambda m, r: (
        _dumps({"url": f"https://example.com/{m}", "html": f"<html><body><!-- <p>{NEWS}</p>"}),
        None,
    ),
    "html_only_scripts": lambda m, r: (
        _dumps(
            {"url": f"https://example.com/{m}", "html": "<html><body><script>var a='<p>x</p>';</script></body></html>"}
        ),
        None,
    ),
    # Metadata found in the page longer than a scraper may send: more than PostgreSQL can index.
    "long_site_name": lambda m, r: (
        _dumps(
            {
                "url": f"https://example.com/{m}",
                "html": f'<html><head><meta property="og:site_name" content="{_cjk(r, r.randrange(1_000, 3_000))}">'
                f"</head><body><article><p>{NEWS.format(place='Graz')}</p></article></body></html>",
            }
        ),
        None,
    ),
    "long_source_line": lambda m, r: (
        _dumps(
            _article(m, text="Trams\nSource: " + _cjk(r, r.randrange(1_000, 3_000)) + "\n\n" + NEWS.format(place="Ely"))
        ),
        None,
    ),
    "long_url_host": lambda m, r: (
        _dumps(
            {
                "url": f"https://{m}{''.join(r.choices('abcdefghijklmnopqrstuvwxyz0123456789', k=3_000))}.com/x",
                "html": f"<html><body><article><p>{NEWS.format(place='Graz')}</p></article></body></html>",
            }
        ),
        None,
    ),
    # A reference to a control character ("&#1;") once made trafilatura find no text in the whole page.
    "html_control_reference": lambda m, r: (
        _dumps(
            {
                "url": f"https://example.com/{m}",
                "html": f"<html><body><p>{NEWS.format(place='Kiel')} X{r.choice(['&#1;', '&#x1B;', '&#xFFFE;'])}Y</p>"
                f"<p>{NEWS.format(place='Bonn')}</p></body></html>",
            }
        ),
        None,
    ),
    "url_no_page": lambda m, r: (
        _dumps(_article(m, url=r.choice([f"http:///{m}", f"https://example.com/{m}\x01"]))),
        None,
    ),
}
GOOD_KINDS = frozenset({"good_text", "good_html", "script_and_sql_in_fields", "unusual_unicode", "control_characters",
                        "nul_in_every_field", "nul_in_url", "binary_key", "not_english", "too_short", "mark_at_end",
                        "runaway_initials", "long_site_name", "long_source_line", "long_url_host",
                        "html_control_reference"})  # fmt: skip


def hostile_inputs(copies: int, *, seed: int = 0, start: int = 0) -> list[Input]:
    """``copies`` inputs of every kind, shuffled, with markers numbered from ``start``."""
    rng = random.Random(seed)
    out = []
    n = start
    for _ in range(copies):
        for kind, make in KINDS.items():
            marker = f"fz{n:06d}q"
            value, key = make(marker, rng)
            out.append(Input(kind, marker, value, key))
            n += 1
    rng.shuffle(out)
    return out


def good_articles(n: int, *, seed: int = 0, start: int = 0) -> list[Input]:
    """``n`` good text articles with markers numbered from ``start``."""
    rng = random.Random(seed)
    make = KINDS["good_text"]
    return [Input("good_text", m, *make(m, rng)) for m in (f"fz{k:06d}q" for k in range(start, start + n))]


def _markers(*texts: str | bytes | None) -> set[str]:
    found: set[str] = set()
    for text in texts:
        if text:
            data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
            found.update(m.decode() for m in MARKER.findall(data))
    return found


@dataclass
class Accounting:
    """What became of each input: the rows that carry its marker."""

    rows: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # marker -> row descriptions
    unmarked_rows: int = 0
    outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)  # (kind, outcome) -> count

    def lost(self, inputs: list[Input]) -> list[Input]:
        """Inputs with no row at all."""
        return [i for i in inputs if not self.rows.get(i.marker)]

    def doubled(self, inputs: list[Input]) -> list[tuple[Input, list[str]]]:
        """Inputs with more than one row."""
        return [(i, self.rows[i.marker]) for i in inputs if len(self.rows.get(i.marker, [])) > 1]


def account(inputs: list[Input], articles: list[Any], dead_letters: list[Any]) -> Accounting:
    """Match stored rows to inputs by marker; count outcomes per kind (``article`` or the dead-letter reason)."""
    result = Accounting()
    for row in articles:
        for marker in _markers(row["id"], row["url"]) or {""}:
            if marker:
                result.rows[marker].append("article")
            else:
                result.unmarked_rows += 1
    for row in dead_letters:
        payload = row["payload"]
        raw = base64.b64decode(payload) if row["payload_encoding"] == "base64" else payload
        for marker in _markers(row["article_id"], row["source_key"], raw) or {""}:
            if marker:
                result.rows[marker].append(f"{row['stage']}:{row['reason']}")
            else:
                result.unmarked_rows += 1
    for item in inputs:
        for outcome in result.rows.get(item.marker) or ["LOST"]:
            result.outcomes[(item.kind, outcome)] += 1
    return result


def outcome_table(accounting: Accounting) -> Iterator[str]:
    """One line per (kind, outcome): the count."""
    for (kind, outcome), n in sorted(accounting.outcomes.items()):
        yield f"{kind:<26} {outcome:<40} {n}"


def produce(bootstrap: str, topic: str, inputs: list[Input], *, compression: str = "none") -> None:
    """Put each input on ``topic`` as it is (key and value) with confluent-kafka; wait for every ack.

    ``compression`` is the producer's ``compression.type`` (``gzip``, ``snappy``, ``lz4``, ``zstd``).
    """
    from confluent_kafka import Producer

    producer = Producer(
        {"bootstrap.servers": bootstrap, "message.max.bytes": 2_000_000, "compression.type": compression}
    )
    for item in inputs:
        producer.produce(topic, value=item.value, key=item.key)
        producer.poll(0)
    if producer.flush(60) != 0:
        msg = "the broker did not acknowledge every message"
        raise RuntimeError(msg)


def stored(dsn: str, inputs: list[Input]) -> Accounting:
    """Read ``articles`` and ``dead_letters`` and account for ``inputs``."""
    import asyncio

    from tests.helpers import fetch

    articles = asyncio.run(fetch(dsn, "SELECT id, url FROM articles"))
    letters = asyncio.run(
        fetch(dsn, "SELECT article_id, source_key, payload, payload_encoding, stage, reason FROM dead_letters")
    )
    return account(inputs, articles, letters)


def wait_until_accounted(
    dsn: str, inputs: list[Input], *, alive: Callable[[], None], timeout: float, interval: float = 1.0
) -> Accounting:
    """Wait until every input has a row; print the per-kind outcome table and return the accounting.

    ``alive`` is called on every poll to fail fast when a process of the pipeline died. On a timeout
    the table so far is printed before the error propagates.
    """
    from agents.services import wait_for

    def accounted() -> bool:
        alive()
        return not stored(dsn, inputs).lost(inputs)

    try:
        wait_for(accounted, timeout=timeout, what="a row for every input", interval=interval)
    finally:
        result = stored(dsn, inputs)
        print("\n".join(outcome_table(result)))
    return result
