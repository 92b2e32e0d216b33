from decimal import Decimal

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from medallion_audit.contract_rules import clean_name, exceeds_scale


def test_names_are_trimmed_and_initcapped_like_postgresql() -> None:
    assert clean_name("  JOHN ") == "John"
    assert clean_name("mary") == "Mary"
    assert clean_name("O'NEIL") == "O'Neil"
    assert clean_name("anne-marie DE la cruz") == "Anne-Marie De La Cruz"
    assert clean_name("r2d2 unit") == "R2d2 Unit"
    assert clean_name(None) is None


def test_a_decimal_past_the_contract_scale_is_flagged_not_rounded(spark: SparkSession) -> None:
    frame = spark.createDataFrame([(Decimal("1.230000"),), (Decimal("1.234560"),), (None,)], "v decimal(12,6)")
    flags = [r[0] for r in frame.select(exceeds_scale(F.col("v"), 4)).collect()]
    assert flags == [False, True, False]
