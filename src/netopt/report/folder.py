"""Result folders written atomically: the folder is the complete old one or the complete new one.

Files are written into a hidden sibling folder; when everything is written it takes the place of
the target in one step (Linux ``renameat2(RENAME_EXCHANGE)`` where available, otherwise two
renames). An error or interrupt before then removes the sibling and leaves the target untouched.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)


def _replace_dir(new: Path, target: Path) -> None:
    if not target.exists():
        new.rename(target)
        return
    if not target.is_dir():
        raise FileExistsError(f"{target} exists and is not a folder")
    if _exchange(new, target):
        shutil.rmtree(new)  # now holds the old contents
        return
    old = target.with_name(f".{target.name}.old-{os.getpid()}")
    target.rename(old)
    new.rename(target)
    shutil.rmtree(old)


@contextlib.contextmanager
def atomic_folder(target: str | Path) -> Iterator[Path]:
    """Yield a scratch folder to write into; on success it replaces ``target`` whole."""
    target = Path(target).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.tmp-", dir=target.parent))
    try:
        yield scratch
        _replace_dir(scratch, target)
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
