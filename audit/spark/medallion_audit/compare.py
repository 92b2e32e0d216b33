"""Expected against found, row by row on a table's key: rows missing from the warehouse, rows it should
not have, and rows whose values differ — with example keys and values. Money compares as exact decimals."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pyspark.sql import DataFrame, Window
from pyspark.sql import functions as F


@dataclass(frozen=True)
class TableDiff:
    table: str
    expected: int
    found: int
    missing: int
    unexpected: int
    differing: int
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def equal(self) -> bool:
        return self.missing == 0 and self.unexpected == 0 and self.differing == 0 and self.expected == self.found


def plain(value: Any) -> Any:
    """A value as the report shows it: decimals as their exact text, times in ISO 8601."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def compare(table: str, keys: tuple[str, ...], expected: DataFrame, found: DataFrame, samples: int) -> TableDiff:
    """`found` keeps its own types (a wider decimal is compared exactly, never rounded to the contract's
    scale); a column the warehouse lacks counts as null."""
    columns = [c for c in expected.columns if c not in keys]
    found_columns = set(found.columns)
    aligned = found.select(
        *[F.col(c) if c in found_columns else F.lit(None).cast(expected.schema[c].dataType).alias(c) for c in expected.columns]
    )
    e = expected.select(*keys, F.struct(*columns).alias("e"), F.lit(True).alias("in_e"))
    f = aligned.select(*keys, F.struct(*columns).alias("f"), F.lit(True).alias("in_f"))
    joined = e.join(f, list(keys), "full_outer").withColumn(
        "differs", F.array_compact(F.array(*[F.when(~F.col("e")[c].eqNullSafe(F.col("f")[c]), F.lit(c)) for c in columns]))
    ).cache()
    kind = (
        F.when(F.col("in_f").isNull(), F.lit("missing"))
        .when(F.col("in_e").isNull(), F.lit("unexpected"))
        .when(F.size("differs") > 0, F.lit("differing"))
    )
    counts = joined.agg(
        F.count("in_e").alias("expected"),
        F.count("in_f").alias("found"),
        *[F.count_if(kind == F.lit(k)).alias(k) for k in ("missing", "unexpected", "differing")],
    ).first()
    assert counts is not None
    # The first `samples` keys of each kind, in one pass.
    first = Window.partitionBy("kind").orderBy(*[F.col(k) for k in keys])
    sampled = joined.withColumn("kind", kind).where("kind IS NOT NULL").withColumn("n", F.row_number().over(first)).where(F.col("n") <= samples).collect()
    examples: dict[str, list[dict[str, Any]]] = {"missing": [], "unexpected": [], "differing": []}
    for r in sorted(sampled, key=lambda row: (row["kind"], row["n"])):
        if r["kind"] == "missing":
            examples["missing"].append({"key": _key(r, keys), "expected": _row(r["e"])})
        elif r["kind"] == "unexpected":
            examples["unexpected"].append({"key": _key(r, keys), "found": _row(r["f"])})
        else:
            examples["differing"].append({"key": _key(r, keys), "columns": {c: {"expected": plain(r["e"][c]), "found": plain(r["f"][c])} for c in r["differs"]}})
    joined.unpersist()
    return TableDiff(table, int(counts["expected"]), int(counts["found"]), int(counts["missing"] or 0), int(counts["unexpected"] or 0), int(counts["differing"] or 0), examples)


def _key(row: Any, keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: plain(row[k]) for k in keys}


def _row(struct: Any) -> dict[str, Any]:
    return {k: plain(v) for k, v in struct.asDict().items()}
