"""benchmarks/england.py: the England-scale instance generator is deterministic, meets the
national calibration figures, and every network file it writes is a valid netopt instance."""

from __future__ import annotations

import csv
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

import netopt

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "england.py"
SEED = 0
FIRST_YEAR = 2027


def _load_script() -> ModuleType:
    name = "england_generator"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


england = _load_script()


def _index(folder: Path) -> list[dict[str, str]]:
    with (folder / "networks.csv").open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def england_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All of England, generated once for the module."""
    out = tmp_path_factory.mktemp("england")
    assert (
        england.main(["generate", "--scale", "england", "--seed", str(SEED), "--out", str(out)])
        == 0
    )
    return out


@pytest.fixture(scope="module")
def england_instances(england_dir: Path) -> dict[str, netopt.schema.Instance]:
    """Every written network, loaded back through netopt's own reader (validation included)."""
    return {
        row["network"]: netopt.load_instance(england_dir / row["file"])
        for row in _index(england_dir)
    }


def test_network_scale_is_deterministic(tmp_path: Path) -> None:
    """Generating the same scale with the same seed twice gives byte-identical files. (Across
    processes too: the output never iterates over a set; a subprocess check would cost more
    than the rest of this file, as importing netopt imports Pyomo.)"""
    first, second = tmp_path / "a", tmp_path / "b"
    for out in (first, second):
        args = ["generate", "--scale", "network", "--seed", "7", "--out", str(out)]
        assert england.main(args) == 0
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert len(names) == 2 and "networks.csv" in names
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_another_seed_changes_the_fleet_not_the_networks() -> None:
    """The seed drives the synthetic fleet; the grouping into networks follows geography."""
    a = england.generate_england(SEED)
    b = england.generate_england(SEED + 1)
    assert [[t.code for t in n.trusts] for n in a.networks] == [
        [t.code for t in n.trusts] for n in b.networks
    ]
    assert [u.install_year for u in a.scanners] != [u.install_year for u in b.scanners]


def test_every_network_validates(
    england_dir: Path, england_instances: dict[str, netopt.schema.Instance]
) -> None:
    """Every file loads; networks.csv matches the files; networks are independent (each trust
    and site in exactly one file) and capital shares sum to 100 in each."""
    rows = _index(england_dir)
    assert 18 <= len(rows) <= 24
    trusts: list[str] = []
    sites: list[str] = []
    for row in rows:
        inst = england_instances[row["network"]]
        assert int(row["trusts"]) == len(inst.trusts)
        assert int(row["sites"]) == len(inst.sites)
        assert int(row["ct"]) == sum(1 for a in inst.assets if a.modality == "CT")
        assert int(row["mri"]) == sum(1 for a in inst.assets if a.modality == "MRI")
        assert int(row["imaging_sites"]) == len({a.site for a in inst.assets})
        assert abs(sum(t.capital_share for t in inst.trusts) - 100) < 1e-6
        assert sum(1 for s in inst.sites if s.owner == "network") == 1  # one CDC
        assert inst.network.first_year == FIRST_YEAR and inst.network.horizon_years == 10
        trusts += [t.id for t in inst.trusts]
        sites += [s.id for s in inst.sites]
    assert len(trusts) == len(set(trusts)) and len(sites) == len(set(sites))


def test_england_meets_the_national_figures(
    england_instances: dict[str, netopt.schema.Instance],
) -> None:
    """675 CT / 587 MRI within 5%; at least 14% of CT and 34% of MRI aged 10+ in 2027, none at
    the 15-year maximum; about half the CT cardiac-capable; about 200 imaging sites."""
    assets = [a for inst in england_instances.values() for a in inst.assets]
    ct = [a for a in assets if a.modality == "CT"]
    mri = [a for a in assets if a.modality == "MRI"]
    assert abs(len(ct) / 675 - 1) <= 0.05
    assert abs(len(mri) / 587 - 1) <= 0.05
    assert sum(FIRST_YEAR - a.install_year >= 10 for a in ct) / len(ct) >= 0.14
    assert sum(FIRST_YEAR - a.install_year >= 10 for a in mri) / len(mri) >= 0.34
    assert max(FIRST_YEAR - a.install_year for a in assets) < 15
    assert abs(sum("cardiac" in a.capabilities for a in ct) / len(ct) - 0.5) <= 0.02
    assert 180 <= len({a.site for a in assets}) <= 220


def test_national_demand_and_mri_case_mix(
    england_instances: dict[str, netopt.schema.Instance],
) -> None:
    """Demand is scaled national activity (Aug 2024 x 12) below it, and the MRI case mix is the
    published head 25%, spine 26%, limbs 16%."""
    exams: dict[str, float] = {}
    for inst in england_instances.values():
        for d in inst.demand:
            exams[d.exam_type] = exams.get(d.exam_type, 0.0) + d.exams
    ct = sum(v for k, v in exams.items() if k.startswith("CT-"))
    mri = sum(v for k, v in exams.items() if k.startswith("MRI-"))
    assert 0.5 * 723_243 * 12 < ct < 723_243 * 12
    assert 0.5 * 398_199 * 12 < mri < 398_199 * 12
    for exam, share in (("MRI-brain", 0.25), ("MRI-spine", 0.26), ("MRI-MSK", 0.16)):
        assert exams[exam] / mri == pytest.approx(share, abs=0.005)
