"""Short, planner-friendly messages for pydantic validation errors.

pydantic's own messages ("Input should be greater than or equal to 0") are written for
programmers; a planner editing a spreadsheet needs what was expected and what was found.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
from collections.abc import Callable

from pydantic_core import ErrorDetails

from netopt.io.tables import model_at, range_words, show_number, table
from netopt.schema.base import TIME_PATTERN
from netopt.schema.errors import MAX_ECHO, InputProblem, Loc, shorten


def show(value: object) -> str:
    """A value as it would appear in the file, shortened."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int | float):
        return show_number(value)
    if isinstance(value, dt.date | dt.time):
        return f"a date/time ({value}); format the cell as a number or text"
    if isinstance(value, dict):
        return "a mapping {...}"
    if isinstance(value, list | tuple):
        return f"a list of {len(value)}"
    return f"'{shorten(str(value))}'"


def _got(err: ErrorDetails) -> str:
    return f"got {show(err.get('input'))}"


def _ctx(err: ErrorDetails, key: str) -> str:
    value = (err.get("ctx") or {}).get(key)
    return show_number(value) if isinstance(value, int | float) else str(value)


def _unknown_field(err: ErrorDetails) -> str:
    loc = err["loc"]
    name = str(loc[-1])
    model = model_at(loc[:-1])
    allowed = list(model.model_fields) if model is not None else []
    what = "table" if len(loc) == 1 else "field"
    close = difflib.get_close_matches(name, allowed, n=1) if len(name) <= MAX_ECHO else []
    hint = f"did you mean '{close[0]}'? " if close else ""
    return f"unknown {what} '{shorten(name)}' ({hint}allowed: {', '.join(allowed)})"


def _missing(err: ErrorDetails) -> str:
    loc = err["loc"]
    if len(loc) == 1 and (t := table(str(loc[0]))) is not None:
        return f"required {'table' if t.is_list else 'section'} '{t.name}' is missing"
    return "required field missing"


def _too_short(err: ErrorDetails) -> str:
    if len(err["loc"]) == 1:
        count = _ctx(err, "min_length")
        rows = "one row" if count == "1" else f"{count} rows"
        return f"required: at least {rows}, none given"
    return f"must have at least {_ctx(err, 'min_length')} item(s), {_got(err)}"


def _text_rule(err: ErrorDetails) -> str:
    if err["type"] == "string_too_short" and _ctx(err, "min_length") == "1":
        return "must not be empty"
    if err["type"] == "string_too_long":
        return f"must be at most {_ctx(err, 'max_length')} characters"
    if err["type"] == "string_pattern_mismatch" and _ctx(err, "pattern") == TIME_PATTERN:
        return f"must be a time HH:MM from 00:00 to 23:59 (e.g. 08:00), {_got(err)}"
    return f"must not be blank nor start or end with a space, {_got(err)}"


def _out_of_range(err: ErrorDetails, broken: str) -> str:
    """``must be from 0.1 to 1,440, got 1e+300``: the field's whole range, not only the bound
    broken (``must be <= 1440``) when the field is known."""
    loc = err["loc"]
    model = model_at(loc[:-1]) if loc and isinstance(loc[-1], str) else None
    info = model.model_fields.get(str(loc[-1])) if model is not None else None
    allowed = range_words(info) if info is not None else ""
    return f"must be {allowed or broken}, {_got(err)}"


def _expected_text(err: ErrorDetails) -> str:
    hint = " (write it in quotes)" if isinstance(err.get("input"), int | float) else ""
    return f"expected text, {_got(err)}{hint}"


Rule = Callable[[ErrorDetails], str]

_RULES: dict[str, Rule] = {
    "missing": _missing,
    "extra_forbidden": _unknown_field,
    "too_short": _too_short,
    "int_type": lambda e: f"expected a whole number, {_got(e)}",
    "int_parsing": lambda e: f"expected a whole number, {_got(e)}",
    "int_from_float": lambda e: f"expected a whole number, {_got(e)}",
    "int_parsing_size": lambda e: f"number too large, {_got(e)}",
    "float_type": lambda e: f"expected a number, {_got(e)}",
    "float_parsing": lambda e: f"expected a number, {_got(e)}",
    "finite_number": lambda e: f"must be a finite number, {_got(e)}",
    "bool_type": lambda e: f"expected true or false, {_got(e)}",
    "bool_parsing": lambda e: f"expected true or false, {_got(e)}",
    "string_type": _expected_text,
    "string_too_short": _text_rule,
    "string_too_long": _text_rule,
    "string_pattern_mismatch": _text_rule,
    "greater_than_equal": lambda e: _out_of_range(e, f">= {_ctx(e, 'ge')}"),
    "greater_than": lambda e: _out_of_range(e, f"> {_ctx(e, 'gt')}"),
    "less_than_equal": lambda e: _out_of_range(e, f"<= {_ctx(e, 'le')}"),
    "less_than": lambda e: _out_of_range(e, f"< {_ctx(e, 'lt')}"),
    "enum": lambda e: f"must be one of {_ctx(e, 'expected')}, {_got(e)}",
    "literal_error": lambda e: f"must be {_ctx(e, 'expected')}, {_got(e)}",
    "list_type": lambda e: f"expected a list, {_got(e)}",
    "model_type": lambda e: f"expected a record of field: value pairs, {_got(e)}",
    "model_attributes_type": lambda e: f"expected a record of field: value pairs, {_got(e)}",
    "dict_type": lambda e: f"expected a record of field: value pairs, {_got(e)}",
    "invalid_key": lambda e: f"field names must be text, {_got(e)}",
}


def problem_from_error(err: ErrorDetails) -> InputProblem:
    """One pydantic error as an (unplaced) input problem."""
    rule = _RULES.get(err["type"])
    message = rule(err) if rule is not None else err["msg"]
    loc: Loc = tuple(err["loc"])
    if err["type"] == "invalid_key" and loc:  # the key itself, e.g. 1, ends the path
        loc = (*loc[:-1], str(loc[-1]))
    return InputProblem(loc, message)
