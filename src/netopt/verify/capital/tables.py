"""A capital plan's result tables as typed rows: every column netopt writes, one field each.

An empty year cell means "kept to the horizon end"; an empty ``model`` of ``payments.csv`` is
a new room's payment. Reading goes through :mod:`netopt.verify.files`, so every problem is
located and nothing raises.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netopt.verify.files import CsvTable, FileProblem, read_table
from netopt.verify.sites import SiteRow

KEEP, RETIRE, REPLACE = "keep", "retire", "replace"


@dataclass(frozen=True)
class DecisionRow:
    """A row of ``asset_decisions.csv``: what the plan does with an existing scanner."""

    asset: str
    site: str
    owner: str
    """Who owns it: a trust id or ``network``."""
    modality: str
    kind: str
    install_year: int
    decision: str
    year: int | None
    """The exit year; None when kept to the horizon end."""
    age: int
    """Age when it leaves service (at the horizon end when kept)."""
    value: float
    """Resale value at that age, or residual value when kept (GBP, undiscounted)."""
    replaced_by: str | None
    """Models bought at its site for its modality in its exit year, comma separated."""
    line: int = 0


@dataclass(frozen=True)
class PurchaseRow:
    """A row of ``purchases.csv``: units of a model bought at a site in a year, held until
    ``retire_year`` (None: to the horizon end)."""

    site: str
    model: str
    modality: str
    year: int
    in_service_year: int
    retire_year: int | None
    units: int
    list_price: float
    unit_price: float
    discount: float
    cost: float
    works_cost: float = 0.0
    """Installation works for the units (GBP)."""
    line: int = 0


@dataclass(frozen=True)
class PaymentRow:
    """A row of ``payments.csv``."""

    trust: str
    year: int
    site: str
    item: str
    model: str | None
    modality: str
    amount: float
    line: int = 0


@dataclass(frozen=True)
class NewRoomRow:
    """A row of ``new_rooms.csv``."""

    site: str
    modality: str
    year: int
    rooms: int
    cost: float
    line: int = 0


@dataclass(frozen=True)
class FleetRow:
    """A row of ``fleet.csv``: units of a kind in service at a site in a year, with hours;
    ``scanner`` is ``existing`` or the catalogue model bought."""

    site: str
    modality: str
    kind: str
    year: int
    scanner: str
    install_year: int
    age: int
    units: int
    hours: float
    exam_hours: float = 0.0
    """Hours of exams at their scan minutes: hours x throughput factor."""
    installation_hours_lost: float = 0.0
    line: int = 0


@dataclass(frozen=True)
class CapacityRow:
    """A row of ``capacity.csv``: capacity against demand by site, modality and year."""

    site: str
    modality: str
    year: int
    scanners: int
    hours_available: float
    hours_used: float
    utilisation: float
    exams_scanned: float
    exams_demanded: float
    hours_demanded: float
    exams_outsourced: float
    scanner_hours: float = 0.0
    installation_hours_lost: float = 0.0
    utilisation_ceiling: float = 1.0
    line: int = 0


@dataclass(frozen=True)
class SpendRow:
    """A row of ``spend.csv``: a trust's capital spend against its budget (cash GBP)."""

    trust: str
    year: int
    budget: float
    carried_in: float
    spend: float
    headroom: float
    value_per_gbp: float | None = None
    """GBP the network's cost falls per GBP more budget (blank: not computed)."""
    line: int = 0


@dataclass(frozen=True)
class FlowRow:
    """A row of ``flows.csv``: exams referred at ``origin`` scanned at ``site``."""

    origin: str
    site: str
    exam_type: str
    modality: str
    year: int
    exams: float
    scan_hours: float
    travel_minutes: float
    travel_cost: float
    line: int = 0


@dataclass(frozen=True)
class OutsourcedRow:
    """A row of ``outsourced.csv``."""

    site: str
    exam_type: str
    modality: str
    year: int
    exams: float
    cost: float
    line: int = 0


@dataclass(frozen=True)
class CostRow:
    """A row of ``costs.csv`` (values such as resale are negative)."""

    component: str
    npv: float
    line: int = 0


@dataclass(frozen=True)
class TrustCostRow:
    """A row of ``trust_costs.csv``: what the plan costs a trust in a year, by component
    (values such as resale are negative)."""

    trust: str
    year: int
    component: str
    cash: float
    npv: float
    line: int = 0


@dataclass(frozen=True)
class SplitRow:
    """A row of ``scanning_split.csv``: a trust's patients' exams of a modality in a year,
    scanned in the network or outsourced, with their costs (cash GBP)."""

    trust: str
    year: int
    modality: str
    exams_in_house: float
    exams_outsourced: float
    outsourced_share: float
    in_house_cost: float
    outsourcing_cost: float
    line: int = 0


@dataclass(frozen=True)
class RevenueRow:
    """A row of ``revenue.csv``: a trust's running costs the plan decides in a year, against
    its revenue budget (cash GBP; ``budget`` and ``headroom`` empty without a budget, ``staff``
    empty in a capital plan)."""

    trust: str
    year: int
    budget: float | None
    maintenance: float
    in_house_scanning: float
    outsourcing: float
    staff: float | None
    spend: float
    headroom: float | None
    line: int = 0


@dataclass(frozen=True)
class AccessRow:
    """A row of ``access.csv`` (the equity view): how near home an origin's patients of a
    modality are scanned in a year."""

    origin: str
    modality: str
    year: int
    exams_demanded: float
    exams_within_30: float
    exams_within_45: float
    exams_within_60: float
    exams_outsourced: float
    share_within_30: float
    share_within_45: float
    share_within_60: float
    mean_travel_minutes: float | None
    max_travel_minutes: float | None
    rank: int
    line: int = 0


@dataclass(frozen=True)
class ComparisonRow:
    """A row of ``baselines.csv`` (``netopt solve capital --compare-baselines``): the plan
    (``optimised``) or a baseline policy's plan, with its cost and headline figures (empty when
    that plan does not exist)."""

    plan: str
    objective: float | None
    saving_vs_plan: float | None
    saving_pct: float | None
    exams_outsourced: float | None
    demand_met_pct: float | None
    capital_spend: float | None
    status: str
    cost_if_funded: float | None = None
    """A baseline breaking only budgets: its cost were the money found (not verifiable here)."""
    saving_if_funded: float | None = None
    line: int = 0


@dataclass(frozen=True)
class AlternativeRow:
    """A row of ``alternatives.csv`` (``netopt solve capital --alternatives K``): the plan of
    the folder (``best``) or a near-optimal alternative, written to the sibling ``folder``."""

    plan: str
    folder: str | None
    objective: float
    above_best: float
    above_best_pct: float | None
    units_bought: int
    rooms_built: int
    capital_spend: float
    units_moved: int
    places_years: int
    only_here: str | None
    only_in_best: str | None
    line: int = 0


TABLES: tuple[tuple[str, type[Any]], ...] = (
    ("asset_decisions", DecisionRow),
    ("purchases", PurchaseRow),
    ("payments", PaymentRow),
    ("new_rooms", NewRoomRow),
    ("fleet", FleetRow),
    ("capacity", CapacityRow),
    ("spend", SpendRow),
    ("flows", FlowRow),
    ("outsourced", OutsourcedRow),
    ("costs", CostRow),
    ("trust_costs", TrustCostRow),
    ("scanning_split", SplitRow),
    ("revenue", RevenueRow),
    ("access", AccessRow),
    ("sites", SiteRow),
)
"""Every table of a capital plan, in the order netopt writes them, with its row type."""
COMPARISON = "baselines"
"""The table written beside the plan's with ``--compare-baselines`` (when it is there)."""
ALTERNATIVES = "alternatives"
"""The table written beside the plan's with ``--alternatives K`` (when it is there)."""


@dataclass(frozen=True)
class PlanTables:
    """The result tables of a capital plan, as typed rows and as text."""

    decisions: list[DecisionRow] = field(default_factory=list)
    purchases: list[PurchaseRow] = field(default_factory=list)
    payments: list[PaymentRow] = field(default_factory=list)
    new_rooms: list[NewRoomRow] = field(default_factory=list)
    fleet: list[FleetRow] = field(default_factory=list)
    capacity: list[CapacityRow] = field(default_factory=list)
    spend: list[SpendRow] = field(default_factory=list)
    flows: list[FlowRow] = field(default_factory=list)
    outsourced: list[OutsourcedRow] = field(default_factory=list)
    costs: list[CostRow] = field(default_factory=list)
    trust_costs: list[TrustCostRow] = field(default_factory=list)
    scanning_split: list[SplitRow] = field(default_factory=list)
    revenue: list[RevenueRow] = field(default_factory=list)
    access: list[AccessRow] = field(default_factory=list)
    sites: list[SiteRow] = field(default_factory=list)
    baselines: list[ComparisonRow] = field(default_factory=list)
    """The comparison with baseline policies; empty when the folder has none."""
    alternatives: list[AlternativeRow] = field(default_factory=list)
    """The near-optimal alternatives; empty when the folder has none."""
    files: dict[str, CsvTable | None] = field(default_factory=dict)
    """Each table's CSV file as text (None when unreadable), for the workbook check."""
    problems: list[FileProblem] = field(default_factory=list)


ATTRIBUTE = {"asset_decisions": "decisions"}
"""Table name -> attribute of :class:`PlanTables`, where they differ."""


def read_plan(folder: Path, listed: Collection[str] = ()) -> PlanTables:
    """Every table of a capital plan's result folder, and the comparison with baselines and
    the alternatives when they are there or ``listed`` (the files ``summary.json`` lists)."""
    rows: dict[str, list[Any]] = {}
    files: dict[str, CsvTable | None] = {}
    problems: list[FileProblem] = []
    extras = [
        (name, row_type)
        for name, row_type in ((COMPARISON, ComparisonRow), (ALTERNATIVES, AlternativeRow))
        if (folder / f"{name}.csv").exists() or f"{name}.csv" in listed
    ]
    for name, row_type in (*TABLES, *extras):
        table, typed, found = read_table(folder, name, row_type)
        rows[ATTRIBUTE.get(name, name)] = typed
        files[name] = table
        problems += found
    return PlanTables(files=files, problems=problems, **rows)
