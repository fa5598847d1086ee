"""``netopt diagnose``: whether a plan exists and, if none does, why."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from netopt import api
from netopt.cli.common import (
    Exit,
    command_start,
    err_console,
    fail,
    load,
    option_problems,
    out_console,
    terminate_as_interrupt,
)
from netopt.models.diagnosis import Diagnosis, Verdict
from netopt.schema import InstanceError, PassportPolicy
from netopt.solve.clock import Deadline, TimeLimitReached
from netopt.solve.highs import SolveOptions, no_time_report

DEFAULT_DIAGNOSE_TIME_LIMIT = 120.0
"""Seconds ``netopt diagnose`` takes at most by default, reading included."""

VERDICT_EXIT = {Verdict.FEASIBLE: Exit.OK, Verdict.INFEASIBLE: Exit.NO_PLAN}


class PlanKind(StrEnum):
    """Which plan to diagnose."""

    CAPITAL = "capital"
    WORKFORCE = "workforce"
    JOINT = "joint"


def diagnose_command(
    ctx: typer.Context,
    instance: Annotated[Path, typer.Argument(help="Instance file to diagnose.")],
    model: Annotated[PlanKind, typer.Option(help="The plan to diagnose.")] = PlanKind.CAPITAL,
    passport: Annotated[
        PassportPolicy | None, typer.Option(help="Workforce: override the passport policy.")
    ] = None,
    capital_plan: Annotated[
        Path | None,
        typer.Option(
            help="Joint: a capital plan's result folder whose scanners are kept: why its "
            "workforce cannot be planned."
        ),
    ] = None,
    time_limit: Annotated[
        float, typer.Option(help="Time limit (seconds) for the whole command.")
    ] = DEFAULT_DIAGNOSE_TIME_LIMIT,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print the diagnosis as JSON.")
    ] = False,
) -> None:
    """Settle whether a plan exists and, when none does, say why: for the capital plan the
    smallest shortfalls (budget, demand, access, rooms, commitments) that would allow one; for the
    workforce plan the scanner sessions that cannot be staffed; for the joint plan also the
    staff hours, skill mix and reports short, by trust, modality or exam type and year. Exit 0
    when a plan exists, 1 when none does (proven), 3 when the time limit ends the diagnosis
    undecided."""
    deadline = Deadline(time_limit, began=command_start(ctx))
    if capital_plan is not None and model is not PlanKind.JOINT:
        fail("--capital-plan diagnoses a joint plan: give --model joint", Exit.BAD_INPUT)
    try:
        options = SolveOptions(time_limit=time_limit)
    except ValidationError as error:
        fail(f"invalid options: {option_problems(error)}", Exit.BAD_INPUT)
    try:
        with terminate_as_interrupt(), err_console.status("Settling whether a plan exists..."):
            diagnosis = _diagnose(instance, model, passport, capital_plan, options, deadline)
    except InstanceError as error:
        fail(error.render(), Exit.BAD_INPUT)
    except KeyboardInterrupt:
        fail(f"interrupted after {deadline.elapsed():.1f} s", Exit.INTERRUPTED)
    if json_output:
        print(json.dumps(diagnosis.to_dict(), indent=2))
    else:
        out_console.print(diagnosis.render(), markup=False, highlight=False, soft_wrap=True)
    code = VERDICT_EXIT.get(diagnosis.verdict, Exit.UNDECIDED)
    if code is not Exit.OK:
        raise typer.Exit(int(code))


def _diagnose(
    instance: Path,
    model: PlanKind,
    passport: PassportPolicy | None,
    capital_plan: Path | None,
    options: SolveOptions,
    deadline: Deadline,
) -> Diagnosis:
    try:
        with deadline.enforce("reading the instance"):
            inst = load(instance)
    except TimeLimitReached as reached:
        report = no_time_report(options, reached.stage)
        return Diagnosis(Verdict.UNDECIDED, [], [], report, deadline.elapsed())
    if model is PlanKind.WORKFORCE:
        return api.diagnose_workforce(inst, options, passport, deadline=deadline)
    if model is PlanKind.JOINT:
        return api.diagnose_joint(inst, options, capital_plan=capital_plan, deadline=deadline)
    return api.diagnose_capital(inst, options, deadline=deadline)
