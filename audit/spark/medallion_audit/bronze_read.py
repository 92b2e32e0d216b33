"""Bronze in batch: every record of the bronze topics up to given end offsets, read_committed,
each decoded with its own writer schema (Confluent framing: magic byte, 4-byte schema id, Avro)."""

import json
from dataclasses import dataclass
from typing import Any, Callable, Optional

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.avro.functions import from_avro
from pyspark.sql.types import ArrayType, BinaryType, IntegerType, LongType, StringType, StructField, StructType, TimestampType

from .contract_rules import exceeds_scale
from .entities import Entity, Field

# A delete (a tombstone) has no value to carry its lineage: the CDC adapter puts it in this header.
DELETE_LINEAGE_HEADER = "medallion.lineage"
# A tombstone without a lineage sorts after every version of its key.
LAST_SEQUENCE = 2**63 - 1


@dataclass(frozen=True)
class BronzeRead:
    """One entity's bronze: `versions` (key, seq, offset, deleted, malformed, r), and what could not be decoded."""

    versions: DataFrame
    records: int
    unknown_schema_ids: dict[int, int]


# What Spark's Kafka source gives per record: a topic with no end offsets (not made yet) reads as none of these.
KAFKA_RECORD = StructType([
    StructField("key", BinaryType()),
    StructField("value", BinaryType()),
    StructField("topic", StringType()),
    StructField("partition", IntegerType()),
    StructField("offset", LongType()),
    StructField("timestamp", TimestampType()),
    StructField("timestampType", IntegerType()),
    StructField("headers", ArrayType(StructType([StructField("key", StringType()), StructField("value", BinaryType())]))),
])


def read_topic(spark: SparkSession, kafka_options: dict[str, str], topic: str, ends: Optional[dict[str, int]]) -> DataFrame:
    """One topic's raw records, from the earliest offset to each partition's end (exclusive). One read per
    topic, not one of every topic filtered per entity: each entity's passes then touch only its own partitions."""
    if ends is None:
        return spark.createDataFrame([], KAFKA_RECORD)
    reader = spark.read.format("kafka")
    for key, value in kafka_options.items():
        reader = reader.option(key, value)
    return (
        reader.option("subscribe", topic)
        .option("startingOffsets", "earliest")
        .option("endingOffsets", json.dumps({topic: ends}))
        .option("kafka.isolation.level", "read_committed")
        .option("includeHeaders", "true")
        # Records gone before they were read (the topic deleted or reset mid-run) fail the audit rather than
        # shrink what it compares; a transaction's markers and aborted records are not loss (Spark skips them).
        .option("failOnDataLoss", "true")
        .load()
    )


def _schema_id(value: Column) -> Column:
    return F.conv(F.hex(F.substring(value, 2, 4)), 16, 10).cast("long")


def _writer_fields(schema: dict[str, Any]) -> dict[str, Any]:
    return {f["name"]: f["type"] for f in schema["fields"]}


def _decimal_scale(avro_type: Any) -> Optional[int]:
    for t in avro_type if isinstance(avro_type, list) else [avro_type]:
        if isinstance(t, dict) and t.get("logicalType") == "decimal":
            return int(t.get("scale", 0))
    return None


def _aligned(source: Callable[[str], Column], writer: dict[str, Any], fields: tuple[Field, ...]) -> tuple[list[Column], Column]:
    """The contract's fields from a writer's record (absent ones null: a compatible evolution gives them a
    null default), and whether any decimal holds more decimals than the contract allows."""
    columns: list[Column] = []
    malformed: Column = F.lit(False)
    for f in fields:
        if f.name not in writer:
            columns.append(F.lit(None).cast(f.spark_type()).alias(f.name))
            continue
        value = source(f.name)
        writer_scale = _decimal_scale(writer[f.name])
        if f.scale is not None and writer_scale is not None and writer_scale > f.scale:
            malformed = malformed | exceeds_scale(value, f.scale)
        columns.append(value.cast(f.spark_type()).alias(f.name))
    return columns, malformed


def _line_items(writer_lines: Any) -> dict[str, Any]:
    items = writer_lines["items"] if isinstance(writer_lines, dict) else writer_lines
    return _writer_fields(items)


def decode(entity: Entity, raw: DataFrame, writer_schema: Callable[[int], Optional[str]]) -> BronzeRead:
    """Decodes one entity's raw records (`raw`: that topic's rows) with the writer schema of each record's id
    (`writer_schema`: its JSON text by id, None when the registry does not know it)."""
    framed = raw.select(
        F.col("key").cast("string").alias("key"),
        F.col("offset"),
        F.col("value"),
        F.when(F.col("value").isNotNull(), _schema_id(F.col("value"))).alias("schema_id"),
        F.get(F.filter("headers", lambda h: h["key"] == F.lit(DELETE_LINEAGE_HEADER)), 0)["value"].cast("string").alias("delete_lineage"),
    )
    # One pass counts the records by writer schema (None: tombstones) and names the schemas to fetch.
    by_schema = {r["schema_id"]: int(r["count"]) for r in framed.groupBy("schema_id").count().collect()}
    records = sum(by_schema.values())
    ids = sorted(int(i) for i in by_schema if i is not None)
    schemas = {i: writer_schema(i) for i in ids}
    unknown_counts = {i: by_schema[i] for i in ids if schemas[i] is None}

    struct_fields = entity.fields
    deletes = framed.where(F.col("value").isNull()).select(
        "key",
        F.coalesce(F.get_json_object("delete_lineage", "$.source_sequence").cast("long"), F.lit(LAST_SEQUENCE)).alias("seq"),
        "offset",
        F.lit(True).alias("deleted"),
        F.lit(False).alias("malformed"),
        F.lit(None).cast("timestamp").alias("ingested_at"),
        F.struct(*[F.lit(None).cast(f.spark_type()).alias(f.name) for f in struct_fields], *_null_lines(entity)).alias("r"),
    )
    parts = [deletes]
    for schema_id in ids:
        text = schemas[schema_id]
        if text is None:
            continue
        writer = _writer_fields(json.loads(text))
        decoded = framed.where(F.col("schema_id") == schema_id).select(
            "key", "offset", from_avro(F.expr("substring(value, 6, length(value) - 5)"), text, {"mode": "FAILFAST"}).alias("w")
        )
        columns, malformed = _aligned(lambda name: F.col("w")[name], writer, struct_fields)
        if entity.line_fields:
            line_writer = _line_items(writer["lines"])
            columns.append(F.transform(F.col("w")["lines"], lambda line: F.struct(*_aligned(lambda n: line[n], line_writer, entity.line_fields)[0])).alias("lines"))
            line_bad = lambda line: _aligned(lambda n: line[n], line_writer, entity.line_fields)[1]  # noqa: E731
            malformed = malformed | F.exists(F.col("w")["lines"], line_bad)
        parts.append(decoded.select(
            "key",
            F.col("w")["lineage"]["source_sequence"].alias("seq"),
            "offset",
            F.lit(False).alias("deleted"),
            malformed.alias("malformed"),
            F.col("w")["lineage"]["ingested_at"].cast("timestamp").alias("ingested_at"),
            F.struct(*columns).alias("r"),
        ))
    versions = parts[0]
    for part in parts[1:]:
        versions = versions.unionByName(part)
    return BronzeRead(versions, records, unknown_counts)


def _null_lines(entity: Entity) -> list[Column]:
    if not entity.line_fields:
        return []
    line = StructType([StructField(f.name, f.spark_type()) for f in entity.line_fields])
    return [F.lit(None).cast(ArrayType(line)).alias("lines")]
