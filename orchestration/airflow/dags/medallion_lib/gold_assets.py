"""Each gold table as an Airflow Asset: the checks publish them, so lineage shows in the UI."""

from __future__ import annotations

from airflow.sdk import Asset

from medallion_lib.gold_checks import GOLD_TABLES


def gold_asset(table: str) -> Asset:
    return Asset(name=f"gold.{table}", uri=f"medallion://warehouse/gold/{table}", group="warehouse")


GOLD_ASSETS: dict[str, Asset] = {table: gold_asset(table) for table in GOLD_TABLES}
