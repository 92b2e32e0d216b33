"""The bronze entities as the audit reads them: schemas/bronze/*.avsc's fields, written out here
from the source contract (generator/README.md), with each field's silver rule."""

from dataclasses import dataclass, field
from typing import Literal, Optional

from pyspark.sql.types import (
    BooleanType,
    DataType,
    DateType,
    DecimalType,
    IntegerType,
    LongType,
    StringType,
    TimestampType,
)

# What silver does with a field beyond its type (generator/README.md, "Typing a field").
Kind = Literal["key", "int", "decimal", "timestamp", "date", "boolean", "name", "text"]
# A value's lower bound (the .avsc's "medallion.check").
Check = Literal["positive", "non-negative", "fraction", "percent"]


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    required: bool
    check: Optional[Check] = None
    scale: Optional[int] = None
    precision: Optional[int] = None

    def spark_type(self) -> DataType:
        if self.kind in ("key", "int"):
            return IntegerType()
        if self.kind == "decimal":
            assert self.precision is not None and self.scale is not None
            return DecimalType(self.precision, self.scale)
        if self.kind == "timestamp":
            return TimestampType()
        if self.kind == "date":
            return DateType()
        if self.kind == "boolean":
            return BooleanType()
        return StringType()


@dataclass(frozen=True)
class Entity:
    name: str
    key: str
    fields: tuple[Field, ...]
    # The cart's lines: an array of records with their own fields.
    line_fields: tuple[Field, ...] = field(default=())

    @property
    def topic(self) -> str:
        return f"bronze.{self.name}"


def _f(name: str, kind: Kind, required: bool = True, check: Optional[Check] = None, p: Optional[int] = None, s: Optional[int] = None) -> Field:
    return Field(name, kind, required, check, s, p)


ENTITIES: tuple[Entity, ...] = (
    Entity("sales", "sales_id", (
        _f("sales_id", "key"), _f("sales_person_id", "int"), _f("customer_id", "int"), _f("product_id", "int"),
        _f("quantity", "int", check="positive"),
        _f("discount", "decimal", False, "fraction", 5, 4),
        _f("total_price", "decimal", False, "non-negative", 14, 2),
        _f("sales_date", "timestamp"), _f("transaction_number", "text"),
    )),
    Entity("products", "product_id", (
        _f("product_id", "key"), _f("product_name", "name"), _f("price", "decimal", True, "non-negative", 12, 4),
        _f("category_id", "int"), _f("class", "text", False), _f("modify_date", "timestamp", False),
        _f("resistant", "text", False), _f("is_allergic", "boolean", False),
        _f("vitality_days", "int", False, "non-negative"),
    )),
    Entity("employees", "employee_id", (
        _f("employee_id", "key"), _f("first_name", "name"), _f("middle_initial", "name", False), _f("last_name", "name"),
        _f("birth_date", "date", False), _f("gender", "text", False), _f("city_id", "int"), _f("hire_date", "timestamp", False),
    )),
    Entity("customers", "customer_id", (
        _f("customer_id", "key"), _f("first_name", "name"), _f("middle_initial", "name", False), _f("last_name", "name"),
        _f("city_id", "int"), _f("address", "text", False),
    )),
    Entity("countries", "country_id", (_f("country_id", "key"), _f("country_name", "name"), _f("country_code", "text", False))),
    Entity("categories", "category_id", (_f("category_id", "key"), _f("category_name", "name"))),
    Entity("cities", "city_id", (
        _f("city_id", "key"), _f("city_name", "name"), _f("zipcode", "text", False), _f("country_id", "int"),
    )),
    Entity("carts", "cart_id", (
        _f("cart_id", "key"), _f("user_id", "int"), _f("created_at", "timestamp", False),
    ), line_fields=(
        _f("product_id", "int"), _f("title", "text"), _f("price", "decimal", True, "non-negative", 12, 2),
        _f("quantity", "int", check="positive"), _f("total", "decimal", False, None, 14, 2),
        _f("discount_percentage", "decimal", False, "percent", 5, 2),
        _f("discounted_total", "decimal", False, None, 14, 2),
    )),
)

BY_NAME: dict[str, Entity] = {e.name: e for e in ENTITIES}
# The order a sequence and a timestamp take in every decoded record.
SEQUENCE_TYPE = LongType()
