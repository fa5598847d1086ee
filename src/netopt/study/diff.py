"""What changes between two scenarios' plans, in planners' words and as tables.

:func:`diff_plans` reads two result folders (``a``, the reference, and ``b``) and says how ``b``'s
plan differs from ``a``'s: net present cost, scanners bought, purchases removed, added, moved in
time or to another site, rooms, capital spend by trust, outsourcing and patient travel.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from netopt.report.charts import money, share, whole
from netopt.report.folder import PlanResults, read_plan_results, records
from netopt.study.compare import components, number, plan_exists, travelling_exams

PURCHASE_COLUMNS = (
    "site_a",
    "site_b",
    "model",
    "modality",
    "year_a",
    "year_b",
    "units_a",
    "units_b",
    "change",
)
"""Columns of :attr:`PlanDiff.purchases`: where, what, when and how many each plan buys (``_a``,
``_b``; site and year empty and units 0 where a plan does not buy), and the ``change`` (one of
:data:`CHANGES`)."""

CHANGES = ("removed", "added", "moved place", "moved in time", "fewer units", "more units")
"""The kinds of purchase change, in the order the diff lists them."""

SPEND_COLUMNS = ("trust", "year", "spend_a", "spend_b", "difference")
OUTSOURCED_COLUMNS = ("modality", "year", "exams_a", "exams_b", "difference")
TRAVEL_COLUMNS = ("year", "exams_a", "exams_b", "difference")

MONEY_TOLERANCE = 0.5
"""GBP: differences smaller than this are no change."""
EXAM_TOLERANCE = 0.5
"""Exams: differences smaller than this are no change."""
LISTED = 4
"""Purchases named in one sentence before ``and N more``."""

PurchaseKey = tuple[str, str, int]
"""(site, model, year) of a purchase."""


@dataclass(frozen=True, eq=False)
class PlanDiff:
    """How plan ``b`` differs from plan ``a``: sentences, most important first, and tables.

    ``purchases`` lists the changed purchases only (:data:`PURCHASE_COLUMNS`); ``spend``
    (capital spend by trust and year, cash GBP), ``outsourced`` (exams by modality and year)
    and ``travel`` (exams scanned away from their referring site, by year) hold every key of
    either plan, with ``difference`` = b - a. Tables are empty when either plan does not exist.
    """

    a_name: str
    b_name: str
    sentences: tuple[str, ...]
    purchases: pd.DataFrame
    spend: pd.DataFrame
    outsourced: pd.DataFrame
    travel: pd.DataFrame


def plural(count: float, word: str) -> str:
    """``1 scanner``, ``3 scanners``, ``1,234 exams``."""
    name = word if round(count) == 1 else f"{word}s"
    return f"{whole(count)} {name}"


def year_ranges(years: Iterable[int]) -> str:
    """Years as ranges: ``2028, 2031-2034``."""
    ordered = sorted(set(years))
    spans: list[tuple[int, int]] = []
    for year in ordered:
        if spans and year == spans[-1][1] + 1:
            spans[-1] = (spans[-1][0], year)
        else:
            spans.append((year, year))
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in spans)


def summary_number(results: PlanResults, key: str) -> float:
    """A top-level figure of ``summary.json`` (NaN when missing)."""
    return number(results.summary.get(key))


# --- purchases -------------------------------------------------------------------------------


def unit_counts(purchases: pd.DataFrame) -> dict[PurchaseKey, int]:
    """Units bought by (site, model, year)."""
    counts: dict[PurchaseKey, int] = defaultdict(int)
    if not purchases.empty:
        for r in records(purchases[["site", "model", "year", "units"]]):
            counts[(str(r.site), str(r.model), int(r.year))] += int(r.units)
    return dict(counts)


def model_modalities(*tables: pd.DataFrame) -> dict[str, str]:
    """Catalogue model -> modality, from purchases tables."""
    out: dict[str, str] = {}
    for table in tables:
        if not table.empty:
            for r in records(table[["model", "modality"]]):
                out.setdefault(str(r.model), str(r.modality))
    return out


def purchase_row(
    site_a: str | None,
    site_b: str | None,
    model: str,
    year_a: int | None,
    year_b: int | None,
    units: tuple[int, int],
    change: str,
) -> dict[str, Any]:
    """One row of :attr:`PlanDiff.purchases` (its modality is filled in later)."""
    return {
        "site_a": site_a,
        "site_b": site_b,
        "model": model,
        "year_a": year_a,
        "year_b": year_b,
        "units_a": units[0],
        "units_b": units[1],
        "change": change,
    }


def match_in_time(
    left_a: dict[PurchaseKey, int], left_b: dict[PurchaseKey, int]
) -> list[dict[str, Any]]:
    """Units of the same site and model bought in different years, matched nearest year first
    (ties: earlier years first); matched units leave ``left_a`` and ``left_b``."""
    rows: list[dict[str, Any]] = []
    years: dict[tuple[str, str], tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    for side, left in enumerate((left_a, left_b)):
        for site, model, year in left:
            years[(site, model)][side].append(year)
    for (site, model), (all_a, all_b) in sorted(years.items()):
        while True:
            years_a = [y for y in all_a if left_a[(site, model, y)]]
            years_b = [y for y in all_b if left_b[(site, model, y)]]
            if not years_a or not years_b:
                break
            _, ya, yb = min((abs(ya - yb), ya, yb) for ya in years_a for yb in years_b)
            n = min(left_a[(site, model, ya)], left_b[(site, model, yb)])
            left_a[(site, model, ya)] -= n
            left_b[(site, model, yb)] -= n
            rows.append(purchase_row(site, site, model, ya, yb, (n, n), "moved in time"))
    return rows


def match_in_place(
    left_a: dict[PurchaseKey, int], left_b: dict[PurchaseKey, int]
) -> list[dict[str, Any]]:
    """Units of the same model and year bought at another site, matched in site order;
    matched units leave ``left_a`` and ``left_b``."""
    rows: list[dict[str, Any]] = []
    groups = sorted({(m, y) for _, m, y in left_a} & {(m, y) for _, m, y in left_b})
    for model, year in groups:
        sites_a = sorted(s for (s, m, y), n in left_a.items() if (m, y) == (model, year) and n)
        sites_b = sorted(s for (s, m, y), n in left_b.items() if (m, y) == (model, year) and n)
        for site_a in sites_a:
            for site_b in sites_b:
                n = min(left_a[(site_a, model, year)], left_b[(site_b, model, year)])
                if n:
                    left_a[(site_a, model, year)] -= n
                    left_b[(site_b, model, year)] -= n
                    rows.append(
                        purchase_row(site_a, site_b, model, year, year, (n, n), "moved place")
                    )
    return rows


def match_purchases(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The purchases that differ between two ``purchases`` tables (:data:`PURCHASE_COLUMNS`).

    Units are summed by (site, model, year). Units bought in both plans at the same site, model
    and year are unchanged (not listed). The rest are matched, in turn: the same site and model
    in another year, nearest year first (``moved in time``); the same model and year at another
    site (``moved place``). What is left is ``fewer units`` or ``more units`` where both plans
    buy the model at that site and year (the row gives both plans' units less those moved),
    else ``removed`` (only in ``a``) or ``added`` (only in ``b``).
    """
    units_a, units_b = unit_counts(a), unit_counts(b)
    common = {k: min(units_a[k], units_b[k]) for k in units_a.keys() & units_b.keys()}
    left_a = {k: n - common.get(k, 0) for k, n in units_a.items()}
    left_b = {k: n - common.get(k, 0) for k, n in units_b.items()}
    rows = match_in_time(left_a, left_b) + match_in_place(left_a, left_b)
    for key in sorted(left_a.keys() | left_b.keys()):
        site, model, year = key
        extra_a, extra_b = left_a.get(key, 0), left_b.get(key, 0)
        if not (extra_a or extra_b):
            continue
        if common.get(key):
            both = common[key]
            change = "fewer units" if extra_a else "more units"
            units = (both + extra_a, both + extra_b)
            rows.append(purchase_row(site, site, model, year, year, units, change))
        elif extra_a:
            rows.append(purchase_row(site, None, model, year, None, (extra_a, 0), "removed"))
        else:
            rows.append(purchase_row(None, site, model, None, year, (0, extra_b), "added"))
    modality = model_modalities(a, b)
    for row in rows:
        row["modality"] = modality.get(row["model"], "")
    frame = pd.DataFrame(rows, columns=list(PURCHASE_COLUMNS))
    for column in ("year_a", "year_b", "units_a", "units_b"):
        frame[column] = frame[column].astype("Int64")
    if frame.empty:
        return frame
    order = {change: i for i, change in enumerate(CHANGES)}
    frame["order"] = frame["change"].map(order)
    frame["site"] = frame["site_a"].fillna(frame["site_b"])
    frame["year"] = frame["year_a"].fillna(frame["year_b"])
    frame = frame.sort_values(["order", "modality", "model", "site", "year", "site_b", "year_b"])
    return frame[list(PURCHASE_COLUMNS)].reset_index(drop=True)


def purchase_item(row: Any) -> str:
    """One changed purchase in words: ``ct-64 at RVV01 from 2028 to 2031``."""
    units = max(row.units_a, row.units_b)
    count = f"{units} x " if units > 1 else ""
    if row.change == "moved place":
        return f"{count}{row.model} from {row.site_a} to {row.site_b} in {row.year_a}"
    if row.change == "moved in time":
        return f"{count}{row.model} at {row.site_a} from {row.year_a} to {row.year_b}"
    if row.change == "removed":
        return f"{count}{row.model} at {row.site_a} in {row.year_a}"
    if row.change == "added":
        return f"{count}{row.model} at {row.site_b} in {row.year_b}"
    return f"{row.model} at {row.site_a} in {row.year_a} ({row.units_b} against {row.units_a})"


def listed(items: Sequence[str]) -> str:
    """Items joined by ``; ``, the first :data:`LISTED` and ``and N more``."""
    text = "; ".join(items[:LISTED])
    return text if len(items) <= LISTED else f"{text}; and {len(items) - LISTED} more"


def purchase_sentences(changes: pd.DataFrame, a_name: str, b_name: str) -> list[str]:
    """A sentence per kind of change and modality: removed, added, moved place, moved later or
    earlier, fewer or more units."""
    out: list[str] = []
    kinds: list[tuple[str, pd.DataFrame]] = []
    for change in CHANGES:
        rows = changes[changes["change"] == change]
        if change == "moved in time":
            kinds.append(("later", rows[rows["year_b"] > rows["year_a"]]))
            kinds.append(("earlier", rows[rows["year_b"] < rows["year_a"]]))
        else:
            kinds.append((change, rows))
    for kind, rows in kinds:
        for key, group in rows.groupby("modality", sort=True):
            modality = str(key)
            units = int(abs(group["units_b"] - group["units_a"]).sum())
            if kind not in ("fewer units", "more units"):
                units = int(group["units_a"].where(group["units_a"] > 0, group["units_b"]).sum())
            items = listed([purchase_item(r) for r in records(group)])
            what = plural(units, f"{modality} purchase")
            verb = "is" if units == 1 else "are"
            move = "moves" if units == 1 else "move"
            sentence = {
                "removed": f"{what} {verb} removed in {b_name}",
                "added": f"{what} {verb} added in {b_name}",
                "moved place": f"{what} {move} to another site in {b_name}",
                "later": f"{what} {move} later in {b_name}",
                "earlier": f"{what} {move} earlier in {b_name}",
                "fewer units": f"{b_name} buys {plural(units, modality + ' scanner')} fewer "
                f"where {a_name} buys the same model at the same site and year",
                "more units": f"{b_name} buys {plural(units, modality + ' scanner')} more "
                f"where {a_name} buys the same model at the same site and year",
            }[kind]
            out.append(f"{sentence}: {items}.")
    return out


# --- totals by modality ----------------------------------------------------------------------


def totals_by(frame: pd.DataFrame, keys: list[str], value: str) -> pd.Series:
    """``value`` summed by ``keys`` (an empty series for a table without rows)."""
    if frame.empty or value not in frame.columns:
        return pd.Series(dtype=float)
    return frame.groupby(keys)[value].sum().astype(float)


def side_by_side(
    a: pd.Series, b: pd.Series, keys: list[str], names: tuple[str, str], columns: Sequence[str]
) -> pd.DataFrame:
    """Two series by the same keys as one frame: ``a``, ``b`` (0 where missing), b - a."""
    if a.empty and b.empty:
        return pd.DataFrame(columns=list(columns))
    frame = pd.concat([a.rename(names[0]), b.rename(names[1])], axis=1).fillna(0.0)
    frame = frame.sort_index()
    frame["difference"] = frame[names[1]] - frame[names[0]]
    frame.index = frame.index.set_names(keys)
    return frame.reset_index()[list(columns)]


def count_change_sentence(
    what: str, verb: str, by_modality: tuple[pd.Series, pd.Series], a_name: str, b_name: str
) -> str | None:
    """``b buys 4 fewer scanners (27 against 31): 3 fewer CT, 1 fewer MRI.`` (None when the
    counts by modality are the same)."""
    a, b = by_modality
    modalities = sorted(set(a.index) | set(b.index))
    changes = {m: float(b.get(m, 0.0)) - float(a.get(m, 0.0)) for m in modalities}
    if all(abs(d) < 0.5 for d in changes.values()):
        return None
    total_a, total_b = float(a.sum()), float(b.sum())
    difference = total_b - total_a
    parts = ", ".join(
        f"{whole(abs(d))} {'more' if d > 0 else 'fewer'} {m}"
        for m, d in changes.items()
        if abs(d) >= 0.5
    )
    if abs(difference) < 0.5:
        head = f"{b_name} {verb} as many {what}s as {a_name} ({whole(total_b)})"
    else:
        more = "more" if difference > 0 else "fewer"
        noun = what if round(abs(difference)) == 1 else f"{what}s"
        head = (
            f"{b_name} {verb} {whole(abs(difference))} {more} {noun} "
            f"({whole(total_b)} against {whole(total_a)})"
        )
    return f"{head}: {parts}."


def room_changes(a: pd.DataFrame, b: pd.DataFrame) -> pd.DataFrame:
    """The new rooms that differ between two ``new_rooms`` tables, matched as purchases are
    (:func:`match_purchases`, with the modality in the ``model`` column)."""

    def as_purchases(rooms: pd.DataFrame) -> pd.DataFrame:
        if rooms.empty:
            return rooms
        frame = rooms[["site", "modality", "year", "rooms"]].rename(columns={"rooms": "units"})
        return frame.assign(model=frame["modality"])

    return match_purchases(as_purchases(a), as_purchases(b))


def room_item(row: Any) -> str:
    """One changed room in words: ``CT room at CDC moved from 2025 to 2026``."""
    units = max(row.units_a, row.units_b)
    rooms = f"{units} {row.modality} rooms" if units > 1 else f"{row.modality} room"
    if row.change == "moved place":
        return f"{rooms} in {row.year_a} moved from {row.site_a} to {row.site_b}"
    if row.change == "moved in time":
        return f"{rooms} at {row.site_a} moved from {row.year_a} to {row.year_b}"
    if row.change == "removed":
        return f"{rooms} at {row.site_a} in {row.year_a} dropped"
    if row.change == "added":
        return f"{rooms} at {row.site_b} in {row.year_b} added"
    return (
        f"{row.modality} rooms at {row.site_a} in {row.year_a}: {row.units_b} against {row.units_a}"
    )


def rooms_sentence(a: PlanResults, b: PlanResults, b_name: str) -> str | None:
    """The rooms built elsewhere, at other times, or not at all (None when the same)."""
    changes = room_changes(a.table("new_rooms"), b.table("new_rooms"))
    if changes.empty:
        return None
    return f"Rooms in {b_name}: {listed([room_item(r) for r in records(changes)])}."


def asset_sentence(a: PlanResults, b: PlanResults, a_name: str, b_name: str) -> str | None:
    """How many existing scanners each plan replaces and retires (None when the same)."""

    def decided(results: PlanResults, decision: str) -> int:
        table = results.table("asset_decisions")
        return int((table["decision"] == decision).sum()) if "decision" in table else 0

    counts = [(decided(r, "replace"), decided(r, "retire")) for r in (a, b)]
    if counts[0] == counts[1]:
        return None
    (replaced_a, retired_a), (replaced_b, retired_b) = counts
    return (
        f"Existing scanners: {b_name} replaces {replaced_b} and retires {retired_b}; "
        f"{a_name} replaces {replaced_a} and retires {retired_a}."
    )


def spend_sentence(spend: pd.DataFrame, a_name: str, b_name: str) -> str | None:
    """Capital spend in all and by trust (None when no trust's spend changes)."""
    by_trust = spend.groupby("trust", sort=True)[["spend_a", "spend_b", "difference"]].sum()
    changed = by_trust[by_trust["difference"].abs() >= MONEY_TOLERANCE]
    if changed.empty:
        return None
    changed = changed.reindex(
        changed["difference"].abs().sort_values(ascending=False, kind="stable").index
    )
    parts = ", ".join(
        f"{trust} {money(abs(d))} {'more' if d > 0 else 'less'}"
        for trust, d in changed["difference"].items()
    )
    total_a, total_b = float(spend["spend_a"].sum()), float(spend["spend_b"].sum())
    difference = total_b - total_a
    if abs(difference) < MONEY_TOLERANCE:
        head = f"Capital spend is the same in all ({money(total_a)}), but not by trust"
    else:
        head = (
            f"Capital spend {'rises' if difference > 0 else 'falls'} by {money(abs(difference))} "
            f"({money(total_b)} in {b_name} against {money(total_a)} in {a_name})"
        )
    return f"{head}: {parts}."


def outsourcing_sentence(
    outsourced: pd.DataFrame, npc_change: float, a_name: str, b_name: str
) -> str | None:
    """Exams outsourced in all, then by modality (largest change first) and the years it
    changes in (None when no modality's outsourcing changes)."""
    by_modality = outsourced.groupby("modality", sort=True)["difference"].sum()
    changed = by_modality[by_modality.abs() >= EXAM_TOLERANCE]
    if changed.empty:
        return None
    changed = changed.reindex(changed.abs().sort_values(ascending=False, kind="stable").index)
    parts = []
    for modality, change in changed.items():
        rows = outsourced[outsourced["modality"] == modality]
        years = [
            int(y)
            for y, d in zip(rows["year"], rows["difference"], strict=True)
            if d * change > 0 and abs(d) >= EXAM_TOLERANCE
        ]
        more = "more" if change > 0 else "fewer"
        parts.append(f"{modality} {whole(abs(change))} {more} in {year_ranges(years)}")
    total_a, total_b = float(outsourced["exams_a"].sum()), float(outsourced["exams_b"].sum())
    difference = total_b - total_a
    if abs(difference) < EXAM_TOLERANCE:
        head = f"Outsourcing is the same in all ({plural(total_a, 'exam')}), but not by modality"
    else:
        head = (
            f"Outsourcing {'rises' if difference > 0 else 'falls'} by "
            f"{plural(abs(difference), 'exam')} ({whole(total_b)} in {b_name} against "
            f"{whole(total_a)} in {a_name})"
        )
    if math.isfinite(npc_change) and abs(npc_change) >= MONEY_TOLERANCE:
        head += (
            f", {money(abs(npc_change))} {'more' if npc_change > 0 else 'less'} in present value"
        )
    return f"{head}: {', '.join(parts)}."


def travel_sentence(travel: pd.DataFrame, a_name: str, b_name: str) -> str | None:
    """Exams scanned away from their referring site (None when the same)."""
    total_a, total_b = float(travel["exams_a"].sum()), float(travel["exams_b"].sum())
    difference = total_b - total_a
    if abs(difference) < EXAM_TOLERANCE:
        return None
    return (
        f"Patients travelling to another site: {plural(abs(difference), 'exam')} "
        f"{'more' if difference > 0 else 'fewer'} in {b_name} ({whole(total_b)} against "
        f"{whole(total_a)} in {a_name})."
    )


def objective_sentence(
    a: PlanResults, b: PlanResults, a_name: str, b_name: str, what: str = "Net present cost"
) -> str:
    """``Net present cost: GBP 75.2m in base, GBP 81.0m in cut (+GBP 5.8m, +7.7%).``"""
    cost_a, cost_b = summary_number(a, "objective"), summary_number(b, "objective")
    difference = cost_b - cost_a
    if abs(difference) < MONEY_TOLERANCE:
        return f"{what}: {money(cost_a)} in both {a_name} and {b_name}."
    sign = "+" if difference > 0 else ""
    pct = f", {sign}{100 * difference / cost_a:.1f}%" if cost_a else ""
    return (
        f"{what}: {money(cost_a)} in {a_name}, {money(cost_b)} in {b_name} "
        f"({sign}{money(difference)}{pct})."
    )


def quality_sentence(a: PlanResults, b: PlanResults, a_name: str, b_name: str) -> str | None:
    """A warning when either plan is not proven optimal, with the least difference the bounds
    prove (None when both plans are optimal)."""
    unproven = [
        (name, summary_number(r, "gap"))
        for name, r in ((a_name, a), (b_name, b))
        if r.summary.get("status") != "optimal"
    ]
    if not unproven:
        return None
    gaps = ", ".join(
        f"{name} {share(gap) if math.isfinite(gap) else 'unknown'}" for name, gap in unproven
    )
    whose = "Neither plan is" if len(unproven) == 2 else f"{unproven[0][0]}'s plan is not"
    sentence = (
        f"{whose} proven optimal (gap: {gaps}), so some of these differences may be the "
        "solver's rather than the scenario's; a longer time limit narrows the gap."
    )
    # the best plans differ by at least bound_b - objective_a (or objective_b - bound_a)
    more = summary_number(b, "bound") - summary_number(a, "objective")
    less = summary_number(a, "bound") - summary_number(b, "objective")
    if more >= MONEY_TOLERANCE:
        sentence += (
            f" Even so, {b_name} costs at least {money(more)} more: no {b_name} plan costs "
            f"less than {money(summary_number(b, 'bound'))} (its bound), and {a_name}'s plan "
            f"costs {money(summary_number(a, 'objective'))}."
        )
    elif less >= MONEY_TOLERANCE:
        sentence += (
            f" Even so, {b_name} costs at least {money(less)} less: its plan costs "
            f"{money(summary_number(b, 'objective'))}, and no {a_name} plan costs less than "
            f"{money(summary_number(a, 'bound'))} (its bound)."
        )
    return sentence


def missing_plan_sentence(a: PlanResults, b: PlanResults, a_name: str, b_name: str) -> str:
    """What to say when either plan does not exist."""
    status_a, status_b = (str(r.summary.get("status", "")) for r in (a, b))
    if not plan_exists(a) and not plan_exists(b):
        return (
            f"Neither {a_name} ({status_a}) nor {b_name} ({status_b}) has a plan, so there is "
            "nothing to compare."
        )
    missing, status, other, results = (
        (a_name, status_a, b_name, b) if not plan_exists(a) else (b_name, status_b, a_name, a)
    )
    what = "annual cost" if results.model == "workforce" else "net present cost"
    return (
        f"{missing} has no plan (status {status}), so there is nothing to compare with "
        f"{other}'s plan ({what} {money(summary_number(results, 'objective'))})."
    )


def empty_diff(a_name: str, b_name: str, sentences: Sequence[str]) -> PlanDiff:
    """A diff with sentences only: empty tables with their columns."""
    return PlanDiff(
        a_name,
        b_name,
        tuple(sentences),
        pd.DataFrame(columns=list(PURCHASE_COLUMNS)),
        pd.DataFrame(columns=list(SPEND_COLUMNS)),
        pd.DataFrame(columns=list(OUTSOURCED_COLUMNS)),
        pd.DataFrame(columns=list(TRAVEL_COLUMNS)),
    )


def capital_diff(a: PlanResults, b: PlanResults, a_name: str, b_name: str) -> PlanDiff:
    """The diff of two capital plans (both exist)."""
    purchases = match_purchases(a.table("purchases"), b.table("purchases"))
    spend = side_by_side(
        totals_by(a.table("spend"), ["trust", "year"], "spend"),
        totals_by(b.table("spend"), ["trust", "year"], "spend"),
        ["trust", "year"],
        ("spend_a", "spend_b"),
        SPEND_COLUMNS,
    )
    outsourced = side_by_side(
        totals_by(a.table("outsourced"), ["modality", "year"], "exams"),
        totals_by(b.table("outsourced"), ["modality", "year"], "exams"),
        ["modality", "year"],
        ("exams_a", "exams_b"),
        OUTSOURCED_COLUMNS,
    )
    years = [totals_by(r.table("flows"), ["year"], "exams") * 0.0 for r in (a, b)]
    travel = side_by_side(
        totals_by(travelling_exams(a.table("flows")), ["year"], "exams").add(
            years[0], fill_value=0
        ),
        totals_by(travelling_exams(b.table("flows")), ["year"], "exams").add(
            years[1], fill_value=0
        ),
        ["year"],
        ("exams_a", "exams_b"),
        TRAVEL_COLUMNS,
    )
    optional = [
        count_change_sentence(
            "scanner",
            "buys",
            (
                totals_by(a.table("purchases"), ["modality"], "units"),
                totals_by(b.table("purchases"), ["modality"], "units"),
            ),
            a_name,
            b_name,
        ),
        *purchase_sentences(purchases, a_name, b_name),
        count_change_sentence(
            "room",
            "builds",
            (
                totals_by(a.table("new_rooms"), ["modality"], "rooms"),
                totals_by(b.table("new_rooms"), ["modality"], "rooms"),
            ),
            a_name,
            b_name,
        ),
        rooms_sentence(a, b, b_name),
        asset_sentence(a, b, a_name, b_name),
        spend_sentence(spend, a_name, b_name) if not spend.empty else None,
        outsourcing_sentence(
            outsourced,
            components(b, "npv").get("outsourcing", math.nan)
            - components(a, "npv").get("outsourcing", math.nan),
            a_name,
            b_name,
        )
        if not outsourced.empty
        else None,
        travel_sentence(travel, a_name, b_name) if not travel.empty else None,
    ]
    changes = [s for s in optional if s is not None]
    cost = objective_sentence(a, b, a_name, b_name)
    if not changes and cost.endswith(f"in both {a_name} and {b_name}."):
        same = (
            f"Nothing changed between {a_name} and {b_name}: the same net present cost "
            f"({money(summary_number(a, 'objective'))}), purchases, rooms, scanner decisions, "
            "capital spend, outsourcing and patient travel."
        )
        return PlanDiff(a_name, b_name, (same,), purchases, spend, outsourced, travel)
    quality = quality_sentence(a, b, a_name, b_name)
    sentences = (cost, *([quality] if quality else []), *changes)
    return PlanDiff(a_name, b_name, sentences, purchases, spend, outsourced, travel)


def workforce_diff(a: PlanResults, b: PlanResults, a_name: str, b_name: str) -> PlanDiff:
    """The diff of two workforce plans (both exist): annual cost and the headline figures."""
    sentences = [objective_sentence(a, b, a_name, b_name, "Annual cost")]
    plans = [r.summary.get("plan") for r in (a, b)]
    figures = [p if isinstance(p, Mapping) else {} for p in plans]
    for key, value_a in figures[0].items():
        value_b = figures[1].get(key)
        numbers = isinstance(value_a, int | float) and isinstance(value_b, int | float)
        if numbers and abs(value_b - value_a) > 1e-9:
            label = key.replace("_", " ")
            sentences.append(
                f"{label.capitalize()}: {value_b:,.4g} in {b_name} against {value_a:,.4g} "
                f"in {a_name}."
            )
    return empty_diff(a_name, b_name, sentences)


def diff_plans(a: Path, b: Path, a_name: str, b_name: str) -> PlanDiff:
    """How the plan in result folder ``b`` (scenario ``b_name``) differs from the plan in ``a``
    (``a_name``, the reference): sentences, most important first, and tables (:class:`PlanDiff`).

    :class:`ValueError` when the folders hold plans of different models;
    :class:`~netopt.report.folder.ReportInputError` when one is not a result folder.
    """
    plan_a, plan_b = read_plan_results(Path(a)), read_plan_results(Path(b))
    if plan_a.model != plan_b.model:
        raise ValueError(
            f"cannot compare a {plan_a.model} plan ({a_name}) with a {plan_b.model} plan ({b_name})"
        )
    if not (plan_exists(plan_a) and plan_exists(plan_b)):
        return empty_diff(a_name, b_name, [missing_plan_sentence(plan_a, plan_b, a_name, b_name)])
    if plan_a.model == "workforce":
        return workforce_diff(plan_a, plan_b, a_name, b_name)
    return capital_diff(plan_a, plan_b, a_name, b_name)  # a joint plan's capital tables too
