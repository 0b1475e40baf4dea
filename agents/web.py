"""The HTTP server: ``POST /articles`` for scrapers, the dashboard for people, ``/healthz`` and ``/readyz`` for probes.

Bound to 127.0.0.1 by default (``NEWSFLOW_WEB_HOST``). ``POST /articles`` answers, in this order:

* 421 when the server is bound to loopback and the ``Host`` header names another host (DNS
  rebinding), the same check as the dashboard's (:func:`host_allowed`);
* 403 when the request comes from another site: an ``Origin`` header that is not this server's
  own, or, without ``Origin``, ``Sec-Fetch-Site: cross-site``. Requests without either (curl,
  scrapers) pass;
* 401 (with ``WWW-Authenticate: Bearer``) when ``NEWSFLOW_INGEST_TOKEN`` is set and the request
  does not carry it as ``Authorization: Bearer <token>``;
* 503 (with ``Retry-After``) when ``NEWSFLOW_INGEST_MAX_CONCURRENT`` requests are already in hand.

None of these refusals reads the body or records a dead letter: an unauthorised client must not
be able to fill the dead-letter table. A request that passes them is authorised; its body, when
rejected (400 invalid, 413 over ``NEWSFLOW_MAX_BODY_BYTES`` as sent or once decompressed, 415 in a
``Content-Encoding`` other than gzip, deflate, br or zstd), is recorded as a dead letter, so no
article an authorised client sent disappears silently; a compressed body is kept as it was sent. A
body that does not arrive whole within ``NEWSFLOW_INGEST_BODY_TIMEOUT`` gets 408, and one the client
abandons (the connection closes) a warning in the log; neither was sent whole, so neither is a dead
letter, and both free their slot.

``/healthz`` is liveness (the process serves); ``/readyz`` checks the broker and PostgreSQL;
``/metrics`` is Prometheus text (ingest requests by status, ingest dead letters by reason, process
memory and CPU). Workers serve the same three probes (:func:`probe_app`, ``agents.worker``).
"""

from __future__ import annotations

import asyncio
import codecs
import contextlib
import hashlib
import hmac
import ipaddress
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from typing import Any, Final
from urllib.parse import urlsplit

import asyncpg
import orjson
from aiohttp import web
from aiokafka.errors import KafkaError
from prometheus_client import Counter

from agents.content_coding import CODINGS, UndecodableBody, UnknownCoding, decode_body
from agents.feed import Feeder
from agents.metrics import CONTENT_TYPE, GroupLagCollector, Metrics, default_worker_name
from agents.offsets import OffsetReader
from agents.settings import Settings
from pipeline.charset import UnknownCharset, to_utf8
from pipeline.errors import BodyTooLarge, BrokerUnavailable, InvalidEncoding, PermanentError, ResultTooLarge
from pipeline.ingest import decode_payload

__all__ = [
    "FEEDER",
    "METRICS",
    "READINESS",
    "SERVER_OPTIONS",
    "SETTINGS",
    "Check",
    "DatabaseProbe",
    "Readiness",
    "app_runner",
    "create_web_app",
    "cross_site_reason",
    "host_allowed",
    "host_refused",
    "is_loopback",
    "probe_app",
    "serve",
    "warn_if_exposed",
]

logger = logging.getLogger(__name__)

FEEDER = web.AppKey("feeder", Feeder)
SETTINGS = web.AppKey("settings", Settings)
INGEST_SLOTS = web.AppKey("ingest_slots", asyncio.Semaphore)
METRICS = web.AppKey("metrics", Metrics)
GROUP_LAG = web.AppKey("group_lag", GroupLagCollector)
INGEST_REQUESTS = web.AppKey("ingest_requests", Counter)

READY_CACHE_SECONDS = 1.0  # /readyz answers from the last run for this long: probes cannot load the database
RETRY_AFTER_SECONDS = 1  # what a 503 for too many concurrent ingest requests asks the client to wait
DEFAULT_PORTS = {"http": 80, "https": 443}
INGEST_STAGE = "http_ingest"  # the stage of the dead letters POST /articles records

Extension = Callable[[web.Application], None]
Check = Callable[[], Awaitable[None]]


def _json(data: object, status: int, headers: Mapping[str, str] | None = None) -> web.Response:
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json", headers=headers)


# --- Who may post -----------------------------------------------------------------------------


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an IP literal, IPv6 optionally in brackets) is a loopback address.

    >>> is_loopback("localhost"), is_loopback("[::1]"), is_loopback("127.0.0.2"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if host == "localhost":
        return True
    with contextlib.suppress(ValueError):
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    return False


def host_allowed(host_header: str | None, bind_host: str) -> bool:
    """Whether a request's ``Host`` header is acceptable for a server bound to ``bind_host``.

    On loopback the dashboard has no login and ingest may have no token, so the server answers
    only requests addressed to a loopback name: a web page on another site cannot reach it through
    DNS rebinding. Bound elsewhere (``NEWSFLOW_WEB_HOST``), any host is accepted; put a proxy with
    authentication in front, and set ``NEWSFLOW_INGEST_TOKEN``.
    """
    if not is_loopback(bind_host):
        return True
    if not host_header:
        return False
    host = host_header.strip()
    if host.startswith("["):
        host = host[: host.find("]") + 1]
    elif host.count(":") == 1:
        host = host.rsplit(":", 1)[0]
    return is_loopback(host.lower())


def host_refused(request: web.Request) -> bool:
    """Whether the request's ``Host`` is refused for this server's bind (the shared 421 check)."""
    return not host_allowed(request.headers.get("Host"), request.app[SETTINGS].web_host)


def _same_origin(origin: str, host_header: str | None) -> bool:
    """Whether ``origin`` names the host and port the request was addressed to (its ``Host``).

    The port of a ``Host`` without one is the default of the origin's scheme, so a TLS proxy in
    front that passes ``Host`` through (``news.example``) matches ``https://news.example``.
    """
    try:
        parts = urlsplit(origin.strip())
        target = urlsplit(f"//{(host_header or '').strip()}")
        if parts.scheme not in DEFAULT_PORTS or not parts.hostname or parts.path or parts.query:
            return False
        origin_port = parts.port or DEFAULT_PORTS[parts.scheme]
        target_port = target.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:  # a port that is not a number, or out of range
        return False
    return target.hostname is not None and parts.hostname == target.hostname and origin_port == target_port


def cross_site_reason(headers: Mapping[str, str]) -> str | None:
    """Why a request comes from another site, or ``None`` when nothing says it does.

    ``Origin`` decides when present (``null``, from sandboxed pages and files, is another site);
    without it, a browser's ``Sec-Fetch-Site: cross-site`` does. Clients that send neither
    (curl, scrapers) are not browsers acting for a web page, and pass.

    >>> cross_site_reason({"Host": "127.0.0.1:8080", "Origin": "http://127.0.0.1:8080"}) is None
    True
    >>> cross_site_reason({"Host": "127.0.0.1:8080", "Origin": "https://evil.example"})
    "Origin 'https://evil.example' is not this server's origin"
    >>> cross_site_reason({"Host": "127.0.0.1:8080", "Sec-Fetch-Site": "cross-site"})
    'Sec-Fetch-Site: cross-site'
    """
    origin = headers.get("Origin")
    if origin is not None:
        return None if _same_origin(origin, headers.get("Host")) else f"Origin {origin!r} is not this server's origin"
    if headers.get("Sec-Fetch-Site", "").strip().lower() == "cross-site":
        return "Sec-Fetch-Site: cross-site"
    return None


def _token(settings: Settings) -> bytes | None:
    """The configured ingest token, or ``None`` when unset or empty."""
    token = settings.ingest_token.get_secret_value() if settings.ingest_token is not None else ""
    return token.encode() if token else None


def _bearer_matches(authorization: str | None, token: bytes) -> bool:
    """Whether ``authorization`` is ``Bearer <token>``; compared in constant time (of hashes: no length leak)."""
    scheme, _, given = (authorization or "").strip().partition(" ")
    given_digest = hashlib.sha256(given.strip().encode()).digest()
    matches = hmac.compare_digest(given_digest, hashlib.sha256(token).digest())
    return scheme.lower() == "bearer" and matches


def _refuse(request: web.Request, status: int, reason: str, message: str, **headers: str) -> web.Response:
    """Answer a refused ingest request with a JSON error; nothing is read from it, nothing stored."""
    logger.info("ingest refused status=%d reason=%s remote=%s", status, reason, request.remote)
    return _json({"error": {"reason": reason, "message": message}}, status, headers or None)


def _refusal(request: web.Request) -> web.Response | None:
    """The answer to a request that may not post (421, 403 or 401), or ``None`` when it may."""
    settings = request.app[SETTINGS]
    if host_refused(request):
        return _refuse(
            request, 421, "foreign_host",
            f"this server is bound to {settings.web_host} and answers only requests addressed to a loopback "
            f"name, not Host {request.headers.get('Host')!r}",
        )  # fmt: skip
    why = cross_site_reason(request.headers)
    if why is not None:
        return _refuse(request, 403, "cross_site", f"cross-site requests may not post articles ({why})")
    token = _token(settings)
    if token is not None and not _bearer_matches(request.headers.get("Authorization"), token):
        return _refuse(
            request, 401, "unauthorized",
            "POST /articles needs the ingest token as 'Authorization: Bearer <token>' (NEWSFLOW_INGEST_TOKEN)",
            **{"WWW-Authenticate": 'Bearer realm="newsflow-ingest"'},
        )  # fmt: skip
    return None


def warn_if_exposed(settings: Settings) -> None:
    """Log a warning when the server listens beyond loopback and ingest needs no token."""
    if not is_loopback(settings.web_host) and _token(settings) is None:
        logger.warning(
            "ingest open to the network host=%s port=%d: anyone who reaches it can POST /articles; "
            "set NEWSFLOW_INGEST_TOKEN (scrapers send 'Authorization: Bearer <token>') "
            "or bind NEWSFLOW_WEB_HOST=127.0.0.1",
            settings.web_host, settings.web_port,
        )  # fmt: skip


# --- Ingest -------------------------------------------------------------------------------------


class _BodyNotReceived(Exception):
    """The request body did not arrive whole: too slowly (``timed_out``), or the client went away."""

    def __init__(self, message: str, *, received: int, timed_out: bool) -> None:
        super().__init__(message)
        self.received = received
        self.timed_out = timed_out


async def _read_limited(request: web.Request, limit: int, timeout: float) -> tuple[bytes, bool]:
    """Read at most ``limit`` bytes of the body, as sent (still in its content coding), within ``timeout`` s.

    Returns the bytes and whether there were more.

    Raises:
        _BodyNotReceived: The body was not whole after ``timeout`` s (a stalled or trickling
            upload must not hold an ingest slot), the connection closed before its end, or its
            chunked framing broke off.
    """
    chunks: list[bytes] = []
    size = 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.content.iter_chunked(65536):
                chunks.append(chunk)
                size += len(chunk)
                if size > limit:
                    return b"".join(chunks), True
    except TimeoutError:
        msg = (
            f"the request body did not arrive within {timeout:g} s (NEWSFLOW_INGEST_BODY_TIMEOUT; {size:,} bytes "
            f"of {request.content_length if request.content_length is not None else 'an unknown number'} came); "
            "send it again"
        )
        raise _BodyNotReceived(msg, received=size, timed_out=True) from None
    except ConnectionError as exc:
        msg = f"the connection closed after {size:,} bytes of the request body ({exc})"
        raise _BodyNotReceived(msg, received=size, timed_out=False) from None
    except web.RequestPayloadError as exc:
        msg = f"the request body broke off after {size:,} bytes ({exc})"
        raise _BodyNotReceived(msg, received=size, timed_out=False) from None
    return b"".join(chunks), False


async def post_article(request: web.Request) -> web.Response:
    """Accept one raw article (JSON object); 202 with its id once the broker has it.

    Refusals (421, 403, 401, 503) come first and store nothing; an authorised request's bad body
    gets 400 or 413 and becomes a dead letter. A body that is not whole within
    ``NEWSFLOW_INGEST_BODY_TIMEOUT`` gets 408 (and the connection is closed); one whose client
    closes the connection first is logged as a warning and counted as 400, an answer nobody reads.
    Neither is a dead letter: nothing whole was sent. Each answer counts in
    ``newsflow_ingest_requests_total{status}``.
    """
    response = await _post_article(request)
    request.app[INGEST_REQUESTS].labels(str(response.status)).inc()
    return response


async def _post_article(request: web.Request) -> web.Response:
    refusal = _refusal(request)
    if refusal is not None:
        return refusal
    settings, slots = request.app[SETTINGS], request.app[INGEST_SLOTS]
    if slots.locked():
        return _refuse(
            request, 503, "busy",
            f"{settings.ingest_max_concurrent} ingest requests are in progress (NEWSFLOW_INGEST_MAX_CONCURRENT); "
            f"retry in {RETRY_AFTER_SECONDS} s",
            **{"Retry-After": str(RETRY_AFTER_SECONDS)},
        )  # fmt: skip
    async with slots:
        return await _ingest(request, settings, request.app[FEEDER], request.app[METRICS])


# A body in UTF-16 or UTF-32 with its byte-order mark is read as such, with or without a charset= (a UTF-8
# one is removed by decode_payload).
_WIDE_BOMS: Final = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


async def _ingest(request: web.Request, settings: Settings, feeder: Feeder, metrics: Metrics) -> web.Response:
    try:
        sent, too_large = await _read_limited(request, settings.max_body_bytes, settings.ingest_body_timeout)
    except _BodyNotReceived as exc:
        status, reason = (408, "body_timeout") if exc.timed_out else (400, "body_incomplete")
        logger.warning(
            "ingest body not received reason=%s received_bytes=%d content_length=%s remote=%s",
            reason, exc.received, request.content_length, request.remote,
        )  # fmt: skip
        response = _json({"error": {"reason": reason, "message": str(exc)}}, status)
        response.force_close()  # the rest of the body may still come: never read it as the next request
        return response
    if too_large:
        exc = BodyTooLarge(f"request body is over the {settings.max_body_bytes:,}-byte limit (NEWSFLOW_MAX_BODY_BYTES)")
        return await _dead_letter(feeder, metrics, sent, exc, 413)
    coding = _codings_applied(request)
    try:
        decoded = decode_body(sent, coding, settings.max_body_bytes)
    except UnknownCoding as unknown:
        headers = {"Accept-Encoding": ", ".join(CODINGS)}
        return await _dead_letter(feeder, metrics, sent, InvalidEncoding(str(unknown)), 415, headers=headers)
    except UndecodableBody as undecodable:
        exc = InvalidEncoding(
            f"the request body does not decode as its {_coding_headers(request)} {coding!r} says: {undecodable}; send it "
            "uncompressed, or compressed as that header says (the dead letter keeps the bytes as sent)"
        )
        return await _dead_letter(feeder, metrics, sent, exc, 400)
    if decoded.over_limit:
        exc = BodyTooLarge(
            f"request body decompressed ({coding}) is over the {settings.max_body_bytes:,}-byte limit "
            "(NEWSFLOW_MAX_BODY_BYTES); the dead letter keeps it as sent"
        )
        return await _dead_letter(feeder, metrics, sent, exc, 413)
    body = decoded.body
    if request.charset is not None or body.startswith(_WIDE_BOMS):
        try:
            utf8 = to_utf8(body, request.charset or "utf-8")
        except InvalidEncoding as exc:
            return await _dead_letter(feeder, metrics, body, exc, 415 if isinstance(exc, UnknownCharset) else 400)
        if len(utf8) > settings.max_body_bytes:
            exc = BodyTooLarge(
                f"request body in UTF-8 is {len(utf8):,} bytes, over the {settings.max_body_bytes:,}-byte limit "
                f"(NEWSFLOW_MAX_BODY_BYTES; {len(body):,} bytes as sent in {request.charset or 'UTF-16/32'}); "
                "the dead letter keeps it as sent"
            )
            return await _dead_letter(feeder, metrics, body, exc, 413)
        body = utf8
    try:
        article = decode_payload(body, max_bytes=settings.max_body_bytes)
    except PermanentError as exc:
        return await _dead_letter(feeder, metrics, body, exc, 400)
    try:
        await feeder.send(body, stage=INGEST_STAGE, wait=True)
    except PermanentError as refusal:  # refused twice, e.g. over a smaller limit set on the raw topic
        status = 413 if isinstance(refusal, ResultTooLarge) else 502  # 502: the broker's refusal, kept
        return await _dead_letter(feeder, metrics, body, refusal, status)
    except (BrokerUnavailable, KafkaError) as exc:
        logger.warning("ingest not acknowledged by the broker error=%r", exc)
        message = f"the broker did not acknowledge the article ({type(exc).__name__}); retry later"
        return _json({"error": {"reason": "broker_unavailable", "message": message}}, 503, headers={"Retry-After": "5"})
    return _json({"id": article.id, "status": "accepted", "topic": settings.topics.raw}, 202)


async def _dead_letter(
    feeder: Feeder,
    metrics: Metrics,
    payload: bytes,
    exc: PermanentError,
    status: int,
    headers: Mapping[str, str] | None = None,
) -> web.Response:
    """Dead-letter ``payload`` for ``exc`` and answer ``status`` with its reason and message."""
    await feeder.reject(payload, exc, stage=INGEST_STAGE)
    metrics.dead_lettered(INGEST_STAGE, exc.reason)
    return _json({"error": {"reason": exc.reason, "message": str(exc)}}, status, headers=headers)


# --- Probes -------------------------------------------------------------------------------------


class Readiness:
    """Runs named checks concurrently, each within ``timeout`` s, at most once per ``ttl`` s.

    Concurrent probes share one run; a check passes when it returns and fails with the reason it
    raised (or its timeout). Changes of the overall answer are logged.
    """

    def __init__(
        self,
        checks: Mapping[str, Check],
        *,
        timeout: float,
        ttl: float = READY_CACHE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.checks = dict(checks)
        self.timeout = timeout
        self.ttl = ttl
        self.clock = clock
        self.runs = 0
        self._lock = asyncio.Lock()
        self._result: tuple[bool, dict[str, dict[str, Any]]] | None = None
        self._at = 0.0

    async def result(self) -> tuple[bool, dict[str, dict[str, Any]]]:
        """Whether every check passes, and each check's outcome (``ok``, then ``ms`` or ``reason``)."""
        async with self._lock:
            if self._result is not None and self.clock() - self._at < self.ttl:
                return self._result
            names = list(self.checks)
            outcomes = await asyncio.gather(*(self._run(self.checks[name]) for name in names))
            checks = dict(zip(names, outcomes, strict=True))
            ready = all(outcome["ok"] for outcome in outcomes)
            if self._result is None or self._result[0] != ready:
                failed = ",".join(n for n, o in checks.items() if not o["ok"]) or "-"
                reasons = "; ".join(f"{n}: {o['reason']}" for n, o in checks.items() if not o["ok"]) or "-"
                log = logger.info if ready else logger.warning
                log("readiness ready=%s failed=%s reasons=%r", str(ready).lower(), failed, reasons)
            self._result, self._at = (ready, checks), self.clock()
            self.runs += 1
            return self._result

    async def _run(self, check: Check) -> dict[str, Any]:
        started = time.monotonic()
        try:
            await asyncio.wait_for(check(), self.timeout)
        except TimeoutError:
            return {"ok": False, "reason": f"no answer within {self.timeout:g} s"}
        except Exception as exc:  # noqa: BLE001 - any failure is a reason to report, not to crash the probe
            return {"ok": False, "reason": f"{type(exc).__name__}: {exc}".rstrip(": ")}
        return {"ok": True, "ms": round((time.monotonic() - started) * 1000, 1)}


READINESS = web.AppKey("readiness", Readiness)


class DatabaseProbe:
    """``SELECT 1`` on PostgreSQL over a one-connection, read-only pool of its own."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._pool: asyncpg.Pool | None = None

    async def __call__(self) -> None:
        """Run ``SELECT 1``; raise when PostgreSQL does not answer (or is not configured)."""
        if self.settings.database_url is None:
            msg = "NEWSFLOW_DATABASE_URL is not set"
            raise RuntimeError(msg)
        if self._pool is None:
            # min_size=0: nothing connects here; a broken connection is dropped and the next check reconnects.
            self._pool = await asyncpg.create_pool(
                self.settings.database_url.get_secret_value(),
                min_size=0,
                max_size=1,
                server_settings={
                    "application_name": "newsflow-readyz",
                    "default_transaction_read_only": "on",
                    "statement_timeout": str(int(self.settings.ready_timeout * 1000)),
                },
            )
        async with self._pool.acquire() as conn:
            await conn.fetchval("SELECT 1")

    async def close(self) -> None:
        """Close the pool, if one was opened."""
        if self._pool is not None:
            await self._pool.close()


def _broker_check(app: web.Application) -> Check:
    async def broker() -> None:
        # A metadata request over the web process's own producer connection(s): raises when no broker answers.
        await app[FEEDER].check_broker()

    return broker


async def healthz(request: web.Request) -> web.Response:
    """Liveness only: the process serves HTTP. It checks neither the broker nor PostgreSQL (``/readyz`` does)."""
    return _json({"status": "ok"}, 200)


async def readyz(request: web.Request) -> web.Response:
    """200 ``{"ready": true, "checks": …}`` when every check passes, else 503 with each reason."""
    ready, checks = await request.app[READINESS].result()
    return _json({"ready": ready, "checks": checks}, 200 if ready else 503, {"Cache-Control": "no-store"})


async def metrics_view(request: web.Request) -> web.Response:
    """The process's metrics in Prometheus text format (the web process reads the group's lag first)."""
    group_lag = request.app.get(GROUP_LAG)
    if group_lag is not None:
        await group_lag.refresh()
    body = request.app[METRICS].expose()
    return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE, "Cache-Control": "no-store"})


def probe_app(readiness: Readiness, metrics: Metrics) -> web.Application:
    """An application serving only ``/healthz``, ``/readyz`` (over ``readiness``) and ``/metrics`` (a worker's)."""
    app = web.Application()
    app[READINESS] = readiness
    app[METRICS] = metrics
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_view)
    return app


# --- The application ----------------------------------------------------------------------------


def create_web_app(
    settings: Settings,
    *,
    extensions: tuple[Extension, ...] = (),
    feeder_factory: Callable[[Settings], Feeder] = Feeder,
    checks: Mapping[str, Check] | None = None,
    group_lag: bool = True,
) -> web.Application:
    """Build the aiohttp application.

    Args:
        settings: The configuration.
        extensions: Functions that add routes (the dashboard adds its own).
        feeder_factory: Makes the raw-topic producer (an async context manager) from ``settings``.
        checks: The ``/readyz`` checks by name. Default: ``broker`` (a metadata request over the
            feeder's producer) and ``database`` (:class:`DatabaseProbe`).
        group_lag: Whether ``/metrics`` reports the worker group's lag (``newsflow_group_lag``), read
            by an :class:`~agents.offsets.OffsetReader` of its own at scrape time.

    Returns:
        The application; it logs a warning when it is exposed without an ingest token.
    """
    warn_if_exposed(settings)
    app = web.Application(client_max_size=settings.max_message_bytes)
    app[SETTINGS] = settings
    app[INGEST_SLOTS] = asyncio.Semaphore(settings.ingest_max_concurrent)
    metrics = app[METRICS] = Metrics(settings.worker_name or default_worker_name())
    app[INGEST_REQUESTS] = Counter(
        "newsflow_ingest_requests", "POST /articles answers, by HTTP status.", ["status"], registry=metrics.registry
    )

    async def feeder_ctx(app: web.Application) -> AsyncIterator[None]:
        async with feeder_factory(settings) as feeder:
            app[FEEDER] = feeder
            yield

    async def readiness_ctx(app: web.Application) -> AsyncIterator[None]:
        database = None
        if checks is None:
            database = DatabaseProbe(settings)
            app[READINESS] = Readiness(
                {"broker": _broker_check(app), "database": database}, timeout=settings.ready_timeout
            )
        else:
            app[READINESS] = Readiness(checks, timeout=settings.ready_timeout)
        yield
        if database is not None:
            await database.close()

    async def group_lag_ctx(app: web.Application) -> AsyncIterator[None]:
        reader = OffsetReader(
            settings, settings.topics.all(), timeout=settings.ready_timeout, client_id="newsflow-metrics"
        )
        app[GROUP_LAG] = GroupLagCollector(reader.read)
        metrics.register(app[GROUP_LAG])
        yield
        await reader.close()

    app.cleanup_ctx.append(feeder_ctx)
    app.cleanup_ctx.append(readiness_ctx)
    if group_lag:
        app.cleanup_ctx.append(group_lag_ctx)
    app.router.add_post("/articles", post_article)
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics_view)
    for extend in extensions:
        extend(app)
    return app


SERVER_OPTIONS: Mapping[str, Any] = {
    # Bodies reach the handler in their content coding: POST /articles decodes them itself
    # (agents.content_coding), so one that does not decode is dead-lettered as it was sent.
    "auto_decompress": False,
}


def _transfer_codings(request: web.Request) -> list[str]:
    """The transfer codings of a request body besides "chunked" (which aiohttp undoes itself)."""
    named = ",".join(request.headers.getall("Transfer-Encoding", ())).split(",")
    return [c.strip() for c in named if c.strip() and c.strip().lower() != "chunked"]


def _codings_applied(request: web.Request) -> str:
    """The codings applied to a request body, in order: its content codings, then its transfer codings.

    A transfer coding besides "chunked" ("Transfer-Encoding: gzip, chunked") is undone here like a
    content coding, last applied first. Several field lines are one list.
    """
    content = ", ".join(request.headers.getall("Content-Encoding", ()))
    return ", ".join(c for c in [content, *_transfer_codings(request)] if c)


def _coding_headers(request: web.Request) -> str:
    """Which headers named the codings: for an error message."""
    return "Content-Encoding and Transfer-Encoding" if _transfer_codings(request) else "Content-Encoding"


class _MalformedRequests(logging.Filter):
    """Turn aiohttp's traceback for a request its parser refused into one warning line.

    aiohttp answers a malformed request (bad header bytes, a header line over its limit, conflicting
    lengths) with 400 before any handler runs, and logs it at ERROR with a traceback: anyone who can
    reach the port could fill the log with them. The request is the client's error, not ours.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        from aiohttp.http_exceptions import HttpProcessingError

        exc = record.exc_info[1] if record.exc_info else None
        if isinstance(exc, HttpProcessingError):
            remote = record.args[0] if isinstance(record.args, tuple) and record.args else "?"
            record.msg, record.args = "refused a malformed HTTP request remote=%s error=%s", (remote, exc.message)
            record.levelno, record.levelname = logging.WARNING, "WARNING"
            record.exc_info = record.exc_text = None
        return True


_MALFORMED_REQUESTS = _MalformedRequests()


def app_runner(app: web.Application, settings: Settings) -> web.AppRunner:
    """The runner that serves ``app`` (the web process's, or a worker's probes) with our connection limits.

    A connection that has not sent a whole request head within ``header_timeout`` of its opening or of
    its previous response is closed: aiohttp's keep-alive timer, armed at the connection's opening since
    aiohttp 3.14.4, closes a connection whose handler still waits for a request (a busy one is left be).
    Request bodies reach handlers as sent (:data:`SERVER_OPTIONS`). A request aiohttp's parser refuses
    is logged as one warning line (``_MalformedRequests``).
    """
    server_log = logging.getLogger("aiohttp.server")
    if _MALFORMED_REQUESTS not in server_log.filters:
        server_log.addFilter(_MALFORMED_REQUESTS)
    return web.AppRunner(app, access_log=None, keepalive_timeout=settings.header_timeout, **SERVER_OPTIONS)


async def serve(
    settings: Settings,
    *,
    extensions: tuple[Extension, ...] = (),
    started: Callable[[str], Awaitable[None] | None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until ``stop`` is set (or forever); call ``started(url)`` once listening."""
    runner = app_runner(create_web_app(settings, extensions=extensions), settings)
    await runner.setup()
    site = web.TCPSite(runner, settings.web_host, settings.web_port)
    await site.start()
    port = runner.addresses[0][1]
    url = f"http://{settings.web_host}:{port}"
    logger.info("web server listening url=%s", url)
    try:
        if started is not None:
            result = started(url)
            if result is not None:
                await result
        await (stop or asyncio.Event()).wait()
    finally:
        await runner.cleanup()
