"""medallion_connectors: Kafka Connect's health every few minutes (README, "Orchestration with Apache Airflow")."""

from __future__ import annotations

from datetime import timedelta

from airflow.sdk import DAG, Param, task
from airflow.sdk.exceptions import AirflowFailException

from medallion_lib.cli import failure_message, medallion, run_medallion
from medallion_lib.defaults import DEFAULT_ARGS, START, TAGS

DOC = """
### Kafka Connect's connectors

Every five minutes, `medallion connectors status`. When a connector or task has failed, restarts the
failed tasks once (`medallion connectors restart`), then checks again; when it fails again, the run
fails with the connector's own error (the cause Connect reports) and raises an alert.

Parameters (defaults: the project's `connect-config/` and every connector in it): **dir**, a folder of
connector files, and **connectors**, the names to watch.
"""


def connector_args(params: dict[str, object] | None) -> list[str]:
    params = params or {}
    folder = str(params.get("dir") or "")
    names = [str(name) for name in params.get("connectors") or []]  # type: ignore[union-attr]
    return [*(["--dir", folder] if folder else []), *names]


with DAG(
    dag_id="medallion_connectors",
    description="Every 5 minutes: connectors status; restart failed tasks once; fail with the connector's error",
    doc_md=DOC,
    schedule=timedelta(minutes=5),
    start_date=START,
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    params={
        "dir": Param("", type="string", description="connector files (empty: the project's connect-config/)"),
        "connectors": Param([], type="array", description="connector names (empty: all)"),
    },
    tags=[*TAGS, "connectors"],
):

    @task.branch
    def status(params: dict[str, object] | None = None) -> str | None:
        """Healthy: nothing more to do. Otherwise on to the restart."""
        run = run_medallion("connectors", "status", *connector_args(params))
        if run.code == 0:
            return None
        if run.code == 1 and not run.stderr.strip():
            return "restart_failed"
        raise AirflowFailException(failure_message(run))

    @task
    def restart_failed(params: dict[str, object] | None = None) -> None:
        """`connectors restart` restarts failed tasks only, and waits until they are RUNNING."""
        run = run_medallion("connectors", "restart", "--timeout", "60", *connector_args(params))
        if run.code != 0:
            raise AirflowFailException(failure_message(run))

    @task(retries=0)
    def status_after_restart(params: dict[str, object] | None = None) -> None:
        """A connector that failed again fails the run with its own error."""
        medallion("connectors", "status", *connector_args(params))

    status() >> restart_failed() >> status_after_restart()
