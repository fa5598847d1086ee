"""``netopt validate``, ``netopt template`` and ``netopt schema``: instance files."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from netopt.cli.common import Exit, check_new_file, fail, load, out_console
from netopt.io import instance_json_schema, write_template
from netopt.io.atomic import write_text_atomic
from netopt.study.spec import study_json_schema

ForceFileOption = Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")]


def validate_command(
    instance: Annotated[Path, typer.Argument(help="Instance file to check.")],
) -> None:
    """Check an instance file and report every problem with its place."""
    inst = load(instance)
    out_console.print(
        f"ok: {inst.network.name}: {len(inst.trusts)} trusts, {len(inst.sites)} sites, "
        f"{len(inst.assets)} scanners, {len(inst.exam_types)} exam types, "
        f"{inst.network.horizon_years} years from {inst.network.first_year}",
        markup=False,
    )


def template_command(
    out: Annotated[Path, typer.Argument(help="Excel workbook to write (.xlsx).")],
    force: ForceFileOption = False,
) -> None:
    """Write an empty, documented Excel workbook to fill in."""
    if out.suffix.lower() != ".xlsx":
        fail(f"{out}: the template is an Excel workbook; give a .xlsx name", Exit.BAD_INPUT)
    check_new_file(out, force)
    try:
        write_template(out)
    except OSError as error:
        fail(f"{out}: cannot write it: {error.strerror or error}", Exit.WRITE_FAILED)
    out_console.print(f"wrote {out}", markup=False)


def schema_command(
    out: Annotated[Path | None, typer.Option(help="Write to this file instead of stdout.")] = None,
    force: ForceFileOption = False,
    study: Annotated[
        bool, typer.Option("--study", help="The schema of a study file instead.")
    ] = False,
) -> None:
    """Print the JSON Schema of an instance (or, with --study, of a study file)."""
    schema = study_json_schema() if study else instance_json_schema()
    text = json.dumps(schema, indent=2) + "\n"
    if out is None:
        sys.stdout.write(text)
        return
    check_new_file(out, force)
    try:
        write_text_atomic(out, text)
    except OSError as error:
        fail(f"{out}: cannot write it: {error.strerror or error}", Exit.WRITE_FAILED)
