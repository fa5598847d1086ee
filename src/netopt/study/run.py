"""Running a study: every scenario solved into its own result folder, in parallel.

The study's folder holds ``study.json`` (what was run and how each scenario ended),
``comparison.csv`` and ``comparison.xlsx`` (the side-by-side table) and ``scenarios/<name>/``,
one ordinary result folder per scenario (``netopt verify`` checks it against the scenario's
instance). Scenarios run in spawned worker processes (one HiGHS thread each), or on a Dask
cluster (:class:`netopt.study.cluster.DaskRunner`). A scenario that fails (an error in the solver or while writing)
is reported with its reason and never stops the others.

Rerunning a study skips each scenario whose folder already holds a plan of the same instance
(``instance_sha256``) solved with the same options, so an interrupted study resumes where it
stopped and a study with one scenario added solves only that one.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from netopt.baselines import practice_decisions
from netopt.io import instance_hash
from netopt.io.atomic import write_text_atomic
from netopt.io.result_folder import (
    SUMMARY_FILE,
    ResultFolderError,
    ResultWriteError,
    check_result_folder,
    write_result_folder_atomically,
)
from netopt.models.capital.alternatives import (
    ALTERNATIVE_FOLDER,
    ALTERNATIVES_TABLE,
    BEST_SHARE,
    DEFAULT_SLACK,
    alternatives_frame,
    capital_alternatives,
)
from netopt.models.capital.plan import CapitalPlan, solve_capital
from netopt.models.joint.plan import solve_joint
from netopt.models.workforce.plan import solve_workforce
from netopt.report.folder import read_plan_results
from netopt.report.result_files import plan_result_files
from netopt.report.writer import write_workbook
from netopt.schema import Instance
from netopt.solve.clock import Deadline
from netopt.solve.highs import SolveOptions, SolveStatus
from netopt.solve.parallel import default_workers
from netopt.study.apply import StudyFile, scenario_instance
from netopt.study.compare import comparison_doc, comparison_frame
from netopt.study.comparison_page import comparison_page
from netopt.study.consistency import DECISION_TABLES, TransferJob, try_other_plans
from netopt.study.runners import LocalRunner, Runner
from netopt.study.spec import StudyModel

STUDY_FILE = "study.json"
COMPARISON_FILE = "comparison.csv"
COMPARISON_WORKBOOK = "comparison.xlsx"
COMPARISON_PAGE = "comparison.html"
SCENARIOS_FOLDER = "scenarios"
STUDY_FOLDER_ENTRIES = (
    STUDY_FILE,
    COMPARISON_FILE,
    COMPARISON_WORKBOOK,
    COMPARISON_PAGE,
    SCENARIOS_FOLDER,
)
"""Everything netopt writes at the top of a study's folder (a rerun refuses anything else)."""
FAILED = "failed"
"""The status of a scenario that ended with an error (its ``error`` says which)."""


class StudyFolderError(Exception):
    """``--out`` cannot hold the study (the message says why and what to do)."""


@dataclass(frozen=True)
class ScenarioJob:
    """One scenario to solve: everything a worker process needs (it pickles)."""

    name: str
    description: str
    instance: Instance
    model: StudyModel
    options: SolveOptions
    folder: Path
    """Where its result folder goes (absolute)."""
    instance_sha256: str
    alternatives: int = 0
    """Near-optimal alternatives to find (capital), each written beside ``folder``."""
    slack: float = DEFAULT_SLACK

    def best_options(self) -> SolveOptions:
        """The options the scenario's best plan is solved with: its own, or with alternatives
        the best plan's share of the time limit."""
        limit = self.options.time_limit
        if not self.alternatives or limit is None:
            return self.options
        return self.options.model_copy(update={"time_limit": BEST_SHARE * limit})

    def alternative_folders(self) -> list[Path]:
        """Where its alternatives' result folders go (absolute)."""
        return [
            self.folder.with_name(ALTERNATIVE_FOLDER.format(name=self.folder.name, i=i))
            for i in range(1, self.alternatives + 1)
        ]


@dataclass(frozen=True)
class ScenarioOutcome:
    """How a scenario ended."""

    name: str
    description: str
    status: str
    """The plan's status (``optimal``, ``feasible``, ``infeasible``, ...) or ``failed``."""
    objective: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    """Wall time of its solve and writing (0 when reused)."""
    solve_seconds: float = 0.0
    """Of ``seconds``, HiGHS's time on the scenario's own model (0 when reused)."""
    reused: bool = False
    """Its folder was already the plan of this instance and options: not solved again."""
    error: str | None = None
    """Why it failed, when it did."""
    folder: str = ""
    """Its result folder, relative to the study's folder."""
    instance_sha256: str = ""
    plan_from: str | None = None
    """The scenario whose plan this one's is: another scenario's plan, costed in this one, was
    cheaper than the plan found for it (``netopt.study.consistency``)."""
    found_objective: float | None = None
    """With ``plan_from``: the cost of the plan this scenario's own solve found."""
    alternatives: int = 0
    """Near-optimal alternatives found and written beside its folder."""


@dataclass(frozen=True)
class SolvedScenario:
    """What a worker sends back: the outcome and the result folder's files (none when it
    failed), so the folder is written where the study is, with no shared disk needed."""

    outcome: ScenarioOutcome
    files: dict[str, bytes] | None = None
    alternatives: tuple[dict[str, bytes], ...] = ()
    """Each alternative's result folder's files, in order."""


@dataclass(frozen=True)
class StudyResult:
    """A study's outcome: each scenario's, in the study's order."""

    folder: Path
    outcomes: tuple[ScenarioOutcome, ...]
    seconds: float
    workers: int
    runner: str

    @property
    def failed(self) -> list[ScenarioOutcome]:
        return [o for o in self.outcomes if o.status == FAILED]


Progress = Callable[[ScenarioOutcome, int, int], None]
"""Called as each scenario ends: its outcome, how many have ended, how many in all."""


# --------------------------------------------------------------------------- one scenario


def _options_key(options: SolveOptions) -> dict[str, Any]:
    return {
        "time_limit": options.time_limit,
        "mip_rel_gap": options.mip_gap,
        "random_seed": options.seed,
    }


def reused_outcome(job: ScenarioJob) -> ScenarioOutcome | None:
    """The outcome of a scenario whose folder already holds its plan (same instance hash and
    options), or None when it must be solved."""
    try:
        summary = json.loads((job.folder / SUMMARY_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(summary, dict) or summary.get("instance_sha256") != job.instance_sha256:
        return None
    solved = (summary.get("solver") or {}).get("options") or {}
    wanted = _options_key(job.best_options())
    if any(solved.get(key) != value for key, value in wanted.items()):
        return None
    listed = summary.get("result_files") or []
    has_plan = summary.get("status") in ("optimal", "feasible")
    found = 0
    if job.alternatives and has_plan:
        if f"{ALTERNATIVES_TABLE}.csv" not in listed:
            return None
        try:
            found = len(pd.read_csv(job.folder / f"{ALTERNATIVES_TABLE}.csv")) - 1
        except (OSError, ValueError):
            return None
    return ScenarioOutcome(
        job.name,
        job.description,
        str(summary.get("status")),
        summary.get("objective"),
        summary.get("gap"),
        reused=True,
        folder=f"{SCENARIOS_FOLDER}/{job.name}",
        instance_sha256=job.instance_sha256,
        alternatives=found,
    )


WRITING_SECONDS = 1.5
"""Time kept from a scenario's time limit for making its files (tables, workbook, report):
about 1 s measured for the tutorial with two scenarios at once on the 2-core machine."""


def writing_reserved(time_limit: float | None) -> float | None:
    """The time a scenario's solve may take: its limit less the time kept for its files (at
    most half the limit)."""
    if time_limit is None:
        return None
    return time_limit - min(WRITING_SECONDS, time_limit / 2)


def failed_scenario(job: ScenarioJob, error: BaseException, seconds: float) -> ScenarioOutcome:
    last = traceback.extract_tb(error.__traceback__)[-1:]
    where = f" at {Path(last[0].filename).name}:{last[0].lineno}" if last else ""
    return ScenarioOutcome(
        job.name,
        job.description,
        FAILED,
        seconds=seconds,
        error=f"{type(error).__name__}: {error}{where}",
        folder=f"{SCENARIOS_FOLDER}/{job.name}",
        instance_sha256=job.instance_sha256,
    )


def solve_scenario(job: ScenarioJob) -> SolvedScenario:
    """Solve one scenario as ``netopt solve`` does (a capital plan starts from the ``practice``
    baseline's plan) and make its result folder's files; any error becomes a ``failed``
    outcome with its reason (runs in a worker process or on a Dask worker)."""
    began = time.perf_counter()
    others: tuple[dict[str, bytes], ...] = ()
    try:
        best = job.best_options()
        deadline = Deadline(writing_reserved(best.time_limit), began=began)
        if job.model is StudyModel.CAPITAL:
            plan: Any = solve_capital(
                job.instance,
                best,
                start=practice_decisions,
                start_name="the practice baseline's plan",
                deadline=deadline,
            )
        elif job.model is StudyModel.JOINT:
            plan = solve_joint(
                job.instance,
                best,
                start=practice_decisions,
                start_name="the practice baseline's plan",
                capital_start=True,
                deadline=deadline,
            )
        else:
            plan = solve_workforce(job.instance, best, deadline=deadline)
        extra = {}
        if job.alternatives and plan.status.has_plan:
            table, others = _alternatives(job, plan, began)
            extra[ALTERNATIVES_TABLE] = table
        files = plan_result_files(plan, job.instance, extra_tables=extra)
    except Exception as error:  # one scenario's failure must not stop the study
        return SolvedScenario(failed_scenario(job, error, time.perf_counter() - began))
    outcome = ScenarioOutcome(
        job.name,
        job.description,
        plan.status.value,
        plan.objective,
        plan.report.gap,
        seconds=time.perf_counter() - began,
        solve_seconds=plan.timings.solve,
        folder=f"{SCENARIOS_FOLDER}/{job.name}",
        instance_sha256=job.instance_sha256,
        alternatives=len(others),
    )
    return SolvedScenario(outcome, files, others)


def _alternatives(
    job: ScenarioJob, plan: CapitalPlan, began: float
) -> tuple[pd.DataFrame, tuple[dict[str, bytes], ...]]:
    """The scenario's near-optimal alternatives in the time its limit leaves (less the time
    their folders take to make): the ``alternatives`` table and each one's files."""
    limit = job.options.time_limit
    seconds = None
    if limit is not None:
        seconds = max(
            limit - (time.perf_counter() - began) - WRITING_SECONDS * (job.alternatives + 1), 0.0
        )
    found = capital_alternatives(
        job.instance,
        plan,
        job.alternatives,
        job.slack,
        job.options.model_copy(update={"time_limit": seconds}),
    )
    names = [folder.name for folder in job.alternative_folders()[: len(found.plans)]]
    files = tuple(plan_result_files(other, job.instance) for other in found.plans)
    return alternatives_frame(found, names), files


def write_scenario(job: ScenarioJob, solved: SolvedScenario) -> ScenarioOutcome:
    """Write a solved scenario's result folder (whole and atomically, as ``netopt solve``
    does); a folder that cannot be written makes the scenario ``failed``."""
    if solved.files is None:
        return solved.outcome
    began = time.perf_counter()
    try:
        for folder, files in zip(job.alternative_folders(), solved.alternatives, strict=False):
            write_result_folder_atomically(check_result_folder(folder), files)
        target = check_result_folder(job.folder)
        write_result_folder_atomically(target, solved.files)
    except (ResultFolderError, ResultWriteError) as error:
        return replace(
            failed_scenario(job, error, solved.outcome.seconds), error=f"not written: {error}"
        )
    return replace(solved.outcome, seconds=solved.outcome.seconds + time.perf_counter() - began)


# --------------------------------------------------------------------------- the study


def study_jobs(
    study: StudyFile, out: Path, options: SolveOptions | None = None
) -> list[ScenarioJob]:
    """Every scenario's job, in order: its instance (changes applied and validated; a
    :class:`~netopt.study.apply.StudyError` names a scenario that cannot be made) and folder."""
    settings = study.study.options
    options = options or SolveOptions(
        time_limit=settings.time_limit, mip_gap=settings.mip_gap, seed=settings.seed, threads=1
    )
    jobs = []
    for scenario in study.study.all_scenarios():
        instance = scenario_instance(study, scenario)
        jobs.append(
            ScenarioJob(
                scenario.name,
                scenario.description,
                instance,
                settings.model,
                options,
                (out / SCENARIOS_FOLDER / scenario.name).resolve(),
                instance_hash(instance),
                settings.alternatives,
                settings.slack,
            )
        )
    return jobs


def check_study_folder(out: Path) -> None:
    """``--out`` must be a new or empty folder, or a study folder netopt wrote (to resume)."""
    if out.exists() and not out.is_dir():
        raise StudyFolderError(f"{out}: a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / STUDY_FILE).is_file():
        raise StudyFolderError(
            f"{out}: holds files and is not a study folder (no {STUDY_FILE}); netopt does not "
            "write into a folder it did not make: give a new folder"
        )
    if out.is_dir():
        for entry in out.iterdir():
            if entry.name not in STUDY_FOLDER_ENTRIES:
                raise StudyFolderError(
                    f"{out}: holds {entry.name}, which netopt did not write; move it out or give "
                    "a new folder"
                )


def run_study(
    study: StudyFile,
    out: str | Path,
    workers: int | None = None,
    *,
    progress: Progress | None = None,
    runner: Runner | None = None,
) -> StudyResult:
    """Solve every scenario of ``study`` into ``out`` and write ``study.json`` and the
    comparison; scenarios already solved there (same instance and options) are reused.

    ``workers`` local processes (default: one per core), or ``runner`` when given (e.g. a Dask
    cluster's, :class:`netopt.study.cluster.DaskRunner`).
    """
    began = time.perf_counter()
    out = Path(out)
    check_study_folder(out)
    jobs = study_jobs(study, out)
    (out / SCENARIOS_FOLDER).mkdir(parents=True, exist_ok=True)
    outcomes: dict[str, ScenarioOutcome] = {}
    todo = []
    for job in jobs:
        reused = reused_outcome(job)
        if reused is None:
            todo.append(job)
        else:
            outcomes[job.name] = reused
            if progress is not None:
                progress(reused, len(outcomes), len(jobs))
    if runner is None:
        runner = LocalRunner(min(workers or default_workers(), len(jobs)))
    for job, solved in runner.map(solve_scenario, todo):
        if isinstance(solved, BaseException):
            solved = SolvedScenario(failed_scenario(job, solved, 0.0))
        outcome = write_scenario(job, solved)
        outcomes[outcome.name] = outcome
        if progress is not None:
            progress(outcome, len(outcomes), len(jobs))
    settings = study.study.options
    if settings.model is StudyModel.CAPITAL and settings.consistent:
        outcomes = make_consistent(jobs, outcomes, runner)
    ordered = tuple(outcomes[job.name] for job in jobs)
    result = StudyResult(
        out.resolve(), ordered, time.perf_counter() - began, runner.workers, runner.name
    )
    write_study_files(study, result)
    return result


def _decision_tables(folder: Path) -> dict[str, pd.DataFrame]:
    tables = read_plan_results(folder).tables
    return {name: tables[name] for name in DECISION_TABLES if name in tables}


def consistency_jobs(
    jobs: Sequence[ScenarioJob],
    outcomes: Mapping[str, ScenarioOutcome],
    sources: Collection[str] | None = None,
) -> list[TransferJob]:
    """For each scenario not proven optimal, the other scenarios' plans to try in it (only
    those of ``sources`` when given)."""
    planned = {
        job.name: job
        for job in jobs
        if outcomes[job.name].status in (SolveStatus.OPTIMAL.value, SolveStatus.FEASIBLE.value)
    }
    tables = {name: _decision_tables(job.folder) for name, job in planned.items()}
    out = []
    for job in jobs:
        own = outcomes[job.name]
        if own.status in (FAILED, SolveStatus.OPTIMAL.value, SolveStatus.INFEASIBLE.value):
            continue
        try:
            summary = json.loads((job.folder / SUMMARY_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        candidates = tuple(
            (name, float(outcomes[name].objective or 0.0), tables[name])
            for name in planned
            if name != job.name and (sources is None or name in sources)
        )
        if candidates:
            out.append(
                TransferJob(
                    job.name,
                    job.instance,
                    job.options,
                    summary.get("objective"),
                    summary.get("bound"),
                    summary.get("start_objective"),
                    candidates,
                )
            )
    return out


CONSISTENCY_ROUNDS = 3
"""The most rounds of the consistency pass: the first tries every plan in every scenario; each
later round only the plans the round before changed (a scenario that took a neighbour's plan
has a new plan to offer: in a 100-scenario sweep, 11 of the 15 pairs still broken after one
round were of this kind)."""


def make_consistent(
    jobs: Sequence[ScenarioJob], outcomes: Mapping[str, ScenarioOutcome], runner: Runner
) -> dict[str, ScenarioOutcome]:
    """Try each scenario's plan in the others (:mod:`netopt.study.consistency`), in rounds
    (:data:`CONSISTENCY_ROUNDS`), and write the cheaper plans found; the outcomes updated."""
    updated = dict(outcomes)
    by_name = {job.name: job for job in jobs}
    sources: set[str] | None = None
    for _ in range(CONSISTENCY_ROUNDS):
        changed: set[str] = set()
        for transfer, result in runner.map(
            try_other_plans, consistency_jobs(jobs, updated, sources)
        ):
            if isinstance(result, BaseException) or result.source is None:
                continue  # the scenario keeps its own plan
            if result.files is None:
                continue
            job = by_name[transfer.name]
            written = write_scenario(job, SolvedScenario(updated[job.name], result.files))
            if written.status == FAILED:
                continue
            own = updated[job.name]
            updated[job.name] = replace(
                own,
                status=result.status or own.status,
                objective=result.objective,
                gap=result.gap,
                plan_from=result.source,
                found_objective=own.found_objective if own.plan_from else own.objective,
                seconds=own.seconds + result.seconds,
            )
            changed.add(job.name)
        if not changed:
            break
        sources = changed
    return updated


def write_study_files(study: StudyFile, result: StudyResult) -> None:
    """``study.json``, ``comparison.csv``, ``comparison.xlsx`` and ``comparison.html`` in the
    study's folder (each written whole, via a temporary file)."""
    folder = result.folder
    record = {
        "study": study.study.name,
        "study_file": str(study.path),
        "base_instance_sha256": instance_hash(study.base),
        "options": study.study.options.model_dump(mode="json"),
        "runner": result.runner,
        "workers": result.workers,
        "seconds": result.seconds,
        "scenarios": [asdict(o) for o in result.outcomes],
    }
    write_text_atomic(folder / STUDY_FILE, json.dumps(record, indent=2) + "\n")
    solved = {
        o.name: folder / o.folder
        for o in result.outcomes
        if o.status != FAILED and (folder / o.folder / SUMMARY_FILE).is_file()
    }
    if not solved:
        return
    frame = comparison_frame(solved)
    write_text_atomic(folder / COMPARISON_FILE, frame.to_csv(index=False, lineterminator="\n"))
    descriptions = {o.name: o.description for o in result.outcomes}
    page = comparison_page(study.study.name or study.path.stem, frame, descriptions)
    write_text_atomic(folder / COMPARISON_PAGE, page)
    scratch = folder / f".{COMPARISON_WORKBOOK}.tmp"
    write_workbook(
        scratch,
        {"model": "study", "network": study.study.name},
        {"comparison": frame},
        {"comparison": comparison_doc(frame, study.study.options.model.value)},
    )
    scratch.replace(folder / COMPARISON_WORKBOOK)
