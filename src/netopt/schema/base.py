"""Shared field types of every instance table."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# Ids hold no commas (Excel list cells are comma-separated), no control characters (no file
# format keeps them safely) and no edge spaces.
ID_PATTERN = r"^[^,\s\x00-\x1f\x7f]([^,\x00-\x1f\x7f]*[^,\s\x00-\x1f\x7f])?$"
Id = Annotated[str, Field(min_length=1, max_length=100, pattern=ID_PATTERN)]
# Names may hold tabs and line breaks, but no other control characters (Excel cannot store them).
Name = Annotated[str, Field(max_length=500, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$")]


def whole_number(value: object) -> object:
    """``2030.0`` -> ``2030``: spreadsheets and data tools (pandas, other YAML writers) often
    write whole numbers with a decimal point. A fraction, text or true/false stays an error."""
    if type(value) is float and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


# Ranges of numbers. Every number has one, chosen so that no instance that validates gives the
# optimisation models a coefficient, right-hand side or objective term HiGHS cannot handle well
# (HiGHS drops matrix values below 1e-9 and treats 1e20 as infinite; it works best within about
# 1e-6 to 1e9), nor a tiny value the models divide by, while real instances (England: prices of
# a few GBP million, a site's yearly exams of one type in the tens of thousands) sit far inside.
MAX_MONEY = 1e9
"""GBP of one price, room, year of maintenance or resale value: GBP 1 billion."""
MAX_BUDGET = 1e11
"""GBP of one trust's capital budget for a year: GBP 100 billion (all NHS capital is ~12)."""
MAX_UNIT_COST = 1e6
"""GBP of one exam or report outsourced, one extra session, one passport, one late report."""
MAX_COST_PER_MINUTE = 1e4
"""GBP of one minute of travel (patients' or staff's)."""
MAX_EXAMS = 1e7
"""Exams of one type arising at one site in one year, also after growth: 10 million."""
MAX_NETWORK_EXAMS = 1e9
"""Exams of one type a year across a whole network (an outsourcing limit): 1 billion, some
twenty times all the imaging exams England makes in a year."""
MIN_TASK_MINUTES = 0.1
"""Minutes of one scan or one report, at least (6 seconds): the models divide by them."""
DAY_MINUTES = 1440
"""Minutes in a day: the longest scan, report or session."""
MAX_TRAVEL_MINUTES = 1e5
"""Travel minutes of one link or matrix entry (about 70 days: room for matrices of costs per
exam, used with a travel cost of 1 GBP a minute)."""
MIN_HOURS_PER_YEAR = 1.0
"""Scan hours a scanner offers a year, at least: the models divide by them."""
HOURS_PER_LEAP_YEAR = 8784.0
"""Scan hours a scanner offers a year, at most."""
MAX_DISCOUNT_RATE = 0.2
"""Real annual discount rate, at most: well above any appraisal rate (Green Book: 3.5%);
(1 + rate) ^ -50 stays above 1e-4."""

# Numbers are strict: true/false or "100" are errors, not 1.0 or 100.
WholeNumber = Annotated[int, BeforeValidator(whole_number), Field(strict=True)]
"""A whole number; 5.0 reads as 5, 5.5 is an error."""
Money = Annotated[float, Field(ge=0, le=MAX_MONEY, allow_inf_nan=False, strict=True)]
BudgetMoney = Annotated[float, Field(ge=0, le=MAX_BUDGET, allow_inf_nan=False, strict=True)]
UnitCost = Annotated[float, Field(ge=0, le=MAX_UNIT_COST, allow_inf_nan=False, strict=True)]
CostPerMinute = Annotated[
    float, Field(ge=0, le=MAX_COST_PER_MINUTE, allow_inf_nan=False, strict=True)
]
Year = Annotated[int, BeforeValidator(whole_number), Field(ge=1900, le=2200, strict=True)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
"""A time of day, ``HH:MM``."""


class Record(BaseModel):
    """Base of every table row: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
