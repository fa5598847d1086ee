"""What every column of every result table means: the one description of netopt's results.

Each result table netopt writes (one CSV per table in a result folder, and the same tables as
sheets of ``plan.xlsx``) is a :class:`TableDoc` in :data:`RESULT_TABLES`, in the order netopt
writes them, with a :class:`ColumnDoc` per column in the order of the table's columns.
``docs/results.md`` is rendered from them (:func:`results_markdown`; run this module to print
it) and ``tests/report/test_result_columns.py`` checks both against the tables of real plans.

Standard library only, so any module may import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass

CAPITAL = "capital"
"""The plan type of the capital replacement and placement plan."""
WORKFORCE = "workforce"
"""The plan type of the weekly roster and reporting plan."""
JOINT = "joint"
"""The plan type of the joint plan: the capital plan and its workforce year by year."""
PLANS = (CAPITAL, WORKFORCE, JOINT)
"""The plan types, in the order of ``docs/results.md``."""
INCLUDES = {JOINT: CAPITAL}
"""Plan type -> the plan type whose tables it writes too (documented there): a joint plan
writes every table of a capital plan."""
SITES_TABLE = "sites"
"""The table every plan writes last of its tables (before the optional ones)."""

GENERATE_COMMAND = "python -m netopt.report > docs/results.md"
"""How ``docs/results.md`` is made."""

UNITS = (
    "-",
    "GBP",
    "GBP, present value",
    "GBP a year",
    "GBP, one-off",
    "GBP per GBP",
    "%",
    "share",
    "year",
    "years",
    "units",
    "rooms",
    "exams",
    "hours a year",
    "hours",
    "minutes",
    "people",
    "WTE",
    "reports",
    "see `unit`",
    "exams a week",
    "reports a week",
    "sessions a week",
    "minutes a week",
    "studies a day",
    "degrees",
)
"""The words a column's unit is given in, so the same quantity reads the same everywhere."""


@dataclass(frozen=True)
class ColumnDoc:
    """One column of a result table."""

    name: str
    """The column's header, as written."""
    unit: str
    """Its unit in a few short words (``GBP``, ``exams a week``, ...); ``-`` for ids and text."""
    meaning: str
    """What a value says, including what an empty or a negative value means."""


@dataclass(frozen=True)
class TableDoc:
    """One result table: its file name (without ``.csv``), plan type, content and columns."""

    name: str
    plan: str
    """``capital``, ``workforce`` or ``joint``: the plan type whose section of
    ``docs/results.md`` describes it (a joint plan writes the capital tables too)."""
    content: str
    """What the table holds, in one or two sentences (one row per ...)."""
    columns: tuple[ColumnDoc, ...]
    """Every column, in the order written."""
    optional: bool = False
    """Written only when asked for (``baselines``: ``--compare-baselines``; ``alternatives``:
    ``--alternatives K``; ``sequential``: ``--compare-sequential``)."""

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


def _c(name: str, unit: str, meaning: str) -> ColumnDoc:
    return ColumnDoc(name, unit, meaning)


# --------------------------------------------------------------------------- shared columns


def _site(meaning: str = "Site id.") -> ColumnDoc:
    return _c("site", "-", meaning)


def _modality(meaning: str = "Modality id (`CT`, `MRI`, ...).") -> ColumnDoc:
    return _c("modality", "-", meaning)


def _exam_type(meaning: str = "Exam type id.") -> ColumnDoc:
    return _c("exam_type", "-", meaning)


def _year(meaning: str = "Plan year.") -> ColumnDoc:
    return _c("year", "year", meaning)


def _trust(meaning: str = "Trust id.") -> ColumnDoc:
    return _c("trust", "-", meaning)


def _staff(meaning: str = "Staff row id (a cohort of identical people in `staff`).") -> ColumnDoc:
    return _c("staff", "-", meaning)


def _day(meaning: str) -> ColumnDoc:
    return _c("day", "-", meaning)


def _tier() -> ColumnDoc:
    return _c(
        "tier",
        "-",
        "The staff row's tier: `assistant_practitioner`, `radiographer`, "
        "`advanced_practitioner` or `consultant_radiologist`.",
    )


_KIND = (
    "Scanner kind: the modality and its capabilities joined by `+`, e.g. `CT+cardiac`; the "
    "modality alone when it has none."
)


def _sites_table(plan: str) -> TableDoc:
    """The ``sites`` table, the same in every plan: the ids of the other tables named."""
    return TableDoc(
        "sites",
        plan,
        "Where the plan's sites are and whose they are: one row per site of the instance, so "
        "the ids in the other tables can be named and mapped.",
        (
            _site(),
            _c("name", "-", "The site's name (its id when the instance gives none)."),
            _trust("Owning trust id, or `network` for a site the network owns."),
            _c(
                "trust_name",
                "-",
                "The owning trust's name (the network's name for a network site).",
            ),
            _c("kind", "-", "`hospital`, `cdc` (community diagnostic centre) or `other`."),
            _c("latitude", "degrees", "Latitude (WGS84)."),
            _c("longitude", "degrees", "Longitude (WGS84)."),
        ),
    )


# --------------------------------------------------------------------------- capital plan

_CAPITAL_TABLES = (
    TableDoc(
        "asset_decisions",
        CAPITAL,
        "Each existing scanner (one row per asset of the instance): kept to the horizon end, "
        "retired or replaced, in which year, at what age and value.",
        (
            _c(
                "asset",
                "-",
                "Asset id. Identical scanners (same site, owner, kind, install year, hours, age "
                "profile, maximum age and condition) are planned as one group: the group's units "
                "leave in year order, given to its asset ids in id order.",
            ),
            _site(),
            _c(
                "owner",
                "-",
                "Who owns the scanner: the asset's `owner`, else its site's (a trust id, or "
                "`network`: every trust by capital share). The owner pays its maintenance and "
                "receives its `value` (`trust_costs`); a scanner bought to replace it belongs "
                "to the site's owner.",
            ),
            _modality(),
            _c("kind", "-", _KIND),
            _c("install_year", "year", "Year the scanner was installed (its age 0 year)."),
            _c(
                "decision",
                "-",
                "`keep`: in service to the horizon end; `replace`: leaves service in the year a "
                "scanner of its modality is bought at its site (the purchase year, whatever the "
                "new model's lead time); `retire`: leaves service and nothing of its modality "
                "is bought at its site that year.",
            ),
            _c(
                "year",
                "year",
                "Year it leaves service, at the start of the year: it last serves the year "
                "before (leaving in the first plan year, it serves none). Empty for `keep`.",
            ),
            _c(
                "age",
                "years",
                "`year` - `install_year`: its age when it leaves; for `keep`, its age at the "
                "horizon end (the year after the last plan year).",
            ),
            _c(
                "value",
                "GBP",
                "Resale value at that age from its age profile (`retire`, `replace`), or "
                "residual value at the horizon end (`keep`) by the instance's "
                "`policy.residual_value` rule (straight line over its life from its purchase "
                "price, else its resale value); undiscounted. Credited to the plan (`resale`, "
                "`residual_value` in `costs`).",
            ),
            _c(
                "replaced_by",
                "-",
                "The catalogue models bought at its site for its modality in the year it leaves, "
                "comma-separated; empty for `keep` and `retire`. One purchase may be named for "
                "several scanners leaving that year.",
            ),
        ),
    ),
    TableDoc(
        "purchases",
        CAPITAL,
        "Scanners bought: one row per site, model, purchase year and retire year, with the list "
        "price and the price paid after volume discounts.",
        (
            _site("Site the scanners are bought for."),
            _c("model", "-", "Catalogue model id."),
            _modality(),
            _year("Year bought and paid for (at the start of the year)."),
            _c(
                "in_service_year",
                "year",
                "First year in service: `year` + the model's lead time (its age 0 year).",
            ),
            _c(
                "retire_year",
                "year",
                "Year the units leave service (at the start of the year). Empty: held to the "
                "horizon end. Units of one purchase leaving in different years are separate "
                "rows.",
            ),
            _c("units", "units", "Scanners bought."),
            _c("list_price", "GBP", "Catalogue price of one unit."),
            _c(
                "unit_price",
                "GBP",
                "Price paid per unit after volume discounts: the cost of all units of this model "
                "bought at this site in this year divided by their number.",
            ),
            _c(
                "discount",
                "share",
                "1 - `unit_price` / `list_price`: the volume discount won (0 when the list price "
                "is 0).",
            ),
            _c("cost", "GBP", "`unit_price` x `units`, paid in `year`."),
            _c(
                "works_cost",
                "GBP",
                "Enabling works to install the units: the site's installation works cost for the "
                "modality x `units`, paid in `year` (capital, counted as enabling works).",
            ),
        ),
    ),
    TableDoc(
        "payments",
        CAPITAL,
        "Who pays what: each trust's share of each purchase and of each new room, by year. A "
        "trust pays all of what is bought at its own sites; at a network site every trust pays "
        "its capital share.",
        (
            _trust("Paying trust."),
            _year("Year paid (the purchase year, or the year the room is built)."),
            _site("Site the scanner or room is for."),
            _c(
                "item",
                "-",
                "`purchase` (scanners), `installation_works` (the works installing them) or "
                "`new_room` (a room built).",
            ),
            _c("model", "-", "Catalogue model bought or installed; empty for `new_room`."),
            _modality(),
            _c(
                "amount",
                "GBP",
                "The trust's payment: the cost after volume discounts (purchases), the works "
                "cost (installation works) or the room cost, times its share. Summed by trust and year it is `spend` in `spend`.",
            ),
        ),
    ),
    TableDoc(
        "new_rooms",
        CAPITAL,
        "Rooms built (enabling works): one row per site, modality and year with any.",
        (
            _site(),
            _modality(),
            _year("Year built; the rooms can hold a scanner from that year."),
            _c("rooms", "rooms", "Rooms built."),
            _c("cost", "GBP", "`rooms` x the site's room cost for the modality, paid in `year`."),
        ),
    ),
    TableDoc(
        "fleet",
        CAPITAL,
        "Scanners in service: one row per site, modality, kind, year, model and install year, "
        "with the scan hours they offer.",
        (
            _site(),
            _modality(),
            _c("kind", "-", _KIND),
            _year("Plan year in which the scanners are in service."),
            _c(
                "scanner",
                "-",
                "`existing` for scanners of the instance's fleet, else the catalogue model bought.",
            ),
            _c(
                "install_year",
                "year",
                "Install year (existing scanners) or first year in service (scanners bought).",
            ),
            _c("age", "years", "`year` - `install_year` (0 in the first year of service)."),
            _c("units", "units", "Scanners in service."),
            _c(
                "hours",
                "hours a year",
                "Scanner hours they are in service for in `year`: hours per year less downtime "
                "for age and condition and, in a new scanner's first year, its installation "
                "weeks, times `units`.",
            ),
            _c(
                "exam_hours",
                "hours a year",
                "Hours of exams at the exam types' scan minutes they can scan: `hours` x the "
                "scanner's throughput factor (more than `hours` for a faster model).",
            ),
            _c(
                "installation_hours_lost",
                "hours a year",
                "Scanner hours lost to installation in `year` (a new scanner's first year).",
            ),
        ),
    ),
    TableDoc(
        "capacity",
        CAPITAL,
        "Capacity against demand: one row per site, modality and year. Scanning columns "
        "(`scanners` to `exams_scanned`) count at the site where exams are scanned; demand "
        "columns (`exams_demanded` to `exams_outsourced`) at the site where patients are "
        "referred, so the two differ wherever patients travel.",
        (
            _site(),
            _modality(),
            _year(),
            _c("scanners", "units", "Scanners in service (the `units` of `fleet`)."),
            _c(
                "scanner_hours",
                "hours a year",
                "Scanner hours in service (`hours` of `fleet`), after downtime and installation.",
            ),
            _c(
                "installation_hours_lost",
                "hours a year",
                "Scanner hours lost to installing new scanners here this year (downtime of the "
                "swap).",
            ),
            _c(
                "hours_available",
                "hours a year",
                "Hours of exams at their scan minutes the scanners can scan (`exam_hours` of "
                "`fleet`): `scanner_hours` x throughput factors.",
            ),
            _c(
                "hours_used",
                "hours a year",
                "Scan hours of the exams scanned here, from any referring site.",
            ),
            _c(
                "utilisation",
                "share",
                "`hours_used` / `hours_available`; 0 when no hours are available. At most "
                "`utilisation_ceiling`.",
            ),
            _c(
                "utilisation_ceiling",
                "share",
                "The target utilisation: the share of `hours_available` the plan may book "
                "(the site's rooms row, else the modality's `target_utilisation`).",
            ),
            _c("exams_scanned", "exams", "Exams scanned here, from any referring site."),
            _c(
                "exams_demanded",
                "exams",
                "Exams demanded by patients referred here, wherever they are scanned.",
            ),
            _c("hours_demanded", "hours a year", "Scan hours of `exams_demanded`."),
            _c(
                "exams_outsourced",
                "exams",
                "Of `exams_demanded`, exams outsourced (not scanned in the network).",
            ),
        ),
    ),
    TableDoc(
        "spend",
        CAPITAL,
        "Capital spend against budget: one row per trust and plan year.",
        (
            _trust(),
            _year(),
            _c("budget", "GBP", "Capital budget for the year."),
            _c(
                "carried_in",
                "GBP",
                "Budget brought from the year before: all of last year's `headroom` for a trust "
                "that may carry budget over (shown at its most), else 0.",
            ),
            _c(
                "spend",
                "GBP",
                "Capital spent: the trust's `payments` in the year (scanners after volume "
                "discounts and rooms). Maintenance is revenue spending and not counted; resale "
                "income does not raise the budget.",
            ),
            _c("headroom", "GBP", "`budget` + `carried_in` - `spend`: budget left unspent."),
            _c(
                "value_per_gbp",
                "GBP per GBP",
                "The value of capital: how much the network's net present cost would fall per "
                "GBP more of this budget, with the plan's other decisions held and the money "
                "buying part of one more scanner or room at the trust's sites that year (the "
                "budget row's dual; local and linear, see models/capital.md). 0: more money "
                "there buys nothing worth its cost. Blank: not computed within the time limit.",
            ),
        ),
    ),
    TableDoc(
        "flows",
        CAPITAL,
        "Where patients are scanned: one row per referring site, scanning site, exam type and "
        "year with any exams.",
        (
            _c("origin", "-", "Referring site, where the demand arises."),
            _site("Scanning site (the referring site itself when scanned locally)."),
            _exam_type(),
            _modality("Modality of the exam type."),
            _year(),
            _c("exams", "exams", "Exams referred at `origin` and scanned at `site` in `year`."),
            _c("scan_hours", "hours a year", "`exams` x the exam type's scan time."),
            _c(
                "travel_minutes",
                "minutes",
                "Travel time from `origin` to `site`, one way (`travel.method`: coordinates, "
                "shortest path over the travel links, or the travel matrix); 0 when scanned "
                "locally.",
            ),
            _c(
                "travel_cost",
                "GBP",
                "Patient travel cost in `year`: `exams` x `travel_minutes` x the policy's "
                "travel cost per minute.",
            ),
        ),
    ),
    TableDoc(
        "outsourced",
        CAPITAL,
        "Exams outsourced (scanned outside the network): one row per referring site, exam type "
        "and year with any.",
        (
            _site("Referring site."),
            _exam_type(),
            _modality("Modality of the exam type."),
            _year(),
            _c("exams", "exams", "Exams outsourced."),
            _c("cost", "GBP", "`exams` x the exam type's outsourcing cost, in `year`."),
        ),
    ),
    TableDoc(
        "costs",
        CAPITAL,
        "The net present cost by component: one row per component, in a fixed order. The "
        "`npv` column sums to the net present cost (the plan's objective).",
        (
            _c(
                "component",
                "-",
                "`capital` (scanners, after volume discounts), `enabling_works` (new rooms), "
                "`maintenance`, `outsourcing`, `in_house_scanning` (staff and consumables of "
                "exams scanned in the network: exams x the exam type's `in_house_cost`), "
                "`patient_travel`, `resale` (scanners leaving within the horizon), "
                "`residual_value` (scanners in service at the horizon end).",
            ),
            _c(
                "npv",
                "GBP, present value",
                "The component's cost over the plan, discounted to the first plan year; "
                "`resale` and `residual_value` are values credited to the plan, so negative.",
            ),
        ),
    ),
    TableDoc(
        "trust_costs",
        CAPITAL,
        "What the plan costs each trust each year, by component: one row per trust, year and "
        "component with a non-zero amount. A cost is apportioned as capital spend is (to the "
        "owner of the site it arises at, or at a network site to every trust by its capital "
        "share): capital, enabling works, maintenance, resale and residual value at the "
        "scanner's site, except that an existing scanner's maintenance, resale and residual "
        "value go to its owner (`asset_decisions.owner`); in-house scanning at the site that "
        "scans; outsourcing and patient travel at the referring site. Summed over trusts and years, each component's `npv` "
        "is its `npv` in `costs`.",
        (
            _trust(),
            _year(
                "Year the cost arises: the year paid or incurred; for `resale` the year the "
                "scanner leaves service; for `residual_value` the horizon end (the year after "
                "the last plan year)."
            ),
            _c("component", "-", "A component of `costs`."),
            _c(
                "cash",
                "GBP",
                "The trust's share of the component in `year`, undiscounted; negative for "
                "`resale` and `residual_value`.",
            ),
            _c(
                "npv",
                "GBP, present value",
                "`cash` discounted to the first plan year (as in the objective).",
            ),
        ),
    ),
    TableDoc(
        "scanning_split",
        CAPITAL,
        "Whose patients are scanned in the network and whose are outsourced: one row per "
        "trust, year and modality whose patients have any exams. A trust's patients are those "
        "referred at its sites, wherever they are scanned; a network site's are shared by "
        "every trust by its capital share, as its costs are (so exams may be fractions). "
        "Summed over trusts, the exams are those of `flows` and `outsourced`.",
        (
            _trust("Trust whose patients they are (the referring site's)."),
            _year(),
            _modality(),
            _c(
                "exams_in_house",
                "exams",
                "The trust's patients' exams scanned in the network, at any site (`flows`).",
            ),
            _c(
                "exams_outsourced",
                "exams",
                "The trust's patients' exams outsourced (`outsourced`).",
            ),
            _c(
                "outsourced_share",
                "share",
                "`exams_outsourced` / (`exams_in_house` + `exams_outsourced`).",
            ),
            _c(
                "in_house_cost",
                "GBP",
                "`exams_in_house` x the exam type's `in_house_cost` (staff, consumables), in "
                "`year`; `trust_costs` charges it to the trust of the site that scans instead.",
            ),
            _c(
                "outsourcing_cost",
                "GBP",
                "`exams_outsourced` x the exam type's outsourcing cost, in `year`.",
            ),
        ),
    ),
    TableDoc(
        "revenue",
        CAPITAL,
        "Running costs against revenue budgets: one row per trust and plan year, the running "
        "costs the plan decides, as `trust_costs` charges them (cash GBP), and in a joint plan "
        "those of its staff.",
        (
            _trust(),
            _year(),
            _c(
                "budget",
                "GBP",
                "Revenue budget for the year (`revenue_budgets` row, else the trust's "
                "`revenue_budget`); empty: no limit.",
            ),
            _c(
                "maintenance",
                "GBP",
                "Maintenance of the scanners in service (an existing scanner's paid by its "
                "owner, a new one's by its site's trust).",
            ),
            _c(
                "in_house_scanning",
                "GBP",
                "Staff and consumables of the exams scanned at the trust's sites.",
            ),
            _c("outsourcing", "GBP", "Outsourcing of the exams of the trust's patients."),
            _c(
                "staff",
                "GBP",
                "Joint plan: the running costs of the workforce the trust pays in `year` "
                "(`models/joint.md`): salaries, recruitment (in the year the hire is decided, "
                "`hire_lead_years` before the start in post), training, agency hours and "
                "reports outsourced of its own staff and sites, and the onboarding of "
                "passports to work for it; a `network` employer's by the trust's capital "
                "share. Empty in a capital plan, whose `in_house_scanning` holds staff pay per "
                "exam.",
            ),
            _c(
                "spend",
                "GBP",
                "`maintenance` + `in_house_scanning` + `outsourcing` (+ `staff` in a joint "
                "plan): what the revenue budget limits.",
            ),
            _c(
                "headroom",
                "GBP",
                "`budget` - `spend` (never below 0 in a plan); empty without a budget.",
            ),
        ),
    ),
    TableDoc(
        "access",
        CAPITAL,
        "The equity view: how near home each origin's patients are scanned, one row per "
        "origin site, modality and year with demand. Exams scanned at the origin travel 0 "
        "minutes; outsourced exams count as not within any number of minutes (an independent "
        "provider at an unknown distance), as in the policy's access target, and are left out "
        "of the mean and longest travel. `rank` orders the origins of each modality and year "
        "from the worst served.",
        (
            _c("origin", "-", "Site where the patients are referred (their home site)."),
            _modality(),
            _year(),
            _c(
                "exams_demanded",
                "exams",
                "Exams of the modality referred at `origin` in `year` (all exam types).",
            ),
            _c(
                "exams_within_30",
                "exams",
                "Of `exams_demanded`, exams scanned within 30 travel minutes of `origin` "
                "(`flows` with `travel_minutes` <= 30; 0 at `origin` itself).",
            ),
            _c(
                "exams_within_45",
                "exams",
                "Of `exams_demanded`, exams scanned within 45 travel minutes of `origin` "
                "(`flows` with `travel_minutes` <= 45; 0 at `origin` itself).",
            ),
            _c(
                "exams_within_60",
                "exams",
                "Of `exams_demanded`, exams scanned within 60 travel minutes of `origin` "
                "(`flows` with `travel_minutes` <= 60; 0 at `origin` itself).",
            ),
            _c(
                "exams_outsourced",
                "exams",
                "Of `exams_demanded`, exams outsourced (`outsourced`).",
            ),
            _c(
                "share_within_30",
                "share",
                "`exams_within_30` / `exams_demanded` (outsourced exams count as not within).",
            ),
            _c(
                "share_within_45",
                "share",
                "`exams_within_45` / `exams_demanded` (outsourced exams count as not within).",
            ),
            _c(
                "share_within_60",
                "share",
                "`exams_within_60` / `exams_demanded` (outsourced exams count as not within).",
            ),
            _c(
                "mean_travel_minutes",
                "minutes",
                "Mean travel minutes of the exams scanned in the network (weighted by exams); "
                "empty when all are outsourced.",
            ),
            _c(
                "max_travel_minutes",
                "minutes",
                "Longest travel of any exam scanned in the network; empty when all are outsourced.",
            ),
            _c(
                "rank",
                "-",
                "1 for the worst-served origin of the modality that year, then 2, ...: by "
                "`share_within_45` (lowest first), then `mean_travel_minutes` (longest "
                "first), then `origin`.",
            ),
        ),
    ),
    _sites_table(CAPITAL),
    TableDoc(
        "baselines",
        CAPITAL,
        "The optimised plan compared with the plans of today's rules (`baselines.csv`, "
        "written by `netopt solve capital --compare-baselines` when there is a plan): one "
        "row for the optimised plan, then one per baseline policy (`practice`, `priority`, "
        "`age:10`).",
        (
            _c(
                "plan",
                "-",
                "`optimised`, or the baseline policy: `practice` (ranked like-for-like "
                "replacements and new scanners where demand outgrows the fleet, within each "
                "trust's budget), `priority` (the replacements only) or `age:N` (replace like "
                "for like at age N).",
            ),
            _c(
                "objective",
                "GBP, present value",
                "Net present cost of the plan; empty when there is none (see `status`).",
            ),
            _c(
                "saving_vs_plan",
                "GBP, present value",
                "This plan's net present cost minus the optimised plan's: what the optimised "
                "plan saves against it (0 for `optimised`; negative if the baseline is cheaper, "
                "as it can be when the optimised plan is not proven optimal).",
            ),
            _c(
                "saving_pct",
                "%",
                "`saving_vs_plan` as a percentage of this plan's net present cost.",
            ),
            _c("exams_outsourced", "exams", "Exams outsourced over the horizon, all sites."),
            _c(
                "demand_met_pct",
                "%",
                "Exams scanned in the network as a percentage of those demanded over the "
                "horizon: 100 x (1 - outsourced / demanded); 100 when nothing is demanded.",
            ),
            _c(
                "capital_spend",
                "GBP",
                "Capital payments over the horizon (scanners and rooms), undiscounted, summed "
                "over the years.",
            ),
            _c(
                "status",
                "-",
                "The solve status: `optimal`, or `feasible` (a plan not proven optimal). Any "
                "other leaves the row's figures empty: `infeasible` for a baseline policy's "
                "plan that breaks a budget, a room limit or a commitment (`netopt baseline "
                "capital` says why), `no_solution` when the time limit passed first.",
            ),
            _c(
                "cost_if_funded",
                "GBP, present value",
                "For a baseline policy's plan that breaks only the capital budgets: its net "
                "present cost were the money found (its plan is not written); empty otherwise.",
            ),
            _c(
                "saving_if_funded",
                "GBP, present value",
                "`cost_if_funded` minus the optimised plan's net present cost: what the "
                "optimised plan saves against today's rules were their money found; empty "
                "otherwise.",
            ),
        ),
        optional=True,
    ),
    TableDoc(
        "alternatives",
        CAPITAL,
        "The plan and its near-optimal alternatives (`alternatives.csv`, written by `netopt "
        "solve capital --alternatives K`): one row for the plan (`best`), then one per "
        "alternative found, each written to its own result folder beside this one.",
        (
            _c(
                "plan", "-", "`best` (this folder's plan), or `alternative-1`, `alternative-2`, ..."
            ),
            _c(
                "folder",
                "-",
                "The alternative's result folder, by name, beside this one (`OUT-alternative-i`"
                "; verify it with `netopt verify`); empty for `best`.",
            ),
            _c("objective", "GBP, present value", "Net present cost of the plan."),
            _c(
                "above_best",
                "GBP, present value",
                "`objective` minus the best plan's: at most `--slack` of it (negative only "
                "when the best plan was not proven optimal and an alternative is cheaper).",
            ),
            _c("above_best_pct", "%", "`above_best` as a percentage of the best plan's cost."),
            _c("units_bought", "units", "Scanners bought (`units` of its `purchases`)."),
            _c("rooms_built", "rooms", "New rooms built (`rooms` of its `new_rooms`)."),
            _c("capital_spend", "GBP", "Capital payments over the horizon, undiscounted."),
            _c(
                "units_moved",
                "units",
                "How differently from the best plan it buys: the sum over (site, modality, "
                "year) of the difference in units bought plus rooms built (0 for `best`).",
            ),
            _c(
                "places_years",
                "-",
                "How many (site, modality, year) it buys units or builds rooms at.",
            ),
            _c(
                "only_here",
                "-",
                "What it buys or builds where and when the best plan buys less: `site "
                "modality year xN` items, `;`-separated (empty for `best`).",
            ),
            _c(
                "only_in_best",
                "-",
                "What the best plan buys or builds where and when it buys less (same form).",
            ),
        ),
        optional=True,
    ),
)

# --------------------------------------------------------------------------- workforce plan

_PLACE = "Place: a site id, or `home` (reporting from home over the image-sharing platform)."

_WORKFORCE_TABLES = (
    TableDoc(
        "roster",
        WORKFORCE,
        "The week's roster: one row per person and session worked (sessions not worked have no "
        "row), in each person's week order.",
        (
            _staff(),
            _c(
                "person",
                "-",
                "Number of the person within the staff row, 1 to its `count`: the plan's "
                "numbering, given so that the people who have worked least so far in the week "
                "take the longest days.",
            ),
            _day("Day of the week: `mon` to `sun`."),
            _c("session", "-", "Session id of the weekly template (e.g. `am`, `pm`)."),
            _c("place", "-", _PLACE),
            _c("activity", "-", "`scan` (staffing a scanner) or `report`."),
            _modality("Modality scanned; empty for `report`."),
        ),
    ),
    TableDoc(
        "reporting",
        WORKFORCE,
        "Reports made: one row per staff row, place, day and exam type with any. With a "
        "turnaround standard of 8 days or more the plan fixes only the week's reports, spread "
        "here over the days in proportion to the reporting minutes rostered at that place.",
        (
            _staff(),
            _c("place", "-", _PLACE),
            _day("Day of the week the reports are made."),
            _exam_type(),
            _c("reports", "reports a week", "Reports made on that day of the week."),
            _c(
                "minutes",
                "minutes a week",
                "Reporting time they take: `reports` x the staff row's minutes per report.",
            ),
        ),
    ),
    TableDoc(
        "reporting_flows",
        WORKFORCE,
        "Which worklist each acquired exam goes to: one row per acquiring site, worklist "
        "place, exam type and day with any exams.",
        (
            _site("Acquiring site, where the exams are scanned."),
            _c(
                "place",
                "-",
                "Worklist place: the acquiring site itself, another site its images reach over "
                "the transfer links, or `home`.",
            ),
            _exam_type(),
            _day("Day of the week the exams are acquired."),
            _c("exams", "exams a week", "Exams acquired that day sent to the worklist."),
        ),
    ),
    TableDoc(
        "link_flows",
        WORKFORCE,
        "Image traffic: one row per image-transfer link, direction and day with any studies.",
        (
            _c("origin", "-", "Site the studies leave."),
            _c(
                "destination",
                "-",
                "Site at the other end of the link; a study may pass through several links to "
                "reach its worklist.",
            ),
            _day("Day of the week."),
            _c(
                "studies",
                "studies a day",
                "Studies sent over the link in this direction that day, for all worklists.",
            ),
            _c(
                "capacity",
                "studies a day",
                "The link's capacity in each direction; empty when it has no limit.",
            ),
        ),
    ),
    TableDoc(
        "outsourced",
        WORKFORCE,
        "Reports bought from outsourcing companies: one row per acquiring site, exam type and "
        "day with any.",
        (
            _site("Acquiring site."),
            _exam_type(),
            _day("Day of the week the exams are acquired."),
            _c("reports", "reports a week", "Exams acquired that day reported by outsourcing."),
            _c(
                "annual_cost",
                "GBP a year",
                "`reports` x the exam type's report outsourcing cost x weeks per year "
                "(rounded to pence).",
            ),
        ),
    ),
    TableDoc(
        "insourced",
        WORKFORCE,
        "Extra paid sessions (insourcing): one row per staff row that works any.",
        (
            _staff(),
            _tier(),
            _c(
                "extra_sessions",
                "sessions a week",
                "Sessions worked beyond the staff row's contracts, for the whole row (may be "
                "fractional: an average over the weeks).",
            ),
            _c(
                "annual_cost",
                "GBP a year",
                "`extra_sessions` x the extra session cost x weeks per year (rounded to pence).",
            ),
        ),
    ),
    TableDoc(
        "passports",
        WORKFORCE,
        "Passports to work at sites other than the home site: one row per staff row and site, "
        "for those already held and those the plan grants (passports that could be granted "
        "but are not have no row).",
        (
            _staff(),
            _site("Site the passport is for."),
            _c(
                "people",
                "people",
                "People of the staff row the passport covers: all of them, but for a passport "
                "granted when `passports_per_person` is set (the plan chooses how many).",
            ),
            _c("status", "-", "`held` (in the instance) or `granted` (by the plan)."),
            _c(
                "cost",
                "GBP, one-off",
                "Onboarding cost of a granted passport: `people` x the onboarding cost per "
                "person and site, counted in full in the plan year's `onboarding`; 0 for `held`.",
            ),
        ),
    ),
    TableDoc(
        "backlog",
        WORKFORCE,
        "The reporting backlog: exams not reported within the turnaround standard, one row per "
        "acquiring site, exam type and day with any.",
        (
            _site("Acquiring site."),
            _exam_type(),
            _day("Day of the week the exams are acquired."),
            _c(
                "exams",
                "exams a week",
                "Exams acquired that day left late; each costs the backlog cost (`backlog` in "
                "`costs`).",
            ),
        ),
    ),
    TableDoc(
        "unscanned",
        WORKFORCE,
        "Exams the scanner sessions run cannot scan, with `scan_from_sessions` set (empty "
        "otherwise): one row per acquiring site, exam type and day with any. They are bought "
        "from an independent-sector provider, scanned and reported there.",
        (
            _site("Site whose demand the exams are."),
            _exam_type(),
            _day("Day of the week the exams were to be acquired."),
            _c("exams", "exams a week", "Exams left unscanned that day."),
            _c(
                "annual_cost",
                "GBP a year",
                "`exams` x the exam type's `outsourcing_cost` (the `backlog_cost` when it has "
                "none) x weeks per year (`unscanned` in `costs`).",
            ),
        ),
    ),
    TableDoc(
        "utilisation_staff",
        WORKFORCE,
        "How each staff row's time is used: one row per staff row, in the instance's order. "
        "Sessions are person-sessions: a session worked by two people counts 2.",
        (
            _staff(),
            _tier(),
            _c("people", "people", "People in the staff row."),
            _c("contracted_sessions", "sessions a week", "`people` x contracted sessions."),
            _c(
                "worked_sessions",
                "sessions a week",
                "Sessions rostered, scanning and reporting (the rows of `roster`).",
            ),
            _c(
                "extra_sessions",
                "sessions a week",
                "Extra paid sessions (`insourced`); 0 when none.",
            ),
            _c("scanning_sessions", "sessions a week", "Sessions rostered scanning."),
            _c("reporting_sessions", "sessions a week", "Sessions rostered reporting."),
            _c(
                "utilisation",
                "share",
                "`worked_sessions` / `contracted_sessions`; above 1 when extra sessions are "
                "worked; empty when nothing is contracted.",
            ),
            _c(
                "reporting_minutes_used",
                "minutes a week",
                "Minutes of the reports made (`minutes` of `reporting`).",
            ),
            _c(
                "reporting_minutes_rostered",
                "minutes a week",
                "Length of the reporting sessions rostered.",
            ),
        ),
    ),
    TableDoc(
        "utilisation_sites",
        WORKFORCE,
        "Scanning and reporting at each place: one row per site with scanner sessions or "
        "reporting, and `home` when anyone reports from home. Sessions are counted per "
        "scanner or per person.",
        (
            _c("place", "-", _PLACE),
            _c(
                "scanner_sessions",
                "sessions a week",
                "Scanner sessions run: scanners running x sessions, over the week.",
            ),
            _c(
                "scanning_staff_sessions_needed",
                "sessions a week",
                "Staff places the scanners need: `scanner_sessions` x staff per scanner of "
                "the modality.",
            ),
            _c(
                "scanning_staff_sessions",
                "sessions a week",
                "Person-sessions rostered scanning here (at least the need).",
            ),
            _c("reporting_sessions", "sessions a week", "Person-sessions rostered reporting here."),
            _c("reports", "reports a week", "Reports made here."),
        ),
    ),
    TableDoc(
        "volumes",
        WORKFORCE,
        "What happens to the week's exams: one row per exam type acquired anywhere. "
        "`acquired` = `reported_at_sites` + `reported_at_home` + `outsourced` + `late` (the "
        "week is a steady state, so reports made equal exams routed; up to rounding).",
        (
            _exam_type(),
            _c("acquired", "exams a week", "Exams acquired at all sites (the demand)."),
            _c(
                "unscanned",
                "exams a week",
                "Exams the scanner sessions run cannot scan (`unscanned`); the rest are "
                "reported at sites, at home, outsourced or late.",
            ),
            _c("reported_at_sites", "reports a week", "Reports made at sites' worklists."),
            _c("reported_at_home", "reports a week", "Reports made from home."),
            _c("outsourced", "reports a week", "Reports outsourced (`outsourced`)."),
            _c("late", "exams a week", "Exams not reported within the standard (`backlog`)."),
        ),
    ),
    TableDoc(
        "costs",
        WORKFORCE,
        "The annual cost by component: one row per component, in a fixed order. The `annual` "
        "column sums to the plan's objective.",
        (
            _c(
                "component",
                "-",
                "`outsourcing` (reports bought), `insourcing` (extra sessions), `travel` (staff "
                "travel between sessions and to and from their home site), `unsocial_hours` "
                "(unsocial-hours enhancements of the sessions worked and on-call availability "
                "payments: a session's `premium` x the staff row's `session_pay`), `unscanned` "
                "(exams the scanner sessions run cannot scan, bought from the independent "
                "sector), `onboarding` "
                "(passports granted) or `backlog` (a penalty per late exam, not a cash cost).",
            ),
            _c(
                "annual",
                "GBP a year",
                "The component's cost: weeks per year x the week's cost; `onboarding` is "
                "one-off, counted in full.",
            ),
        ),
    ),
    _sites_table(WORKFORCE),
)


# --------------------------------------------------------------------------- joint plan


def _employer(meaning: str) -> ColumnDoc:
    return _c("employer", "-", meaning)


def _role(meaning: str = "Staff role id (`staff_roles`).") -> ColumnDoc:
    return _c("role", "-", meaning)


_EMPLOYER = "a trust id, or `network` for staff the network employs"

_JOINT_TABLES = (
    TableDoc(
        "staffing",
        JOINT,
        "The workforce year by year: one row per employer, staff role and plan year with staff, "
        "hires, agency hours or work. `wte` = last year's `wte` - `leavers` + `hires` + "
        "`trained_in` - `trained_out` (in the first plan year, the WTE in post at its start "
        "instead of last year's, and no leavers).",
        (
            _employer(f"Employer of the staff: {_EMPLOYER}."),
            _role(),
            _c(
                "tier",
                "-",
                "The role's tier: `assistant_practitioner`, `radiographer`, "
                "`advanced_practitioner` or `consultant_radiologist`.",
            ),
            _year(),
            _c(
                "wte",
                "WTE",
                "Whole-time equivalents employed in the role in `year` (2.4: two full-timers "
                "and a part-timer); trainees from the role are counted here while they train.",
            ),
            _c(
                "hires",
                "WTE",
                "Recruited, starting in post in `year` (the decision is made the role's "
                "recruitment lead time before); at most the role's `max_hires_per_year`.",
            ),
            _c(
                "leavers",
                "WTE",
                "Left by attrition since last year: the role's `attrition` x last year's `wte` "
                "(0 in the first plan year). Nobody is made redundant.",
            ),
            _c(
                "trained_in",
                "WTE",
                "Trainees completing a pathway into the role and joining it in `year` (each "
                "one WTE; only the pathway's `completion_rate` of those who started).",
            ),
            _c(
                "trained_out",
                "WTE",
                "Staff of the role completing a pathway into another role in `year`, who leave "
                "this one.",
            ),
            _c(
                "trainees_started",
                "people",
                "Staff of the role starting a training pathway in `year` (`training`); "
                "apprentices recruited into training are in `training` only.",
            ),
            _c(
                "in_training",
                "people",
                "Staff of the role in training in `year`: they stay in the role, spending the "
                "pathway's study share of their hours studying.",
            ),
            _c(
                "clinical_hours",
                "hours a year",
                "`wte` x the role's clinical hours per WTE: the clinical work the staff employed "
                "give in the year, before study time and without agency hours.",
            ),
            _c(
                "scanning_hours",
                "hours a year",
                "Hours the employer's staff of the role (and the agency hours it buys for the "
                "role) scan, at its own sites and, with passports, at other employers'.",
            ),
            _c(
                "reports",
                "reports",
                "Reports they make (and the agency hours bought for the role), of its own "
                "sites' exams and other employers'.",
            ),
            _c(
                "reporting_hours",
                "hours a year",
                "Hours they report, for its own sites' exams and other employers': reports x "
                "the exam type's report minutes x the role's `report_minutes_factor` / 60.",
            ),
            _c(
                "supervision_hours",
                "hours a year",
                "Hours they supervise trainees of the pathways the role supervises (its "
                "`supervisor_role`, else its `to_role`) at the same employer: the pathway's "
                "supervision hours x trainees in training.",
            ),
            _c(
                "study_hours",
                "hours a year",
                "Hours the role's trainees study: the pathway's study share x the role's "
                "clinical hours per WTE x `in_training`; not available for work.",
            ),
            _c(
                "agency_hours",
                "hours a year",
                "Agency or locum hours bought for the role, at its `agency_hour_cost` (0 when "
                "the role has none to be had).",
            ),
            _c(
                "utilisation",
                "share",
                "(`scanning_hours` + `reporting_hours` + `supervision_hours`) / "
                "(`clinical_hours` - `study_hours` + `agency_hours`): the share of the hours "
                "available that is worked; empty when none is available.",
            ),
            _c(
                "salaries",
                "GBP",
                "`wte` x the role's annual salary (pay and on-costs), in `year`; discounted "
                "and summed over the years it is `salaries` in `staff_costs`.",
            ),
        ),
    ),
    TableDoc(
        "scanner_staffing",
        JOINT,
        "Who staffs the scanners: one row per employer whose sites scan, modality and plan year "
        "with scanner hours. Every scanner hour run has its staff: `own_staff_hours` + "
        "`other_employers_hours` is at least `staff_hours_needed`.",
        (
            _employer(
                "Employer whose sites run the scanners: the sites' owner (a trust id, or "
                "`network` for network sites)."
            ),
            _modality(),
            _year(),
            _c(
                "scanner_hours",
                "hours a year",
                "Hours its scanners of the modality run staffed: the exam hours scanned at its "
                "sites (at the exam types' scan minutes) divided by each site's utilisation "
                "ceiling, since a scanner is staffed for its whole session, of which only the "
                "ceiling is booked.",
            ),
            _c(
                "staff_hours_needed",
                "hours a year",
                "`scanner_hours` x the modality's `staff_per_scanner` (`staffing_rules`).",
            ),
            _c(
                "own_staff_hours",
                "hours a year",
                "Scanning hours worked by the employer's own staff, including the agency hours "
                "it buys for their roles.",
            ),
            _c(
                "other_employers_hours",
                "hours a year",
                "Scanning hours worked by other employers' staff holding passports to work here "
                "(`staff_passports`).",
            ),
            _c(
                "assistant_hours",
                "hours a year",
                "Of the two above, hours worked by assistant practitioners; at most "
                "`max_assistants_per_scanner` x `scanner_hours` (the skill mix).",
            ),
            _c(
                "agency_share",
                "share",
                "The employer's agency hours over all the clinical hours of its roles in `year` "
                "(`clinical_hours` + `agency_hours` of `staffing`, every role): the same on each "
                "of its modalities' rows, as agency hours are bought per role, not per scanner; "
                "empty when the employer has no staff hours.",
            ),
        ),
    ),
    TableDoc(
        "reports",
        JOINT,
        "Who reports the exams scanned: one row per employer whose sites scan, exam type and "
        "plan year with exams. `exams_scanned` = `reported_by_own_staff` + "
        "`reported_by_other_employers` + `reports_outsourced`; exams outsourced for scanning "
        "come back reported and are not here.",
        (
            _employer("Employer whose sites scan the exams (the sites' owner)."),
            _exam_type(),
            _year(),
            _c(
                "exams_scanned",
                "exams",
                "Exams of the type scanned at the employer's sites in `year` (`flows`).",
            ),
            _c(
                "reported_by_own_staff",
                "reports",
                "Reported by the employer's own staff (and the agency hours it buys).",
            ),
            _c(
                "reported_by_other_employers",
                "reports",
                "Reported by other employers' staff, over the network's image sharing (with a "
                "passport when `staff_planning.remote_reporting_passport` is `required`).",
            ),
            _c(
                "reports_outsourced",
                "reports",
                "Reported by an outsourcing company, at the exam type's "
                "`report_outsourcing_cost`; within `report_outsourcing_limits`.",
            ),
        ),
    ),
    TableDoc(
        "training",
        JOINT,
        "Trainees started: one row per employer, training pathway and start year with any.",
        (
            _employer(f"Employer of the trainees: {_EMPLOYER}."),
            _c("pathway", "-", "Training pathway id (`training_pathways`)."),
            _c(
                "from_role",
                "-",
                "Role the trainees come from, in which they stay while training; empty: "
                "recruited into training (an apprenticeship).",
            ),
            _c("to_role", "-", "Role they join on completing."),
            _year("Year they start."),
            _c("trainees", "people", "Trainees starting (whole people)."),
            _c(
                "completing_year",
                "year",
                "`year` + the pathway's years: the year those who complete join `to_role` "
                "(`trained_in` of `staffing`).",
            ),
        ),
    ),
    TableDoc(
        "staff_passports",
        JOINT,
        "Passports to work for another employer: one row per employer, role, other employer "
        "and plan year with any held. A passport once granted is held for the rest of the "
        "plan.",
        (
            _employer(f"Employer of the staff: {_EMPLOYER}."),
            _role(),
            _c(
                "works_for",
                "-",
                "The other employer they may work for: scanning at its sites, and reporting its "
                "exams when remote reporting needs a passport.",
            ),
            _year(),
            _c(
                "wte_holding",
                "WTE",
                "WTE of the role holding the passport in `year`: the hours they work for "
                "`works_for` are at most `wte_holding` x the role's clinical hours per WTE.",
            ),
            _c(
                "wte_granted",
                "WTE",
                "Of them, WTE granted the passport in `year`, each at the onboarding cost "
                "(`workforce.onboarding_cost`; `passport_onboarding` in `staff_costs`).",
            ),
            _c(
                "scanning_hours",
                "hours a year",
                "Hours the employer's staff of the role (and its agency hours) scan at "
                "`works_for`'s sites in `year` (part of `other_employers_hours` of "
                "`scanner_staffing` there).",
            ),
            _c(
                "reports",
                "reports",
                "Reports they make of `works_for`'s exams in `year` (part of "
                "`reported_by_other_employers` of `reports` there).",
            ),
            _c(
                "reporting_hours",
                "hours a year",
                "Hours those reports take: reports x the exam type's report minutes x the "
                "role's `report_minutes_factor` / 60.",
            ),
        ),
    ),
    TableDoc(
        "staff_costs",
        JOINT,
        "The workforce's net present cost by component: one row per component, in a fixed "
        "order. With the `npv` of `costs` it sums to the plan's objective, the joint cost "
        "(`summary.json`).",
        (
            _c(
                "component",
                "-",
                "`salaries` (salary x `wte`), `recruitment` (hire cost x `hires`, counted in "
                "the year the hire is decided), `training` (cost per trainee-year x trainees in "
                "training, apprentices' pay included), `agency` (agency hour cost x "
                "`agency_hours`), `report_outsourcing` (report outsourcing cost x "
                "`reports_outsourced`) or `passport_onboarding` (onboarding cost x "
                "`wte_granted`).",
            ),
            _c(
                "npv",
                "GBP, present value",
                "The component's cost over the plan, discounted to the first plan year.",
            ),
        ),
    ),
    TableDoc(
        "sequential",
        JOINT,
        "The joint plan against the sequential plan, what planners do today (`sequential.csv`, "
        "written by `netopt solve joint --compare-sequential` when there is a plan): the "
        "capital plan solved on its own first, then its capital decisions kept and the "
        "workforce that staffs them planned at least cost. Both are costed by the joint "
        "plan's objective. One row per measure.",
        (
            _c(
                "measure",
                "-",
                "`joint_cost` (the objective), each cost component of `costs` and then of "
                "`staff_costs`, then `units_bought`, `rooms_built` and `exams_outsourced` (the "
                "capital plan's, over the plan), `wte_last_year` (WTE employed in the last plan "
                "year), `hires`, `trainees`, `agency_hours` and `reports_outsourced` (over the "
                "plan).",
            ),
            _c(
                "unit",
                "-",
                "The measure's unit, in the words of this page (`GBP, present value`, `units`, "
                "`WTE`, ...).",
            ),
            _c("joint", "see `unit`", "The joint plan's figure (this folder's plan)."),
            _c("sequential", "see `unit`", "The sequential plan's figure."),
            _c(
                "difference",
                "see `unit`",
                "`joint` - `sequential`: negative where the joint plan has less (a negative "
                "`joint_cost` is what choosing scanners and staff together saves); empty when "
                "either figure is.",
            ),
        ),
        optional=True,
    ),
)

RESULT_TABLES: tuple[TableDoc, ...] = _CAPITAL_TABLES + _WORKFORCE_TABLES + _JOINT_TABLES
"""Every result table netopt documents, by the plan type whose section describes it, in the
order netopt writes them (the optional ``baselines`` and ``alternatives`` last of the capital
tables, ``sequential`` last of the joint plan's). A joint plan's capital tables are the
capital plan's (:data:`INCLUDES`)."""


def described_in(plan: str) -> tuple[TableDoc, ...]:
    """The tables the plan type's section of ``docs/results.md`` describes: those it writes,
    less the ones of the plan type it includes."""
    return tuple(t for t in RESULT_TABLES if t.plan == plan)


def tables_of(plan: str, *, optional: bool = True) -> tuple[TableDoc, ...]:
    """The tables of one plan type, in writing order (without the optional ones unless
    ``optional``): a joint plan's are the capital plan's but ``sites``, its own, then
    ``sites``."""
    if plan not in PLANS:
        raise ValueError(f"unknown plan type {plan!r}: expected one of {', '.join(PLANS)}")
    own = described_in(plan)
    included = tables_of(INCLUDES[plan], optional=False) if plan in INCLUDES else ()
    written = (*included, *(t for t in own if not t.optional))
    last = tuple(t for t in written if t.name == SITES_TABLE)
    extra = tuple(t for t in own if t.optional) if optional else ()
    return (*(t for t in written if t.name != SITES_TABLE), *last, *extra)


def table_doc(plan: str, name: str) -> TableDoc:
    """The description of one table (``KeyError`` when it is not documented)."""
    for table in tables_of(plan):
        if table.name == name:
            return table
    raise KeyError(f"no {plan} result table {name!r} is documented")


# --------------------------------------------------------------------------- docs/results.md

_INTRODUCTION = """\
Every plan netopt writes is a result folder (`--out`): one CSV file per table below
(`<table>.csv`), the same tables as sheets of `plan.xlsx` (after a `README` and a `summary`
sheet; there each site or trust id column, `site`, `origin`, `destination`, `place`, `trust`,
or a joint plan's `employer` and `works_for`, is followed by the names of its ids, `site_name`,
..., from `sites`), `summary.json` with the
headline figures and `report.html`, the plan drawn for a reader (`docs/report.md`). When there is no plan no table is written, only
`summary.json` and the diagnosis. Text cells that would start a spreadsheet formula get a
leading apostrophe in the CSV files.

Ids (trusts, sites, modalities, exam types, catalogue models, assets, staff, sessions) are
those of the instance. An empty cell means "none" or "not applicable", as each column says.
Money is in GBP in real terms (the price base of the first plan year):

- `GBP`: cash, undiscounted, in the row's year (or the year the column names);
- `GBP, present value`: discounted to the first plan year at the instance's discount rate,
  `(1 + rate)^-(year - first year)`, as in the capital plan's objective;
- `GBP a year`: the workforce plan's annual money (weeks per year x a week's cost);
- values credited to a plan (resale and residual value of scanners) are negative where they
  sit beside costs (`costs`, `trust_costs`).

Other units: `share` is a fraction (0.25 = 25%), `%` a percentage, `units` scanners, `WTE`
whole-time equivalents of staff, ``see `unit` `` the unit the row's `unit` cell names, `-` an
id or text.
"""

_PLAN_INTRODUCTIONS = {
    CAPITAL: """\
Written by `netopt solve capital` and `netopt baseline capital` (a baseline policy's plan,
costed the same way); `--compare-baselines` adds `baselines`. Rows are by plan year: the
calendar years `first_year` to `first_year + horizon_years - 1`. The horizon end is the year
after the last plan year. A scanner leaving service in a year leaves at its start, so it last
serves the year before; purchases are paid at the start of their year. Exams and hours are
those of the row's year.
""",
    WORKFORCE: """\
Written by `netopt solve workforce`. The plan is one typical week of the plan year
(`workforce.year`, by default the first plan year), repeated every week of the year
(`weeks_per_year`). Weekly figures (`... a week`) are a week's; a row with a `day` holds what
happens on that day of the week, so summed over the days it gives the week's. Money is annual
(`GBP a year`): weeks per year x the week's cost, plus the one-off onboarding cost of the
passports granted.

With `--capital-plan DIR` the week is a capital or joint plan's year (`models/workforce.md`,
"Rostering a capital or joint plan's year"), not the instance as written: the folder then also
holds that week as an instance file, `week.yaml`, and `summary.json`'s `capital_plan` says where
it came from (`folder`, DIR as given; `model`, `capital` or `joint`; `year`; `week_file`; and
`week_sha256`, the week's hash). `netopt verify INSTANCE OUT` checks the plan against that week
(`docs/commands.md`).
""",
    JOINT: """\
Written by `netopt solve joint` (in Python `netopt.solve_joint`, then `netopt.write_plan`): the
capital plan and the workforce that staffs it year by year, chosen together
(`models/joint.md`). The folder holds every table of a capital plan, with the same rows and
columns (described under "Capital plans" above and not repeated here), then the workforce
tables below, then `sites`; `--compare-sequential` adds `sequential`. Three things differ from a
capital plan's folder:

- the objective (`summary.json`) is the joint cost: the `npv` of `costs` (the capital plan's
  net present cost) plus the `npv` of `staff_costs` (the workforce's); `summary.json`'s
  `costs` lists both, and its `workforce` section the workforce's headline figures;
- `in_house_scanning` (in `costs`, `trust_costs`, `revenue` and `scanning_split`) counts only
  the share of the exam types' in-house cost that is not staff pay
  (1 - `staff_planning.in_house_cost_staff_share`), since staff are paid their salaries here;
- `revenue` has each trust's share of the workforce's running costs in its `staff` column
  (empty in a capital plan), counted in `spend` against the trust's revenue budget.

Staff are counted in whole-time equivalents (`WTE`) of a role at an employer: a trust, or
`network` for staff the network employs. An employer's staff work at its own sites, and at
another employer's only with a passport (scanning always; reporting when
`staff_planning.remote_reporting_passport` is `required`). Rows are by plan year, as in the
capital tables: hours (`hours a year`) and cash (`GBP`) are the row's year's; trainees are
whole `people`; `reports` count exams reported.
""",
}

_PLAN_TITLES = {CAPITAL: "Capital plans", WORKFORCE: "Workforce plans", JOINT: "Joint plans"}


def _cell(text: str) -> str:
    """Text for a Markdown table cell (a ``|`` would end the cell)."""
    return text.replace("|", "\\|")


def _table_markdown(table: TableDoc) -> list[str]:
    lines = [f"### `{table.name}`", "", table.content, ""]
    lines += ["| column | unit | meaning |", "|---|---|---|"]
    lines += [f"| `{c.name}` | {_cell(c.unit)} | {_cell(c.meaning)} |" for c in table.columns]
    return [*lines, ""]


def results_markdown() -> str:
    """``docs/results.md``: every column of every result table, from :data:`RESULT_TABLES`."""
    lines = ["# Result tables", "", _INTRODUCTION]
    for plan in PLANS:
        lines += [f"## {_PLAN_TITLES[plan]}", "", _PLAN_INTRODUCTIONS[plan]]
        for table in described_in(plan):
            lines += _table_markdown(table)
    lines += [
        "---",
        "",
        f"This page is generated from `src/netopt/report/columns.py` by `{GENERATE_COMMAND}`; "
        "`tests/report/test_result_columns.py` keeps it and the tables netopt writes current.",
    ]
    return "\n".join(lines) + "\n"
