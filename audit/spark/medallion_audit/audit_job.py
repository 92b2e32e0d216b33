"""The audit run: recompute, read the warehouse, compare, record the findings, and the exit code
(0 every table agrees, 1 any differs, 2 the audit could not run)."""

import json
import sys
import time
from datetime import datetime, timezone
from typing import Any, Optional

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from .bronze_read import read_topic
from .compare import TableDiff, compare
from .gold import GOLD_KEYS
from .job_config import AuditConfig
from .recompute import recompute
from .registry import RegistryUnreachable, writer_schema
from .warehouse_io import gold_table, silver_counts, write_findings

# Each silver table and the recomputed clean table it holds.
SILVER_TABLES = ("sales", "products", "employees", "customers", "countries", "categories", "cities")
# The tables a --from limits, and the column it limits them on.
FROM_COLUMNS = {"fact_sales": "sold_at", "sales_daily": "sale_date"}


class AuditFailure(Exception):
    """The audit could not run: which service, what happened, the fix."""

    def __init__(self, service: str, message: str, fix: str) -> None:
        super().__init__(f"{service}: {message}")
        self.service, self.message, self.fix = service, message, fix


def _since(frame: DataFrame, table: str, from_time: Optional[str]) -> DataFrame:
    column = FROM_COLUMNS.get(table)
    if from_time is None or column is None:
        return frame
    bound = F.to_timestamp(F.lit(from_time))
    return frame.where(F.col(column) >= (bound if column == "sold_at" else F.to_date(bound)))


def _phase(service: str, fix: str, work: Any) -> Any:
    try:
        return work()
    except RegistryUnreachable as error:
        raise AuditFailure("registry", str(error), "start it (medallion stack up) or set MEDALLION_REGISTRY_URL") from error
    except AuditFailure:
        raise
    except Exception as error:  # a JVM error arrives as Py4JJavaError or a pyspark error: only its first line names the cause
        raise AuditFailure(service, str(error).strip().split("\n")[0][:500], fix) from error


def _log_phase(done: str, since: float) -> None:
    """A line in spark-submit's log (the CLI keeps it in logs/audit.log): where the job's time went."""
    print(f"medallion-audit: {done} after {time.monotonic() - since:.1f} s", file=sys.stderr, flush=True)


def run_audit(spark: SparkSession, config: AuditConfig) -> dict[str, Any]:
    started = datetime.now(timezone.utc)
    clock = time.monotonic()

    def read(topic: str) -> DataFrame:
        return read_topic(spark, config.kafka_options, topic, config.ends.get(topic))

    made = _phase("kafka", "check that Kafka and the registry answer (medallion stack status); if the bronze topics were reset while it read (medallion up resets them), run the audit again", lambda: recompute(read, lambda i: writer_schema(config.registry, i)))
    _log_phase("bronze to silver", clock)
    warehouse_fix = "start it (medallion stack up), run medallion warehouse migrate, or set MEDALLION_WAREHOUSE_BI_URL / MEDALLION_WAREHOUSE_AUDIT_URL"
    diffs: list[TableDiff] = []
    for table, keys in GOLD_KEYS.items():
        expected = _since(made.gold[table], table, config.from_time)
        found = _phase("warehouse", warehouse_fix, lambda: _since(gold_table(spark, config, table), table, config.from_time))
        diffs.append(_phase("warehouse", warehouse_fix, lambda: compare(f"gold.{table}", keys, expected, found, config.samples)))
    _log_phase("gold compared", clock)
    found_counts = _phase("warehouse", warehouse_fix, lambda: silver_counts(spark, config, list(SILVER_TABLES)))
    expected_counts = {"sales": made.clean.sales.count(), **{e.entity: e.silver_rows for e in made.entities if e.entity in SILVER_TABLES and e.entity != "sales"}}
    silver = [{"table": f"silver.{t}", "expected": expected_counts[t], "found": found_counts.get(t, 0)} for t in SILVER_TABLES]
    for row in silver:
        diffs.append(TableDiff(str(row["table"]), int(row["expected"]), int(row["found"]), max(0, int(row["expected"]) - int(row["found"])), max(0, int(row["found"]) - int(row["expected"])), 0))
    verdict = "agree" if all(d.equal for d in diffs) else "differ"
    # The master it ran on, whoever chose it (medallion audit --master, or an Airflow connection).
    master = spark.sparkContext.master
    report = {
        "runId": config.run_id,
        "verdict": verdict,
        "master": master,
        "read": config.read_note,
        "from": config.from_time,
        "tables": [_table_json(d) for d in diffs],
        "bronze": [e.as_json() for e in made.entities],
        "seconds": round(time.monotonic() - clock, 1),
    }
    finished = datetime.now(timezone.utc)
    run_row = (config.run_id, started.replace(tzinfo=None), finished.replace(tzinfo=None), master, config.read_note, verdict, json.dumps(report))
    table_rows = [(config.run_id, d.table, d.expected, d.found, d.missing, d.unexpected, d.differing, json.dumps(d.examples), i) for i, d in enumerate(diffs)]
    _phase("warehouse", warehouse_fix, lambda: write_findings(spark, config, run_row, table_rows))
    _log_phase("findings written", clock)
    return report


def _table_json(d: TableDiff) -> dict[str, Any]:
    return {
        "table": d.table,
        "expected": d.expected,
        "found": d.found,
        "missing": d.missing,
        "unexpected": d.unexpected,
        "differing": d.differing,
        "equal": d.equal,
        "examples": d.examples,
    }
