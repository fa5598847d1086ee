"""A study's scenarios side by side: one row of headline figures per scenario's result folder.

Capital studies compare net present costs, their components, capital spend (in all and by
trust) and what the plans do; workforce studies compare annual costs and the roster's headline.
The columns of each are documented in :data:`CAPITAL_COLUMNS` and :data:`WORKFORCE_COLUMNS`
(column, unit, meaning; units as in ``docs/results.md``), so the docs can be generated.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from netopt.report.charts import money, share, whole
from netopt.report.columns import ColumnDoc as ColumnDocumented
from netopt.report.columns import TableDoc
from netopt.report.folder import PlanResults, read_plan_results, records

ColumnDoc = tuple[str, str, str]
"""A documented column: its name, its unit and its meaning."""

CAPITAL_COMPONENTS = (
    "capital",
    "enabling_works",
    "maintenance",
    "outsourcing",
    "in_house_scanning",
    "patient_travel",
    "resale",
    "residual_value",
)
"""The net present cost components of a capital plan, in the order of ``costs.csv``."""

WORKFORCE_COMPONENTS = (
    "outsourcing",
    "insourcing",
    "travel",
    "unsocial_hours",
    "unscanned",
    "onboarding",
    "backlog",
)
"""The annual cost components of a workforce plan, in the order of ``costs.csv``."""

TRAINED_COLUMN = "trained_<role>"
"""How the per-role trainee columns of a joint study are named (``<role>`` a staff role id)."""
TRUST_COLUMN = "capital_<trust>"
"""How the per-trust capital spend columns are named (``<trust>`` is the trust id)."""

_SCENARIO: tuple[ColumnDoc, ...] = (
    ("scenario", "-", "Scenario name, in the study's order."),
    (
        "status",
        "-",
        "Solve status: `optimal`, `feasible` (a plan not proven optimal) or one with no plan "
        "(`infeasible`, `no_solution`, ...), whose figures are empty (but `bound`, when the "
        "solver proved one).",
    ),
)

CAPITAL_COLUMNS: tuple[ColumnDoc, ...] = (
    *_SCENARIO,
    ("objective", "GBP, present value", "Net present cost of the plan (`summary.json`)."),
    (
        "bound",
        "GBP, present value",
        "Best bound proven by the solver: no plan of the scenario costs less.",
    ),
    ("gap", "share", "(objective - bound) / objective: how far from proven optimal."),
    *(
        (
            f"npc_{c}",
            "GBP, present value",
            f"The `{c}` component of the net present cost (`costs.csv`); resale and residual "
            "value are credited to the plan, so negative. The components sum to `objective`.",
        )
        for c in CAPITAL_COMPONENTS
    ),
    (
        "capital_spend",
        "GBP",
        "Capital paid over the horizon, undiscounted: the sum of `payments.csv` (scanners after "
        "volume discounts and new rooms).",
    ),
    (
        TRUST_COLUMN,
        "GBP",
        "Capital paid by the trust over the horizon, undiscounted: its `spend` summed over the "
        "years of `spend.csv`. One column per trust of any scenario, empty where the scenario "
        "has no such trust.",
    ),
    (
        "value_per_gbp_best",
        "GBP per GBP",
        "The highest value of capital of the plan: the largest `value_per_gbp` of `spend.csv`, "
        "how much the network's cost would fall per GBP more budget there (local to the plan's "
        "decisions; see `models/capital.md`). Empty when no value was computed.",
    ),
    (
        "value_per_gbp_where",
        "-",
        "The trust and year of `value_per_gbp_best` (e.g. `RPA 2030`); `-` when every value "
        "is 0 (more money buys nothing worth its cost anywhere).",
    ),
    ("units_bought", "units", "Scanners bought (`units` of `purchases.csv`)."),
    ("scanners_replaced", "units", "Existing scanners replaced (`asset_decisions.csv`)."),
    ("scanners_retired", "units", "Existing scanners retired without a replacement."),
    ("rooms_built", "rooms", "New rooms built (`new_rooms.csv`)."),
    ("exams_outsourced", "exams", "Exams outsourced over the horizon (`outsourced.csv`)."),
    (
        "patient_travel_exams",
        "exams",
        "Exams scanned away from their referring site over the horizon (`flows.csv` rows whose "
        "`origin` is not their `site`).",
    ),
    (
        "vs_first",
        "GBP, present value",
        "`objective` minus the first scenario's: what the scenario costs more (negative: less).",
    ),
    ("vs_first_pct", "%", "`vs_first` as a percentage of the first scenario's `objective`."),
)
"""The columns of a capital study's comparison (:func:`comparison_frame`)."""

WORKFORCE_COLUMNS: tuple[ColumnDoc, ...] = (
    *_SCENARIO,
    ("objective", "GBP a year", "Annual cost of the plan (`summary.json`)."),
    ("bound", "GBP a year", "Best bound proven by the solver: no plan of the scenario costs less."),
    ("gap", "share", "(objective - bound) / objective: how far from proven optimal."),
    *(
        (
            f"annual_{c}",
            "GBP a year",
            f"The `{c}` component of the annual cost (`costs.csv`); the components sum to "
            "`objective`.",
        )
        for c in WORKFORCE_COMPONENTS
    ),
    ("people_rostered", "people", "People given at least one session in the week."),
    ("extra_sessions_per_week", "sessions a week", "Extra paid sessions (insourcing)."),
    ("passports_granted", "people", "People granted a passport to another site."),
    ("exams_outsourced_per_week", "reports a week", "Reports outsourced."),
    ("exams_late_per_week", "exams a week", "Exams not reported within the standard."),
    ("vs_first", "GBP a year", "`objective` minus the first scenario's (negative: less)."),
    ("vs_first_pct", "%", "`vs_first` as a percentage of the first scenario's `objective`."),
)
"""The columns of a workforce study's comparison (:func:`comparison_frame`)."""

_WORKFORCE_PLAN_KEYS = {
    "people_rostered": "people_rostered",
    "extra_sessions_per_week": "extra_sessions_per_week",
    "passports_granted": "passports_granted",
    "exams_outsourced_per_week": "outsourced_per_week",
    "exams_late_per_week": "backlog_per_week",
}
"""Workforce comparison column -> key of the summary's ``plan`` dict."""

LABELS = {
    "status": "status",
    "objective": "net present cost",
    "bound": "bound",
    "gap": "gap",
    "capital_spend": "capital spend (cash)",
    "value_per_gbp_best": "value of GBP 1 more (best)",
    "value_per_gbp_where": "... where",
    "units_bought": "scanners bought",
    "scanners_replaced": "scanners replaced",
    "scanners_retired": "scanners retired",
    "rooms_built": "rooms built",
    "exams_outsourced": "exams outsourced",
    "patient_travel_exams": "exams travelling",
    "vs_first": "against the first",
    "vs_first_pct": "against the first (%)",
    "people_rostered": "people rostered",
    "extra_sessions_per_week": "extra sessions a week",
    "passports_granted": "passports granted",
    "exams_outsourced_per_week": "outsourced a week",
    "exams_late_per_week": "late a week",
}
"""How the terminal table names each figure (other columns keep their names)."""

JOINT_COLUMNS: tuple[ColumnDoc, ...] = (
    (
        "wte_first_year",
        "WTE",
        "Joint plans: the workforce in the first plan year (`staffing.csv`).",
    ),
    ("wte_last_year", "WTE", "Joint plans: the workforce in the last plan year."),
    ("hires", "WTE", "Joint plans: WTE recruited over the horizon."),
    ("trainees", "people", "Joint plans: trainees started over the horizon (`training.csv`)."),
    ("agency_hours", "hours", "Joint plans: agency and locum hours over the horizon."),
    ("reports_outsourced", "reports", "Joint plans: reports outsourced over the horizon."),
    (
        TRAINED_COLUMN,
        "people",
        "Joint plans: trainees started into the role over the horizon (e.g. "
        "`trained_ct-reporting-radiographer`: radiographers training to report CT). One column "
        "per role any scenario trains into.",
    ),
)
"""The columns a joint study adds to :data:`CAPITAL_COLUMNS` (``summary.json``'s
``workforce`` and ``training.csv``)."""

COUNT_COLUMNS = (
    "units_bought",
    "scanners_replaced",
    "scanners_retired",
    "rooms_built",
    "people_rostered",
    "passports_granted",
)
"""Whole-number columns, held as nullable integers (empty for a scenario with no plan)."""

NAN = math.nan


def column_total(frame: pd.DataFrame, column: str) -> float:
    """Sum of ``column`` (0 for a table with no rows; NaN when the table lacks the column)."""
    if column not in frame.columns:
        return NAN
    return float(pd.to_numeric(frame[column]).sum())


def number(value: Any) -> float:
    """A summary figure as a float (NaN when missing or not a number)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return NAN
    return float(value)


def plan_exists(results: PlanResults) -> bool:
    """Whether the folder holds a plan (status ``optimal`` or ``feasible``)."""
    return results.summary.get("status") in ("optimal", "feasible")


def travelling_exams(flows: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``flows`` scanned away from their referring site."""
    if flows.empty or "origin" not in flows.columns:
        return flows
    return flows[flows["origin"] != flows["site"]]


def components(results: PlanResults, value_column: str) -> dict[str, float]:
    """The cost components of ``costs.csv`` (``value_column``: ``npv`` or ``annual``), then
    those of ``staff_costs.csv`` for a joint plan (the workforce's), so they sum to the
    objective."""
    out: dict[str, float] = {}
    for name in ("costs", "staff_costs"):
        costs = results.table(name)
        if costs.empty or value_column not in costs.columns:
            continue
        out |= {str(r.component): float(getattr(r, value_column)) for r in records(costs)}
    return out


def spend_by_trust(results: PlanResults) -> dict[str, float]:
    """Capital paid by each trust over the horizon (``spend`` of ``spend.csv``), cash GBP."""
    spend = results.table("spend")
    if spend.empty or "spend" not in spend.columns:
        return {}
    totals = spend.groupby("trust", sort=False)["spend"].sum()
    return {str(trust): float(value) for trust, value in totals.items()}


def best_capital_value(spend: pd.DataFrame) -> dict[str, Any]:
    """The ``value_per_gbp_best`` and ``value_per_gbp_where`` figures of a ``spend`` table."""
    values = (
        pd.to_numeric(spend["value_per_gbp"], errors="coerce").dropna()
        if "value_per_gbp" in spend.columns
        else pd.Series([], dtype=float)
    )
    if values.empty:
        return {"value_per_gbp_best": NAN, "value_per_gbp_where": ""}
    best = float(values.max())
    top = spend.loc[values[values == best].index[:1]]
    where = f"{top['trust'].iloc[0]!s} {top['year'].iloc[0]!s}" if best > 0 else "-"
    return {"value_per_gbp_best": best, "value_per_gbp_where": where}


def capital_row(name: str, results: PlanResults) -> dict[str, Any]:
    """The capital figures of one scenario (trust columns apart)."""
    s = results.summary
    row: dict[str, Any] = {
        "scenario": name,
        "status": str(s.get("status", "")),
        "objective": number(s.get("objective")),
        "bound": number(s.get("bound")),
        "gap": number(s.get("gap")),
    }
    has_plan = plan_exists(results)
    npv = components(results, "npv") if has_plan else {}
    for c in (*CAPITAL_COMPONENTS, *(c for c in npv if c not in CAPITAL_COMPONENTS)):
        row[f"npc_{c}"] = npv.get(c, NAN)
    if not has_plan:
        row["objective"] = NAN
        return row
    decisions = results.table("asset_decisions")
    decided = decisions["decision"] if "decision" in decisions.columns else pd.Series([])
    row |= {
        "capital_spend": column_total(results.table("payments"), "amount"),
        **best_capital_value(results.table("spend")),
        "units_bought": column_total(results.table("purchases"), "units"),
        "scanners_replaced": float((decided == "replace").sum()),
        "scanners_retired": float((decided == "retire").sum()),
        "rooms_built": column_total(results.table("new_rooms"), "rooms"),
        "exams_outsourced": column_total(results.table("outsourced"), "exams"),
        "patient_travel_exams": column_total(travelling_exams(results.table("flows")), "exams"),
    }
    return row | joint_figures(results)


def joint_figures(results: PlanResults) -> dict[str, Any]:
    """A joint plan's workforce figures (``summary.json``'s ``workforce``) and its trainees by
    the role they train into; nothing for a capital plan."""
    workforce = results.summary.get("workforce")
    if not isinstance(workforce, dict):
        return {}
    row: dict[str, Any] = {name: number(workforce.get(name)) for name, _, _ in JOINT_COLUMNS[:-1]}
    training = results.table("training")
    if not training.empty and {"to_role", "trainees"} <= set(training.columns):
        for role, n in training.groupby("to_role", sort=True)["trainees"].sum().items():
            row[f"trained_{role}"] = float(n)
    return row


def workforce_row(name: str, results: PlanResults) -> dict[str, Any]:
    """The workforce figures of one scenario."""
    s = results.summary
    has_plan = plan_exists(results)
    row: dict[str, Any] = {
        "scenario": name,
        "status": str(s.get("status", "")),
        "objective": number(s.get("objective")) if has_plan else NAN,
        "bound": number(s.get("bound")),
        "gap": number(s.get("gap")),
    }
    annual = components(results, "annual") if has_plan else {}
    for c in (*WORKFORCE_COMPONENTS, *(c for c in annual if c not in WORKFORCE_COMPONENTS)):
        row[f"annual_{c}"] = annual.get(c, NAN)
    plan = s.get("plan") if has_plan else None
    figures: Mapping[str, Any] = plan if isinstance(plan, Mapping) else {}
    for column, key in _WORKFORCE_PLAN_KEYS.items():
        row[column] = number(figures.get(key))
    return row


def study_model(results: Sequence[PlanResults]) -> str:
    """The one model of a study's folders (:class:`ValueError` when they mix models)."""
    models = sorted({r.model for r in results})
    if len(models) > 1:
        raise ValueError(f"a study compares plans of one model; these folders mix {models}")
    return models[0] if models else "capital"


def comparison_frame(folders: Mapping[str, Path]) -> pd.DataFrame:
    """One row per scenario (in the order of ``folders``: scenario name -> result folder), the
    columns of :data:`CAPITAL_COLUMNS` or :data:`WORKFORCE_COLUMNS` by the plans' model (joint
    plans as capital plans, with the workforce's cost components as further ``npc_`` columns).

    A folder with no plan gives a row with its status and empty figures.
    :class:`ValueError` when the folders mix capital and workforce plans;
    :class:`~netopt.report.folder.ReportInputError` when one is not a result folder.
    """
    plans = {name: read_plan_results(Path(folder)) for name, folder in folders.items()}
    model = study_model(list(plans.values()))
    if model == "workforce":
        rows = [workforce_row(name, r) for name, r in plans.items()]
        columns = [c for c, _, _ in WORKFORCE_COLUMNS]
    else:
        rows = [capital_row(name, r) for name, r in plans.items()]
        trusts: dict[str, None] = {}
        for r in plans.values():
            trusts |= dict.fromkeys(spend_by_trust(r))
        for row, r in zip(rows, plans.values(), strict=True):
            by_trust = spend_by_trust(r) if plan_exists(r) else {}
            for trust in trusts:
                row[f"capital_{trust}"] = by_trust.get(trust, NAN)
        columns = [c for c, _, _ in CAPITAL_COLUMNS if c != TRUST_COLUMN]
        at = columns.index("capital_spend") + 1
        columns[at:at] = [f"capital_{t}" for t in trusts]
    extra = [c for row in rows for c in row if c not in columns]
    frame = pd.DataFrame(rows, columns=[*columns, *dict.fromkeys(extra)])
    for column in COUNT_COLUMNS:
        if column in frame.columns:
            frame[column] = frame[column].round().astype("Int64")
    first = float(frame["objective"].iloc[0]) if len(frame) else NAN
    frame["vs_first"] = frame["objective"] - first
    frame["vs_first_pct"] = 100 * frame["vs_first"] / first if first else NAN
    return frame


def comparison_doc(frame: pd.DataFrame, model: str) -> TableDoc:
    """The documentation of a ``model`` (``capital`` or ``workforce``) study's comparison
    table (for the workbook's README sheet): each column of ``frame`` with its unit and
    meaning, a trust's capital column naming the trust."""
    columns_of = WORKFORCE_COLUMNS if model == "workforce" else (*CAPITAL_COLUMNS, *JOINT_COLUMNS)
    documented = {name: (unit, meaning) for name, unit, meaning in columns_of}
    _, trust_unit, trust_meaning = next(c for c in CAPITAL_COLUMNS if c[0] == TRUST_COLUMN)
    columns = []
    for column in map(str, frame.columns):
        if column in documented:
            unit, meaning = documented[column]
        elif column.startswith("capital_"):
            unit, meaning = trust_unit, f"Trust {column.removeprefix('capital_')}: {trust_meaning}"
        elif column.startswith("trained_"):
            _, unit, meaning = JOINT_COLUMNS[-1]
            meaning = f"Role {column.removeprefix('trained_')}: {meaning}"
        elif column.startswith(("npc_", "annual_")):
            unit, meaning = column_unit(column), "A cost component (`costs.csv`)."
        else:
            unit, meaning = "-", ""
        columns.append(ColumnDocumented(column, unit, meaning))
    return TableDoc(
        "comparison",
        "study",
        "The study's scenarios side by side, one row per scenario (as comparison.csv).",
        tuple(columns),
    )


def column_unit(column: str) -> str:
    """The unit of a comparison column (``capital_<trust>`` columns are GBP)."""
    for name, unit, _ in (*CAPITAL_COLUMNS, *WORKFORCE_COLUMNS, *JOINT_COLUMNS):
        if name == column:
            return unit
    if column.startswith(("npc_", "capital_")):
        return "GBP"
    if column.startswith("annual_"):
        return "GBP a year"
    return "-"


def signed(text: str, value: float) -> str:
    """``text`` with a ``+`` before a positive figure."""
    return f"+{text}" if value > 0 else text


def cell(column: str, value: Any) -> str:
    """A figure in words for a terminal: money, shares and counts as the report writes them."""
    if isinstance(value, str):
        return value
    if value is None or pd.isna(value):
        return "-"
    value = float(value)
    unit = column_unit(column)
    if unit == "GBP per GBP":
        return f"{value:.2f}"
    if unit.startswith("GBP"):
        return signed(money(value), value) if column == "vs_first" else money(value)
    if unit == "share":
        return share(value)
    if unit == "%":
        return signed(f"{value:.1f}%", value)
    if unit in ("sessions a week", "reports a week", "exams a week"):
        return f"{value:,.1f}"
    return whole(value)


def comparison_text_rows(frame: pd.DataFrame) -> list[tuple[str, ...]]:
    """The comparison for a terminal, one row per figure and one column per scenario: the first
    row is the header (``figure`` and the scenario names), the others a figure's label and its
    value in each scenario, in words (``GBP 63.1m``, ``12.5%``, ``12,345``; ``-`` when empty)."""
    header = ("figure", *(str(s) for s in frame["scenario"]))
    rows: list[tuple[str, ...]] = [header]
    workforce = "annual_outsourcing" in frame.columns
    for column in frame.columns:
        if column == "scenario":
            continue
        label = LABELS.get(column, column)
        if workforce and column == "objective":
            label = "annual cost"
        elif column.startswith("npc_"):
            label = f"  {column.removeprefix('npc_')}"
        elif column.startswith("annual_"):
            label = f"  {column.removeprefix('annual_')}"
        elif column.startswith("capital_") and column != "capital_spend":
            label = f"  paid by {column.removeprefix('capital_')}"
        rows.append((label, *(cell(column, v) for v in frame[column])))
    return rows
