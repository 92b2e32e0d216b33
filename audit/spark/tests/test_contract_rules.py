from decimal import Decimal

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

from medallion_audit.contract_rules import clean_name, exceeds_scale


def test_names_keep_mixed_case_and_title_case_one_case_names_by_the_contract() -> None:
    assert clean_name("  JOHN ") == "John"
    assert clean_name("mary") == "Mary"
    assert clean_name("O'NEIL") == "O'Neil"
    assert clean_name("FARMER'S MARKET") == "Farmer's Market"
    assert clean_name("Farmer's Market") == "Farmer's Market"
    assert clean_name("MCDONALD") == "McDonald"
    assert clean_name("MACDONALD") == "Macdonald"
    assert clean_name("anne-marie de la cruz") == "Anne-Marie de la Cruz"
    assert clean_name("anne-marie DE la cruz") == "anne-marie DE la cruz"
    assert clean_name("r2d2  unit") == "R2d2 Unit"
    assert clean_name("STRAßE") == "Straße"
    assert clean_name("中文") == "中文"
    assert clean_name(None) is None


def test_a_decimal_past_the_contract_scale_is_flagged_not_rounded(spark: SparkSession) -> None:
    frame = spark.createDataFrame([(Decimal("1.230000"),), (Decimal("1.234560"),), (None,)], "v decimal(12,6)")
    flags = [r[0] for r in frame.select(exceeds_scale(F.col("v"), 4)).collect()]
    assert flags == [False, True, False]
