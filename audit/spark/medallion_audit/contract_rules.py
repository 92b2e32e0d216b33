"""The two source-contract rules most likely to change (generator/README.md, "Typing a field"), one function each.

`clean_name` is the name rule; `exceeds_scale` the decimal-scale rule. Everything else in the job
calls these, so aligning the audit with a new wording of either rule is an edit here.
"""

from typing import Optional

from pyspark.sql import Column
from pyspark.sql import functions as F
from pyspark.sql.types import StringType

_PARTICLES = frozenset({"van", "von", "der", "den", "de", "del", "della", "di", "da", "du", "la", "le", "ten", "ter"})
_APOSTROPHES = frozenset({"'", "\u2019"})


def clean_name(value: Optional[str]) -> Optional[str]:
    """A name field (generator/README.md, "Typing a field"): trimmed, inner white space one space; mixed
    case kept as written (`McDonald`, `Farmer's Market`); a one-case name title-cased word by word — after
    a hyphen too, after an apostrophe only behind one letter (`O'Neil`, `Farmer's`), a capital after `Mc`
    but not `Mac`, the particles lower except first. A letter whose other case is not one character
    (ß) keeps its case; scripts without case pass unchanged."""
    if value is None:
        return None
    name = " ".join(value.split())
    if any(_cased(c) and c == _to_case(c, upper=True) for c in name) and any(_cased(c) and c == _to_case(c, upper=False) for c in name):
        return name
    return " ".join(
        word.lower() if i > 0 and word.lower() in _PARTICLES else "-".join(_title_part(part) for part in word.split("-"))
        for i, word in enumerate(name.split(" "))
    )


def _title_part(part: str) -> str:
    out = ""
    upper_next = True
    letters = 0
    for char in part:
        if char in _APOSTROPHES:
            out += char
            upper_next = letters == 1
            continue
        out += _to_case(char, upper=upper_next)
        if _cased(char):
            letters += 1
        upper_next = out == "Mc" and len(part) > 2
    return out


def _to_case(char: str, *, upper: bool) -> str:
    changed = char.upper() if upper else char.lower()
    return changed if len(changed) == len(char) else char


def _cased(char: str) -> bool:
    return _to_case(char, upper=True) != _to_case(char, upper=False)


# Through a lambda: PySpark reads a function's type hints as a pandas UDF's and warns that they are not one.
clean_name_udf = F.udf(lambda value: clean_name(value), StringType())


def exceeds_scale(value: Column, scale: int) -> Column:
    """True where a decimal holds more decimals than the contract's `scale`: such a value breaks
    `too-many-decimals` (a bad row, dead-lettered), never rounded into the contract."""
    return F.coalesce(value != F.round(value, scale), F.lit(False))
