"""medallion_audit: the nightly Spark audit of the warehouse (README, "Orchestration with Apache Airflow")."""

from __future__ import annotations

import json
import shutil
import tempfile
from typing import Any

from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import DAG, CronTriggerTimetable, TriggerRule, task
from airflow.sdk.exceptions import AirflowException, AirflowFailException

from medallion_lib.cli import failure_message, run_medallion
from medallion_lib.connections import SPARK_CONN_ID
from medallion_lib.defaults import DEFAULT_ARGS, TAGS

DOC = """
### The nightly Spark audit

Every night at 02:00 UTC, the Spark audit (`medallion audit`, README "The Spark audit"): a PySpark job
written from the contracts recomputes silver and gold from the bronze topics and compares the
warehouse's gold row by row, money exactly, and silver's row counts.

- **prepare**: `medallion audit --prepare DIR --json` checks that Kafka, the registry and the warehouse
  answer, waits for the pipeline to settle, and writes the job's config (0600), its zipped package and
  the submission (application, py-files, packages, conf) into a folder of its own;
- **spark_submit**: the Spark provider's `SparkSubmitOperator` runs the job on the master of connection
  `medallion_spark`, with the JVM packages (Kafka and Avro for Spark, PostgreSQL's JDBC driver) passed
  to the operator; the job writes its findings to the warehouse's schema `audit`;
- **report**: `medallion audit --report DIR` prints the summary; a table that differs fails the run with
  the keys and values at fault, and the failure callback writes the alert to `meta.alerts`.

The three tasks share the folder: run them on one worker (LocalExecutor), or point `TMPDIR` at a folder
every worker shares.
"""

# Where prepare leaves the job's files, and report reads the job's verdict.
WORK_DIR = "dir"

with DAG(
    dag_id="medallion_audit",
    description="Nightly: the Spark audit recomputes gold from bronze and diffs the warehouse; alerts when it differs",
    doc_md=DOC,
    # Fires at 02:00 and not at once when the DAG appears: the audit is the heaviest job there is. With a
    # start_date and no catch-up, the scheduler would run the last 02:00 at once; without one, the
    # timetable waits for the next (run_immediately=False).
    schedule=CronTriggerTimetable("0 2 * * *", timezone="UTC", run_immediately=False),
    catchup=False,
    max_active_runs=1,
    default_args=DEFAULT_ARGS,
    tags=[*TAGS, "audit"],
):

    @task(multiple_outputs=True)
    def prepare() -> dict[str, Any]:
        """The submission as XComs, one per field, for the operator's templated arguments."""
        work = tempfile.mkdtemp(prefix="medallion-audit-")
        run = run_medallion("audit", "--prepare", work, "--json")
        if run.code == 0:
            return {**json.loads(run.stdout), WORK_DIR: work}
        shutil.rmtree(work, ignore_errors=True)
        try:
            could_not_run = "error" in json.loads(run.stdout)
        except json.JSONDecodeError:
            could_not_run = False
        # A service the audit could not reach may be back a minute later; anything else will not.
        raise (AirflowException if could_not_run else AirflowFailException)(failure_message(run))

    submission = prepare()

    spark_submit = SparkSubmitOperator(
        task_id="spark_submit",
        conn_id=SPARK_CONN_ID,
        name=submission["name"],
        application=submission["application"],
        py_files=submission["pyFiles"],
        packages=submission["packages"],
        conf=submission["conf"],
        application_args=submission["args"],
        env_vars=submission["env"],
    )

    # Also after the job failed (its report names the service and the fix), never after prepare did.
    @task(trigger_rule=TriggerRule.ALL_DONE_MIN_ONE_SUCCESS, retries=0)
    def report(work: str) -> None:
        """Agree: the summary in the log. Differ or could not run: the run fails with the audit's own words."""
        try:
            run = run_medallion("audit", "--report", work)
        finally:
            # The job's config holds the warehouse's passwords.
            shutil.rmtree(work, ignore_errors=True)
        if run.code != 0:
            raise AirflowFailException(failure_message(run))

    spark_submit >> report(submission[WORK_DIR])
