"""The ``netopt`` command: a thin layer over :mod:`netopt.api`, one module per command group.

Exit codes (:class:`netopt.cli.common.Exit`, ``docs/cli.md``): 0 a plan was found (or the
command succeeded), 1 no plan exists, 2 bad input or an unusable ``--out``, 3 undecided within
the time limit, 4 the results could not be written, 5 the solver failed, 130 interrupted.
"""

from __future__ import annotations

from typing import Any

import typer

from netopt.cli.baseline import baseline_app
from netopt.cli.diagnose import diagnose_command
from netopt.cli.files import schema_command, template_command, validate_command
from netopt.cli.solve import solve_app
from netopt.cli.verify import verify_command

app = typer.Typer(
    name="netopt",
    help="Optimisation engine for NHS diagnostic imaging networks.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(solve_app, name="solve")
app.add_typer(baseline_app, name="baseline")
app.command("diagnose")(diagnose_command)
app.command("verify")(verify_command)
app.command("validate")(validate_command)
app.command("template")(template_command)
app.command("schema")(schema_command)


def main(argv: list[str] | None = None) -> Any:
    """Console-script entry point."""
    return app(args=argv)
