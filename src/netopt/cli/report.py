"""``netopt report``: draw a plan's HTML report from its result folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from netopt import api
from netopt.cli.common import Exit, check_new_file, fail, out_console
from netopt.io.result_folder import SUMMARY_FILE, ResultFolderError, ResultWriteError
from netopt.report.folder import ReportInputError


def report_command(
    results: Annotated[
        Path, typer.Argument(help="Result folder written by 'netopt solve' or 'netopt baseline'.")
    ],
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            metavar="FILE",
            help="Write the report to FILE (a new file) instead of RESULTS/report.html.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace --output FILE if it exists.")
    ] = False,
) -> None:
    """Draw the plan's HTML report: one self-contained page (charts, map and tables) that
    opens offline in any browser.

    By default the report is added to the result folder as report.html, listed in its
    summary.json (a report netopt drew before is replaced). Exit 0 when written, 2 when RESULTS
    is not a result folder with a plan (or --output is unusable), 4 when the write fails.
    """
    if output is not None:
        check_new_file(output, force=force, option="--output")
        if (results / SUMMARY_FILE).is_file() and output.resolve().is_relative_to(
            results.resolve()
        ):
            fail(
                f"--output {output}: inside the result folder {results}; leave out --output to "
                "add the report to the folder, or name a file outside it",
                Exit.BAD_INPUT,
            )
    try:
        path = api.write_report(results, output)
    except (ReportInputError, ResultFolderError) as error:
        fail(str(error), Exit.BAD_INPUT)
    except ResultWriteError as error:
        fail(str(error), Exit.WRITE_FAILED)
    out_console.print(f"Report: {path}", markup=False, highlight=False, soft_wrap=True)
