"""One local Spark session for the unit tests, with the job's JVM packages (test/run-pytest.ts passes their
coordinates and ivy's cache, pinned in stack/versions.ts)."""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import SparkSession

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    packages = os.environ.get("MEDALLION_SPARK_PACKAGES")
    if not packages:
        raise RuntimeError("MEDALLION_SPARK_PACKAGES is not set: run these tests with `npx tsx test/run-pytest.ts`")
    session = (
        SparkSession.builder.master("local[1]")
        .appName("medallion-audit-tests")
        .config("spark.jars.packages", packages)
        .config("spark.jars.ivy", os.environ["MEDALLION_SPARK_IVY"])
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.driver.extraJavaOptions", "-Duser.timezone=UTC")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "1g")
        .getOrCreate()
    )
    yield session
    session.stop()


def bronze_schema(entity: str) -> dict[str, Any]:
    """The contract's own schema file, schemas/bronze/<entity>.avsc."""
    with open(REPO / "schemas" / "bronze" / f"{entity}.avsc", encoding="utf-8") as f:
        return dict(json.load(f))
