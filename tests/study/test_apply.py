"""Study files: read and validated with located messages; each scenario's changes applied to the
base instance and the result validated again, a change that cannot be made naming the scenario,
the change and its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from netopt.cli import app
from netopt.study.apply import StudyError, read_study, scenario_instance
from netopt.study.spec import BASE

REPO = Path(__file__).resolve().parents[2]
TUTORIAL_STUDY = REPO / "instances" / "studies" / "tutorial.yaml"


def scenarios(path: Path) -> dict[str, object]:
    study = read_study(path)
    return {s.name: scenario_instance(study, s) for s in study.study.all_scenarios()}


def test_the_tutorial_study_makes_every_scenario_it_describes() -> None:
    made = scenarios(TUTORIAL_STUDY)
    base = made[BASE]
    assert list(made)[:6] == [
        "base",
        "budgets-20",
        "demand-plus-3pts",
        "new-cdc",
        "discount-5",
        "mri-price-plus-15",
    ]
    cut = made["budgets-20"]
    assert [t.capital_budget for t in cut.trusts] == pytest.approx(  # type: ignore[attr-defined]
        [0.8 * t.capital_budget for t in base.trusts]  # type: ignore[attr-defined]
    )
    assert [b.capital_budget for b in cut.budgets] == pytest.approx(  # type: ignore[attr-defined]
        [0.8 * b.capital_budget for b in base.budgets]  # type: ignore[attr-defined]
    )
    faster = made["demand-plus-3pts"]
    assert [e.growth_rate for e in faster.exam_types] == pytest.approx(  # type: ignore[attr-defined]
        [e.growth_rate + 0.03 for e in base.exam_types]  # type: ignore[attr-defined]
    )
    cdc = made["new-cdc"]
    assert {s.id for s in cdc.sites} - {s.id for s in base.sites} == {"CDC-FOLK"}  # type: ignore[attr-defined]
    assert {(r.site, r.modality) for r in cdc.rooms if r.site == "CDC-FOLK"} == {  # type: ignore[attr-defined]
        ("CDC-FOLK", "CT"),
        ("CDC-FOLK", "MRI"),
    }
    assert made["discount-5"].network.discount_rate == 0.05  # type: ignore[attr-defined]
    dear = {c.id: c.price for c in made["mri-price-plus-15"].catalogue}  # type: ignore[attr-defined]
    for model in base.catalogue:  # type: ignore[attr-defined]
        expected = model.price * 1.15 if model.modality == "MRI" else model.price
        assert dear[model.id] == pytest.approx(expected)
    assert dear["mri-15t"] == 1_725_000  # 12 significant digits: no float noise
    sweep = [name for name in made if name.startswith("budget-")]
    assert sweep == ["budget-factor0.7", "budget-factor0.9", "budget-factor1.1", "budget-factor1.3"]
    assert made["budget-factor1.3"].trusts[0].capital_budget == pytest.approx(  # type: ignore[attr-defined]
        1.3 * base.trusts[0].capital_budget  # type: ignore[attr-defined]
    )


def write_study(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "study.yaml"
    path.write_text(f"base: {TUTORIAL_STUDY.parent.parent / 'tutorial.yaml'}\n{body}", "utf-8")
    return path


BAD_STUDIES = [
    (
        "no_row",
        "scenarios:\n  - name: x\n    changes:\n      - {table: trusts, where: {id: NOPE}, set: {capital_budget: 1}}\n",
        "line 5",
        "scenario x, change 1 (set trusts): no row of trusts has id 'NOPE'",
    ),
    (
        "unknown_field",
        "scenarios:\n  - name: x\n    changes:\n      - {table: trusts, scale: {budget: 2}}\n",
        "line 5",
        "trusts has no field budget (in scale)",
    ),
    (
        "unknown_table",
        "scenarios:\n  - name: x\n    changes:\n      - {table: hospitals, set: {a: 1}}\n",
        "line 5",
        "the instance has no table 'hospitals'",
    ),
    (
        "section_with_where",
        "scenarios:\n  - name: x\n    changes:\n      - {table: network, where: {name: a}, set: {discount_rate: 0.1}}\n",
        "line 5",
        "network is a single record",
    ),
    (
        "scale_text",
        "scenarios:\n  - name: x\n    changes:\n      - {table: sites, scale: {name: 2}}\n",
        "line 5",
        "scale name: the field holds",
    ),
    (
        "breaks_a_rule",
        "scenarios:\n  - name: closes\n    changes:\n      - {table: sites, where: {id: RVV01}, set: {owner: NOBODY}}\n",
        "line 3",
        "scenario closes breaks a rule of the instance",
    ),
    (
        "two_actions",
        "scenarios:\n  - name: x\n    changes:\n      - {table: trusts, set: {capital_budget: 1}, remove: true}\n",
        "line 5",
        "give exactly one of set, scale, shift, add and remove",
    ),
    (
        "unknown_key",
        "scenarios:\n  - name: x\n    chnages: []\n",
        "line 4",
        "chnages",
    ),
    (
        "same_name",
        "scenarios:\n  - name: base\n",
        "",
        "two scenarios are named 'base'",
    ),
    (
        "unused_parameter",
        "sweeps:\n  - name: s\n    parameters: {f: [1], g: [2]}\n    changes:\n      - {table: trusts, scale: {capital_budget: $f}}\n",
        "line 3",
        "parameter g is not used",
    ),
    (
        "bad_name",
        "scenarios:\n  - name: a/b\n",
        "line 3",
        "'a/b' cannot name a scenario",
    ),
]


@pytest.mark.parametrize(
    ("case", "body", "line", "message"), BAD_STUDIES, ids=[c[0] for c in BAD_STUDIES]
)
def test_a_bad_study_is_a_located_error(
    case: str, body: str, line: str, message: str, tmp_path: Path
) -> None:
    path = write_study(tmp_path, body)
    with pytest.raises(StudyError) as raised:
        scenarios(path)
    text = raised.value.render()
    assert message in text, text
    assert f"study.yaml {line}".strip() in text, text


def test_a_missing_base_is_named(tmp_path: Path) -> None:
    path = tmp_path / "study.yaml"
    path.write_text("base: nowhere.yaml\n", "utf-8")
    with pytest.raises(StudyError, match=r"the base instance nowhere\.yaml is not a file"):
        read_study(path)


def test_the_cli_refuses_a_bad_study_with_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    path = write_study(tmp_path, BAD_STUDIES[0][1])
    out = tmp_path / "out"
    run = CliRunner().invoke(app, ["study", "run", str(path), "--out", str(out)])
    assert run.exit_code == 2, run.output
    assert "no row of trusts" in run.output
    assert run.exception is None or isinstance(run.exception, SystemExit)
    assert not out.exists()


def test_the_study_schema_is_printed() -> None:
    run = CliRunner().invoke(app, ["schema", "--study"])
    assert run.exit_code == 0
    assert '"scenarios"' in run.output and '"sweeps"' in run.output


def test_the_passport_study_is_the_readmes_comparison() -> None:
    made = scenarios(TUTORIAL_STUDY.parent / "passports.yaml")
    policies = {name: i.workforce.passport_policy.value for name, i in made.items()}  # type: ignore[attr-defined]
    assert policies == {
        "passports-none": "none",
        "passports-trust": "trust",
        "passports-network": "network",
    }
