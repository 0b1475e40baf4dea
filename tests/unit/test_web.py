"""The web server's ingest guards (Host, Origin, Sec-Fetch-Site, token, concurrency) and /readyz, without services."""

from __future__ import annotations

import asyncio
import contextlib
import gzip
import logging
import time
import zlib
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import aiohttp
import brotli
import orjson
import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer
from multidict import CIMultiDict
from pydantic import SecretStr

from agents.settings import Settings
from agents.web import (
    INGEST_SLOTS,
    METRICS,
    SERVER_OPTIONS,
    Check,
    DatabaseProbe,
    Readiness,
    app_runner,
    create_web_app,
    cross_site_reason,
)
from pipeline.errors import ResultTooLarge
from tests.helpers import until, zstd

ARTICLE = orjson.dumps({"url": "https://example.com/a", "text": "A body."})
TOKEN = "s3cret-token"  # noqa: S105 - a test value

Client = TestClient[web.Request, web.Application]


class FakeFeeder:
    """Records what the handler sends and dead-letters; ``gate``, when set, holds each send until opened."""

    def __init__(self) -> None:
        self.sent: list[bytes] = []
        self.rejected: list[str] = []
        self.rejected_payloads: list[bytes] = []
        self.gate: asyncio.Event | None = None
        self.failure: Exception | None = None  # raised by a send that waits for the broker
        self._arrived = asyncio.Condition()

    async def __aenter__(self) -> FakeFeeder:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        return None

    async def send(self, payload: bytes, *, stage: str, wait: bool = False) -> None:
        self.sent.append(payload)
        async with self._arrived:
            self._arrived.notify_all()
        if self.gate is not None:
            await self.gate.wait()
        if wait and self.failure is not None:
            raise self.failure

    async def reject(self, payload: bytes, exc: Any, *, stage: str) -> None:
        self.rejected.append(exc.reason)
        self.rejected_payloads.append(payload)

    async def flush(self) -> None:
        return None

    async def wait_sent(self, n: int, timeout: float = 10) -> None:
        """Return once ``n`` payloads reached the feeder (fails after ``timeout`` s)."""
        async with self._arrived:
            await asyncio.wait_for(self._arrived.wait_for(lambda: len(self.sent) >= n), timeout)


def _settings(**overrides: Any) -> Settings:
    return Settings(web_port=0, **overrides)


def _run(
    settings: Settings,
    scenario: Callable[[Client, FakeFeeder], Awaitable[Any]],
    *,
    checks: Mapping[str, Check] | None = None,
) -> tuple[Any, FakeFeeder]:
    feeder = FakeFeeder()

    async def run() -> Any:
        app = create_web_app(settings, feeder_factory=lambda _: feeder, checks=checks or {})  # type: ignore[arg-type,return-value]
        server = TestServer(app, host="127.0.0.1")
        await server.start_server(**SERVER_OPTIONS)
        client: Client = TestClient(server)
        await client.start_server()
        try:
            return await scenario(client, feeder)
        finally:
            await client.close()

    return asyncio.run(run()), feeder


def _post(headers: Mapping[str, str] | Callable[[Client], Mapping[str, str]], body: bytes = ARTICLE) -> Callable:
    async def scenario(client: Client, feeder: FakeFeeder) -> tuple[int, dict[str, str], dict[str, Any]]:
        given = headers(client) if callable(headers) else headers
        response = await client.post("/articles", data=body, headers=dict(given))
        return response.status, dict(response.headers), await response.json()

    return scenario


def _own_origin(client: Client) -> str:
    return f"http://127.0.0.1:{client.port}"


class TestHost:
    @pytest.mark.parametrize("host", ["evil.example.com", "evil.example.com:8080", "10.0.0.5:8080"])
    def test_foreign_host_refused_on_loopback(self, host: str) -> None:
        """On a loopback bind a foreign Host gets 421, as on the dashboard; nothing is sent or dead-lettered."""
        (status, _, reply), feeder = _run(_settings(), _post({"Host": host}))
        assert status == 421 and reply["error"]["reason"] == "foreign_host"
        assert feeder.sent == [] and feeder.rejected == []

    def test_loopback_names_accepted(self) -> None:
        """localhost and the loopback address are accepted."""
        (status, _, reply), feeder = _run(_settings(), _post(lambda c: {"Host": f"localhost:{c.port}"}))
        assert status == 202 and reply["status"] == "accepted" and feeder.sent == [ARTICLE]

    def test_any_host_when_exposed(self) -> None:
        """Bound beyond loopback, the Host header is not checked (the token and Origin checks still are)."""
        settings = _settings(web_host="0.0.0.0", ingest_token=SecretStr(TOKEN))  # noqa: S104
        headers = {"Host": "ingest.newsroom.example", "Authorization": f"Bearer {TOKEN}"}
        (status, _, _), _ = _run(settings, _post(headers))
        assert status == 202


class TestCrossSite:
    @pytest.mark.parametrize(
        "origin", ["https://evil.example.com", "null", "http://127.0.0.1:1", "http://localhost.evil.example"]
    )
    def test_foreign_origin_refused(self, origin: str) -> None:
        """A cross-site POST (a text/plain form needs no CORS preflight) gets 403 and stores nothing."""
        headers = {"Origin": origin, "Content-Type": "text/plain"}
        (status, _, reply), feeder = _run(_settings(), _post(headers))
        assert status == 403 and reply["error"]["reason"] == "cross_site"
        assert "not this server's origin" in reply["error"]["message"]
        assert feeder.sent == [] and feeder.rejected == []

    def test_own_origin_accepted(self) -> None:
        """The server's own origin (a page it served) may post."""
        (status, _, _), feeder = _run(_settings(), _post(lambda c: {"Origin": _own_origin(c)}))
        assert status == 202 and feeder.sent == [ARTICLE]

    def test_sec_fetch_site_cross_site_refused_without_origin(self) -> None:
        """Without Origin, Sec-Fetch-Site: cross-site is refused; same-origin and none pass."""
        (status, _, reply), _ = _run(_settings(), _post({"Sec-Fetch-Site": "cross-site"}))
        assert status == 403 and "Sec-Fetch-Site" in reply["error"]["message"]
        (status, _, _), _ = _run(_settings(), _post({"Sec-Fetch-Site": "same-origin"}))
        assert status == 202
        (status, _, _), _ = _run(_settings(), _post({}))
        assert status == 202

    @pytest.mark.parametrize(
        ("origin", "host", "same"),
        [
            ("https://news.example", "news.example", True),  # a TLS proxy in front passing Host through
            ("https://news.example", "news.example:443", True),
            ("http://news.example:8080", "news.example:8080", True),
            ("http://[::1]:8080", "[::1]:8080", True),
            ("https://news.example", "news.example:8080", False),
            ("https://news.example.evil", "news.example", False),
            ("https://news.example/path", "news.example", False),
            ("ftp://news.example", "news.example", False),
            ("http://news.example:99999", "news.example", False),
        ],
    )
    def test_origin_comparison(self, origin: str, host: str, same: bool) -> None:
        """Origin matches when its host and port are the ones the request was addressed to."""
        assert (cross_site_reason({"Origin": origin, "Host": host}) is None) is same


class TestToken:
    @pytest.mark.parametrize("authorization", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer"])
    def test_missing_or_wrong_token_refused(self, authorization: str | None) -> None:
        """Without the right bearer token: 401 with WWW-Authenticate, and no dead letter even for a bad body."""
        headers = {} if authorization is None else {"Authorization": authorization}
        (status, reply_headers, reply), feeder = _run(
            _settings(ingest_token=SecretStr(TOKEN)), _post(headers, body=b"{not json")
        )
        assert status == 401 and reply["error"]["reason"] == "unauthorized"
        assert reply_headers["WWW-Authenticate"].startswith("Bearer")
        assert feeder.sent == [] and feeder.rejected == []

    def test_an_article_the_broker_does_not_acknowledge_gets_503(self) -> None:
        """202 means the broker has it: a failed delivery answers 503 with Retry-After, not 202."""
        from aiokafka.errors import KafkaTimeoutError

        async def scenario(client: Client, feeder: FakeFeeder) -> tuple[int, Any, str | None]:
            feeder.failure = KafkaTimeoutError()
            response = await client.post("/articles", data=ARTICLE)
            return response.status, await response.json(), response.headers.get("Retry-After")

        (status, body, retry), _ = _run(_settings(), scenario)
        assert (status, body["error"]["reason"], retry) == (503, "broker_unavailable", "5")

    def test_an_article_the_raw_topic_refuses_for_its_size_is_a_dead_letter_and_413(self) -> None:
        """Not 503 (sending it again would fail again): the broker's refusal is kept as a dead letter."""

        async def scenario(client: Client, feeder: FakeFeeder) -> tuple[int, Any]:
            feeder.failure = ResultTooLarge("the broker refused it: the topic's max.message.bytes is smaller")
            response = await client.post("/articles", data=ARTICLE)
            return response.status, await response.json()

        (status, body), feeder = _run(_settings(), scenario)
        assert (status, body["error"]["reason"]) == (413, "body_too_large")
        assert "max.message.bytes" in body["error"]["message"]
        assert feeder.rejected == ["body_too_large"]

    def test_a_body_that_does_not_decode_as_its_content_encoding_says_is_a_dead_letter_and_400(self) -> None:
        """Not a 500: what decoded (here nothing) is kept in an ``invalid_encoding`` dead letter."""

        async def scenario(client: Client, feeder: FakeFeeder) -> tuple[int, Any]:
            headers = {"Content-Encoding": "gzip", "Content-Type": "application/json"}
            response = await client.post("/articles", data=ARTICLE, headers=headers)
            return response.status, await response.json()

        (status, body), feeder = _run(_settings(), scenario)
        assert (status, body["error"]["reason"]) == (400, "invalid_encoding")
        assert "Content-Encoding 'gzip'" in body["error"]["message"]
        assert feeder.rejected == ["invalid_encoding"] and feeder.sent == []

    @pytest.mark.parametrize(
        ("coding", "compress"),
        [("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress), ("zstd", zstd.compress)],
    )
    def test_a_compressed_body_is_decoded_and_a_broken_one_dead_lettered_as_sent(
        self, coding: str, compress: Callable[[bytes], bytes]
    ) -> None:
        """Whole: the decoded article is sent. Truncated: 400 and a dead letter of the bytes as they came."""
        whole = compress(ARTICLE)
        truncated = whole[: len(whole) // 2]

        async def scenario(client: Client, feeder: FakeFeeder) -> list[tuple[int, Any]]:
            answers = []
            for body in (whole, truncated):
                response = await client.post("/articles", data=body, headers={"Content-Encoding": coding})
                answers.append((response.status, await response.json()))
            return answers

        [(ok, _), (broken, body)], feeder = _run(_settings(), scenario)
        assert (ok, feeder.sent) == (202, [ARTICLE])
        assert (broken, body["error"]["reason"]) == (400, "invalid_encoding")
        assert "truncated" in body["error"]["message"]
        assert feeder.rejected_payloads == [truncated]

    def test_a_body_in_the_charset_its_content_type_declares_is_sent_as_utf8(self) -> None:
        """It was dead-lettered as "not valid UTF-8" though the client said which charset it used."""
        article = '{"url": "https://example.com/a", "text": "Le café du coin."}'
        headers = {"Content-Type": "application/json; charset=ISO-8859-1"}
        (status, _, _), feeder = _run(_settings(), _post(headers, body=article.encode("latin-1")))
        assert (status, feeder.sent) == (202, [article.encode()])

    @pytest.mark.parametrize(
        ("charset", "status"),
        [("rot13", 415), ("shift_jis", 400), ("utf-7", 415), ("undefined", 415), ("punycode", 415)],
    )
    def test_a_body_its_declared_charset_does_not_read_is_a_dead_letter_as_sent(
        self, charset: str, status: int
    ) -> None:
        body = b'{"url": "https://example.com/a", "text": "\x81"}'
        headers = {"Content-Type": f"application/json; charset={charset}"}
        (answered, _, reply), feeder = _run(_settings(), _post(headers, body=body))
        assert (answered, reply["error"]["reason"]) == (status, "invalid_encoding")
        assert charset in reply["error"]["message"]
        assert feeder.rejected_payloads == [body] and feeder.sent == []

    def test_a_utf16_body_with_its_byte_order_mark_is_read_without_a_charset(self) -> None:
        article = '{"url": "https://example.com/a", "text": "Привет."}'
        (status, _, _), feeder = _run(_settings(), _post({}, body=article.encode("utf-16")))
        assert (status, feeder.sent) == (202, [article.encode()])

    def test_a_body_over_the_limit_once_in_utf8_is_a_dead_letter_and_413(self) -> None:
        """2,000 Cyrillic letters are 2,000 bytes in windows-1251 and 4,000 in UTF-8."""
        body = ('{"url": "https://example.com/a", "text": "%s"}' % ("я" * 2000)).encode("cp1251")
        headers = {"Content-Type": "application/json; charset=windows-1251"}
        (status, _, reply), feeder = _run(_settings(max_body_bytes=3000), _post(headers, body=body))
        assert (status, reply["error"]["reason"]) == (413, "body_too_large")
        assert "in UTF-8" in reply["error"]["message"] and feeder.rejected_payloads == [body]

    def test_codings_on_several_header_lines_are_one_list(self) -> None:
        """RFC 9110 §5.3: "Content-Encoding: br" then "Content-Encoding: gzip" is "br, gzip"."""

        async def scenario(client: Client, feeder: FakeFeeder) -> int:
            headers = CIMultiDict([("Content-Encoding", "br"), ("Content-Encoding", "gzip")])
            response = await client.post("/articles", data=gzip.compress(brotli.compress(ARTICLE)), headers=headers)
            return response.status

        status, feeder = _run(_settings(), scenario)
        assert (status, feeder.sent) == (202, [ARTICLE])

    def test_an_unknown_content_coding_is_a_dead_letter_and_415(self) -> None:
        """RFC 9110: 415 naming the codings we take; the body is kept as sent."""
        (status, headers, body), feeder = _run(_settings(), _post({"Content-Encoding": "compress"}))
        assert (status, body["error"]["reason"]) == (415, "invalid_encoding")
        assert headers["Accept-Encoding"] == "gzip, deflate, br, zstd"
        assert feeder.rejected_payloads == [ARTICLE] and feeder.sent == []

    def test_a_body_over_the_limit_once_decompressed_is_a_dead_letter_and_413(self) -> None:
        """A 50 MB gzip bomb (50 KB sent) is decoded only to the limit and kept as sent."""
        bomb = gzip.compress(b" " * (50 << 20))

        async def scenario(client: Client, feeder: FakeFeeder) -> tuple[int, Any]:
            response = await client.post("/articles", data=bomb, headers={"Content-Encoding": "gzip"})
            return response.status, await response.json()

        (status, body), feeder = _run(_settings(max_body_bytes=100_000), scenario)
        assert (status, body["error"]["reason"]) == (413, "body_too_large")
        assert "decompressed" in body["error"]["message"]
        assert feeder.rejected_payloads == [bomb] and feeder.sent == []

    def test_right_token_accepted(self) -> None:
        """The configured token as a bearer token (any case of the scheme) is accepted."""
        (status, _, _), feeder = _run(
            _settings(ingest_token=SecretStr(TOKEN)), _post({"Authorization": f"bearer {TOKEN}"})
        )
        assert status == 202 and feeder.sent == [ARTICLE]

    def test_authorised_bad_body_is_still_dead_lettered(self) -> None:
        """An authorised client's invalid body gets 400 and a dead letter, as before."""
        (status, _, reply), feeder = _run(
            _settings(ingest_token=SecretStr(TOKEN)), _post({"Authorization": f"Bearer {TOKEN}"}, body=b"{not json")
        )
        assert status == 400 and reply["error"]["reason"] == "invalid_json"
        assert feeder.rejected == ["invalid_json"] and feeder.sent == []

    def test_empty_token_means_unset(self) -> None:
        """NEWSFLOW_INGEST_TOKEN= (empty) requires no token."""
        (status, _, _), _ = _run(_settings(ingest_token=SecretStr("")), _post({}))
        assert status == 202


class TestConcurrencyLimit:
    def test_over_the_limit_gets_503_with_retry_after(self) -> None:
        """With 2 requests in hand the third gets 503 + Retry-After; once they finish, requests pass again."""

        async def scenario(client: Client, feeder: FakeFeeder) -> tuple[int, str, list[int], int]:
            feeder.gate = asyncio.Event()
            held = [asyncio.create_task(client.post("/articles", data=ARTICLE)) for _ in range(2)]
            await feeder.wait_sent(2)
            over = await client.post("/articles", data=ARTICLE)
            feeder.gate.set()
            statuses = [(await task).status for task in held]
            again = await client.post("/articles", data=ARTICLE)
            return over.status, over.headers.get("Retry-After", ""), statuses, again.status

        (over, retry_after, held, again), feeder = _run(_settings(ingest_max_concurrent=2), scenario)
        assert over == 503 and retry_after == "1"
        assert held == [202, 202] and again == 202 and len(feeder.sent) == 3


Upload = tuple[asyncio.StreamReader, asyncio.StreamWriter]


def _serve(settings: Settings, scenario: Callable[[int, web.Application], Awaitable[Any]]) -> tuple[Any, FakeFeeder]:
    """Run ``scenario(port, app)`` against the app served as ``agents.web.serve`` serves it.

    aiohttp's ``TestServer`` cancels a handler whose client goes away; ``serve``'s ``AppRunner``, as
    in production, lets the handler see the lost connection instead.
    """
    feeder = FakeFeeder()

    async def run() -> Any:
        app = create_web_app(settings, feeder_factory=lambda _: feeder, checks={}, group_lag=False)  # type: ignore[arg-type,return-value]
        runner = app_runner(app, settings)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        try:
            return await scenario(runner.addresses[0][1], app)
        finally:
            await runner.cleanup()

    return asyncio.run(run()), feeder


async def _post_article(port: int) -> int:
    """POST a valid article over a connection of its own; the status."""
    async with aiohttp.ClientSession() as session, session.post(f"http://127.0.0.1:{port}/articles", data=ARTICLE) as r:
        return r.status


async def _stalled_upload(port: int) -> Upload:
    """Open a POST /articles announcing a 1,000-byte body, send 10 bytes of it, and keep the socket open."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"POST /articles HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
    writer.write(f"{head}Content-Length: 1000\r\n\r\n".encode() + b'{"url": "h')
    await writer.drain()
    return reader, writer


async def _answer(upload: Upload) -> tuple[int, dict[str, Any]]:
    """The status and JSON reply the server sends on ``upload``'s connection (fails after 10 s without one)."""
    reader, writer = upload
    head = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)).decode()
    length = next(int(line.split(":")[1]) for line in head.splitlines() if line.lower().startswith("content-length:"))
    body = await asyncio.wait_for(reader.readexactly(length), 10)
    writer.close()
    return int(head.split()[1]), orjson.loads(body)


def _ingest_answers(app: web.Application, status: int) -> int:
    return int(app[METRICS].registry.get_sample_value("newsflow_ingest_requests_total", {"status": str(status)}) or 0)


async def _closed_by_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, drip: bytes) -> bool:
    """Send ``drip`` a byte at a time, 0.05 s apart, then wait; True once the server closes the connection.

    False if it is still open 10 s after the last byte (the server waits for the rest of the head).
    """
    try:
        for byte in drip:
            if reader.at_eof():
                return True
            with contextlib.suppress(ConnectionError):
                writer.write(bytes([byte]))
                await writer.drain()
            with contextlib.suppress(TimeoutError):
                if await asyncio.wait_for(reader.read(1), 0.05) == b"":
                    return True
        try:
            return await asyncio.wait_for(reader.read(1), 10) == b""
        except TimeoutError:
            return False
    finally:
        writer.close()


class TestTransferCodings:
    def test_a_body_in_a_transfer_coding_besides_chunked_is_decoded(self) -> None:
        """ "Transfer-Encoding: gzip, chunked": aiohttp undoes the chunks, we undo the gzip."""
        packed = gzip.compress(ARTICLE)
        chunked = f"{len(packed):x}\r\n".encode() + packed + b"\r\n0\r\n\r\n"

        async def scenario(port: int, app: web.Application) -> int:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            head = f"POST /articles HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            writer.write(head.encode() + b"Transfer-Encoding: gzip, chunked\r\n\r\n" + chunked)
            await writer.drain()
            answer = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            writer.close()
            return int(answer.split()[1])

        status, feeder = _serve(_settings(), scenario)
        assert (status, feeder.sent) == (202, [ARTICLE])


class TestMalformedRequests:
    @pytest.mark.parametrize(
        "head",
        [
            b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n",
            b"POST /articles HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 9_000 + b"\r\n\r\n",
            b"POST /articles HTTP/1.1\r\nHost: x\r\nContent-Length: -3\r\n\r\n",
        ],
    )
    def test_a_request_the_parser_refuses_is_one_warning_line(
        self, head: bytes, caplog: pytest.LogCaptureFixture
    ) -> None:
        """aiohttp answers 400 before any handler; the log gets one warning, no traceback at ERROR."""

        async def scenario(port: int, app: web.Application) -> int:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            writer.write(head)
            await writer.drain()
            answer = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
            writer.close()
            return int(answer.split()[1])

        with caplog.at_level(logging.DEBUG, logger="aiohttp.server"):
            status, _ = _serve(_settings(), scenario)
        assert status == 400
        server = [r for r in caplog.records if r.name == "aiohttp.server"]
        assert [(r.levelname, r.exc_info) for r in server] == [("WARNING", None)]
        assert "malformed HTTP request" in server[0].getMessage()


class TestSlowHeads:
    @pytest.mark.parametrize("head", [b"", b"POST /articles HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + b"a" * 60])
    def test_a_connection_without_a_whole_request_head_in_time_is_closed(self, head: bytes) -> None:
        """An idle connection, and one sending its request head a byte at a time, are closed at the header
        timeout (not after aiohttp's default hour); a real request on a new connection still passes."""

        async def scenario(port: int, app: web.Application) -> tuple[bool, int]:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            closed = await _closed_by_server(reader, writer, head)
            return closed, await _post_article(port)

        (closed, status), _ = _serve(_settings(header_timeout=1.0), scenario)
        assert closed
        assert status == 202

    def test_a_kept_alive_connection_is_closed_when_its_next_head_is_late(self) -> None:
        """After a response, the next request head has ``header_timeout`` to arrive whole too."""

        async def scenario(port: int, app: web.Application) -> tuple[int, bool]:
            reader, writer = await asyncio.open_connection("127.0.0.1", port)
            head = f"POST /articles HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
            writer.write(f"{head}Content-Length: {len(ARTICLE)}\r\n\r\n".encode() + ARTICLE)
            await writer.drain()
            answer = (await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)).decode()
            length = next(int(x.split(":")[1]) for x in answer.splitlines() if x.lower().startswith("content-length:"))
            await reader.readexactly(length)
            return int(answer.split()[1]), await _closed_by_server(reader, writer, b"GET /healthz HTTP/1.1\r\n")

        (status, closed), _ = _serve(_settings(header_timeout=1.0), scenario)
        assert status == 202
        assert closed


class TestSlowBodies:
    def test_a_stalled_upload_gets_408_and_frees_its_slot(self, caplog: pytest.LogCaptureFixture) -> None:
        """Clients that send part of a body and stall hold their slots only until the body timeout: each then
        gets 408 body_timeout (a warning, no dead letter) and real posts pass again."""

        async def scenario(port: int, app: web.Application) -> tuple[int, list[tuple[int, dict[str, Any]]], int, int]:
            stalled = [await _stalled_upload(port) for _ in range(2)]
            await until(app[INGEST_SLOTS].locked, what="both uploads to hold an ingest slot")
            busy = await _post_article(port)
            answers = [await _answer(upload) for upload in stalled]
            return busy, answers, await _post_article(port), _ingest_answers(app, 408)

        settings = _settings(ingest_max_concurrent=2, ingest_body_timeout=1)
        with caplog.at_level(logging.INFO):
            (busy, answers, after, timed_out), feeder = _serve(settings, scenario)
        assert busy == 503
        assert [status for status, _ in answers] == [408, 408]
        assert {reply["error"]["reason"] for _, reply in answers} == {"body_timeout"}
        assert "NEWSFLOW_INGEST_BODY_TIMEOUT" in answers[0][1]["error"]["message"]
        assert after == 202 and timed_out == 2 and feeder.rejected == []
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert sum("reason=body_timeout" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING) == 2

    def test_an_abandoned_body_is_a_warning_not_a_traceback(self, caplog: pytest.LogCaptureFixture) -> None:
        """A client that closes the connection mid-body leaves one warning line, no error, and its slot free."""

        async def scenario(port: int, app: web.Application) -> int:
            _, writer = await _stalled_upload(port)
            await until(app[INGEST_SLOTS].locked, what="the server to read the upload's body")
            writer.close()
            await writer.wait_closed()
            await until(
                lambda: any("reason=body_incomplete" in r.getMessage() for r in caplog.records),
                what="the warning for the abandoned body",
            )
            return await _post_article(port)

        with caplog.at_level(logging.INFO):
            after, feeder = _serve(_settings(ingest_max_concurrent=1), scenario)
        assert after == 202 and feeder.rejected == []
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
        assert all(r.exc_info is None for r in caplog.records)


class TestExposedWarning:
    def test_exposed_without_token_warns(self, caplog: pytest.LogCaptureFixture) -> None:
        """Listening beyond loopback without a token logs a warning that says what to do."""
        with caplog.at_level(logging.WARNING, logger="agents.web"):
            create_web_app(_settings(web_host="0.0.0.0"))  # noqa: S104
        [record] = [r for r in caplog.records if r.name == "agents.web"]
        assert record.levelno == logging.WARNING
        assert "NEWSFLOW_INGEST_TOKEN" in record.getMessage() and "host=0.0.0.0" in record.getMessage()

    @pytest.mark.parametrize(
        "overrides",
        [{}, {"web_host": "0.0.0.0", "ingest_token": SecretStr(TOKEN)}],  # noqa: S104
    )
    def test_no_warning_on_loopback_or_with_token(
        self, caplog: pytest.LogCaptureFixture, overrides: dict[str, Any]
    ) -> None:
        """On loopback, or with a token, nothing is logged."""
        with caplog.at_level(logging.WARNING, logger="agents.web"):
            create_web_app(_settings(**overrides))
        assert [r for r in caplog.records if r.name == "agents.web"] == []


async def _ok() -> None:
    return None


async def _refused() -> None:
    msg = "connection refused"
    raise ConnectionRefusedError(msg)


async def _hangs() -> None:
    await asyncio.Event().wait()


class TestReadiness:
    def test_ready_when_every_check_passes(self) -> None:
        """200 with ready true and each check's time."""

        async def scenario(client: Client, feeder: FakeFeeder) -> tuple[int, dict[str, Any]]:
            response = await client.get("/readyz")
            return response.status, await response.json()

        (status, reply), _ = _run(_settings(), scenario, checks={"broker": _ok, "database": _ok})
        assert status == 200 and reply["ready"] is True
        assert set(reply["checks"]) == {"broker", "database"} and reply["checks"]["database"]["ok"] is True

    def test_not_ready_with_each_reason(self) -> None:
        """503 naming each failed check's reason, a timeout included; /healthz stays 200."""

        async def scenario(client: Client, feeder: FakeFeeder) -> tuple[int, dict[str, Any], int]:
            response = await client.get("/readyz")
            health = await client.get("/healthz")
            return response.status, await response.json(), health.status

        checks = {"broker": _hangs, "database": _refused}
        (status, reply, health), _ = _run(_settings(ready_timeout=0.2), scenario, checks=checks)
        assert status == 503 and reply["ready"] is False and health == 200
        assert reply["checks"]["broker"] == {"ok": False, "reason": "no answer within 0.2 s"}
        assert reply["checks"]["database"] == {"ok": False, "reason": "ConnectionRefusedError: connection refused"}

    def test_result_is_cached_and_shared(self) -> None:
        """Probes within the cache time share one run of the checks; after it, they run again."""
        calls: list[float] = []

        async def counted() -> None:
            calls.append(time.monotonic())

        now = [100.0]

        async def run() -> tuple[int, int, int]:
            readiness = Readiness({"x": counted}, timeout=1.0, ttl=0.2, clock=lambda: now[0])
            await asyncio.gather(*(readiness.result() for _ in range(10)))
            first = len(calls)
            now[0] += 0.1
            await readiness.result()
            cached = len(calls)
            now[0] += 0.2
            await readiness.result()
            return first, cached, readiness.runs

        first, cached, runs = asyncio.run(run())
        assert first == 1 and cached == 1 and runs == 2

    def test_database_probe_without_url(self) -> None:
        """Without NEWSFLOW_DATABASE_URL the database check fails with that reason."""

        async def run() -> dict[str, Any]:
            probe = DatabaseProbe(_settings(database_url=None))
            _, checks = await Readiness({"database": probe}, timeout=1.0).result()
            return checks["database"]

        assert asyncio.run(run()) == {"ok": False, "reason": "RuntimeError: NEWSFLOW_DATABASE_URL is not set"}
