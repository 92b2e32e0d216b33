"""Silver from bronze versions (generator/README.md, "The source contract" and "Versions"; DESIGN.md's
silver contract): typing and cleaning, the rules a record is dead-lettered by, latest version by
source sequence, deletes. Output: the conformed entities as the `clean` tables gold.sql reads."""

from dataclasses import dataclass

from pyspark.sql import Column, DataFrame, Window
from pyspark.sql import functions as F

from .contract_rules import clean_name_udf
from .entities import Entity, Field


@dataclass(frozen=True)
class SilverEntity:
    """One entity's latest good version per key (`rows`: the record's fields, `seq`, `ingested_at`)
    and how many records each dead-letter rule refused."""

    rows: DataFrame
    dead_letters: dict[str, int]


def cleaned(f: Field, value: Column) -> Column:
    """A field's silver value: names trimmed and cased, text trimmed (empty → null), the rest as typed."""
    if f.kind == "name":
        return F.nullif(clean_name_udf(value), F.lit(""))
    if f.kind == "text":
        return F.nullif(F.trim(value), F.lit(""))
    return value


def _below_minimum(f: Field, value: Column) -> Column:
    if f.check == "positive":
        return value < 1
    if f.check == "non-negative":
        return value < 0
    if f.check == "fraction":
        return (value < 0) | (value > 1)
    if f.check == "percent":
        return (value < 0) | (value > 100)
    return F.lit(False)


def broken_rule(fields: tuple[Field, ...], record: Column) -> Column:
    """The first rule a record breaks, or null: a required field missing, a value out of its range."""
    rule: Column = F.lit(None).cast("string")
    for f in reversed(fields):
        value = record[f.name]
        rule = F.when(value.isNull() & F.lit(f.required), F.lit("missing-required")).when(
            F.coalesce(_below_minimum(f, value), F.lit(False)), F.lit("out-of-range")
        ).otherwise(rule)
    return rule


def _clean_record(entity: Entity) -> Column:
    columns = [cleaned(f, F.col("r")[f.name]).alias(f.name) for f in entity.fields]
    if entity.line_fields:
        columns.append(F.transform(F.col("r")["lines"], lambda line: F.struct(*[cleaned(f, line[f.name]).alias(f.name) for f in entity.line_fields])).alias("lines"))
    return F.struct(*columns)


def _rule(entity: Entity) -> Column:
    rule = F.when(F.col("malformed"), F.lit("too-many-decimals")).otherwise(broken_rule(entity.fields, F.col("c")))
    if entity.line_fields:
        line_rule = F.get(F.filter(F.transform(F.col("c")["lines"], lambda line: broken_rule(entity.line_fields, line)), lambda r: r.isNotNull()), 0)
        rule = F.coalesce(rule, line_rule)
    return rule


def silver_entity(entity: Entity, versions: DataFrame) -> SilverEntity:
    """Dead-letters the records that break a rule; of the rest and the deletes, the latest by source sequence
    (then offset) wins per key, and a key whose latest is a delete is gone."""
    # Cached: the dead-letter count and the latest versions both read it, so the decode and the name
    # rule (a Python UDF) run once per record, not once per action.
    typed = versions.withColumn("c", _clean_record(entity)).withColumn("rule", F.when(~F.col("deleted"), _rule(entity))).cache()
    dead = {str(r["rule"]): int(r["count"]) for r in typed.where("rule IS NOT NULL").groupBy("rule").count().collect()}
    latest = Window.partitionBy("key").orderBy(F.col("seq").desc(), F.col("offset").desc())
    rows = (
        typed.where("rule IS NULL")
        .withColumn("n", F.row_number().over(latest))
        .where("n = 1 AND NOT deleted")
        .select("c.*", "seq", "ingested_at")
    )
    return SilverEntity(rows, dead)


def store_sales(sales: DataFrame) -> DataFrame:
    """Store sale lines as clean.sales rows: no price of their own, blank discount 0, a zero total missing."""
    return sales.select(
        F.concat(F.lit("store-"), F.col("sales_id").cast("string")).alias("sale_id"),
        F.lit("store").alias("channel"),
        F.concat(F.lit("store-"), F.col("transaction_number")).alias("order_id"),
        F.col("sales_date").alias("sold_at"),
        "customer_id",
        F.col("sales_person_id").alias("employee_id"),
        "product_id",
        "quantity",
        F.lit(None).cast("decimal(12,4)").alias("unit_price"),
        F.coalesce(F.col("discount"), F.lit(0)).cast("decimal(5,4)").alias("discount"),
        F.nullif(F.col("total_price"), F.lit(0)).cast("decimal(14,2)").alias("total_amount"),
    )


def online_sales(carts: DataFrame) -> DataFrame:
    """Each line of each latest cart as a clean.sales row: percent to fraction, a cart without its own time
    sold when it was ingested, a zero discounted total missing."""
    lines = carts.select("cart_id", "user_id", F.coalesce("created_at", "ingested_at").alias("sold_at"), F.explode("lines").alias("l"))
    return lines.select(
        F.concat(F.lit("online-"), F.col("cart_id").cast("string"), F.lit("-"), F.col("l.product_id").cast("string")).alias("sale_id"),
        F.lit("online").alias("channel"),
        F.concat(F.lit("online-"), F.col("cart_id").cast("string")).alias("order_id"),
        "sold_at",
        F.col("user_id").alias("customer_id"),
        F.lit(None).cast("int").alias("employee_id"),
        F.col("l.product_id").alias("product_id"),
        F.col("l.quantity").alias("quantity"),
        F.col("l.price").cast("decimal(12,4)").alias("unit_price"),
        (F.coalesce(F.col("l.discount_percentage"), F.lit(0)) / 100).cast("decimal(5,4)").alias("discount"),
        F.nullif(F.col("l.discounted_total"), F.lit(0)).cast("decimal(14,2)").alias("total_amount"),
    )


def dimension(entity: Entity, rows: DataFrame) -> DataFrame:
    """A dimension's clean table: its contract fields, in contract order."""
    return rows.select(*[f.name for f in entity.fields])
