"""Result folders are replaced whole: an interrupted write leaves the previous folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from netopt.report.folder import atomic_folder


def test_interrupted_write_keeps_previous_folder(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with atomic_folder(target) as scratch:
        (scratch / "a.csv").write_text("old")
    with pytest.raises(KeyboardInterrupt), atomic_folder(target) as scratch:
        (scratch / "a.csv").write_text("new")
        (scratch / "b.csv").write_text("half")
        raise KeyboardInterrupt  # Ctrl-C midway through writing
    assert sorted(p.name for p in target.iterdir()) == ["a.csv"]
    assert (target / "a.csv").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no scratch left behind


def test_completed_write_replaces_whole_folder(tmp_path: Path) -> None:
    target = tmp_path / "out"
    with atomic_folder(target) as scratch:
        (scratch / "a.csv").write_text("old")
        (scratch / "stale.csv").write_text("old")
    with atomic_folder(target) as scratch:
        (scratch / "a.csv").write_text("new")
    assert sorted(p.name for p in target.iterdir()) == ["a.csv"]
    assert (target / "a.csv").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]
