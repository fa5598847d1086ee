"""benchmarks/workforce.py: the workforce benchmark network is the issue's size (10 sites, about
100 staff, a 5 x 2 session template), a valid netopt instance, and deterministic. No solves
(the model has its own tests); a few seconds."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

import netopt
from netopt.schema import Instance, PassportPolicy, Tier

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"
SEED = 1


def _load_script() -> ModuleType:
    """benchmarks/workforce.py as a module; it imports its neighbours england.py and run.py."""
    name = "workforce_generator"
    if name in sys.modules:
        return sys.modules[name]
    if str(BENCHMARKS) not in sys.path:
        sys.path.insert(0, str(BENCHMARKS))
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / "workforce.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


workforce = _load_script()


def _generate(folder: Path, seed: int) -> Path:
    path = folder / f"benchmark-{seed}.yaml"
    args = ["generate", "--size", "benchmark", "--seed", str(seed), "--out", str(path)]
    assert workforce.main(args) == 0  # every calibration check holds
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("workforce")


@pytest.fixture(scope="module")
def written(folder: Path) -> Path:
    """The benchmark network, generated once for the module."""
    return _generate(folder, SEED)


@pytest.fixture(scope="module")
def instance(written: Path) -> Instance:
    """The written file loaded back through netopt's own reader (validation included)."""
    return netopt.load_instance(written)


def test_ten_sites(instance: Instance) -> None:
    assert len(instance.sites) == 10
    assert {s.id for s in instance.sites} == {r.site for r in instance.scanner_sessions}


def test_about_a_hundred_people_in_four_tiers(instance: Instance) -> None:
    people = Counter[Tier]()
    for k in instance.staff:
        people[k.tier] += k.count
    assert 95 <= sum(people.values()) <= 105
    assert set(people) == set(Tier)
    counts = [k.count for k in instance.staff]
    assert 1 in counts and max(counts) > 1  # individuals and cohorts


def test_five_days_of_two_sessions(instance: Instance) -> None:
    template = {(s.day.value, s.session) for s in instance.sessions}
    assert template == {(d, s) for d in ("mon", "tue", "wed", "thu", "fri") for s in ("am", "pm")}
    assert {s.minutes for s in instance.sessions} == {240.0}
    running = {(r.day.value, r.session) for r in instance.scanner_sessions if r.scanners > 0}
    assert running == template


def test_workforce_tables_present(instance: Instance) -> None:
    assert instance.workforce.passport_policy is PassportPolicy.NETWORK
    assert instance.workforce.turnaround_days == 28
    assert instance.workforce.max_travel_minutes_between_sessions == 60
    assert {r.modality for r in instance.staffing_rules} == {"CT", "MRI"}
    assert instance.transfer_links and instance.staff_reporting
    assert any(link.studies_per_day is not None for link in instance.transfer_links)
    assert any(k.home_reporting for k in instance.staff)
    assert all(e.report_outsourcing_cost is not None for e in instance.exam_types)
    assert not instance.reporting_demand  # the model derives it from the 2027 demand


def test_consultants_report_everything_practitioners_a_slower_subset(instance: Instance) -> None:
    tier = {k.id: k.tier for k in instance.staff}
    minutes = {e.id: e.report_minutes for e in instance.exam_types}
    by_staff: dict[str, set[str]] = {}
    for r in instance.staff_reporting:
        by_staff.setdefault(r.staff, set()).add(r.exam_type)
        if tier[r.staff] is Tier.CONSULTANT_RADIOLOGIST:
            assert r.minutes_per_report is None
        else:
            assert tier[r.staff] is Tier.ADVANCED_PRACTITIONER
            assert r.minutes_per_report is not None
            assert r.minutes_per_report > minutes[r.exam_type]
    for k in instance.staff:
        if k.tier is Tier.CONSULTANT_RADIOLOGIST:
            assert by_staff[k.id] == set(minutes)
            assert not k.scans


def test_round_trip(written: Path, instance: Instance, folder: Path) -> None:
    """Saving the loaded instance again gives the same file."""
    again = folder / "again.yaml"
    netopt.io.save_instance(instance, again)
    assert again.read_bytes() == written.read_bytes()


def test_same_seed_same_bytes(written: Path, folder: Path) -> None:
    twin = folder / "twin"
    twin.mkdir()
    assert _generate(twin, SEED).read_bytes() == written.read_bytes()


def test_other_seed_differs(written: Path, folder: Path) -> None:
    other = _generate(folder, SEED + 1)
    assert other.read_bytes() != written.read_bytes()
    assert len(netopt.load_instance(other).sites) == 10
