"""The workforce report's headline and charts, checked against the tables of real plans: the
tutorial network (no passports granted, some outsourcing, link capacities reached) and the
small ``rich`` network (every family, a passport granted, travel, a full link)."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.graph_objects as go
import pytest

import netopt
from netopt.api import write_plan
from netopt.report.charts import Chart, money, whole
from netopt.report.folder import PlanResults, read_plan_results
from netopt.report.workforce_report import (
    COMPONENT_NAMES,
    DAYS,
    TIER_NAMES,
    WORKFORCE_CHARTS,
    workforce_charts,
    workforce_headline,
)
from netopt.schema import Instance
from tests.verify.workforce_networks import rich

TUTORIAL = Path(__file__).resolve().parents[2] / "instances" / "tutorial.yaml"
KEY = re.compile(r"^[a-z]+(-[a-z]+)*$")


@pytest.fixture(scope="module")
def tutorial_plan() -> tuple[Instance, Any]:
    instance = netopt.load_instance(TUTORIAL)
    return instance, netopt.solve_workforce(instance, netopt.SolveOptions(time_limit=30))


@pytest.fixture(scope="module")
def tutorial(tutorial_plan: tuple[Instance, Any]) -> PlanResults:
    _, plan = tutorial_plan
    return PlanResults(plan.summary(), plan.tables())


@pytest.fixture(scope="module")
def rich_plan() -> PlanResults:
    plan = netopt.solve_workforce(
        Instance.model_validate(rich()), netopt.SolveOptions(time_limit=30)
    )
    return PlanResults(plan.summary(), plan.tables())


@pytest.fixture(scope="module", params=["tutorial", "rich"])
def results(request: pytest.FixtureRequest) -> PlanResults:
    plan: PlanResults = request.getfixturevalue(
        "tutorial" if request.param == "tutorial" else "rich_plan"
    )
    return plan


def chart(results: PlanResults, key: str) -> Chart:
    (found,) = [c for c in workforce_charts(results) if c.key == key]
    return found


def traces(figure: go.Figure, kind: str) -> list[Any]:
    return [t for t in figure.data if t.type == kind]


def axis_titles(figure: go.Figure, axis: str) -> list[str]:
    """The titles of the figure's x or y axes (one per subplot)."""
    layout = figure.layout.to_plotly_json()
    return [
        str((value.get("title") or {}).get("text") or "")
        for name, value in layout.items()
        if re.fullmatch(f"{axis}axis[0-9]*", name)
    ]


def close(a: float, b: float, tolerance: float = 1e-6) -> bool:
    return math.isclose(a, b, rel_tol=tolerance, abs_tol=tolerance)


def summed(frame: pd.DataFrame, by: str, column: str) -> dict[str, float]:
    return {str(k): float(v) for k, v in frame.groupby(by)[column].sum().items()}


def labelled(pairs: Iterator[tuple[str, float]]) -> dict[str, float]:
    out: dict[str, float] = defaultdict(float)
    for key, value in pairs:
        out[key] += float(value)
    return dict(out)


# --- every chart --------------------------------------------------------------------------


def test_every_chart_has_a_key_a_title_a_reading_and_axis_titles(results: PlanResults) -> None:
    charts = workforce_charts(results)
    assert len(charts) == len(WORKFORCE_CHARTS) >= 6
    keys = [c.key for c in charts]
    assert len(set(keys)) == len(keys)
    for c in charts:
        assert KEY.match(c.key), c.key
        assert c.title.strip()
        assert c.reading.strip() and c.reading.endswith(".") and "\n" not in c.reading
        assert ". " not in c.reading.rstrip("."), c.reading  # one sentence
        assert c.figure.data, c.key
        if all(t.type == "sankey" for t in c.figure.data):
            (note,) = c.figure.layout.annotations
            assert "exams a week" in note.text
        else:
            assert any(axis_titles(c.figure, "x")), c.key
            assert all(axis_titles(c.figure, "y")), c.key
        for t in c.figure.data:
            hover = t.link.hovertemplate if t.type == "sankey" else t.hovertemplate
            assert hover or t.hovertext, (c.key, t.type)


def test_the_charts_are_the_ones_asked_for(tutorial: PlanResults) -> None:
    kinds = {c.key: {t.type for t in c.figure.data} for c in workforce_charts(tutorial)}
    assert kinds["roster"] == {"heatmap"}
    assert kinds["staff-utilisation"] == {"bar"}
    assert kinds["passports"] == {"bar"}
    assert kinds["reporting-flows"] == {"sankey"}
    assert kinds["exam-volumes"] == {"bar"}
    assert kinds["costs"] == {"waterfall"}


# --- roster -------------------------------------------------------------------------------


def test_roster_heat_maps_count_the_people_rostered(results: PlanResults) -> None:
    roster = results.table("roster")
    sites = results.table("sites")
    figure = chart(results, "roster").figure
    scan, report = traces(figure, "heatmap")
    for heat_map, activity in ((scan, "scan"), (report, "report")):
        part = roster[roster["activity"] == activity]
        assert sum(map(sum, heat_map.z)) == len(part)
        per_place = part.groupby("place").size()
        label = {
            s: f"{n} ({s})" if n != s else s
            for s, n in zip(sites["site"], sites["name"], strict=True)
        }
        label["home"] = "Home (remote reporting)"
        assert {label[p]: n for p, n in per_place.items()} == {
            y: sum(row) for y, row in zip(heat_map.y, heat_map.z, strict=True)
        }
        per_slot = part.assign(slot=part["day"].str.capitalize() + " " + part["session"])
        for slot, n in per_slot.groupby("slot").size().items():
            column = list(heat_map.x).index(str(slot))
            assert sum(row[column] for row in heat_map.z) == n
    # the sessions run through the week in order
    slots = [x.split() for x in scan.x]
    assert [DAYS.index(d.lower()) for d, _ in slots] == sorted(
        DAYS.index(d.lower()) for d, _ in slots
    )
    assert list(report.x) == list(scan.x)


def test_roster_sessions_are_in_the_template_order(tutorial: PlanResults) -> None:
    heat_map = traces(chart(tutorial, "roster").figure, "heatmap")[0]
    assert list(heat_map.x[:3]) == ["Mon am", "Mon pm", "Mon eve"]
    assert len(heat_map.x) == 21
    assert "William Harvey Hospital (Ashford) (RVV01)" in heat_map.y


def test_roster_reading_names_the_busiest_session(tutorial: PlanResults) -> None:
    roster = tutorial.table("roster")
    slots = roster["day"].str.capitalize() + " " + roster["session"]
    per_slot = roster.assign(slot=slots).groupby("slot").size()
    top = int(per_slot.max())
    reading = chart(tutorial, "roster").reading
    assert reading.startswith(f"{per_slot.idxmax()} is the busiest session")
    assert f"with {whole(top)} people" in reading


# --- staff utilisation --------------------------------------------------------------------


def test_tier_bars_add_up_to_utilisation_staff(results: PlanResults) -> None:
    staff = results.table("utilisation_staff")
    figure = chart(results, "staff-utilisation").figure
    bars = {t.name: t for t in traces(figure, "bar")}
    tier_of = {name: tier for tier, name in TIER_NAMES.items()}

    def by_tier(trace: Any) -> dict[str, float]:
        tiers, _ = trace.x
        return labelled((tier_of[t], y) for t, y in zip(tiers, trace.y, strict=True))

    contracted = summed(staff, "tier", "contracted_sessions")
    worked = summed(staff, "tier", "worked_sessions")
    extra = summed(staff, "tier", "extra_sessions")
    assert by_tier(bars["Contracted"]) == pytest.approx(contracted)
    within = by_tier(bars["Worked within contract"])
    on_top = by_tier(bars["Extra paid sessions"])
    assert on_top == pytest.approx(extra)
    assert {t: within[t] + on_top[t] for t in within} == pytest.approx(worked)
    # one segment (and one hover text) per staff row
    for trace in bars.values():
        assert len(trace.y) == len(staff)
        assert {text.split("</b>")[0].removeprefix("<b>") for text in trace.hovertext} == set(
            staff["staff"]
        )


# --- passports ----------------------------------------------------------------------------


def test_passports_held_but_none_granted(tutorial: PlanResults) -> None:
    passports = tutorial.table("passports")
    assert set(passports["status"]) == {"held"}
    c = chart(tutorial, "passports")
    (held,) = traces(c.figure, "bar")
    assert held.name == "Held already"
    assert sum(held.x) == passports["people"].sum()
    assert c.reading.startswith("No passport is granted (the passport policy allows none)")
    assert f"covering {whole(passports['people'].sum())} people" in c.reading


def test_passports_granted_by_the_plan(rich_plan: PlanResults) -> None:
    passports = rich_plan.table("passports")
    granted = passports[passports["status"] == "granted"]
    assert not granted.empty
    bars = {t.name: t for t in traces(chart(rich_plan, "passports").figure, "bar")}
    assert sum(bars["Granted by the plan"].x) == granted["people"].sum()
    assert (
        sum(bars["Held already"].x) == passports.loc[passports["status"] == "held", "people"].sum()
    )
    text = " ".join(bars["Granted by the plan"].hovertext)
    assert money(float(granted["cost"].sum())) in text
    assert chart(rich_plan, "passports").reading.startswith(
        "The plan grants 1 passport covering 1 person"
    )


# --- reporting flows ----------------------------------------------------------------------


def test_sankey_links_are_the_reporting_flows(results: PlanResults) -> None:
    (sankey,) = chart(results, "reporting-flows").figure.data
    labels = list(sankey.node.label)
    worklists: dict[int, float] = defaultdict(float)
    outsourced: dict[int, float] = defaultdict(float)
    for source, target, value in zip(
        sankey.link.source, sankey.link.target, sankey.link.value, strict=True
    ):
        if labels[target] == "Outsourced":
            outsourced[source] += value
        elif labels[target].startswith("Late"):
            pass
        else:
            worklists[source] += value
    flows = results.table("reporting_flows")
    names = dict(zip(results.table("sites")["site"], results.table("sites")["name"], strict=True))

    def node(site: str) -> str:
        return f"{names[site]} ({site})" if names[site] != site else site

    expected = {node(s): v for s, v in summed(flows, "site", "exams").items()}
    assert {labels[i]: v for i, v in worklists.items()} == pytest.approx(expected)
    bought = results.table("outsourced")
    expected = {node(s): v for s, v in summed(bought, "site", "reports").items()}
    assert {labels[i]: v for i, v in outsourced.items()} == pytest.approx(expected)
    # every acquired exam is somewhere in the diagram
    assert sum(sankey.link.value) == pytest.approx(
        results.table("volumes")["acquired"].sum(), rel=1e-5
    )


def test_sankey_reading_counts_exams_reported_elsewhere(rich_plan: PlanResults) -> None:
    flows = rich_plan.table("reporting_flows")
    away = flows[(flows["place"] != flows["site"]) & (flows["place"] != "home")]["exams"].sum()
    reading = chart(rich_plan, "reporting-flows").reading
    assert f", {whole(away)} (" in reading
    assert "the largest flow between sites is B → A" in reading


# --- volumes, costs, links ----------------------------------------------------------------


def test_volume_bars_are_the_volumes_table(results: PlanResults) -> None:
    volumes = results.table("volumes")
    bars = {t.name: t for t in traces(chart(results, "exam-volumes").figure, "bar")}
    for column, name in (
        ("reported_at_sites", "Reported at sites"),
        ("reported_at_home", "Reported at home"),
        ("outsourced", "Outsourced"),
        ("late", "Late"),
    ):
        assert list(bars[name].x) == list(volumes["exam_type"])
        assert list(bars[name].y) == pytest.approx(list(volumes[column]))


def test_volume_reading_names_the_outsourced_exam_type(tutorial: PlanResults) -> None:
    volumes = tutorial.table("volumes")
    reading = chart(tutorial, "exam-volumes").reading
    assert f"{whole(volumes['outsourced'].sum())} (" in reading
    assert "CT-head" in reading and reading.endswith("none is late.")


def test_cost_waterfall_is_the_costs_table(results: PlanResults) -> None:
    costs = results.table("costs")
    (waterfall,) = chart(results, "costs").figure.data
    n = len(costs)
    assert list(waterfall.x[:n]) == [COMPONENT_NAMES[c] for c in costs["component"]]
    assert list(waterfall.y[:n]) == pytest.approx(list(costs["annual"]))
    assert list(waterfall.measure) == ["relative"] * n + ["total"]
    assert waterfall.y[n] == pytest.approx(results.summary["objective"])


def test_link_bars_are_each_links_busiest_day(results: PlanResults) -> None:
    flows = results.table("link_flows")
    figure = chart(results, "image-links").figure
    (bars,) = traces(figure, "bar")
    flows = flows.assign(link=flows["origin"] + " → " + flows["destination"])
    busiest = flows.groupby("link")["studies"].max()
    assert dict(zip(bars.x, bars.y, strict=True)) == pytest.approx(
        {str(link): v for link, v in busiest.items()}
    )
    (limits,) = traces(figure, "scatter")
    capacity = flows.dropna(subset=["capacity"]).groupby("link")["capacity"].first()
    assert dict(zip(limits.x, limits.y, strict=True)) == {
        str(link): v for link, v in capacity.items()
    }


# --- headline -----------------------------------------------------------------------------


def test_headline_figures_are_the_summary(results: PlanResults) -> None:
    summary = results.summary
    plan, costs = summary["plan"], summary["costs"]
    headline = workforce_headline(results)
    assert headline.title == f"Workforce plan: {summary['network']}"
    assert str(summary["year"]) in headline.subtitle
    assert summary["quality"] in headline.subtitle
    assert summary["passport_policy"] in headline.subtitle
    cards = {card.label: card for card in headline.cards}
    assert cards["Annual cost"].value == money(summary["objective"])
    assert cards["People rostered"].value == whole(plan["people_rostered"])
    assert cards["Sessions a week"].value == whole(plan["sessions_worked"])
    assert whole(plan["extra_sessions_per_week"]) in cards["Sessions a week"].note
    assert cards["Exams a week"].value == whole(plan["exams_per_week"])
    assert cards["Reported at home"].value == whole(plan["reported_at_home_per_week"])
    assert cards["Outsourced"].value == whole(plan["outsourced_per_week"])
    assert money(costs["outsourcing"]) in cards["Outsourced"].note
    assert cards["Late"].value == whole(plan["backlog_per_week"])
    assert cards["Passports granted"].value == whole(plan["passports_granted"])
    first = headline.sentences[0]
    assert first.startswith(
        f"{whole(plan['reported_at_sites_per_week'])} of {whole(plan['exams_per_week'])} exams a "
        f"week are reported at the network's sites, {whole(plan['reported_at_home_per_week'])} "
        f"from home; {whole(plan['outsourced_per_week'])} are outsourced at "
        f"{money(costs['outsourcing'])} a year"
    )
    (table,) = headline.tables
    assert [row[0] for row in table.rows] == [*(COMPONENT_NAMES[c] for c in costs), "Total"]
    assert table.rows[-1][1] == f"{summary['objective']:,.0f}"


def test_tutorial_headline_in_words(tutorial: PlanResults) -> None:
    headline = workforce_headline(tutorial)
    assert headline.title == "Workforce plan: Kent and Medway tutorial imaging network"
    assert any(s.startswith("No passport is granted") for s in headline.sentences)
    assert any("contracted sessions a week are not rostered" in s for s in headline.sentences)


# --- empty tables, no plan, a folder read back --------------------------------------------


def test_empty_tables_give_charts_that_say_so(rich_plan: PlanResults) -> None:
    empty = PlanResults(
        rich_plan.summary, {name: frame.iloc[0:0] for name, frame in rich_plan.tables.items()}
    )
    missing = PlanResults(rich_plan.summary, {})
    for plan in (empty, missing):
        charts = {c.key: c for c in workforce_charts(plan)}
        assert charts["roster"].reading == "Nobody is rostered: the plan has no roster."
        assert charts["passports"].reading.startswith("No staff row holds or is granted")
        assert charts["image-links"].reading.startswith("No images are sent between sites")
        assert all(c.reading for c in charts.values())
        assert workforce_headline(plan).cards


def test_no_plan_has_a_headline_and_no_charts() -> None:
    summary = {"model": "workforce", "network": "N", "status": "infeasible", "quality": "no plan"}
    results = PlanResults(summary, {})
    headline = workforce_headline(results)
    assert headline.title == "Workforce plan: N"
    assert "no plan" in headline.sentences[0]
    assert workforce_charts(results) == []


def test_a_result_folder_read_back_gives_the_same_report(
    tutorial_plan: tuple[Instance, Any], tutorial: PlanResults, tmp_path: Path
) -> None:
    instance, plan = tutorial_plan
    folder = write_plan(plan, instance, tmp_path / "plan", report=False)
    read = read_plan_results(folder)
    assert [(c.key, c.reading) for c in workforce_charts(read)] == [
        (c.key, c.reading) for c in workforce_charts(tutorial)
    ]
    assert workforce_headline(read).cards == workforce_headline(tutorial).cards
