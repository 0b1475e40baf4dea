"""The HTTP server: ``POST /articles`` for scrapers, the dashboard for people, ``/healthz`` for probes.

Bound to 127.0.0.1 by default (``NEWSFLOW_WEB_HOST``). Every rejected request is answered with a
clear 400/413 *and* recorded as a dead letter, so no article disappears silently.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import orjson
from aiohttp import web

from agents.feed import Feeder
from agents.settings import Settings
from pipeline.errors import BodyTooLarge, PermanentError
from pipeline.ingest import decode_payload

__all__ = ["create_web_app", "serve"]

logger = logging.getLogger(__name__)

FEEDER = web.AppKey("feeder", Feeder)
SETTINGS = web.AppKey("settings", Settings)

Extension = Callable[[web.Application], None]


def _json(data: object, status: int) -> web.Response:
    return web.Response(body=orjson.dumps(data), status=status, content_type="application/json")


async def _read_limited(request: web.Request, limit: int) -> tuple[bytes, bool]:
    """Read at most ``limit`` bytes of the body; say whether there was more."""
    chunks, size = [], 0
    async for chunk in request.content.iter_chunked(65536):
        chunks.append(chunk)
        size += len(chunk)
        if size > limit:
            return b"".join(chunks), True
    return b"".join(chunks), False


async def post_article(request: web.Request) -> web.Response:
    """Accept one raw article (JSON object); 202 with its id once the broker has it."""
    settings, feeder = request.app[SETTINGS], request.app[FEEDER]
    body, too_large = await _read_limited(request, settings.max_body_bytes)
    if too_large:
        exc = BodyTooLarge(f"request body is over the {settings.max_body_bytes:,}-byte limit (NEWSFLOW_MAX_BODY_BYTES)")
        await feeder.reject(body, exc, stage="http_ingest")
        return _json({"error": {"reason": exc.reason, "message": str(exc)}}, 413)
    try:
        article = decode_payload(body, max_bytes=settings.max_body_bytes)
    except PermanentError as exc:
        await feeder.reject(body, exc, stage="http_ingest")
        return _json({"error": {"reason": exc.reason, "message": str(exc)}}, 400)
    await feeder.send(body, stage="http_ingest")
    await feeder.flush()
    return _json({"id": article.id, "status": "accepted", "topic": settings.topics.raw}, 202)


async def healthz(request: web.Request) -> web.Response:
    """Liveness only: the process serves HTTP. It checks neither the broker nor PostgreSQL."""
    return _json({"status": "ok"}, 200)


def create_web_app(settings: Settings, *, extensions: tuple[Extension, ...] = ()) -> web.Application:
    """Build the aiohttp application; ``extensions`` add routes (the dashboard adds its own)."""
    app = web.Application(client_max_size=settings.max_message_bytes)
    app[SETTINGS] = settings

    async def feeder_ctx(app: web.Application) -> object:
        async with Feeder(settings) as feeder:
            app[FEEDER] = feeder
            yield

    app.cleanup_ctx.append(feeder_ctx)
    app.router.add_post("/articles", post_article)
    app.router.add_get("/healthz", healthz)
    for extend in extensions:
        extend(app)
    return app


async def serve(
    settings: Settings,
    *,
    extensions: tuple[Extension, ...] = (),
    started: Callable[[str], Awaitable[None] | None] | None = None,
    stop: asyncio.Event | None = None,
) -> None:
    """Serve until ``stop`` is set (or forever); call ``started(url)`` once listening."""
    runner = web.AppRunner(create_web_app(settings, extensions=extensions), access_log=None)
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
