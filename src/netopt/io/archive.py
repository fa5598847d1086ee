"""Size limits on what a workbook unpacks to, checked before openpyxl opens it.

An ``.xlsx`` file is a zip archive of XML parts. A small crafted file (a "zip bomb") can
unpack to gigabytes: 1 MB of deflated data inflates to about 1 GB. openpyxl reads some parts
whole, so such a file would take that much memory before any cell is read. netopt therefore
refuses, with a located message, a workbook whose parts

- declare more than :data:`MAX_UNPACKED_BYTES` in all (instance workbooks unpack to well under
  1 MB for an England network: the limit is several hundred times that);
- include a part larger than :data:`RATIO_CHECKED_BYTES` that declares it inflates more than
  :data:`MAX_COMPRESSION_RATIO` times (real parts compress 5 to 20 times);
- really inflate to more than they declare. Declared sizes are not trusted alone: every part is
  inflated once here, a chunk at a time (so in little memory), and counted.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path
from typing import BinaryIO

from netopt.io.problems import fail

MAX_UNPACKED_BYTES = 200 * 2**20
"""Most bytes all parts of a workbook may unpack to together: 200 MiB."""
MAX_COMPRESSION_RATIO = 100
"""Most a part larger than :data:`RATIO_CHECKED_BYTES` may inflate (unpacked / packed size)."""
RATIO_CHECKED_BYTES = 2**20
"""Parts up to this size (1 MiB) may have any compression ratio."""

CHUNK = 2**16
"""Bytes read, and most bytes inflated, at a time."""
LOCAL_HEADER = struct.Struct("<4s22xHH")
"""A zip local file header up to the lengths of the name and extra field (PKWARE APPNOTE 4.3.7)."""
LOCAL_MAGIC = b"PK\x03\x04"


def _mib(size: int) -> str:
    return f"{size / 2**20:,.1f} MiB"


def _data_start(file: BinaryIO, info: zipfile.ZipInfo) -> int:
    """Offset of a part's packed data (after its local header, whose lengths may differ from
    the central directory's)."""
    file.seek(info.header_offset)
    header = file.read(LOCAL_HEADER.size)
    if len(header) < LOCAL_HEADER.size:
        raise zipfile.BadZipFile(f"truncated local header of {info.filename}")
    magic, name_length, extra_length = LOCAL_HEADER.unpack(header)
    if magic != LOCAL_MAGIC:
        raise zipfile.BadZipFile(f"bad local header of {info.filename}")
    return int(info.header_offset) + LOCAL_HEADER.size + int(name_length) + int(extra_length)


def inflated_size(file: BinaryIO, info: zipfile.ZipInfo, limit: int) -> int:
    """What the packed data of a deflated part inflates to, counting no further than just past
    ``limit`` (zipfile inflates the same ``compress_size`` bytes the same way)."""
    file.seek(_data_start(file, info))
    left = info.compress_size
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    total = 0
    while left > 0 and not inflater.eof and total <= limit:
        packed = file.read(min(CHUNK, left))
        if not packed:
            break
        left -= len(packed)
        total += len(inflater.decompress(packed, CHUNK))
        while inflater.unconsumed_tail and total <= limit:
            total += len(inflater.decompress(inflater.unconsumed_tail, CHUNK))
    return total


def _check_declared(path: Path, parts: list[zipfile.ZipInfo]) -> None:
    declared = sum(info.file_size for info in parts)
    if declared > MAX_UNPACKED_BYTES:
        fail(
            path,
            f"the workbook unpacks to {_mib(declared)}, more than the {_mib(MAX_UNPACKED_BYTES)} "
            "netopt reads (instance workbooks unpack to a few MiB); is it an instance workbook?",
        )
    for info in parts:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_CHECKED_BYTES and ratio > MAX_COMPRESSION_RATIO:
            fail(
                path,
                f"part '{info.filename[:80]}' of the workbook unpacks {ratio:,.0f} times "
                f"({_mib(info.file_size)}), more than the {MAX_COMPRESSION_RATIO} times netopt "
                "accepts from real workbooks; is it a zip bomb?",
                place=f"{path.name}, part '{info.filename[:80]}'",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            fail(
                path,
                f"part '{info.filename[:80]}' is packed with zip method {info.compress_type}; "
                "Excel uses deflate: save the file in Excel as .xlsx",
                place=f"{path.name}, part '{info.filename[:80]}'",
            )


def check_unpacked_size(path: Path) -> None:
    """Fail unless the workbook's parts unpack within the limits of the module docstring.

    Raises ``zipfile.BadZipFile`` (or ``OSError``) for a file that is not a readable zip.
    """
    with zipfile.ZipFile(path) as archive:
        parts = archive.infolist()
    _check_declared(path, parts)
    with path.open("rb") as file:
        for info in parts:
            if info.compress_type != zipfile.ZIP_DEFLATED:
                continue  # a stored part is read as it is, never past its packed size
            if inflated_size(file, info, info.file_size) > info.file_size:
                fail(
                    path,
                    f"part '{info.filename[:80]}' unpacks to more than the "
                    f"{info.file_size:,} bytes it declares: a damaged or crafted workbook",
                    place=f"{path.name}, part '{info.filename[:80]}'",
                )
