"""bench:e2e's peer reads a tidy dataset (written here by the real generator) into exactly the generator's
clean tables, and gold.py over them gives exactly its expected gold."""

import csv
import shutil
import subprocess
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Optional

import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import BooleanType, DataType, DateType, DecimalType, IntegerType, LongType, StructType, TimestampType

from medallion_audit.batch_peer import TidyInputError, read_tidy
from medallion_audit.compare import compare
from medallion_audit.entities import BY_NAME
from medallion_audit.gold import GOLD_KEYS, Clean, gold_tables

from conftest import REPO


@pytest.fixture(scope="module")
def tidy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tidy") / "dataset"
    node = shutil.which("node")
    assert node is not None, "node is not on PATH: the tests generate their dataset with `medallion generate`"
    subprocess.run([node, str(REPO / "cli" / "bin" / "medallion.cjs"), "generate", "--tidy", "--scale", "400", "--seed", "11", "--out", str(out)],
                   check=True, capture_output=True)
    return out


def _parser(t: DataType) -> Callable[[str], Any]:
    if isinstance(t, (IntegerType, LongType)):
        return int
    if isinstance(t, DecimalType):
        return Decimal
    if isinstance(t, TimestampType):
        return datetime.fromisoformat
    if isinstance(t, DateType):
        return date.fromisoformat
    if isinstance(t, BooleanType):
        return lambda v: v == "t"
    return str


def expected_frame(spark: SparkSession, file: Path, schema: StructType) -> DataFrame:
    """A generator's expected CSV (PostgreSQL's COPY text: NULL empty, booleans t/f) typed as `schema`."""
    parsers = {f.name: _parser(f.dataType) for f in schema.fields}
    with open(file, encoding="utf-8", newline="") as f:
        rows = [tuple(None if row[c] == "" else parsers[c](row[c]) for c in schema.fieldNames()) for row in csv.DictReader(f)]
    assert rows, f"{file} has no rows"
    return spark.createDataFrame(rows, schema)


def differences(spark: SparkSession, table: str, keys: tuple[str, ...], file: Path, found: DataFrame) -> Optional[dict[str, Any]]:
    diff = compare(table, keys, expected_frame(spark, file, found.schema), found, 3)
    return None if diff.equal else {"expected": diff.expected, "found": diff.found, **diff.examples}


def test_the_tidy_sources_read_into_the_generators_clean_tables(spark: SparkSession, tidy: Path) -> None:
    clean = read_tidy(spark, str(tidy))
    for entity in Clean.__dataclass_fields__:
        key = "sale_id" if entity == "sales" else BY_NAME[entity].key
        assert differences(spark, entity, (key,), tidy / "expected" / "clean" / f"{entity}.csv", getattr(clean, entity)) is None, entity


def test_gold_over_them_is_the_expected_gold(spark: SparkSession, tidy: Path) -> None:
    gold = gold_tables(read_tidy(spark, str(tidy)))
    assert sorted(gold) == sorted(p.stem for p in (tidy / "expected" / "gold").glob("*.csv"))
    for table, frame in gold.items():
        assert differences(spark, table, GOLD_KEYS[table], tidy / "expected" / "gold" / f"{table}.csv", frame) is None, table


def test_a_source_that_is_not_tidy_is_refused_naming_the_file_and_the_fix(spark: SparkSession, tidy: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    shutil.copytree(tidy, copy)
    products = copy / "landing" / "products-0001.csv"
    text = products.read_text(encoding="utf-8")
    products.write_text(text.replace("ProductName,Price", "Price,ProductName", 1), encoding="utf-8")
    with pytest.raises(TidyInputError, match=r"products-0001\.csv: header .* is not the canonical products header.*generate --tidy"):
        read_tidy(spark, str(copy))
    products.write_text(text, encoding="utf-8")
    script = copy / "mysql" / "operational.sql"
    script.write_text(script.read_text(encoding="utf-8").replace("\n(1,'", "\n(1,", 1), encoding="utf-8")
    with pytest.raises(TidyInputError, match=r"operational\.sql:\d+: .* is not a row of 2 values of categories"):
        read_tidy(spark, str(copy))
