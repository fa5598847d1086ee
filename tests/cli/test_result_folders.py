"""``--out`` through the commands, as the probe of issue 10 ran them: a user's files are never
lost, an unusable ``--out`` is one line and exit 2 before any work, a failed write exit 4."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from netopt.cli import app

REPO = Path(__file__).resolve().parents[2]
CAR = REPO / "instances/textbook/winston_car.yaml"


def netopt(*args: str | Path) -> tuple[int, str, str]:
    run = CliRunner().invoke(app, [str(a) for a in args], env={"COLUMNS": "200"})
    assert run.exception is None or isinstance(run.exception, SystemExit), run.exception
    return run.exit_code, run.stdout, run.stderr


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A user's folder holding an instance and notes."""
    p = tmp_path / "p"
    p.mkdir()
    shutil.copy(CAR, p / "inst.yaml")
    (p / "notes.txt").write_text("my notes")
    return p


def test_out_at_the_folder_holding_the_instance_is_refused(project: Path) -> None:
    before = snapshot(project)
    mode = project.stat().st_mode
    code, _, err = netopt("solve", "capital", project / "inst.yaml", "--out", project)
    assert code == 2 and "inst.yaml, an input" in err and str(project) in err
    code, _, err = netopt("solve", "capital", project / "inst.yaml", "--out", project, "--force")
    assert code == 2
    assert snapshot(project) == before and project.stat().st_mode == mode


def test_out_dot_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    before = snapshot(project)
    code, _, err = netopt("solve", "capital", "inst.yaml", "--out", ".")
    assert code == 2 and "current folder" in err
    assert snapshot(project) == before


def test_folder_of_other_files_needs_force(tmp_path: Path, project: Path) -> None:
    """A folder with only the user's notes: refused, naming the file and --force; with --force
    it becomes a result folder (the instance lives elsewhere)."""
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "todo.txt").write_text("mine")
    code, _, err = netopt("solve", "capital", project / "inst.yaml", "--out", notes)
    assert code == 2 and "todo.txt" in err and "--force" in err and "Traceback" not in err
    assert snapshot(notes) == {"todo.txt": b"mine"}
    code, _, _ = netopt("solve", "capital", project / "inst.yaml", "--out", notes, "--force")
    assert code == 0 and (notes / "summary.json").is_file() and not (notes / "todo.txt").exists()


def test_result_folder_is_replaced_and_a_users_addition_protects_it(
    tmp_path: Path, project: Path
) -> None:
    out = tmp_path / "out"
    assert netopt("solve", "capital", project / "inst.yaml", "--out", out)[0] == 0
    out.chmod(0o750)
    assert netopt("solve", "capital", project / "inst.yaml", "--out", out)[0] == 0
    assert stat.S_IMODE(out.stat().st_mode) == 0o750
    (out / "my-analysis.xlsx").write_text("mine")
    code, _, err = netopt("solve", "capital", project / "inst.yaml", "--out", out)
    assert code == 2 and "my-analysis.xlsx" in err
    assert (out / "my-analysis.xlsx").read_text() == "mine"


@pytest.mark.parametrize("kind", ["file", "root", "dangling link", "link to a file"])
def test_unusable_out_is_one_line_and_exit_2(tmp_path: Path, project: Path, kind: str) -> None:
    file = tmp_path / "plan.csv"
    file.write_text("mine")
    places = {
        "file": file,
        "root": Path("/"),
        "dangling link": tmp_path / "dangling",
        "link to a file": tmp_path / "to-file",
    }
    (tmp_path / "dangling").symlink_to(tmp_path / "nowhere")
    (tmp_path / "to-file").symlink_to(file)
    code, out, err = netopt("solve", "capital", project / "inst.yaml", "--out", places[kind])
    assert code == 2, out + err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert file.read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling", "p", "plan.csv", "to-file"]


def test_link_to_a_folder_is_followed(tmp_path: Path, project: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link"
    link.symlink_to(real)
    assert netopt("solve", "capital", project / "inst.yaml", "--out", link)[0] == 0
    assert link.is_symlink() and (real / "summary.json").is_file()


def test_template_and_schema_do_not_replace_a_users_file(tmp_path: Path) -> None:
    mine = tmp_path / "network.xlsx"
    mine.write_text("my filled-in workbook")
    code, _, err = netopt("template", mine)
    assert code == 2 and "--force" in err and mine.read_text() == "my filled-in workbook"
    schema = tmp_path / "schema.json"
    schema.write_text("mine")
    assert netopt("schema", "--out", schema)[0] == 2 and schema.read_text() == "mine"
    assert netopt("schema", "--out", schema, "--force")[0] == 0
    assert "trusts" in json.loads(schema.read_text())["properties"]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB file system (tmpfs; skipped where mounting is not allowed)."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = os.geteuid() == 0 and (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)], capture_output=True
        ).returncode
        == 0
    )
    if not mounted:
        pytest.skip("needs root to mount a small file system")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_full_disk_exits_4_and_leaves_nothing(small_disk: Path, project: Path) -> None:
    (small_disk / "filler").write_bytes(b"\0" * 40_000)
    code, _, err = netopt("solve", "capital", project / "inst.yaml", "--out", small_disk / "out")
    assert code == 4 and "no space left" in err and "Traceback" not in err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler"]


def test_read_only_file_system_exits_2_before_solving(small_disk: Path, project: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        code, out, err = netopt(
            "solve", "capital", project / "inst.yaml", "--out", small_disk / "o"
        )
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert code == 2 and "read-only file system" in err
    assert "Capital plan" not in out  # refused before any work
