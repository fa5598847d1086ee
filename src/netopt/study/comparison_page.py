"""``comparison.html``: a study's scenarios side by side on one self-contained page, like a
plan's report (:mod:`netopt.report.page`): the comparison table, then charts with every
scenario on one axis: the cost and its components (with each scenario's bound), capital by
trust, outsourcing and travel, and the fleet decisions. Each scenario's own ``report.html`` is
in its folder, ``scenarios/<name>/``.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from netopt.report.charts import DARK_GREY, NHS_BLUE, WARM_YELLOW, Chart, colours, money, styled
from netopt.report.headline import Card, Headline, SmallTable
from netopt.report.page import render_page
from netopt.study.compare import CAPITAL_COMPONENTS, WORKFORCE_COMPONENTS, comparison_text_rows


def _scenarios(frame: pd.DataFrame) -> list[str]:
    return [str(s) for s in frame["scenario"]]


def cost_chart(frame: pd.DataFrame, prefix: str, components: tuple[str, ...], unit: str) -> Chart:
    """Each scenario's cost as stacked components (credits below zero) and its bound."""
    names = _scenarios(frame)
    figure = go.Figure()
    shades = colours(list(components))
    for component in components:
        column = f"{prefix}{component}"
        if column not in frame:
            continue
        figure.add_trace(
            go.Bar(
                name=component.replace("_", " "),
                x=names,
                y=frame[column],
                marker_color=shades[component],
                hovertemplate="%{x}: GBP %{y:,.0f}<extra>" + component + "</extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            name="total",
            x=names,
            y=frame["objective"],
            mode="markers",
            marker={"symbol": "line-ew-open", "size": 28, "color": DARK_GREY, "line": {"width": 3}},
            hovertemplate="%{x}: total GBP %{y:,.0f}<extra></extra>",
        )
    )
    if "bound" in frame and frame["bound"].notna().any():
        figure.add_trace(
            go.Scatter(
                name="bound (no plan is cheaper)",
                x=names,
                y=frame["bound"],
                mode="markers",
                marker={"symbol": "triangle-up", "size": 10, "color": DARK_GREY},
                hovertemplate="%{x}: bound GBP %{y:,.0f}<extra></extra>",
            )
        )
    styled(figure, x_title="Scenario", y_title=unit, height=480)
    figure.update_layout(barmode="relative")
    figure.update_yaxes(tickformat=",.0f")
    solved = frame[frame["objective"].notna()]
    if len(solved):
        low = solved.iloc[int(solved["objective"].to_numpy().argmin())]
        high = solved.iloc[int(solved["objective"].to_numpy().argmax())]
        reading = (
            f"The cheapest scenario is {low.scenario} ({money(float(low.objective))}), the dearest "
            f"{high.scenario} ({money(float(high.objective))}); a triangle marks each scenario's "
            "bound: its best possible cost lies between it and the total."
        )
    else:
        reading = "No scenario has a plan."
    return Chart("cost", "Cost by scenario and component", reading, figure)


def capital_by_trust_chart(frame: pd.DataFrame) -> Chart | None:
    """Capital spend (cash) each trust pays, per scenario."""
    columns = [c for c in frame.columns if c.startswith("capital_") and c != "capital_spend"]
    if not columns:
        return None
    names = _scenarios(frame)
    figure = go.Figure()
    shades = colours(columns)
    for column in columns:
        trust = column.removeprefix("capital_")
        figure.add_trace(
            go.Bar(
                name=trust,
                x=names,
                y=frame[column],
                marker_color=shades[column],
                hovertemplate="%{x}: GBP %{y:,.0f}<extra>" + trust + "</extra>",
            )
        )
    styled(figure, x_title="Scenario", y_title="GBP, cash, all years")
    figure.update_layout(barmode="group")
    figure.update_yaxes(tickformat=",.0f")
    total = frame["capital_spend"]
    reading = (
        f"Capital spend ranges from {money(float(total.min()))} to {money(float(total.max()))} "
        "across the scenarios, split here by the trust that pays it."
    )
    return Chart("capital", "Capital spend by trust and scenario", reading, figure)


def outsourcing_chart(frame: pd.DataFrame) -> Chart | None:
    """Exams outsourced and exams whose patients travel to another site, per scenario."""
    if "exams_outsourced" not in frame:
        return None
    names = _scenarios(frame)
    figure = go.Figure()
    figure.add_trace(
        go.Bar(
            name="exams outsourced", x=names, y=frame["exams_outsourced"], marker_color=WARM_YELLOW
        )
    )
    if "patient_travel_exams" in frame:
        figure.add_trace(
            go.Bar(
                name="exams scanned at another site",
                x=names,
                y=frame["patient_travel_exams"],
                marker_color=NHS_BLUE,
            )
        )
    styled(figure, x_title="Scenario", y_title="Exams, all years")
    figure.update_layout(barmode="group")
    figure.update_yaxes(tickformat=",.0f")
    top = frame.iloc[int(frame["exams_outsourced"].fillna(0).to_numpy(dtype=float).argmax())]
    reading = (
        f"{top.scenario} outsources the most ({float(top.exams_outsourced):,.0f} exams over the "
        "plan); patients travelling to another site are shown beside it."
    )
    return Chart("outsourcing", "Outsourcing and patient travel by scenario", reading, figure)


def fleet_chart(frame: pd.DataFrame) -> Chart | None:
    """Scanners bought, replaced and retired, and rooms built, per scenario."""
    columns = [
        c
        for c in ("units_bought", "scanners_replaced", "scanners_retired", "rooms_built")
        if c in frame
    ]
    if not columns:
        return None
    names = _scenarios(frame)
    figure = go.Figure()
    shades = colours(columns)
    for column in columns:
        figure.add_trace(
            go.Bar(
                name=column.replace("_", " "), x=names, y=frame[column], marker_color=shades[column]
            )
        )
    styled(figure, x_title="Scenario", y_title="Units (rooms for rooms built)")
    figure.update_layout(barmode="group")
    bought = frame["units_bought"] if "units_bought" in frame else pd.Series(dtype=float)
    reading = (
        f"Scenarios buy between {bought.min():.0f} and {bought.max():.0f} scanners."
        if bought.notna().any()
        else "No scenario buys a scanner."
    )
    return Chart("fleet", "Scanners bought, replaced and retired; rooms built", reading, figure)


def comparison_page(title: str, frame: pd.DataFrame, descriptions: dict[str, str]) -> str:
    """The page: the comparison as a table, then the charts."""
    workforce = "annual_outsourcing" in frame.columns
    rows = comparison_text_rows(frame)
    header, body = rows[0], rows[1:]
    solved = frame[frame["objective"].notna()]
    first = frame.iloc[0]
    cards = [
        Card("Scenarios", f"{len(frame)}", f"{len(solved)} with a plan"),
        Card(
            f"{first.scenario}",
            money(float(first.objective)) if pd.notna(first.objective) else "no plan",
            "the first scenario; the others are compared with it",
        ),
    ]
    sentences = [
        f"{name}: {descriptions[name]}" for name in _scenarios(frame) if descriptions.get(name)
    ]
    sentences.append(
        "Each scenario's own report, with its charts and map, is scenarios/<name>/report.html; "
        "netopt study diff says in words what changed between two scenarios."
    )
    table = SmallTable("The scenarios side by side", header, tuple(body))
    headline = Headline(
        f"Study: {title}", "Scenarios compared", tuple(cards), tuple(sentences), (table,)
    )
    if workforce:
        charts = [cost_chart(frame, "annual_", WORKFORCE_COMPONENTS, "GBP a year")]
    else:
        charts = [cost_chart(frame, "npc_", CAPITAL_COMPONENTS, "GBP, present value")]
        charts += [
            c
            for c in (capital_by_trust_chart(frame), outsourcing_chart(frame), fleet_chart(frame))
            if c
        ]
    footer = (
        "Made by netopt from the study's result folders (comparison.csv holds the same figures)."
    )
    return render_page(headline, charts, footer)
