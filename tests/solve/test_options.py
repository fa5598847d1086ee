"""HiGHS options are checked by name, type and value before any solve (HiGHS itself ignores
bad ones silently when they come through Pyomo)."""

from __future__ import annotations

import math

import pytest

from netopt.solve.highs import SolveOptions, highs_option_help


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"presolve": "bogus"},
            """'presolve' cannot be 'bogus' (allowed: "off", "choose" or "on")""",
        ),
        ({"mip_rel_gap": -1}, "'mip_rel_gap' cannot be -1 (allowed: from 0 to inf)"),
        ({"mip_rel_gap": -0.5}, "'mip_rel_gap' cannot be -0.5 (allowed: from 0 to inf)"),
        ({"mip_rel_gap": math.nan}, "'mip_rel_gap' cannot be nan (allowed: from 0 to inf)"),
        ({"threads": -3}, "'threads' cannot be -3 (allowed: from 0 to 2147483647)"),
        ({"simplex_strategy": 99}, "'simplex_strategy' cannot be 99 (allowed: from 0 to 4)"),
        ({"time_limit": -1.0}, "'time_limit' cannot be -1.0 (allowed: from 0 to inf)"),
        ({"solver": "simplexx"}, "'solver' cannot be 'simplexx' (allowed: \"choose\", \"simplex\""),
        ({"output_flag": 3}, "'output_flag' takes a bool, got 3"),
        ({"mip_rel_gap": "small"}, "'mip_rel_gap' takes a double, got 'small'"),
        ({"presolv": "on"}, "unknown HiGHS option 'presolv'"),
    ],
)
def test_bad_highs_option_refused(options: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match="HiGHS option") as caught:
        SolveOptions(highs_options=options)  # type: ignore[arg-type]
    assert message in str(caught.value)


def test_every_bad_option_named_at_once() -> None:
    with pytest.raises(ValueError) as caught:
        SolveOptions(highs_options={"presolve": "bogus", "mip_rel_gap": -1, "ok_not": 1})
    text = str(caught.value)
    assert "'presolve' cannot be" in text and "'mip_rel_gap' cannot be" in text
    assert "unknown HiGHS option 'ok_not'" in text


def test_good_highs_options_kept() -> None:
    good = {"presolve": "off", "mip_rel_gap": 0.5, "threads": 2, "time_limit": math.inf}
    assert SolveOptions(highs_options=good).solver_options()["presolve"] == "off"


def test_option_help_read_from_highs() -> None:
    help_ = highs_option_help()
    assert help_["mip_rel_gap"] == "from 0 to inf"
    assert help_["presolve"] == '"off", "choose" or "on"'
    assert len(help_) > 50


def test_seed_within_highs_range() -> None:
    with pytest.raises(ValueError, match="less than or equal to 2147483647"):
        SolveOptions(seed=2**31)
