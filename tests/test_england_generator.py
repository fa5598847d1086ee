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


# --------------------------------------------------------------------------- --staffing

STAFFING_TABLES = ("staff_roles", "staff_in_post", "training_pathways", "staffing_rules")


@pytest.fixture(scope="module")
def staffed_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """All of England with the joint plan's staffing tables (--staffing)."""
    out = tmp_path_factory.mktemp("england-staffing")
    args = ["generate", "--scale", "england", "--seed", str(SEED), "--out", str(out)]
    assert england.main([*args, "--staffing"]) == 0
    return out


def test_staffing_is_only_added_when_asked(
    england_instances: dict[str, netopt.schema.Instance], staffed_dir: Path
) -> None:
    """Without --staffing the files have no staffing tables (the capital instances, whose
    figures must not move); with it, the capital tables are the same and only the staffing
    tables, the passport cost and the report outsourcing prices are added."""
    staffing_only = {*STAFFING_TABLES, "staff_planning", "workforce", "exam_types"}
    for network, plain in england_instances.items():
        assert not any(getattr(plain, t) for t in STAFFING_TABLES), network
        assert all(e.report_outsourcing_cost is None for e in plain.exam_types)
        staffed = netopt.load_instance(staffed_dir / f"{network}.yaml")
        assert all(getattr(staffed, t) for t in STAFFING_TABLES), network
        assert staffed.model_dump(exclude=staffing_only) == plain.model_dump(exclude=staffing_only)
        strip = {"report_outsourcing_cost"}
        assert [e.model_dump(exclude=strip) for e in staffed.exam_types] == [
            e.model_dump(exclude=strip) for e in plain.exam_types
        ]


def test_staffing_tables_are_the_tutorials_and_validate(staffed_dir: Path) -> None:
    """Roles, pathways, staffing rules, report prices and the passport cost are the tutorial's;
    the in-house cost holds no staff pay (the England exam types have none); every trust and
    the network (its CDC) employ staff, every trust consultants; networks.csv is unchanged."""
    tutorial = netopt.load_instance(ROOT / "instances" / "tutorial.yaml")
    prices = {e.id: e.report_outsourcing_cost for e in tutorial.exam_types}
    rows = _index(staffed_dir)
    assert list(rows[0]) == ["network", "trusts", "sites", "imaging_sites", "ct", "mri", "file"]
    for row in rows:
        inst = netopt.load_instance(staffed_dir / row["file"])
        assert inst.staff_roles == tutorial.staff_roles
        assert inst.training_pathways == tutorial.training_pathways
        assert inst.staffing_rules == tutorial.staffing_rules
        assert inst.workforce.onboarding_cost == tutorial.workforce.onboarding_cost
        assert {e.id: e.report_outsourcing_cost for e in inst.exam_types} == prices
        assert inst.staff_planning.in_house_cost_staff_share == 0.0
        assert all(e.in_house_cost == 0 for e in inst.exam_types)
        assert inst.report_outsourcing_limits == []
        employers = {r.employer for r in inst.staff_in_post}
        assert employers == {t.id for t in inst.trusts} | {"network"}
        consultants = {r.employer for r in inst.staff_in_post if r.role == "consultant-radiologist"}
        assert consultants == {t.id for t in inst.trusts}


def test_staff_in_post_is_derived_as_the_tutorials() -> None:
    """Scanning staff are 90% of 2 staff x 90% of the 2027 fleet's available hours / 1,650 per
    modality (to rounding), the CDC's 2.1 WTE per scanning role as the tutorial's CDC;
    consultants 70% of the consultant reporting hours of the 2027 demand / 840; and the mix of
    roles is the tutorial trusts' (within a point)."""
    eng = england.generate_england(SEED)
    tutorial = england.tutorial_staffing()
    network = next(n for n in eng.networks if n.id == "N08")
    inst = england.with_staffing(england.build_instance(eng, network), eng, network, tutorial)
    wte = {(r.employer, r.role): r.wte for r in inst.staff_in_post}
    scans = {r.id: r.scans for r in inst.staff_roles}
    for trust in network.trusts:
        codes = {s.code for s in trust.imaging}
        for modality in ("CT", "MRI"):
            hours = sum(
                england.available_hours(u, FIRST_YEAR)
                for u in eng.scanners
                if u.site in codes and u.modality == modality
            )
            have = sum(
                w for (em, ro), w in wte.items() if em == trust.code and scans[ro] == [modality]
            )
            assert have == pytest.approx(0.9 * 2 * 0.9 * hours / 1650, abs=0.2)
        sites = {s.code for s in (*trust.imaging, *trust.other)}
        minutes = {e.id: e.report_minutes for e in inst.exam_types}
        reporting = sum(d.exams * minutes[d.exam_type] / 60 for d in inst.demand if d.site in sites)
        assert wte[(trust.code, "consultant-radiologist")] == pytest.approx(
            0.7 * reporting / 840, abs=0.05
        )
    for role in ("ct-radiographer", "ct-assistant", "mri-radiographer", "mri-assistant"):
        assert wte[("network", role)] == 2.1  # one CT and one MRI at 12 h x 7 days
    # the trusts' mix is the tutorial trusts' together, its CT-and-MRI radiographers counted
    # half in each modality's radiographers
    tut = netopt.load_instance(ROOT / "instances" / "tutorial.yaml")
    tut_scans = {r.id: r.scans for r in tut.staff_roles}
    rows = [r for r in tut.staff_in_post if r.employer != "network"]
    for modality, shares in england.SCANNING_MIX["trust"].items():
        by_role: dict[str, float] = {}
        for r in rows:
            if modality in tut_scans[r.role]:
                role = f"{modality.lower()}-radiographer" if len(tut_scans[r.role]) == 2 else r.role
                by_role[role] = by_role.get(role, 0.0) + r.wte / len(tut_scans[r.role])
        total = sum(by_role.values())
        assert set(by_role) == set(shares)
        for role, share in shares.items():
            assert by_role[role] / total == pytest.approx(share, abs=0.01), role


@pytest.mark.slow
def test_a_small_staffed_network_solves_jointly(staffed_dir: Path) -> None:
    """The smallest network (N02: 2 trusts and the CDC, 23 scanners) has a joint plan within
    30 s: every scanner hour run is staffed and every exam scanned is reported."""
    inst = netopt.load_instance(staffed_dir / "N02.yaml")
    plan = netopt.solve_joint(inst, netopt.SolveOptions(time_limit=30))
    assert plan.status.has_plan
    summary = plan.summary()
    assert summary["workforce"]["wte_first_year"] > 0
    assert set(plan.staffing["employer"]) == {t.id for t in inst.trusts} | {"network"}
    staffed = plan.scanner_staffing
    assert len(staffed) > 0
    assert len(plan.reports) > 0
