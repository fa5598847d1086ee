"""``netopt study``: run a scenario study, compare its scenarios, explain what changed."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from netopt.cli.common import Exit, err_console, fail, money, out_console
from netopt.schema import InstanceError
from netopt.solve.parallel import default_workers
from netopt.study.apply import StudyError, read_study
from netopt.study.cluster import DaskRunner, DaskUnavailable, local_cluster, scheduler_client
from netopt.study.compare import comparison_frame, comparison_text_rows
from netopt.study.diff import diff_plans
from netopt.study.handle import Study
from netopt.study.run import (
    COMPARISON_FILE,
    FAILED,
    STUDY_FILE,
    ScenarioOutcome,
    StudyFolderError,
    run_study,
)

study_app = typer.Typer(
    help="Scenario studies: run every scenario of a study file, compare them, explain the "
    "differences.",
    no_args_is_help=True,
)


def _outcome_line(outcome: ScenarioOutcome, done: int, total: int) -> str:
    if outcome.status == FAILED:
        what = f"FAILED: {outcome.error}"
    elif outcome.objective is not None:
        gap = "" if outcome.gap is None else f", gap {100 * outcome.gap:.1f}%"
        what = f"{outcome.status}, {money(outcome.objective)}{gap}"
    else:
        what = outcome.status
    how = "reused" if outcome.reused else f"{outcome.seconds:.0f} s"
    return f"[{done}/{total}] {outcome.name}: {what} ({how})"


@contextlib.contextmanager
def _cluster(dask: str | None, scheduler: str | None, workers: int | None) -> Iterator[Any]:
    if dask is None and scheduler is None:
        yield None
        return
    if dask is not None and scheduler is not None:
        fail("give --dask local or --scheduler ADDRESS, not both", Exit.BAD_INPUT)
    if dask is not None and dask != "local":
        fail(f"--dask {dask}: the only choice is 'local' (or give --scheduler)", Exit.BAD_INPUT)
    try:
        if scheduler is not None:
            with scheduler_client(scheduler) as client:
                yield client
        else:
            from netopt.solve.parallel import default_workers

            with local_cluster(workers or default_workers()) as client:
                yield client
    except DaskUnavailable as error:
        fail(str(error), Exit.BAD_INPUT)


@study_app.command("run")
def run_command(
    study: Annotated[Path, typer.Argument(help="Study file (YAML or JSON): docs/studies.md.")],
    out: Annotated[
        Path,
        typer.Option(
            "--out",
            "-o",
            help="The study's folder: new, or a study folder netopt wrote (scenarios already "
            "solved there with the same instance and options are reused).",
        ),
    ],
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Scenarios solved at once (default: one per core)."),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(help="'local': run on a Dask LocalCluster on this machine."),
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(help="Run on the Dask cluster whose scheduler is at this address."),
    ] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No line per scenario.")] = False,
    json_output: Annotated[
        bool, typer.Option("--json", help="Print study.json to stdout.")
    ] = False,
) -> None:
    """Solve every scenario of a study, each into its own result folder under OUT/scenarios/,
    and write OUT/study.json and OUT/comparison.csv and .xlsx.

    Each scenario's time limit is the study's options.time_limit (solve and writing). Exit 0
    when every scenario was solved (a scenario proven infeasible is an answer), 2 for a bad
    study file or --out, 5 when a scenario failed (the others are still solved and written).
    """
    try:
        loaded = read_study(study)
    except (StudyError, InstanceError) as error:
        fail(error.render(), Exit.BAD_INPUT)
    console = err_console if json_output else out_console

    display = Console(quiet=True) if quiet else console
    failed = 0
    total = len(loaded.study.all_scenarios())

    with _cluster(dask, scheduler, workers) as client, display.status("Starting...") as status:
        runner = DaskRunner(client) if client is not None else None
        at_once = runner.workers if runner is not None else workers or default_workers()
        status.update(f"Study: 0 of {total} scenarios done, {min(at_once, total)} running")

        def progress(outcome: ScenarioOutcome, done: int, total: int) -> None:
            nonlocal failed
            failed += outcome.status == FAILED
            display.print(_outcome_line(outcome, done, total), markup=False, highlight=False)
            running = min(at_once, total - done)
            status.update(
                f"Study: {done} of {total} scenarios done, {running} running, {failed} failed"
                if done < total
                else "Study: trying each scenario's plan in the others..."
            )

        try:
            result = run_study(loaded, out, workers, progress=progress, runner=runner)
        except (StudyError, InstanceError) as error:
            fail(error.render(), Exit.BAD_INPUT)
        except StudyFolderError as error:
            fail(f"--out {error}", Exit.BAD_INPUT)
    for outcome in result.outcomes:
        if outcome.plan_from is not None and not quiet:
            console.print(
                f"{outcome.name}: the plan of {outcome.plan_from}, costed here, is cheaper than "
                f"the one its own solve found: {money(outcome.objective)} against "
                f"{money(outcome.found_objective)}",
                markup=False,
                highlight=False,
            )
    if json_output:
        sys.stdout.write((out / STUDY_FILE).read_text(encoding="utf-8"))
    else:
        solved = sum(o.status != FAILED for o in result.outcomes)
        console.print(
            f"{solved} of {len(result.outcomes)} scenarios solved in {result.seconds:.0f} s "
            f"({result.runner}, {result.workers} at once); the comparison: "
            f"{out / COMPARISON_FILE}",
            markup=False,
            highlight=False,
        )
    if result.failed:
        for outcome in result.failed:
            err_console.print(f"{outcome.name} failed: {outcome.error}", markup=False)
        raise typer.Exit(int(Exit.SOLVER_FAILED))


def _scenario_folders(folder: Path) -> dict[str, Path]:
    """The solved scenarios of a study folder, in the study's order (exit 2 when it is not a
    study folder)."""
    try:
        return Study.folders(folder)
    except (OSError, ValueError, KeyError, TypeError):
        fail(f"{folder}: not a study folder (no readable {STUDY_FILE})", Exit.BAD_INPUT)


@study_app.command("compare")
def compare_command(
    folder: Annotated[Path, typer.Argument(help="A study's folder (netopt study run --out).")],
) -> None:
    """Print the scenarios side by side: net present cost and its components, capital by
    trust, scanners bought, replaced and retired, rooms, outsourcing, travel, gap."""
    rows = comparison_text_rows(comparison_frame(_scenario_folders(folder)))
    width = out_console.width if out_console.is_terminal else PIPED_WIDTH
    for block in side_by_side(rows, width):
        out_console.print(block, markup=False, highlight=False, soft_wrap=True)


PIPED_WIDTH = 100
"""Characters a line may take when the output is not a terminal."""


def side_by_side(rows: list[tuple[str, ...]], width: int) -> list[str]:
    """The comparison as aligned text blocks: the figure names, then as many scenarios' columns
    as fit in ``width`` characters (at least one), the next scenarios in the next block; no
    figure is ever cut."""
    header, body = rows[0], rows[1:]
    label = max(len(r[0]) for r in rows)
    widths = [max(len(r[c]) for r in rows) for c in range(1, len(header))]
    blocks: list[str] = []
    start = 0
    while start < len(widths):
        end, used = start, label
        while end < len(widths) and (end == start or used + 2 + widths[end] <= width):
            used += 2 + widths[end]
            end += 1
        lines = []
        for row in (header, *body):
            cells = [row[0].ljust(label)]
            cells += [row[c + 1].rjust(widths[c]) for c in range(start, end)]
            lines.append("  ".join(cells).rstrip())
        blocks.append("\n".join(lines))
        start = end
    return [f"{block}\n" for block in blocks]


@study_app.command("diff")
def diff_command(
    folder: Annotated[Path, typer.Argument(help="A study's folder.")],
    first: Annotated[str, typer.Argument(help="A scenario (e.g. base).")],
    second: Annotated[str, typer.Argument(help="Another scenario.")],
) -> None:
    """Say what changed between two scenarios' plans, in planners' words: cost, purchases
    added, removed or moved in time or place, spend by trust, outsourcing and travel."""
    folders = _scenario_folders(folder)
    for name in (first, second):
        if name not in folders:
            fail(
                f"{folder}: no solved scenario {name!r}; scenarios: {', '.join(folders)}",
                Exit.BAD_INPUT,
            )
    diff = diff_plans(folders[first], folders[second], first, second)
    for sentence in diff.sentences:
        out_console.print(f"- {sentence}", markup=False, highlight=False, soft_wrap=True)
