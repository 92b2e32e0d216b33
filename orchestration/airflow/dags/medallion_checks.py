"""medallion_checks: the hourly checks of the warehouse (README, "Orchestration with Apache Airflow")."""

from __future__ import annotations

import json

from airflow.providers.common.sql.operators.sql import SQLTableCheckOperator
from airflow.sdk import DAG, CronDataIntervalTimetable, task
from airflow.sdk.exceptions import AirflowFailException

from medallion_lib.cli import medallion, run_medallion, raise_for_failure
from medallion_lib.connections import WAREHOUSE_CONN_ID
from medallion_lib.defaults import DEFAULT_ARGS, START, TAGS
from medallion_lib.gold_assets import GOLD_ASSETS
from medallion_lib.gold_checks import GOLD_TABLES, table_checks

DOC = """
### The warehouse's hourly checks

Every hour, for the hour that just ended (a real data interval):

- **reconcile**: `medallion reconcile`, per entity bronze = silver + duplicates + dead-lettered;
- **validate**: `medallion validate --json`, counts per layer, keys, referential integrity, freshness,
  gold equal to the reference SQL over silver;
- **check_&lt;table&gt;**: SQL checks on each gold table (key unique, amounts and quantities not negative),
  each publishing its table as an Asset;
- **check_fact_sales_interval**: the newest sale is not older than the interval's start, and
  `gold.fact_sales` has rows for the interval.

A failed check fails the run with its own message; the failure callback logs an alert and writes it
to `meta.alerts`, which the dashboard's Pipeline page shows.
"""

# An interval without sales would otherwise read as fresh; the interval is half-open, [start, end).
INTERVAL = "sold_at >= '{{ data_interval_start | ts }}'::timestamptz AT TIME ZONE 'UTC' AND sold_at < '{{ data_interval_end | ts }}'::timestamptz AT TIME ZONE 'UTC'"
INTERVAL_START = "'{{ data_interval_start | ts }}'::timestamptz AT TIME ZONE 'UTC'"

with DAG(
    dag_id="medallion_checks",
    description="Hourly: reconcile, validate and SQL checks on the gold tables; alerts on failure",
    doc_md=DOC,
    schedule=CronDataIntervalTimetable("0 * * * *", timezone="UTC"),
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=[*TAGS, "checks"],
):

    @task
    def reconcile() -> None:
        """`medallion reconcile`: fails with its table when an entity does not balance."""
        medallion("reconcile")

    @task
    def validate() -> None:
        """`medallion validate --json`: fails naming each failed check and the rows at fault."""
        run = run_medallion("validate", "--json")
        try:
            report = json.loads(run.stdout)
        except json.JSONDecodeError:
            raise_for_failure(run)
            raise AirflowFailException(f"medallion validate --json printed no JSON report:\n{run.stdout[-2000:]}") from None
        failed = [r for r in report.get("results", []) if r.get("status") == "fail"]
        if failed:
            raise AirflowFailException(
                "medallion validate: "
                + "; ".join(f"{r['check']} {r['subject']}: {r['detail']} (at fault: {r.get('atFault', [])[:5]})" for r in failed)
            )
        raise_for_failure(run)

    reconcile()
    validate()

    for table in GOLD_TABLES:
        SQLTableCheckOperator(
            task_id=f"check_{table}",
            conn_id=WAREHOUSE_CONN_ID,
            table=f"gold.{table}",
            checks=table_checks(table),
            outlets=[GOLD_ASSETS[table]],
            # A wrong row does not heal by waiting.
            retries=0,
        )

    SQLTableCheckOperator(
        task_id="check_fact_sales_interval",
        conn_id=WAREHOUSE_CONN_ID,
        table="gold.fact_sales",
        checks={
            "fact_sales_fresh": {"check_statement": f"coalesce(max(sold_at) >= {INTERVAL_START}, false)"},
            "fact_sales_rows_in_interval": {"check_statement": "count(*) > 0", "partition_clause": INTERVAL},
        },
        outlets=[GOLD_ASSETS["fact_sales"]],
        retries=0,
    )
