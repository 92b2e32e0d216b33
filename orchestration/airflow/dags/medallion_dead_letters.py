"""medallion_dead_letters: a run per new dead letter, summarising them (README, "Orchestration with Apache Airflow")."""

from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from typing import Any

from airflow.providers.apache.kafka.triggers.await_message import AwaitMessageTrigger
from airflow.sdk import DAG, Asset, AssetWatcher, task

from medallion_lib.cli import medallion
from medallion_lib.connections import KAFKA_CONN_ID
from medallion_lib.defaults import DEFAULT_ARGS, START, TAGS

log = logging.getLogger(__name__)

DOC = """
### A run per new dead letter

An `AssetWatcher` with the Kafka provider's `AwaitMessageTrigger` watches the `dlq.*` topics (connection
`medallion_kafka`); a dead letter there updates the asset **dead_letters**, which starts this DAG within
seconds. The run summarises the dead letters written since the earliest one that triggered it, per entity,
stage and rule broken (`medallion dead-letters --since … --json`), in its log and its return value.
Run by hand, it summarises the last hour.
"""

DEAD_LETTERS = Asset(
    name="dead_letters",
    uri="kafka://medallion/dlq",
    group="kafka",
    watchers=[
        AssetWatcher(
            name="dlq_topics",
            trigger=AwaitMessageTrigger(
                topics=["^dlq\\..*"],
                apply_function="medallion_lib.dead_letter_watch.dead_letter_event",
                kafka_config_id=KAFKA_CONN_ID,
                poll_interval=1,
            ),
        )
    ],
)

LAST_HOUR_MS = 3_600_000


def since_ms(triggering_asset_events: Any, now_ms: int) -> int:
    """The earliest triggering dead letter's timestamp; the last hour when there is none (a manual run)."""
    stamps = [
        int(event.extra["payload"]["timestamp_ms"])
        for events in (triggering_asset_events or {}).values()
        for event in events
        if isinstance((event.extra or {}).get("payload"), dict) and "timestamp_ms" in event.extra["payload"]
    ]
    return min(stamps) if stamps else now_ms - LAST_HOUR_MS


with DAG(
    dag_id="medallion_dead_letters",
    description="Event-driven (Kafka dlq.* topics): summarise the new dead letters by entity and rule",
    doc_md=DOC,
    schedule=[DEAD_LETTERS],
    start_date=START,
    catchup=False,
    # A burst of dead letters queues runs rather than starting a CLI per letter at once.
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=[*TAGS, "dead-letters"],
):

    @task
    def summarise(triggering_asset_events: Any = None) -> dict[str, Any]:
        now_ms = int(datetime.now(timezone.utc).timestamp() * 1000)
        since = datetime.fromtimestamp(since_ms(triggering_asset_events, now_ms) / 1000, tz=timezone.utc)
        summary: dict[str, Any] = json.loads(medallion("dead-letters", "--since", since.isoformat().replace("+00:00", "Z"), "--json"))
        for group in summary["groups"]:
            log.warning(
                "dead letters: %s %s × %s at %s (e.g. field %s = %r, %s)",
                group["entity"],
                group["reason"],
                group["count"],
                group["stage"],
                group["example"]["field"],
                group["example"]["value"],
                group["example"]["source"],
            )
        return summary

    summarise()
