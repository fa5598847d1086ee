"""Study comparisons read a joint plan's folder as a capital plan's (its capital tables are the
capital plan's), with the workforce's cost components beside the capital ones: no study of
joint plans is built, but comparing and diffing their folders works.

Two real joint solves (HiGHS) of the staffed two-trust network (``tests.joint.networks``): as
it is, and with budgets 20% lower (the same scanners, bought dearer)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

import netopt
from netopt.schema import Instance
from netopt.study.compare import comparison_frame, comparison_text_rows
from netopt.study.diff import diff_plans
from tests.joint.networks import staffed_cdc
from tests.verify.networks import with_cdc

EXACT = netopt.SolveOptions(mip_gap=0.0)


def lower_budgets(instance: Instance, factor: float) -> Instance:
    data = instance.model_dump()
    for row in [*data["trusts"], *data["budgets"]]:
        row["capital_budget"] *= factor
    return Instance.model_validate(data)


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("joint-study")
    instances = {"base": staffed_cdc(), "budgets-20": lower_budgets(staffed_cdc(), 0.8)}
    out = {}
    for name, instance in instances.items():
        plan = netopt.solve_joint(instance, EXACT)
        assert plan.status.has_plan, (name, plan.status)
        out[name] = netopt.write_plan(plan, instance, root / name, report=False)
    return out


def test_the_comparison_has_the_joint_cost_and_its_components(folders: dict[str, Path]) -> None:
    frame = comparison_frame(folders)
    assert list(frame["scenario"]) == ["base", "budgets-20"]
    components = [c for c in frame.columns if c.startswith("npc_")]
    assert {"npc_capital", "npc_salaries", "npc_agency"} <= set(components)
    for row in frame.itertuples(index=False):
        parts = sum(getattr(row, c) for c in components)
        assert math.isclose(parts, row.objective, rel_tol=1e-6)
        assert row.units_bought >= 1
    rows = comparison_text_rows(frame)
    assert rows[0] == ("figure", "base", "budgets-20")


def test_the_diff_of_two_joint_plans_reads_their_capital_tables(folders: dict[str, Path]) -> None:
    diff = diff_plans(folders["base"], folders["budgets-20"], "base", "budgets-20")
    assert diff.sentences[0].startswith("Net present cost: GBP 8.4m in base")
    assert "(+GBP 10k, +0.1%)" in diff.sentences[0]  # the joint costs, budgets binding
    assert not diff.spend.empty and diff.purchases.empty


def test_a_joint_and_a_capital_folder_are_not_compared(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    capital = netopt.write_plan(
        netopt.solve_capital(with_cdc(), EXACT), with_cdc(), tmp_path / "capital", report=False
    )
    with pytest.raises(ValueError, match="mix"):
        comparison_frame({"joint": folders["base"], "capital": capital})
    with pytest.raises(ValueError, match="cannot compare a joint plan"):
        diff_plans(folders["base"], capital, "joint", "capital")
