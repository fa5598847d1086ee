"""Every column of every result table is documented (``netopt.report.columns``), in the order
netopt writes it, and ``docs/results.md`` is the page rendered from that description.

The tables come from real solves (HiGHS, no mocks) of small networks with rows in most tables:
the two-trust capital network with a network CDC (``tests.verify.networks.with_cdc``) with its
comparison with the baselines, and the workforce network that uses every family
(``tests.verify.workforce_networks.rich``).
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
from netopt.models.workforce.plan import TABLES as WORKFORCE_TABLES
from netopt.report.columns import (
    CAPITAL,
    GENERATE_COMMAND,
    PLANS,
    RESULT_TABLES,
    UNITS,
    WORKFORCE,
    TableDoc,
    results_markdown,
    table_doc,
    tables_of,
)
from netopt.report.writer import render_result_files
from netopt.schema import Instance
from tests.capital.builders import solve
from tests.capital.test_alternatives import two_sites
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
    assert [t.plan for t in RESULT_TABLES] == sorted(
        (t.plan for t in RESULT_TABLES), key=PLANS.index
    )
    assert {t.plan for t in RESULT_TABLES} == set(PLANS)
    assert netopt.CapitalPlan.TABLES == CAPITAL_TABLES
    assert netopt.WorkforcePlan.TABLES == WORKFORCE_TABLES


def test_every_written_table_is_documented_and_nothing_else(
    capital_plan: netopt.CapitalPlan,
    comparison: pd.DataFrame,
    workforce_plan: netopt.WorkforcePlan,
) -> None:
    """Both directions, from the CSV files netopt renders: every file's table and header is
    documented, and every documented table and column is written."""
    written = {
        CAPITAL: csv_headers(
            {
                **capital_plan.tables(),
                COMPARISON_TABLE: comparison,
                ALTERNATIVES_TABLE: alternatives_table(),
            }
        ),
        WORKFORCE: csv_headers(workforce_plan.tables()),
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
    assert [t.name for t in RESULT_TABLES if t.optional] == [COMPARISON_TABLE, ALTERNATIVES_TABLE]


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
        for table in tables_of(plan):
            section = part.split(f"### `{table.name}`\n", 1)[1].split("\n#", 1)[0]
            rows = [line for line in section.splitlines() if line.startswith("| `")]
            assert [row.split("`")[1] for row in rows] == list(table.column_names)
    assert GENERATE_COMMAND in page.splitlines()[-1]


def test_the_module_prints_the_page(capsys: pytest.CaptureFixture[str]) -> None:
    """``python -m netopt.report`` (run in this process) prints the page."""
    runpy.run_module("netopt.report", run_name="__main__")
    assert capsys.readouterr().out == results_markdown()
