"""Every column of every result table is documented (``netopt.report.columns``), in the order
netopt writes it, and ``docs/results.md`` is the page rendered from that description.

The tables come from real solves (HiGHS, no mocks) of small networks with rows in most tables:
the two-trust capital network with a network CDC (``tests.verify.networks.with_cdc``) with its
comparison with the baselines, the workforce network that uses every family
(``tests.verify.workforce_networks.rich``), and the same capital network staffed year by year
(``tests.joint.networks.staffed_cdc``) with its comparison with the sequential plan.
"""

from __future__ import annotations

import csv
import io
import runpy
from pathlib import Path

import pandas as pd
import pytest

import netopt
from netopt.baselines import baseline_plans, comparison_frame
from netopt.cli.baseline import COMPARISON_TABLE
from netopt.models.capital.alternatives import ALTERNATIVES_TABLE
from netopt.models.capital.plan import TABLES as CAPITAL_TABLES
from netopt.models.joint.compare import SEQUENTIAL_TABLE
from netopt.models.joint.plan import STAFFING_TABLES
from netopt.models.joint.plan import TABLES as JOINT_TABLES
from netopt.models.workforce.plan import TABLES as WORKFORCE_TABLES
from netopt.report.columns import (
    CAPITAL,
    GENERATE_COMMAND,
    INCLUDES,
    JOINT,
    PLANS,
    RESULT_TABLES,
    UNITS,
    WORKFORCE,
    TableDoc,
    described_in,
    results_markdown,
    table_doc,
    tables_of,
)
from netopt.report.writer import render_result_files
from netopt.schema import Instance
from tests.capital.builders import solve
from tests.capital.test_alternatives import two_sites
from tests.joint.networks import staffed_cdc
from tests.verify.networks import with_cdc
from tests.verify.workforce_networks import rich

REPO = Path(__file__).resolve().parents[2]
RESULTS_PAGE = REPO / "docs" / "results.md"

EXACT = netopt.SolveOptions(mip_gap=0.0)


@pytest.fixture(scope="module")
def capital_plan() -> netopt.CapitalPlan:
    plan = netopt.solve_capital(with_cdc(), EXACT)
    assert plan.status.has_plan, plan.status
    return plan


@pytest.fixture(scope="module")
def comparison(capital_plan: netopt.CapitalPlan) -> pd.DataFrame:
    """The ``baselines`` table, as ``netopt solve capital --compare-baselines`` makes it."""
    baselines = baseline_plans(with_cdc(), ("priority", "age:10"), EXACT)
    assert any(b.status.has_plan for b in baselines)
    return comparison_frame(capital_plan, baselines)


@pytest.fixture(scope="module")
def workforce_plan() -> netopt.WorkforcePlan:
    instance = Instance.model_validate(rich())
    plan = netopt.solve_workforce(instance, netopt.SolveOptions(time_limit=30))
    assert plan.status.has_plan, plan.status
    return plan


@pytest.fixture(scope="module")
def joint_plan() -> tuple[netopt.JointPlan, pd.DataFrame]:
    """The staffed network's joint plan and its ``sequential`` table."""
    instance = staffed_cdc()
    plan = netopt.solve_joint(instance, EXACT)
    assert plan.status.has_plan, plan.status
    _, sequential = netopt.compare_with_sequential(instance, plan, EXACT)
    return plan, sequential


def csv_headers(tables: dict[str, pd.DataFrame]) -> dict[str, list[str]]:
    """Table name -> the header row of the CSV file netopt writes for it."""
    files = render_result_files({"model": "test"}, tables)
    return {
        name.removesuffix(".csv"): next(csv.reader(io.StringIO(content.decode("utf-8"))))
        for name, content in files.items()
        if name.endswith(".csv")
    }


def names(tables: tuple[TableDoc, ...]) -> list[str]:
    return [t.name for t in tables]


# --------------------------------------------------------------------------- the tables


def test_the_documented_tables_are_the_tables_netopt_writes_in_its_order() -> None:
    assert names(tables_of(CAPITAL, optional=False)) == list(CAPITAL_TABLES)
    assert names(tables_of(CAPITAL)) == [*CAPITAL_TABLES, COMPARISON_TABLE, ALTERNATIVES_TABLE]
    assert names(tables_of(WORKFORCE)) == list(WORKFORCE_TABLES)
    assert names(tables_of(JOINT, optional=False)) == list(JOINT_TABLES)
    assert names(tables_of(JOINT)) == [*JOINT_TABLES, SEQUENTIAL_TABLE]
    assert names(described_in(JOINT)) == [*STAFFING_TABLES, SEQUENTIAL_TABLE]
    assert [t.plan for t in RESULT_TABLES] == sorted(
        (t.plan for t in RESULT_TABLES), key=PLANS.index
    )
    assert {t.plan for t in RESULT_TABLES} == set(PLANS)
    assert netopt.CapitalPlan.TABLES == CAPITAL_TABLES
    assert netopt.WorkforcePlan.TABLES == WORKFORCE_TABLES
    assert netopt.JointPlan.TABLES == JOINT_TABLES


def test_a_joint_plans_capital_tables_are_the_capital_plans() -> None:
    """One description of each capital table, whichever plan writes it, so a joint folder's
    capital tables are read and documented as a capital folder's are."""
    assert INCLUDES == {JOINT: CAPITAL}
    for name in CAPITAL_TABLES:
        assert table_doc(JOINT, name) is table_doc(CAPITAL, name)


def test_every_written_table_is_documented_and_nothing_else(
    capital_plan: netopt.CapitalPlan,
    comparison: pd.DataFrame,
    workforce_plan: netopt.WorkforcePlan,
    joint_plan: tuple[netopt.JointPlan, pd.DataFrame],
) -> None:
    """Both directions, from the CSV files netopt renders: every file's table and header is
    documented, and every documented table and column is written."""
    joint, sequential = joint_plan
    written = {
        CAPITAL: csv_headers(
            {
                **capital_plan.tables(),
                COMPARISON_TABLE: comparison,
                ALTERNATIVES_TABLE: alternatives_table(),
            }
        ),
        WORKFORCE: csv_headers(workforce_plan.tables()),
        JOINT: csv_headers({**joint.tables(), SEQUENTIAL_TABLE: sequential}),
    }
    documented = {plan: {t.name: list(t.column_names) for t in tables_of(plan)} for plan in PLANS}
    assert written == documented


@pytest.mark.parametrize("name", CAPITAL_TABLES)
def test_capital_columns(capital_plan: netopt.CapitalPlan, name: str) -> None:
    frame = getattr(capital_plan, name)
    assert list(frame.columns) == list(table_doc(CAPITAL, name).column_names)


def test_the_capital_plan_has_rows_in_most_tables(capital_plan: netopt.CapitalPlan) -> None:
    """The column check means most with rows to make: the fixture stays a rich plan."""
    empty = [name for name, frame in capital_plan.tables().items() if frame.empty]
    assert empty == []


def test_baselines_columns(comparison: pd.DataFrame) -> None:
    assert list(comparison.columns) == list(table_doc(CAPITAL, COMPARISON_TABLE).column_names)
    assert table_doc(CAPITAL, COMPARISON_TABLE).optional
    optional = [t.name for t in RESULT_TABLES if t.optional]
    assert optional == [COMPARISON_TABLE, ALTERNATIVES_TABLE, SEQUENTIAL_TABLE]


def alternatives_table() -> pd.DataFrame:
    """The alternatives table of the two-site network (one alternative within 15%)."""
    data = two_sites()
    found = netopt.capital_alternatives(Instance.model_validate(data), solve(data), 1, slack=0.15)
    return netopt.alternatives_frame(found, ["plan-alternative-1"])


def test_alternatives_columns() -> None:
    frame = alternatives_table()
    assert list(frame.columns) == list(table_doc(CAPITAL, ALTERNATIVES_TABLE).column_names)
    assert table_doc(CAPITAL, ALTERNATIVES_TABLE).optional


@pytest.mark.parametrize("name", WORKFORCE_TABLES)
def test_workforce_columns(workforce_plan: netopt.WorkforcePlan, name: str) -> None:
    frame = getattr(workforce_plan, name)
    assert list(frame.columns) == list(table_doc(WORKFORCE, name).column_names)


def test_the_workforce_plan_has_rows_in_most_tables(
    workforce_plan: netopt.WorkforcePlan,
) -> None:
    empty = [name for name, frame in workforce_plan.tables().items() if frame.empty]
    assert set(empty) <= {"backlog", "unscanned"}


@pytest.mark.parametrize("name", JOINT_TABLES)
def test_joint_columns(joint_plan: tuple[netopt.JointPlan, pd.DataFrame], name: str) -> None:
    frame = getattr(joint_plan[0], name)
    assert list(frame.columns) == list(table_doc(JOINT, name).column_names)


def test_the_joint_plan_has_rows_in_every_table(
    joint_plan: tuple[netopt.JointPlan, pd.DataFrame],
) -> None:
    """Every workforce family is at work in the fixture: hires, training, agency, passports,
    reports outsourced (so the columns are checked against real values)."""
    plan, _ = joint_plan
    assert [name for name, frame in plan.tables().items() if frame.empty] == []
    workforce = plan.summary()["workforce"]
    assert workforce["hires"] > 0 and workforce["trainees"] > 0
    assert workforce["agency_hours"] > 0 and workforce["reports_outsourced"] > 0


def test_sequential_columns(joint_plan: tuple[netopt.JointPlan, pd.DataFrame]) -> None:
    sequential = joint_plan[1]
    assert list(sequential.columns) == list(table_doc(JOINT, SEQUENTIAL_TABLE).column_names)
    assert table_doc(JOINT, SEQUENTIAL_TABLE).optional
    units = set(sequential["unit"])
    assert units <= set(UNITS), units - set(UNITS)


def test_the_joint_workforce_units_add_up(
    joint_plan: tuple[netopt.JointPlan, pd.DataFrame],
) -> None:
    """What the descriptions promise: the WTE balance of ``staffing``, the reports of
    ``reports`` adding up to the exams scanned, and the costs to the objective."""
    plan, _ = joint_plan
    staffing = plan.staffing.sort_values(["employer", "role", "year"])
    for _, rows in staffing.groupby(["employer", "role"]):
        before = rows["wte"].shift(1)
        later = rows.iloc[1:]
        change = later["hires"] + later["trained_in"] - later["trained_out"] - later["leavers"]
        consecutive = later["year"].to_numpy() == rows["year"].to_numpy()[:-1] + 1
        expected = (before.iloc[1:] + change)[consecutive]
        assert list(later["wte"][consecutive]) == pytest.approx(list(expected), abs=1e-5)
    reports = plan.reports
    reported = reports[
        ["reported_by_own_staff", "reported_by_other_employers", "reports_outsourced"]
    ].sum(axis=1)
    assert list(reported) == pytest.approx(list(reports["exams_scanned"]), abs=1e-5)
    total = plan.costs["npv"].sum() + plan.staff_costs["npv"].sum()
    assert total == pytest.approx(plan.objective, rel=1e-6)


# --------------------------------------------------------------------------- the description


def test_every_column_has_a_known_unit_and_a_meaning() -> None:
    for table in RESULT_TABLES:
        assert table.content.strip(), table.name
        assert len(set(table.column_names)) == len(table.columns), table.name
        for column in table.columns:
            where = f"{table.plan} {table.name}.{column.name}"
            assert column.unit in UNITS, where
            assert column.meaning.strip().endswith("."), where


def test_table_names_are_unique_within_a_plan() -> None:
    for plan in PLANS:
        assert len(set(names(tables_of(plan)))) == len(tables_of(plan))


def test_unknown_tables_and_plans_are_refused() -> None:
    with pytest.raises(KeyError):
        table_doc(CAPITAL, "roster")
    with pytest.raises(KeyError):
        table_doc(CAPITAL, "staffing")
    with pytest.raises(KeyError):
        table_doc(JOINT, "roster")
    with pytest.raises(ValueError, match="unknown plan type"):
        tables_of("estates")


# --------------------------------------------------------------------------- docs/results.md


def test_docs_results_md_is_current() -> None:
    assert RESULTS_PAGE.read_text(encoding="utf-8") == results_markdown(), (
        f"docs/results.md is out of date: regenerate it with `cd {REPO.name} && "
        f"{GENERATE_COMMAND}` (with the project's virtualenv Python)"
    )


def test_the_page_has_a_section_per_table_with_every_column() -> None:
    page = results_markdown()
    parts = page.split("\n## ")
    assert len(parts) == 1 + len(PLANS)
    for plan, part in zip(PLANS, parts[1:], strict=True):
        assert part.lower().startswith(plan)
        assert part.count("\n### ") == len(described_in(plan))
        for table in described_in(plan):
            section = part.split(f"### `{table.name}`\n", 1)[1].split("\n#", 1)[0]
            rows = [line for line in section.splitlines() if line.startswith("| `")]
            assert [row.split("`")[1] for row in rows] == list(table.column_names)
    assert GENERATE_COMMAND in page.splitlines()[-1]


def test_the_module_prints_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m netopt.report`` (run in this process) prints the page."""
    runpy.run_module("netopt.report", run_name="__main__")
    assert capsys.readouterr().out == results_markdown()
