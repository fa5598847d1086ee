"""The tables of a netopt instance: every table a planner supplies, strictly typed and documented.

An instance is a set of flat tables (lists of records with scalar fields), plus three
single-record sections (``network``, ``travel``, ``policy``). The same tables are the keys of a
YAML or JSON file and the sheets of an Excel workbook. Money is in GBP (real terms, price base
of the first plan year), time in minutes or hours as named, years are calendar years.

Each record checks its own fields; :class:`~netopt.schema.instance.Instance` adds the
cross-table rules (``netopt.schema.checks``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from netopt.schema.base import (
    DAY_MINUTES,
    HOURS_PER_LEAP_YEAR,
    MAX_DISCOUNT_RATE,
    MAX_EXAMS,
    MAX_NETWORK_EXAMS,
    MAX_TRAVEL_MINUTES,
    MIN_HOURS_PER_YEAR,
    MIN_TASK_MINUTES,
    BudgetMoney,
    CostPerMinute,
    Fraction,
    Id,
    Money,
    Name,
    Record,
    UnitCost,
    WholeNumber,
    Year,
)
from netopt.schema.staffing import (
    ReportOutsourcingLimit,
    StaffInPost,
    StaffPlanning,
    StaffRole,
    TrainingPathway,
)
from netopt.schema.workforce import (
    PassportOption,
    ReportingDemand,
    ScannerSession,
    Session,
    Staff,
    StaffingRule,
    StaffReporting,
    TransferLink,
    WorkforceSettings,
)

NETWORK_OWNER = "network"
"""The owner id of sites and assets owned by the network as a whole (e.g. a CDC)."""


class TravelMethod(StrEnum):
    """How patient travel times between sites are obtained."""

    COORDINATES = "coordinates"
    """Straight-line distance from latitude/longitude x road factor / speed, between all sites."""
    LINKS = "links"
    """Shortest paths over the ``travel_links`` graph (link minutes given or from coordinates)."""
    MATRIX = "matrix"
    """The ``travel_matrix`` table used as given; a missing pair means unreachable."""


class SiteKind(StrEnum):
    """What a site is; informative, it changes no rule."""

    HOSPITAL = "hospital"
    CDC = "cdc"
    """Community diagnostic centre."""
    OTHER = "other"
    """E.g. a population zone that only generates demand."""


# --------------------------------------------------------------------------- sections


class Network(Record):
    """The imaging network and the planning horizon."""

    name: Name = Field(min_length=1)
    """Name of the network."""
    first_year: Year
    """First calendar year of the plan; costs are discounted to the start of this year."""
    horizon_years: WholeNumber = Field(ge=1, le=50)
    """Number of plan years (5-15 is usual)."""
    discount_rate: float = Field(
        strict=True, default=0.035, ge=0, le=MAX_DISCOUNT_RATE, allow_inf_nan=False
    )
    """Real annual discount rate (fraction). Default 3.5%, HM Treasury Green Book."""
    currency: Literal["GBP"] = "GBP"
    """Currency of every money field."""

    @property
    def years(self) -> list[int]:
        """The plan years in order."""
        return list(range(self.first_year, self.first_year + self.horizon_years))


class Trust(Record):
    """A member trust: it owns sites, pays for their scanners and shares network assets."""

    id: Id
    """Trust id (e.g. the ODS code)."""
    name: Name = ""
    """Trust name."""
    capital_budget: BudgetMoney
    """Capital available each plan year for imaging equipment and enabling works (GBP/year);
    see the ``budgets`` table for year-specific amounts."""
    carry_over: bool = False
    """Whether budget left unspent in a year remains available in later years."""
    capital_share: float = Field(strict=True, ge=0, le=100, allow_inf_nan=False)
    """Share of the cost of network-owned assets this trust pays (percent; shares sum to 100)."""
    revenue_budget: BudgetMoney | None = None
    """Revenue available each plan year for the imaging running costs the plan decides:
    scanner maintenance, in-house scanning (staff, consumables) and outsourcing, and in a joint
    plan the workforce's salaries, recruitment, training, agency hours, reports outsourced and
    passport onboarding (GBP/year, cash); see the ``revenue_budgets`` table for year-specific
    amounts. Empty: no limit."""


class Budget(Record):
    """A year-specific capital budget replacing a trust's default ``capital_budget``."""

    trust: Id
    """Trust id."""
    year: Year
    """Plan year."""
    capital_budget: BudgetMoney
    """Capital available that year (GBP)."""


class RevenueBudget(Record):
    """A year-specific revenue budget replacing a trust's default ``revenue_budget``."""

    trust: Id
    """Trust id."""
    year: Year
    """Plan year."""
    revenue_budget: BudgetMoney
    """Revenue available that year for maintenance, in-house scanning, outsourcing and a joint
    plan's staff costs (GBP)."""


class Site(Record):
    """A hospital site, community diagnostic centre or demand zone."""

    id: Id
    """Site id (e.g. the ODS site code)."""
    name: Name = ""
    """Site name."""
    owner: Id
    """Owning trust id, or ``network`` for a site the network owns (its costs are shared by
    capital share)."""
    latitude: float = Field(strict=True, ge=-90, le=90, allow_inf_nan=False)
    """Latitude (degrees, WGS84)."""
    longitude: float = Field(strict=True, ge=-180, le=180, allow_inf_nan=False)
    """Longitude (degrees, WGS84)."""
    kind: SiteKind = SiteKind.HOSPITAL
    """Kind of site (informative)."""


class Room(Record):
    """Scanner rooms of one modality at one site: those that exist and those that may be built."""

    site: Id
    """Site id."""
    modality: Id
    """Modality id."""
    rooms: WholeNumber = Field(ge=0, le=1000)
    """Rooms available for this modality at the start of the plan."""
    max_new_rooms: WholeNumber = Field(default=0, ge=0, le=1000)
    """How many more rooms may be built over the horizon."""
    new_room_cost: Money = 0.0
    """Cost of building one new room (GBP), paid by the site owner. The works to install each
    scanner in it are ``installation_works_cost``, as in an existing room."""
    target_utilisation: float | None = Field(
        strict=True, default=None, gt=0, le=1, allow_inf_nan=False
    )
    """Share of its scanners' available hours this site may book (fraction); empty: the
    modality's ``target_utilisation``."""
    installation_works_cost: Money | None = None
    """Enabling works to install one scanner of this modality here, in an existing room or a
    new one: removing the old unit, shielding, power, cooling (GBP, paid with the purchase);
    empty: the modality's ``installation_works_cost``."""
    installation_weeks: float | None = Field(
        strict=True, default=None, ge=0, le=52, allow_inf_nan=False
    )
    """Weeks a newly installed scanner here is not yet scanning in its first year of service
    (works, installation, acceptance); empty: the modality's ``installation_weeks``."""


class TravelSettings(Record):
    """How travel times are obtained."""

    method: TravelMethod = TravelMethod.COORDINATES
    """``coordinates``, ``links`` or ``matrix`` (see :class:`TravelMethod`)."""
    road_factor: float = Field(strict=True, default=1.3, ge=1, le=5, allow_inf_nan=False)
    """Road distance / straight-line distance. 1.3 is a commonly used circuity factor for
    British roads (an assumption; calibrate against a routing tool where possible)."""
    speed_kmh: float = Field(strict=True, default=50.0, ge=1, le=200, allow_inf_nan=False)
    """Average road speed (km/h) used to turn road distance into minutes (an assumption)."""


class TravelLink(Record):
    """A road link of the travel graph (undirected)."""

    origin: Id
    """Site id at one end."""
    destination: Id
    """Site id at the other end."""
    minutes: float | None = Field(
        strict=True, default=None, ge=0, le=MAX_TRAVEL_MINUTES, allow_inf_nan=False
    )
    """Travel minutes along the link; empty: from coordinates, road factor and speed."""


class TravelTime(Record):
    """One entry of an origin-destination travel-time matrix (directed, used as given)."""

    origin: Id
    """Site the patient starts from."""
    destination: Id
    """Site the patient is scanned at."""
    minutes: float = Field(strict=True, ge=0, le=MAX_TRAVEL_MINUTES, allow_inf_nan=False)
    """Travel minutes (or, with ``travel_cost_per_minute`` 1, a cost per exam in GBP)."""


class Modality(Record):
    """An imaging modality (CT, MRI, ...)."""

    id: Id
    """Modality id, e.g. ``CT``."""
    name: Name = ""
    """Long name."""
    max_travel_minutes: float | None = Field(
        strict=True, default=None, ge=0, le=MAX_TRAVEL_MINUTES, allow_inf_nan=False
    )
    """Policy: the longest a patient may travel to be scanned at another site (minutes);
    empty means no limit."""
    max_age_years: WholeNumber = Field(default=15, ge=1, le=100)
    """Default maximum age of existing scanners of this modality (years). 15: the maximum the
    Canadian Association of Radiologists recommends for any modality."""
    default_age_profile: Id | None = None
    """Age profile used by existing scanners that name none."""
    target_utilisation: float = Field(strict=True, default=1.0, gt=0, le=1, allow_inf_nan=False)
    """Share of a scanner's available hours (after downtime) a plan may book (fraction): the
    rest is headroom for emergencies, cancellations and day-to-day variation. 1: every hour."""
    installation_works_cost: Money = 0.0
    """Enabling works to install one new scanner (GBP, paid with the purchase by the site's
    trust): removing the old unit, room works, shielding, power, cooling."""
    installation_weeks: float = Field(strict=True, default=0.0, ge=0, le=52, allow_inf_nan=False)
    """Weeks a newly installed scanner is not yet scanning in its first year of service
    (removal of the old unit, works, installation, acceptance tests)."""


class ExamType(Record):
    """A kind of exam: what it takes to acquire and to report."""

    id: Id
    """Exam type id, e.g. ``CT-head``."""
    name: Name = ""
    """Long name."""
    modality: Id
    """Modality that acquires it."""
    scan_minutes: float = Field(
        strict=True, ge=MIN_TASK_MINUTES, le=DAY_MINUTES, allow_inf_nan=False
    )
    """Scanner time per exam (minutes), set-up included."""
    report_minutes: float = Field(
        strict=True, default=0.0, ge=0, le=DAY_MINUTES, allow_inf_nan=False
    )
    """Reporter time per exam (minutes: 0, or at least 0.1); used by the workforce plan."""
    capability: Id | None = None
    """Capability a scanner needs for this exam (e.g. ``cardiac``); empty: any scanner."""
    max_travel_minutes: float | None = Field(
        strict=True, default=None, ge=0, le=MAX_TRAVEL_MINUTES, allow_inf_nan=False
    )
    """Policy: the longest a patient may travel for this exam type (minutes), e.g. a tighter
    limit for an urgent cancer pathway; it only tightens the modality's limit (or an origin's
    ``travel_limits`` row for the modality); empty: the modality's (or origin's) limit alone."""
    in_house_cost: UnitCost = 0.0
    """Variable cost of scanning one exam in the network (GBP per exam): radiographer and
    assistant time, consumables, contrast; paid by the trust(s) of the site that scans it.
    Scanners' maintenance is in the age profiles, not here. Default 0: scanning in-house is
    weighed against outsourcing by the scanners' costs alone."""
    outsourcing_cost: UnitCost | None = None
    """Policy: price of outsourcing one exam (GBP); empty: it cannot be outsourced."""
    outsourcing_capacity: float | None = Field(
        strict=True, default=None, ge=0, le=MAX_NETWORK_EXAMS, allow_inf_nan=False
    )
    """Policy: exams of this type the outsourcing companies take a year, network-wide
    (exams/year); empty: no limit. The ``outsourcing_limits`` table overrides it for a year.
    Needs an ``outsourcing_cost``."""
    growth_rate: float = Field(strict=True, default=0.0, ge=-0.5, le=1, allow_inf_nan=False)
    """Annual demand growth (fraction) used to extend demand to years not given."""
    report_outsourcing_cost: UnitCost | None = None
    """Policy: price of having one exam reported by an outsourcing company (GBP); empty: its
    reports cannot be outsourced. Used by the workforce plan."""
    report_outsourcing_capacity: float | None = Field(
        strict=True, default=None, ge=0, le=1e6, allow_inf_nan=False
    )
    """Reports of this type the outsourcing companies take per week; empty: no limit."""


class OutsourcingLimit(Record):
    """A year-specific limit on outsourced exams of one type, replacing the exam type's
    ``outsourcing_capacity`` that year."""

    exam_type: Id
    """Exam type id (one with an ``outsourcing_cost``)."""
    year: Year
    """Plan year."""
    max_exams: float = Field(strict=True, ge=0, le=MAX_NETWORK_EXAMS, allow_inf_nan=False)
    """Exams of this type the outsourcing companies take that year, network-wide (exams)."""


class TravelLimit(Record):
    """A travel limit for patients referred at one origin site: of one modality, or of one
    exam type of it. A row replaces the limit that would otherwise apply from that origin, so
    it may loosen it (a rural origin allowed further) or tighten it (a frail population less):

    - a row without ``exam_type`` replaces the modality's ``max_travel_minutes`` for every
      exam type of the modality from this origin (an exam type's own ``max_travel_minutes``
      still tightens it);
    - a row with ``exam_type`` replaces every other limit for that exam type from this origin
      (the most specific row wins).
    """

    origin: Id
    """Site id where the patients are referred (the origin of the demand)."""
    modality: Id
    """Modality id."""
    exam_type: Id | None = None
    """Exam type id (one of ``modality``); empty: every exam type of the modality."""
    max_travel_minutes: float = Field(strict=True, ge=0, le=MAX_TRAVEL_MINUTES, allow_inf_nan=False)
    """The longest these patients may travel to be scanned at another site (minutes)."""


class Demand(Record):
    """Exams of one type arising at one site in one year.

    For each (site, exam type), plan years not given are extended from the latest earlier
    given year by the growth rate; a base year before the plan is allowed.
    """

    site: Id
    """Site where the patients are referred (origin of the demand)."""
    exam_type: Id
    """Exam type id."""
    year: Year
    """Calendar year."""
    exams: float = Field(strict=True, ge=0, le=MAX_EXAMS, allow_inf_nan=False)
    """Exams in that year."""
    growth_rate: float | None = Field(strict=True, default=None, ge=-0.5, le=1, allow_inf_nan=False)
    """Annual growth after this year; empty: the exam type's growth rate."""


class AgeProfile(Record):
    """Costs, values and downtime of a scanner by age: one row per profile and age.

    Money is given in GBP or as a fraction of the unit's purchase price (a catalogue model's
    ``price``, an existing asset's ``purchase_price``), so that one profile can serve models of
    different prices. Each row gives exactly one of ``maintenance_cost`` and
    ``maintenance_fraction``, and exactly one of ``resale_value`` and ``resale_fraction``; a
    profile uses one form of each throughout. Ages past the last row take the last row's values.
    """

    profile: Id
    """Profile id, referred to by catalogue models and assets."""
    age: WholeNumber = Field(ge=0, le=100)
    """Age in whole years at the start of the year (0 in the year it enters service)."""
    maintenance_cost: Money | None = None
    """Maintenance and service cost for a year begun at this age (GBP/year); or give
    ``maintenance_fraction``."""
    maintenance_fraction: Fraction | None = None
    """Maintenance and service cost for a year begun at this age, as a fraction of the unit's
    purchase price (fraction/year; e.g. 0.08); or give ``maintenance_cost``."""
    resale_value: Money | None = None
    """Value when retired within the plan at this age (GBP); or give ``resale_fraction``. With
    ``policy.residual_value: resale``, also the value of a unit held at the horizon end."""
    resale_fraction: Fraction | None = None
    """Value when retired within the plan at this age, as a fraction of the unit's purchase
    price; or give ``resale_value``."""
    residual_value: Money | None = None
    """Value of a unit still in service at the horizon end at this age (GBP), overriding
    ``policy.residual_value``; empty: the policy's rule. A profile gives a residual value
    (here or as ``residual_fraction``) on every row or on none."""
    residual_fraction: Fraction | None = None
    """As ``residual_value``, as a fraction of the unit's purchase price."""
    downtime_fraction: Fraction = 0.0
    """Fraction of scan hours lost to breakdowns and servicing during a year at this age."""


class CatalogueModel(Record):
    """A scanner model that can be bought."""

    id: Id
    """Model id."""
    name: Name = ""
    """Long name."""
    modality: Id
    """Modality id."""
    price: Money
    """Purchase price per unit, installation included, enabling works excluded (GBP)."""
    hours_per_year: float = Field(
        strict=True, ge=MIN_HOURS_PER_YEAR, le=HOURS_PER_LEAP_YEAR, allow_inf_nan=False
    )
    """Scan hours a unit offers per year before downtime (e.g. 12 h x 7 days = 4368)."""
    capabilities: list[Id] = Field(default_factory=list)
    """Capabilities (e.g. ``cardiac``)."""
    lifetime_years: WholeNumber = Field(ge=1, le=100)
    """Maximum age: a unit is retired by the start of the year it reaches this age."""
    lead_time_years: WholeNumber = Field(default=0, ge=0, le=10)
    """Years between purchase (and payment) and entering service."""
    age_profile: Id
    """Age profile id (maintenance, resale value, downtime by age; fractions of ``price``)."""
    throughput_factor: float = Field(strict=True, default=1.0, ge=0.2, le=5, allow_inf_nan=False)
    """Exams per scan hour relative to the exam types' ``scan_minutes`` (1.25: each exam takes
    1 / 1.25 of its scan minutes on this model, e.g. a faster 3T MRI)."""
    sites: list[Id] = Field(default_factory=list)
    """Sites where it may be installed; empty: any site with rooms for its modality."""
    first_year: Year | None = None
    """First year it can be bought; empty: from the start."""
    last_year: Year | None = None
    """Last year it can be bought; empty: to the end."""


class DiscountTier(Record):
    """Framework volume discount: buying at least ``min_units`` of a model in one year across
    the network takes ``discount`` off the price of every unit bought that year."""

    model: Id
    """Catalogue model id."""
    min_units: WholeNumber = Field(ge=1, le=10000)
    """Units of the model bought network-wide in one year to earn the discount."""
    discount: float = Field(strict=True, gt=0, lt=1, allow_inf_nan=False)
    """Fraction off the price (e.g. 0.05)."""


class Asset(Record):
    """An existing scanner of the fleet."""

    id: Id
    """Asset id (e.g. from the equipment register)."""
    site: Id
    """Site where it is installed."""
    modality: Id
    """Modality id."""
    capabilities: list[Id] = Field(default_factory=list)
    """Capabilities (e.g. ``cardiac``)."""
    install_year: Year
    """Year it entered service (its age is 0 during that year)."""
    hours_per_year: float = Field(
        strict=True, ge=MIN_HOURS_PER_YEAR, le=HOURS_PER_LEAP_YEAR, allow_inf_nan=False
    )
    """Scan hours it offers per year before downtime."""
    age_profile: Id | None = None
    """Age profile id; empty: the modality's default profile."""
    max_age_years: WholeNumber | None = Field(default=None, ge=1, le=100)
    """Maximum age; empty: the modality's ``max_age_years``."""
    condition_downtime_fraction: Fraction = 0.0
    """Extra fraction of hours lost because of its condition, on top of age-related downtime."""
    throughput_factor: float = Field(strict=True, default=1.0, ge=0.2, le=5, allow_inf_nan=False)
    """Exams per scan hour relative to the exam types' ``scan_minutes`` (0.8: each exam takes
    1 / 0.8 of its scan minutes on this scanner, e.g. an old, slow one)."""
    model_name: Name = ""
    """Make and model (informative)."""
    purchase_price: Money | None = None
    """What it cost, installation included (GBP, real terms of the first plan year): the price
    its age profile's fractions are of, and the price its straight-line residual value falls
    from. Needed when its profile gives fractions; empty: under the ``straight_line`` rule its
    residual value is its profile's resale value at its age at the horizon end."""
    owner: Id | None = None
    """Who owns it: a trust id, or ``network`` for a scanner the network owns (e.g. bought for
    a CDC, or leased by one trust into another's site); empty: the owner of its site. Its
    owner pays its maintenance and receives its resale and residual value (``network``: every
    trust by capital share); a scanner bought to replace it belongs to the site's owner."""


class CommittedPurchase(Record):
    """A purchase already approved: the plan must include it."""

    site: Id
    """Site id."""
    model: Id
    """Catalogue model id."""
    year: Year
    """Year of purchase."""
    units: WholeNumber = Field(default=1, ge=1, le=1000)
    """Units."""


class ResidualValueRule(StrEnum):
    """How a scanner still in service at the horizon end is valued (its residual value),
    where its age profile gives no ``residual_value`` or ``residual_fraction``."""

    STRAIGHT_LINE = "straight_line"
    """Purchase price x max(0, 1 - age at the horizon end / economic life): the value left of
    the price written off evenly over the economic life (a catalogue model's
    ``lifetime_years``, an existing scanner's maximum age). An existing scanner without a
    ``purchase_price`` takes its profile's resale value at that age."""
    RESALE = "resale"
    """The age profile's resale value at the age at the horizon end, as if sold then."""


class Policy(Record):
    """Network-wide policy settings."""

    travel_cost_per_minute: CostPerMinute = 0.0
    """Cost attached to each minute a patient travels to another site for an exam (GBP/min)."""
    residual_value: ResidualValueRule = ResidualValueRule.STRAIGHT_LINE
    """How scanners still in service at the horizon end are valued: ``straight_line`` or
    ``resale`` (see :class:`ResidualValueRule`); an age profile's residual columns override it."""
    access_minutes: float | None = Field(
        strict=True, default=None, ge=0, le=MAX_TRAVEL_MINUTES, allow_inf_nan=False
    )
    """Access target: travel minutes from the referring site within which at least
    ``access_share`` of each modality's exams must be scanned, network-wide, every plan year
    (minutes; exams scanned at the referring site travel 0). Give both or neither; empty: no
    target."""
    access_share: Fraction | None = None
    """Access target: the share of each modality's exams a year (network-wide) that must be
    scanned within ``access_minutes`` of the referring site (fraction, e.g. 0.9). Outsourced
    exams count as not within (an independent provider at an unknown distance). Give both or
    neither; empty: no target."""


# --------------------------------------------------------------------------- instance


class InstanceTables(Record):
    """Every table of an instance, each checked on its own (the cross-table rules are
    :class:`~netopt.schema.instance.Instance`'s)."""

    network: Network
    trusts: list[Trust] = Field(min_length=1)
    budgets: list[Budget] = Field(default_factory=list)
    revenue_budgets: list[RevenueBudget] = Field(default_factory=list)
    sites: list[Site] = Field(min_length=1)
    rooms: list[Room] = Field(default_factory=list)
    travel: TravelSettings = Field(default_factory=TravelSettings)
    travel_links: list[TravelLink] = Field(default_factory=list)
    travel_matrix: list[TravelTime] = Field(default_factory=list)
    modalities: list[Modality] = Field(min_length=1)
    exam_types: list[ExamType] = Field(min_length=1)
    outsourcing_limits: list[OutsourcingLimit] = Field(default_factory=list)
    travel_limits: list[TravelLimit] = Field(default_factory=list)
    demand: list[Demand] = Field(default_factory=list)
    age_profiles: list[AgeProfile] = Field(min_length=1)
    catalogue: list[CatalogueModel] = Field(default_factory=list)
    discount_tiers: list[DiscountTier] = Field(default_factory=list)
    assets: list[Asset] = Field(default_factory=list)
    committed_purchases: list[CommittedPurchase] = Field(default_factory=list)
    policy: Policy = Field(default_factory=Policy)
    # workforce plan (see netopt.schema.workforce)
    workforce: WorkforceSettings = Field(default_factory=WorkforceSettings)
    sessions: list[Session] = Field(default_factory=list)
    scanner_sessions: list[ScannerSession] = Field(default_factory=list)
    staffing_rules: list[StaffingRule] = Field(default_factory=list)
    staff: list[Staff] = Field(default_factory=list)
    staff_reporting: list[StaffReporting] = Field(default_factory=list)
    passport_options: list[PassportOption] = Field(default_factory=list)
    transfer_links: list[TransferLink] = Field(default_factory=list)
    reporting_demand: list[ReportingDemand] = Field(default_factory=list)
    # multi-year workforce plan of the joint plan (see netopt.schema.staffing)
    staff_planning: StaffPlanning = Field(default_factory=StaffPlanning)
    staff_roles: list[StaffRole] = Field(default_factory=list)
    staff_in_post: list[StaffInPost] = Field(default_factory=list)
    training_pathways: list[TrainingPathway] = Field(default_factory=list)
    report_outsourcing_limits: list[ReportOutsourcingLimit] = Field(default_factory=list)

    @property
    def years(self) -> list[int]:
        """The plan years in order."""
        return self.network.years
