"""Logging as the entrypoints configure it: quiet libraries, our own lines at the chosen level."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import logging
from agents.logs import configure_logging
from trafilatura.utils import load_html
configure_logging()
load_html(" ")  # trafilatura logs "lxml parser bytestring Document is empty" at ERROR
logging.getLogger("asyncpg.pool").warning("Failed to restore the pool connection floor; retrying")
logging.getLogger("agents.test").info("ours")
"""


def test_an_unreadable_page_is_not_logged_by_the_extractor() -> None:
    """Its dead letter says so once, with the article's id; trafilatura's own ERROR line is not shown."""
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120, check=True)
    assert "Document is empty" not in result.stderr
    assert "connection floor" not in result.stderr  # PostgreSQL down: the sinks' own retry line says so
    assert "ours" in result.stderr
