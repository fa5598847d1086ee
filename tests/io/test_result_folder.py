"""Result folders: replaced whole and atomically, and never a folder holding what netopt did not
write (issue 10, finding 1). Real files, real folders, real processes."""

from __future__ import annotations

import json
import os
import resource
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from netopt.io.result_folder import (
    ResultFolderError,
    ResultWriteError,
    check_result_folder,
    foreign_entries,
    reap_scratch,
    write_result_folder_atomically,
)
from netopt.report.writer import write_result_folder

SUMMARY = {"model": "capital", "status": "optimal", "objective": 1.0}


def write(out: Path, text: str = "new", **kwargs: object) -> Path:
    """A small result folder with one table, as the solve commands write it."""
    import pandas as pd

    table = pd.DataFrame({"site": ["A"], "value": [text]})
    return write_result_folder(out, SUMMARY, {"table": table}, **kwargs)  # type: ignore[arg-type]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def in_tmp(tmp_path: Path) -> Iterator[Path]:
    """Run with ``tmp_path`` as the current folder."""
    before = Path.cwd()
    os.chdir(tmp_path)
    try:
        yield tmp_path
    finally:
        os.chdir(before)


def test_new_folder_lists_its_files_and_follows_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o027)
    try:
        out = write(tmp_path / "deep" / "out")
    finally:
        os.umask(old)
    assert names(out) == ["plan.xlsx", "summary.json", "table.csv"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["result_files"] == ["plan.xlsx", "table.csv"]
    assert out.stat().st_mode & 0o777 == 0o750
    assert names(tmp_path / "deep") == ["out"]  # nothing beside it


def test_result_folder_is_replaced_whole_keeping_its_permissions(tmp_path: Path) -> None:
    out = write(tmp_path / "out", "old")
    (out / "summary.json").write_text(
        json.dumps({**SUMMARY, "result_files": ["plan.xlsx", "table.csv", "stale.csv"]})
    )
    (out / "stale.csv").write_text("from an earlier run")
    out.chmod(0o751)
    write(out, "new")
    assert names(out) == ["plan.xlsx", "summary.json", "table.csv"]
    assert "new" in (out / "table.csv").read_text()
    assert out.stat().st_mode & 0o777 == 0o751
    assert names(tmp_path) == ["out"]


def test_folder_with_a_users_file_is_refused_and_left_alone(tmp_path: Path) -> None:
    """The reported data loss: notes.txt in a result folder, or a plain folder of files."""
    out = write(tmp_path / "out", "old")
    (out / "notes.txt").write_text("mine")
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    with pytest.raises(ResultFolderError, match=r"notes\.txt.*--force"):
        write(out, "new")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    plain = tmp_path / "docs"
    plain.mkdir()
    (plain / "report.docx").write_text("mine")
    with pytest.raises(ResultFolderError, match=r"report\.docx"):
        write(plain)
    assert names(plain) == ["report.docx"]
    assert foreign_entries(out) == ["notes.txt"]


def test_force_replaces_a_foreign_folder_but_never_one_holding_an_input(tmp_path: Path) -> None:
    plain = tmp_path / "docs"
    plain.mkdir()
    (plain / "report.docx").write_text("mine")
    write(plain, force=True)
    assert names(plain) == ["plan.xlsx", "summary.json", "table.csv"]
    held = tmp_path / "p"
    held.mkdir()
    (held / "inst.yaml").write_text("network: {}")
    with pytest.raises(ResultFolderError, match=r"inst\.yaml, an input"):
        write(held, force=True, inputs=[held / "inst.yaml"])
    assert names(held) == ["inst.yaml"]


def test_current_folder_its_parents_and_the_root_are_refused(in_tmp: Path) -> None:
    (in_tmp / "inst.yaml").write_text("x")
    for out in (".", "..", "/", str(in_tmp)):
        with pytest.raises(ResultFolderError, match=r"current folder|root folder"):
            check_result_folder(out, force=True)
    assert names(in_tmp) == ["inst.yaml"]


def test_unusable_places_are_refused_with_a_message(tmp_path: Path) -> None:
    file = tmp_path / "plan.csv"
    file.write_text("mine")
    with pytest.raises(ResultFolderError, match="a file, not a folder"):
        check_result_folder(file, force=True)
    with pytest.raises(ResultFolderError, match="is a file"):
        check_result_folder(file / "out")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(ResultFolderError, match="does not exist"):
        check_result_folder(dangling)
    to_file = tmp_path / "to-file"
    to_file.symlink_to(file)
    with pytest.raises(ResultFolderError, match="link to a file"):
        check_result_folder(to_file)
    assert file.read_text() == "mine" and dangling.is_symlink() and to_file.is_symlink()


def test_symlink_to_a_folder_is_followed_and_stays_a_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write(real, "old")
    link = tmp_path / "link"
    link.symlink_to(real)
    assert write(link, "new") == real.resolve()
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert "new" in (real / "table.csv").read_text()
    assert names(tmp_path) == ["link", "real"]


def test_interrupted_write_keeps_previous_folder(tmp_path: Path) -> None:
    target = write(tmp_path / "out", "old")
    before = {p.name: p.read_bytes() for p in target.iterdir()}

    class Files(dict[str, bytes]):
        def items(self):  # type: ignore[no-untyped-def, override]
            yield "a.csv", b"half"
            raise KeyboardInterrupt  # Ctrl-C midway through writing

    with pytest.raises(KeyboardInterrupt):
        write_result_folder_atomically(target, Files())
    assert {p.name: p.read_bytes() for p in target.iterdir()} == before
    assert names(tmp_path) == ["out"]  # no scratch left behind


def _dead_pid() -> int:
    """The process id of a process that has ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_scratch_of_a_killed_run_is_reaped_and_a_live_ones_kept(tmp_path: Path) -> None:
    target = write(tmp_path / "out", "old")
    dead = tmp_path / f".out.netopt-tmp-{_dead_pid()}-abcd1234"
    live = tmp_path / f".out.netopt-tmp-{os.getppid()}-abcd1234"
    other = tmp_path / ".out.tmp-mine"  # not netopt's pattern: never touched
    for folder in (dead, live, other):
        folder.mkdir()
        (folder / "a.csv").write_text("x")
    assert reap_scratch(target) == [dead]
    assert names(tmp_path) == [
        ".out.netopt-tmp-" + live.name.split("-", 2)[2],
        ".out.tmp-mine",
        "out",
    ]


def test_kill_9_during_the_write_leaves_old_or_new_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    """A process killed outright while writing a large folder: the target is the complete old
    folder or the complete new one; the next write removes the scratch it left."""
    target = write(tmp_path / "out", "old")
    old = {p.name: p.read_bytes() for p in target.iterdir()}
    script = (
        "import sys, pandas as pd\n"
        "from netopt.report.writer import write_result_folder\n"
        "t = pd.DataFrame({'site': ['A'] * 200000, 'value': range(200000)})\n"
        "print('writing', flush=True)\n"
        f"write_result_folder(sys.argv[1], {SUMMARY!r}, {{'table': t}})\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", script, str(target)], stdout=subprocess.PIPE, text=True
    )
    assert process.stdout is not None and process.stdout.readline() == "writing\n"
    process.send_signal(signal.SIGKILL)
    process.wait()
    now = {p.name: p.read_bytes() for p in target.iterdir()}
    assert now == old or ("table.csv" in now and len(now["table.csv"]) > 1_000_000)
    write(target, "next")
    assert names(tmp_path) == ["out"]


def test_write_failure_is_reported_and_the_folder_kept(tmp_path: Path) -> None:
    """A file-size limit makes the write fail midway (as a full disk would): the error names
    the folder and says it is unchanged; no scratch is left. Run in a child process so the
    limit does not touch the test runner."""
    target = write(tmp_path / "out", "old")
    old = {p.name: p.read_bytes() for p in target.iterdir()}
    script = (
        "import resource, signal, sys, pandas as pd\n"
        "from netopt.io.result_folder import ResultWriteError\n"
        "from netopt.report.writer import write_result_folder\n"
        "signal.signal(signal.SIGXFSZ, signal.SIG_IGN)\n"
        f"resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, {resource.RLIM_INFINITY}))\n"
        "t = pd.DataFrame({'site': ['A'] * 50000, 'value': range(50000)})\n"
        "try:\n"
        f"    write_result_folder(sys.argv[1], {SUMMARY!r}, {{'table': t}})\n"
        "except ResultWriteError as error:\n"
        "    print(error)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(target)], capture_output=True, text=True, check=True
    )
    assert "cannot write the results to" in run.stdout and "left as it was" in run.stdout
    assert {p.name: p.read_bytes() for p in target.iterdir()} == old
    assert names(tmp_path) == ["out"]


def _mount_tmpfs(folder: Path, options: str) -> bool:
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True
    )
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB file system (a tmpfs mount; skipped where mounting is not allowed)."""
    disk = tmp_path / "disk"
    if os.geteuid() != 0 or not _mount_tmpfs(disk, "size=256k"):
        pytest.skip("needs root to mount a small file system")
    try:
        yield disk
    finally:
        subprocess.run(["umount", str(disk)], check=True)


def test_full_disk_is_a_clear_error_and_the_folder_kept(small_disk: Path) -> None:
    import pandas as pd

    target = write(small_disk / "out", "old")
    old = {p.name: p.read_bytes() for p in target.iterdir()}
    big = pd.DataFrame({"site": ["A"] * 100_000, "value": range(100_000)})
    with pytest.raises(ResultWriteError, match="no space left on the device"):
        write_result_folder(target, SUMMARY, {"table": big})
    assert {p.name: p.read_bytes() for p in target.iterdir()} == old
    assert names(small_disk) == ["out"]


def test_read_only_file_system_is_refused_before_any_work(small_disk: Path) -> None:
    write(small_disk / "out", "old")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        with pytest.raises(ResultFolderError, match="read-only file system"):
            check_result_folder(small_disk / "out")
        with pytest.raises(ResultFolderError, match="read-only file system"):
            check_result_folder(small_disk / "new")
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
