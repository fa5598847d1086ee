"""The ``netopt`` command: a thin layer over :mod:`netopt.api`, one module per command group.

Exit codes (:class:`netopt.cli.common.Exit`, ``docs/cli.md``): 0 a plan was found (or the
command succeeded), 1 no plan exists, 2 bad input or an unusable ``--out``, 3 undecided within
the time limit, 4 the results could not be written, 5 the solver failed, 130 interrupted.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn

import typer

from netopt.cli.baseline import baseline_app
from netopt.cli.common import CommandStart
from netopt.cli.diagnose import diagnose_command
from netopt.cli.files import schema_command, template_command, validate_command
from netopt.cli.report import report_command
from netopt.cli.solve import solve_app
from netopt.cli.study import study_app
from netopt.cli.verify import verify_command
from netopt.solve.clock import process_started

app = typer.Typer(
    name="netopt",
    help="Optimisation engine for NHS diagnostic imaging networks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(solve_app, name="solve")
app.add_typer(baseline_app, name="baseline")
app.add_typer(study_app, name="study")
app.command("diagnose")(diagnose_command)
app.command("verify")(verify_command)
app.command("report")(report_command)
app.command("validate")(validate_command)
app.command("template")(template_command)
app.command("schema")(schema_command)


def main(argv: list[str] | None = None) -> NoReturn:
    """Console-script entry point.

    The time limit of a command counts from the start of the process (Python's own start and
    imports included), and the process ends without freeing what it built: a large Pyomo model
    takes seconds to free (12 s at 100 times the tutorial), time no limit could count.
    """
    started = process_started()
    try:
        app(args=argv, obj=CommandStart(started))
        code = 0
    except SystemExit as done:
        code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
        if isinstance(done.code, str):
            print(done.code, file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
