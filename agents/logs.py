"""Logging for the entrypoints: one line per event, ``key=value`` context, quiet by default."""

from __future__ import annotations

import logging
import sys

__all__ = ["configure_logging"]

_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def configure_logging(level: str = "INFO") -> None:
    """Configure the root logger once; do nothing if the process already has handlers."""
    root = logging.getLogger()
    if root.handlers:
        return
    handler: logging.Handler
    if sys.stderr.isatty():
        from rich.logging import RichHandler

        handler = RichHandler(show_path=False, rich_tracebacks=False)
        handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    else:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)  # libraries stay quiet
    # The extractors log a page they cannot read at ERROR ("lxml parsing failed: Document is empty");
    # the article's dead letter (no_content_extracted) already says so, once and with its id.
    for extractor in ("trafilatura", "htmldate"):
        logging.getLogger(extractor).setLevel(logging.CRITICAL)
    # While PostgreSQL is down, asyncpg's pool logs a traceback at each try to reconnect; the sinks
    # say once per retry, on one line, that the database is unavailable and they are retrying.
    logging.getLogger("asyncpg.pool").setLevel(logging.ERROR)
    for ours in ("agents", "pipeline"):
        logging.getLogger(ours).setLevel(level)
