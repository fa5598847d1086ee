"""The functions developers embed: load an instance, solve a plan, write its result folder."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path

import pandas as pd

from netopt.baselines import (
    Baseline,
    BaselinePolicy,
    baseline_capital,
    compare_with_baselines,
    practice_decisions,
)
from netopt.io import load_instance
from netopt.io.capital_plan import read_capital_plan
from netopt.io.result_folder import (
    ResultFolderError,
    ResultWriteError,
    check_result_folder,
    write_failure,
    write_result_folder_atomically,
)
from netopt.models.capital import diagnose as capital_diagnosis
from netopt.models.capital import plan as capital_plan
from netopt.models.capital.alternatives import (
    Alternatives,
    alternatives_frame,
    capital_alternatives,
)
from netopt.models.capital.data import CapitalData, Shortfall
from netopt.models.capital.decisions import CapitalDecisions, DecisionRule
from netopt.models.capital.plan import CapitalPlan
from netopt.models.capital.strategy import CapitalStrategy
from netopt.models.capital.transfer import DecisionsDoNotFit, plan_decisions
from netopt.models.diagnosis import Diagnosis
from netopt.models.joint import compare as joint_compare
from netopt.models.joint import diagnose as joint_diagnosis
from netopt.models.joint import plan as joint_plan
from netopt.models.joint.data import JointShortfall
from netopt.models.joint.plan import JointPlan
from netopt.models.workforce import plan as workforce_plan
from netopt.models.workforce.diagnose import diagnose_workforce
from netopt.models.workforce.from_capital import (
    JointPlanWarning,
    RosteredWeek,
    plan_year,
    rostered_week,
)
from netopt.models.workforce.plan import WorkforcePlan
from netopt.report.folder import ReportInputError, read_plan_results
from netopt.report.html import report_into_folder, report_to_file
from netopt.report.result_files import plan_result_files, plan_summary
from netopt.schema import InputProblem, Instance, InstanceError, PassportPolicy
from netopt.solve.clock import Deadline
from netopt.solve.highs import SolveOptions, SolveStatus
from netopt.solve.parallel import run_in_processes
from netopt.solve.progress import Progress, ProgressSink
from netopt.study.apply import StudyError
from netopt.study.handle import Study
from netopt.verify import (
    VerificationReport,
    summary_model,
    verify_capital,
    verify_joint,
    verify_workforce,
)

__all__ = [
    "Alternatives",
    "Baseline",
    "BaselinePolicy",
    "CapitalPlan",
    "CapitalStrategy",
    "Diagnosis",
    "JointPlan",
    "JointPlanWarning",
    "JointShortfall",
    "PassportPolicy",
    "Progress",
    "ReportInputError",
    "ResultFolderError",
    "ResultWriteError",
    "RosteredWeek",
    "SolveOptions",
    "SolveStatus",
    "Study",
    "StudyError",
    "WorkforcePlan",
    "alternatives_frame",
    "baseline_capital",
    "capital_alternatives",
    "capital_plan_week",
    "compare_with_baselines",
    "compare_with_sequential",
    "diagnose_capital",
    "diagnose_joint",
    "diagnose_workforce",
    "load_instance",
    "plan_summary",
    "solve_capital",
    "solve_capital_networks",
    "solve_joint",
    "solve_joint_and_sequential",
    "solve_workforce",
    "solve_workforce_networks",
    "verify",
    "workforce_from_capital_plan",
    "write_capital_plan",
    "write_plan",
    "write_report",
    "write_workforce_plan",
]


def solve_capital(
    instance: Instance,
    options: SolveOptions | None = None,
    baseline_start: bool = True,
    *,
    strategy: CapitalStrategy | str = CapitalStrategy.LNS,
    deadline: Deadline | None = None,
    progress: ProgressSink | None = None,
) -> CapitalPlan:
    """Find the least net-present-cost capital plan for ``instance``.

    With ``baseline_start`` HiGHS starts from the ``practice`` baseline's plan (what planners do
    today, within the budgets), so a short time limit still ends with a plan whenever that one is
    feasible; the optimum is the same either way. ``options.time_limit`` bounds the whole call
    (building, the baseline's plan, solving and the tables), counted from ``deadline``'s start
    when given (e.g. the start of a command); when it passes before HiGHS starts, the plan's
    status is ``no_solution`` and its report names the stage. ``strategy`` says how HiGHS is
    run (:class:`CapitalStrategy`). ``progress``, when given, is called with a
    :class:`~netopt.solve.progress.Progress` (seconds, best plan, bound, gap) each time the plan
    or the bound improves, possibly from the solver's thread.
    """
    start = practice_decisions if baseline_start else None
    return capital_plan.solve_capital(
        instance,
        options,
        start=start,
        start_name="the practice baseline's plan",
        strategy=CapitalStrategy(strategy),
        deadline=deadline,
        progress=progress,
    )


def diagnose_capital(
    instance: Instance,
    options: SolveOptions | None = None,
    penalties: Shortfall | None = None,
    *,
    deadline: Deadline | None = None,
    known_infeasible: bool = False,
) -> Diagnosis:
    """Settle whether a capital plan exists and, when none does, explain the least shortfalls
    (see :func:`netopt.models.capital.diagnose.diagnose_capital`); the elastic model starts
    from the ``practice`` baseline's plan."""
    return capital_diagnosis.diagnose_capital(
        instance,
        options,
        penalties,
        start=practice_decisions,
        deadline=deadline,
        known_infeasible=known_infeasible,
    )


CapitalPlanSource = CapitalPlan | Mapping[str, pd.DataFrame] | str | Path
"""A capital plan whose decisions a joint solve staffs: a plan, its tables by name, or its
result folder."""


def _capital_tables(source: CapitalPlanSource) -> Mapping[str, pd.DataFrame]:
    if isinstance(source, CapitalPlan):
        return source.tables()
    if isinstance(source, Mapping):
        return source
    try:
        results = read_plan_results(Path(source))
    except ReportInputError as error:
        raise InstanceError([InputProblem((), str(error), place=str(source))]) from None
    if results.model not in ("capital", "joint"):
        message = f"not a capital plan's result folder (it holds a {results.model} plan)"
        raise InstanceError([InputProblem((), message, place=str(source))])
    return results.tables


def _fixed(source: CapitalPlanSource) -> DecisionRule:
    tables = _capital_tables(source)
    where = str(source) if isinstance(source, str | Path) else "the capital plan"

    def decisions(instance: Instance, data: CapitalData) -> CapitalDecisions:
        try:
            return plan_decisions(data, tables)
        except DecisionsDoNotFit as error:
            message = f"its decisions do not fit this instance: {error}"
            raise InstanceError([InputProblem((), message, place=where)]) from None

    return decisions


def solve_joint(
    instance: Instance,
    options: SolveOptions | None = None,
    baseline_start: bool = True,
    *,
    capital_plan: CapitalPlanSource | None = None,
    capital_start: bool = True,
    strategy: CapitalStrategy | str = CapitalStrategy.LNS,
    deadline: Deadline | None = None,
    progress: ProgressSink | None = None,
) -> JointPlan:
    """Find the least net-present-cost joint plan for ``instance``: the capital plan and the
    workforce that staffs it year by year (``models/joint.md``), in one model.

    With ``capital_plan`` (a :class:`CapitalPlan`, its tables, or its result folder) its
    capital decisions are kept and only the workforce is planned: the plan costs that capital
    plan's staff; an :class:`InstanceError` says when its decisions do not fit ``instance``.
    Otherwise, with ``capital_start``, the capital plan is first solved on its own in 30% of
    the time and HiGHS starts the joint model from its decisions; without it (or when it finds
    no plan) from the ``practice`` baseline's plan (with ``baseline_start``).
    ``options.time_limit`` bounds the whole call.
    """
    fixed = _fixed(capital_plan) if capital_plan is not None else None
    return joint_plan.solve_joint(
        instance,
        options,
        start=practice_decisions if baseline_start and fixed is None else None,
        start_name="the practice baseline's plan",
        capital_start=capital_start,
        fixed=fixed,
        strategy=CapitalStrategy(strategy),
        deadline=deadline,
        progress=progress,
    )


def diagnose_joint(
    instance: Instance,
    options: SolveOptions | None = None,
    penalties: JointShortfall | None = None,
    *,
    capital_plan: CapitalPlanSource | None = None,
    deadline: Deadline | None = None,
    known_infeasible: bool = False,
) -> Diagnosis:
    """Settle whether a joint plan exists and, when none does, explain the least shortfalls:
    scanner hours without staff, assistants beyond the skill mix, exams no one can report,
    budgets overrun, patients unscanned (see
    :func:`netopt.models.joint.diagnose.diagnose_joint`). The elastic model starts from the
    ``practice`` baseline's capital decisions; with ``capital_plan`` (as for
    :func:`solve_joint`) its capital decisions are kept, so the diagnosis says why that plan's
    scanners cannot be staffed."""
    fixed = _fixed(capital_plan) if capital_plan is not None else None
    return joint_diagnosis.diagnose_joint(
        instance,
        options,
        penalties,
        start=practice_decisions if fixed is None else None,
        fixed=fixed,
        deadline=deadline,
        known_infeasible=known_infeasible,
    )


def solve_joint_and_sequential(
    instance: Instance,
    options: SolveOptions | None = None,
    *,
    strategy: CapitalStrategy | str = CapitalStrategy.LNS,
    deadline: Deadline | None = None,
    progress: ProgressSink | None = None,
) -> tuple[JointPlan, JointPlan, pd.DataFrame]:
    """The joint plan, the sequential plan (the capital plan solved on its own, then its
    workforce: what planners do today) and their comparison (``sequential.csv``) in one time
    limit (see :func:`netopt.models.joint.compare.solve_joint_and_sequential`): the joint plan
    starts from that capital plan, so it never costs more."""
    return joint_compare.solve_joint_and_sequential(
        instance, options, strategy=CapitalStrategy(strategy), deadline=deadline, progress=progress
    )


def compare_with_sequential(
    instance: Instance,
    joint: JointPlan,
    options: SolveOptions | None = None,
    *,
    deadline: Deadline | None = None,
) -> tuple[JointPlan, pd.DataFrame]:
    """The sequential plan for a joint plan already made, and their comparison (see
    :func:`netopt.models.joint.compare.compare_with_sequential`)."""
    return joint_compare.compare_with_sequential(instance, joint, options, deadline=deadline)


def solve_capital_networks(
    instances: Sequence[Instance],
    options: SolveOptions | None = None,
    workers: int | None = None,
    *,
    strategy: CapitalStrategy | str = CapitalStrategy.LNS,
) -> list[CapitalPlan]:
    """Solve independent capital instances (e.g. imaging networks that share no budget) in
    parallel worker processes, each with ``strategy``; the plans come back in the order of
    ``instances``.

    Decomposing by network is exact: nothing links two networks' plans.
    """
    return run_in_processes(
        partial(solve_capital, options=options or SolveOptions(), strategy=strategy),
        instances,
        workers,
    )


def solve_workforce(
    instance: Instance | RosteredWeek,
    options: SolveOptions | None = None,
    passport: PassportPolicy | None = None,
    *,
    deadline: Deadline | None = None,
    progress: ProgressSink | None = None,
) -> WorkforcePlan:
    """Find the least annual-cost roster and reporting plan for ``instance`` (see
    :func:`netopt.models.workforce.plan.solve_workforce`).

    Given the week of a capital or joint plan's year (:func:`capital_plan_week`), the week is
    solved and the plan remembers where it came from (``plan.week``): :func:`write_plan` writes
    the week into the result folder (``week.yaml``) and says where it came from in
    ``summary.json`` (``capital_plan``), so :func:`verify` of the instance as written checks
    the plan against that week.
    """
    if isinstance(instance, RosteredWeek):
        plan = workforce_plan.solve_workforce(
            instance.instance, options, passport, deadline=deadline, progress=progress
        )
        return replace(plan, week=instance)
    return workforce_plan.solve_workforce(
        instance, options, passport, deadline=deadline, progress=progress
    )


def solve_workforce_networks(
    instances: Sequence[Instance | RosteredWeek],
    options: SolveOptions | None = None,
    workers: int | None = None,
    passport: PassportPolicy | None = None,
) -> list[WorkforcePlan]:
    """Solve independent workforce instances (one per imaging network) in parallel worker
    processes; the plans come back in the order of ``instances``."""
    return run_in_processes(
        partial(solve_workforce, options=options or SolveOptions(), passport=passport),
        instances,
        workers,
    )


Plan = CapitalPlan | WorkforcePlan
"""Any plan netopt makes: each has ``status``, ``report``, ``tables()`` and ``summary()``."""


def write_plan(
    plan: Plan,
    instance: Instance,
    out: str | Path,
    diagnosis: Diagnosis | None = None,
    *,
    extra_tables: Mapping[str, pd.DataFrame] | None = None,
    force: bool = False,
    inputs: Iterable[str | Path] = (),
    report: bool = True,
) -> Path:
    """Write the plan's result folder (CSV tables, ``plan.xlsx``, ``summary.json`` and, with
    ``report`` and a plan, the HTML report ``report.html``) atomically;
    with a diagnosis (when there is no plan), also ``diagnosis.json`` and ``diagnosis.txt``;
    ``extra_tables`` (e.g. a comparison with baselines) beside the plan's tables. A workforce
    plan solved for a capital or joint plan's week (``plan.week``, see :func:`solve_workforce`)
    also writes that week as ``week.yaml``; ``instance`` is then the instance the week was
    rostered from, as :func:`verify` is given it.

    ``out`` is created, or replaced whole when it is a netopt result folder; a folder holding
    anything netopt did not write is refused (:class:`ResultFolderError`) unless ``force``, and
    never replaced when it holds one of ``inputs``. Returns the folder written (symbolic links
    followed); a failed write raises :class:`ResultWriteError` and leaves ``out`` as it was.
    """
    target = check_result_folder(out, force=force, inputs=inputs)
    try:  # openpyxl writes its sheets through temporary files
        files = plan_result_files(
            plan, instance, diagnosis, extra_tables=extra_tables, report=report
        )
    except OSError as error:
        raise ResultWriteError(write_failure(target, error)) from None
    return write_result_folder_atomically(target, files)


def write_capital_plan(
    plan: CapitalPlan,
    instance: Instance,
    out: str | Path,
    diagnosis: Diagnosis | None = None,
    *,
    force: bool = False,
) -> Path:
    """Write a capital plan's result folder (see :func:`write_plan`)."""
    return write_plan(plan, instance, out, diagnosis, force=force)


def write_report(results: str | Path, output: str | Path | None = None) -> Path:
    """Draw the HTML report of the plan in the result folder ``results``: into the folder as
    ``report.html`` (listed in its ``summary.json``), or into the file ``output``. Returns the
    report's path.

    Raises :class:`~netopt.report.folder.ReportInputError` when ``results`` is not a result
    folder with a plan (or, without ``output``, holds files netopt did not write) and
    :class:`ResultWriteError` when the system refuses the write.
    """
    folder = Path(results)
    if output is None:
        return report_into_folder(folder)
    return report_to_file(folder, Path(output))


def write_workforce_plan(
    plan: WorkforcePlan, instance: Instance, out: str | Path, *, force: bool = False
) -> Path:
    """Write a workforce plan's result folder (see :func:`write_plan`)."""
    return write_plan(plan, instance, out, force=force)


def capital_plan_week(
    instance: Instance, folder: str | Path, year: int | None = None
) -> RosteredWeek:
    """The week of ``year`` (default: the workforce year, else the first plan year) of the
    capital plan in the result folder ``folder``: ``instance`` with its scanner sessions and
    reporting demand taken from the plan; from a joint plan's folder, with the plan's
    workforce of the year (staff rows with a ``role`` counted by its WTE, rows added for the
    roles it employs where the week has none and for the agency hours it buys; a
    :class:`JointPlanWarning` for each part the week is rostered without). With where it came
    from, so that :func:`solve_workforce` of it makes a plan whose result folder
    :func:`verify` checks against the week. A folder that cannot be read raises
    :class:`InstanceError` naming the file, line and column."""
    return rostered_week(instance, read_capital_plan(folder), plan_year(instance, year))


def workforce_from_capital_plan(
    instance: Instance, folder: str | Path, year: int | None = None
) -> Instance:
    """The week of :func:`capital_plan_week` as an instance, without where it came from: a
    plan solved for it and written with ``instance`` cannot be verified against ``instance``
    (write it with the week, or solve the :func:`capital_plan_week` itself)."""
    return capital_plan_week(instance, folder, year).instance


def verify(
    instance: Instance, results_dir: str | Path, tolerance: float = 1e-6
) -> VerificationReport:
    """Independently re-check a written plan, capital, workforce or joint (no Pyomo, no model
    code), by the ``model`` its ``summary.json`` names (capital when it names none).

    ``instance`` is the one the plan was solved from, as written. A workforce plan rostered
    from a capital or joint plan's year (``summary.json``'s ``capital_plan``) is checked
    against the week in its folder (``week.yaml``), once that week is shown to be ``instance``
    with only what rostering changes changed, and those changes as the plan's folder says
    when it is still there (:func:`netopt.verify.workforce.verify_workforce`)."""
    folder = Path(results_dir)
    checks = {"workforce": verify_workforce, "joint": verify_joint}
    check = checks.get(summary_model(folder) or "", verify_capital)
    return check(instance, folder, tolerance)
