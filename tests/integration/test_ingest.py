"""Ingest edges on the real broker: POST /articles and `newsflow feed`; nothing rejected goes unrecorded."""

from __future__ import annotations

import base64
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import brotli
import orjson
import pytest
from pydantic import SecretStr

from agents.settings import Settings
from agents.stack import child_env
from schemas import DeadLetter, RawArticle
from tests.helpers import SEED_PATH, read_topic, serving_web, zstd
from tests.helpers import post_article as _post

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]


@pytest.fixture
def web_url(make_settings: Callable[..., Settings]) -> Iterator[tuple[str, Settings]]:
    """The real web server on a free port, in a thread with its own event loop."""
    settings = make_settings(max_body_bytes=50_000)
    with serving_web(settings) as url:
        yield url, settings


class TestPostArticles:
    def test_valid_article_is_accepted_onto_the_raw_topic(self, web_url: tuple[str, Settings]) -> None:
        """A valid article gets 202 with its id and lands on the raw topic keyed by that id."""
        url, settings = web_url
        body = orjson.dumps({"url": "https://example.com/http-1", "text": SEED_PATH.read_text()})
        status, reply = _post(url, body)
        assert status == 202 and reply["status"] == "accepted"
        [(key, value)] = read_topic(settings, settings.topics.raw, 1)
        assert key == str(reply["id"]).encode() and RawArticle.model_validate_json(value).id == reply["id"]

    def test_bad_and_oversize_requests_are_answered_and_dead_lettered(self, web_url: tuple[str, Settings]) -> None:
        """Invalid JSON gets 400, an oversize body 413; both are also recorded on the dead-letter topic."""
        url, settings = web_url
        status, reply = _post(url, b'{"url": "https://example.com/x", "text": ')
        assert status == 400 and reply["error"]["reason"] == "invalid_json"  # type: ignore[index]
        status, reply = _post(url, orjson.dumps({"url": "https://example.com/big", "text": "x" * 60_000}))
        assert status == 413 and reply["error"]["reason"] == "body_too_large"  # type: ignore[index]
        letters = [DeadLetter.model_validate_json(v) for _, v in read_topic(settings, settings.topics.dead_letter, 2)]
        assert sorted(d.reason for d in letters) == ["body_too_large", "invalid_json"]
        assert all(d.stage == "http_ingest" for d in letters)
        assert next(d for d in letters if d.reason == "body_too_large").payload_truncated is False

    def test_compressed_bodies_are_decoded_and_broken_ones_dead_lettered_as_sent(
        self, web_url: tuple[str, Settings]
    ) -> None:
        """The real server hands bodies over in their coding: br and zstd decode; a truncated one is kept as sent."""
        url, settings = web_url
        article = orjson.dumps({"url": "https://example.com/coded", "text": SEED_PATH.read_text()})
        headers = {"content-type": "application/json"}
        assert _post_with(url, brotli.compress(article), {**headers, "Content-Encoding": "br"})[0] == 202
        assert _post_with(url, zstd.compress(article), {**headers, "Content-Encoding": "zstd"})[0] == 202
        truncated = zstd.compress(article)[:200]
        status, _, reply = _post_with(url, truncated, {**headers, "Content-Encoding": "zstd"})
        assert (status, reply["error"]["reason"]) == (400, "invalid_encoding")
        assert [RawArticle.model_validate_json(v).url for _, v in read_topic(settings, settings.topics.raw, 2)] == [
            "https://example.com/coded"
        ] * 2
        [(_, value)] = read_topic(settings, settings.topics.dead_letter, 1)
        letter = DeadLetter.model_validate_json(value)
        assert (letter.reason, letter.payload_encoding) == ("invalid_encoding", "base64")
        assert base64.b64decode(letter.payload) == truncated


def _post_with(url: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], dict[str, Any]]:
    """POST ``body`` to ``url``/articles with ``headers``; status, reply headers and JSON reply."""
    request = urllib.request.Request(f"{url}/articles", data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - loopback test server
            return response.status, dict(response.headers), orjson.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), orjson.loads(exc.read())


class TestIngestSecurity:
    def test_foreign_host_and_cross_site_are_refused_and_not_stored(self, web_url: tuple[str, Settings]) -> None:
        """421 for a foreign Host, 403 for a foreign Origin; neither is a dead letter, an accepted bad body is."""
        url, settings = web_url
        refused = b'{"refused": '
        status, _, reply = _post_with(url, refused, {"Host": "evil.example.com"})
        assert status == 421 and reply["error"]["reason"] == "foreign_host"
        headers = {"Origin": "https://evil.example.com", "Content-Type": "text/plain"}
        status, _, reply = _post_with(url, refused, headers)
        assert status == 403 and reply["error"]["reason"] == "cross_site"
        status, _ = _post(url, b'{"accepted": ')
        assert status == 400
        [(_, value)] = read_topic(settings, settings.topics.dead_letter, 1)
        assert DeadLetter.model_validate_json(value).payload == '{"accepted": '

    def test_token_is_required_when_set(self, make_settings: Callable[..., Settings]) -> None:
        """With NEWSFLOW_INGEST_TOKEN: no or a wrong token gets 401, the right one 202 and the article is sent."""
        settings = make_settings(ingest_token=SecretStr("tok-123"))
        body = orjson.dumps({"url": "https://example.com/token-1", "text": "Body."})
        with serving_web(settings) as url:
            status, headers, reply = _post_with(url, body, {})
            assert status == 401 and headers["WWW-Authenticate"].startswith("Bearer")
            status, _, _ = _post_with(url, body, {"Authorization": "Bearer nope"})
            assert status == 401
            status, _, reply = _post_with(url, body, {"Authorization": "Bearer tok-123"})
            assert status == 202
        [(key, _)] = read_topic(settings, settings.topics.raw, 1)
        assert key == str(reply["id"]).encode()


class TestSlowUploads:
    def test_a_stalled_upload_times_out_with_408_and_frees_its_slot(
        self, make_settings: Callable[..., Settings]
    ) -> None:
        """An upload that sends headers and 10 of 1,000 body bytes holds the only ingest slot (others get
        503) until NEWSFLOW_INGEST_BODY_TIMEOUT: then it gets 408 body_timeout and articles pass again."""
        settings = make_settings(ingest_max_concurrent=1, ingest_body_timeout=1.5)
        body = orjson.dumps({"url": "https://example.com/after-stall", "text": "Mayor Ann Carter spoke."})
        with serving_web(settings) as url:
            parts = urlsplit(url)
            with socket.create_connection((parts.hostname, parts.port), timeout=15) as stalled:
                stalled.sendall(
                    f"POST /articles HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
                    "Content-Length: 1000\r\n\r\n".encode()
                    + b'{"url": "h'
                )
                # Until the server holds the stalled request, a post may still pass: count those.
                passed = 0
                while (status := _post(url, body)[0]) == 202 and passed < 20:
                    passed += 1
                assert status == 503
                with stalled.makefile("rb") as reply:  # closed, or it keeps the socket open
                    answer = reply.readline()  # the status line, at most 15 s away
                    # aiohttp reads what is left of an answered body before it closes the connection.
                    stalled.sendall(b" " * 990)
                    reply.read()  # to the end: the server closed the connection
            assert answer.split()[1] == b"408"
            status, reply = _post(url, body)
            assert status == 202
        values = [v for _, v in read_topic(settings, settings.topics.raw, passed + 1)]
        assert len(values) == passed + 1 and all(orjson.loads(v)["url"].endswith("after-stall") for v in values)


class TestFeedCommand:
    def test_feed_sends_every_file_kind(self, make_settings: Callable[..., Settings], tmp_path: Path) -> None:
        """`newsflow feed DIR` sends JSONL lines (even broken ones), HTML and text files to the raw topic."""
        settings = make_settings()
        (tmp_path / "a.jsonl").write_text('{"url": "https://e.com/1", "text": "x"}\n{broken\n', encoding="utf-8")
        (tmp_path / "b.html").write_bytes("<html><body><p>Grüße</p></body></html>".encode("cp1252"))
        (tmp_path / "c.txt").write_text("Plain text.", encoding="utf-8")
        result = subprocess.run(  # noqa: S603
            [sys.executable, "-m", "agents.cli", "feed", str(tmp_path)],
            env={**child_env(settings), "PATH": "/usr/bin:/bin"},
            capture_output=True, text=True, timeout=120, check=False,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        assert "sent 4" in result.stderr
        values = [v for _, v in read_topic(settings, settings.topics.raw, 4)]
        assert b"{broken" in values
        assert any("Grüße" in orjson.loads(v).get("html", "") for v in values if v.startswith(b'{"'))
