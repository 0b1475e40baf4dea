"""Run one faust worker process for the pipeline (``newsflow worker``)."""

from __future__ import annotations

import logging
from pathlib import Path

import faust

from agents.app import create_app
from agents.settings import Settings

__all__ = ["run_worker"]

logger = logging.getLogger(__name__)


def run_worker(settings: Settings) -> None:
    """Run the agents until SIGTERM/SIGINT; faust handles the signals and leaves the group cleanly."""
    app = create_app(settings)
    runtime = app.newsflow_runtime
    try:
        Path(app.conf.datadir).mkdir(parents=True, exist_ok=True)
        runtime.preload()
    except Exception as exc:
        logger.critical("worker cannot start: %s", exc)
        raise SystemExit(1) from exc

    @app.on_before_shutdown.connect
    async def close_runtime(app: faust.App, **kwargs: object) -> None:
        await runtime.close()

    # faust configures logging itself; keep its own chatter at WARNING, ours at the chosen level.
    worker = faust.Worker(app, loglevel="WARNING", quiet=True, redirect_stdouts=False)
    for name in ("agents", "pipeline"):
        logging.getLogger(name).setLevel(settings.log_level)
    worker.execute_from_commandline()
