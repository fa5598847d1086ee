"""The joint plan's report: the capital plan's headline figures and charts, and the workforce
that staffs it year by year, for a capital planner and a workforce lead reading one page.

Every figure is read from the plan's tables and ``summary.json`` (``docs/results.md``, "Joint
plans"): the capital tables are drawn by the capital report's charts, the workforce tables
(``staffing``, ``scanner_staffing``, ``reports``, ``training``, ``staff_passports``,
``staff_costs``) by the charts here, and ``sequential``, when the folder has it, by the
comparison with the sequential plan. Each chart's reading is one sentence computed from the
numbers it draws; a workforce table with no rows gives a chart whose reading says so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from netopt.report.capital_report import (
    COMPONENT_NAMES,
    access_chart,
    baseline_sentences,
    baseline_table,
    capacity_against_demand,
    capital_value,
    decision_cards,
    fleet_age_profile,
    horizon,
    named,
    network_map,
    quality_card,
    quality_sentence,
    replacement_timeline,
    running_costs,
    scanning_split_chart,
    spend_against_budget,
    trust_cost_table,
    trust_names,
    utilisation_by_site,
)
from netopt.report.charts import (
    DARK_GREY,
    GREEN,
    MID_GREY,
    NHS_BLUE,
    RED,
    WARM_YELLOW,
    Chart,
    colours,
    money,
    share,
    styled,
    whole,
)
from netopt.report.folder import PlanResults, records
from netopt.report.headline import Card, Headline, SmallTable
from netopt.report.workforce_report import plan_table, summary_figure, tier_order

STAFF_COMPONENT_NAMES = {
    "salaries": "Salaries",
    "recruitment": "Recruitment",
    "training": "Training",
    "agency": "Agency and locum staff",
    "report_outsourcing": "Reports outsourced",
    "passport_onboarding": "Passport onboarding",
}
"""The components of ``staff_costs``, named for planners."""
MEASURE_NAMES = {
    "joint_cost": "Joint cost",
    **COMPONENT_NAMES,
    **STAFF_COMPONENT_NAMES,
    "units_bought": "Scanners bought",
    "rooms_built": "Rooms built",
    "exams_outsourced": "Exams outsourced",
    "wte_last_year": "WTE in the last plan year",
    "hires": "Hires",
    "trainees": "Trainees",
    "agency_hours": "Agency hours",
    "reports_outsourced": "Reports outsourced",
}
"""The measures of ``sequential``, named for planners."""
MONEY_UNIT = "GBP, present value"
"""The unit of the money measures of ``sequential``."""
TOLERANCE = 0.5
"""Differences smaller than this (GBP, WTE, hours, reports) are no difference."""
SCANNING_PARTS = (
    ("own_staff_hours", "Own staff (and the agency hours they buy)", NHS_BLUE),
    ("other_employers_hours", "Other employers' staff (passports)", GREEN),
)
"""The stacked parts of the scanner staffing chart: (column, legend name, colour)."""
REPORT_PARTS = (
    ("reported_by_own_staff", "Reported by the employer's own staff", NHS_BLUE),
    ("reported_by_other_employers", "Reported by another employer's staff", GREEN),
    ("reports_outsourced", "Outsourced", WARM_YELLOW),
)
"""The stacked parts of the reports chart: (column, legend name, colour)."""

STAFFING_NUMBERS = (
    "wte",
    "hires",
    "leavers",
    "trained_in",
    "trained_out",
    "in_training",
    "clinical_hours",
    "scanning_hours",
    "reporting_hours",
    "agency_hours",
    "salaries",
)


# --------------------------------------------------------------------------- reading the tables


def wte(value: float) -> str:
    """WTE in words: ``12.4 WTE``."""
    return f"{value:,.1f} WTE"


def role_words(role: str, count: float = 1.0) -> str:
    """A role id as words, plural unless ``count`` is one: ``2 reporting radiographers``."""
    words = role.replace("-", " ").replace("_", " ")
    plural = round(count) != 1 and not words.endswith("s")
    return f"{whole(count)} {words}{'s' if plural else ''}"


def listed(parts: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])} and {parts[-1]}"


def yearly(
    results: PlanResults,
    name: str,
    text: Sequence[str] = (),
    numbers: Sequence[str] = (),
    optional_numbers: Sequence[str] = (),
) -> pd.DataFrame:
    """A yearly table read as :func:`plan_table` reads it, with ``year`` (and
    ``completing_year``) as whole numbers."""
    frame = plan_table(results, name, text, ("year", *numbers), optional_numbers)
    for column in ("year", "completing_year"):
        if column in frame:
            frame[column] = frame[column].astype(int)
    return frame


def staffing_table(results: PlanResults) -> pd.DataFrame:
    """``staffing`` with ids as text and figures as numbers (0 when empty)."""
    return yearly(
        results,
        "staffing",
        text=("employer", "role", "tier"),
        numbers=STAFFING_NUMBERS,
        optional_numbers=("utilisation",),
    )


def plan_years(results: PlanResults) -> list[int]:
    """Every plan year, in order (the capital tables' horizon, else the staffing table's)."""
    years = horizon(results)
    if years.first:
        return list(range(years.first, years.end))
    return sorted({int(y) for y in staffing_table(results)["year"]})


def role_order(results: PlanResults) -> list[str]:
    """The roles of ``staffing`` and ``training``, most junior tier first, then by id."""
    staffing = staffing_table(results)
    tiers = dict(zip(staffing["role"], staffing["tier"], strict=True))
    training = plan_table(results, "training", text=("to_role",))
    roles = set(tiers) | set(training["to_role"])
    rank = {tier: i for i, tier in enumerate(tier_order(tiers.values()))}
    return sorted(roles, key=lambda r: (rank.get(tiers.get(r, ""), len(rank)), r))


def role_colours(results: PlanResults) -> dict[str, str]:
    """A colour per role, the same in every chart."""
    return colours(role_order(results))


def employer_order(results: PlanResults, employers: Sequence[str]) -> list[str]:
    """The employers given, in the order the ``sites`` table names their trusts (``network``
    included); others after, by id."""
    rank = {trust: i for i, trust in enumerate(trust_names(results))}
    return sorted(set(employers), key=lambda e: (rank.get(e, len(rank)), e))


def agency_share(staffing: pd.DataFrame) -> float:
    """Agency hours over all clinical hours (the employed staff's and the agency's), as the
    ``agency_share`` column of ``scanner_staffing`` counts them; 0 without hours."""
    hours = float(staffing["clinical_hours"].sum() + staffing["agency_hours"].sum())
    return float(staffing["agency_hours"].sum()) / hours if hours > 0 else 0.0


def largest(values: pd.Series) -> str:
    """The index label of the largest value (the first of equals), as text."""
    return str(values.index[int(values.to_numpy().argmax())])


def empty_chart(key: str, title: str, reading: str, x_title: str, y_title: str) -> Chart:
    return Chart(key, title, reading, styled(go.Figure(), x_title=x_title, y_title=y_title))


# --------------------------------------------------------------------------- headline


def staff_cost_total(results: PlanResults) -> float:
    """The workforce's net present cost (``staff_costs``)."""
    costs = plan_table(results, "staff_costs", text=("component",), numbers=("npv",))
    return float(costs["npv"].sum())


def capital_cost_total(results: PlanResults) -> float:
    """The capital plan's net present cost (``costs``)."""
    costs = plan_table(results, "costs", text=("component",), numbers=("npv",))
    return float(costs["npv"].sum())


def trainees_by_role(results: PlanResults) -> list[str]:
    """The trainees the plan starts, by the role they train for: ``6 reporting
    radiographers``, in the order of ``training``."""
    training = plan_table(results, "training", text=("to_role",), numbers=("trainees",))
    by_role = training.groupby("to_role", sort=False)["trainees"].sum()
    return [role_words(str(role), float(n)) for role, n in by_role.items() if n > 0]


def training_words(results: PlanResults) -> str:
    """Who the plan trains: ``trains 6 reporting radiographers and 2 assistants``."""
    parts = trainees_by_role(results)
    return f"trains {listed(parts)}" if parts else "trains nobody"


def cost_sentence(results: PlanResults, objective: float) -> str:
    """What the plan costs: the scanners' part and the staff's, with the largest staff cost."""
    capital = capital_cost_total(results)
    staff = plan_table(results, "staff_costs", text=("component",), numbers=("npv",))
    sentence = (
        f"It costs {money(objective)} in present value: {money(capital)} for the scanners "
        f"(buying, building, maintaining, outsourcing and patient travel, less resale) and "
        f"{money(float(staff['npv'].sum()))} for the staff who run them and report their exams"
    )
    if len(staff) and float(staff["npv"].max()) > 0:
        top = staff.iloc[int(staff["npv"].to_numpy().argmax())]
        name = STAFF_COMPONENT_NAMES.get(str(top.component), str(top.component)).lower()
        sentence += f", {name} the largest part ({money(float(top.npv))})"
    return sentence + "."


def workforce_sentence(results: PlanResults) -> str:
    """What the workforce needs, in a workforce lead's words."""
    staffing = staffing_table(results)
    figures = results.summary.get("workforce")
    years = plan_years(results)
    first, last = (years[0], years[-1]) if years else (0, 0)
    hires = summary_figure(figures, "hires")
    agency = float(staffing["agency_hours"].sum())
    agency_words = (
        f"{share(agency_share(staffing))} of the clinical hours are agency hours "
        f"({whole(agency)} hours)"
        if agency >= TOLERANCE
        else "no agency hours are bought"
    )
    return (
        f"The workforce goes from {wte(summary_figure(figures, 'wte_first_year'))} in {first} "
        f"to {wte(summary_figure(figures, 'wte_last_year'))} in {last}: the plan hires "
        f"{wte(hires)}, {training_words(results)}, and {agency_words}."
    )


def scanning_sentence(results: PlanResults) -> str | None:
    """Who staffs the scanners and the passports that lets them."""
    scanning = plan_table(
        results,
        "scanner_staffing",
        numbers=("staff_hours_needed", "own_staff_hours", "other_employers_hours"),
    )
    worked = float(scanning["own_staff_hours"].sum() + scanning["other_employers_hours"].sum())
    if worked <= 0:
        return None
    other = float(scanning["other_employers_hours"].sum())
    sentence = (
        f"The scanners need {whole(float(scanning['staff_hours_needed'].sum()))} staff hours "
        f"over the plan: their employers' own staff work {share(1 - other / worked)}"
    )
    passports = yearly(
        results,
        "staff_passports",
        text=("employer", "works_for"),
        numbers=("wte_holding", "wte_granted"),
    )
    if other >= TOLERANCE and len(passports):
        onboarding = summary_figure(results.summary.get("costs"), "passport_onboarding")
        sentence += (
            f" and other employers' staff {share(other / worked)}, with passports granted to "
            f"{wte(float(passports['wte_granted'].sum()))} ({money(onboarding)} onboarding, "
            "present value)"
        )
    else:
        sentence += " and no one works for another employer"
    return sentence + "."


def reports_sentence(results: PlanResults) -> str | None:
    """Who reports the exams scanned in the network."""
    reports = plan_table(
        results, "reports", numbers=("exams_scanned", *(c for c, _, _ in REPORT_PARTS))
    )
    scanned = float(reports["exams_scanned"].sum())
    if scanned <= 0:
        return None
    own, other, out = (float(reports[c].sum()) for c, _, _ in REPORT_PARTS)
    cost = summary_figure(results.summary.get("costs"), "report_outsourcing")
    return (
        f"Of {whole(scanned)} exams scanned in the network over the plan, {share(own / scanned)} "
        f"are reported by the employer's own staff, {share(other / scanned)} by another "
        f"employer's and {share(out / scanned)} ({whole(out)} reports, {money(cost)} in present "
        "value) are outsourced."
    )


def sequential_rows(results: PlanResults) -> pd.DataFrame:
    """``sequential`` with the measure and unit as text and the figures as numbers (missing
    when empty)."""
    return plan_table(
        results,
        "sequential",
        text=("measure", "unit"),
        optional_numbers=("joint", "sequential", "difference"),
    )


SEQUENTIAL_WORDS = "the sequential plan (the capital plan chosen first, then staffed)"


def sequential_saving(results: PlanResults) -> str | None:
    """The joint cost against the sequential plan's, in words without a full stop (None
    without ``sequential``)."""
    rows = sequential_rows(results)
    cost = rows[rows["measure"] == "joint_cost"]
    if cost.empty or cost["difference"].isna().all():
        return None
    sequential, difference = (float(cost[c].iloc[0]) for c in ("sequential", "difference"))
    if abs(difference) < TOLERANCE:
        return f"This plan costs the same as {SEQUENTIAL_WORDS}, {money(sequential)}"
    if difference > 0:
        return (
            f"This plan costs {money(difference)} more than {SEQUENTIAL_WORDS}, "
            f"{money(sequential)}, as it is not proven optimal"
        )
    saving = share(-difference / sequential) if sequential else "-"
    return (
        f"Choosing scanners and staff together saves {money(-difference)} ({saving}) against "
        f"{SEQUENTIAL_WORDS}, {money(sequential)}"
    )


def sequential_sentence(results: PlanResults) -> str | None:
    """What choosing scanners and staff together changes against the sequential plan: the
    cost, then every other measure that differs (None without ``sequential``)."""
    saving = sequential_saving(results)
    if saving is None:
        return None
    rows = sequential_rows(results)
    changes = [
        f"{MEASURE_NAMES.get(str(r.measure), str(r.measure)).lower()} "
        f"{signed(float(r.difference), str(r.unit))}"
        for r in records(rows)
        if r.unit != MONEY_UNIT and not math.isnan(r.difference) and abs(r.difference) >= 1e-6
    ]
    if changes:
        return f"{saving}; against it this plan has {listed(changes)}."
    return f"{saving}, and buys, builds, employs and outsources the same."


def signed(value: float, unit: str) -> str:
    """A difference in words with its sign and unit: ``-1 units``, ``+2.5 WTE``, ``GBP 0``
    (less than :data:`TOLERANCE` is none)."""
    value = 0.0 if abs(value) < (TOLERANCE if unit.startswith("GBP") else 1e-6) else value
    shown = money(value) if unit.startswith("GBP") else f"{value:,.1f}".removesuffix(".0")
    sign = "+" if value > 0 else ""
    return f"{sign}{shown}" if unit.startswith("GBP") else f"{sign}{shown} {unit}"


def sequential_table(results: PlanResults) -> tuple[SmallTable, ...]:
    """The comparison with the sequential plan, measure by measure (none without the table)."""
    rows = sequential_rows(results)
    if rows.empty:
        return ()

    def cell(value: float, unit: str) -> str:
        if math.isnan(value):
            return "-"
        return money(value) if unit.startswith("GBP") else f"{value:,.1f}".removesuffix(".0")

    body = tuple(
        (
            MEASURE_NAMES.get(str(r.measure), str(r.measure)),
            str(r.unit),
            cell(float(r.joint), str(r.unit)),
            cell(float(r.sequential), str(r.unit)),
            "-" if math.isnan(r.difference) else signed(float(r.difference), str(r.unit)),
        )
        for r in records(rows)
    )
    note = (
        "The sequential plan is what planners do today: the capital plan solved on its own "
        "first, then its scanners kept and the workforce that staffs them planned at least "
        "cost. Both plans are costed the same way; difference: this plan minus the sequential."
    )
    header = ("measure", "unit", "this plan (joint)", "sequential", "difference")
    return (SmallTable("Against the sequential plan", header, body, note),)


def workforce_table(results: PlanResults) -> tuple[SmallTable, ...]:
    """Each employer's roles: WTE in the first and last plan year, and how it changed."""
    staffing = staffing_table(results)
    years = plan_years(results)
    if staffing.empty or not years:
        return ()
    names = trust_names(results)
    order = {role: i for i, role in enumerate(role_order(results))}
    employers = employer_order(results, list(staffing["employer"]))
    rows = []
    for employer in employers:
        mine = staffing[staffing["employer"] == employer]
        for role in sorted(set(mine["role"]), key=lambda r: order.get(r, len(order))):
            part = mine[mine["role"] == role]

            def in_year(year: int, part: pd.DataFrame = part) -> float:
                return float(part.loc[part["year"] == year, "wte"].sum())

            rows.append(
                (
                    named(names, employer),
                    role,
                    f"{in_year(years[0]):,.1f}",
                    f"{in_year(years[-1]):,.1f}",
                    f"{part['hires'].sum():,.1f}",
                    f"{part['trained_in'].sum():,.1f}",
                    f"{part['leavers'].sum() + part['trained_out'].sum():,.1f}",
                    whole(float(part["agency_hours"].sum())),
                )
            )
    header = (
        "employer",
        "role",
        f"WTE {years[0]}",
        f"WTE {years[-1]}",
        "hired (WTE)",
        "trained in (WTE)",
        "left or trained out (WTE)",
        "agency hours",
    )
    note = (
        "Over the plan years; WTE: whole-time equivalents. Hires start in post in the year "
        "given in staffing.csv, trained staff join their new role when their training ends."
    )
    return (SmallTable("The workforce by employer and role", header, tuple(rows), note),)


def joint_headline(results: PlanResults) -> Headline:
    """The title, key figures and sentences of a joint plan's report: what the plan costs and
    what the workforce needs."""
    s = results.summary
    years = horizon(results)
    objective = s.get("objective")
    title = f"Joint plan: {s.get('network', '')}"
    quality = str(s.get("quality") or s.get("status", ""))
    how = (
        "the capital plan given, its staff planned"
        if s.get("capital_fixed")
        else "scanners and staff chosen together"
    )
    subtitle = f"Plan years {years.first} to {years.last}; {how}; {quality}"
    if objective is None:
        return Headline(title, subtitle, (), (f"There is no plan: {s.get('status')}.",))
    figures = s.get("workforce")
    staffing = staffing_table(results)
    reports = plan_table(results, "reports", numbers=("exams_scanned", "reports_outsourced"))
    scanned = float(reports["exams_scanned"].sum())
    outsourced = summary_figure(figures, "reports_outsourced")
    cards = [
        Card("Joint cost", money(objective), f"scanners and staff, GBP in {years.first} prices"),
        quality_card(objective, s.get("bound"), s.get("gap")),
        Card("Workforce cost", money(staff_cost_total(results)), "present value, of the total"),
        *decision_cards(results),
        Card(
            "Workforce",
            wte(summary_figure(figures, "wte_last_year")),
            f"in {years.last}, from {wte(summary_figure(figures, 'wte_first_year'))} in "
            f"{years.first}",
        ),
        Card("Hires", wte(summary_figure(figures, "hires")), "recruited over the plan"),
        Card("Trainees", whole(summary_figure(figures, "trainees")), "people starting training"),
        Card(
            "Agency",
            share(agency_share(staffing)),
            f"of clinical hours ({whole(float(staffing['agency_hours'].sum()))} hours)",
        ),
        Card(
            "Reports outsourced",
            whole(outsourced),
            f"{share(outsourced / scanned)} of exams scanned" if scanned else "",
        ),
    ]
    sentences = [quality_sentence(quality), cost_sentence(results, float(objective))]
    sentences.append(workforce_sentence(results))
    for optional in (
        scanning_sentence(results),
        reports_sentence(results),
        sequential_sentence(results),
    ):
        if optional:
            sentences.append(optional)
    sentences += baseline_sentences(results)
    if s.get("capital_fixed"):
        sentences.append(
            "The capital plan was given and kept as it is; only its staff were planned."
        )
    elif s.get("still_the_start"):
        sentences.append("The capital plan is still the baseline plan the search started from.")
    tables = (
        *sequential_table(results),
        *workforce_table(results),
        *baseline_table(results),
        *trust_cost_table(results, "The scanners' net present cost to each trust"),
    )
    return Headline(title, subtitle, tuple(cards), tuple(sentences), tables)


# --------------------------------------------------------------------------- charts


def joint_cost_breakdown(results: PlanResults) -> Chart:
    """Waterfall: the capital plan's cost components, their subtotal (the scanners' net
    present cost), the workforce's components, then the joint cost."""
    costs = plan_table(results, "costs", text=("component",), numbers=("npv",))
    staff = plan_table(results, "staff_costs", text=("component",), numbers=("npv",))
    capital_labels = [COMPONENT_NAMES.get(c, c) for c in costs["component"]]
    staff_labels = [STAFF_COMPONENT_NAMES.get(c, c) for c in staff["component"]]
    capital_values = [float(v) for v in costs["npv"]]
    staff_values = [float(v) for v in staff["npv"]]
    capital, workforce = sum(capital_values), sum(staff_values)
    total = capital + workforce
    subtotal, overall = "Scanners: net present cost", "Joint cost"
    labels = [*capital_labels, subtotal, *staff_labels, overall]
    values = [*capital_values, 0.0, *staff_values, 0.0]
    shown = [*capital_values, capital, *staff_values, total]
    measure = ["relative"] * len(capital_values) + ["total"]
    measure += ["relative"] * len(staff_values) + ["total"]
    figure = go.Figure(
        go.Waterfall(
            x=labels,
            y=values,
            measure=measure,
            increasing={"marker": {"color": NHS_BLUE}},
            decreasing={"marker": {"color": GREEN}},
            totals={"marker": {"color": DARK_GREY}},
            text=[money(v) for v in shown],
            textposition="outside",
            hovertext=[f"{label}: {money(v)}" for label, v in zip(labels, shown, strict=True)],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    )
    styled(figure, x_title="Component (the scanners', then the staff's)", y_title=MONEY_UNIT)
    figure.update_yaxes(tickformat=",.0f")
    figure.update_layout(showlegend=False)
    if total > 0:
        everything = dict(
            zip([*capital_labels, *staff_labels], [*capital_values, *staff_values], strict=True)
        )
        top = max(everything, key=lambda k: everything[k])
        reading = (
            f"Of the joint cost of {money(total)}, the scanners' net present cost is "
            f"{money(capital)} ({share(capital / total)}) and the staff's {money(workforce)} "
            f"({share(workforce / total)}); the largest part is {top.lower()} "
            f"({share(everything[top] / total)})."
        )
    else:
        reading = "The plan costs nothing."
    return Chart("costs", "Joint cost by component: the scanners, then the staff", reading, figure)


def sequential_chart(results: PlanResults) -> Chart | None:
    """Horizontal grouped bars: each cost of the joint plan and of the sequential plan
    (``sequential``, GBP present value); None without the table."""
    rows = sequential_rows(results)
    money_rows = rows[(rows["unit"] == MONEY_UNIT) & rows["joint"].notna()]
    if money_rows.empty:
        return None
    labels = [MEASURE_NAMES.get(m, m) for m in money_rows["measure"]]
    hover = [
        f"<b>{label}</b><br>this plan {money(float(j))}, sequential {money(float(q))}"
        + ("" if math.isnan(d) else f"<br>difference {signed(float(d), MONEY_UNIT)}")
        for label, j, q, d in zip(
            labels,
            money_rows["joint"],
            money_rows["sequential"],
            money_rows["difference"],
            strict=True,
        )
    ]
    figure = go.Figure()
    for column, name, colour in (
        ("joint", "This plan: scanners and staff chosen together", NHS_BLUE),
        ("sequential", "Sequential: the capital plan first, then its staff", MID_GREY),
    ):
        figure.add_trace(
            go.Bar(
                name=name,
                y=labels,
                x=money_rows[column].tolist(),
                orientation="h",
                marker_color=colour,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    styled(figure, x_title=MONEY_UNIT, y_title="Cost component", height=160 + 44 * len(labels))
    figure.update_layout(barmode="group", margin={"l": 230})
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(tickformat=",.0f")
    changed = money_rows[money_rows["measure"] != "joint_cost"]
    changed = changed[changed["difference"].abs() >= TOLERANCE]
    reading = sequential_saving(results) or ""
    if not changed.empty:
        most = changed.iloc[int(changed["difference"].abs().to_numpy().argmax())]
        reading += (
            f"; the largest change is in {MEASURE_NAMES.get(most.measure, most.measure).lower()} "
            f"({signed(float(most.difference), MONEY_UNIT)})"
        )
    else:
        reading += "; every cost is the same in both plans"
    return Chart(
        "sequential",
        "The joint plan against the sequential plan (capital first, then staff)",
        reading + ".",
        figure,
    )


def workforce_chart(results: PlanResults) -> Chart:
    """WTE by role and year, one panel per employer (stacked bars, a colour per role)."""
    key, title = "workforce", "The workforce: WTE by employer, role and year"
    staffing = staffing_table(results)
    x_title, y_title = "Year", "WTE employed"
    if staffing.empty:
        return empty_chart(key, title, "The plan employs no staff.", x_title, y_title)
    names = trust_names(results)
    employers = employer_order(results, list(staffing["employer"]))
    shades = role_colours(results)
    years = plan_years(results)
    figure = make_subplots(
        rows=len(employers),
        cols=1,
        shared_xaxes=True,
        subplot_titles=[named(names, e) for e in employers],
        vertical_spacing=0.08 if len(employers) < 6 else 0.03,
    )
    shown: set[str] = set()
    for row, employer in enumerate(employers, start=1):
        mine = staffing[staffing["employer"] == employer]
        for role in [r for r in shades if r in set(mine["role"])]:
            part = mine[mine["role"] == role].set_index("year").reindex(years)
            hover = [
                f"<b>{role}</b> at {named(names, employer)} in {year}: "
                f"{r.wte:,.1f} WTE<br>hired {r.hires:,.1f}, left {r.leavers:,.1f}, trained in "
                f"{r.trained_in:,.1f}, trained out {r.trained_out:,.1f}; "
                f"{r.in_training:,.0f} in training; {r.agency_hours:,.0f} agency hours"
                if not math.isnan(r.wte)
                else f"{role} at {named(names, employer)} in {year}: none"
                for year, r in zip(years, records(part), strict=True)
            ]
            figure.add_trace(
                go.Bar(
                    name=role,
                    x=years,
                    y=part["wte"].fillna(0.0).tolist(),
                    marker_color=shades[role],
                    legendgroup=role,
                    showlegend=role not in shown,
                    hovertext=hover,
                    hovertemplate="%{hovertext}<extra></extra>",
                ),
                row=row,
                col=1,
            )
            shown.add(role)
    styled(figure, height=160 + 190 * len(employers))
    figure.update_layout(barmode="stack")
    figure.update_yaxes(title_text=y_title, tickformat=",.1f")
    figure.update_xaxes(title_text=x_title, row=len(employers), col=1, dtick=1)
    by_year = staffing.groupby("year")["wte"].sum()
    first, last = years[0], years[-1]
    start, end = float(by_year.get(first, 0.0)), float(by_year.get(last, 0.0))
    reading = f"The network's workforce goes from {wte(start)} in {first} to {wte(end)} in {last}"
    change = {
        str(name): float(part.loc[part["year"] == last, "wte"].sum())
        - float(part.loc[part["year"] == first, "wte"].sum())
        for name, part in staffing.groupby("role")
    }
    moved, most = max(change.items(), key=lambda kv: (abs(kv[1]), kv[0]))
    if abs(most) >= 0.05:
        verb = "grows" if most > 0 else "shrinks"
        reading += f"; {moved} {verb} most ({'+' if most > 0 else ''}{most:,.1f} WTE)"
    return Chart(key, title, reading + ".", figure)


def workforce_changes_chart(results: PlanResults) -> Chart:
    """Three panels by year: WTE hired, trainees starting and agency hours, each by role."""
    key, title = "workforce-changes", "Hires, trainees and agency hours, by year"
    staffing = staffing_table(results)
    training = yearly(
        results,
        "training",
        text=("employer", "pathway", "from_role", "to_role"),
        numbers=("trainees", "completing_year"),
    )
    years = plan_years(results)
    panels = ("Hires (WTE)", "Trainees starting (people)", "Agency hours")
    figure = make_subplots(rows=1, cols=3, subplot_titles=panels, horizontal_spacing=0.09)
    shades = role_colours(results)
    names = trust_names(results)
    shown: set[str] = set()

    def add(col: int, role: str, values: list[float], hover: list[str]) -> None:
        figure.add_trace(
            go.Bar(
                name=role,
                x=years,
                y=values,
                marker_color=shades.get(role, DARK_GREY),
                legendgroup=role,
                showlegend=role not in shown,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            ),
            row=1,
            col=col,
        )
        shown.add(role)

    for col, column, unit in ((1, "hires", "WTE hired"), (3, "agency_hours", "agency hours")):
        for role in shades:
            part = staffing[staffing["role"] == role]
            if float(part[column].sum()) <= 0:
                continue
            per_year = part.groupby("year")[column].sum()
            values = [float(per_year.get(y, 0.0)) for y in years]
            hover = [
                f"<b>{role}</b> in {y}: {v:,.1f} {unit}<br>"
                + ", ".join(
                    f"{named(names, str(e))} {float(x):,.1f}"
                    for e, x in part[part["year"] == y].groupby("employer")[column].sum().items()
                    if x > 0
                )
                for y, v in zip(years, values, strict=True)
            ]
            add(col, role, values, hover)
    for role in shades:
        part = training[training["to_role"] == role]
        if part.empty:
            continue
        per_year = part.groupby("year")["trainees"].sum()
        values = [float(per_year.get(y, 0.0)) for y in years]
        hover = [
            f"<b>{whole(v)} starting towards {role}</b> in {y}<br>"
            + "<br>".join(
                f"{named(names, r.employer)}: {whole(r.trainees)} on {r.pathway} "
                f"(from {r.from_role or 'outside, recruited into training'}; complete "
                f"{int(r.completing_year)})"
                for r in records(part[part["year"] == y])
            )
            for y, v in zip(years, values, strict=True)
        ]
        add(2, role, values, hover)
    styled(figure, height=470)
    figure.update_layout(barmode="stack", margin={"t": 90}, legend={"y": 1.12})
    figure.update_xaxes(title_text="Year", dtick=1)
    for col, unit in enumerate(("WTE", "People", "Hours a year"), start=1):
        figure.update_yaxes(title_text=unit, row=1, col=col, rangemode="tozero")
    hires = float(staffing["hires"].sum())
    agency = float(staffing["agency_hours"].sum())
    reading = f"Over the plan the network hires {wte(hires)}"
    if hires >= 0.05:
        by_role = staffing.groupby("role")["hires"].sum()
        top = largest(by_role)
        reading += f" (most of them {top}, {wte(float(by_role[top]))})"
    started = trainees_by_role(results)
    reading += f", starts training {listed(started)}" if started else ", trains nobody"
    if agency >= TOLERANCE:
        by_year = staffing.groupby("year")["agency_hours"].sum()
        peak = int(largest(by_year))
        reading += (
            f" and buys {whole(agency)} agency hours ({share(agency_share(staffing))} of the "
            f"clinical hours), the most in {peak} ({whole(float(by_year[peak]))})"
        )
    else:
        reading += " and buys no agency hours"
    return Chart(key, title, reading + ".", figure)


def scanner_staffing_chart(results: PlanResults) -> Chart:
    """Per employer and modality, by year: the staff hours scanning (own staff, other
    employers') against those needed and the scanner hours run, with the employer's agency
    share on the right-hand axis."""
    key, title = "scanner-staffing", "Who staffs the scanners, by employer, modality and year"
    table = yearly(
        results,
        "scanner_staffing",
        text=("employer", "modality"),
        numbers=(
            "scanner_hours",
            "staff_hours_needed",
            "own_staff_hours",
            "other_employers_hours",
            "assistant_hours",
        ),
        optional_numbers=("agency_share",),
    )
    x_title, y_title = "Year", "Hours a year"
    if table.empty:
        return empty_chart(key, title, "No scanner runs in the plan.", x_title, y_title)
    names = trust_names(results)
    employers = employer_order(results, list(table["employer"]))
    modalities = sorted(set(table["modality"]))
    figure = make_subplots(
        rows=len(employers),
        cols=len(modalities),
        shared_xaxes=True,
        subplot_titles=[f"{named(names, e)}: {m}" for e in employers for m in modalities],
        specs=[[{"secondary_y": True} for _ in modalities] for _ in employers],
        vertical_spacing=0.1 if len(employers) < 5 else 0.04,
        horizontal_spacing=0.12,
    )
    first = True
    for row, employer in enumerate(employers, start=1):
        for col, modality in enumerate(modalities, start=1):
            part = table[(table["employer"] == employer) & (table["modality"] == modality)]
            part = part.sort_values("year")
            if part.empty:
                continue
            x = [int(y) for y in part["year"]]
            where = f"{named(names, employer)} {modality}"
            for column, name, colour in SCANNING_PARTS:
                hover = [
                    f"<b>{where} {y}</b>: {v:,.0f} hours, {name.lower()}<br>"
                    f"of {need:,.0f} staff hours needed; {assist:,.0f} by assistant practitioners"
                    for y, v, need, assist in zip(
                        x,
                        part[column],
                        part["staff_hours_needed"],
                        part["assistant_hours"],
                        strict=True,
                    )
                ]
                figure.add_trace(
                    go.Bar(
                        name=name,
                        x=x,
                        y=part[column].tolist(),
                        marker_color=colour,
                        legendgroup=column,
                        showlegend=first,
                        hovertext=hover,
                        hovertemplate="%{hovertext}<extra></extra>",
                    ),
                    row=row,
                    col=col,
                    secondary_y=False,
                )
            for column, name, dash, colour in (
                ("staff_hours_needed", "Staff hours needed", "solid", DARK_GREY),
                ("scanner_hours", "Scanner hours run", "dot", MID_GREY),
            ):
                figure.add_trace(
                    go.Scatter(
                        name=name,
                        x=x,
                        y=part[column].tolist(),
                        mode="lines+markers",
                        line={"color": colour, "dash": dash},
                        legendgroup=column,
                        showlegend=first,
                        hovertemplate="%{x}: %{y:,.0f} hours<extra>"
                        + f"{where}: {name.lower()}</extra>",
                    ),
                    row=row,
                    col=col,
                    secondary_y=False,
                )
            figure.add_trace(
                go.Scatter(
                    name="Agency share of the employer's clinical hours (right axis)",
                    x=x,
                    y=part["agency_share"].fillna(0.0).tolist(),
                    mode="lines+markers",
                    line={"color": RED, "width": 1.5},
                    marker={"symbol": "diamond"},
                    legendgroup="agency_share",
                    showlegend=first,
                    hovertemplate="%{x}: %{y:.1%} of "
                    + f"{named(names, employer)}'s clinical hours are agency hours<extra></extra>",
                ),
                row=row,
                col=col,
                secondary_y=True,
            )
            figure.update_yaxes(
                title_text=y_title, tickformat=",.0f", row=row, col=col, secondary_y=False
            )
            figure.update_yaxes(
                title_text="Agency share",
                tickformat=".0%",
                showgrid=False,
                row=row,
                col=col,
                secondary_y=True,
            )
            first = False
    styled(figure, height=200 + 240 * len(employers))
    figure.update_layout(barmode="stack", margin={"t": 100})
    top_share = float(table["agency_share"].max()) if table["agency_share"].notna().any() else 0.0
    figure.update_yaxes(range=[0, max(0.05, 1.15 * top_share)], secondary_y=True)
    for col in range(1, len(modalities) + 1):
        figure.update_xaxes(title_text=x_title, row=len(employers), col=col, dtick=1)
    needed = float(table["staff_hours_needed"].sum())
    other = float(table["other_employers_hours"].sum())
    worked = float(table["own_staff_hours"].sum()) + other
    reading = (
        f"The scanners run {whole(float(table['scanner_hours'].sum()))} hours over the plan and "
        f"need {whole(needed)} staff hours: own staff work {share(1 - other / worked) if worked else '-'}"
        f" and other employers' staff {share(other / worked) if worked else '-'}"
    )
    shares = table.dropna(subset=["agency_share"])
    if len(shares) and float(shares["agency_share"].max()) > 0:
        top = shares.iloc[int(shares["agency_share"].to_numpy().argmax())]
        reading += (
            f"; agency hours are the largest share at {named(names, top.employer)} in "
            f"{int(top.year)} ({share(float(top.agency_share))} of its clinical hours)"
        )
    else:
        reading += "; no employer buys agency hours"
    return Chart(key, title, reading + ".", figure)


def reports_chart(results: PlanResults) -> Chart:
    """Reports by year, network-wide: by the employer's own staff, by another employer's,
    outsourced (stacked), against the exams scanned."""
    key, title = "reports", "Reports by year: in house or outsourced"
    reports = yearly(
        results,
        "reports",
        text=("employer", "exam_type"),
        numbers=("exams_scanned", *(c for c, _, _ in REPORT_PARTS)),
    )
    x_title, y_title = "Year", "Reports a year"
    if reports.empty:
        return empty_chart(key, title, "No exam is scanned in the network.", x_title, y_title)
    years = plan_years(results)
    totals = reports.groupby("year")[["exams_scanned", *(c for c, _, _ in REPORT_PARTS)]].sum()
    totals = totals.reindex(years, fill_value=0.0)
    figure = go.Figure()
    for column, name, colour in REPORT_PARTS:
        hover = []
        scanned_in = totals["exams_scanned"].tolist()
        for year, value, scanned in zip(years, totals[column].tolist(), scanned_in, strict=True):
            rows = reports[reports["year"] == year]
            by_type = rows.groupby("exam_type")[column].sum()
            detail = ", ".join(f"{e} {float(v):,.0f}" for e, v in by_type.items() if v >= TOLERANCE)
            hover.append(
                f"<b>{year}</b>: {value:,.0f} {name.lower()} "
                f"({share(value / scanned) if scanned else '-'} of the exams scanned)"
                + (f"<br>{detail}" if detail else "")
            )
        figure.add_trace(
            go.Bar(
                name=name,
                x=years,
                y=totals[column].tolist(),
                marker_color=colour,
                hovertext=hover,
                hovertemplate="%{hovertext}<extra></extra>",
            )
        )
    figure.add_trace(
        go.Scatter(
            name="Exams scanned in the network",
            x=years,
            y=totals["exams_scanned"].tolist(),
            mode="lines+markers",
            line={"color": DARK_GREY},
            hovertemplate="%{x}: %{y:,.0f} exams scanned<extra></extra>",
        )
    )
    styled(figure, x_title=x_title, y_title=y_title)
    figure.update_layout(barmode="stack", legend={"traceorder": "normal"})
    figure.update_xaxes(dtick=1)
    figure.update_yaxes(tickformat=",.0f")
    scanned = float(totals["exams_scanned"].sum())
    own, other, out = (float(totals[c].sum()) for c, _, _ in REPORT_PARTS)
    reading = (
        f"Staff in the network report {share((own + other) / scanned) if scanned else '-'} of the "
        f"{whole(scanned)} exams scanned over the plan ({share(other / scanned) if scanned else '-'}"
        " by another employer's staff)"
    )
    if out >= TOLERANCE:
        per_year = totals["reports_outsourced"]
        peak = int(largest(per_year))
        in_peak = reports[reports["year"] == peak].groupby("exam_type")["reports_outsourced"].sum()
        reading += (
            f"; {whole(out)} reports are outsourced, the most in {peak} "
            f"({whole(float(per_year.max()))}, most of them {largest(in_peak)})"
        )
    else:
        reading += "; none is outsourced"
    return Chart(key, title, reading + ".", figure)


JointChart = Callable[[PlanResults], Chart | None]

JOINT_CHARTS: tuple[JointChart, ...] = (
    joint_cost_breakdown,
    sequential_chart,
    replacement_timeline,
    spend_against_budget,
    workforce_chart,
    workforce_changes_chart,
    scanner_staffing_chart,
    reports_chart,
    capital_value,
    running_costs,
    capacity_against_demand,
    scanning_split_chart,
    access_chart,
    utilisation_by_site,
    fleet_age_profile,
    network_map,
)
"""The charts of a joint report, in page order: the costs and the comparison with the
sequential plan, the capital plan's main decisions, the workforce, then the capital plan's
detail. A chart function returning None (no ``sequential``, no value of capital computed) is
left out."""


def joint_charts(results: PlanResults) -> list[Chart]:
    """Every chart of a joint plan's report, in page order (none without a plan)."""
    if not isinstance(results.summary.get("plan"), Mapping) or results.table("costs").empty:
        return []
    charts = [chart(results) for chart in JOINT_CHARTS]
    return [chart for chart in charts if chart is not None]
