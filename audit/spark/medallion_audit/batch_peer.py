"""The seed's approach, as bench:e2e's peer (`--peer spark`): one batch job that reads a tidy dataset's
sources (`medallion generate --tidy`: the landing and blob CSVs, the MariaDB script, the carts API's
carts.json; generator/README.md), makes the clean tables with silver.py's sales rules, builds gold with
gold.py and appends each gold table to PostgreSQL over JDBC."""

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, DecimalType, IntegerType, StructField, StructType, TimestampType

from .entities import BY_NAME, Entity
from .gold import Clean, gold_tables
from .silver import online_sales, store_sales
from .warehouse_io import DRIVER


class TidyInputError(Exception):
    """A source the peer cannot read as tidy output: names the file, what is wrong and the fix."""


@dataclass(frozen=True)
class PeerConfig:
    dataset: str
    jdbc_url: str
    user: str
    password: str
    # The schema the gold tables are appended to (the bench makes it, with gold's keys and indexes).
    schema: str
    # Concurrent JDBC writers per table, and rows per batched INSERT.
    partitions: int
    batch_size: int
    report_path: str


def load_peer_config(path: str) -> PeerConfig:
    with open(path, encoding="utf-8") as f:
        raw: dict[str, Any] = json.load(f)
    return PeerConfig(raw["dataset"], raw["jdbcUrl"], raw["user"], raw["password"], raw["schema"], int(raw["partitions"]),
                      int(raw["batchSize"]), raw["reportPath"])


TIDY_FIX = "write the dataset with `medallion generate --tidy`"
CSV_OPTIONS = {
    "header": "true", "mode": "FAILFAST", "escape": '"',
    "timestampFormat": "yyyy-MM-dd HH:mm:ss.SSS", "dateFormat": "yyyy-MM-dd",
}


def entity_schema(entity: Entity) -> StructType:
    """An entity's contract fields as its clean table's columns (entities.py), in the files' column order."""
    return StructType([StructField(f.name, f.spark_type(), True) for f in entity.fields])


def _check_header(file: Path, entity: Entity) -> None:
    # The reader maps columns by position, so a file whose header names other fields would load silently wrong.
    with open(file, encoding="utf-8") as f:
        header = f.readline().rstrip("\n")
    want = ",".join(f.name.replace("_", "") for f in entity.fields)
    if header.lower().replace("_", "") != want:
        raise TidyInputError(f"{file}: header {header!r} is not the canonical {entity.name} header (fields {want}); {TIDY_FIX}")


def csv_entity(spark: SparkSession, dataset: Path, manifest: dict[str, Any], name: str) -> DataFrame:
    entity = BY_NAME[name]
    files = [dataset / f for f in manifest["entities"][name]["files"]]
    for file in files:
        _check_header(file, entity)
    # Sales hold no quoted line breaks, so their files split across tasks; an address may hold one.
    reader = spark.read.options(**CSV_OPTIONS).option("multiLine", name != "sales").schema(entity_schema(entity))
    return reader.csv([str(f) for f in files])


_ROW = re.compile(r"^\((.*)\)[,;]$")
_VALUE = re.compile(r"'((?:[^'\\]|''|\\.)*)'|(NULL)|(-?\d+)")


def _values(text: str) -> Optional[list[Optional[str]]]:
    """A row's values as text (None for NULL), or None when the row is not a list of quoted strings, integers and NULLs."""
    values: list[Optional[str]] = []
    at = 0
    while True:
        m = _VALUE.match(text, at)
        if m is None:
            return None
        quoted, _, number = m.groups()
        values.append(quoted.replace("''", "'").replace("\\\\", "\\") if quoted is not None else number)
        at = m.end()
        if at == len(text):
            return values
        if text[at] != ",":
            return None
        at += 1


def mysql_entity(spark: SparkSession, script: Path, name: str) -> DataFrame:
    """A table's INSERTed rows from the MariaDB script (mysql-dump.ts writes one row per line)."""
    entity = BY_NAME[name]
    rows: list[tuple[Any, ...]] = []
    table: Optional[str] = None
    with open(script, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if line.startswith("INSERT INTO "):
                table = line.split()[2]
                continue
            row = _ROW.match(line)
            if table != name or row is None:
                continue
            values = _values(row.group(1))
            if values is None or len(values) != len(entity.fields):
                raise TidyInputError(f"{script}:{number}: {line!r} is not a row of {len(entity.fields)} values of {name}; {TIDY_FIX}")
            rows.append(tuple(int(v) if v is not None and f.kind in ("key", "int") else v for f, v in zip(entity.fields, values)))
    return spark.createDataFrame(rows, entity_schema(entity))


CARTS_FILE = "api/carts/carts.json"
CART_LINE = StructType([
    StructField("id", IntegerType()), StructField("price", DecimalType(12, 2)), StructField("quantity", IntegerType()),
    StructField("discountPercentage", DecimalType(5, 2)), StructField("discountedTotal", DecimalType(14, 2)),
])
CARTS_DOCUMENT = StructType([StructField("carts", ArrayType(StructType([
    StructField("id", IntegerType()), StructField("userId", IntegerType()), StructField("createdAt", TimestampType()),
    StructField("products", ArrayType(CART_LINE)),
])))])


def _cart_line(p: Column) -> Column:
    return F.struct(
        p["id"].alias("product_id"), p["price"].alias("price"), p["quantity"].alias("quantity"),
        p["discountPercentage"].alias("discount_percentage"), p["discountedTotal"].alias("discounted_total"),
    )


def carts(spark: SparkSession, dataset: Path) -> DataFrame:
    """Every cart from carts.json, shaped as silver.online_sales reads a latest cart."""
    document = spark.read.schema(CARTS_DOCUMENT).option("multiLine", True).option("mode", "FAILFAST").json(str(dataset / CARTS_FILE))
    return document.select(F.explode("carts").alias("c")).select(
        F.col("c.id").alias("cart_id"), F.col("c.userId").alias("user_id"), F.col("c.createdAt").alias("created_at"),
        F.lit(None).cast("timestamp").alias("ingested_at"), F.transform("c.products", _cart_line).alias("lines"),
    )


def read_tidy(spark: SparkSession, dataset: str) -> Clean:
    """The clean tables from a tidy dataset's sources: one row per key already, so no versions to resolve."""
    root = Path(dataset)
    with open(root / "expected" / "manifest.json", encoding="utf-8") as f:
        manifest: dict[str, Any] = json.load(f)
    if manifest.get("untidy", True):
        raise TidyInputError(f"{root} holds untidy output (manifest untidy: true); {TIDY_FIX}")
    script = root / "mysql" / "operational.sql"

    def csv(name: str) -> DataFrame:
        return csv_entity(spark, root, manifest, name)

    return Clean(
        sales=store_sales(csv("sales")).unionByName(online_sales(carts(spark, root))),
        products=csv("products"), employees=csv("employees"), customers=csv("customers"), countries=csv("countries"),
        categories=mysql_entity(spark, script, "categories"), cities=mysql_entity(spark, script, "cities"),
    )


def write_gold(tables: dict[str, DataFrame], config: PeerConfig) -> None:
    """Appends each table to <schema>.<table>, tuned as a fair batch load: batched INSERTs rewritten into
    multi-row ones by the driver, `partitions` connections at once."""
    url = f"{config.jdbc_url}{'&' if '?' in config.jdbc_url else '?'}reWriteBatchedInserts=true"
    for name, frame in tables.items():
        (frame.write.format("jdbc")
         .options(url=url, user=config.user, password=config.password, driver=DRIVER, dbtable=f"{config.schema}.{name}")
         .option("batchsize", config.batch_size).option("numPartitions", config.partitions)
         .mode("append").save())


def run_peer(spark: SparkSession, config: PeerConfig) -> None:
    write_gold(gold_tables(read_tidy(spark, config.dataset)), config)
