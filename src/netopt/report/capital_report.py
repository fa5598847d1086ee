"""The capital plan's report: the headline and one function per chart.

Every figure is taken from the plan's tables (``docs/results.md``) and ``summary.json``;
nothing is re-solved. Each chart function returns a :class:`~netopt.report.charts.Chart` whose
reading (one sentence) is computed from the same numbers it draws.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any, cast

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from netopt.report.charts import (
    DARK_GREY,
    GREEN,
    MID_GREY,
    NHS_BLUE,
    PALE_GREY,
    RED,
    ROW_HEIGHT,
    WARM_YELLOW,
    Chart,
    colours,
    money,
    share,
    styled,
    whole,
)
from netopt.report.folder import PlanResults, blank, records
from netopt.report.headline import Card, Headline, SmallTable

RUNNING_COMPONENTS = ("maintenance", "outsourcing", "in_house_scanning", "patient_travel")
"""The components of ``trust_costs`` that recur every year the plan runs."""
COMPONENT_NAMES = {
    "capital": "Capital (scanners)",
    "enabling_works": "Enabling works (rooms)",
    "maintenance": "Maintenance",
    "outsourcing": "Outsourcing",
    "in_house_scanning": "In-house scanning (staff, consumables)",
    "patient_travel": "Patient travel",
    "resale": "Resale",
    "residual_value": "Residual value",
}
"""Each cost component in words."""
AGE_BANDS = ((0, 7, "under 7 years"), (7, 10, "7 to 9 years"), (10, 1000, "10 years or more"))
"""The fleet age profile's bands: (from, below, words); the guide's 7 and 10 years."""
AGE_COLOURS = (NHS_BLUE, WARM_YELLOW, RED)
FULL = 0.95
"""Utilisation at or above which a site's scanners are called full."""
KIND_SYMBOLS = {"hospital": "circle", "cdc": "diamond", "other": "square"}
"""Map marker by kind of site."""
FLOW_CLASSES = 4
"""How many line widths the map draws patient flows in."""
TIMELINE_STATES = {
    "kept": ("Existing, kept to the horizon end", MID_GREY),
    "replace": ("Existing, replaced", WARM_YELLOW),
    "retire": ("Existing, retired", RED),
    "new": ("Bought in the plan", GREEN),
}
"""The replacement timeline's bar kinds: legend words and colour."""


# --------------------------------------------------------------------------- shared lookups


@dataclass(frozen=True)
class Horizon:
    """The plan years: ``first`` to ``end - 1``; ``end`` is the horizon end."""

    first: int
    end: int

    @property
    def last(self) -> int:
        return self.end - 1


def horizon(results: PlanResults) -> Horizon:
    """The plan years, from the yearly tables (spend has a row per trust and plan year)."""
    years: list[int] = []
    for name in ("spend", "fleet", "capacity"):
        frame = results.table(name)
        if "year" in frame and len(frame):
            years += [int(frame["year"].min()), int(frame["year"].max())]
    if not years:
        return Horizon(0, 1)
    return Horizon(min(years), max(years) + 1)


def site_names(results: PlanResults) -> dict[str, str]:
    """Site id -> its name (the id when the plan has no ``sites`` table)."""
    sites = results.table("sites")
    if sites.empty:
        return {}
    return {str(r.site): str(r.name) for r in records(sites)}


def trust_names(results: PlanResults) -> dict[str, str]:
    """Trust id -> its name, from the ``sites`` table."""
    sites = results.table("sites")
    if sites.empty:
        return {}
    return {str(r.trust): str(r.trust_name) for r in records(sites)}


def named(names: Mapping[str, str], key: str) -> str:
    """``Name (id)``, or the id alone when it has no other name."""
    name = names.get(key)
    return f"{name} ({key})" if name and name != key else key


def row_of_max(frame: pd.DataFrame, column: str) -> Any:
    """The (first) row where ``column`` is largest."""
    return frame.iloc[int(frame[column].to_numpy().argmax())]


def row_of_min(frame: pd.DataFrame, column: str) -> Any:
    """The (first) row where ``column`` is smallest."""
    return frame.iloc[int(frame[column].to_numpy().argmin())]


# --------------------------------------------------------------------------- headline


def _baseline_rows(results: PlanResults) -> list[Any]:
    table = results.table("baselines")
    return [] if table.empty else list(records(table))


def baseline_sentences(results: PlanResults) -> list[str]:
    """How the plan compares with each baseline of ``baselines.csv``, one sentence each."""
    out = []
    rows = _baseline_rows(results)
    plan = next((r for r in rows if r.plan == "optimised"), None)
    for row in rows:
        if row.plan == "optimised":
            continue
        if not blank(row.objective):
            saving = float(row.saving_vs_plan)
            verb = "saves" if saving >= 0 else "costs"
            sentence = (
                f"Against the {row.plan} baseline (GBP {row.objective / 1e6:,.1f}m) this plan "
                f"{verb} {money(abs(saving))} ({abs(float(row.saving_pct)):.1f}%)"
            )
            if plan is not None and not blank(row.capital_spend):
                capital = float(plan.capital_spend) - float(row.capital_spend)
                outsourced = float(plan.exams_outsourced) - float(row.exams_outsourced)
                sentence += (
                    f": it spends {money(abs(capital))} {'more' if capital >= 0 else 'less'} "
                    f"capital and outsources {whole(abs(outsourced))} "
                    f"{'more' if outsourced >= 0 else 'fewer'} exams."
                )
            else:
                sentence += "."
            out.append(sentence)
        elif not blank(getattr(row, "cost_if_funded", None)):
            extra = float(row.saving_if_funded)
            out.append(
                f"The {row.plan} baseline breaks the capital budgets; were the money found it "
                f"would cost {money(float(row.cost_if_funded))}, {money(abs(extra))} "
                f"{'more' if extra >= 0 else 'less'} than this plan."
            )
        else:
            out.append(f"The {row.plan} baseline has no plan ({row.status}).")
    return out


def baseline_table(results: PlanResults) -> tuple[SmallTable, ...]:
    """The comparison with the baselines as a small table (none without ``baselines.csv``)."""
    rows = _baseline_rows(results)
    if not rows:
        return ()

    def cell(value: Any, show: Any) -> str:
        return "-" if blank(value) else str(show(float(value)))

    body = []
    for row in rows:
        funded: Any = getattr(row, "cost_if_funded", None)
        cost = cell(row.objective, money)
        saving = cell(row.saving_vs_plan, money)
        if cost == "-" and not blank(funded):
            cost = f"{money(float(funded))} if funded"
            saving = f"{money(float(row.saving_if_funded))} if funded"
        body.append(
            (
                str(row.plan),
                cost,
                saving,
                cell(row.saving_pct, lambda x: f"{x:.1f}%"),
                cell(row.capital_spend, money),
                cell(row.exams_outsourced, whole),
                cell(row.demand_met_pct, lambda x: f"{x:.1f}%"),
                str(row.status),
            )
        )
    header = (
        "plan",
        "net present cost",
        "saving by this plan",
        "saving %",
        "capital spend",
        "exams outsourced",
        "demand met in the network",
        "status",
    )
    note = (
        "practice funds ranked like-for-like replacements and new scanners where demand "
        "outgrows the fleet, within each trust's budget (what planners do); priority funds the "
        "replacements only; age:N replaces like for like at age N, whatever the budget. Money as in the summary: present value, "
        "except capital spend (cash)."
    )
    return (SmallTable("Against today's rules (baselines)", header, tuple(body), note),)


def trust_cost_table(
    results: PlanResults, title: str = "Net present cost to each trust"
) -> tuple[SmallTable, ...]:
    """Each trust's net present cost by component (``trust_costs``), as a small table."""
    costs = results.table("trust_costs")
    if costs.empty:
        return ()
    names = trust_names(results)
    npv = costs.pivot_table(index="trust", columns="component", values="npv", aggfunc="sum")
    npv = npv.fillna(0.0)
    columns = [c for c in COMPONENT_NAMES if c in npv.columns]
    rows = tuple(
        (
            named(names, str(trust)),
            *(money(float(npv.loc[trust, c])) for c in columns),
            money(float(npv.loc[trust, columns].sum())),
        )
        for trust in npv.index
    )
    header = ("trust", *(COMPONENT_NAMES[c] for c in columns), "total")
    note = "Present value (GBP); each cost falls to the trust that owns the site, a network "
    note += "site's by capital share; outsourcing and travel to the referring site's trust."
    return (SmallTable(title, header, rows, note),)


def quality_card(objective: float, bound: float | None, gap: float | None) -> Card:
    """How far the plan may be above the best possible plan: (objective - bound) / bound, as
    the plan's quality sentence says it."""
    if bound is None or gap is None:
        return Card("How good", "not proven", "no bound on the best possible plan")
    if gap <= 1e-4:
        return Card("How good", "optimal", "no plan is cheaper")
    above = (objective - bound) / bound if bound > 0 else math.inf
    return Card(
        "At most", f"{share(above)} above", f"the best possible plan (bound {money(bound)})"
    )


def decision_cards(results: PlanResults) -> list[Card]:
    """The key figures of what the capital plan does: scanners bought, capital spend, rooms
    built and exams outsourced (``summary.json``'s ``plan``)."""
    plan = results.summary.get("plan") or {}
    demanded = results.table("capacity")
    exams_demanded = float(demanded["exams_demanded"].sum()) if len(demanded) else 0.0
    outsourced = float(plan.get("exams_outsourced", 0.0))
    return [
        Card(
            "Scanners bought",
            whole(plan.get("units_bought", 0)),
            f"{plan.get('scanners_replaced', 0)} replacements, "
            f"{plan.get('scanners_retired', 0)} retired without one",
        ),
        Card("Capital spend", money(plan.get("capital_spend", 0.0)), "cash, all years"),
        Card("Rooms built", whole(plan.get("rooms_built", 0)), "new scanner rooms"),
        Card(
            "Exams outsourced",
            whole(outsourced),
            f"{share(outsourced / exams_demanded)} of demand" if exams_demanded else "",
        ),
    ]


def quality_sentence(quality: str) -> str:
    """The plan's quality (``summary.json``'s ``quality``) as the headline's first sentence:
    ``This plan is optimal: no plan is cheaper.``, ``This plan costs at most 1.20% more than
    the best possible plan.``, ``This plan has no proven bound: ...``."""
    if not quality[:1].islower():
        return quality
    verb = "" if quality.startswith("costs") else "has " if quality.startswith("no ") else "is "
    return f"This plan {verb}{quality}."


def capital_headline(results: PlanResults) -> Headline:
    """The title, key figures and sentences of a capital plan's report."""
    s = results.summary
    years = horizon(results)
    objective = s.get("objective")
    gap = s.get("gap")
    title = f"Capital plan: {s.get('network', '')}"
    quality = str(s.get("quality") or s.get("status", ""))
    subtitle = f"Plan years {years.first} to {years.last}; {quality}"
    if objective is None:
        return Headline(title, subtitle, (), (f"There is no plan: {s.get('status')}.",))
    cards = [
        Card("Net present cost", money(objective), f"GBP in {years.first} prices, discounted"),
        quality_card(objective, s.get("bound"), gap),
        *decision_cards(results),
    ]
    sentences = [quality_sentence(quality)]
    sentences += baseline_sentences(results)
    costs = s.get("costs") or {}
    if costs and objective > 0:
        biggest = max(costs, key=lambda c: costs[c])
        sentences.append(
            f"Its largest cost is {COMPONENT_NAMES.get(biggest, biggest).lower()} "
            f"({money(costs[biggest])}, {share(costs[biggest] / objective)} of the total)."
        )
    if s.get("still_the_start"):
        sentences.append("The plan is still the baseline plan the search started from.")
    tables = (*baseline_table(results), *trust_cost_table(results))
    return Headline(title, subtitle, tuple(cards), tuple(sentences), tables)


# --------------------------------------------------------------------------- charts


def _timeline_bars(results: PlanResults) -> pd.DataFrame:
    """One bar per existing scanner and per purchase: label, site, state, start, end, text."""
    years = horizon(results)
    names = site_names(results)
    rows = []
    for a in records(results.table("asset_decisions")):
        exit_year = years.end if blank(a.year) else int(a.year)
        state = "kept" if a.decision == "keep" else str(a.decision)
        words = {
            "kept": f"kept to the horizon end, aged {a.age}",
            "replace": f"leaves in {exit_year} aged {a.age}, replaced by {a.replaced_by}",
            "retire": f"retired in {exit_year} aged {a.age}",
        }[state]
        text = (
            f"{a.asset} ({a.kind}) at {named(names, a.site)}<br>installed {a.install_year}; {words}"
        )
        start = int(a.install_year)
        rows.append((f"{a.site} · {a.asset}", a.site, a.modality, state, start, exit_year, text))
    for p in records(results.table("purchases")):
        end = years.end if blank(p.retire_year) else int(p.retire_year)
        units = int(p.units)
        label = f"{p.site} · new {p.model} {p.year}" + (f" x{units}" if units > 1 else "")
        text = (
            f"{units} x {p.model} ({p.modality}) at {named(names, p.site)}<br>bought {p.year}, "
            f"in service {p.in_service_year}"
            + ("" if blank(p.retire_year) else f", retired {int(p.retire_year)}")
            + f"<br>{money(float(p.cost))}"
        )
        rows.append((label, p.site, p.modality, "new", int(p.in_service_year), end, text))
    columns = ["label", "site", "modality", "state", "start", "end", "text"]
    bars = pd.DataFrame(rows, columns=columns)
    return bars.sort_values(["site", "modality", "start", "label"], kind="stable")


def replacement_timeline(results: PlanResults) -> Chart:
    """Gantt chart: every scanner's years in service, from installation (or purchase) to the
    year it leaves, grouped by site; the years before the plan shaded."""
    years = horizon(results)
    bars = _timeline_bars(results)
    figure = go.Figure()
    for state, (words, shade) in TIMELINE_STATES.items():
        part = bars[bars["state"] == state]
        figure.add_trace(
            go.Bar(
                name=words,
                y=part["label"],
                x=part["end"] - part["start"],
                base=part["start"],
                orientation="h",
                marker_color=shade,
                hovertext=part["text"],
                hoverinfo="text",
            )
        )
    figure.update_yaxes(
        categoryorder="array", categoryarray=list(bars["label"]), autorange="reversed"
    )
    figure.add_vrect(
        x0=float(bars["start"].min()) if len(bars) else years.first,
        x1=years.first,
        fillcolor=PALE_GREY,
        line_width=0,
        layer="below",
        annotation_text="before the plan",
        annotation_position="top left",
    )
    styled(
        figure,
        x_title="Year (a bar runs from the year in service to the year it leaves)",
        y_title="",
        height=120 + ROW_HEIGHT * max(len(bars), 4),
    )
    figure.update_layout(barmode="overlay", bargap=0.25)
    counts = bars["state"].value_counts()
    reading = (
        f"Of {int((bars['state'] != 'new').sum())} scanners in service today, "
        f"{int(counts.get('replace', 0))} are replaced, {int(counts.get('retire', 0))} retired "
        f"and {int(counts.get('kept', 0))} kept; {int(counts.get('new', 0))} purchases bring "
        f"new scanners into service."
    )
    return Chart("timeline", "Replacement timeline, scanner by scanner", reading, figure)


def spend_against_budget(results: PlanResults) -> Chart:
    """Capital spend per trust and year against the budget (and the budget plus carry-over)."""
    spend = results.table("spend").sort_values(["trust", "year"])
    names = trust_names(results)
    trusts = list(dict.fromkeys(spend["trust"]))
    shades = colours(trusts)
    figure = make_subplots(
        rows=len(trusts),
        cols=1,
        shared_xaxes=True,
        subplot_titles=[named(names, t) for t in trusts],
        vertical_spacing=0.08 if len(trusts) < 6 else 0.03,
    )
    for row, trust in enumerate(trusts, start=1):
        part = spend[spend["trust"] == trust]
        figure.add_trace(
            go.Bar(
                name=f"Spend: {trust}",
                x=part["year"],
                y=part["spend"],
                marker_color=shades[trust],
                hovertemplate="%{x}: spend GBP %{y:,.0f}<extra>" + trust + "</extra>",
            ),
            row=row,
            col=1,
        )
        figure.add_trace(
            go.Scatter(
                name="Budget",
                x=part["year"],
                y=part["budget"],
                mode="lines+markers",
                line={"color": DARK_GREY, "shape": "hvh"},
                showlegend=row == 1,
                legendgroup="budget",
                hovertemplate="%{x}: budget GBP %{y:,.0f}<extra>" + trust + "</extra>",
            ),
            row=row,
            col=1,
        )
        if (part["carried_in"] > 0).any():
            figure.add_trace(
                go.Scatter(
                    name="Budget with carry-over",
                    x=part["year"],
                    y=part["budget"] + part["carried_in"],
                    mode="lines",
                    line={"color": DARK_GREY, "dash": "dot", "shape": "hvh"},
                    legendgroup="carry",
                    showlegend=row == 1,
                    hovertemplate="%{x}: available GBP %{y:,.0f}<extra>" + trust + "</extra>",
                ),
                row=row,
                col=1,
            )
    styled(figure, height=160 + 170 * len(trusts))
    figure.update_yaxes(title_text="GBP, cash", tickformat=",.0f")
    figure.update_xaxes(title_text="Year", row=len(trusts), col=1, dtick=1)
    total_budget = float(spend["budget"].sum())
    total_spend = float(spend["spend"].sum())
    reading = f"Capital spend of {money(total_spend)} over the plan"
    if total_budget > 0:
        reading += f" uses {share(total_spend / total_budget)} of the {money(total_budget)} budget"
    if len(spend):
        top = row_of_max(spend, "spend")
        reading += f"; the largest year is {named(names, top.trust)} in {int(top.year)} ({money(top.spend)})"
    return Chart("spend", "Capital spend against budget, by trust and year", reading + ".", figure)


def capital_value(results: PlanResults) -> Chart | None:
    """Heat map: the value of one more GBP of each trust's budget in each year
    (``value_per_gbp`` of ``spend``); None when no value was computed."""
    spend = results.table("spend")
    if "value_per_gbp" not in spend.columns:
        return None
    spend = spend.assign(value_per_gbp=pd.to_numeric(spend["value_per_gbp"], errors="coerce"))
    known = spend.dropna(subset=["value_per_gbp"])
    if known.empty:
        return None
    names = trust_names(results)
    grid = spend.pivot_table(index="trust", columns="year", values="value_per_gbp", dropna=False)
    text = [
        [
            f"{named(names, trust)} {year}: GBP 1 more lowers the network's cost by GBP "
            f"{grid.loc[trust, year]:.2f}"
            if not math.isnan(grid.loc[trust, year])
            else f"{named(names, trust)} {year}: not computed"
            for year in grid.columns
        ]
        for trust in grid.index
    ]
    figure = go.Figure(
        go.Heatmap(
            z=grid.values,
            x=list(grid.columns),
            y=[named(names, t) for t in grid.index],
            zmin=0,
            colorscale=[[0, "#FFFFFF"], [0.5, "#41B6E6"], [1, "#003087"]],
            colorbar={"title": "GBP per GBP"},
            hovertext=text,
            hoverinfo="text",
        )
    )
    styled(figure, height=160 + ROW_HEIGHT * 2 * max(len(grid.index), 1))
    figure.update_xaxes(title_text="Year", dtick=1)
    top = row_of_max(known, "value_per_gbp")
    idle = int((known["value_per_gbp"] <= 0).sum())
    if float(top.value_per_gbp) > 0:
        reading = (
            f"GBP 1 more for {named(names, top.trust)} in {int(top.year)} lowers the network's "
            f"cost by GBP {float(top.value_per_gbp):.2f}, the most anywhere"
        )
    else:
        reading = "No trust's plan is held back by its budget"
    reading += (
        f"; in {idle} of {len(known)} trust-years more money buys nothing worth its cost. "
        "Local to this plan's decisions, with scanners bought by the pound (models/capital.md)"
    )
    if len(known) < len(spend):
        reading += f"; {len(spend) - len(known)} trust-years not computed within the time limit"
    return Chart(
        "value", "The value of one more GBP of capital, by trust and year", reading + ".", figure
    )


def running_costs(results: PlanResults) -> Chart:
    """Maintenance, outsourcing and patient travel per trust and year (cash, stacked)."""
    costs = results.table("trust_costs")
    running = costs[costs["component"].isin(RUNNING_COMPONENTS)] if len(costs) else costs
    names = trust_names(results)
    trusts = sorted(set(running["trust"])) if len(running) else []
    shades = colours(list(RUNNING_COMPONENTS))
    figure = make_subplots(
        rows=max(len(trusts), 1),
        cols=1,
        shared_xaxes=True,
        subplot_titles=[named(names, t) for t in trusts] or [""],
        vertical_spacing=0.08 if len(trusts) < 6 else 0.03,
    )
    for row, trust in enumerate(trusts, start=1):
        part = running[running["trust"] == trust]
        for component in RUNNING_COMPONENTS:
            rows = part[part["component"] == component].sort_values("year")
            figure.add_trace(
                go.Bar(
                    name=COMPONENT_NAMES[component],
                    x=rows["year"],
                    y=rows["cash"],
                    marker_color=shades[component],
                    legendgroup=component,
                    showlegend=row == 1,
                    hovertemplate="%{x}: GBP %{y:,.0f}<extra>"
                    + f"{trust} {COMPONENT_NAMES[component].lower()}</extra>",
                ),
                row=row,
                col=1,
            )
    styled(figure, height=160 + 170 * max(len(trusts), 1))
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title_text="GBP a year, cash", tickformat=",.0f")
    figure.update_xaxes(title_text="Year", row=max(len(trusts), 1), col=1, dtick=1)
    if len(running):
        by_trust = running.groupby("trust")["cash"].sum()
        top = str(by_trust.idxmax())
        reading = (
            f"Running costs total {money(float(running['cash'].sum()))} in cash over the plan; "
            f"{named(names, top)} bears the most ({money(float(by_trust[top]))})."
        )
    else:
        reading = "The plan has no running costs."
    return Chart("running", "Running cost per trust and year", reading, figure)


def capacity_against_demand(results: PlanResults) -> Chart:
    """Exams demanded per modality and year: scanned in the network or outsourced."""
    capacity = results.table("capacity")
    totals = capacity.groupby(["modality", "year"], as_index=False)[
        ["exams_scanned", "exams_outsourced", "exams_demanded"]
    ].sum()
    modalities = sorted(set(totals["modality"]))
    figure = make_subplots(
        rows=1, cols=max(len(modalities), 1), subplot_titles=modalities or [""], shared_yaxes=False
    )
    for col, modality in enumerate(modalities, start=1):
        part = totals[totals["modality"] == modality]
        first = col == 1
        figure.add_trace(
            go.Bar(
                name="Scanned in the network",
                x=part["year"],
                y=part["exams_scanned"],
                marker_color=NHS_BLUE,
                legendgroup="scanned",
                showlegend=first,
                hovertemplate="%{x}: %{y:,.0f} exams scanned<extra>" + modality + "</extra>",
            ),
            row=1,
            col=col,
        )
        figure.add_trace(
            go.Bar(
                name="Outsourced",
                x=part["year"],
                y=part["exams_outsourced"],
                marker_color=WARM_YELLOW,
                legendgroup="outsourced",
                showlegend=first,
                hovertemplate="%{x}: %{y:,.0f} exams outsourced<extra>" + modality + "</extra>",
            ),
            row=1,
            col=col,
        )
        figure.add_trace(
            go.Scatter(
                name="Demanded",
                x=part["year"],
                y=part["exams_demanded"],
                mode="lines+markers",
                line={"color": DARK_GREY},
                legendgroup="demanded",
                showlegend=first,
                hovertemplate="%{x}: %{y:,.0f} exams demanded<extra>" + modality + "</extra>",
            ),
            row=1,
            col=col,
        )
    styled(figure, height=440)
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title_text="Exams a year", tickformat=",.0f", row=1, col=1)
    figure.update_xaxes(title_text="Year")
    demanded = float(totals["exams_demanded"].sum())
    outsourced = float(totals["exams_outsourced"].sum())
    if demanded > 0:
        reading = f"The network scans {share(1 - outsourced / demanded)} of the exams demanded"
        if outsourced > 0:
            worst = row_of_max(totals, "exams_outsourced")
            reading += (
                f"; outsourcing peaks for {worst.modality} in {int(worst.year)} "
                f"({whole(worst.exams_outsourced)} of {whole(worst.exams_demanded)} exams)"
            )
        reading += "."
    else:
        reading = "No exams are demanded."
    return Chart("capacity", "Capacity against demand, by modality and year", reading, figure)


def scanning_split_chart(results: PlanResults) -> Chart | None:
    """Each trust's patients' exams over the plan, by modality: scanned in the network or
    outsourced (``scanning_split``, stacked); None for a folder without that table."""
    split = results.table("scanning_split")
    if split.empty:
        return None
    names = trust_names(results)
    totals = split.groupby(["modality", "trust"], as_index=False)[
        ["exams_in_house", "exams_outsourced"]
    ].sum()
    modalities = sorted(set(totals["modality"]))
    figure = make_subplots(rows=1, cols=len(modalities), subplot_titles=modalities)
    parts = (
        ("exams_in_house", "Scanned in the network", NHS_BLUE, "in-house"),
        ("exams_outsourced", "Outsourced", WARM_YELLOW, "outsourced"),
    )
    for col, modality in enumerate(modalities, start=1):
        part = totals[totals["modality"] == modality].sort_values("trust")
        labels = [named(names, str(t)) for t in part["trust"]]
        for column, name, colour, group in parts:
            figure.add_trace(
                go.Bar(
                    name=name,
                    x=labels,
                    y=part[column],
                    marker_color=colour,
                    legendgroup=group,
                    showlegend=col == 1,
                    hovertemplate="%{x}: %{y:,.0f} exams "
                    + group
                    + "<extra>"
                    + modality
                    + "</extra>",
                ),
                row=1,
                col=col,
            )
    styled(figure, height=420)
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title_text="Exams over the plan", tickformat=",.0f", row=1, col=1)
    by_trust = split.groupby("trust")[["exams_in_house", "exams_outsourced"]].sum()
    shares = by_trust["exams_outsourced"] / by_trust.sum(axis=1)
    if float(by_trust["exams_outsourced"].sum()) > 0:
        top = str(shares.idxmax())
        reading = (
            f"{named(names, top)}'s patients have the largest share of exams outsourced: "
            f"{share(float(shares[top]))} over the plan."
        )
    else:
        reading = "Every trust's patients are scanned in the network; none are outsourced."
    return Chart(
        "split", "Whose patients are scanned in the network and whose outsourced", reading, figure
    )


ACCESS_BANDS = (
    ("exams_within_30", "Within 30 minutes", GREEN),
    ("within_45", "30 to 45 minutes", NHS_BLUE),
    ("within_60", "45 to 60 minutes", MID_GREY),
    ("beyond_60", "Over 60 minutes", RED),
    ("exams_outsourced", "Outsourced", WARM_YELLOW),
)
"""The stacked parts of the access chart: (column of the totals, legend name, colour)."""


def access_chart(results: PlanResults) -> Chart | None:
    """How near home each origin's patients are scanned over the plan, by modality
    (``access``, horizontal stacked bars by travel band, the worst-served origin at the top);
    None for a folder without that table."""
    access = results.table("access")
    if access.empty:
        return None
    names = site_names(results)
    columns = ["exams_demanded", "exams_within_30", "exams_within_45", "exams_within_60"]
    totals = access.groupby(["modality", "origin"], as_index=False)[
        [*columns, "exams_outsourced"]
    ].sum()
    totals["within_45"] = totals["exams_within_45"] - totals["exams_within_30"]
    totals["within_60"] = totals["exams_within_60"] - totals["exams_within_45"]
    totals["beyond_60"] = (
        totals["exams_demanded"] - totals["exams_within_60"] - totals["exams_outsourced"]
    ).clip(lower=0)
    totals["share_45"] = totals["exams_within_45"] / totals["exams_demanded"]
    modalities = sorted(set(totals["modality"]))
    figure = make_subplots(rows=1, cols=len(modalities), subplot_titles=modalities)
    for col, modality in enumerate(modalities, start=1):
        part = totals[totals["modality"] == modality].sort_values(
            ["share_45", "origin"], ascending=[False, True]
        )
        labels = [names.get(str(o), str(o)) for o in part["origin"]]
        for column, name, colour in ACCESS_BANDS:
            figure.add_trace(
                go.Bar(
                    name=name,
                    y=labels,
                    x=part[column],
                    orientation="h",
                    marker_color=colour,
                    legendgroup=name,
                    showlegend=col == 1,
                    hovertemplate="%{y}: %{x:,.0f} exams, "
                    + name.lower()
                    + "<extra>"
                    + modality
                    + "</extra>",
                ),
                row=1,
                col=col,
            )
    origins = max(len(set(totals["origin"])), 1)
    styled(figure, height=max(420, 160 + ROW_HEIGHT * origins))
    figure.update_layout(barmode="stack")
    figure.update_xaxes(title_text="Exams over the plan", tickformat=",.0f")
    worst = totals.sort_values(["share_45", "origin"]).iloc[0]
    network = float(totals["exams_within_45"].sum() / totals["exams_demanded"].sum())
    reading = (
        f"Over the plan, {share(network)} of exams are scanned within 45 minutes of home; "
        f"the worst served are {names.get(str(worst.origin), str(worst.origin))}'s "
        f"{worst.modality} patients, {share(float(worst.share_45))} within 45 minutes."
    )
    return Chart("access", "How near home patients are scanned", reading, figure)


def utilisation_by_site(results: PlanResults) -> Chart:
    """Heat map: the share of scanner hours used at each site, modality and year."""
    capacity = results.table("capacity")
    names = site_names(results)
    modalities = sorted(set(capacity["modality"]))
    heights = [max(len(set(capacity[capacity["modality"] == m]["site"])), 1) for m in modalities]
    figure = make_subplots(
        rows=max(len(modalities), 1),
        cols=1,
        shared_xaxes=True,
        subplot_titles=modalities or [""],
        row_heights=heights or None,
        vertical_spacing=0.06,
    )
    for row, modality in enumerate(modalities, start=1):
        part = capacity[(capacity["modality"] == modality) & (capacity["hours_available"] > 0)]
        grid = part.pivot_table(index="site", columns="year", values="utilisation")
        scanners = part.pivot_table(index="site", columns="year", values="scanners")
        hours = part.pivot_table(index="site", columns="year", values="hours_used")
        text = [
            [
                f"{named(names, site)} {modality} {year}<br>"
                f"{share(grid.loc[site, year])} of {whole(hours.loc[site, year] / max(grid.loc[site, year], 1e-9))} "
                f"hours used, {whole(scanners.loc[site, year])} scanner(s)"
                if not math.isnan(grid.loc[site, year])
                else f"{named(names, site)} {modality} {year}: no scanner"
                for year in grid.columns
            ]
            for site in grid.index
        ]
        figure.add_trace(
            go.Heatmap(
                z=grid.values,
                x=list(grid.columns),
                y=[named(names, s) for s in grid.index],
                zmin=0,
                zmax=1,
                colorscale=[[0, "#FFFFFF"], [0.7, "#41B6E6"], [1, "#003087"]],
                colorbar={"title": "share used", "tickformat": ".0%"},
                showscale=row == 1,
                hovertext=text,
                hoverinfo="text",
            ),
            row=row,
            col=1,
        )
    styled(figure, height=120 + ROW_HEIGHT * 2 * sum(heights or [1]))
    figure.update_xaxes(title_text="Year", row=max(len(modalities), 1), col=1, dtick=1)
    used = capacity[capacity["hours_available"] > 0]
    full = used[used["utilisation"] >= FULL]
    reading = (
        f"{len(full)} of {len(used)} site-years run their scanners at {share(FULL)} of their "
        "hours or more"
    )
    if len(used):
        idle = row_of_min(used, "utilisation")
        reading += (
            f"; the least used is {idle.modality} at {named(names, idle.site)} in "
            f"{int(idle.year)} ({share(idle.utilisation)})"
        )
    return Chart(
        "utilisation", "Scanner hours used, by site, modality and year", reading + ".", figure
    )


def fleet_age_profile(results: PlanResults) -> Chart:
    """Scanners in service each year by age band (under 7, 7 to 9, 10 years or more)."""
    fleet = results.table("fleet")
    years = sorted(set(fleet["year"])) if len(fleet) else []
    figure = go.Figure()
    counts: dict[str, list[float]] = {}
    for (low, high, words), shade in zip(AGE_BANDS, AGE_COLOURS, strict=True):
        band = fleet[(fleet["age"] >= low) & (fleet["age"] < high)]
        per_year = band.groupby("year")["units"].sum().reindex(years, fill_value=0)
        counts[words] = [float(v) for v in per_year]
        figure.add_trace(
            go.Bar(
                name=words,
                x=years,
                y=counts[words],
                marker_color=shade,
                hovertemplate="%{x}: %{y} scanners " + words + "<extra></extra>",
            )
        )
    styled(figure, x_title="Year", y_title="Scanners in service (units)")
    figure.update_layout(barmode="stack")
    figure.update_xaxes(dtick=1)
    if years:
        old = AGE_BANDS[-1][2]
        first_total = sum(c[0] for c in counts.values())
        last_total = sum(c[-1] for c in counts.values())
        reading = (
            f"In {years[0]} {whole(counts[old][0])} of {whole(first_total)} scanners are 10 "
            f"years old or more; in {years[-1]} {whole(counts[old][-1])} of {whole(last_total)}."
        )
    else:
        reading = "The plan has no scanners in service."
    return Chart("age", "Fleet age profile", reading, figure)


def _outline() -> list[list[list[float]]]:
    path = files("netopt.report").joinpath("assets/uk_outline.json")
    rings: list[list[list[float]]] = json.loads(path.read_text(encoding="utf-8"))["rings"]
    return rings


def network_map(results: PlanResults) -> Chart:
    """Sites sized by scanners in the last plan year, coloured by trust; patient flows between
    sites as lines whose width grows with the exams a year."""
    sites = results.table("sites")
    years = horizon(results)
    fleet = results.table("fleet")
    flows = results.table("flows")
    names = trust_names(results)
    figure = go.Figure()
    xs: list[float | None] = []
    ys: list[float | None] = []
    for ring in _outline():
        xs += [p[0] for p in ring] + [None]
        ys += [p[1] for p in ring] + [None]
    figure.add_trace(
        go.Scatter(
            x=xs,
            y=ys,
            mode="lines",
            fill="toself",
            fillcolor=PALE_GREY,
            line={"color": "#B7C3C8", "width": 1},
            hoverinfo="skip",
            showlegend=False,
        )
    )
    where = {str(r.site): (float(r.longitude), float(r.latitude)) for r in records(sites)}
    moved = flows[flows["origin"] != flows["site"]] if len(flows) else flows
    pairs = (
        moved.groupby(["origin", "site"])["exams"].sum() / max(years.end - years.first, 1)
        if len(moved)
        else pd.Series(dtype=float)
    )
    pairs = pairs[pairs > 0.5]
    routes: dict[tuple[str, str], float] = {
        (str(origin), str(site)): float(value)
        for (origin, site), value in cast(dict[tuple[Any, Any], float], pairs.to_dict()).items()
    }
    if len(pairs):
        top = float(pairs.max())
        for k in range(FLOW_CLASSES):
            low, high = top * k / FLOW_CLASSES, top * (k + 1) / FLOW_CLASSES
            chosen = pairs[(pairs > low) & (pairs <= high)]
            lx: list[float | None] = []
            ly: list[float | None] = []
            for origin, site in chosen.index:
                (x0, y0), (x1, y1) = where[origin], where[site]
                lx += [x0, x1, None]
                ly += [y0, y1, None]
            figure.add_trace(
                go.Scatter(
                    x=lx,
                    y=ly,
                    mode="lines",
                    line={"color": "rgba(0,94,184,0.45)", "width": 1 + 2.5 * k},
                    hoverinfo="skip",
                    name=f"Patients travelling: up to {whole(high)} exams a year",
                    legendgroup="flows",
                )
            )
        figure.add_trace(
            go.Scatter(
                x=[(where[o][0] + where[s][0]) / 2 for o, s in pairs.index],
                y=[(where[o][1] + where[s][1]) / 2 for o, s in pairs.index],
                mode="markers",
                marker={"size": 7, "color": "rgba(0,94,184,0.25)"},
                hovertext=[f"{o} to {s}: {whole(v)} exams a year" for (o, s), v in routes.items()],
                hoverinfo="text",
                showlegend=False,
            )
        )
    in_last = fleet[fleet["year"] == years.last] if len(fleet) else fleet
    scanners = in_last.groupby("site")["units"].sum() if len(in_last) else pd.Series(dtype=float)
    by_modality = (
        in_last.groupby(["site", "modality"])["units"].sum()
        if len(in_last)
        else pd.Series(dtype=float)
    )
    mix_of: dict[tuple[str, str], float] = {
        (str(site), str(modality)): float(value)
        for (site, modality), value in cast(
            dict[tuple[Any, Any], float], by_modality.to_dict()
        ).items()
    }
    trusts = list(dict.fromkeys(sites["trust"]))
    shades = colours(trusts)
    for trust in trusts:
        part = sites[sites["trust"] == trust]
        count = [float(scanners.get(s, 0.0)) for s in part["site"]]
        text = []
        for r, n in zip(records(part), count, strict=True):
            mix = ", ".join(
                f"{int(u)} {m}" for (site, m), u in mix_of.items() if site == r.site and u
            )
            text.append(
                f"{r.name} ({r.site}), {r.kind}<br>{r.trust_name}<br>"
                f"{whole(n)} scanners in {years.last}" + (f": {mix}" if mix else "")
            )
        figure.add_trace(
            go.Scatter(
                x=part["longitude"],
                y=part["latitude"],
                mode="markers+text",
                name=named(names, trust),
                marker={
                    "size": [10 + 6 * math.sqrt(n) for n in count],
                    "color": shades[trust],
                    "symbol": [KIND_SYMBOLS.get(k, "circle") for k in part["kind"]],
                    "line": {"color": "#FFFFFF", "width": 1},
                },
                text=list(part["site"]),
                textposition="top center",
                textfont={"size": 10},
                hovertext=text,
                hoverinfo="text",
            )
        )
    if len(sites):
        lon0, lon1 = float(sites["longitude"].min()), float(sites["longitude"].max())
        lat0, lat1 = float(sites["latitude"].min()), float(sites["latitude"].max())
        pad = max(lon1 - lon0, lat1 - lat0, 0.2) * 0.15
        figure.update_xaxes(range=[lon0 - pad, lon1 + pad])
        figure.update_yaxes(
            range=[lat0 - pad, lat1 + pad],
            scaleanchor="x",
            scaleratio=1 / math.cos(math.radians((lat0 + lat1) / 2)),
        )
    figure.update_xaxes(showgrid=False, zeroline=False, title_text="Longitude (degrees)")
    figure.update_yaxes(showgrid=False, zeroline=False, title_text="Latitude (degrees)")
    styled(figure, height=620)
    cdcs = int((sites["kind"] == "cdc").sum()) if len(sites) else 0
    reading = (
        f"{len(sites)} sites of {len(trusts)} owners ({cdcs} community diagnostic centre(s), "
        f"drawn as diamonds); {len(pairs)} routes carry patients to another site, "
        f"{whole(float(pairs.sum()))} exams a year on average."
    )
    return Chart("map", "The network: sites, scanners and patient travel", reading, figure)


def cost_breakdown(results: PlanResults) -> Chart:
    """Waterfall: each component of the net present cost, then the total."""
    costs = results.table("costs")
    labels = [COMPONENT_NAMES.get(str(c), str(c)) for c in costs["component"]]
    values = [float(v) for v in costs["npv"]]
    figure = go.Figure(
        go.Waterfall(
            x=[*labels, "Net present cost"],
            y=[*values, 0.0],
            measure=["relative"] * len(values) + ["total"],
            increasing={"marker": {"color": NHS_BLUE}},
            decreasing={"marker": {"color": GREEN}},
            totals={"marker": {"color": DARK_GREY}},
            hovertemplate="%{x}: GBP %{y:,.0f}<extra></extra>",
            text=[money(v) for v in [*values, sum(values)]],
            textposition="outside",
        )
    )
    styled(figure, x_title="Component", y_title="GBP, present value")
    figure.update_yaxes(tickformat=",.0f")
    figure.update_layout(showlegend=False)
    total = sum(values)
    positive = sorted((v, lab) for v, lab in zip(values, labels, strict=True) if v > 0)
    credits = -sum(v for v in values if v < 0)
    if positive and total:
        (v1, l1) = positive[-1]
        reading = f"Of the net present cost of {money(total)}, {l1.lower()} is the largest part ({share(v1 / total)})"
        if len(positive) > 1:
            (v2, l2) = positive[-2]
            reading += f", then {l2.lower()} ({share(v2 / total)})"
        if credits:
            reading += f"; resale and residual value give back {money(credits)}"
        reading += "."
    else:
        reading = "The plan costs nothing."
    return Chart("costs", "Net present cost by component", reading, figure)


def capital_charts(results: PlanResults) -> list[Chart]:
    """Every chart of a capital plan's report, in reading order (none without a plan)."""
    if results.table("costs").empty:
        return []
    charts = [
        cost_breakdown(results),
        replacement_timeline(results),
        spend_against_budget(results),
        capital_value(results),
        running_costs(results),
        capacity_against_demand(results),
        scanning_split_chart(results),
        access_chart(results),
        utilisation_by_site(results),
        fleet_age_profile(results),
        network_map(results),
    ]
    return [chart for chart in charts if chart is not None]
