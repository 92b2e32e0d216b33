"""What `medallion audit` hands the job: a JSON file (it holds passwords; the CLI writes it 0600)."""

import json
from dataclasses import dataclass
from typing import Any, Optional

from .registry import RegistryAccess


@dataclass(frozen=True)
class Login:
    user: str
    password: str


@dataclass(frozen=True)
class AuditConfig:
    run_id: str
    # Spark's Kafka source options: kafka.bootstrap.servers and any kafka.security.* / kafka.sasl.*.
    kafka_options: dict[str, str]
    # Per bronze topic, per partition, the offset to read up to (exclusive).
    ends: dict[str, dict[str, int]]
    # How the ends were chosen (settled pipeline, sink positions), for the report.
    read_note: str
    registry: RegistryAccess
    jdbc_url: str
    # The read-only BI role reads gold; the audit role reads silver's counts and writes the audit schema.
    bi: Login
    audit: Login
    # Facts sold from this time on (ISO 8601) are compared; None compares everything.
    from_time: Optional[str]
    samples: int
    report_path: str


def load_config(path: str) -> AuditConfig:
    with open(path, encoding="utf-8") as f:
        raw: dict[str, Any] = json.load(f)
    registry = raw["registry"]
    return AuditConfig(
        run_id=raw["runId"],
        kafka_options=dict(raw["kafkaOptions"]),
        ends={topic: {str(p): int(o) for p, o in parts.items()} for topic, parts in raw["ends"].items()},
        read_note=raw["readNote"],
        registry=RegistryAccess(registry["url"], registry.get("user"), registry.get("password")),
        jdbc_url=raw["jdbcUrl"],
        bi=Login(**raw["bi"]),
        audit=Login(**raw["audit"]),
        from_time=raw.get("from"),
        samples=int(raw["samples"]),
        report_path=raw["reportPath"],
    )
