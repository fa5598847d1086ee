"""The study file: a base instance, solve options and named scenarios, each a list of changes.

A study is YAML (or JSON), validated like an instance: strict types, unknown keys refused, every
problem placed at its line. ``netopt schema --study`` prints its JSON Schema. Example::

    base: ../tutorial.yaml          # the instance, relative to this file
    options: {time_limit: 60}       # seconds per scenario, and the other solve options
    scenarios:
      - name: budgets-20
        description: Every trust's capital budget 20% lower
        changes:
          - {table: trusts, scale: {capital_budget: 0.8}}
          - {table: budgets, scale: {capital_budget: 0.8}}
      - name: new-cdc
        changes:
          - {table: sites, add: [{id: CDC-X, owner: network, latitude: 51.3, longitude: 0.5}]}
    sweeps:
      - name: budget
        parameters: {factor: [0.7, 0.8, 0.9, 1.1]}
        changes:
          - {table: trusts, scale: {capital_budget: $factor}}

The base plan is always solved as the scenario ``base`` (the first row of every comparison),
unless ``include_base: false``. A sweep expands into one scenario per combination of its
parameters' values (the product of the lists), named ``<sweep>-<parameter><value>...``; a value
``$<parameter>`` in its changes stands for the parameter's value.
"""

from __future__ import annotations

import itertools
import re
from enum import StrEnum
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from netopt.models.capital.alternatives import DEFAULT_SLACK, MAX_ALTERNATIVES

SCENARIO_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.+=-]{0,63}$"
"""Scenario names: letters, digits and ``_ . + = -`` (they name folders), at most 64."""
BASE = "base"
"""The name of the scenario that changes nothing."""
PARAMETER = re.compile(r"^\$([A-Za-z_][A-Za-z0-9_]*)$")
"""A sweep parameter in a change: ``$factor``."""
ALTERNATIVE_NAME = re.compile(r".+-alternative-[0-9]+")
"""Names of alternatives' folders (``<scenario>-alternative-<i>``), which no scenario may take
when a study asks for alternatives."""


def _scenario_name(name: str) -> str:
    if not re.fullmatch(SCENARIO_NAME, name):
        raise ValueError(
            f"{name!r} cannot name a scenario: up to 64 letters, digits and _ . + = - (it names "
            "a folder), starting with a letter or digit"
        )
    return name


ScenarioName = Annotated[str, AfterValidator(_scenario_name)]
Scalar = bool | int | float | str | None


class StudyRecord(BaseModel):
    """Base of the study file's records: unknown keys are errors, values immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class StudyModel(StrEnum):
    """Which plan every scenario is solved for."""

    CAPITAL = "capital"
    WORKFORCE = "workforce"
    JOINT = "joint"
    """The joint plan: scanners and the workforce over the years (``models/joint.md``)."""


class Between(StudyRecord):
    """A range of values, both ends included (e.g. years 2028 to 2030)."""

    start: int | float = Field(alias="from")
    end: int | float = Field(alias="to")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Match = Scalar | list[Scalar] | Between
"""What a ``where`` field must be: one value, any of a list, or within a range."""


class Change(StudyRecord):
    """One change to the base instance: to the rows of a table chosen by ``where`` (every row
    when there is none), or to a single-record section (``network``, ``policy``, ``travel``,
    ``workforce``). Exactly one of ``set``, ``scale``, ``shift``, ``add`` and ``remove``."""

    table: str
    """An instance table or section (``trusts``, ``budgets``, ``demand``, ``catalogue``, ...)."""
    where: dict[str, Match] = Field(default_factory=dict)
    """Fields the chosen rows must match; a change that chooses no row is an error."""
    set: dict[str, Any] | None = None
    """Fields given new values."""
    scale: dict[str, float | str] | None = None
    """Numeric fields multiplied by a factor (or ``$parameter`` in a sweep)."""
    shift: dict[str, float | str] | None = None
    """Numeric fields increased by an amount (negative to decrease; ``$parameter`` in a sweep),
    e.g. a growth rate 0.03 (3 percentage points) higher."""
    add: list[dict[str, Any]] | None = None
    """New rows, each as in an instance file."""
    remove: bool = False
    """Remove the chosen rows."""

    @model_validator(mode="after")
    def _one_action(self) -> Change:
        actions = [
            name
            for name, given in (
                ("set", self.set is not None),
                ("scale", self.scale is not None),
                ("shift", self.shift is not None),
                ("add", self.add is not None),
                ("remove", self.remove),
            )
            if given
        ]
        if len(actions) != 1:
            found = ", ".join(actions) if actions else "none"
            raise ValueError(
                f"give exactly one of set, scale, shift, add and remove (found: {found})"
            )
        if self.add is not None and self.where:
            raise ValueError("add takes no where: it adds rows, it does not choose them")
        return self

    @property
    def action(self) -> str:
        """``set``, ``scale``, ``shift``, ``add`` or ``remove``."""
        if self.set is not None:
            return "set"
        if self.scale is not None:
            return "scale"
        if self.shift is not None:
            return "shift"
        if self.add is not None:
            return "add"
        return "remove"


class Scenario(StudyRecord):
    """A named variant of the base instance."""

    name: ScenarioName
    description: str = ""
    """What the scenario asks, in a planner's words (shown in the comparison)."""
    changes: list[Change] = Field(default_factory=list)


class Sweep(StudyRecord):
    """Scenarios made from one list of changes over the values of its parameters."""

    name: ScenarioName
    description: str = ""
    parameters: dict[str, list[Scalar]] = Field(min_length=1)
    """Each parameter's values; the sweep makes a scenario per combination (their product)."""
    changes: list[Change] = Field(min_length=1)

    @model_validator(mode="after")
    def _parameters_used(self) -> Sweep:
        for name, values in self.parameters.items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise ValueError(f"parameter name {name!r}: letters, digits and _ only")
            if not values:
                raise ValueError(f"parameter {name} has no values")
        used = set(_parameters_in(self.changes))
        unknown = used - set(self.parameters)
        if unknown:
            raise ValueError(f"the changes use ${', $'.join(sorted(unknown))}, not a parameter")
        unused = set(self.parameters) - used
        if unused:
            raise ValueError(f"parameter {', '.join(sorted(unused))} is not used by any change")
        return self

    def scenarios(self) -> list[Scenario]:
        """One scenario per combination of the parameters' values, in order."""
        names = list(self.parameters)
        out = []
        for values in itertools.product(*(self.parameters[n] for n in names)):
            chosen = dict(zip(names, values, strict=True))
            suffix = "-".join(f"{n}{_short(v)}" for n, v in chosen.items())
            words = ", ".join(f"{n} = {v}" for n, v in chosen.items())
            description = f"{self.description} ({words})" if self.description else words
            changes = [
                Change.model_validate(
                    _substitute(c.model_dump(by_alias=True, exclude_none=True), chosen)
                )
                for c in self.changes
            ]
            out.append(
                Scenario(name=f"{self.name}-{suffix}", description=description, changes=changes)
            )
        return out


class StudyOptions(StudyRecord):
    """How every scenario is solved (as ``netopt solve``'s options)."""

    model: StudyModel = StudyModel.CAPITAL
    time_limit: float = Field(default=60.0, gt=0, le=86_400)
    """Seconds per scenario, for its whole solve and writing."""
    mip_gap: float = Field(default=1e-4, ge=0, le=1)
    seed: int = Field(default=0, ge=0, le=2_147_483_647)
    consistent: bool = True
    """Capital studies: once solved, each scenario tries the other scenarios' plans in its own
    model and keeps a cheaper one (``docs/studies.md``), so a scenario with more options never
    reports a dearer plan."""
    alternatives: int = Field(default=0, ge=0, le=MAX_ALTERNATIVES)
    """Capital studies: near-optimal alternatives per scenario (as ``netopt solve capital
    --alternatives``), each in its own folder ``scenarios/<name>-alternative-<i>``; the
    scenario's best plan then has half its time limit."""
    slack: float = Field(default=DEFAULT_SLACK, ge=0, le=1)
    """How much dearer than a scenario's best plan its alternatives may be (0.02: 2%)."""

    @model_validator(mode="after")
    def _alternatives_of_capital_plans(self) -> StudyOptions:
        if self.alternatives and self.model is not StudyModel.CAPITAL:
            raise ValueError("alternatives are found for capital plans only")
        return self


class Study(StudyRecord):
    """A study: the base instance, the options and the scenarios."""

    base: str = Field(min_length=1)
    """The base instance file, relative to the study file."""
    name: str = ""
    """The study's title (shown in the comparison)."""
    options: StudyOptions = Field(default_factory=StudyOptions)
    include_base: bool = True
    """Solve the base instance as the scenario ``base`` (the first of the comparison)."""
    scenarios: list[Scenario] = Field(default_factory=list)
    sweeps: list[Sweep] = Field(default_factory=list)

    @model_validator(mode="after")
    def _names_unique(self) -> Study:
        seen: set[str] = {BASE} if self.include_base else set()
        for scenario in self.all_scenarios(include_base=False):
            if scenario.name in seen:
                raise ValueError(f"two scenarios are named {scenario.name!r}")
            seen.add(scenario.name)
        if not seen:
            raise ValueError("the study has no scenario (and include_base is false)")
        if self.options.alternatives:
            taken = [name for name in seen if ALTERNATIVE_NAME.fullmatch(name)]
            if taken:
                raise ValueError(
                    f"scenario {taken[0]!r} is named as an alternative's folder would be: "
                    "rename it, or ask for no alternatives"
                )
        return self

    def all_scenarios(self, include_base: bool | None = None) -> list[Scenario]:
        """Every scenario to solve, in order: ``base`` (when included), the scenarios, then each
        sweep's."""
        base = self.include_base if include_base is None else include_base
        out = [Scenario(name=BASE, description="The base instance, unchanged")] if base else []
        out += self.scenarios
        for sweep in self.sweeps:
            out += sweep.scenarios()
        return out


def _parameters_in(changes: list[Change]) -> list[str]:
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str) and (m := PARAMETER.match(value)):
            found.append(m.group(1))
        elif isinstance(value, dict):
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for change in changes:
        walk(change.model_dump(by_alias=True))
    return found


def _substitute(value: Any, chosen: dict[str, Scalar]) -> Any:
    if isinstance(value, str) and (m := PARAMETER.match(value)):
        return chosen[m.group(1)]
    if isinstance(value, dict):
        return {k: _substitute(v, chosen) for k, v in value.items()}
    if isinstance(value, list):
        return [_substitute(v, chosen) for v in value]
    return value


def _short(value: Scalar) -> str:
    """A value as part of a scenario name."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return re.sub(r"[^A-Za-z0-9_.+=-]", "_", text)


def study_json_schema() -> dict[str, Any]:
    """The JSON Schema of a study file (``netopt schema --study``)."""
    schema = Study.model_json_schema(by_alias=True)
    schema["title"] = "netopt study"
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema
