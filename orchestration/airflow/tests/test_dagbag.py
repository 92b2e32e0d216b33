"""Every DAG of orchestration/airflow/dags imports without errors and has the tasks, schedule, owner and retries it promises."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pytest
from airflow.models.dagbag import DagBag
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator
from airflow.sdk import CronDataIntervalTimetable, CronTriggerTimetable, DeltaDataIntervalTimetable
from airflow.sdk.definitions.xcom_arg import PlainXComArg
from airflow.sdk.definitions.timetables.assets import AssetTriggeredTimetable
from airflow.sdk.definitions.timetables.simple import NullTimetable

from conftest import DAGS_DIR

GOLD = ["fact_sales", "dim_product", "dim_customer", "dim_employee", "sales_daily", "product_performance", "employee_metrics", "customer_metrics"]

EXPECTED_TASKS = {
    "medallion_checks": {"reconcile", "validate", "check_fact_sales_interval", *(f"check_{table}" for table in GOLD)},
    "medallion_replay": {"replay", "reconcile", "validate"},
    "medallion_dead_letters": {"summarise"},
    "medallion_connectors": {"status", "restart_failed", "status_after_restart"},
    "medallion_audit": {"prepare", "spark_submit", "report"},
}


@pytest.fixture(scope="module")
def dagbag() -> DagBag:
    return DagBag(dag_folder=str(DAGS_DIR))


def test_every_dag_imports_without_errors(dagbag: DagBag) -> None:
    assert dagbag.import_errors == {}
    assert set(dagbag.dag_ids) == set(EXPECTED_TASKS)


@pytest.mark.parametrize("dag_id", sorted(EXPECTED_TASKS))
def test_dag_has_its_tasks_owner_retries_docs_and_tags(dagbag: DagBag, dag_id: str) -> None:
    dag = dagbag.dags[dag_id]
    assert dag is not None
    assert set(dag.task_ids) == EXPECTED_TASKS[dag_id]
    assert dag.doc_md and dag.doc_md.strip()
    assert "medallion" in dag.tags
    for task in dag.tasks:
        assert task.owner == "medallion"
        assert task.on_failure_callback, f"{task.task_id} has no failure callback"
    assert dag.default_args["retries"] == 2


def test_checks_run_hourly_on_a_real_data_interval_and_publish_each_gold_table(dagbag: DagBag) -> None:
    dag = dagbag.dags["medallion_checks"]
    assert isinstance(dag.timetable, CronDataIntervalTimetable)
    assert (dag.timetable.expression, str(dag.timetable.timezone)) == ("0 * * * *", "UTC")
    published = {outlet.name for task in dag.tasks for outlet in task.outlets}
    assert published == {f"gold.{table}" for table in GOLD}
    # A wrong row does not heal by waiting: the SQL checks fail at once.
    assert all(dag.get_task(f"check_{table}").retries == 0 for table in GOLD)


def test_schedules_of_the_other_dags(dagbag: DagBag) -> None:
    replay = dagbag.dags["medallion_replay"]
    assert isinstance(replay.timetable, NullTimetable)
    assert replay.params["from"] == "earliest"
    connectors = dagbag.dags["medallion_connectors"].timetable
    assert isinstance(connectors, DeltaDataIntervalTimetable) and connectors.delta == timedelta(minutes=5)
    dead_letters = dagbag.dags["medallion_dead_letters"].timetable
    assert isinstance(dead_letters, AssetTriggeredTimetable)
    (asset,) = dead_letters.asset_condition.objects
    assert asset.name == "dead_letters"
    (watcher,) = asset.watchers
    assert watcher.trigger.topics == ["^dlq\\..*"]
    assert watcher.trigger.apply_function == "medallion_lib.dead_letter_watch.dead_letter_event"


def test_audit_runs_nightly_through_the_spark_provider_with_what_prepare_wrote(dagbag: DagBag) -> None:
    dag = dagbag.dags["medallion_audit"]
    assert isinstance(dag.timetable, CronTriggerTimetable)
    # Not at once when the DAG appears: the audit is the heaviest job there is. run_immediately=False
    # holds only without a start_date (with one, no catch-up runs the last 02:00 at once).
    assert (dag.timetable.expression, str(dag.timetable.timezone), dag.timetable.run_immediately, dag.start_date) == ("0 2 * * *", "UTC", False, None)
    submit = dag.get_task("spark_submit")
    assert isinstance(submit, SparkSubmitOperator)
    assert submit._conn_id == "medallion_spark"
    # Each argument is the field of the submission prepare wrote (the JVM packages from stack/versions.ts), not a copy of it.
    for argument, field in {"application": "application", "py_files": "pyFiles", "packages": "packages", "conf": "conf", "application_args": "args", "env_vars": "env"}.items():
        value = getattr(submit, argument)
        assert isinstance(value, PlainXComArg) and (value.operator.task_id, value.key) == ("prepare", field), argument
    assert dag.get_task("prepare").downstream_task_ids == {"spark_submit", "report"}
    report = dag.get_task("report")
    assert report.upstream_task_ids == {"prepare", "spark_submit"}
    # The report reads a failed job's report too (the service and the fix), and is not retried alone.
    assert (report.trigger_rule, report.retries) == ("all_done_min_one_success", 0)


def test_a_broken_dag_file_fails_the_bag(tmp_path: Path) -> None:
    folder = tmp_path / "dags"
    shutil.copytree(DAGS_DIR, folder)
    (folder / "medallion_broken.py").write_text("from airflow.sdk import DAG\nwith DAG(dag_id='medallion_broken', schedule=None):\n    raise RuntimeError('broken on purpose')\n")
    bag = DagBag(dag_folder=str(folder))
    assert list(bag.import_errors) == [str(folder / "medallion_broken.py")]
    assert "broken on purpose" in next(iter(bag.import_errors.values()))
