"""Files with very many problems, or very long keys and values: linear time, short messages."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from netopt.io import load_instance
from netopt.schema import Instance, InstanceError
from netopt.schema.errors import MAX_ECHO, SHOWN_PROBLEMS, InputProblem
from tests.conftest import MINI

MINI_TEXT = MINI.read_text(encoding="utf-8")


def unknown_keys(tmp_path: Path, count: int) -> Path:
    """The mini network with ``count`` unknown keys in its network section."""
    keys = "".join(f"  k{i}: 1\n" for i in range(count))
    path = tmp_path / f"keys{count}.yaml"
    path.write_text(MINI_TEXT.replace("  horizon_years: 5\n", f"  horizon_years: 5\n{keys}"))
    return path


def unknown_references(count: int) -> dict[str, object]:
    """The mini network with ``count`` more sites and ``count`` demand rows at unknown sites."""
    data = load_instance(MINI).model_dump(mode="json")
    data["sites"] += [
        {"id": f"s{i}", "owner": "RA1", "latitude": 50.0, "longitude": 0.0} for i in range(count)
    ]
    data["demand"] += [
        {"site": f"x{i}", "exam_type": "CT-head", "year": 2026, "exams": 1.0} for i in range(count)
    ]
    return data


def seconds_to_fail(run: Callable[[], object]) -> float:
    """Time to raise, with the garbage collector off: its full collections grow with the heap
    and would hide the algorithm's own growth."""
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        with pytest.raises(InstanceError):
            run()
        return time.perf_counter() - start
    finally:
        gc.enable()


SMALL, LARGE = 1_000, 10_000
RATIO = 30
"""Linear work takes about 10 times as long for 10 times the problems (measured: 11 to 12); the
quadratic placing and reference checks took 70 to 100 times (10,000 unknown keys in one mapping:
15 s; 40,000: 280 s). The bound leaves room for a busy machine."""


def test_placing_many_problems_in_one_mapping_is_linear(tmp_path: Path) -> None:
    small, large = unknown_keys(tmp_path, SMALL), unknown_keys(tmp_path, LARGE)
    load_instance(MINI)  # imports and caches out of the timings
    base = min(seconds_to_fail(lambda: load_instance(small)) for _ in range(3))
    assert seconds_to_fail(lambda: load_instance(large)) < RATIO * base + 0.2


def test_many_unknown_references_are_linear() -> None:
    small, large = unknown_references(SMALL), unknown_references(LARGE)
    base = min(seconds_to_fail(lambda: Instance.model_validate(small)) for _ in range(3))
    assert seconds_to_fail(lambda: Instance.model_validate(large)) < RATIO * base + 0.2


def test_many_problems_listed_then_counted(tmp_path: Path) -> None:
    with pytest.raises(InstanceError) as caught:
        load_instance(unknown_keys(tmp_path, 2_000))
    error = caught.value
    assert len(error.problems) == 2_000  # every problem is kept, placed at its line
    assert all(" line " in p.place for p in error.problems)
    lines = str(error).splitlines()
    assert lines[0].endswith(": 2,000 problems")
    assert len(lines) == 1 + SHOWN_PROBLEMS + 1
    assert lines[-1] == f"  ... and {2_000 - SHOWN_PROBLEMS:,} more problems"


def test_rendered_counts() -> None:
    def rendered(count: int) -> list[str]:
        return InstanceError([InputProblem(("x",), "bad")] * count).render().splitlines()

    assert rendered(1)[0] == "invalid instance: 1 problem"
    assert rendered(SHOWN_PROBLEMS)[-1] == "  - x: bad"
    assert rendered(SHOWN_PROBLEMS + 1)[-1] == "  ... and 1 more problem"
    assert rendered(40_000)[-1] == "  ... and 39,950 more problems"


MEGA = 2**20


def test_long_key_shortened_in_message_and_place(tmp_path: Path) -> None:
    """A 1 MB unknown key (which gave a 2 MB message) is echoed to about 80 characters."""
    key = "k" * MEGA
    path = tmp_path / "long.yaml"
    explicit = f"  ? {key}\n  : 1\n"  # a plain key is at most 1024 characters
    path.write_text(MINI_TEXT.replace("  horizon_years: 5\n", f"  horizon_years: 5\n{explicit}"))
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    (problem,) = caught.value.problems
    shown = "k" * (MAX_ECHO - 3) + "..."
    assert problem.message.startswith(f"unknown field '{shown}' (allowed: name, ")
    assert problem.place == f"long.yaml line 7 (network.{shown})"
    assert len(str(caught.value)) < 500


def test_long_key_and_value_shortened_in_json(tmp_path: Path) -> None:
    data = load_instance(MINI).model_dump(mode="json")
    data["network"]["x" * MEGA] = 1
    data["sites"][0]["name"] = ["n" * MEGA]
    data["sites"][1]["owner"] = "o" * MEGA
    path = tmp_path / "long.json"
    path.write_text(json.dumps(data))
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    assert len(str(caught.value)) < 2_000
    assert all(len(p.message) < 500 and len(p.place) < 200 for p in caught.value.problems)


@pytest.mark.parametrize(
    ("tail", "message"),
    [
        ("? {long}\n: 1\n? {long}\n: 2\n", "duplicate key 'ddd"),
        ("x: !{long} 1\n", "the YAML tag !ddd"),
        ("x: !!int {long}\n", "cannot read 'ddd"),
    ],
    ids=["duplicate key", "tag", "tagged value"],
)
def test_long_yaml_text_shortened(tmp_path: Path, tail: str, message: str) -> None:
    path = tmp_path / "long.yaml"
    path.write_text(MINI_TEXT + tail.format(long="d" * MEGA))
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    problem = caught.value.problems[0]
    assert problem.message.startswith(message) and "ddd..." in problem.message
    assert all(len(p.message) < 600 and len(p.place) < 200 for p in caught.value.problems)


def test_problem_text_has_a_ceiling() -> None:
    problem = InputProblem(("x",), "m" * MEGA, "p" * MEGA)
    assert len(problem.message) == len(problem.place) == 1000
    assert problem.message.endswith("...")
