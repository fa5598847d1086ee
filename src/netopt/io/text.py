"""Reading a text instance file (YAML or JSON) as UTF-8, with located encoding problems."""

from __future__ import annotations

from pathlib import Path

from netopt.io.problems import fail

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls and password-protected workbooks
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
SNIFF_BYTES = 8192


def check_not_binary(path: Path, data: bytes, kind: str) -> None:
    """Fail with a clear message when a text file is really a workbook or other binary."""
    if data.startswith(ZIP_MAGIC):
        fail(
            path,
            f"this is a zip archive (an Excel workbook?), not {kind} text; name workbooks .xlsx",
        )
    if data.startswith(OLE_MAGIC):
        fail(path, f"this is an old Excel .xls (or encrypted) file, not {kind} text")
    if data.startswith(UTF16_BOMS):
        fail(path, f"the file is UTF-16 text; save it as UTF-8 {kind}")
    if b"\x00" in data[:SNIFF_BYTES]:
        fail(path, f"binary file, not {kind} text")


def read_text(path: Path, kind: str) -> str:
    """The file's text; fails when it is empty, binary or not UTF-8 (a BOM is allowed)."""
    data = path.read_bytes()
    if not data.strip():
        fail(path, "the file is empty")
    check_not_binary(path, data, kind)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        fail(
            path,
            f"not UTF-8 text: byte 0x{data[error.start]:02x} at byte offset {error.start} "
            f"cannot be decoded; save the file as UTF-8",
            place=f"{path.name} line {line}",
        )
    if not text.strip():
        fail(path, "the file is empty")
    return text
