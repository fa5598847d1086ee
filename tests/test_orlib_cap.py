"""benchmarks/orlib_cap.py: the OR-Library capinfo parser, the converter to a netopt instance,
the direct reference solve and (once netopt.api.solve_capital exists) cap41 through netopt."""

from __future__ import annotations

import importlib
import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
import yaml

import netopt
from netopt.schema import Instance, TravelMethod

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = Path(__file__).resolve().parents[1] / "instances" / "orlib-cap"


def _load_script() -> ModuleType:
    name = "orlib_cap"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / "orlib_cap.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


orlib = _load_script()

# 2 warehouses, 3 customers; the cost rows wrap as in the OR-Library files.
# w1: capacity 10, fixed 100; w2: capacity 15, fixed 50. Demands 4, 6, 5 (total 15).
# w1 alone cannot serve 15; w2 alone: 50 + 12 + 3 + 5 = 70; both: >= 150. Optimum 70.
TINY = """2 3
 10 100.
 15 50.
4
 8.00 12.
6
 6. 3.00
5
 10
 5
"""


def test_parse_tiny() -> None:
    cap = orlib.parse_capinfo(TINY, name="tiny")
    assert (cap.m, cap.n) == (2, 3)
    assert cap.capacities == [10.0, 15.0]
    assert cap.fixed_costs == [100.0, 50.0]
    assert cap.demands == [4.0, 6.0, 5.0]
    assert cap.costs == [[8.0, 12.0], [6.0, 3.0], [10.0, 5.0]]


def test_parse_rejects_wrong_count() -> None:
    with pytest.raises(ValueError, match="needs"):
        orlib.parse_capinfo(TINY + " 7\n")
    with pytest.raises(ValueError, match="number"):
        orlib.parse_capinfo(TINY.replace("100.", "lots"))


def test_capacity_word_needs_capacity() -> None:
    text = TINY.replace(" 10 100.", " capacity 100.").replace(" 15 50.", " capacity 50.")
    cap = orlib.parse_capinfo(text, name="tinya")
    assert cap.capacities == [None, None]
    with pytest.raises(ValueError, match="--capacity"):
        cap.with_capacity(None)
    assert cap.with_capacity(20).capacities == [20.0, 20.0]
    # an override also replaces numeric capacities
    assert orlib.parse_capinfo(TINY).with_capacity(7).capacities == [7.0, 7.0]


def test_converted_instance_validates_and_maps_the_data(tmp_path: Path) -> None:
    inst = orlib.to_instance(orlib.parse_capinfo(TINY, name="tiny"))
    for suffix, load in ((".yaml", yaml.safe_load), (".json", json.load)):
        path = tmp_path / f"tiny{suffix}"
        orlib.save(inst, path)
        with path.open() as f:
            again = Instance.model_validate(load(f))
        assert again == inst
    assert inst.network.horizon_years == 1 and inst.network.discount_rate == 0
    assert inst.trusts[0].capital_budget == 151.0 and inst.trusts[0].capital_share == 100
    assert [s.id for s in inst.sites] == ["w1", "w2", "c1", "c2", "c3"]
    assert [(r.site, r.rooms, r.max_new_rooms) for r in inst.rooms] == [("w1", 1, 0), ("w2", 1, 0)]
    assert inst.exam_types[0].scan_minutes == 60 and inst.exam_types[0].outsourcing_cost is None
    assert inst.modalities[0].max_travel_minutes is None
    assert [(k.id, k.price, k.hours_per_year, k.sites) for k in inst.catalogue] == [
        ("open-w1", 100.0, 10.0, ["w1"]),
        ("open-w2", 50.0, 15.0, ["w2"]),
    ]
    assert [(d.site, d.exams) for d in inst.demand] == [("c1", 4.0), ("c2", 6.0), ("c3", 5.0)]
    assert inst.travel.method is TravelMethod.MATRIX
    assert inst.policy.travel_cost_per_minute == 1
    minutes = {(t.origin, t.destination): t.minutes for t in inst.travel_matrix}
    assert minutes == {
        ("c1", "w1"): 2.0,
        ("c1", "w2"): 3.0,
        ("c2", "w1"): 1.0,
        ("c2", "w2"): 0.5,
        ("c3", "w1"): 2.0,
        ("c3", "w2"): 1.0,
    }


def test_zero_demand_customer_has_no_travel_rows() -> None:
    text = TINY.replace("4\n 8.00 12.", "0\n 0 0")
    inst = orlib.to_instance(orlib.parse_capinfo(text))
    assert {t.origin for t in inst.travel_matrix} == {"c2", "c3"}
    assert (inst.demand[0].site, inst.demand[0].exams) == ("c1", 0.0)


def test_large_capacity_is_scaled_exactly() -> None:
    inst = orlib.to_instance(orlib.parse_capinfo(TINY).with_capacity(58268))
    scan = inst.exam_types[0].scan_minutes
    assert scan == 7.5
    assert all(k.hours_per_year * 60 / scan == 58268 for k in inst.catalogue)


def test_direct_reference_solve_tiny() -> None:
    res = orlib.solve_direct(orlib.parse_capinfo(TINY))
    assert res.objective == pytest.approx(70.0, rel=1e-9)
    assert res.open_sites == [2]


def test_direct_reference_solve_cap41() -> None:
    res = orlib.solve_direct(orlib.read_capinfo(DATA_DIR / "cap41.txt"))
    optimum = orlib.read_optima(DATA_DIR / "optima.csv")["cap41"]
    assert res.objective == pytest.approx(optimum, rel=orlib.REL_TOL)


PUBLISHED = orlib.read_optima(DATA_DIR / "optima.csv")


@pytest.mark.parametrize("name", sorted(PUBLISHED))
def test_published_optimum_through_netopt(name: str, tmp_path: Path) -> None:
    """Each of cap41..cap74, converted to an ordinary instance file and solved by netopt, gives
    Beasley's published optimum (relative 1e-6)."""
    path = tmp_path / f"{name}.yaml"
    orlib.save(orlib.to_instance(orlib.read_capinfo(DATA_DIR / f"{name}.txt")), path)
    instance = netopt.load_instance(path)
    plan = netopt.solve_capital(instance, netopt.SolveOptions(mip_gap=orlib.MIP_GAP))
    assert plan.objective == pytest.approx(PUBLISHED[name], rel=orlib.REL_TOL)
    netopt.write_capital_plan(plan, instance, tmp_path / "plan")
    report = netopt.verify(instance, tmp_path / "plan")
    assert report.ok, report.render()


def test_large_orlib_rows_put_netopt_beside_the_direct_solve() -> None:
    """``benchmarks/run.py --large-orlib``: a netopt row (end to end) whose reference is the
    direct textbook solve, then the direct solve's own row; both reach the published optimum."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    run = importlib.import_module("run")
    ours, direct = run.large_orlib(["cap41"], netopt.SolveOptions(time_limit=60))
    assert ours["instance"] == "cap41" and direct["instance"] == "cap41 HiGHS direct"
    assert ours["objective"] == pytest.approx(1040444.375, rel=1e-6)
    assert ours["reference"] == pytest.approx(direct["objective"], rel=1e-6)
    assert ours["reference_s"] == direct["total_s"]
    assert direct["status"] == "optimal"
