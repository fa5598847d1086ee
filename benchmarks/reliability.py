"""Reliability figures: result folders under kill -9, hostile ``--out`` places, and time limits at
scale. Prints a table per part; exits 1 if any case is mishandled.

    python benchmarks/reliability.py [--kill-trials 30] [--scales 10,100] [--time-limit 10]

1. **kill -9 during the write**: a real plan's result folder (the tutorial x10, written by
   ``netopt.write_plan``) is rewritten by a child process killed at a random moment of its
   write. After each kill the folder must be the complete old one or the complete new one;
   the hidden scratch left beside it is counted, and must be gone after the next write.
2. **--out places**: ``netopt solve capital`` with ``--out`` at each hostile or faulty place
   (a folder of the user's files, the instance's folder, ``.``, ``/``, a file, links, a
   read-only and a full file system where this machine can mount one). Handled = the
   documented exit code, a one-line message, no traceback and the user's files unchanged.
3. **Scale**: ``netopt solve capital`` on the tutorial repeated N times (``scale.py``) with a
   time limit: wall clock of the whole command, peak memory, status, exit code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from scale import replicate  # noqa: E402

import netopt  # noqa: E402
from netopt.io import save_instance  # noqa: E402

TUTORIAL = REPO / "instances" / "tutorial.yaml"
CAR = REPO / "instances" / "textbook" / "winston_car.yaml"

WRITER = """
import pickle, sys
from netopt.io.result_folder import check_result_folder, write_result_folder_atomically
from netopt.report.writer import render_result_files
summary, tables = pickle.load(open(sys.argv[1], "rb"))
print("rendering", flush=True)
target = check_result_folder(sys.argv[2])
files = render_result_files(summary, tables)
print("disk", flush=True)
write_result_folder_atomically(target, files)
print("written", flush=True)
"""
"""What ``write_result_folder`` does, announcing its two phases: the files made in memory,
then written beside the target and swapped in."""
PHASES = ("rendering", "disk")

MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[2:])
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(done.returncode)
"""
"""Runs a command and writes its peak resident memory (KiB) to a file."""


def digest(folder: Path, exact: bool = True) -> str:
    """A hash of a folder's file names and contents (``exact=False``: the workbook by name
    only, since each write stamps its time in it)."""
    h = hashlib.sha256()
    for path in sorted(folder.iterdir()):
        h.update(path.name.encode())
        if exact or path.suffix != ".xlsx":
            h.update(path.read_bytes() if path.is_file() else b"<dir>")
    return h.hexdigest()


def scratch(parent: Path) -> list[str]:
    return [p.name for p in parent.iterdir() if ".netopt-" in p.name]


# --------------------------------------------------------------------------- 1. kill -9


def kill_trials(trials: int, seed: int, work: Path) -> bool:
    import pickle

    from netopt.api import plan_summary
    from netopt.report.writer import write_result_folder

    instance = replicate(netopt.load_instance(TUTORIAL), 10)
    plan = netopt.solve_capital(instance, netopt.SolveOptions(time_limit=20))
    summary, tables = plan_summary(plan, instance), plan.tables()
    old_tables = {name: frame.head(len(frame) // 2) for name, frame in tables.items()}
    payload = work / "plan.pickle"
    payload.write_bytes(pickle.dumps((summary, tables)))
    reference = work / "reference"
    write_result_folder(reference, summary, tables)
    new_digest = digest(reference, exact=False)
    seconds = _phase_seconds(payload, work / "timed")
    rng = random.Random(seed)
    print(f"\n1. kill -9 during the write: the tutorial x10's folder, {trials} trials a phase")
    ok = True
    for phase in PHASES:
        outcomes = {"old": 0, "new": 0, "other": 0}
        left_after_kill = left_after_next = 0
        for _ in range(trials):
            target = work / "out"
            shutil.rmtree(target, ignore_errors=True)
            write_result_folder(target, summary, old_tables)
            old_digest = digest(target)
            child = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(payload), str(target)],
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdout is not None
            while child.stdout.readline().strip() != phase:
                pass
            time.sleep(rng.uniform(0.0, seconds[phase]))
            child.kill()
            child.wait()
            if digest(target) == old_digest:
                outcomes["old"] += 1
            else:
                outcomes["new" if digest(target, exact=False) == new_digest else "other"] += 1
            left_after_kill += len(scratch(work))
            write_result_folder(target, summary, old_tables)  # the next run
            left_after_next += len(scratch(work))
        print(
            f"   {phase:<9} ({seconds[phase]:.2f} s): old folder intact {outcomes['old']}, new "
            f"complete {outcomes['new']}, anything else {outcomes['other']}; scratch folders "
            f"left by the kills {left_after_kill}, after the next write {left_after_next}"
        )
        ok &= outcomes["other"] == 0 and left_after_next == 0
    return ok


def _phase_seconds(payload: Path, target: Path) -> dict[str, float]:
    """How long each phase of a write of ``payload`` takes in a child process."""
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(payload), str(target)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    marks = {}
    for line in child.stdout:
        marks[line.strip()] = time.perf_counter()
    child.wait()
    return {
        "rendering": marks["disk"] - marks["rendering"],
        "disk": marks["written"] - marks["disk"],
    }


# --------------------------------------------------------------------------- 2. --out places


@dataclass
class OutCase:
    name: str
    expected: int
    setup: Callable[[Path], tuple[Path, Path]]
    """Makes the case in a fresh folder: (instance to solve, --out); cwd is the folder."""
    needs_mount: bool = False


def _user_folder(root: Path) -> Path:
    p = root / "p"
    p.mkdir()
    shutil.copy(CAR, p / "inst.yaml")
    (p / "notes.txt").write_text("my notes")
    return p


def _mount(folder: Path, options: str) -> bool:
    folder.mkdir(exist_ok=True)
    cmd = ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)]
    return os.geteuid() == 0 and subprocess.run(cmd, capture_output=True).returncode == 0


def _full_disk(root: Path) -> tuple[Path, Path]:
    disk = root / "disk"
    if not _mount(disk, "size=64k"):
        raise OSError("cannot mount")
    (disk / "filler").write_bytes(b"\0" * 40_000)
    return _user_folder(root) / "inst.yaml", disk / "out"


def _read_only(root: Path) -> tuple[Path, Path]:
    disk = root / "disk"
    if not _mount(disk, "size=64k,ro"):
        raise OSError("cannot mount")
    return _user_folder(root) / "inst.yaml", disk / "out"


def _docs(root: Path) -> Path:
    docs = root / "docs"
    docs.mkdir()
    (docs / "report.docx").write_text("mine")
    return docs


def _link(root: Path, to: Path) -> Path:
    link = root / "link"
    link.symlink_to(to)
    return link


OUT_CASES = [
    OutCase("the instance's own folder", 2, lambda r: (_user_folder(r) / "inst.yaml", r / "p")),
    OutCase(
        "the instance's folder, --force", 2, lambda r: (_user_folder(r) / "inst.yaml", r / "p")
    ),
    OutCase("'.' (the current folder)", 2, lambda r: (_user_folder(r) / "inst.yaml", Path("."))),
    OutCase("a folder of the user's files", 2, lambda r: (_user_folder(r) / "inst.yaml", _docs(r))),
    OutCase("a file", 2, lambda r: (_user_folder(r) / "inst.yaml", r / "p" / "notes.txt")),
    OutCase("/", 2, lambda r: (_user_folder(r) / "inst.yaml", Path("/"))),
    OutCase(
        "a dangling symbolic link",
        2,
        lambda r: (_user_folder(r) / "inst.yaml", _link(r, r / "nowhere")),
    ),
    OutCase(
        "a link to a file",
        2,
        lambda r: (_user_folder(r) / "inst.yaml", _link(r, r / "p" / "notes.txt")),
    ),
    OutCase("a read-only file system", 2, _read_only, needs_mount=True),
    OutCase("a full disk (ENOSPC)", 4, _full_disk, needs_mount=True),
    OutCase(
        "a link to a folder (followed)",
        0,
        lambda r: (_user_folder(r) / "inst.yaml", _link(r, Path(tempfile.mkdtemp(dir=r)))),
    ),
    OutCase("a new folder", 0, lambda r: (_user_folder(r) / "inst.yaml", r / "new" / "out")),
]


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every user file under ``root`` (result folders excluded)."""
    files = {}
    for path in root.rglob("*"):
        hidden = any(part.startswith(".") for part in path.relative_to(root).parts)
        if path.is_file() and not path.is_symlink() and not hidden:
            files[str(path.relative_to(root))] = path.read_bytes()
    return files


def out_cases(work: Path) -> bool:
    print("\n2. --out at hostile or faulty places (netopt solve capital, winston_car)")
    handled = total = 0
    for number, case in enumerate(OUT_CASES):
        root = work / f"case{number}"
        root.mkdir()
        try:
            instance, out = case.setup(root)
        except OSError:
            print(f"   {case.name:<34} skipped (this machine cannot mount a file system)")
            continue
        before = _snapshot(root)
        force = ["--force"] if "--force" in case.name else []
        run = subprocess.run(
            [
                sys.executable,
                "-m",
                "netopt",
                "solve",
                "capital",
                str(instance),
                "--out",
                str(out),
                *force,
            ],
            capture_output=True,
            text=True,
            cwd=root,
        )
        total += 1
        after = {k: v for k, v in _snapshot(root).items() if not k.startswith(str(out))}
        kept = all(after.get(k) == v for k, v in before.items() if not k.startswith("link"))
        lines = run.stderr.strip().splitlines()
        clean = "Traceback" not in run.stderr and (run.returncode == 0 or len(lines) == 1)
        ok = run.returncode == case.expected and clean and kept and not scratch(root)
        handled += ok
        message = lines[-1] if lines and run.returncode else "(plan written)"
        print(f"   {case.name:<34} exit {run.returncode} {'ok ' if ok else 'BAD'} {message[:90]}")
        if case.needs_mount:
            subprocess.run(["umount", str(root / "disk")], capture_output=True)
    print(f"   handled {handled} / {total}")
    return handled == total


# --------------------------------------------------------------------------- 3. scale


def scale_cases(scales: list[int], time_limit: float, work: Path) -> bool:
    print(f"\n3. Scale: netopt solve capital on the tutorial xN, --time-limit {time_limit:g}")
    print(f"   {'copies':>6} {'sites':>6} {'wall s':>8} {'peak MB':>8} {'exit':>5}  status / stage")
    ok = True
    for copies in scales:
        path = work / f"tutorial-x{copies}.yaml"
        save_instance(replicate(netopt.load_instance(TUTORIAL), copies), path)
        peak_file = work / f"x{copies}.peak"
        command = ["solve", "capital", str(path), "--out", str(work / f"x{copies}")]
        command += ["--time-limit", str(time_limit), "--json"]
        began = time.perf_counter()
        run = subprocess.run(
            [
                sys.executable,
                "-c",
                MEASURED,
                str(peak_file),
                sys.executable,
                "-m",
                "netopt",
                *command,
            ],
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - began
        peak_mb = int(peak_file.read_text()) / 1024
        if run.stdout.strip():
            summary = json.loads(run.stdout)
            status = f"{summary['status']} / {summary['time_limit']['stage'] or '-'}"
        else:
            status = run.stderr.strip().splitlines()[-1][:70] if run.stderr.strip() else "-"
        sites = len(netopt.load_instance(path).sites)
        print(
            f"   {copies:>6} {sites:>6} {wall:>8.1f} {peak_mb:>8.0f} {run.returncode:>5}  {status}"
        )
        ok &= wall <= time_limit + 2.0 and "Traceback" not in run.stderr
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kill-trials", type=int, default=30)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--scales", default="10,100")
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--skip", default="", help="parts to skip, e.g. 'kill,scale'")
    args = parser.parse_args()
    load = os.getloadavg()
    print(
        f"netopt reliability, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, ", end=""
    )
    print(f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f}")
    ok = True
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        if "kill" not in args.skip:
            (work / "kill").mkdir()
            ok &= kill_trials(args.kill_trials, args.seed, work / "kill")
        if "out" not in args.skip:
            (work / "out").mkdir()
            ok &= out_cases(work / "out")
        if "scale" not in args.skip:
            (work / "scale").mkdir()
            scales = [int(s) for s in args.scales.split(",") if s]
            ok &= scale_cases(scales, args.time_limit, work / "scale")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
