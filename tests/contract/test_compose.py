"""docker-compose.yml is a valid Compose file, configures the processes with real settings, and Prometheus scrapes them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft201909Validator
from prometheus_client.parser import text_string_to_metric_families

from agents.metrics import ConsumerLagCollector, GroupLagCollector, Metrics, StanceCacheCollector
from agents.settings import Settings
from agents.web import METRICS, create_web_app
from pipeline.stance import CacheInfo

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

    def test_kafka_holds_the_largest_message_the_workers_send(self) -> None:
        """Apache Kafka's message limits leave room for a message of the default NEWSFLOW_MAX_MESSAGE_BYTES."""
        kafka = COMPOSE["services"]["kafka"]["environment"]
        largest = Settings.model_fields["max_message_bytes"].default
        assert int(kafka["KAFKA_MESSAGE_MAX_BYTES"]) >= largest + 1024
        assert int(kafka["KAFKA_REPLICA_FETCH_MAX_BYTES"]) >= int(kafka["KAFKA_MESSAGE_MAX_BYTES"])

    def test_web_healthcheck_probes_readiness(self) -> None:
        """The web service's healthcheck asks /readyz on the port it listens on (liveness alone is not enough)."""
        dashboard = COMPOSE["services"]["dashboard"]
        command = " ".join(dashboard["healthcheck"]["test"])
        assert f"127.0.0.1:{dashboard['environment']['NEWSFLOW_WEB_PORT']}/readyz" in command

    def test_worker_healthcheck_probes_its_own_readiness(self) -> None:
        """Workers listen beyond loopback in their container and their healthcheck asks /readyz on that port."""
        worker = COMPOSE["services"]["worker"]
        env = worker["environment"]
        assert env["NEWSFLOW_WORKER_HOST"] == "0.0.0.0"  # noqa: S104
        command = " ".join(worker["healthcheck"]["test"])
        assert f"127.0.0.1:{env['NEWSFLOW_WORKER_PORT']}/readyz" in command
        assert "ports" not in worker  # replicas: only Prometheus, on the compose network, reaches them


def _mounted(service: dict[str, Any], target: str) -> Path:
    """The repository file a service mounts at ``target`` (short volume syntax ``./src:target[:ro]``)."""
    for volume in service["volumes"]:
        source, _, rest = volume.partition(":")
        if rest.split(":")[0] == target:
            assert source.startswith("./")
            return REPO / source
    msg = f"nothing is mounted at {target}"
    raise AssertionError(msg)


async def _no_lag() -> list[Any]:
    return []


def _exposed_names() -> set[str]:
    """Every sample name a worker or the web process can expose, and Prometheus's own ``up``."""
    metrics = Metrics("w")
    metrics.register(ConsumerLagCollector(lambda: None))
    metrics.register(GroupLagCollector(_no_lag))
    metrics.register(StanceCacheCollector(lambda: CacheInfo()))
    app = create_web_app(Settings(web_port=0))  # the web process's own counters (ingest answers)
    names = {"up"}
    for collector_text in (metrics.expose(), app[METRICS].expose()):
        for family in text_string_to_metric_families(collector_text.decode()):
            suffixes = {"counter": ("_total",), "histogram": ("_bucket", "_sum", "_count")}.get(family.type, ("",))
            names |= {family.name + suffix for suffix in suffixes}
    return names


class TestPrometheus:
    PROMETHEUS = COMPOSE["services"]["prometheus"]
    CONFIG = yaml.safe_load(_mounted(PROMETHEUS, "/etc/prometheus/prometheus.yml").read_text(encoding="utf-8"))
    JOBS = {job["job_name"]: job for job in CONFIG["scrape_configs"]}

    def test_scrapes_every_worker_replica_on_its_port(self) -> None:
        """The worker job resolves the compose service name to each replica, on NEWSFLOW_WORKER_PORT."""
        worker = COMPOSE["services"]["worker"]
        (sd,) = self.JOBS["newsflow-worker"]["dns_sd_configs"]
        assert sd["names"] == ["worker"] and sd["type"] == "A"
        assert sd["port"] == int(worker["environment"]["NEWSFLOW_WORKER_PORT"])
        assert self.JOBS["newsflow-worker"]["metrics_path"] == "/metrics"

    def test_scrapes_the_web_process_on_its_port(self) -> None:
        """The web job targets the dashboard service on NEWSFLOW_WEB_PORT."""
        port = COMPOSE["services"]["dashboard"]["environment"]["NEWSFLOW_WEB_PORT"]
        targets = [t for c in self.JOBS["newsflow-web"]["static_configs"] for t in c["targets"]]
        assert targets == [f"dashboard:{port}"]

    def test_alert_rules_are_loaded_and_name_only_metrics_we_expose(self) -> None:
        """The rule file Prometheus loads is mounted, and every metric its expressions use exists."""
        rules_path = _mounted(self.PROMETHEUS, "/etc/prometheus/alerts.yml")
        assert self.CONFIG["rule_files"] == ["/etc/prometheus/alerts.yml"]
        rules = [r for g in yaml.safe_load(rules_path.read_text(encoding="utf-8"))["groups"] for r in g["rules"]]
        assert rules and all(r["alert"] and r["expr"] for r in rules)
        used = {name for r in rules for name in re.findall(r"\b((?:newsflow|process)_[a-z0-9_]+|up)\b", r["expr"])}
        assert used and used <= _exposed_names()

    def test_prometheus_config_reaches_the_process_settings(self) -> None:
        """Prometheus starts with the mounted configuration and keeps its data in a volume."""
        command = self.PROMETHEUS["command"]
        assert "--config.file=/etc/prometheus/prometheus.yml" in command
        assert any(v.startswith("prometheus-data:") for v in self.PROMETHEUS["volumes"])
        assert "prometheus-data" in COMPOSE["volumes"]
