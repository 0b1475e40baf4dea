"""The dashboard's HTTP surface: the page, the JSON snapshot, the SSE stream and the security headers.

Routes (added to the web server by :func:`setup`)::

    GET /                   the page (static HTML; the JS and CSS are static files too)
    GET /static/...         dashboard.js, dashboard.css
    GET /api/summary        the current snapshot as JSON
    GET /api/stream         the same snapshot, pushed as SSE ``snapshot`` events every ~1.5 s
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from importlib import resources
from pathlib import Path

from aiohttp import web

from agents.dashboard.hub import SnapshotHub
from agents.dashboard.view import sse_event
from agents.web import SETTINGS, host_refused

__all__ = ["CSP", "HUB", "SECURITY_HEADERS", "STATIC_DIR", "setup"]

STATIC_DIR = Path(str(resources.files("agents").joinpath("static")))

# Defence in depth behind textContent-only rendering: no inline script or style, nothing external.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}

HUB = web.AppKey("dashboard_hub", SnapshotHub)


def _check_host(request: web.Request) -> None:
    if host_refused(request):
        raise web.HTTPMisdirectedRequest(text="this dashboard answers on its loopback address only")


async def index(request: web.Request) -> web.StreamResponse:
    """The page: static HTML; all data arrives through /api/stream."""
    _check_host(request)
    return web.FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


async def summary(request: web.Request) -> web.Response:
    """The current snapshot as JSON (at most ``interval`` s old)."""
    _check_host(request)
    body = await request.app[HUB].current()
    return web.Response(body=body, content_type="application/json", headers={"Cache-Control": "no-store"})


async def stream(request: web.Request) -> web.StreamResponse:
    """Push each snapshot as an SSE ``snapshot`` event until the client or the server goes away."""
    _check_host(request)
    hub = request.app[HUB]
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/event-stream",
            "Cache-Control": "no-store",
            "X-Accel-Buffering": "no",  # a proxy in front must not buffer the stream
        }
    )
    await response.prepare(request)
    queue = hub.subscribe()
    try:
        # Reconnect after 2 s if the server goes away; send what we have at once, not in 1.5 s.
        await response.write(b"retry: 2000\n\n")
        sent = hub.latest
        if sent is not None and hub.latest_age < 2 * hub.interval:
            await response.write(sse_event(sent))
        while True:
            try:
                snapshot = await asyncio.wait_for(queue.get(), timeout=15)
            except TimeoutError:
                await response.write(b": keep-alive\n\n")
                continue
            if snapshot is None:
                break
            if snapshot is not sent:
                await response.write(sse_event(snapshot))
                sent = snapshot
    except (ConnectionResetError, ConnectionError):
        pass  # the browser went away
    finally:
        hub.unsubscribe(queue)
    return response


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)


def setup(app: web.Application) -> None:
    """Add the dashboard's routes, its snapshot hub and its security headers to the web app."""

    async def hub_ctx(app: web.Application) -> AsyncIterator[None]:
        hub = SnapshotHub(app[SETTINGS])
        await hub.start()
        app[HUB] = hub
        yield
        await hub.close()

    async def end_streams(app: web.Application) -> None:
        if HUB in app:
            app[HUB].end_streams()

    app.cleanup_ctx.append(hub_ctx)
    app.on_shutdown.append(end_streams)
    app.on_response_prepare.append(_security_headers)
    app.router.add_get("/", index)
    app.router.add_get("/api/summary", summary)
    app.router.add_get("/api/stream", stream)
    app.router.add_static("/static/", STATIC_DIR, show_index=False, follow_symlinks=False)
