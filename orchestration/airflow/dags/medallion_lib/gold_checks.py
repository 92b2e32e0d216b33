"""The SQL checks on the warehouse's gold tables (DESIGN.md, "The warehouse contract").

The tables and keys are the gold contracts' (schemas/gold/*.avsc, "medallion.key");
tests/test_gold_checks.py fails when they drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GoldTableChecks:
    key: tuple[str, ...]
    # Amounts and quantities, which no gold row may have below zero.
    not_negative: tuple[str, ...]


GOLD_TABLES: dict[str, GoldTableChecks] = {
    "fact_sales": GoldTableChecks(("sale_id",), ("quantity", "unit_price", "net_amount")),
    "dim_product": GoldTableChecks(("product_id",), ("price",)),
    "dim_customer": GoldTableChecks(("customer_id",), ()),
    "dim_employee": GoldTableChecks(("employee_id",), ()),
    "sales_daily": GoldTableChecks(("sale_date", "channel"), ("orders", "quantity", "revenue")),
    "product_performance": GoldTableChecks(("product_id",), ("orders", "quantity", "revenue")),
    "employee_metrics": GoldTableChecks(("employee_id",), ("orders", "customers_served", "revenue", "avg_order_value")),
    "customer_metrics": GoldTableChecks(("customer_id",), ("orders", "revenue")),
}


def table_checks(table: str) -> dict[str, dict[str, str]]:
    """SQLTableCheckOperator's checks for a gold table: its key unique, each amount and quantity not negative."""
    spec = GOLD_TABLES[table]
    key = ", ".join(spec.key)
    checks = {f"{table}_key_unique": {"check_statement": f"count(*) = count(DISTINCT ({key}))"}}
    for column in spec.not_negative:
        # min() skips nulls (a price not known yet); no row at all passes too.
        checks[f"{table}_{column}_not_negative"] = {"check_statement": f"coalesce(min({column}), 0) >= 0"}
    return checks
