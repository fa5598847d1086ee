"""The joint plan's report: its headline and charts, checked against the tables of real plans.

Two joint plans are solved (HiGHS, no mocks):

- the staffed two-trust network (``tests.joint.networks.staffed_cdc``), with rows in every
  workforce table, written with its comparison with the sequential plan and read back from the
  folder as ``netopt report`` reads it (the sequential plan is the same plan there);
- the tiny instance of ``tests/joint`` where the staff cost more than the scanner saves
  (salary 150): the joint plan outsources (200) and the sequential plan buys the scanner and
  staffs it (250), so the comparison has a saving to show.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest
from typer.testing import CliRunner

import netopt
from netopt.cli import app
from netopt.models.joint.compare import SEQUENTIAL_TABLE
from netopt.report.capital_report import capital_charts
from netopt.report.charts import Chart, money, share, whole
from netopt.report.folder import PlanResults, read_plan_results
from netopt.report.joint_report import (
    JOINT_CHARTS,
    joint_charts,
    joint_headline,
    wte,
)
from netopt.report.page import REPORT_FILE, render_report, report_parts
from netopt.schema import Instance
from tests.capital.builders import EXACT
from tests.joint.builders import role, solve, tiny_joint
from tests.joint.networks import staffed_cdc

KEY = re.compile(r"^[a-z]+(-[a-z]+)*$")
WORKFORCE_KEYS = ("workforce", "workforce-changes", "scanner-staffing", "reports")
CAPITAL_KEYS = (
    "timeline",
    "spend",
    "running",
    "capacity",
    "split",
    "access",
    "utilisation",
    "age",
    "map",
)
"""The capital report's charts a joint report draws as they are (``value`` is left out when
no value of capital was computed, as in the capital report)."""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    instance = staffed_cdc()
    plan = netopt.solve_joint(instance, EXACT)
    assert plan.status.has_plan, plan.status
    _, sequential = netopt.compare_with_sequential(instance, plan, EXACT)
    out = tmp_path_factory.mktemp("joint") / "plan"
    return netopt.write_plan(plan, instance, out, extra_tables={SEQUENTIAL_TABLE: sequential})


@pytest.fixture(scope="module")
def results(folder: Path) -> PlanResults:
    return read_plan_results(folder)


@pytest.fixture(scope="module")
def tiny() -> PlanResults:
    """The tiny joint plan that outsources what the sequential plan scans (a saving of 50)."""
    data = tiny_joint(staff_roles=[role(salary=150)])
    plan = solve(data)
    _, sequential = netopt.compare_with_sequential(Instance.model_validate(data), plan, EXACT)
    return PlanResults(plan.summary(), {**plan.tables(), SEQUENTIAL_TABLE: sequential})


def chart(results: PlanResults, key: str) -> Chart:
    (found,) = [c for c in joint_charts(results) if c.key == key]
    return found


def values(trace: Any, axis: str) -> list[float]:
    return [float(v) for v in getattr(trace, axis)]


def total(traces: list[Any], axis: str = "y") -> float:
    return sum(sum(values(t, axis)) for t in traces)


def axis_titles(figure: go.Figure, axis: str) -> list[str]:
    layout = figure.layout.to_plotly_json()
    return [
        str((value.get("title") or {}).get("text") or "")
        for name, value in layout.items()
        if re.fullmatch(f"{axis}axis[0-9]*", name)
    ]


# --------------------------------------------------------------------------- the page


def test_a_joint_plan_is_reported_as_a_joint_plan(folder: Path, results: PlanResults) -> None:
    """Not as a workforce plan: the joint headline and charts, in the folder netopt wrote."""
    assert results.model == "joint"
    assert REPORT_FILE in results.summary["result_files"]
    headline, charts = report_parts(results)
    assert headline.title == f"Joint plan: {results.summary['network']}"
    assert [c.key for c in charts] == [c.key for c in joint_charts(results)]
    page = (folder / REPORT_FILE).read_text(encoding="utf-8")
    assert "<title>Joint plan: two trusts</title>" in page
    assert 'id="chart-roster"' not in page
    for c in charts:
        assert f'id="chart-{c.key}"' in page


def test_the_charts_are_the_capital_plans_and_the_workforces(results: PlanResults) -> None:
    keys = [c.key for c in joint_charts(results)]
    assert keys[:2] == ["costs", "sequential"]
    assert set(WORKFORCE_KEYS) <= set(keys)
    assert set(CAPITAL_KEYS) <= set(keys)
    assert len(keys) == len(set(keys)) <= len(JOINT_CHARTS)
    capital = {c.key: c.reading for c in capital_charts(results)}
    for c in joint_charts(results):
        if c.key in CAPITAL_KEYS:
            assert c.reading == capital[c.key], c.key


def test_every_chart_has_a_key_a_title_a_one_sentence_reading_and_axis_titles(
    results: PlanResults,
) -> None:
    for c in joint_charts(results):
        assert KEY.match(c.key), c.key
        assert c.title.strip() and c.figure.data, c.key
        assert c.reading.endswith(".") and "\n" not in c.reading, c.key
        if c.key in (*WORKFORCE_KEYS, "costs", "sequential"):
            assert ". " not in c.reading.rstrip("."), c.reading
            assert all(axis_titles(c.figure, "y")), c.key
            assert any(axis_titles(c.figure, "x")), c.key
            for t in c.figure.data:
                assert t.hovertemplate or t.hovertext, (c.key, t.name)


def test_page_is_self_contained(results: PlanResults) -> None:
    page = render_report(results)
    assert page.count("<script") == 1 + len(joint_charts(results))
    outside = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", outside)


# --------------------------------------------------------------------------- the charts


def test_cost_waterfall_is_costs_then_staff_costs(results: PlanResults) -> None:
    costs, staff = results.table("costs"), results.table("staff_costs")
    (trace,) = chart(results, "costs").figure.data
    capital = list(costs["npv"])
    assert values(trace, "y") == pytest.approx([*capital, 0.0, *staff["npv"], 0.0])
    assert list(trace.measure).count("total") == 2
    assert trace.measure[len(capital)] == "total"
    assert trace.text[len(capital)] == money(costs["npv"].sum())
    assert trace.text[-1] == money(results.summary["objective"])


def test_wte_bars_are_the_staffing_table(results: PlanResults) -> None:
    staffing = results.table("staffing")
    figure = chart(results, "workforce").figure
    assert total(list(figure.data)) == pytest.approx(staffing["wte"].sum())
    for name, rows in staffing.groupby("role"):
        bars = [t for t in figure.data if t.name == name]
        assert total(bars) == pytest.approx(rows["wte"].sum()), name
    assert len({t.xaxis for t in figure.data}) == staffing["employer"].nunique()


def test_hires_trainees_and_agency_panels(results: PlanResults) -> None:
    staffing, training = results.table("staffing"), results.table("training")
    figure = chart(results, "workforce-changes").figure
    panels = {axis: [t for t in figure.data if t.xaxis == axis] for axis in ("x", "x2", "x3")}
    assert total(panels["x"]) == pytest.approx(staffing["hires"].sum())
    assert total(panels["x2"]) == pytest.approx(training["trainees"].sum())
    assert total(panels["x3"]) == pytest.approx(staffing["agency_hours"].sum())
    assert training["trainees"].sum() > 0 and staffing["agency_hours"].sum() > 0
    colours = {t.name: t.marker.color for t in chart(results, "workforce").figure.data}
    for t in figure.data:  # a role has one colour in every chart
        assert t.marker.color == colours.get(t.name, t.marker.color), t.name


def test_scanner_staffing_is_the_scanner_staffing_table(results: PlanResults) -> None:
    table = results.table("scanner_staffing")
    figure = chart(results, "scanner-staffing").figure
    by_group: dict[str, list[Any]] = {}
    for t in figure.data:
        by_group.setdefault(t.legendgroup, []).append(t)
    for column in (
        "own_staff_hours",
        "other_employers_hours",
        "staff_hours_needed",
        "scanner_hours",
    ):
        assert total(by_group[column]) == pytest.approx(table[column].sum()), column
    assert total(by_group["agency_share"]) == pytest.approx(table["agency_share"].fillna(0).sum())
    assert all(t.type == "bar" for t in by_group["own_staff_hours"])
    assert table["other_employers_hours"].sum() > 0  # passports are at work


def test_report_bars_are_the_reports_table(results: PlanResults) -> None:
    reports = results.table("reports")
    figure = chart(results, "reports").figure
    bars = {t.name: t for t in figure.data if t.type == "bar"}
    assert total([bars["Reported by the employer's own staff"]]) == pytest.approx(
        reports["reported_by_own_staff"].sum()
    )
    assert total([bars["Reported by another employer's staff"]]) == pytest.approx(
        reports["reported_by_other_employers"].sum()
    )
    assert total([bars["Outsourced"]]) == pytest.approx(reports["reports_outsourced"].sum())
    (scanned,) = [t for t in figure.data if t.type == "scatter"]
    per_year = reports.groupby("year")["exams_scanned"].sum()
    assert dict(zip(scanned.x, values(scanned, "y"), strict=True)) == pytest.approx(
        per_year.to_dict()
    )


def test_sequential_bars_are_the_sequential_table(results: PlanResults, tiny: PlanResults) -> None:
    for plan in (results, tiny):
        rows = plan.table(SEQUENTIAL_TABLE)
        money_rows = rows[rows["unit"] == "GBP, present value"]
        joint, sequential = chart(plan, "sequential").figure.data
        assert values(joint, "x") == pytest.approx(list(money_rows["joint"]))
        assert values(sequential, "x") == pytest.approx(list(money_rows["sequential"]))
    assert chart(results, "sequential").reading.startswith("This plan costs the same as")
    assert chart(tiny, "sequential").reading.startswith(
        "Choosing scanners and staff together saves GBP 50 (20.0%) against the sequential plan"
    )


def test_without_the_sequential_table_there_is_no_comparison(results: PlanResults) -> None:
    tables = {k: v for k, v in results.tables.items() if k != SEQUENTIAL_TABLE}
    plain = PlanResults(results.summary, tables)
    assert "sequential" not in [c.key for c in joint_charts(plain)]
    headline = joint_headline(plain)
    assert not any("sequential" in s for s in headline.sentences)
    assert not any(t.title == "Against the sequential plan" for t in headline.tables)


# --------------------------------------------------------------------------- the headline


def test_headline_figures_are_the_summary(results: PlanResults) -> None:
    s = results.summary
    figures = s["workforce"]
    headline = joint_headline(results)
    cards = {card.label: card for card in headline.cards}
    assert cards["Joint cost"].value == money(s["objective"])
    assert cards["Workforce cost"].value == money(results.table("staff_costs")["npv"].sum())
    assert cards["Scanners bought"].value == whole(s["plan"]["units_bought"])
    assert cards["Workforce"].value == wte(figures["wte_last_year"])
    assert cards["Hires"].value == wte(figures["hires"])
    assert cards["Trainees"].value == whole(figures["trainees"])
    assert cards["Reports outsourced"].value == whole(figures["reports_outsourced"])
    staffing = results.table("staffing")
    agency = staffing["agency_hours"].sum()
    assert cards["Agency"].value == share(agency / (staffing["clinical_hours"].sum() + agency))
    assert "scanners and staff chosen together" in headline.subtitle


def test_headline_says_what_the_plan_costs_and_what_the_workforce_needs(
    results: PlanResults,
) -> None:
    s = results.summary
    sentences = joint_headline(results).sentences
    assert sentences[0].startswith("This plan is optimal: no plan is cheaper")
    assert sentences[1].startswith(f"It costs {money(s['objective'])} in present value")
    workforce = sentences[2]
    assert f"hires {wte(s['workforce']['hires'])}" in workforce
    assert "trains 1 reporting radiographer" in workforce
    assert "of the clinical hours are agency hours" in workforce
    assert any(x.startswith("This plan costs the same as the sequential plan") for x in sentences)
    titles = [t.title for t in joint_headline(results).tables]
    assert titles[:2] == ["Against the sequential plan", "The workforce by employer and role"]


def test_the_saving_against_the_sequential_plan_in_words(tiny: PlanResults) -> None:
    sentences = joint_headline(tiny).sentences
    (saving,) = [s for s in sentences if "sequential plan" in s]
    assert saving.startswith(
        "Choosing scanners and staff together saves GBP 50 (20.0%) against the sequential plan"
    )
    assert "scanners bought -1 units" in saving
    table = next(t for t in joint_headline(tiny).tables if t.title == "Against the sequential plan")
    assert table.rows[0] == ("Joint cost", "GBP, present value", "GBP 200", "GBP 250", "-GBP 50")


def test_a_given_capital_plan_says_so() -> None:
    data = tiny_joint(staff_roles=[role(salary=150)])
    bought = solve(tiny_joint(staff_roles=[role(salary=1)]))
    plan = solve(data, capital_plan=bought)
    results = PlanResults(plan.summary(), plan.tables())
    headline = joint_headline(results)
    assert "the capital plan given" in headline.subtitle
    assert headline.sentences[-1].startswith("The capital plan was given")


# --------------------------------------------------------------------------- edges


def test_no_plan_has_a_headline_and_no_charts() -> None:
    results = PlanResults({"model": "joint", "status": "infeasible", "network": "N"})
    assert joint_charts(results) == []
    headline = joint_headline(results)
    assert headline.title == "Joint plan: N"
    assert "no plan" in headline.sentences[0]


def test_empty_workforce_tables_give_charts_that_say_so(results: PlanResults) -> None:
    workforce = ("staffing", "scanner_staffing", "reports", "training", "staff_passports")
    tables = {k: v.iloc[0:0] if k in workforce else v for k, v in results.tables.items()}
    plan = PlanResults(results.summary, tables)
    charts = {c.key: c for c in joint_charts(plan)}
    assert charts["workforce"].reading == "The plan employs no staff."
    assert charts["scanner-staffing"].reading == "No scanner runs in the plan."
    assert charts["reports"].reading == "No exam is scanned in the network."
    assert joint_headline(plan).cards


def test_the_folder_is_read_with_typed_columns(results: PlanResults) -> None:
    """A joint folder's tables are typed by the documented units, capital tables included."""
    training = results.table("training")
    assert all(isinstance(v, str) for v in results.table("staffing")["employer"])
    assert all(isinstance(v, str) for v in results.table("purchases")["site"])
    assert pd.api.types.is_numeric_dtype(results.table("staffing")["wte"])
    assert pd.api.types.is_numeric_dtype(training["trainees"])


def test_netopt_report_draws_a_joint_folder(folder: Path, tmp_path: Path) -> None:
    page = tmp_path / "joint.html"
    run = CliRunner().invoke(app, ["report", str(folder), "--output", str(page)])
    assert run.exit_code == 0, run.output
    assert "<title>Joint plan: two trusts</title>" in page.read_text(encoding="utf-8")
    again = CliRunner().invoke(app, ["report", str(folder)])
    assert again.exit_code == 0, again.output
    assert REPORT_FILE in read_plan_results(folder).summary["result_files"]
