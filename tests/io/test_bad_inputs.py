"""Every file of the bad-input corpus (tests/bad_inputs/) fails as EXPECTED.csv says."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from netopt.io import load_instance
from netopt.schema import InstanceError

CORPUS = Path(__file__).resolve().parents[1] / "bad_inputs"
EXPECTED = CORPUS / "EXPECTED.csv"
NOT_CASES = {"EXPECTED.csv", "make_excel.py", "README.md"}


def expected() -> list[dict[str, str]]:
    with EXPECTED.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


@pytest.mark.parametrize("case", expected(), ids=lambda case: case["file"])
def test_bad_input(case: dict[str, str]) -> None:
    path = CORPUS / case["file"]
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    problems = caught.value.problems
    assert problems
    assert all(p.place.strip() for p in problems), "every problem needs a place"
    assert all(p.place.startswith(path.name) for p in problems)
    assert any(case["message"] in p.message and case["place"] in p.place for p in problems), (
        f"no problem with message {case['message']!r} at {case['place']!r}:\n{caught.value}"
    )


def test_corpus_is_complete() -> None:
    listed = [case["file"] for case in expected()]
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name not in NOT_CASES}
    assert len(listed) == len(set(listed)), "a file is listed twice in EXPECTED.csv"
    assert set(listed) == on_disk
    assert len(listed) >= 40
    assert {Path(name).suffix for name in listed} >= {".yaml", ".json", ".xlsx"}
