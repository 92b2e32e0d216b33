"""The gold checks' tables and keys are the gold contracts' (schemas/gold/*.avsc), so neither drifts from the other."""

from __future__ import annotations

import json
from pathlib import Path

from medallion_lib.gold_checks import GOLD_TABLES, table_checks

CONTRACTS = Path(__file__).resolve().parents[3] / "schemas" / "gold"


def test_one_check_set_per_gold_contract_with_its_key() -> None:
    contracts = {path.stem: json.loads(path.read_text()) for path in CONTRACTS.glob("*.avsc")}
    assert set(GOLD_TABLES) == set(contracts)
    for table, spec in GOLD_TABLES.items():
        key = contracts[table]["medallion.key"]
        assert list(spec.key) == (key if isinstance(key, list) else [key]), table
        fields = {field["name"] for field in contracts[table]["fields"]}
        assert set(spec.not_negative) <= fields, table


def test_checks_name_the_table_and_the_rule() -> None:
    assert table_checks("sales_daily") == {
        "sales_daily_key_unique": {"check_statement": "count(*) = count(DISTINCT (sale_date, channel))"},
        "sales_daily_orders_not_negative": {"check_statement": "coalesce(min(orders), 0) >= 0"},
        "sales_daily_quantity_not_negative": {"check_statement": "coalesce(min(quantity), 0) >= 0"},
        "sales_daily_revenue_not_negative": {"check_statement": "coalesce(min(revenue), 0) >= 0"},
    }
