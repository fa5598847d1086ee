"""The capital plan's report: each chart's data equals the tables it is drawn from, the headline
equals summary.json, and the page is self-contained.

The plan is a real solve (HiGHS, no mocks) of the two-trust network with a network CDC, where
the plan builds a room, buys scanners and patients travel (``tests.verify.networks.with_cdc``),
written with its comparison with the baselines and read back from the folder, as
``netopt report`` reads it.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

import netopt
from netopt.baselines import baseline_plans, comparison_frame
from netopt.cli.baseline import COMPARISON_TABLE
from netopt.report.capital_report import (
    AGE_BANDS,
    RUNNING_COMPONENTS,
    access_chart,
    capacity_against_demand,
    capital_charts,
    capital_headline,
    capital_value,
    cost_breakdown,
    fleet_age_profile,
    horizon,
    named,
    network_map,
    replacement_timeline,
    running_costs,
    scanning_split_chart,
    spend_against_budget,
    trust_names,
    utilisation_by_site,
)
from netopt.report.charts import money
from netopt.report.folder import PlanResults, ReportWarning, read_plan_results
from netopt.report.page import REPORT_FILE, render_report
from tests.verify.networks import with_cdc

EXACT = netopt.SolveOptions(mip_gap=0.0)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    instance = with_cdc()
    plan = netopt.solve_capital(instance, EXACT)
    assert plan.status.has_plan
    baselines = baseline_plans(instance, ("priority", "age:10"), EXACT)
    extra = {COMPARISON_TABLE: comparison_frame(plan, baselines)}
    out = tmp_path_factory.mktemp("capital") / "plan"
    return netopt.write_plan(plan, instance, out, extra_tables=extra)


@pytest.fixture(scope="module")
def results(folder: Path) -> PlanResults:
    return read_plan_results(folder)


def values(trace: object, axis: str) -> list[float]:
    return [float(v) for v in getattr(trace, axis)]


def test_the_solve_writes_the_report_and_lists_it(folder: Path) -> None:
    assert (folder / REPORT_FILE).is_file()
    assert REPORT_FILE in read_plan_results(folder).summary["result_files"]
    assert netopt.verify(with_cdc(), folder).ok


def test_every_chart_has_a_title_a_reading_and_a_unique_key(results: PlanResults) -> None:
    charts = capital_charts(results)
    assert len(charts) == 11
    assert len({c.key for c in charts}) == len(charts)
    for chart in charts:
        assert re.fullmatch(r"[a-z][a-z-]*", chart.key)
        assert chart.title and chart.reading.endswith(".")
        assert chart.figure.data, chart.key


def test_spend_bars_and_budget_lines_equal_spend_csv(results: PlanResults) -> None:
    spend = results.table("spend")
    figure = spend_against_budget(results).figure
    for trust, rows in spend.groupby("trust"):
        bars = next(t for t in figure.data if t.name == f"Spend: {trust}")
        assert values(bars, "y") == pytest.approx(list(rows["spend"]))
        assert values(bars, "x") == list(rows["year"])
    budgets = [t for t in figure.data if t.name == "Budget"]
    assert sum(sum(values(t, "y")) for t in budgets) == pytest.approx(spend["budget"].sum())


def test_running_cost_bars_equal_trust_costs(results: PlanResults) -> None:
    costs = results.table("trust_costs")
    running = costs[costs["component"].isin(RUNNING_COMPONENTS)]
    figure = running_costs(results).figure
    drawn = sum(sum(values(t, "y")) for t in figure.data)
    assert drawn == pytest.approx(running["cash"].sum())
    assert {t.legendgroup for t in figure.data} == set(RUNNING_COMPONENTS)


def test_split_bars_equal_scanning_split(results: PlanResults) -> None:
    """The stacked bars are each trust's patients' exams of scanning_split.csv, summed over the
    years: in-house plus outsourced, by modality."""
    split = results.table("scanning_split")
    chart = scanning_split_chart(results)
    assert chart is not None and chart.key == "split"
    for name, column in (
        ("Scanned in the network", "exams_in_house"),
        ("Outsourced", "exams_outsourced"),
    ):
        drawn = sum(sum(values(t, "y")) for t in chart.figure.data if t.name == name)
        assert drawn == pytest.approx(split[column].sum())
    names = trust_names(results)
    labels = {named(names, str(t)) for t in split["trust"]}
    assert {x for t in chart.figure.data for x in t.x} == labels
    assert "outsourced" in chart.reading


def test_no_split_chart_without_the_table(results: PlanResults) -> None:
    """A folder written before scanning_split existed draws no split chart."""
    tables = {k: v for k, v in results.tables.items() if k != "scanning_split"}
    assert scanning_split_chart(replace(results, tables=tables)) is None


def test_access_bars_add_up_to_each_origins_exams(results: PlanResults) -> None:
    """The stacked bands of each origin (within 30, 30-45, 45-60, over 60 minutes,
    outsourced) add up to its exams demanded in access.csv, summed over the years; the
    within-30 and outsourced bands are those columns; the reading names the worst served."""
    access = results.table("access")
    chart = access_chart(results)
    assert chart is not None and chart.key == "access"
    drawn = sum(sum(values(t, "x")) for t in chart.figure.data)
    assert drawn == pytest.approx(access["exams_demanded"].sum())
    for name, column in (
        ("Within 30 minutes", "exams_within_30"),
        ("Outsourced", "exams_outsourced"),
    ):
        part = sum(sum(values(t, "x")) for t in chart.figure.data if t.name == name)
        assert part == pytest.approx(access[column].sum())
    assert "worst served" in chart.reading and "within 45 minutes" in chart.reading


def test_no_access_chart_without_the_table(results: PlanResults) -> None:
    tables = {k: v for k, v in results.tables.items() if k != "access"}
    assert access_chart(replace(results, tables=tables)) is None


def test_capacity_bars_are_exams_scanned_and_outsourced(results: PlanResults) -> None:
    capacity = results.table("capacity")
    figure = capacity_against_demand(results).figure
    for name, column in (
        ("Scanned in the network", "exams_scanned"),
        ("Outsourced", "exams_outsourced"),
        ("Demanded", "exams_demanded"),
    ):
        drawn = sum(sum(values(t, "y")) for t in figure.data if t.name == name)
        assert drawn == pytest.approx(capacity[column].sum())


def test_utilisation_heat_map_is_the_capacity_table(results: PlanResults) -> None:
    capacity = results.table("capacity")
    figure = utilisation_by_site(results).figure
    used = capacity[capacity["hours_available"] > 0]
    cells = [v for t in figure.data for row in t.z for v in row if not pd.isna(v)]
    assert sorted(cells) == pytest.approx(sorted(used["utilisation"]))


def test_value_heat_map_is_the_spend_tables_value_of_capital(results: PlanResults) -> None:
    spend = results.table("spend")
    chart = capital_value(results)
    assert chart is not None
    (trace,) = chart.figure.data
    cells = [v for row in trace.z for v in row if not pd.isna(v)]
    assert sorted(cells) == pytest.approx(sorted(spend["value_per_gbp"]))
    top = spend.loc[spend["value_per_gbp"].idxmax()]
    if top.value_per_gbp > 0:
        assert f"in {top.year} lowers the network's cost by GBP {top.value_per_gbp:.2f}" in (
            chart.reading
        )


def test_without_values_there_is_no_value_chart(results: PlanResults) -> None:
    blank = results.table("spend").assign(value_per_gbp=float("nan"))
    tables = {**results.tables, "spend": blank}
    assert capital_value(PlanResults(results.summary, tables)) is None


def test_age_profile_counts_every_scanner_in_service_once(results: PlanResults) -> None:
    fleet = results.table("fleet")
    figure = fleet_age_profile(results).figure
    assert [t.name for t in figure.data] == [band[2] for band in AGE_BANDS]
    per_year = fleet.groupby("year")["units"].sum()
    stacked = [sum(t.y[i] for t in figure.data) for i in range(len(per_year))]
    assert stacked == pytest.approx(list(per_year))
    old = fleet[fleet["age"] >= 10].groupby("year")["units"].sum().reindex(per_year.index)
    assert values(figure.data[-1], "y") == pytest.approx(list(old.fillna(0)))


def test_map_places_every_site_and_draws_the_patients_who_travel(results: PlanResults) -> None:
    sites = results.table("sites")
    figure = network_map(results).figure
    markers = [t for t in figure.data if t.mode == "markers+text"]
    placed = {(x, y) for t in markers for x, y in zip(t.x, t.y, strict=True)}
    assert placed == set(zip(sites["longitude"], sites["latitude"], strict=True))
    trusts = zip(sites["trust"], sites["trust_name"], strict=True)
    assert {t.name for t in markers} == {named({t: n}, t) for t, n in trusts}
    flows = results.table("flows")
    moved = flows[flows["origin"] != flows["site"]]
    assert len(moved), "the fixture's patients travel to the CDC"
    years = horizon(results)
    hover = next(t for t in figure.data if t.mode == "markers" and t.hovertext)
    drawn = sum(
        float(re.search(r": ([\d,]+) exams", h)[1].replace(",", "")) for h in hover.hovertext
    )
    assert drawn == pytest.approx(
        moved["exams"].sum() / (years.end - years.first), abs=len(hover.hovertext)
    )


def test_cost_waterfall_is_costs_csv(results: PlanResults) -> None:
    costs = results.table("costs")
    trace = cost_breakdown(results).figure.data[0]
    assert values(trace, "y")[:-1] == pytest.approx(list(costs["npv"]))
    assert trace.measure[-1] == "total"
    assert trace.text[-1] == money(costs["npv"].sum())


def test_timeline_has_a_bar_per_scanner_and_purchase(results: PlanResults) -> None:
    decisions = results.table("asset_decisions")
    purchases = results.table("purchases")
    figure = replacement_timeline(results).figure
    bars = {t.name: t for t in figure.data}
    assert sum(len(t.y) for t in figure.data) == len(decisions) + len(purchases)
    new = bars["Bought in the plan"]
    assert sorted(values(new, "base")) == sorted(purchases["in_service_year"].astype(float))
    for trace in figure.data:
        assert all(width >= 0 for width in trace.x)


def test_headline_figures_are_the_summary(results: PlanResults) -> None:
    headline = capital_headline(results)
    summary = results.summary
    cards = {card.label: card for card in headline.cards}
    assert cards["Net present cost"].value == money(summary["objective"])
    assert cards["Scanners bought"].value == str(summary["plan"]["units_bought"])
    assert any("priority baseline" in s for s in headline.sentences)
    assert any("age:10" in s for s in headline.sentences)
    (baselines, trusts) = headline.tables
    assert [row[0] for row in baselines.rows] == list(results.table("baselines")["plan"])
    assert len(trusts.rows) == results.table("trust_costs")["trust"].nunique()


def test_page_is_self_contained(results: PlanResults) -> None:
    page = render_report(results)
    assert page.count("<script") == 1 + len(capital_charts(results))
    outside_scripts = re.sub(r"<script.*?</script>", "", page, flags=re.DOTALL)
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", outside_scripts)
    assert '<script type="text/javascript">' in page  # Plotly inline, not <script src=...>
    for chart in capital_charts(results):
        assert f'id="chart-{chart.key}"' in page


def test_a_plan_without_tables_has_a_headline_and_no_chart() -> None:
    results = PlanResults({"model": "capital", "status": "infeasible", "network": "N"})
    assert capital_charts(results) == []
    assert "no plan" in capital_headline(results).sentences[0]


def test_a_report_that_cannot_be_drawn_costs_only_the_report(tmp_path: Path) -> None:
    """A table the charts cannot read (here a ``costs`` table of the wrong shape, passed as an
    extra table) leaves the report out with a warning; the plan's tables are all written."""
    instance = with_cdc()
    plan = netopt.solve_capital(instance, EXACT)
    wrong = {"costs": pd.DataFrame({"what": ["nothing"]})}
    with pytest.warns(ReportWarning, match="could not be drawn"):
        folder = netopt.write_plan(plan, instance, tmp_path / "plan", extra_tables=wrong)
    assert not (folder / REPORT_FILE).exists()
    assert {f"{name}.csv" for name in plan.tables()} <= {p.name for p in folder.iterdir()}
