"""Loading and saving instances in any supported format, chosen by file extension."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Any

from netopt.io.atomic import write_text_atomic
from netopt.io.excel_format import read_excel, write_workbook
from netopt.io.json_format import dump_json, read_json
from netopt.io.problems import fail
from netopt.io.yaml_format import dump_yaml, read_yaml
from netopt.schema import Instance


class FileFormat(StrEnum):
    """A supported instance file format."""

    YAML = "yaml"
    JSON = "json"
    EXCEL = "xlsx"


SUFFIXES = {
    ".yaml": FileFormat.YAML,
    ".yml": FileFormat.YAML,
    ".json": FileFormat.JSON,
    ".xlsx": FileFormat.EXCEL,
}
"""Recognised extensions (compared ignoring case)."""

SUFFIX_HINTS = {
    ".xls": "old Excel .xls workbooks are not supported: save it in Excel as .xlsx",
    ".xlsm": "macro workbooks are not supported: save it in Excel as .xlsx",
    ".csv": "one CSV file cannot hold every table: use an .xlsx workbook (one sheet per table) or YAML",
}

READERS: dict[FileFormat, Callable[[Path], Instance]] = {
    FileFormat.YAML: read_yaml,
    FileFormat.JSON: read_json,
    FileFormat.EXCEL: read_excel,
}


def file_format(path: str | Path) -> FileFormat | None:
    """The format of a file from its extension, or None when unsupported."""
    return SUFFIXES.get(Path(path).suffix.lower())


def _unsupported(path: Path) -> str:
    suffix = path.suffix.lower()
    hint = SUFFIX_HINTS.get(suffix, "use .yaml, .yml, .json or .xlsx")
    return f"unsupported file type '{suffix or '(none)'}': {hint}"


def load_instance(path: str | Path) -> Instance:
    """Read and validate an instance from a ``.yaml``/``.yml``, ``.json`` or ``.xlsx`` file.

    Raises :class:`~netopt.schema.InstanceError` for any problem with the file or its
    content; every problem's ``place`` says where in the file to look.
    """
    path = Path(path)
    fmt = file_format(path)
    if fmt is None:
        fail(path, _unsupported(path))
    if not path.exists():
        fail(path, f"file not found: {path}")
    if not path.is_file():
        fail(path, f"not a file: {path}")
    try:
        return READERS[fmt](path)
    except OSError as error:  # permissions, a file removed while reading, ...
        fail(path, f"cannot read the file: {error.strerror or error}")


def save_instance(instance: Instance, path: str | Path) -> None:
    """Write an instance as YAML, JSON or Excel (by extension), atomically.

    Loading the file gives back an equal instance. Raises ``ValueError`` for an unsupported
    extension, or a value the format cannot hold (an id with a comma in an Excel list cell).
    """
    path = Path(path)
    fmt = file_format(path)
    if fmt is None:
        raise ValueError(_unsupported(path))
    if fmt is FileFormat.EXCEL:
        write_workbook(path, instance)
    else:
        write_text_atomic(
            path, dump_yaml(instance) if fmt is FileFormat.YAML else dump_json(instance)
        )


def write_template(path: str | Path) -> None:
    """Write an empty, documented ``.xlsx`` workbook: every sheet with its header row and a
    README sheet describing every table and field."""
    path = Path(path)
    if file_format(path) is not FileFormat.EXCEL:
        raise ValueError(f"a template is an Excel workbook: name it .xlsx, not '{path.name}'")
    write_workbook(path, None)


def instance_json_schema() -> dict[str, Any]:
    """The JSON Schema of an instance file (YAML and JSON files follow it)."""
    return Instance.model_json_schema()


def instance_hash(instance: Instance) -> str:
    """SHA-256 (hex) of the canonical JSON of the instance: sorted keys, defaults included.

    The same content gives the same hash whatever file format it was read from.
    """
    canonical = json.dumps(
        instance.model_dump(mode="json"),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
