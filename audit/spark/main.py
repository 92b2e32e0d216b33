"""spark-submit's entry: `spark-submit main.py CONFIG.json` (the CLI, `medallion audit`, builds the call).
Writes the report as JSON to the config's reportPath, its verdict agree, differ or failed (the report's
`error` names the service and the fix). Exits 0 when it reached a verdict, 2 when the audit could not run:
a difference is the audit's finding, not the job's failure, so a scheduler retries only what may heal."""

import json
import sys
import time

from pyspark.sql import SparkSession

from medallion_audit.audit_job import AuditFailure, run_audit
from medallion_audit.job_config import load_config


def main(argv: list[str]) -> int:
    config = load_config(argv[1])
    begun = time.monotonic()
    spark = SparkSession.builder.appName(f"medallion-audit-{config.run_id}").getOrCreate()
    # The session's start-up, apart from the audit's own work (bench:audit shows both).
    session_seconds = round(time.monotonic() - begun, 1)
    try:
        report = {**run_audit(spark, config), "sessionSeconds": session_seconds}
        code = 0
    except AuditFailure as failure:
        report = {"runId": config.run_id, "verdict": "failed", "sessionSeconds": session_seconds,
                  "error": {"service": failure.service, "message": failure.message, "fix": failure.fix}}
        code = 2
    finally:
        spark.stop()
    with open(config.report_path, "w", encoding="utf-8") as f:
        json.dump(report, f, indent=2)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
