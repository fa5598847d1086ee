"""Shared field types of every instance table."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

# Ids hold no commas (Excel list cells are comma-separated), no control characters (no file
# format keeps them safely) and no edge spaces.
Id = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        pattern=r"^[^,\s\x00-\x1f\x7f]([^,\x00-\x1f\x7f]*[^,\s\x00-\x1f\x7f])?$",
    ),
]
# Names may hold tabs and line breaks, but no other control characters (Excel cannot store them).
Name = Annotated[str, Field(max_length=500, pattern=r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$")]
# Numbers are strict: true/false or "100" are errors, not 1.0 or 100.
Money = Annotated[float, Field(ge=0, le=1e12, allow_inf_nan=False, strict=True)]
Year = Annotated[int, Field(ge=1900, le=2200, strict=True)]
Fraction = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False, strict=True)]
TIME_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
"""A time of day, ``HH:MM``."""


class Record(BaseModel):
    """Base of every table row: unknown fields are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)
