"""The verifier re-derives who owns each existing scanner (the asset's ``owner``, else its
site's) and that its maintenance, resale and residual value go to that owner in
``trust_costs.csv``, from the instance alone; a plan written for other owners, or with an
owner or a trust's share edited, is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import netopt
from netopt.schema import Instance
from netopt.verify import verify_capital
from tests.capital.builders import EXACT
from tests.capital.test_ownership import owned
from tests.verify.tamper import read_table, set_cell


def instance(*owners: str | None) -> Instance:
    return Instance.model_validate(owned(*owners))


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A network-owned and a B-owned scanner at A's site (``owned``): A's trust costs are 18
    maintenance and 60 resale, B's 42 and 140."""
    plan = netopt.solve_capital(instance("network", "B"), EXACT)
    folder = tmp_path_factory.mktemp("owned") / "plan"
    return netopt.write_capital_plan(plan, instance("network", "B"), folder)


def copy_of(folder: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(folder, tmp_path / "plan"))


def test_owned_plan_verifies(written: Path) -> None:
    report = verify_capital(instance("network", "B"), written)
    assert report.ok, report.render()
    decisions = read_table(written, "asset_decisions")
    assert list(decisions["owner"]) == ["network", "B"]


def test_a_plan_written_for_other_owners_is_caught(written: Path) -> None:
    """Checked against the instance where both scanners are the site's (A's), the owners and
    every trust's maintenance and resale are wrong: A should pay all 60 of maintenance and
    receive all 200 of resale, B nothing. The plan itself (objective, decisions) stands: only
    those cells, and the instance's hash in ``summary.json``, are found wrong."""
    report = verify_capital(instance(None, None), written)
    assert not report.ok
    cells = {(v.where.get("file"), v.where.get("column")) for v in report.violations}
    assert ("asset_decisions.csv", "owner") in cells
    assert ("trust_costs.csv", "cash") in cells
    assert {v.constraint for v in report.violations} == {"instance", "tables"}, report.render()


def test_an_owner_edited_is_caught(written: Path, tmp_path: Path) -> None:
    folder = copy_of(written, tmp_path)
    set_cell(folder, "asset_decisions", 1, "owner", "A")
    report = verify_capital(instance("network", "B"), folder)
    found = [
        v
        for v in report.violations
        if v.where.get("file") == "asset_decisions.csv" and v.where.get("column") == "owner"
    ]
    assert found, report.render()
    assert found[0].message.endswith("it is B"), found[0].message


def test_resale_given_to_the_sites_owner_is_caught(written: Path, tmp_path: Path) -> None:
    """Give the B-owned scanner's resale (100) to A, the site's owner, as a model attributing
    by site would: A's resale -60 -> -160, B's -140 -> -40; both rows are found wrong."""
    folder = copy_of(written, tmp_path)
    costs = read_table(folder, "trust_costs")
    rows = {
        (t, c): i for i, (t, c) in enumerate(zip(costs["trust"], costs["component"], strict=True))
    }
    set_cell(folder, "trust_costs", rows[("A", "resale")], "cash", "-160")
    set_cell(folder, "trust_costs", rows[("B", "resale")], "cash", "-40")
    report = verify_capital(instance("network", "B"), folder)
    lines = {
        v.where.get("line")
        for v in report.violations
        if v.where.get("file") == "trust_costs.csv" and v.where.get("column") == "cash"
    }
    assert lines == {rows[("A", "resale")] + 2, rows[("B", "resale")] + 2}, report.render()
