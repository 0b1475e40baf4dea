"""Feeding inputs: every supported file kind becomes raw-topic payloads; keys keep articles ordered."""

from __future__ import annotations

import gzip
import os
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from agents.cli import samples_dir
from agents.feed import check_source, iter_payloads, key_for
from schemas import article_id_for_url


class TestIterPayloads:
    def test_jsonl_lines_are_sent_verbatim_even_when_broken(self, tmp_path: Path) -> None:
        """Each non-empty JSONL line is one payload; broken lines are kept for the dead-letter topic."""
        path = tmp_path / "a.jsonl"
        path.write_bytes(b'{"url": "u1", "text": "a"}\n\n{broken\n')
        assert list(iter_payloads(path)) == [b'{"url": "u1", "text": "a"}', b"{broken"]

    def test_json_array_yields_each_element(self, tmp_path: Path) -> None:
        """A JSON array file yields one payload per element."""
        path = tmp_path / "a.json"
        path.write_bytes(orjson.dumps([{"url": "u1", "text": "a"}, {"url": "u2", "text": "b"}]))
        assert [orjson.loads(p)["url"] for p in iter_payloads(path)] == ["u1", "u2"]

    @pytest.mark.parametrize(
        "bad",
        [
            b'{"url": "u-bad", "score": NaN}',  # what Python's json.dumps writes for nan
            b'{"url": "u-bad", "text": "\\ud800"}',  # a lone surrogate
            b'{"url": "u-bad", "deep": ' + b"[" * 2000 + b"]" * 2000 + b"}",  # deeper than the parser goes
        ],
    )
    def test_one_bad_element_of_a_json_array_is_one_payload_of_its_own(self, tmp_path: Path, bad: bytes) -> None:
        """The array does not parse as a whole: its good articles are still one payload each."""
        path = tmp_path / "a.json"
        path.write_bytes(b'[{"url": "u1", "text": "a, [b] {c}"}, ' + bad + b', {"url": "u2", "text": "\\"]"},]')
        payloads = list(iter_payloads(path))
        assert len(payloads) == 3 and payloads[1] == bad
        assert [orjson.loads(p)["url"] for p in (payloads[0], payloads[2])] == ["u1", "u2"]

    def test_json_lines_saved_as_json_are_lines(self, tmp_path: Path) -> None:
        path = tmp_path / "a.json"
        path.write_bytes(b'{"url": "u1"}\n{"url": "u2"}\n')
        assert [orjson.loads(p)["url"] for p in iter_payloads(path)] == ["u1", "u2"]

    def test_a_broken_json_object_is_one_payload(self, tmp_path: Path) -> None:
        path = tmp_path / "a.json"
        path.write_bytes(b'{"url": "u1",\n "text": NaN}')
        assert list(iter_payloads(path)) == [b'{"url": "u1",\n "text": NaN}']

    def test_json_lines_at_any_line_end_and_after_joined_marks(self, tmp_path: Path) -> None:
        """CR-only line ends (old Mac editors) and a byte order mark opening a later line (files joined with cat)."""
        path = tmp_path / "a.jsonl"
        path.write_bytes(b'{"url": "u1"}\r{"url": "u2"}\r\n\xef\xbb\xbf{"url": "u3"}\n')
        assert [orjson.loads(p)["url"] for p in iter_payloads(path)] == ["u1", "u2", "u3"]

    def test_html_file_in_a_legacy_charset_is_decoded(self, tmp_path: Path) -> None:
        """An HTML file in windows-1251 becomes a UTF-8 payload with the right characters."""
        path = tmp_path / "page.html"
        html = '<html><head><meta charset="windows-1251"></head><body><p>Привет, мир! Это статья.</p></body></html>'
        path.write_bytes(html.encode("cp1251"))
        [payload] = iter_payloads(path)
        data = orjson.loads(payload)
        assert "Привет, мир!" in data["html"] and data["url"].startswith("file://")

    def test_directory_is_walked_in_order_through_gzip(self, tmp_path: Path) -> None:
        """Directories are walked recursively and sorted; .gz files are read through."""
        (tmp_path / "b").mkdir()
        (tmp_path / "a.txt").write_text("Plain text article.", encoding="utf-8")
        with gzip.open(tmp_path / "b" / "c.jsonl.gz", "wb") as f:
            f.write(b'{"url": "u3", "text": "c"}\n')
        (tmp_path / "ignored.csv").write_text("x", encoding="utf-8")
        payloads = [orjson.loads(p) for p in iter_payloads(tmp_path)]
        assert [p.get("text") for p in payloads] == ["Plain text article.", "c"]

    def test_unknown_file_kind_is_refused_with_a_hint(self, tmp_path: Path) -> None:
        """Feeding an unsupported file names the supported kinds."""
        path = tmp_path / "x.csv"
        path.write_text("a,b", encoding="utf-8")
        with pytest.raises(ValueError, match=r"\.jsonl"):
            list(iter_payloads(path))

    def test_a_byte_order_mark_before_json_lines_is_dropped(self, tmp_path: Path) -> None:
        """A UTF-8 BOM at the start of a .jsonl file is not part of its first article."""
        path = tmp_path / "bom.jsonl"
        path.write_bytes(b'\xef\xbb\xbf{"url": "u1", "text": "a"}\n{"url": "u2", "text": "b"}\n')
        assert [orjson.loads(p)["url"] for p in iter_payloads(path)] == ["u1", "u2"]

    def test_a_json_array_after_a_byte_order_mark_is_one_payload_per_article(self, tmp_path: Path) -> None:
        """A BOM-prefixed .json array still yields each article as its own payload."""
        path = tmp_path / "bom.json"
        path.write_bytes(b"\xef\xbb\xbf" + orjson.dumps([{"url": "u1", "text": "a"}, {"url": "u2", "text": "b"}]))
        assert [orjson.loads(p)["url"] for p in iter_payloads(path)] == ["u1", "u2"]

    def test_a_pipe_is_refused_not_read_as_one_text(self, tmp_path: Path) -> None:
        """A FIFO or process substitution has no suffix to go by: refused, with stdin ("-") named."""
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        with pytest.raises(ValueError, match="for stdin"):
            check_source(fifo)

    def test_suffixes_are_read_in_any_case(self, tmp_path: Path) -> None:
        """x.JSONL.GZ is gzipped JSON lines, as x.jsonl.gz is."""
        path = tmp_path / "upper.JSONL.GZ"
        path.write_bytes(gzip.compress(b'{"url": "u1", "text": "a"}\n'))
        assert [orjson.loads(p)["url"] for p in iter_payloads(path)] == ["u1"]

    @pytest.mark.parametrize("damage", [lambda z: z[:20], lambda z: b"not gzip at all"])
    def test_a_broken_gzip_file_is_named(self, tmp_path: Path, damage: Callable[[bytes], bytes]) -> None:
        """A truncated or mislabelled .gz file stops the feed with its name, not a bare EOFError."""
        path = tmp_path / "day.jsonl.gz"
        path.write_bytes(damage(gzip.compress(b'{"url": "u1", "text": "a"}\n' * 50)))
        with pytest.raises(ValueError, match=r"cannot read .*day\.jsonl\.gz: not a whole gzip file"):
            list(iter_payloads(path))

    def test_a_binary_file_named_txt_is_sent_as_it_is_and_the_feed_goes_on(self, tmp_path: Path) -> None:
        """Not text in any charset: the worker dead-letters it (invalid_encoding); the files after it are fed."""
        (tmp_path / "a.txt").write_bytes(bytes(range(256)) * 40)
        (tmp_path / "b.jsonl").write_bytes(b'{"url": "u1", "text": "a"}\n')
        payloads = list(iter_payloads(tmp_path))
        assert payloads[0] == bytes(range(256)) * 40
        assert orjson.loads(payloads[1])["url"] == "u1"

    def test_bundled_samples_hold_good_and_bad_articles(self) -> None:
        """The samples `newsflow up` feeds include the seed and deliberately bad inputs."""
        payloads = list(iter_payloads(samples_dir()))
        assert len(payloads) >= 10
        assert any(b"Josh Earnest" in p for p in payloads)


class TestKeyFor:
    def test_key_is_the_article_id(self) -> None:
        """The key is the given id, else the URL-derived id, else none."""
        assert key_for(b'{"id": "x", "url": "u"}') == b"x"
        assert key_for(b'{"url": "u"}') == article_id_for_url("u").encode()
        assert key_for(b"not json") is None
        assert key_for(b"[1]") is None
