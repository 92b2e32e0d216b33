"""The two source-contract rules most likely to change (generator/README.md, "Typing a field"), one function each.

`clean_name` is the name rule; `exceeds_scale` the decimal-scale rule. Everything else in the job
calls these, so aligning the audit with a new wording of either rule is an edit here.
"""

import re
from typing import Optional

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

_WORD = re.compile(r"[A-Za-z0-9]+")


def clean_name(value: Optional[str]) -> Optional[str]:
    """A name field: trim, then PostgreSQL's initcap — the first letter of every run of letters and
    digits upper-cased, the rest lower-cased (`"  JOHN "` → `John`, `O'NEIL` → `O'Neil`)."""
    if value is None:
        return None
    return _WORD.sub(lambda m: m.group(0)[0].upper() + m.group(0)[1:].lower(), value.strip())


# Through a lambda: PySpark reads a function's type hints as a pandas UDF's and warns that they are not one.
clean_name_udf = F.udf(lambda value: clean_name(value), StringType())


def exceeds_scale(value: Column, scale: int) -> Column:
    """True where a decimal holds more decimals than the contract's `scale`: such a value is
    malformed (a bad row, dead-lettered), never rounded into the contract."""
    return F.coalesce(value != F.round(value, scale), F.lit(False))
