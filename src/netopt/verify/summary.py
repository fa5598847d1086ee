"""Reading ``summary.json`` and checking what every plan's summary says about itself.

The summary is read leniently (nothing raises) and strictly (every field netopt writes has the
type it writes: a finite number where a number belongs, never NaN, infinity, text or a
boolean); each problem names ``summary.json``, the field's dotted path and its line. The checks
here are shared by both verifiers: which instance the plan was solved for
(``instance_sha256``), and whether the solver's bound and gap are consistent with the
objective.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netopt.io.capital_plan import WEEK_FILE, WEEK_SOURCE_KEY
from netopt.io.files import instance_hash
from netopt.schema import Instance
from netopt.verify.files import FileProblem, read_text
from netopt.verify.report import PLAN_STATUSES, Violation
from netopt.verify.tolerance import NOISE, Tally, agree, within
from netopt.verify.words import gbp, num

SUMMARY_FILE = "summary.json"
STATUSES = frozenset({*PLAN_STATUSES, "infeasible", "unbounded", "no_solution", "error"})
"""Every status netopt writes."""
UNREADABLE = "unreadable"
"""The status of a summary that cannot be read."""

NUMBER_GROUPS = ("timings", "model_size")
"""Objects of ``summary.json`` whose every value is a number."""
RESULT_FILES = "result_files"
"""The field of ``summary.json`` listing the other files netopt wrote in the folder."""
UNCHECKED_FILES = frozenset({"diagnosis.json", "diagnosis.txt", "report.html"})
"""Files netopt writes that the verifier reads nothing from: the explanation of why an
instance has no plan (``netopt diagnose`` checks that by solving) and the HTML report, drawn
from the tables and ``summary.json`` the verifier checks (its tests compare each chart with
them)."""


WEEK_MODELS = frozenset({"capital", "joint"})
"""The plans a workforce plan's week can be rostered from (``capital_plan.model``)."""


@dataclass(frozen=True)
class WeekSource:
    """``summary.json``'s ``capital_plan``: the workforce plan was solved for the week of a
    capital or joint plan's year (``netopt solve workforce --capital-plan``), written beside it
    as ``week.yaml``. A field that is missing or not what netopt writes is None (and a
    problem of the summary)."""

    folder: str | None
    """The plan's result folder, as given to the command."""
    model: str | None
    """``capital``, or ``joint`` when the week has the joint plan's workforce."""
    year: int | None
    """The plan year rostered."""
    week_sha256: str | None
    """The hash of the week solved (:func:`netopt.io.instance_hash`)."""

    def described(self) -> str:
        """``2029 of the capital plan in '/tmp/cap'``, as far as the summary says."""
        year = f"{self.year} of " if self.year is not None else "a year of "
        model = self.model if self.model in WEEK_MODELS else "capital"
        folder = f" in '{self.folder}'" if self.folder is not None else ""
        return f"{year}the {model} plan{folder}"


@dataclass(frozen=True)
class Summary:
    """What the verifiers use of ``summary.json``, with every problem found reading it."""

    status: str
    data: Mapping[str, Any] = field(default_factory=dict)
    """The JSON object as read (empty when unreadable), for the workbook's summary sheet."""
    text: str = ""
    """The file's text (to locate fields)."""
    model: str | None = None
    objective: float | None = None
    bound: float | None = None
    gap: float | None = None
    mip_rel_gap: float | None = None
    """``solver.options.mip_rel_gap``: the gap within which a plan counts as optimal."""
    costs: dict[str, float] = field(default_factory=dict)
    plan: dict[str, float] = field(default_factory=dict)
    workforce: dict[str, float] = field(default_factory=dict)
    """A joint plan's workforce figures (WTE, hires, trainees, agency hours, reports
    outsourced)."""
    instance_sha256: str | None = None
    year: int | None = None
    passport_policy: str | None = None
    result_files: tuple[str, ...] | None = None
    """The other files netopt wrote in the folder (None when not listed)."""
    week_source: WeekSource | None = None
    """Where the week a workforce plan was solved for came from (``capital_plan``); None for a
    plan solved for the instance as written."""
    problems: tuple[FileProblem, ...] = ()
    flawed: frozenset[str] = frozenset()
    """Dotted paths of fields with a problem (already reported)."""

    @property
    def has_plan(self) -> bool:
        return self.status in PLAN_STATUSES

    def present(self, path: str) -> bool:
        """Whether the field is in the file (null counts as present)."""
        node: Any = self.data
        for key in path.split("."):
            if not isinstance(node, Mapping) or key not in node:
                return False
            node = node[key]
        return True

    def problem(self, path: str, message: str) -> FileProblem:
        """A problem located at a field of the file."""
        return FileProblem(SUMMARY_FILE, message, find_line(self.text, path), field=path)


def find_line(text: str, path: str) -> int | None:
    """The line of a field (dotted path) in the JSON text: each key found in turn after the
    one before it."""
    at = 0
    for key in path.split("."):
        found = text.find(json.dumps(key) + ":", at)
        if found < 0:
            return None
        at = found
    return text.count("\n", 0, at) + 1


class _Fields:
    """Typed access to the JSON object; every type problem recorded once, located."""

    def __init__(self, data: Mapping[str, Any], text: str) -> None:
        self.data = data
        self.text = text
        self.problems: list[FileProblem] = []
        self.flawed: set[str] = set()

    def raw(self, path: str) -> Any:
        node: Any = self.data
        for key in path.split("."):
            node = node.get(key) if isinstance(node, Mapping) else None
        return node

    def bad(self, path: str, message: str) -> None:
        if path not in self.flawed:
            self.flawed.add(path)
            line = find_line(self.text, path)
            self.problems.append(FileProblem(SUMMARY_FILE, message, line, field=path))

    def text_field(self, path: str) -> str | None:
        value = self.raw(path)
        if value is not None and not isinstance(value, str):
            self.bad(path, f"summary.json {path} is {json.dumps(value)}, not text")
            return None
        return value

    def number(self, path: str) -> float | None:
        value = self.raw(path)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.bad(path, f"summary.json {path} is {json.dumps(value)}, not a number")
            return None
        if not math.isfinite(value):
            self.bad(path, f"summary.json {path} is {value}, not a finite number")
            return None
        return float(value)

    def boolean(self, path: str) -> bool | None:
        value = self.raw(path)
        if value is not None and not isinstance(value, bool):
            self.bad(path, f"summary.json {path} is {json.dumps(value)}, not true or false")
            return None
        return value

    def names(self, path: str) -> tuple[str, ...] | None:
        """A list of file names."""
        value = self.raw(path)
        if value is None:
            return None
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(path, f"summary.json {path} is {json.dumps(value)}, not a list of names")
            return None
        return tuple(value)

    def integer(self, path: str) -> int | None:
        value = self.number(path)
        if value is not None and value != round(value):
            self.bad(path, f"summary.json {path} is {value}, not a whole number")
            return None
        return None if value is None else round(value)

    def numbers(self, path: str) -> dict[str, float]:
        """An object of numbers (the ``costs`` or ``plan`` of a summary)."""
        group = self.raw(path)
        if group is None:
            return {}
        if not isinstance(group, Mapping):
            self.bad(path, f"summary.json {path} is {json.dumps(group)}, not an object")
            return {}
        out = {}
        for key in group:
            value = self.number(f"{path}.{key}")
            if value is not None:
                out[str(key)] = value
        return out


def _status(fields: _Fields) -> str:
    status = fields.text_field("status")
    if status is None:
        if "status" not in fields.data:
            fields.bad("status", "summary.json has no status")
        return UNREADABLE
    if status not in STATUSES:
        known = ", ".join(sorted(STATUSES))
        fields.bad("status", f"summary.json status '{status}' is none of {known}")
        return UNREADABLE
    return status


def _week_source(fields: _Fields) -> WeekSource | None:
    """``capital_plan``, every field type-checked; a model other than ``capital`` or
    ``joint``, or a week file other than ``week.yaml``, is a problem."""
    if WEEK_SOURCE_KEY not in fields.data:
        return None
    key = WEEK_SOURCE_KEY
    raw = fields.raw(key)
    if not isinstance(raw, Mapping):
        fields.bad(key, f"summary.json {key} is {json.dumps(raw)}, not an object")
        return WeekSource(None, None, None, None)
    model = fields.text_field(f"{key}.model")
    if model is not None and model not in WEEK_MODELS:
        fields.bad(f"{key}.model", f"summary.json {key}.model is '{model}', not capital or joint")
        model = None
    week_file = fields.text_field(f"{key}.week_file")
    if week_file is not None and week_file != WEEK_FILE:
        message = (
            f"summary.json {key}.week_file is '{week_file}'; netopt writes the week as {WEEK_FILE}"
        )
        fields.bad(f"{key}.week_file", message)
    return WeekSource(
        folder=fields.text_field(f"{key}.folder"),
        model=model,
        year=fields.integer(f"{key}.year"),
        week_sha256=fields.text_field(f"{key}.week_sha256"),
    )


def _parse(text: str) -> tuple[Mapping[str, Any] | None, FileProblem | None]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"summary.json line {error.lineno}: not JSON ({error.msg})"
        return None, FileProblem(SUMMARY_FILE, message, error.lineno)
    except RecursionError:
        return None, FileProblem(SUMMARY_FILE, "summary.json is nested too deeply to read")
    if not isinstance(data, dict):
        return None, FileProblem(SUMMARY_FILE, "summary.json does not hold an object", 1)
    return data, None


def read_summary(folder: Path) -> Summary:
    """``summary.json`` of a result folder, every field type-checked."""
    text, problem = read_text(folder / SUMMARY_FILE)
    data, problem = _parse(text) if text is not None else (None, problem)
    if data is None:
        return Summary(UNREADABLE, problems=(problem,) if problem else ())
    fields = _Fields(data, text or "")
    status = _status(fields)
    for group in NUMBER_GROUPS:
        fields.numbers(group)
    fields.text_field("network")
    fields.number("time_limit.seconds")
    fields.boolean("time_limit.reached")
    fields.text_field("time_limit.stage")
    fields.boolean("capital_fixed")
    week_source = _week_source(fields)
    return Summary(
        status=status,
        data=data,
        text=text or "",
        model=fields.text_field("model"),
        objective=fields.number("objective"),
        bound=fields.number("bound"),
        gap=fields.number("gap"),
        mip_rel_gap=fields.number("solver.options.mip_rel_gap"),
        costs=fields.numbers("costs"),
        plan=fields.numbers("plan"),
        workforce=fields.numbers("workforce"),
        instance_sha256=fields.text_field("instance_sha256"),
        year=fields.integer("year"),
        passport_policy=fields.text_field("passport_policy"),
        result_files=fields.names(RESULT_FILES),
        week_source=week_source,
        problems=tuple(fields.problems),
        flawed=frozenset(fields.flawed),
    )


def summary_model(folder: str | Path) -> str | None:
    """The ``model`` of a result folder's ``summary.json`` (``capital``, ``workforce`` or
    ``joint``; None when it cannot be read): which verifier applies."""
    return read_summary(Path(folder)).model


# --------------------------------------------------------------------------- checks


def check_summary_file(summary: Summary, model: str) -> list[Violation]:
    """``tables``: every problem reading ``summary.json``, and a summary of another model."""
    out = [p.violation() for p in summary.problems]
    if summary.status != UNREADABLE and summary.model != model:
        out.append(
            summary.problem(
                "model", f"summary.json is of a '{summary.model}' plan, not of a {model} plan"
            ).violation()
        )
    return out


def check_instance(summary: Summary, instance: Instance) -> list[Violation]:
    """``instance``: ``summary.json`` names the instance it was solved for
    (``instance_sha256``, the hash of :func:`netopt.io.instance_hash`) and it is this one. A
    plan checked against another instance is checked against rules it was not solved under;
    a summary without the hash cannot say which instance it belongs to."""
    if summary.status == UNREADABLE:
        return []
    where = summary.problem("instance_sha256", "").violation().where
    written = summary.instance_sha256
    if written is None:
        if "instance_sha256" in summary.flawed:
            return []
        message = "summary.json has no instance_sha256: it does not say which instance was solved"
        return [Violation("instance", dict(where), message)]
    actual = instance_hash(instance)
    if written == actual:
        return []
    return [
        Violation(
            "instance",
            dict(where),
            f"summary.json was written for another instance (instance_sha256 {written[:12]}...; "
            f"this instance's is {actual[:12]}...): the plan is checked against rules it was "
            "not solved under",
        )
    ]


def check_result_files(summary: Summary, folder: Path, checked: Collection[str]) -> list[Violation]:
    """``tables``: ``summary.json`` lists the files netopt wrote (``result_files``): each is
    in the folder as a file, each file the verifier checked (``checked``) is listed, and each
    listed file is one the verifier checks (or one it knows it does not: a diagnosis). A file
    in the folder that is not listed is not netopt's and is left alone."""
    if summary.status == UNREADABLE or RESULT_FILES in summary.flawed:
        return []
    listed = summary.result_files
    if listed is None:
        message = "summary.json does not list the files written (result_files)"
        return [summary_violation(summary, RESULT_FILES, message, "tables")]
    out = []
    for name in listed:
        path = folder / name
        if "/" in name or name in (".", "..", SUMMARY_FILE) or not path.is_file():
            what = "is not a file of the folder" if path.exists() else "is missing from the folder"
            message = f"summary.json lists {name!r}, which {what}"
            out.append(summary_violation(summary, RESULT_FILES, message, "tables"))
        elif name not in checked and name not in UNCHECKED_FILES:
            message = f"summary.json lists {name}, a file netopt verify does not check"
            out.append(summary_violation(summary, RESULT_FILES, message, "tables"))
    for name in sorted(set(checked) - set(listed)):
        if (folder / name).exists():
            message = f"{name} is in the folder but summary.json does not list it"
            out.append(summary_violation(summary, RESULT_FILES, message, "tables"))
    return out


def relative_gap(objective: float, bound: float) -> float:
    """``|objective - bound| / max(|objective|, 1e-10)``, 0 when equal (HiGHS's MIP gap)."""
    if objective == bound:
        return 0.0
    return abs(objective - bound) / max(abs(objective), 1e-10)


def check_bound_and_gap(
    summary: Summary, tolerance: float, found: list[Violation]
) -> list[Violation]:
    """``objective``: the solver's bound is a lower bound (no more than the objective, the plans
    minimise a cost), the gap is ``|objective - bound| / |objective|`` (none without a bound),
    and an ``optimal`` plan's gap is within the ``mip_rel_gap`` it was solved to (or the bound
    within 1e-6 of the objective, HiGHS's absolute gap). Not checked when the objective itself
    is wrong (``found`` holds a violation at it): the gap would only repeat that."""
    objective, bound, gap = summary.objective, summary.bound, summary.gap
    if objective is None or summary.flawed & {"bound", "gap"}:
        return []
    if any(v.where.get("field") == "objective" for v in found):
        return []
    out = []

    def wrong(path: str, message: str) -> None:
        out.append(
            Violation("objective", summary.problem(path, message).violation().where, message)
        )

    if bound is None:
        if gap is not None:
            wrong("gap", f"summary.json gives a gap of {gap:g} but no bound to measure it from")
        elif summary.status == "optimal":
            wrong("bound", "summary.json says the plan is optimal but gives no bound")
        return out
    if not within(bound, objective, tolerance):
        wrong(
            "bound",
            f"summary.json gives a bound of {gbp(bound)} above the objective {gbp(objective)}: "
            "a bound on a least cost is never above a plan's cost",
        )
    expected = relative_gap(objective, bound)
    if gap is None or not agree(gap, expected, tolerance, NOISE):
        shown = "no gap" if gap is None else f"a gap of {gap:g}"
        wrong(
            "gap",
            f"summary.json gives {shown}; the objective {gbp(objective)} and bound {gbp(bound)} "
            f"make it {expected:g}",
        )
    elif summary.status == "optimal" and summary.mip_rel_gap is not None:
        close = abs(objective - bound) <= 1e-6 + tolerance * abs(objective)
        if not close and not within(expected, summary.mip_rel_gap, tolerance, NOISE):
            wrong(
                "gap",
                f"summary.json says the plan is optimal with a gap of {expected:g}, above the "
                f"mip_rel_gap of {summary.mip_rel_gap:g} it was solved to",
            )
    return out


def summary_violation(
    summary: Summary, path: str, message: str, family: str = "objective"
) -> Violation:
    """A violation of ``family`` located at a field of ``summary.json``."""
    return Violation(family, summary.problem(path, message).violation().where, message)


def check_plan_figures(
    summary: Summary, expected: Mapping[str, Tally], tolerance: float, group: str = "plan"
) -> list[Violation]:
    """``tables``: ``summary.json``'s ``plan`` figures (units bought, exams outsourced, people
    rostered, ...), or a joint plan's ``workforce`` figures (``group``), are those re-derived
    from the plan's tables and the instance; no other."""
    out = []
    if not summary.present(group):
        message = f"summary.json has no {group} figures for a plan"
        return [summary_violation(summary, group, message, "tables")]
    figures = summary.workforce if group == "workforce" else summary.plan
    for name, value in expected.items():
        path = f"{group}.{name}"
        if path in summary.flawed:
            continue
        if name not in figures:
            message = f"summary.json {group} has no {name}"
            out.append(summary_violation(summary, group, message, "tables"))
        elif not value.agrees(figures[name], tolerance):
            message = (
                f"summary.json {group} gives {name} as {num(figures[name])}; the plan's "
                f"tables make it {num(value.value)}"
            )
            out.append(summary_violation(summary, path, message, "tables"))
    for name in figures:
        if name not in expected:
            message = f"summary.json {group} has an unknown figure '{name}'"
            out.append(summary_violation(summary, f"{group}.{name}", message, "tables"))
    return out
