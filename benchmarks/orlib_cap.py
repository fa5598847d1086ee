"""OR-Library capacitated warehouse location (Beasley 1988) as netopt capital instances.

Two subcommands:

``convert FILE --out INSTANCE [--capacity C]``
    Translate an OR-Library ``capinfo`` file into an ordinary netopt instance (YAML or JSON by
    the extension of ``--out``).

``run [--instances cap41,cap42,...] [--time-limit S] [--csv OUT] [--direct] [--no-netopt]``
    Convert each instance to a temporary JSON file, solve it through netopt's ordinary path
    (``netopt.load_instance`` then ``netopt.solve_capital`` with MIP gap 1e-7) and compare the
    objective with the published optimum (``optima.csv``, relative tolerance 1e-6). ``--direct`` also solves the plain textbook
    formulation with highspy, as a reference time. An instance may be given as ``NAME:CAPACITY``
    (e.g. ``capa:8000``) for the files whose capacity field is the word ``capacity``.

The mapping (a single-year capital problem is exactly capacitated facility location with
splittable demand):

* one trust (capital share 100, a budget above the sum of all fixed costs), plan 2000 only,
  no discounting;
* one modality ``service`` (no travel limit) and one exam type ``unit`` that cannot be
  outsourced: one exam = one unit of demand;
* warehouse ``i`` (1-based, as in OR-Library) = site ``w{i}`` with one room (none may be built)
  and one catalogue model ``open-w{i}`` that may only be installed there: price = fixed cost,
  capacity = the warehouse capacity, age profile ``zero`` (no maintenance, resale or downtime),
  valued at the horizon end by its resale value (``policy.residual_value: resale``), so 0;
* customer ``j`` (1-based) = site ``c{j}`` (kind ``other``) demanding ``demand_j`` exams in 2000;
* travel method ``matrix``: ``c{j} -> w{i}`` minutes = ``c_ij / demand_j`` (per-unit allocation
  cost) and ``travel_cost_per_minute`` 1, so travel cost = allocation cost. Customers with zero
  demand get no travel rows;
* site coordinates are required by the schema but unused under the matrix method: all 0.0.

Exam capacity of a scanner = ``hours_per_year * 60 / scan_minutes``. The schema caps
``hours_per_year`` at 8784 (hours in a leap year), below some OR-Library capacities (cap71-74,
cap101-104, cap131-134: 58268; capa: up to 14000). The converter then scales both by the same
power of two ``k``: ``scan_minutes = 60 / k`` and ``hours_per_year = capacity / k``, which leaves
the exam capacity unchanged and is exact in binary floating point. For other files ``k = 1``:
``scan_minutes`` 60 and ``hours_per_year`` = capacity, one exam = one hour.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import highspy
import numpy as np

from netopt.io import save_instance
from netopt.schema import (
    AgeProfile,
    CatalogueModel,
    Demand,
    ExamType,
    Instance,
    Modality,
    Network,
    Policy,
    ResidualValueRule,
    Room,
    Site,
    SiteKind,
    TravelMethod,
    TravelSettings,
    TravelTime,
    Trust,
)

REPO = Path(__file__).resolve().parents[1]
DATA_DIR = REPO / "instances" / "orlib-cap"
"""cap41..cap74 and ``optima.csv``, copied into the project (override with ``--data-dir``)."""
SHARED_DIR = REPO.parent / "shared" / "benchmarks" / "orlib-cap"
"""The shared benchmark folder beside the checkout, for the large capa/capb/capc files."""


def data_file(data_dir: Path, name: str) -> Path:
    """``name`` in ``data_dir``, else in the shared folder beside the checkout."""
    path = data_dir / name
    return path if path.exists() or not (SHARED_DIR / name).exists() else SHARED_DIR / name


REL_TOL = 1e-6
"""Relative tolerance against the published optimum (Beasley: last digits may differ)."""
MIP_GAP = 1e-7
"""Relative MIP gap of both solves: a tenth of ``REL_TOL``, so a plan proven within it is within
the tolerance of the optimum, without grinding the last gap closed (slow on capa/capb/capc)."""
MAX_HOURS_PER_YEAR = 8784.0
"""The schema's upper bound on ``hours_per_year``."""
PLAN_YEAR = 2000
MODALITY = "service"
EXAM_TYPE = "unit"
TRUST = "owner"
PROFILE = "zero"
LIFETIME_YEARS = 2
"""Outlives the one-year plan; the unit is held at the horizon end at age 1, where it is worth
its resale value 0 (``policy.residual_value: resale``): an open warehouse's fixed cost is spent."""

# --------------------------------------------------------------------------- parsing


@dataclass(frozen=True)
class CapInfo:
    """One OR-Library capinfo file.

    Warehouses are indexed ``i = 0..m-1`` and customers ``j = 0..n-1`` here; the netopt ids
    (``w{i+1}``, ``c{j+1}``) are 1-based as in OR-Library.
    """

    name: str
    capacities: list[float | None]
    """Capacity of each warehouse; ``None`` where the file has the word ``capacity``."""
    fixed_costs: list[float]
    """Fixed cost of opening each warehouse."""
    demands: list[float]
    """Demand of each customer."""
    costs: list[list[float]]
    """``costs[j][i]``: cost of allocating ALL of customer j's demand to warehouse i."""

    @property
    def m(self) -> int:
        """Number of warehouses."""
        return len(self.fixed_costs)

    @property
    def n(self) -> int:
        """Number of customers."""
        return len(self.demands)

    def with_capacity(self, capacity: float | None) -> CapInfo:
        """Every capacity replaced by ``capacity`` (unchanged when ``None``); the result has
        numeric capacities or a ``ValueError`` says ``--capacity`` is needed."""
        if capacity is not None:
            if not (math.isfinite(capacity) and capacity > 0):
                raise ValueError(f"capacity must be a positive number, not {capacity}")
            caps: list[float | None] = [float(capacity)] * self.m
        else:
            caps = list(self.capacities)
            if any(c is None for c in caps):
                raise ValueError(
                    f"{self.name}: the capacity field is the word 'capacity'; "
                    "give the capacity to use with --capacity C"
                )
        return CapInfo(self.name, caps, self.fixed_costs, self.demands, self.costs)

    def numeric_capacities(self) -> list[float]:
        """The capacities; a ``ValueError`` if any is the word ``capacity``."""
        out = [c for c in self.capacities if c is not None]
        if len(out) != self.m:
            raise ValueError(f"{self.name}: capacities not numeric; use with_capacity() first")
        return out


def _number(token: str, what: str) -> float:
    try:
        value = float(token)
    except ValueError:
        raise ValueError(f"expected a number for {what}, got {token!r}") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} is not finite: {token!r}")
    return value


def _count(token: str, what: str) -> int:
    value = _number(token, what)
    if value != int(value) or value < 1:
        raise ValueError(f"{what} must be a positive integer, got {token!r}")
    return int(value)


def parse_capinfo(text: str, name: str = "capinfo") -> CapInfo:
    """Parse the text of an OR-Library capinfo file (whitespace-separated tokens; the cost rows
    may wrap over any number of lines)."""
    tokens = text.split()
    if len(tokens) < 2:
        raise ValueError(f"{name}: empty or truncated file (need 'm n' first)")
    m = _count(tokens[0], "m (number of warehouses)")
    n = _count(tokens[1], "n (number of customers)")
    expected = 2 + 2 * m + n * (1 + m)
    if len(tokens) != expected:
        raise ValueError(
            f"{name}: {len(tokens)} numbers but m={m}, n={n} needs 2 + 2m + n(1+m) = {expected}"
        )
    pos = 2
    capacities: list[float | None] = []
    fixed_costs: list[float] = []
    for i in range(m):
        cap, fixed = tokens[pos], tokens[pos + 1]
        pos += 2
        if cap.lower() == "capacity":
            capacities.append(None)
        else:
            capacities.append(_number(cap, f"capacity of warehouse {i + 1}"))
        fixed_costs.append(_number(fixed, f"fixed cost of warehouse {i + 1}"))
    demands: list[float] = []
    costs: list[list[float]] = []
    for j in range(n):
        demands.append(_number(tokens[pos], f"demand of customer {j + 1}"))
        pos += 1
        costs.append(
            [
                _number(tokens[pos + i], f"cost of customer {j + 1} at warehouse {i + 1}")
                for i in range(m)
            ]
        )
        pos += m
    for what, values in (("fixed cost", fixed_costs), ("demand", demands)):
        if any(v < 0 for v in values):
            raise ValueError(f"{name}: negative {what}")
    if any(c is not None and c <= 0 for c in capacities):
        raise ValueError(f"{name}: non-positive capacity")
    if any(c < 0 for row in costs for c in row):
        raise ValueError(f"{name}: negative allocation cost")
    return CapInfo(name, capacities, fixed_costs, demands, costs)


def read_capinfo(path: Path) -> CapInfo:
    """Parse a capinfo file; its name is the file stem (e.g. ``cap41``)."""
    return parse_capinfo(path.read_text(), name=path.stem)


# --------------------------------------------------------------------------- conversion


def capacity_scale(capacities: Sequence[float]) -> int:
    """Smallest power of two ``k`` with every ``capacity / k`` within the schema's
    ``hours_per_year`` bound."""
    k = 1
    while max(capacities, default=0.0) / k > MAX_HOURS_PER_YEAR:
        k *= 2
    return k


def to_instance(cap: CapInfo) -> Instance:
    """The netopt capital instance of a capinfo problem (capacities must be numeric)."""
    capacities = cap.numeric_capacities()
    scale = capacity_scale(capacities)
    budget = math.fsum(cap.fixed_costs) + 1.0
    warehouses = [f"w{i + 1}" for i in range(cap.m)]
    customers = [f"c{j + 1}" for j in range(cap.n)]
    sites = [
        Site(id=w, owner=TRUST, latitude=0.0, longitude=0.0, kind=SiteKind.HOSPITAL)
        for w in warehouses
    ] + [
        Site(id=c, owner=TRUST, latitude=0.0, longitude=0.0, kind=SiteKind.OTHER) for c in customers
    ]
    rooms = [
        Room(site=w, modality=MODALITY, rooms=1, max_new_rooms=0, new_room_cost=0.0)
        for w in warehouses
    ]
    catalogue = [
        CatalogueModel(
            id=f"open-{w}",
            modality=MODALITY,
            price=cap.fixed_costs[i],
            hours_per_year=capacities[i] / scale,
            lifetime_years=LIFETIME_YEARS,
            lead_time_years=0,
            age_profile=PROFILE,
            sites=[w],
        )
        for i, w in enumerate(warehouses)
    ]
    demand = [
        Demand(site=c, exam_type=EXAM_TYPE, year=PLAN_YEAR, exams=cap.demands[j])
        for j, c in enumerate(customers)
    ]
    matrix = [
        TravelTime(origin=c, destination=warehouses[i], minutes=cap.costs[j][i] / cap.demands[j])
        for j, c in enumerate(customers)
        if cap.demands[j] > 0
        for i in range(cap.m)
    ]
    return Instance(
        network=Network(
            name=f"OR-Library {cap.name} (capacitated warehouse location)",
            first_year=PLAN_YEAR,
            horizon_years=1,
            discount_rate=0.0,
        ),
        trusts=[Trust(id=TRUST, name="Single owner", capital_budget=budget, capital_share=100.0)],
        sites=sites,
        rooms=rooms,
        travel=TravelSettings(method=TravelMethod.MATRIX),
        travel_matrix=matrix,
        modalities=[Modality(id=MODALITY, max_travel_minutes=None, max_age_years=100)],
        exam_types=[
            ExamType(
                id=EXAM_TYPE, modality=MODALITY, scan_minutes=60.0 / scale, outsourcing_cost=None
            )
        ],
        demand=demand,
        age_profiles=[
            AgeProfile(
                profile=PROFILE,
                age=age,
                maintenance_cost=0.0,
                resale_value=0.0,
                downtime_fraction=0.0,
            )
            for age in (0, 1)
        ],
        catalogue=catalogue,
        policy=Policy(travel_cost_per_minute=1.0, residual_value=ResidualValueRule.RESALE),
    )


def save(instance: Instance, path: Path) -> None:
    """Write an instance as YAML, JSON (or Excel) by extension, with ``netopt.io.save_instance``."""
    save_instance(instance, path)


# --------------------------------------------------------------------------- direct reference


@dataclass
class DirectResult:
    """Result of the textbook formulation solved with highspy."""

    objective: float | None
    status: str
    gap: float | None
    build_s: float
    solve_s: float
    num_col: int
    num_row: int
    open_sites: list[int] = field(default_factory=list)


def solve_direct(
    cap: CapInfo, time_limit: float | None = None, mip_gap: float = MIP_GAP
) -> DirectResult:
    """Solve ``min sum f_i y_i + sum c_ij x_ij`` s.t. ``sum_i x_ij = 1``,
    ``sum_j d_j x_ij <= s_i y_i``, ``x_ij <= y_i``, ``0 <= x <= 1``, ``y`` binary, with highspy
    (one thread, seed 0, relative MIP gap ``mip_gap``)."""
    t0 = time.perf_counter()
    m, n = cap.m, cap.n
    s = np.asarray(cap.numeric_capacities(), dtype=np.float64)
    d = np.asarray(cap.demands, dtype=np.float64)
    c = np.asarray(cap.costs, dtype=np.float64).T  # c[i, j]
    # columns: y_i = i; x_ij = m + i*n + j
    num_col = m + m * n
    col_cost = np.concatenate([np.asarray(cap.fixed_costs, dtype=np.float64), c.ravel()])
    col_lower = np.zeros(num_col)
    col_upper = np.ones(num_col)
    x = (m + np.arange(m * n, dtype=np.int32)).reshape(m, n)
    y = np.arange(m, dtype=np.int32)
    # rows, row-wise: assignment (n), capacity (m), linking (m*n)
    idx_parts: list[np.ndarray[Any, Any]] = []
    val_parts: list[np.ndarray[Any, Any]] = []
    lengths = np.concatenate([np.full(n, m), np.full(m, n + 1), np.full(m * n, 2)]).astype(np.int32)
    idx_parts.append(x.T.ravel())  # assignment row j: x_0j..x_(m-1)j
    val_parts.append(np.ones(m * n))
    idx_parts.append(np.column_stack([x, y]).ravel())  # capacity row i: x_i0..x_i(n-1), y_i
    val_parts.append(np.column_stack([np.tile(d, (m, 1)), -s]).ravel())
    idx_parts.append(np.column_stack([x.ravel(), np.repeat(y, n)]).ravel())  # x_ij - y_i
    val_parts.append(np.tile([1.0, -1.0], m * n))
    a_start = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int32)
    a_index = np.concatenate(idx_parts).astype(np.int32)
    a_value = np.concatenate(val_parts)
    num_row = n + m + m * n
    row_lower = np.concatenate([np.ones(n), np.full(m + m * n, -highspy.kHighsInf)])
    row_upper = np.concatenate([np.ones(n), np.zeros(m + m * n)])
    integrality = np.concatenate([np.ones(m), np.zeros(m * n)]).astype(np.int32)

    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("random_seed", 0)
    h.setOptionValue("threads", 1)  # as netopt's default; HiGHS keeps one thread count a process
    h.setOptionValue("mip_rel_gap", float(mip_gap))
    if time_limit is not None:
        h.setOptionValue("time_limit", float(time_limit))
    h.passModel(
        num_col,
        num_row,
        len(a_index),
        2,  # row-wise
        1,  # minimise
        0.0,
        col_cost,
        col_lower,
        col_upper,
        row_lower,
        row_upper,
        a_start,
        a_index,
        a_value,
        integrality,
    )
    build_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    h.run()
    solve_s = time.perf_counter() - t1
    status = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    objective: float | None = None
    gap: float | None = None
    open_sites: list[int] = []
    if info.primal_solution_status == highspy.kSolutionStatusFeasible:
        objective = float(info.objective_function_value)
        gap = float(info.mip_gap)
        values = h.getSolution().col_value
        open_sites = [i + 1 for i in range(m) if values[i] > 0.5]
    return DirectResult(objective, status, gap, build_s, solve_s, num_col, num_row, open_sites)


# --------------------------------------------------------------------------- netopt solve


@dataclass
class NetoptResult:
    """Result of the solve through netopt."""

    objective: float | None
    status: str
    gap: float | None
    load_s: float
    """Reading and validating the instance file."""
    build_s: float
    """netopt's data preparation plus model building."""
    solve_s: float
    total_s: float
    """Load to plan, results extraction included."""
    num_vars: int
    num_int_vars: int
    num_rows: int
    purchases: list[str] = field(default_factory=list)
    """Sites where a unit was bought (the opened warehouses)."""


def solve_netopt(path: Path, time_limit: float | None, mip_gap: float = MIP_GAP) -> NetoptResult:
    """Load the instance file with ``netopt.load_instance`` and solve it with
    ``netopt.solve_capital`` (netopt's defaults, except the relative MIP gap ``mip_gap``)."""
    import netopt

    t0 = time.perf_counter()
    instance = netopt.load_instance(path)
    load_s = time.perf_counter() - t0
    plan = netopt.solve_capital(
        instance, netopt.SolveOptions(time_limit=time_limit, mip_gap=mip_gap)
    )
    total_s = time.perf_counter() - t0
    sites: list[str] = []
    if plan.status.has_plan and len(plan.purchases):
        sites = sorted(set(map(str, plan.purchases["site"])), key=lambda w: int(w[1:]))
    return NetoptResult(
        objective=plan.objective,
        status=plan.status.value,
        gap=plan.report.gap,
        load_s=load_s,
        build_s=plan.timings.data + plan.timings.build,
        solve_s=plan.timings.solve,
        total_s=total_s,
        num_vars=plan.size.variables,
        num_int_vars=plan.size.integer_variables,
        num_rows=plan.size.constraints,
        purchases=sites,
    )


# --------------------------------------------------------------------------- run


def read_optima(path: Path) -> dict[str, float]:
    """Published optima keyed by instance name (``optima.csv``)."""
    with path.open() as f:
        return {row["instance"]: float(row["optimum"]) for row in csv.DictReader(f)}


def rel_error(value: float | None, reference: float | None) -> float | None:
    """``|value - reference| / max(1, |reference|)``, or ``None`` if either is missing."""
    if value is None or reference is None:
        return None
    return abs(value - reference) / max(1.0, abs(reference))


def _fmt(value: Any, spec: str = "") -> str:
    if value is None:
        return "-"
    return format(value, spec)


def _verdict(err: float | None, has_optimum: bool) -> str:
    if not has_optimum:
        return "n/a"
    if err is None:
        return "FAIL"
    return "pass" if err <= REL_TOL else "FAIL"


def _print_table(rows: list[dict[str, Any]], columns: list[str]) -> None:
    text = [[str(r.get(c, "")) for c in columns] for r in rows]
    widths = [max(len(c), *(len(t[k]) for t in text)) for k, c in enumerate(columns)]
    print("  ".join(c.rjust(w) for c, w in zip(columns, widths, strict=True)))
    for t in text:
        print("  ".join(v.rjust(w) for v, w in zip(t, widths, strict=True)))


def cmd_run(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir
    optima = read_optima(data_dir / "optima.csv")
    names = (
        [s.strip() for s in args.instances.split(",") if s.strip()]
        if args.instances
        else list(optima)
    )
    use_netopt = not args.no_netopt
    rows: list[dict[str, Any]] = []
    failed = False
    for spec in names:
        name, _, cap_text = spec.partition(":")
        capacity = float(cap_text) if cap_text else None
        cap = read_capinfo(data_file(data_dir, f"{name}.txt")).with_capacity(capacity)
        optimum = optima.get(spec) if capacity is not None else optima.get(name)
        row: dict[str, Any] = {"instance": spec, "sites": cap.m, "customers": cap.n}
        row["optimum"] = _fmt(optimum, ".3f")
        if use_netopt:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / f"{name}.json"
                save(to_instance(cap), path)
                res = solve_netopt(path, args.time_limit, args.mip_gap)
            err = rel_error(res.objective, optimum)
            verdict = _verdict(err, optimum is not None)
            failed |= verdict == "FAIL"
            row |= {
                "vars": res.num_vars,
                "int_vars": res.num_int_vars,
                "rows": res.num_rows,
                "load_s": f"{res.load_s:.2f}",
                "build_s": f"{res.build_s:.2f}",
                "solve_s": f"{res.solve_s:.2f}",
                "total_s": f"{res.total_s:.2f}",
                "objective": _fmt(res.objective, ".3f"),
                "status": res.status,
                "gap": _fmt(res.gap, ".1e"),
                "rel_err": _fmt(err, ".1e"),
                "result": verdict,
            }
        if args.direct:
            ref = solve_direct(cap, args.time_limit, args.mip_gap)
            derr = rel_error(ref.objective, optimum)
            dverdict = _verdict(derr, optimum is not None)
            failed |= dverdict == "FAIL"
            row |= {
                "direct_vars": ref.num_col,
                "direct_rows": ref.num_row,
                "direct_build_s": f"{ref.build_s:.2f}",
                "direct_solve_s": f"{ref.solve_s:.2f}",
                "direct_total_s": f"{ref.build_s + ref.solve_s:.2f}",
                "direct_objective": _fmt(ref.objective, ".3f"),
                "direct_status": ref.status,
                "direct_gap": _fmt(ref.gap, ".1e"),
                "direct_rel_err": _fmt(derr, ".1e"),
                "direct_result": dverdict,
            }
        rows.append(row)
        print(f"... {spec} done", file=sys.stderr, flush=True)
    columns = ["instance", "sites", "customers"]
    if use_netopt:
        columns += ["vars", "int_vars", "rows", "load_s", "build_s", "solve_s", "total_s"]
        columns += ["objective"]
    columns += ["optimum"]
    if use_netopt:
        columns += ["rel_err", "status", "gap", "result"]
    if args.direct:
        columns += ["direct_vars", "direct_rows", "direct_build_s", "direct_solve_s"]
        columns += ["direct_total_s", "direct_objective", "direct_rel_err", "direct_status"]
        columns += ["direct_gap", "direct_result"]
    _print_table(rows, columns)
    if args.csv is not None:
        with Path(args.csv).open("w", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns, extrasaction="ignore")
            writer.writeheader()
            writer.writerows(rows)
    if not use_netopt and not args.direct:
        print("nothing was solved (--no-netopt without --direct)", file=sys.stderr)
        return 2
    return 1 if failed else 0


def cmd_convert(args: argparse.Namespace) -> int:
    try:
        cap = read_capinfo(Path(args.file)).with_capacity(args.capacity)
    except ValueError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    save(to_instance(cap), Path(args.out))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    sub = parser.add_subparsers(dest="command", required=True)
    conv = sub.add_parser("convert", help="translate a capinfo file into a netopt instance")
    conv.add_argument("file", help="OR-Library capinfo file (e.g. cap41.txt)")
    conv.add_argument("--out", required=True, help="instance file to write (.yaml/.yml/.json)")
    conv.add_argument(
        "--capacity",
        type=float,
        default=None,
        help="capacity of every warehouse; required for capa/capb/capc, overrides otherwise",
    )
    run = sub.add_parser("run", help="solve instances and compare with the published optima")
    run.add_argument(
        "--instances",
        default=None,
        help="comma-separated names, NAME:CAPACITY for capa/capb/capc (default: optima.csv)",
    )
    run.add_argument("--time-limit", type=float, default=None, help="seconds per solve")
    run.add_argument(
        "--mip-gap",
        type=float,
        default=MIP_GAP,
        help=f"relative MIP gap of both solves (default {MIP_GAP:g}, a tenth of the tolerance)",
    )
    run.add_argument("--csv", default=None, help="also write the table to this CSV file")
    run.add_argument(
        "--direct", action="store_true", help="also solve the textbook formulation with highspy"
    )
    run.add_argument("--no-netopt", action="store_true", help="skip netopt (with --direct)")
    run.add_argument("--data-dir", type=Path, default=DATA_DIR, help="OR-Library files directory")
    args = parser.parse_args(argv)
    if args.command == "convert":
        return cmd_convert(args)
    return cmd_run(args)


if __name__ == "__main__":
    sys.exit(main())
