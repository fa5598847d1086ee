"""WTE year by year: ``headcount_balance`` and ``recruitment_limit`` of ``models/joint.md``.

The WTE of each employer's role in each year is re-derived from the year before as written
(the WTE in post for the first plan year), the role's attrition, the hires written and the
trainees completing (``training.csv``), so a changed WTE or hire is found in the year it is
changed.
"""

from __future__ import annotations

from netopt.verify.joint.reference import StaffingReference
from netopt.verify.joint.tables import StaffingRow, StaffingTables, StaffYear
from netopt.verify.joint.training import Training
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import Tally, within
from netopt.verify.words import num


def staffing_rows(tables: StaffingTables) -> dict[StaffYear, StaffingRow]:
    """``staffing.csv`` by (employer, role, year)."""
    return {(r.employer, r.role, r.year): r for r in tables.staffing}


def carried(
    ref: StaffingReference, rows: dict[StaffYear, StaffingRow], key: StaffYear
) -> tuple[Tally, str]:
    """The WTE carried into a year: in post for the first plan year, else the year before's
    (written) less attrition; and how, in words."""
    em, ro, y = key
    if y == ref.first:
        wte = ref.in_post.get((em, ro), 0.0)
        return Tally(wte), f"{num(wte)} in post"
    before = rows.get((em, ro, y - 1))
    rate = ref.roles[ro].attrition
    tally = Tally()
    tally.add(before.wte if before else 0.0, 1.0 - rate)
    what = f"{num(before.wte if before else 0.0)} in {y - 1}"
    return tally, what + (f" less {rate:.0%} attrition" if rate else "")


def check_headcount_balance(
    ref: StaffingReference, tables: StaffingTables, training: Training, tolerance: float
) -> list[Violation]:
    """``headcount_balance``: ``wte = carried + hires + trained_in - trained_out`` for each
    employer, role and year (a missing row is zeros), with trained in and out re-derived from
    ``training.csv``; an employer has WTE only of roles it can employ; nothing is negative."""
    rows = staffing_rows(tables)
    pairs = {(em, ro) for em, ro, _ in rows}
    pairs |= {k for k, wte in ref.in_post.items() if wte > 0 and k[1] in ref.roles}
    pairs |= {(em, ro) for em, ro, _ in (*training.trained_in, *training.trained_out)}
    out = []
    for em, ro in sorted(pairs):
        for y in ref.years:
            key = (em, ro, y)
            row = rows.get(key)
            where: Where = {"employer": em, "role": ro, "year": y}
            wte = row.wte if row else 0.0
            hires = row.hires if row else 0.0
            at = f"staffing.csv line {row.line}" if row else "no row in staffing.csv"
            if row is not None:
                negative = [c for c in ("wte", "hires", "agency_hours") if getattr(row, c) < 0]
                if negative:
                    message = f"{at}: {', '.join(negative)} cannot be negative"
                    out.append(Violation("headcount_balance", where, message))
                    continue
            if (em, ro) not in ref.staff_keys and (wte or hires):
                message = (
                    f"{em} has {num(wte)} WTE of {ro} in {y} ({at}), but {em} cannot employ "
                    f"{ro}: it has none in post and no sites to recruit, train or buy agency "
                    "staff for"
                )
                out.append(Violation("headcount_balance", where, message))
                continue
            expected, how = carried(ref, rows, key)
            expected.add(hires)
            joined = training.trained_in.get(key, 0.0)
            left = training.trained_out.get(key, 0.0)
            expected.add_exact(joined - left)
            if expected.agrees(wte, tolerance):
                continue
            parts = [how, f"{num(hires)} hired"]
            if joined:
                parts.append(f"{num(joined)} trained in")
            if left:
                parts.append(f"{num(left)} trained out")
            out.append(
                Violation(
                    "headcount_balance",
                    where,
                    f"{em} has {num(wte)} WTE of {ro} in {y} ({at}); {', '.join(parts)} make "
                    f"{num(expected.value)}",
                )
            )
    return out


def check_recruitment(
    ref: StaffingReference, tables: StaffingTables, tolerance: float
) -> list[Violation]:
    """``recruitment_limit``: an employer recruits a role only where it can (it has sites, the
    role can be recruited, and the start in post is at least the role's lead time after the
    first plan year), and at most ``max_hires_per_year`` WTE a year."""
    out = []
    for row in tables.staffing:
        if row.hires <= 0:
            continue
        where: Where = {"employer": row.employer, "role": row.role, "year": row.year}
        what = (
            f"staffing.csv line {row.line}: {row.employer} recruits {num(row.hires)} WTE of "
            f"{row.role} into post in {row.year}"
        )
        why = ref.no_hiring(row.employer, row.role, row.year)
        most = ref.roles[row.role].max_hires_per_year
        if why is not None:
            out.append(Violation("recruitment_limit", where, f"{what}, but {why}"))
        elif most is not None and not within(row.hires, most, tolerance):
            out.append(
                Violation(
                    "recruitment_limit",
                    where,
                    f"{what}, above the {num(most)} WTE a year one employer can recruit "
                    "(max_hires_per_year)",
                )
            )
    return out
