"""``netopt verify``: re-check a written plan against its instance, without the model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netopt import api
from netopt.cli.common import Exit, fail, load, out_console
from netopt.io.result_folder import SUMMARY_FILE


def verify_command(
    instance: Annotated[
        Path,
        typer.Argument(
            help="Instance file the plan was solved from (as written, also for a week rostered "
            "with --capital-plan: the folder holds that week)."
        ),
    ],
    results: Annotated[Path, typer.Argument(help="Result folder written by 'netopt solve'.")],
    tolerance: Annotated[float, typer.Option(help="Relative tolerance for the objective.")] = 1e-6,
) -> None:
    """Re-check a written plan against its instance, independently of the model.

    A workforce plan rostered from a capital or joint plan's year (solve workforce --capital-plan) is checked against the week in its folder (week.yaml), once that week is shown to be the instance but for what rostering changes, and those changes what the plan's folder says when it is still there.

    Exit 0 when the plan holds and every figure written is the one recomputed; 1 otherwise.
    """
    inst = load(instance)
    if not (results / SUMMARY_FILE).is_file():
        fail(f"{results}: not a result folder (no {SUMMARY_FILE})", Exit.BAD_INPUT)
    report = api.verify(inst, results, tolerance)
    out_console.print(report.render(), markup=False, highlight=False, soft_wrap=True)
    if not report.ok:
        raise typer.Exit(int(Exit.NO_PLAN))
