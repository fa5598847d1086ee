"""Workbooks as zip archives: stale sheet dimensions, and limits on what a file unpacks to."""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from netopt.io import load_instance, save_instance
from netopt.io.archive import MAX_COMPRESSION_RATIO, MAX_UNPACKED_BYTES
from netopt.io.excel_format import MAX_CELLS
from netopt.schema import Instance, InstanceError

MIB = 2**20
WHOLE_PART = "xl/workbook.xml"
"""A part openpyxl reads whole."""


def rewrite(source: Path, target: Path, change: Callable[[str, bytes], bytes]) -> None:
    """Copy a workbook part by part, passing each part's bytes through ``change``."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, change(info.filename, src.read(info)))


def stale(name: str, data: bytes, ref: str = "A1:B2") -> bytes:
    """A sheet part declaring the dimension ``ref`` whatever cells it holds."""
    if not name.startswith("xl/worksheets/sheet"):
        return data
    return re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{ref}"'.encode(), data)


# --------------------------------------------------------------------------- stale dimensions


@pytest.mark.parametrize("ref", ["A1:B2", "A1", "C3:D4"])
def test_stale_dimension_reads_every_cell(tmp_path: Path, mini: Instance, ref: str) -> None:
    """Files written by other tools often declare a sheet size smaller than the data (or one
    that starts past A1): every row and column is read whatever the sheet declares."""
    written, edited = tmp_path / "written.xlsx", tmp_path / "stale.xlsx"
    save_instance(mini, written)
    rewrite(written, edited, lambda name, data: stale(name, data, ref))
    with zipfile.ZipFile(edited) as archive:
        assert f'<dimension ref="{ref}"'.encode() in archive.read("xl/worksheets/sheet5.xml")
    assert load_instance(edited) == mini


def test_stale_dimension_hides_no_bad_row(tmp_path: Path, mini: Instance) -> None:
    """A bad value in a row and column past the declared dimension is found, not dropped."""
    written, edited = tmp_path / "written.xlsx", tmp_path / "stale.xlsx"
    save_instance(mini, written)
    wb = openpyxl.load_workbook(written)
    ws = wb["exam_types"]
    column = next(c.column for c in ws[1] if c.value == "growth_rate")
    ws.cell(row=3, column=column, value=7)
    wb.save(written)
    rewrite(written, edited, stale)
    with pytest.raises(InstanceError) as caught:
        load_instance(edited)
    assert any(
        "must be from -0.5 to 1, got 7" in p.message and "sheet 'exam_types', row 3" in p.place
        for p in caught.value.problems
    ), caught.value


# --------------------------------------------------------------------------- zip bombs


def write_padded(source: Path, target: Path, megabytes: int) -> None:
    """Copy a workbook with ``megabytes`` MiB of spaces (valid after an XML document's root)
    appended to its workbook part, streamed so the test needs little memory."""
    pad = b" " * MIB
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename != WHOLE_PART:
                dst.writestr(info, content)
                continue
            padded = zipfile.ZipInfo(info.filename)
            padded.compress_type = zipfile.ZIP_DEFLATED
            with dst.open(padded, "w", force_zip64=True) as part:
                part.write(content)
                for _ in range(megabytes):
                    part.write(pad)


def test_zip_bomb_refused_before_unpacking(tmp_path: Path, mini: Instance) -> None:
    written, bomb = tmp_path / "written.xlsx", tmp_path / "bomb.xlsx"
    save_instance(mini, written)
    write_padded(written, bomb, MAX_UNPACKED_BYTES // MIB + 10)
    assert bomb.stat().st_size < 2 * MIB  # a small file ...
    with pytest.raises(InstanceError) as caught:
        load_instance(bomb)  # ... refused from its declared sizes, nothing unpacked
    (problem,) = caught.value.problems
    # 210 MiB of padding plus the mini network's sheets (a little more as tables are added)
    assert re.search(
        r"the workbook unpacks to 210\.\d MiB, more than the 200\.0 MiB", problem.message
    )
    assert problem.place == "bomb.xlsx"


def test_highly_compressed_part_refused(tmp_path: Path, mini: Instance) -> None:
    """Under the total limit, a large part that inflates hundreds of times is refused too."""
    written, bomb = tmp_path / "written.xlsx", tmp_path / "bomb.xlsx"
    save_instance(mini, written)
    write_padded(written, bomb, 20)
    with pytest.raises(InstanceError) as caught:
        load_instance(bomb)
    (problem,) = caught.value.problems
    assert f"more than the {MAX_COMPRESSION_RATIO} times" in problem.message
    assert problem.place == f"bomb.xlsx, part '{WHOLE_PART}'"


def declare_size(path: Path, name: str, size: int, crc: int) -> None:
    """Make the zip headers of part ``name`` declare ``size`` unpacked bytes with ``crc``
    (PKWARE APPNOTE: local header CRC at +14, size at +22; central directory entry CRC at +16,
    size at +24, three lengths at +28, name at +46)."""
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo(name)
    data = bytearray(path.read_bytes())
    struct.pack_into("<II", data, info.header_offset + 14, crc, info.compress_size)
    struct.pack_into("<I", data, info.header_offset + 22, size)
    entry = struct.unpack_from("<I", data, data.rindex(b"PK\x05\x06") + 16)[0]
    while data[entry + 46 : entry + 46 + struct.unpack_from("<H", data, entry + 28)[0]] != (
        name.encode()
    ):
        entry += 46 + sum(struct.unpack_from("<HHH", data, entry + 28))
    struct.pack_into("<I", data, entry + 16, crc)
    struct.pack_into("<I", data, entry + 24, size)
    path.write_bytes(bytes(data))


def test_part_that_inflates_past_its_declared_size_refused(tmp_path: Path, mini: Instance) -> None:
    """Declared sizes are not trusted alone: a part whose headers claim its original size
    (with a matching checksum) but whose data inflates to 50 MiB more is found before openpyxl
    reads it whole."""
    written, bomb = tmp_path / "written.xlsx", tmp_path / "bomb.xlsx"
    save_instance(mini, written)
    with zipfile.ZipFile(written) as archive:
        original = archive.read(WHOLE_PART)
    write_padded(written, bomb, 50)
    declare_size(bomb, WHOLE_PART, len(original), zlib.crc32(original))
    with zipfile.ZipFile(bomb) as archive:
        assert archive.getinfo(WHOLE_PART).file_size == len(original)
        assert archive.read(WHOLE_PART) == original  # zipfile stops at the declared size
    with pytest.raises(InstanceError) as caught:
        load_instance(bomb)
    (problem,) = caught.value.problems
    assert f"unpacks to more than the {len(original):,} bytes it declares" in problem.message
    assert problem.place == f"bomb.xlsx, part '{WHOLE_PART}'"


# --------------------------------------------------------------------------- wide rows


def test_values_far_right_cannot_make_reading_slow(tmp_path: Path, mini: Instance) -> None:
    """A row is read as wide as its last cell: 1,300 values in column XFD (a 90 kB file) are
    21 million cells. Reading stops at MAX_CELLS with a located problem; it took 10 s per
    2,000 such rows and grew with the file."""
    path = tmp_path / "wide.xlsx"
    save_instance(mini, path)
    wb = openpyxl.load_workbook(path)
    for row in range(10, 1_310):
        wb["demand"].cell(row=row, column=16_384, value=1)
    wb.save(path)
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    (problem,) = caught.value.problems
    assert problem.message.startswith(f"more than {MAX_CELLS:,} cells to read")
    assert problem.place == "wide.xlsx, sheet 'demand'"


def test_a_note_far_right_is_fine(tmp_path: Path, mini: Instance) -> None:
    path = tmp_path / "note.xlsx"
    save_instance(mini, path)
    wb = openpyxl.load_workbook(path)
    wb["demand"].cell(row=1, column=16_384, value="note")
    wb.save(path)
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    (problem,) = caught.value.problems
    assert problem.message.startswith("unknown column 'note'")
