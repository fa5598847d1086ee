"""Reading instances from files and mapping every problem to its place in the file.

Formats: YAML (``.yaml``/``.yml``), JSON (``.json``) and Excel (``.xlsx``); see
``docs/file-formats.md`` and :mod:`netopt.io.excel_format` for the workbook layout.
"""

from netopt.io.files import (
    FileFormat,
    file_format,
    instance_hash,
    instance_json_schema,
    load_instance,
    save_instance,
    write_template,
)

__all__ = [
    "FileFormat",
    "file_format",
    "instance_hash",
    "instance_json_schema",
    "load_instance",
    "save_instance",
    "write_template",
]
