"""Bronze versions to silver: decoding by writer schema, the dead-letter rules, latest wins, deletes."""

import copy
from datetime import datetime
from decimal import Decimal
from typing import Any, Optional

from pyspark.sql import SparkSession

from bronze_frames import bronze, lineage, with_delete_lineage
from conftest import bronze_schema
from medallion_audit.bronze_read import decode
from medallion_audit.entities import BY_NAME
from medallion_audit.silver import online_sales, silver_entity, store_sales


def sale(sales_id: int, seq: int, quantity: int = 2, discount: Optional[str] = "0.1000", total: Optional[str] = None) -> dict[str, Any]:
    return {
        "sales_id": sales_id, "sales_person_id": 3, "customer_id": 4, "product_id": 5, "quantity": quantity,
        "discount": None if discount is None else Decimal(discount), "total_price": None if total is None else Decimal(total),
        "sales_date": datetime(2018, 2, 5, 7, 38, 25, 430000), "transaction_number": " T-9 ", "lineage": lineage(seq),
    }


def customer(customer_id: int, seq: int, first: str, last: str = "smith", middle: Optional[str] = None) -> dict[str, Any]:
    return {"customer_id": customer_id, "first_name": first, "middle_initial": middle, "last_name": last, "city_id": 1,
            "address": "  1 Main St, \"A\"\n2nd floor ", "lineage": lineage(seq)}


def test_latest_version_wins_by_source_sequence_not_by_offset(spark: SparkSession) -> None:
    raw = bronze(spark, "customers", bronze_schema("customers"), 1, [
        ("1", 0, customer(1, 20, "  JOHN ")),
        ("1", 1, customer(1, 10, "older")),
        ("2", 2, customer(2, 11, "mary")),
        ("2", 3, customer(2, 11, "mary")),
    ])
    made = silver_entity(BY_NAME["customers"], decode(BY_NAME["customers"], raw, {1: _text("customers")}.get).versions)
    rows = {r["customer_id"]: r for r in made.rows.collect()}
    assert sorted(rows) == [1, 2]
    assert rows[1]["first_name"] == "John" and rows[1]["last_name"] == "Smith"
    assert rows[1]["address"] == "1 Main St, \"A\"\n2nd floor"
    assert made.dead_letters == {}


def test_a_delete_wins_only_when_it_is_the_latest_version(spark: SparkSession) -> None:
    raw = bronze(spark, "customers", bronze_schema("customers"), 1, [
        ("1", 0, customer(1, 1, "ann")),
        ("1", 1, None),
        ("2", 2, customer(2, 2, "bob")),
        ("2", 3, None),
        ("2", 4, customer(2, 9, "bob", "jones")),
    ])
    raw = with_delete_lineage(with_delete_lineage(raw, "1", 5), "2", 3)
    made = silver_entity(BY_NAME["customers"], decode(BY_NAME["customers"], raw, {1: _text("customers")}.get).versions)
    assert [(r["customer_id"], r["last_name"]) for r in made.rows.collect()] == [(2, "Jones")]


def test_records_that_break_a_rule_are_dead_lettered_and_never_become_a_version(spark: SparkSession) -> None:
    raw = bronze(spark, "sales", bronze_schema("sales"), 7, [
        ("1", 0, sale(1, 1, quantity=3)),
        ("1", 1, sale(1, 2, quantity=0)),
        ("2", 2, sale(2, 3, discount="1.5000")),
        ("3", 3, customer_name_blank := sale(3, 4)),
    ])
    del customer_name_blank
    made = silver_entity(BY_NAME["sales"], decode(BY_NAME["sales"], raw, {7: _text("sales")}.get).versions)
    rows = {r["sales_id"]: r for r in made.rows.collect()}
    assert sorted(rows) == [1, 3]
    assert rows[1]["quantity"] == 3
    assert made.dead_letters == {"out-of-range": 2}


def test_a_blank_name_is_missing_required(spark: SparkSession) -> None:
    raw = bronze(spark, "customers", bronze_schema("customers"), 1, [("1", 0, customer(1, 1, "   "))])
    made = silver_entity(BY_NAME["customers"], decode(BY_NAME["customers"], raw, {1: _text("customers")}.get).versions)
    assert made.rows.count() == 0
    assert made.dead_letters == {"missing-required": 1}


def test_store_sales_take_blank_discount_as_zero_and_a_zero_total_as_missing(spark: SparkSession) -> None:
    raw = bronze(spark, "sales", bronze_schema("sales"), 7, [
        ("1", 0, sale(1, 1, discount=None, total="0.00")),
        ("2", 1, sale(2, 2, total="12.50")),
    ])
    rows = {r["sale_id"]: r for r in store_sales(silver_entity(BY_NAME["sales"], decode(BY_NAME["sales"], raw, {7: _text("sales")}.get).versions).rows).collect()}
    assert rows["store-1"]["discount"] == Decimal("0.0000") and rows["store-1"]["total_amount"] is None
    assert rows["store-2"]["total_amount"] == Decimal("12.50")
    assert rows["store-1"]["order_id"] == "store-T-9" and rows["store-1"]["employee_id"] == 3 and rows["store-1"]["unit_price"] is None


def test_a_record_written_with_an_older_schema_version_decodes_with_its_own_schema(spark: SparkSession) -> None:
    current = bronze_schema("sales")
    older = copy.deepcopy(current)
    older["fields"] = [f for f in older["fields"] if f["name"] != "total_price"]
    old_sale = sale(1, 1)
    del old_sale["total_price"]
    raw = bronze(spark, "sales", older, 3, [("1", 0, old_sale)]).unionByName(bronze(spark, "sales", current, 4, [("2", 1, sale(2, 2, total="9.99"))]))
    read = decode(BY_NAME["sales"], raw, {3: __import__("json").dumps(older), 4: _text("sales")}.get)
    rows = {r["sales_id"]: r for r in silver_entity(BY_NAME["sales"], read.versions).rows.collect()}
    assert read.records == 2 and sorted(rows) == [1, 2]
    assert rows[1]["total_price"] is None and rows[1]["quantity"] == 2
    assert rows[2]["total_price"] == Decimal("9.99")


def test_a_schema_id_the_registry_does_not_know_is_counted_not_decoded(spark: SparkSession) -> None:
    raw = bronze(spark, "sales", bronze_schema("sales"), 7, [("1", 0, sale(1, 1))]).unionByName(
        bronze(spark, "sales", bronze_schema("sales"), 99, [("2", 1, sale(2, 2)), ("3", 2, sale(3, 3))]))
    read = decode(BY_NAME["sales"], raw, {7: _text("sales"), 99: None}.get)
    assert read.unknown_schema_ids == {99: 2}
    assert [r["sales_id"] for r in silver_entity(BY_NAME["sales"], read.versions).rows.collect()] == [1]


def test_a_decimal_written_past_the_contract_scale_is_malformed(spark: SparkSession) -> None:
    wider = copy.deepcopy(bronze_schema("products"))
    price = next(f for f in wider["fields"] if f["name"] == "price")
    price["type"] = {"type": "bytes", "logicalType": "decimal", "precision": 14, "scale": 6}
    product = {"product_id": 1, "product_name": "oats", "price": Decimal("1.234567"), "category_id": 2, "class": None, "modify_date": None,
               "resistant": "Durable", "is_allergic": None, "vitality_days": 0, "lineage": lineage(1)}
    exact = {**product, "product_id": 2, "price": Decimal("1.230000")}
    raw = bronze(spark, "products", wider, 5, [("1", 0, product), ("2", 1, exact)])
    made = silver_entity(BY_NAME["products"], decode(BY_NAME["products"], raw, {5: __import__("json").dumps(wider)}.get).versions)
    assert [(r["product_id"], r["price"], r["product_name"]) for r in made.rows.collect()] == [(2, Decimal("1.2300"), "Oats")]
    assert made.dead_letters == {"too-many-decimals": 1}


def test_cart_lines_become_online_sales_and_a_newer_cart_drops_a_line_it_no_longer_has(spark: SparkSession) -> None:
    def line(product_id: int, percent: str, discounted: str) -> dict[str, Any]:
        return {"product_id": product_id, "title": "Oats", "price": Decimal("37.28"), "quantity": 4, "total": Decimal("149.12"),
                "discount_percentage": Decimal(percent), "discounted_total": Decimal(discounted)}

    first = {"cart_id": 1, "user_id": 3, "created_at": None, "lines": [line(9, "24.84", "112.08"), line(10, "0", "0")], "lineage": lineage(1, "2018-04-19 00:29:12")}
    newer = {**first, "lines": [line(9, "24.84", "112.08")], "lineage": lineage(2, "2018-04-20 00:00:00")}
    other = {"cart_id": 2, "user_id": 4, "created_at": datetime(2018, 1, 1), "lines": [line(10, "5", "0.00")], "lineage": lineage(3)}
    raw = bronze(spark, "carts", bronze_schema("carts"), 8, [("1", 0, first), ("2", 1, other), ("1", 2, newer)])
    carts = silver_entity(BY_NAME["carts"], decode(BY_NAME["carts"], raw, {8: _text("carts")}.get).versions).rows
    rows = {r["sale_id"]: r for r in online_sales(carts).collect()}
    assert sorted(rows) == ["online-1-9", "online-2-10"]
    assert rows["online-1-9"]["discount"] == Decimal("0.2484") and rows["online-1-9"]["unit_price"] == Decimal("37.2800")
    assert rows["online-1-9"]["sold_at"] == datetime(2018, 4, 20) and rows["online-1-9"]["order_id"] == "online-1"
    assert rows["online-2-10"]["total_amount"] is None and rows["online-2-10"]["employee_id"] is None


def _text(entity: str) -> str:
    return __import__("json").dumps(bronze_schema(entity))
