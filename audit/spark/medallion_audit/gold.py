"""The warehouse contract's gold tables (DESIGN.md, "The warehouse contract"; formulas as
warehouse/reference/gold.sql states them) over the clean tables, in DataFrames."""

from dataclasses import dataclass

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F


@dataclass(frozen=True)
class Clean:
    sales: DataFrame
    products: DataFrame
    employees: DataFrame
    customers: DataFrame
    countries: DataFrame
    categories: DataFrame
    cities: DataFrame


def full_name(first: str, middle: str, last: str) -> Column:
    """First name, the middle initial and a dot when there is one, last name."""
    return F.concat(F.col(first), F.lit(" "), F.coalesce(F.concat(F.col(middle), F.lit(". ")), F.lit("")), F.col(last))


def dim_product(c: Clean) -> DataFrame:
    return c.products.join(c.categories, "category_id", "left").select(
        "product_id", "product_name", F.col("price").cast("decimal(12,4)").alias("price"), "category_id", "category_name",
        "class", "modify_date", "resistant", "is_allergic", "vitality_days",
    )


def dim_customer(c: Clean) -> DataFrame:
    cities = c.cities.select("city_id", "city_name", "zipcode", "country_id")
    return (
        c.customers.join(cities, "city_id", "left").join(c.countries, "country_id", "left")
        .select(
            "customer_id", "first_name", "middle_initial", "last_name", full_name("first_name", "middle_initial", "last_name").alias("full_name"),
            "address", "city_id", "city_name", "zipcode", "country_id", "country_name", "country_code",
        )
    )


def dim_employee(c: Clean) -> DataFrame:
    cities = c.cities.select("city_id", "city_name", "country_id")
    return (
        c.employees.join(cities, "city_id", "left").join(c.countries.select("country_id", "country_name"), "country_id", "left")
        .select(
            "employee_id", "first_name", "middle_initial", "last_name", full_name("first_name", "middle_initial", "last_name").alias("full_name"),
            "birth_date", "gender", "hire_date", "city_id", "city_name", "country_name",
        )
    )


def fact_sales(c: Clean) -> DataFrame:
    """One row per sale line. A store sale sells at its product's current price; the source total wins
    when present, else round(quantity × unit price × (1 − discount), 2)."""
    s = c.sales.alias("s")
    p = c.products.select("product_id", F.col("price").alias("product_price"))
    unit_price = F.coalesce(F.col("unit_price"), F.col("product_price"))
    computed = F.round(F.col("quantity") * unit_price * (F.lit(1) - F.col("discount")), 2)
    return s.join(p, "product_id", "left").select(
        "sale_id", "channel", "order_id", "sold_at", F.to_date("sold_at").alias("sale_date"), "customer_id", "employee_id",
        "product_id", "quantity", unit_price.cast("decimal(12,4)").alias("unit_price"), F.col("discount").cast("decimal(5,4)").alias("discount"),
        F.coalesce(F.nullif(F.col("total_amount"), F.lit(0)), computed).cast("decimal(14,2)").alias("net_amount"),
    )


def sales_daily(facts: DataFrame) -> DataFrame:
    return facts.groupBy("sale_date", "channel").agg(
        F.countDistinct("order_id").cast("long").alias("orders"),
        F.sum("quantity").cast("long").alias("quantity"),
        F.sum("net_amount").cast("decimal(14,2)").alias("revenue"),
    )


def _totals(facts: DataFrame, key: str) -> DataFrame:
    return facts.where(F.col(key).isNotNull()).groupBy(key).agg(
        F.countDistinct("order_id").cast("long").alias("orders"),
        F.countDistinct("customer_id").cast("long").alias("customers_served"),
        F.sum("quantity").cast("long").alias("quantity"),
        F.sum("net_amount").alias("revenue_sum"),
        F.min("sold_at").alias("first_purchase_at"),
        F.max("sold_at").alias("last_purchase_at"),
    )


def _revenue() -> Column:
    return F.coalesce(F.col("revenue_sum"), F.lit(0)).cast("decimal(14,2)").alias("revenue")


def product_performance(dim: DataFrame, facts: DataFrame) -> DataFrame:
    """Every product, sold or not."""
    return dim.join(_totals(facts, "product_id"), "product_id", "left").select(
        "product_id", "product_name", "category_name", F.coalesce("orders", F.lit(0)).cast("long").alias("orders"),
        F.coalesce("quantity", F.lit(0)).cast("long").alias("quantity"), _revenue(),
    )


def employee_metrics(dim: DataFrame, facts: DataFrame) -> DataFrame:
    """Every employee; online sales have none. The average order is the revenue over distinct orders, to the cent."""
    average = F.coalesce(F.round(F.col("revenue_sum") / F.nullif(F.col("orders"), F.lit(0)), 2), F.lit(0))
    return dim.join(_totals(facts, "employee_id"), "employee_id", "left").select(
        "employee_id", "full_name", F.coalesce("orders", F.lit(0)).cast("long").alias("orders"),
        F.coalesce("customers_served", F.lit(0)).cast("long").alias("customers_served"), _revenue(),
        average.cast("decimal(14,2)").alias("avg_order_value"),
    )


def customer_metrics(dim: DataFrame, facts: DataFrame) -> DataFrame:
    """Every customer, store and online orders together."""
    return dim.join(_totals(facts, "customer_id"), "customer_id", "left").select(
        "customer_id", "full_name", "city_name", "country_name", F.coalesce("orders", F.lit(0)).cast("long").alias("orders"),
        _revenue(), "first_purchase_at", "last_purchase_at",
    )


def gold_tables(c: Clean) -> dict[str, DataFrame]:
    """The eight gold tables by name; fact_sales is computed once (four aggregates read it)."""
    facts = fact_sales(c).cache()
    products, customers, employees = dim_product(c), dim_customer(c), dim_employee(c)
    return {
        "fact_sales": facts,
        "dim_product": products,
        "dim_customer": customers,
        "dim_employee": employees,
        "sales_daily": sales_daily(facts),
        "product_performance": product_performance(products, facts),
        "employee_metrics": employee_metrics(employees, facts),
        "customer_metrics": customer_metrics(customers, facts),
    }


# Each gold table's primary key (warehouse/migrations/0001_gold_tables.sql).
GOLD_KEYS: dict[str, tuple[str, ...]] = {
    "fact_sales": ("sale_id",),
    "dim_product": ("product_id",),
    "dim_customer": ("customer_id",),
    "dim_employee": ("employee_id",),
    "sales_daily": ("sale_date", "channel"),
    "product_performance": ("product_id",),
    "employee_metrics": ("employee_id",),
    "customer_metrics": ("customer_id",),
}
