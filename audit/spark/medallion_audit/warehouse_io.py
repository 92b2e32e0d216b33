"""The warehouse over JDBC: gold and silver's row counts read, the audit's findings written."""

from typing import Any

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import IntegerType, LongType, StringType, StructField, StructType, TimestampType

from .job_config import AuditConfig, Login

DRIVER = "org.postgresql.Driver"


def _options(config: AuditConfig, login: Login) -> dict[str, str]:
    # Without the driver class the JVM's DriverManager answers "No suitable driver".
    return {"url": config.jdbc_url, "user": login.user, "password": login.password, "driver": DRIVER}


def read_query(spark: SparkSession, config: AuditConfig, login: Login, query: str) -> DataFrame:
    return spark.read.format("jdbc").options(**_options(config, login)).option("query", query).load()


def gold_table(spark: SparkSession, config: AuditConfig, table: str) -> DataFrame:
    return spark.read.format("jdbc").options(**_options(config, config.bi)).option("dbtable", f"gold.{table}").load()


def silver_counts(spark: SparkSession, config: AuditConfig, tables: list[str]) -> dict[str, int]:
    query = " UNION ALL ".join(f"SELECT '{t}' AS t, count(*) AS n FROM silver.{t}" for t in tables)
    return {str(r["t"]): int(r["n"]) for r in read_query(spark, config, config.audit, query).collect()}


RUN_SCHEMA = StructType([
    StructField("run_id", StringType(), False),
    StructField("started_at", TimestampType(), False),
    StructField("finished_at", TimestampType(), False),
    StructField("master", StringType(), False),
    StructField("read_note", StringType(), False),
    StructField("verdict", StringType(), False),
    StructField("report", StringType(), False),
])

TABLE_SCHEMA = StructType([
    StructField("run_id", StringType(), False),
    StructField("table_name", StringType(), False),
    StructField("expected", LongType(), False),
    StructField("found", LongType(), False),
    StructField("missing", LongType(), False),
    StructField("unexpected", LongType(), False),
    StructField("differing", LongType(), False),
    StructField("examples", StringType(), False),
    StructField("position", IntegerType(), False),
])


def write_findings(spark: SparkSession, config: AuditConfig, run: tuple[Any, ...], tables: list[tuple[Any, ...]]) -> None:
    """Appends the run's row and its tables' rows to audit.runs and audit.table_results (0008_audit_schema.sql);
    stringtype=unspecified lets PostgreSQL read the JSON text as jsonb."""
    options = {**_options(config, config.audit), "url": f"{config.jdbc_url}{'&' if '?' in config.jdbc_url else '?'}stringtype=unspecified"}
    spark.createDataFrame([run], RUN_SCHEMA).write.format("jdbc").options(**options).option("dbtable", "audit.runs").mode("append").save()
    spark.createDataFrame(tables, TABLE_SCHEMA).write.format("jdbc").options(**options).option("dbtable", "audit.table_results").mode("append").save()
