"""Gold's formulas over clean tables, and the row-by-row comparison with the warehouse's tables."""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from medallion_audit.compare import compare
from medallion_audit.gold import Clean, gold_tables

SALES = ("sale_id string, channel string, order_id string, sold_at timestamp, customer_id int, employee_id int, product_id int, "
         "quantity int, unit_price decimal(12,4), discount decimal(5,4), total_amount decimal(14,2)")


def clean(spark: SparkSession, sales: list[tuple[Any, ...]]) -> Clean:
    t = datetime(2018, 2, 5, 23, 59, 59, 999000)
    return Clean(
        sales=spark.createDataFrame(sales, SALES),
        products=spark.createDataFrame([(5, "Oats", Decimal("3.3333"), 1, None, None, "Durable", None, 3), (6, "Rice", Decimal("1.0000"), 9, None, None, None, None, None)],
                                       "product_id int, product_name string, price decimal(12,4), category_id int, class string, modify_date timestamp, resistant string, is_allergic boolean, vitality_days int"),
        employees=spark.createDataFrame([(3, "Ann", "B", "Lee", date(1990, 1, 1), "F", 1, t), (8, "Idle", None, "One", None, None, 1, None)],
                                        "employee_id int, first_name string, middle_initial string, last_name string, birth_date date, gender string, city_id int, hire_date timestamp"),
        customers=spark.createDataFrame([(4, "John", None, "Smith", 1, "1 Main St")],
                                        "customer_id int, first_name string, middle_initial string, last_name string, city_id int, address string"),
        countries=spark.createDataFrame([(7, "Peru", "PE")], "country_id int, country_name string, country_code string"),
        categories=spark.createDataFrame([(1, "Grain")], "category_id int, category_name string"),
        cities=spark.createDataFrame([(1, "Lima", "01234", 7)], "city_id int, city_name string, zipcode string, country_id int"),
    )


def by_key(frame: DataFrame, key: str) -> dict[Any, Any]:
    return {r[key]: r for r in frame.collect()}


def test_fact_sales_price_store_sales_at_the_product_price_and_keep_a_source_total(spark: SparkSession) -> None:
    t = datetime(2018, 2, 5, 23, 59, 59, 999000)
    gold = gold_tables(clean(spark, [
        ("store-1", "store", "store-T1", t, 4, 3, 5, 3, None, Decimal("0.1000"), None),
        ("store-2", "store", "store-T1", t, 4, 3, 5, 1, None, Decimal("0"), Decimal("7.77")),
        ("online-1-5", "online", "online-1", t, 4, None, 5, 2, Decimal("2.5000"), Decimal("0.2484"), None),
        ("store-3", "store", "store-T2", t, 4, 3, 99, 1, None, Decimal("0"), None),
    ]))
    facts = by_key(gold["fact_sales"], "sale_id")
    # 3 × 3.3333 × 0.9 = 8.99991 → 9.00
    assert facts["store-1"]["net_amount"] == Decimal("9.00") and facts["store-1"]["unit_price"] == Decimal("3.3333")
    assert facts["store-2"]["net_amount"] == Decimal("7.77")
    # 2 × 2.5 × 0.7516 = 3.758 → 3.76
    assert facts["online-1-5"]["net_amount"] == Decimal("3.76")
    # A sale before its product: no price, no amount.
    assert facts["store-3"]["unit_price"] is None and facts["store-3"]["net_amount"] is None
    assert facts["store-1"]["sale_date"] == date(2018, 2, 5)

    daily = by_key(gold["sales_daily"], "channel")
    assert (daily["store"]["orders"], daily["store"]["quantity"], daily["store"]["revenue"]) == (2, 5, Decimal("16.77"))
    employees = by_key(gold["employee_metrics"], "employee_id")
    assert employees[3]["full_name"] == "Ann B. Lee"
    assert (employees[3]["orders"], employees[3]["customers_served"], employees[3]["revenue"], employees[3]["avg_order_value"]) == (2, 1, Decimal("16.77"), Decimal("8.39"))
    assert (employees[8]["orders"], employees[8]["revenue"], employees[8]["avg_order_value"]) == (0, Decimal("0.00"), Decimal("0.00"))
    products = by_key(gold["product_performance"], "product_id")
    assert (products[5]["category_name"], products[5]["orders"], products[5]["quantity"]) == ("Grain", 2, 6)
    assert (products[6]["category_name"], products[6]["orders"], products[6]["revenue"]) == (None, 0, Decimal("0.00"))
    customers = by_key(gold["customer_metrics"], "customer_id")
    assert (customers[4]["full_name"], customers[4]["city_name"], customers[4]["country_name"], customers[4]["orders"]) == ("John Smith", "Lima", "Peru", 3)
    assert by_key(gold["dim_customer"], "customer_id")[4]["country_code"] == "PE"


def test_the_comparison_names_missing_unexpected_and_differing_keys_with_their_values(spark: SparkSession) -> None:
    expected = spark.createDataFrame([("a", Decimal("1.00"), 1), ("b", Decimal("2.00"), 2), ("c", None, 3)], "k string, amount decimal(14,2), n int")
    # The warehouse's types differ (a wider numeric compared exactly, bigint) and it has a column the contract does not name.
    found = spark.createDataFrame([("a", Decimal("1.0000"), 1, "x"), ("b", Decimal("2.0100"), 2, "y"), ("d", Decimal("4.0000"), 4, "z"), ("c", None, 3, "w")],
                                  "k string, amount decimal(16,4), n long, extra string")
    diff = compare("gold.t", ("k",), expected, found, 5)
    assert (diff.expected, diff.found, diff.missing, diff.unexpected, diff.differing, diff.equal) == (3, 4, 0, 1, 1, False)
    assert diff.examples["differing"] == [{"key": {"k": "b"}, "columns": {"amount": {"expected": "2.00", "found": "2.0100"}}}]
    assert diff.examples["unexpected"] == [{"key": {"k": "d"}, "found": {"amount": "4.0000", "n": 4}}]
    gone = compare("gold.t", ("k",), expected, found.where("k != 'a'"), 5)
    assert gone.missing == 1 and gone.examples["missing"] == [{"key": {"k": "a"}, "expected": {"amount": "1.00", "n": 1}}]
    assert compare("gold.t", ("k",), expected, found.where("k != 'd'"), 5).differing == 1
    assert compare("gold.t", ("k",), expected, expected, 5).equal
