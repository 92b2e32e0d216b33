"""spark-submit's entry for bench:e2e's peer: `spark-submit batch_peer_main.py CONFIG.json` (bench/spark-peer.ts
writes the config, 0600: it holds a password). Writes {sessionSeconds, jobSeconds} as JSON to the config's
reportPath, so the bench shows the job's own time apart from the JVM's and the session's start-up."""

import json
import sys
import time

from pyspark.sql import SparkSession

from medallion_audit.batch_peer import load_peer_config, run_peer


def main(argv: list[str]) -> int:
    config = load_peer_config(argv[1])
    begun = time.monotonic()
    spark = SparkSession.builder.appName("medallion-batch-peer").getOrCreate()
    session_seconds = time.monotonic() - begun
    try:
        run_peer(spark, config)
        job_seconds = time.monotonic() - begun - session_seconds
    finally:
        spark.stop()
    with open(config.report_path, "w", encoding="utf-8") as f:
        json.dump({"sessionSeconds": round(session_seconds, 2), "jobSeconds": round(job_seconds, 2)}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
