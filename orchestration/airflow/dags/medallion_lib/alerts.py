"""The failure callback of every medallion task: a log line and a row in the warehouse's meta.alerts."""

from __future__ import annotations

import logging
from typing import Any

from airflow.providers.postgres.hooks.postgres import PostgresHook

from medallion_lib.connections import WAREHOUSE_CONN_ID

log = logging.getLogger(__name__)

INSERT_ALERT = "INSERT INTO meta.alerts (source, dag_id, task_id, run_id, message) VALUES ('airflow', %s, %s, %s, %s)"


def alert_on_failure(context: Any) -> None:
    """Writes the failed task's own message to meta.alerts (migration 0009), which the dashboard's Pipeline page shows."""
    ti = context["ti"]
    error = context.get("exception")
    message = str(error) if error is not None and str(error) else f"task {ti.task_id} failed (see its log)"
    log.error("ALERT %s.%s in run %s: %s", ti.dag_id, ti.task_id, ti.run_id, message)
    try:
        PostgresHook(postgres_conn_id=WAREHOUSE_CONN_ID).run(INSERT_ALERT, parameters=(ti.dag_id, ti.task_id, ti.run_id, message))
    except Exception as failure:  # noqa: BLE001 - an alert that cannot be stored must not hide the failure it reports
        log.error(
            "could not write the alert to meta.alerts through connection %s: %s; fix: point AIRFLOW_CONN_%s at the warehouse "
            "(MEDALLION_WAREHOUSE_URL) and run medallion warehouse migrate",
            WAREHOUSE_CONN_ID,
            failure,
            WAREHOUSE_CONN_ID.upper(),
        )
