"""/readyz on the real broker and a PostgreSQL of the test's own: not ready while PostgreSQL is down, ready again after."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from agents.services import wait_for
from agents.settings import Settings
from tests.helpers import OwnPostgres, serving_web

pytestmark = [pytest.mark.integration, pytest.mark.timeout(180)]


def get(url: str) -> tuple[int, dict[str, Any]]:
    """GET ``url``; the status and the JSON reply, for error statuses too."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback test server
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def wait_readiness(url: str, ready: bool, timeout: float = 30) -> dict[str, Any]:
    """Poll ``/readyz`` until it answers ``ready``; the reply that did."""
    seen: list[tuple[int, dict[str, Any]]] = []

    def answered() -> bool:
        seen.append(get(f"{url}/readyz"))
        return seen[-1][1]["ready"] is ready

    wait_for(answered, timeout=timeout, what=f"/readyz ready={ready} (last: {seen[-1:] or 'none'})", interval=0.2)
    status, reply = seen[-1]
    assert status == (200 if ready else 503)
    return reply


class TestReadyz:
    def test_follows_postgresql_down_and_up(self, make_settings: Callable[..., Settings], services_dir: Path) -> None:
        """Ready with broker and PostgreSQL; 503 naming the database while it is stopped; ready again after."""
        postgres = OwnPostgres(services_dir / "pg-readyz")
        try:
            settings = make_settings(database_url=SecretStr(postgres.url), ready_timeout=2.0)
            with serving_web(settings) as url:
                reply = wait_readiness(url, True)
                assert reply["checks"]["broker"]["ok"] and reply["checks"]["database"]["ok"]

                postgres.stop()
                reply = wait_readiness(url, False)
                database = reply["checks"]["database"]
                assert database["ok"] is False and database["reason"]
                assert reply["checks"]["broker"]["ok"] is True
                assert get(f"{url}/healthz") == (200, {"status": "ok"})  # liveness does not follow the database

                postgres.start()
                reply = wait_readiness(url, True)
                assert reply["checks"]["database"]["ok"] is True
        finally:
            postgres.stop()
