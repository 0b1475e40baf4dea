"""docker-compose.yml is a valid Compose file and configures the processes with real settings."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from jsonschema import Draft201909Validator

from agents.settings import Settings

REPO = Path(__file__).resolve().parents[2]
COMPOSE = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
SPEC = json.loads((REPO / "tests" / "data" / "compose-spec" / "compose-spec.json").read_text(encoding="utf-8"))


class TestCompose:
    def test_validates_against_the_compose_specification(self) -> None:
        """The file validates against the Compose Specification's JSON Schema."""
        errors = [e.message for e in Draft201909Validator(SPEC).iter_errors(COMPOSE)]
        assert errors == []

    def test_every_newsflow_variable_is_a_setting(self) -> None:
        """Each NEWSFLOW_* variable in the file names a field of Settings (no silent typos)."""
        fields = {f"NEWSFLOW_{name.upper()}" for name in Settings.model_fields}
        used = {
            key
            for service in COMPOSE["services"].values()
            for key in (service.get("environment") or {})
            if key.startswith("NEWSFLOW_")
        }
        assert used and used <= fields

    def test_production_shape(self) -> None:
        """Kafka runs in KRaft mode, workers scale out, and the dashboard listens beyond loopback."""
        services = COMPOSE["services"]
        assert services["kafka"]["environment"]["KAFKA_PROCESS_ROLES"] == "broker,controller"
        assert services["worker"]["deploy"]["replicas"] >= 2
        assert services["dashboard"]["environment"]["NEWSFLOW_WEB_HOST"] == "0.0.0.0"  # noqa: S104
        assert services["worker"]["environment"]["NEWSFLOW_KAFKA_BOOTSTRAP"] == "kafka:9092"

    def test_web_healthcheck_probes_readiness(self) -> None:
        """The web service's healthcheck asks /readyz on the port it listens on (liveness alone is not enough)."""
        dashboard = COMPOSE["services"]["dashboard"]
        command = " ".join(dashboard["healthcheck"]["test"])
        assert f"127.0.0.1:{dashboard['environment']['NEWSFLOW_WEB_PORT']}/readyz" in command
