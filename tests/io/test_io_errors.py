"""Bad YAML and JSON files fail with InstanceError problems placed at the right line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from netopt.io import load_instance
from netopt.schema import Instance, InstanceError
from netopt.schema.errors import InputProblem


def problems(path: Path) -> list[InputProblem]:
    with pytest.raises(InstanceError) as caught:
        load_instance(path)
    found = caught.value.problems
    assert found, "an InstanceError without problems"
    assert all(p.place for p in found), "every problem needs a place"
    assert caught.value.source == str(path)
    return found


def only(path: Path) -> InputProblem:
    (problem,) = problems(path)
    return problem


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, marker: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if marker in line)


# --------------------------------------------------------------------------- whole file


def test_file_not_found(tmp_path: Path) -> None:
    p = only(tmp_path / "nowhere.yaml")
    assert "file not found" in p.message and p.place == "nowhere.yaml" and p.loc == ()


def test_directory(tmp_path: Path) -> None:
    (tmp_path / "folder.json").mkdir()
    assert "not a file" in only(tmp_path / "folder.json").message


def test_unsupported_extension(tmp_path: Path) -> None:
    p = only(write(tmp_path, "instance.toml", "x = 1"))
    assert "unsupported file type '.toml'" in p.message and p.place == "instance.toml"


@pytest.mark.parametrize("name", ["empty.yaml", "empty.json"])
@pytest.mark.parametrize("text", ["", "  \n\n", "\ufeff"])
def test_empty_file(tmp_path: Path, name: str, text: str) -> None:
    p = only(write(tmp_path, name, text))
    assert "the file is empty" in p.message and p.place == name


def test_only_comments(tmp_path: Path) -> None:
    assert "empty" in only(write(tmp_path, "c.yaml", "# nothing\n")).message


@pytest.mark.parametrize(("text", "what"), [("- a\n- b\n", "a list"), ("just text\n", "text")])
def test_top_level_not_a_mapping(tmp_path: Path, text: str, what: str) -> None:
    p = only(write(tmp_path, "top.yaml", text))
    assert "top level must be a mapping" in p.message and what in p.message


def test_json_top_level_not_a_mapping(tmp_path: Path) -> None:
    assert "top level must be a mapping" in only(write(tmp_path, "t.json", "[1, 2]")).message


def test_not_utf8(tmp_path: Path, winston_text: str) -> None:
    path = tmp_path / "latin.yaml"
    data = winston_text.replace("name: Home", "name: Caf\u00e9").encode("latin-1")
    path.write_bytes(data)
    p = only(path)
    offset = data.index(b"\xe9")
    assert f"byte 0xe9 at byte offset {offset}" in p.message
    line = data[:offset].count(b"\n") + 1
    assert p.place == f"latin.yaml line {line}"


def test_binary(tmp_path: Path) -> None:
    path = tmp_path / "image.json"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary file" in only(path).message


def test_workbook_named_yaml(tmp_path: Path, winston: Instance) -> None:
    from netopt.io import save_instance

    save_instance(winston, tmp_path / "w.xlsx")
    (tmp_path / "w.xlsx").rename(tmp_path / "w.yaml")
    assert "zip archive" in only(tmp_path / "w.yaml").message


def test_yaml_syntax_error_has_line_and_column(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("  horizon_years: 5", "  horizon_years: [5")
    p = only(write(tmp_path, "broken.yaml", text))
    assert p.message.startswith("not valid YAML")
    assert p.place.startswith("broken.yaml line ") and ", column " in p.place


def test_yaml_tab_indent_hint(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("  first_year: 2000", "\tfirst_year: 2000")
    p = only(write(tmp_path, "tabs.yaml", text))
    assert "indent with spaces" in p.message
    assert p.place == f"tabs.yaml line {line_of(text, 'first_year')}, column 1"


def test_json_syntax_error(tmp_path: Path) -> None:
    p = only(write(tmp_path, "bad.json", '{\n  "network": {"name": "x",}\n}'))
    assert p.message.startswith("not valid JSON")
    assert p.place == "bad.json line 2, column 27"  # the stray }


def test_control_character(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("name: Home", "name: Ho\x00me")
    path = tmp_path / "ctl.yaml"
    path.write_text(text, encoding="utf-8")
    assert "binary file" in only(path).message  # a NUL byte: not text at all
    p = only(write(tmp_path, "bel.yaml", text.replace("\x00", "\x07")))
    assert "character #x0007 is not allowed" in p.message
    assert p.place == f"bel.yaml line {line_of(text, 'Ho')}"


def test_unsafe_yaml_tag_is_refused(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("name: Home", "name: !!python/object/apply:os.system [ls]")
    p = only(write(tmp_path, "tag.yaml", text))
    assert p.message.startswith("the YAML tag !!python/object/apply:os.system is not used")
    assert p.place == f"tag.yaml line {line_of(text, 'os.system')} (sites[0].name)"


# Every standard YAML tag (https://yaml.org/type/) on text it cannot read, and tags no field
# takes: each is one located problem (exit 2), never a traceback.
TAGGED = [
    ("!!float five", "cannot read 'five' as a number (YAML tag !!float)"),
    ("!!float ''", "cannot read '' as a number (YAML tag !!float)"),
    ("!!float 1:30", "cannot read '1:30' as a number (YAML tag !!float)"),
    ("!!int five", "cannot read 'five' as a whole number (YAML tag !!int)"),
    ("!!int 0x", "cannot read '0x' as a whole number (YAML tag !!int)"),
    ("!!int 5.5", "cannot read '5.5' as a whole number (YAML tag !!int)"),
    ("!!bool perhaps", "cannot read 'perhaps' as true or false (YAML tag !!bool)"),
    ("!!bool yes", "cannot read 'yes' as true or false (YAML tag !!bool)"),
    ("!!null five", "cannot read 'five' as null (~, null or nothing) (YAML tag !!null)"),
    ("!!timestamp soon", "the YAML tag !!timestamp is not used in netopt files"),
    ("!!timestamp 2026-13-45", "the YAML tag !!timestamp is not used in netopt files"),
    ("!!timestamp 2026-01-01", "the YAML tag !!timestamp is not used in netopt files"),
    ("!!binary '@@@'", "the YAML tag !!binary is not used in netopt files"),
    ("!!binary aGVsbG8=", "the YAML tag !!binary is not used in netopt files"),
    ("!!set five", "the YAML tag !!set is not used in netopt files"),
    ("!!set {a, b}", "the YAML tag !!set is not used in netopt files"),
    ("!!omap five", "the YAML tag !!omap is not used in netopt files"),
    ("!!omap [a: 1]", "the YAML tag !!omap is not used in netopt files"),
    ("!!pairs five", "the YAML tag !!pairs is not used in netopt files"),
    ("!!merge five", "the YAML tag !!merge is not used in netopt files"),
    ("!!value five", "the YAML tag !!value is not used in netopt files"),
    ("!!yaml five", "the YAML tag !!yaml is not used in netopt files"),
    ("!local five", "the YAML tag !local is not used in netopt files"),
    ("!<tag:yaml.org,2002:float> six", "cannot read 'six' as a number (YAML tag !!float)"),
    ("!!map five", "the YAML tag !!map needs a mapping, found a single value"),
    ("!!seq five", "the YAML tag !!seq needs a list, found a single value"),
    ("!!str [1]", "the YAML tag !!str needs a single value, found a list"),
    ("!!int [1]", "the YAML tag !!int needs a single value, found a list"),
]


@pytest.mark.parametrize(("value", "message"), TAGGED, ids=[v for v, _ in TAGGED])
def test_yaml_tag_on_unreadable_text(
    tmp_path: Path, winston_text: str, value: str, message: str
) -> None:
    text = winston_text.replace("  horizon_years: 5\n", f"  horizon_years: {value}\n")
    p = only(write(tmp_path, "tag.yaml", text))
    assert p.message.startswith(message), p.message
    assert p.place == f"tag.yaml line {line_of(text, 'horizon_years')} (network.horizon_years)"


def test_yaml_tags_that_read_are_kept(tmp_path: Path, winston_text: str) -> None:
    text = (
        winston_text.replace("  horizon_years: 5\n", "  horizon_years: !!int 5\n")
        .replace("discount_rate: 0", "discount_rate: !!float 0")
        .replace("name: Home", "name: !!str 12")
        .replace("capital_share: 100", "capital_share: !!float 1e2")
    )
    inst = load_instance(write(tmp_path, "tags.yaml", text))
    assert inst.network.horizon_years == 5 and inst.sites[0].name == "12"
    assert inst.trusts[0].capital_share == 100.0


def test_every_bad_tag_reported_at_once(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("  horizon_years: 5\n", "  horizon_years: !!float five\n")
    text = text.replace("name: Home", "name: !!binary aGVsbG8=")
    text = text.replace("capital_share: 100", "? !!bool maybe\n    : 100")
    found = problems(write(tmp_path, "tags.yaml", text))
    assert [p.place for p in found] == [
        f"tags.yaml line {line_of(text, 'horizon_years')} (network.horizon_years)",
        f"tags.yaml line {line_of(text, '!!bool')} (trusts[0].maybe)",
        f"tags.yaml line {line_of(text, '!!binary')} (sites[0].name)",
    ]


@pytest.mark.parametrize("key", ["~", "null", "true", "FALSE", "1", "2026-01-01", "'x'"])
def test_yaml_keys_are_names_as_written(tmp_path: Path, winston_text: str, key: str) -> None:
    """A key reads as the text written, never as null, true or a number: it is reported as
    an unknown table at its line, as written (``true`` and ``1`` are not the same key)."""
    shown = key.strip("'")
    text = winston_text + f"{key}: 1\n"
    p = only(write(tmp_path, "k.yaml", text))
    assert p.message.startswith(f"unknown table '{shown}' ("), p.message
    assert p.place == f"k.yaml line {len(text.splitlines())} ({shown})"
    nested = winston_text.replace("  horizon_years: 5\n", f"  horizon_years: 5\n  {key}: 1\n")
    p = only(write(tmp_path, "n.yaml", nested))
    assert p.message.startswith(f"unknown field '{shown}' ("), p.message
    assert p.place == f"n.yaml line {line_of(nested, f'  {key}: 1')} (network.{shown})"


def test_yaml_true_and_one_are_different_keys(tmp_path: Path, winston_text: str) -> None:
    found = problems(write(tmp_path, "k.yaml", winston_text + "true: 1\n1: 2\n"))
    assert [p.message.split(" (")[0] for p in found] == [
        "unknown table 'true'",
        "unknown table '1'",
    ]


def test_yaml_list_as_key(tmp_path: Path, winston_text: str) -> None:
    text = winston_text + "[a]: 1\n"
    p = only(write(tmp_path, "k.yaml", text))
    assert "found a list as a key; keys are field names" in p.message
    assert p.place.startswith(f"k.yaml line {len(text.splitlines())}")


# --------------------------------------------------------------------------- YAML fields


def test_yaml_field_problems_at_their_lines(tmp_path: Path, winston_text: str) -> None:
    text = (
        winston_text.replace("owner: owner, latitude", "owner: nobody, latitude")
        .replace("scan_minutes: 60", "scan_minutes: abc")
        .replace("resale_value: 7000}", "resale_value: -5}")
        .replace("lifetime_years: 5,", "lifetime_years: 5, colour: red,")
    )
    path = write(tmp_path, "w.yaml", text)
    found = {p.path(): p for p in problems(path)}
    assert found["exam_types[0].scan_minutes"].message == "expected a number, got 'abc'"
    assert found["exam_types[0].scan_minutes"].place == (
        f"w.yaml line {line_of(text, 'scan_minutes')} (exam_types[0].scan_minutes)"
    )
    assert (
        found["age_profiles[1].resale_value"].message == "must be from 0 to 1,000,000,000, got -5"
    )
    assert found["age_profiles[1].resale_value"].place.startswith(
        f"w.yaml line {line_of(text, 'resale_value: -5')} "
    )
    unknown = found["catalogue[0].colour"]
    assert unknown.message.startswith("unknown field 'colour' (allowed: id, name, modality,")
    # cross-table checks only run once every field is valid
    assert "sites[0].owner" not in found


def test_yaml_cross_reference_at_its_line(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("owner: owner, latitude", "owner: nobody, latitude")
    p = only(write(tmp_path, "tutorial.yaml", text))
    assert p.message.startswith("unknown owner (a trust id or 'network') 'nobody'")
    assert p.place == f"tutorial.yaml line {line_of(text, 'owner: nobody')} (sites[0].owner)"


def test_yaml_missing_field_at_record_line(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace(
        "  - {id: home, name: Home, owner: owner, latitude: 0.0, longitude: 0.0}",
        "  - id: home\n    name: Home\n    latitude: 0.0\n    longitude: 0.0",
    )
    p = only(write(tmp_path, "m.yaml", text))
    assert p.message == "required field missing"
    assert p.place == f"m.yaml line {line_of(text, 'id: home')} (sites[0].owner)"


def test_yaml_missing_table_has_no_line(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("modalities:\n  - {id: car, name: Car, max_age_years: 5}\n", "")
    p = only(write(tmp_path, "m.yaml", text))
    assert p.message == "required table 'modalities' is missing"
    assert p.place == "m.yaml (modalities)"


def test_yaml_nan_is_located(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("exams: 1}", "exams: .nan}")
    p = only(write(tmp_path, "n.yaml", text))
    assert p.message == "must be a finite number, got nan"
    assert p.place == f"n.yaml line {line_of(text, '.nan')} (demand[0].exams)"


def test_yaml_duplicate_key(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("  horizon_years: 5\n", "  horizon_years: 5\n  horizon_years: 6\n")
    p = only(write(tmp_path, "d.yaml", text))
    assert p.message.startswith("duplicate key 'horizon_years'")
    assert p.place == f"d.yaml line {line_of(text, 'horizon_years: 6')} (network.horizon_years)"


def test_yaml_12_scalars(tmp_path: Path, winston_text: str) -> None:
    """Site code NO stays text (YAML 1.1 would read false); dates are not converted."""
    text = winston_text.replace("{id: home, name: Home,", "{id: NO, name: on,").replace(
        "{site: home,", "{site: NO,"
    )
    inst = load_instance(write(tmp_path, "ok.yaml", text))
    assert inst.sites[0].id == "NO" and inst.sites[0].name == "on"
    dated = text.replace("year: 2000, exams", "year: 2000-01-01, exams")
    p = only(write(tmp_path, "date.yaml", dated))
    assert p.message == "expected a whole number, got '2000-01-01'"


def test_yaml_number_where_text_expected(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("{id: owner, name: Car owner", "{id: owner, name: 010")
    p = only(write(tmp_path, "q.yaml", text))
    assert p.message == "expected text, got 10 (write it in quotes)"


def test_yaml_anchors_and_merge_keys(tmp_path: Path, winston: Instance, winston_text: str) -> None:
    text = winston_text.replace(
        "  - {profile: car, age: 1, maintenance_cost: 4000, resale_value: 7000}",
        "  - &one {profile: car, age: 1, maintenance_cost: 4000, resale_value: 7000}",
    ).replace(
        "  - {profile: car, age: 2, maintenance_cost: 5000, resale_value: 6000}",
        "  - {<<: *one, age: 2, maintenance_cost: 5000, resale_value: 6000}",
    )
    assert load_instance(write(tmp_path, "a.yaml", text)) == winston


def test_many_problems_all_reported(tmp_path: Path, winston_text: str) -> None:
    text = winston_text.replace("capital_share: 100", "capital_share: x").replace(
        "latitude: 0.0", "latitude: 91"
    )
    assert len(problems(write(tmp_path, "two.yaml", text))) == 2


# --------------------------------------------------------------------------- JSON


def _winston_json(tmp_path: Path, winston: Instance, edit: dict[str, object]) -> tuple[Path, str]:
    data = winston.model_dump(mode="json")
    data["sites"][0].update(edit)
    text = json.dumps(data, indent=2)
    return write(tmp_path, "w.json", text), text


def test_json_field_problem_with_line(tmp_path: Path, winston: Instance) -> None:
    path, text = _winston_json(tmp_path, winston, {"latitude": "north"})
    p = only(path)
    assert p.message == "expected a number, got 'north'"
    line = line_of(text, '"north"')
    assert p.place == f"w.json line {line} (sites[0].latitude)"


def test_json_cross_reference(tmp_path: Path, winston: Instance) -> None:
    path, _ = _winston_json(tmp_path, winston, {"owner": "nobody"})
    p = only(path)
    assert "unknown owner" in p.message and "(sites[0].owner)" in p.place
    assert p.place.startswith("w.json")


def test_json_without_line_numbers_still_gives_path(tmp_path: Path, winston: Instance) -> None:
    """Minified JSON that the YAML composer cannot follow keeps the field path."""
    data = winston.model_dump(mode="json")
    data["sites"][0]["owner"] = "nobody"
    text = json.dumps(data, separators=(",", ":")).replace('"name":"Home"', '"name":"a\\/b"')
    p = only(write(tmp_path, "min.json", text))
    assert "(sites[0].owner)" in p.place and p.place.startswith("min.json")


def test_json_nan(tmp_path: Path, winston: Instance) -> None:
    path, _ = _winston_json(tmp_path, winston, {"longitude": float("nan")})
    p = only(path)
    assert p.message == "must be a finite number, got nan" and "(sites[0].longitude)" in p.place


def test_pure_python_and_libyaml_loaders_agree() -> None:
    """The pure-Python fallback reads the YAML 1.2 core schema like the libyaml loader."""
    from netopt.io.yaml_format import PyCoreLoader, new_loader

    text = "a: NO\nb: 010\nc: 0o17\nd: 1e3\ne: 2020-01-01\nf: yes\ng: ~\nh: .nan\ni: -0x1F\n"
    results = []
    for loader in (PyCoreLoader(text), new_loader(text)):
        node: Any = loader.get_single_node()
        results.append((str(loader.construct_document(node)), node.value[3][0].start_mark.line))
    assert results[0] == results[1]
    assert results[0][0] == str(
        {"a": "NO", "b": 10, "c": 15, "d": 1000.0, "e": "2020-01-01", "f": "yes", "g": None}
        | {"h": float("nan"), "i": "-0x1F"}
    )
