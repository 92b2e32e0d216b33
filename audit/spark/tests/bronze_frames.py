"""Bronze records as Kafka hands them to Spark (topic, key, value, offset, headers), encoded by spark-avro
with a writer schema and framed the Confluent way (magic byte 0, 4-byte schema id, Avro)."""

import json
from datetime import datetime
from typing import Any, Optional

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.avro.functions import to_avro
from pyspark.sql.types import (
    ArrayType,
    BinaryType,
    LongType,
    MapType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

from medallion_audit.entities import BY_NAME, Field

LINEAGE = StructType([
    StructField("source_kind", StringType(), False),
    StructField("source_uri", StringType(), False),
    StructField("source_position", StringType(), False),
    StructField("source_sequence", LongType(), False),
    StructField("ingested_at", TimestampType(), False),
])


def _avro_struct(fields: list[dict[str, Any]], contract: tuple[Field, ...]) -> StructType:
    by_name = {f.name: f for f in contract}
    out = []
    for field in fields:
        name = field["name"]
        if name == "extras":
            out.append(StructField(name, MapType(StringType(), StringType()), False))
        elif name == "lineage":
            out.append(StructField(name, LINEAGE, False))
        elif name == "lines":
            items = field["type"]["items"]["fields"]
            out.append(StructField(name, ArrayType(_avro_struct(items, BY_NAME["carts"].line_fields), False), False))
        else:
            nullable = isinstance(field["type"], list)
            f = by_name[name]
            spark_type = f.spark_type()
            writer = field["type"][1] if nullable else field["type"]
            if isinstance(writer, dict) and writer.get("logicalType") == "decimal" and writer["scale"] != f.scale:
                from pyspark.sql.types import DecimalType
                spark_type = DecimalType(writer["precision"], writer["scale"])
            out.append(StructField(name, spark_type, nullable))
    return StructType(out)


def lineage(sequence: int, ingested: str = "2018-06-01 00:00:00") -> dict[str, Any]:
    return {"source_kind": "file", "source_uri": "landing/x.csv", "source_position": f"line {sequence}", "source_sequence": sequence,
            "ingested_at": datetime.fromisoformat(ingested)}


def bronze(spark: SparkSession, entity: str, schema: dict[str, Any], schema_id: int, records: list[tuple[str, int, Optional[dict[str, Any]]]]) -> DataFrame:
    """`records`: (key, offset, value) with value None for a tombstone; a value holds the contract's
    fields and `lineage`. Every record is framed with `schema_id` and encoded with `schema`."""
    struct = _avro_struct(schema["fields"], BY_NAME[entity].fields)
    values = [{**{"extras": {}}, **v} for _, _, v in records if v is not None]
    encoded = spark.createDataFrame(values, struct) if values else None
    framed: list[tuple[str, int, Optional[bytes]]] = []
    avro_bytes = iter(
        [r[0] for r in encoded.select(to_avro(F.struct(*struct.fieldNames()), json.dumps(schema))).collect()] if encoded is not None else []
    )
    header = bytes([0]) + schema_id.to_bytes(4, "big")
    for key, offset, value in records:
        framed.append((key, offset, None if value is None else header + bytes(next(avro_bytes))))
    raw_schema = StructType([StructField("key", StringType()), StructField("offset", LongType()), StructField("value", BinaryType())])
    return spark.createDataFrame(framed, raw_schema).select(
        F.col("key").cast("binary").alias("key"), "value", F.lit(f"bronze.{entity}").alias("topic"), "offset",
        F.array().cast("array<struct<key:string,value:binary>>").alias("headers"),
    )


def with_delete_lineage(frame: DataFrame, key: str, sequence: int) -> DataFrame:
    """The CDC adapter's delete: a tombstone whose lineage is in the medallion.lineage header."""
    header = F.array(F.struct(F.lit("medallion.lineage").alias("key"), F.lit(json.dumps({"source_sequence": sequence})).cast("binary").alias("value")))
    return frame.withColumn("headers", F.when((F.col("key").cast("string") == key) & F.col("value").isNull(), header).otherwise(F.col("headers")))
