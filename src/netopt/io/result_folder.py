"""Result folders: written whole and atomically, never touching what netopt did not write.

A result folder is what ``netopt solve`` and ``netopt baseline`` write: ``summary.json`` plus
the files it lists under ``result_files``. The rules, in order:

- **Where.** :func:`check_result_folder` is called before any work is done. ``--out`` must name
  a folder or a place for one: not a file, not a dangling symbolic link, not the root, the
  current folder or one of its parents, not a folder that holds an input of the run, and in a
  place netopt may write. A symbolic link to a folder is followed (the link stays a link).
- **Whose.** An existing folder is replaced only when it is empty or a netopt result folder with
  nothing foreign in it (every entry is ``summary.json`` or listed in its ``result_files``).
  Anything else is refused, naming what is foreign, unless the caller forces it.
- **How.** :func:`write_result_folder_atomically` writes every file into a hidden sibling
  (``.NAME.netopt-tmp-PID-XXXX``), flushes it to disk and swaps it with the target in one step
  (Linux ``renameat2(RENAME_EXCHANGE)``; elsewhere two renames). A reader sees the complete old
  folder or the complete new one. An error or interrupt removes the sibling; a sibling left by
  a process killed outright (``kill -9``) is removed by the next netopt run that writes beside
  it. A replaced folder keeps its permissions; a new one follows the umask.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import json
import os
import re
import secrets
import shutil
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

SUMMARY_FILE = "summary.json"
RESULT_FILES_KEY = "result_files"
"""The key of ``summary.json`` that lists the other files netopt wrote in the folder."""
SCRATCH_MARK = "netopt"
"""Part of the hidden sibling folders' names: ``.NAME.netopt-tmp-PID-XXXX``."""
SHOWN_ENTRIES = 5
"""How many foreign entries a refusal names."""

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class ResultFolderError(Exception):
    """``--out`` cannot be used: the message names the folder and says how to proceed."""


class ResultWriteError(Exception):
    """Writing the result folder failed (disk full, read-only, ...); the folder is as it was."""


# --------------------------------------------------------------------------- whose folder


def _listed_files(folder: Path) -> set[str] | None:
    """The files ``summary.json`` says netopt wrote, or None when the folder has no netopt
    summary (absent, unreadable, or not netopt's)."""
    try:
        summary = json.loads((folder / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(summary, dict) or not {"model", "status"} <= summary.keys():
        return None
    listed = summary.get(RESULT_FILES_KEY)
    if not isinstance(listed, list) or not all(isinstance(name, str) for name in listed):
        return None
    return {name for name in listed if name and "/" not in name and name not in (".", "..")}


def foreign_entries(folder: Path) -> list[str]:
    """Entries of ``folder`` that netopt did not write (sorted); every entry when the folder is
    not a netopt result folder. Only regular files count as netopt's."""
    entries = sorted(os.listdir(folder))
    listed = _listed_files(folder)
    if listed is None:
        return entries
    ours = listed | {SUMMARY_FILE}
    return [
        name
        for name in entries
        if name not in ours or (folder / name).is_symlink() or not (folder / name).is_file()
    ]


def _describe(entries: Sequence[str]) -> str:
    shown = ", ".join(entries[:SHOWN_ENTRIES])
    more = len(entries) - SHOWN_ENTRIES
    return shown + (f" and {more} more" if more > 0 else "")


# --------------------------------------------------------------------------- where


def _is_within(inner: Path, outer: Path) -> bool:
    """Whether ``inner`` is ``outer`` or lies inside it (both resolved)."""
    return inner == outer or outer in inner.parents


def _resolved_target(out: Path) -> Path:
    """The folder ``out`` names, symbolic links followed."""
    if out.is_symlink():
        try:
            real = out.resolve(strict=True)
        except (OSError, RuntimeError):
            raise ResultFolderError(
                f"{out}: a symbolic link to {os.readlink(out)}, which does not exist: "
                "give a folder, or point the link at one"
            ) from None
        if not real.is_dir():
            raise ResultFolderError(f"{out}: a symbolic link to a file ({real}), not a folder")
        return real
    return out.resolve()


def _current_folder() -> Path:
    try:
        return Path.cwd().resolve()
    except OSError:  # the current folder was removed
        return Path("/nonexistent-current-folder")


def _nearest_existing(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate
    return Path(path.anchor)


def _check_writable(real: Path, out: Path) -> None:
    """The folder that will hold the result folder (or its nearest existing parent) must be a
    writable folder."""
    place = _nearest_existing(real.parent)
    if not place.is_dir():
        raise ResultFolderError(f"{out}: {place} is a file, so no folder can be made there")
    with contextlib.suppress(OSError, AttributeError):  # no statvfs on Windows
        if os.statvfs(place).f_flag & os.ST_RDONLY:
            raise ResultFolderError(f"{out}: cannot write in {place}: read-only file system")
    if not os.access(place, os.W_OK | os.X_OK):
        raise ResultFolderError(f"{out}: cannot write in {place}: permission denied")


def check_result_folder(
    out: str | Path, *, force: bool = False, inputs: Iterable[str | Path] = ()
) -> Path:
    """The folder to write a result folder to (symbolic links followed), or
    :class:`ResultFolderError` saying why ``out`` cannot be used and what to do instead.

    ``force`` allows replacing an existing folder that holds files netopt did not write; it
    never allows the root, the current folder or its parents, or a folder holding one of
    ``inputs`` (the files the run reads).
    """
    out = Path(out)
    real = _resolved_target(out)
    if real.exists() and not real.is_dir():
        raise ResultFolderError(f"{out}: a file, not a folder: give a folder for the results")
    if _is_within(_current_folder(), real):
        what = "the root folder" if real == Path(real.anchor) else "the current folder or holds it"
        raise ResultFolderError(f"{out}: is {what}: give a folder of its own for the results")
    for source in inputs:
        if _is_within(Path(source).resolve(), real):
            raise ResultFolderError(
                f"{out}: holds {source}, an input of this run: give another folder for the results"
            )
    _check_writable(real, out)
    reap_scratch(real)
    if real.is_dir():
        try:
            foreign = foreign_entries(real)
        except OSError as error:
            raise ResultFolderError(f"{out}: cannot read the folder: {error.strerror}") from None
        if foreign and not force:
            raise ResultFolderError(
                f"{out}: holds files netopt did not write ({_describe(foreign)}); netopt replaces "
                "only its own result folders: give another folder, or --force to replace it "
                "and everything in it"
            )
    return real


# --------------------------------------------------------------------------- scratch siblings


def _scratch_pattern(target: Path) -> re.Pattern[str]:
    return re.compile(rf"^\.{re.escape(target.name)}\.{SCRATCH_MARK}-(?:tmp|old)-(\d+)-\w+$")


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs (POSIX; elsewhere assumed to, so nothing is reaped)."""
    if os.name != "posix":
        return True  # os.kill would end the process on Windows
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def reap_scratch(target: Path) -> list[Path]:
    """Remove the hidden siblings of ``target`` left by netopt runs that were killed outright;
    those of running processes are left alone. Returns what was removed."""
    pattern = _scratch_pattern(target)
    removed = []
    try:
        siblings = list(target.parent.iterdir())
    except OSError:
        return []
    for sibling in siblings:
        match = pattern.match(sibling.name)
        if match and not sibling.is_symlink() and sibling.is_dir():
            pid = int(match.group(1))
            if pid != os.getpid() and not _alive(pid):
                shutil.rmtree(sibling, ignore_errors=True)
                removed.append(sibling)
    return removed


def _sibling(target: Path, kind: str) -> Path:
    token = secrets.token_hex(4)
    return target.with_name(f".{target.name}.{SCRATCH_MARK}-{kind}-{os.getpid()}-{token}")


# --------------------------------------------------------------------------- writing


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _fsync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _swap_in(scratch: Path, target: Path) -> None:
    """Put ``scratch`` in the place of ``target`` in one step; the old folder is removed."""
    if not target.exists():
        scratch.rename(target)
    elif _exchange(scratch, target):
        shutil.rmtree(scratch)  # now holds the old contents
    else:
        old = _sibling(target, "old")
        target.rename(old)
        scratch.rename(target)
        shutil.rmtree(old)
    with contextlib.suppress(OSError):
        _fsync_folder(target.parent)


def _write_files(scratch: Path, files: Mapping[str, bytes]) -> None:
    for name, content in files.items():
        fd = os.open(scratch / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(fd, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
    _fsync_folder(scratch)


def _make_scratch(target: Path) -> Path:
    """An empty hidden sibling of ``target``, with the target's permissions (a new folder's
    follow the umask)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = _sibling(target, "tmp")
    os.mkdir(scratch, 0o777)  # the umask applies
    if target.is_dir():
        os.chmod(scratch, target.stat().st_mode & 0o7777)
    return scratch


def write_result_folder_atomically(target: Path, files: Mapping[str, bytes]) -> Path:
    """Replace the folder ``target`` (already checked by :func:`check_result_folder`) by one
    holding exactly ``files`` (name -> content), atomically.

    Raises :class:`ResultWriteError` when the system refuses (no space, read-only, ...), with
    ``target`` left as it was.
    """
    try:
        reap_scratch(target)
        scratch = _make_scratch(target)
    except OSError as error:
        raise ResultWriteError(write_failure(target, error)) from None
    try:
        _write_files(scratch, files)
        _swap_in(scratch, target)
    except OSError as error:
        shutil.rmtree(scratch, ignore_errors=True)
        raise ResultWriteError(write_failure(target, error)) from None
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    return target


def write_failure(target: Path, error: OSError) -> str:
    """The message of a failed write of the result folder ``target``."""
    reason = error.strerror or str(error)
    if error.errno == errno.ENOSPC:
        reason = "no space left on the device"
    return f"cannot write the results to {target}: {reason}; {target} is left as it was"
