"""What the file formats need to know about the schema: its tables, fields and their kinds.

Everything is derived from :class:`~netopt.schema.Instance`, so a field added to the schema
appears in every file format, the Excel template and its README without changes here.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum, StrEnum
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import annotated_types as at
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from netopt.schema import Instance
from netopt.schema.base import ID_PATTERN
from netopt.schema.errors import Loc


class FieldKind(StrEnum):
    """How a field's value is written in a spreadsheet cell."""

    TEXT = "text"
    INTEGER = "whole number"
    NUMBER = "number"
    BOOLEAN = "TRUE or FALSE"
    CHOICE = "one of"
    TEXT_LIST = "comma-separated list"


@dataclass(frozen=True)
class Table:
    """One top-level field of an instance: a list of records or a single-record section."""

    name: str
    model: type[BaseModel]
    is_list: bool
    required: bool

    @property
    def title(self) -> str:
        """The record class docstring's first paragraph, on one line."""
        return plain((self.model.__doc__ or "").strip().split("\n\n")[0])

    @property
    def fields(self) -> dict[str, FieldInfo]:
        return self.model.model_fields


@cache
def tables() -> tuple[Table, ...]:
    """Every table of :class:`Instance`, in schema order."""
    out = []
    for name, info in Instance.model_fields.items():
        model, is_list = _record_model(info.annotation)
        out.append(Table(name, model, is_list, info.is_required()))
    return tuple(out)


def table(name: str) -> Table | None:
    """The table called ``name``, or None."""
    return next((t for t in tables() if t.name == name), None)


def _record_model(annotation: Any) -> tuple[type[BaseModel], bool]:
    if get_origin(annotation) is list:
        (item,) = get_args(annotation)
        return item, True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    raise TypeError(f"unexpected instance field type {annotation!r}")


def model_at(loc: Loc) -> type[BaseModel] | None:
    """The record model the location points into (``("sites", 3)`` -> Site), if any."""
    model: type[BaseModel] = Instance
    for i, part in enumerate(loc):
        if isinstance(part, int):
            continue
        info = model.model_fields.get(part)
        if info is None:
            return None
        inner = _unwrap(info.annotation)
        if get_origin(inner) is list:
            inner = _unwrap(get_args(inner)[0])
        if not (isinstance(inner, type) and issubclass(inner, BaseModel)):
            return model if i == len(loc) - 1 else None
        model = inner
    return model


def _unwrap(annotation: Any) -> Any:
    """Strip ``Annotated`` and ``None`` from an annotation: ``Year | None`` -> ``int``."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            rest = [a for a in get_args(annotation) if a is not type(None)]
            if len(rest) != 1:
                return annotation
            annotation = rest[0]
        else:
            return annotation


def field_kind(info: FieldInfo) -> FieldKind:
    """The cell kind of a record field."""
    inner = _unwrap(info.annotation)
    if get_origin(inner) is list:
        return FieldKind.TEXT_LIST
    if get_origin(inner) is Literal or (isinstance(inner, type) and issubclass(inner, Enum)):
        return FieldKind.CHOICE
    # bool before int: bool is a subclass of int
    for python_type, kind in ((bool, FieldKind.BOOLEAN), (int, FieldKind.INTEGER)):
        if inner is python_type:
            return kind
    if inner is float:
        return FieldKind.NUMBER
    return FieldKind.TEXT


def choices(info: FieldInfo) -> list[str]:
    """The allowed values of a CHOICE field."""
    inner = _unwrap(info.annotation)
    if get_origin(inner) is Literal:
        return [str(a) for a in get_args(inner)]
    if isinstance(inner, type) and issubclass(inner, Enum):
        return [str(m.value) for m in inner]
    return []


def _constraints(info: FieldInfo) -> Iterator[object]:
    """Constraint objects from the field and from inside its (Annotated) type."""
    yield from info.metadata
    stack = [info.annotation]
    while stack:
        annotation = stack.pop()
        args = get_args(annotation)
        if get_origin(annotation) is Annotated:
            for extra in args[1:]:
                yield from getattr(extra, "metadata", [extra])
            stack.append(args[0])
        elif get_origin(annotation) in (Union, types.UnionType):
            stack.extend(args)


def bounds(info: FieldInfo) -> dict[str, float]:
    """The field's numeric bounds by kind: ``{"ge": 0, "le": 1}``."""
    found: dict[str, float] = {}
    for c in _constraints(info):
        for cls in (at.Ge, at.Gt, at.Le, at.Lt):
            if isinstance(c, cls):
                name = cls.__name__.lower()
                found[name] = getattr(c, name)
    return found


def show_limit(value: float) -> str:
    """A bound as a person reads it: 1,440 and 1,000,000,000, 0.1, 0."""
    if float(value).is_integer() and abs(value) < 1e15:
        return f"{int(value):,}"
    return str(value)


def bounds_label(info: FieldInfo) -> str:
    """``0 to 1``, ``>= 0``, ``> 0 and < 1``; empty when unbounded."""
    found = bounds(info)
    if "ge" in found and "le" in found:
        return f"{show_limit(found['ge'])} to {show_limit(found['le'])}"
    symbols = {"ge": ">=", "gt": ">", "le": "<=", "lt": "<"}
    return " and ".join(f"{symbols[k]} {show_limit(v)}" for k, v in found.items())


def range_words(info: FieldInfo) -> str:
    """``from 0.1 to 1,440``, ``more than 0 and less than 1``, ``at least 0``."""
    found = bounds(info)
    words = {"ge": "at least", "gt": "more than", "le": "at most", "lt": "less than"}
    if "ge" in found and "le" in found:
        return f"from {show_limit(found['ge'])} to {show_limit(found['le'])}"
    return " and ".join(f"{words[k]} {show_limit(v)}" for k, v in found.items())


def _is_id(info: FieldInfo) -> bool:
    return any(getattr(c, "pattern", None) == ID_PATTERN for c in _constraints(info))


def type_label(info: FieldInfo) -> str:
    """A short human description of what a field accepts, e.g. ``number >= 0``."""
    kind = field_kind(info)
    if kind is FieldKind.CHOICE:
        return "one of: " + ", ".join(choices(info))
    if kind is FieldKind.TEXT_LIST:
        return "comma-separated list of ids"
    if kind is FieldKind.TEXT:
        return "id (text)" if _is_id(info) else "text"
    label = bounds_label(info)
    return f"{kind.value}, {label}" if label else kind.value


def default_label(info: FieldInfo) -> str:
    """``required``, or the default value as a person would type it."""
    if info.is_required():
        return "required"
    if info.default_factory is not None:
        return "empty"
    value = info.default
    if value is None or value == "":
        return "empty"
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, int | float):
        return show_number(value)
    return str(value)


def plain(text: str) -> str:
    """Docstring text on one line, without reST markup."""
    return " ".join(text.split()).replace("``", "'").replace(":class:", "")


def description(info: FieldInfo) -> str:
    """The field docstring on one line, without reST markup."""
    return plain(info.description or "")


def show_number(value: object) -> str:
    """A number the way a person writes it: 12000 not 12000.0, 0.035 not 3.5e-02."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, int) and len(str(value)) > 20:
        return f"{str(value)[:12]}... ({len(str(value))} digits)"
    return str(value)


def reference_markdown() -> str:
    """The field reference of docs/file-formats.md: one Markdown table per instance table."""
    out = []
    for t in tables():
        shape = "list: one record per row" if t.is_list else "section: one record"
        out += [f"### `{t.name}` ({shape}; {'required' if t.required else 'optional'})", ""]
        out += [t.title, "", "| field | type | default | meaning |", "|---|---|---|---|"]
        for name, info in t.fields.items():
            meaning = description(info).replace("|", "\\|")
            out.append(f"| `{name}` | {type_label(info)} | {default_label(info)} | {meaning} |")
        out.append("")
    return "\n".join(out)
