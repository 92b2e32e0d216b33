"""medallion_replay: rebuild silver and gold from bronze on demand (README, "Orchestration with Apache Airflow")."""

from __future__ import annotations

from airflow.sdk import DAG, Param, task

from medallion_lib.cli import medallion
from medallion_lib.defaults import DEFAULT_ARGS, START, TAGS

DOC = """
### Replay bronze into silver and gold

Triggered by hand with one parameter, **from**: `earliest` (rebuild everything with fresh state) or an
ISO 8601 time such as `2026-01-31T00:00:00Z` (rewrite silver and gold from then on; state is still
rebuilt from the beginning). Runs `medallion replay --from …`, then `medallion reconcile` and
`medallion validate`.

**Why one run from the start of a range, not an Airflow backfill per day.** The processors are
stateful: deduplication (latest wins), late dimensions and the gold aggregates depend on every bronze
record before the one being processed. A replay rebuilds that state once and streams forward through
the whole range in order, exactly once, and gold upserts by key, so the result is the same as if the
records had arrived live. Per-day runs would each rebuild the state from the beginning (N times the
work), could run out of order or concurrently on the same topics and tables, and a day's aggregates
(`sales_daily`, the per-product and per-customer totals) are not the sum of independent day jobs.

A bad **from** fails the first task before anything is touched, with the CLI's own message naming
the value and the accepted forms.
"""

with DAG(
    dag_id="medallion_replay",
    description="On demand: medallion replay --from earliest|TIME, then reconcile and validate",
    doc_md=DOC,
    schedule=None,
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={"from": Param("earliest", type="string", description="earliest, or an ISO 8601 time such as 2026-01-31T00:00:00Z")},
    tags=[*TAGS, "replay"],
):

    @task
    def replay(params: dict[str, str] | None = None) -> None:
        """The CLI checks the value before it touches a topic: a bad one fails here, not retried."""
        medallion("replay", "--from", str((params or {})["from"]))

    @task
    def reconcile() -> None:
        medallion("reconcile")

    @task
    def validate() -> None:
        medallion("validate")

    replay() >> reconcile() >> validate()
