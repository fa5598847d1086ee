"""Writing a plan's HTML report: into its result folder (listed in ``summary.json`` like every
file netopt writes there) or to a file of the user's choosing.

Into the folder, the folder is rewritten whole and atomically with the report added (the same
way ``netopt solve`` writes it), so a reader sees the folder with or without the report, never
half of it. A folder that holds anything netopt did not write is refused: rewriting it would
lose that file, and writing beside it would leave ``summary.json`` not listing the report.
"""

from __future__ import annotations

from pathlib import Path

from netopt.io.atomic import write_text_atomic
from netopt.io.result_folder import (
    RESULT_FILES_KEY,
    SUMMARY_FILE,
    ResultWriteError,
    check_result_folder,
    foreign_entries,
    write_failure,
    write_result_folder_atomically,
)
from netopt.report.folder import PlanResults, ReportInputError, read_plan_results, read_summary
from netopt.report.page import REPORT_FILE, render_report
from netopt.report.writer import summary_json


def _plan_results(folder: Path) -> PlanResults:
    results = read_plan_results(folder)
    if not results.tables:
        status = results.summary.get("status")
        raise ReportInputError(f"{folder}: the plan's status is {status}: there is no plan to draw")
    return results


def report_into_folder(folder: Path) -> Path:
    """Draw the report of the plan in ``folder`` and add it to the folder as ``report.html``
    (replacing the one netopt wrote before); the report's path.

    Raises :class:`ReportInputError` when the folder is not a result folder with a plan or holds
    files netopt did not write, :class:`ResultWriteError` when the system refuses the write.
    """
    results = _plan_results(folder)
    foreign = foreign_entries(folder)
    if foreign:
        shown = ", ".join(foreign[:5]) + (", ..." if len(foreign) > 5 else "")
        raise ReportInputError(
            f"{folder}: holds files netopt did not write ({shown}); netopt rewrites a result "
            "folder whole, so it will not add the report there: give --output FILE"
        )
    page = render_report(results).encode("utf-8")
    summary = read_summary(folder)
    listed = [name for name in summary.get(RESULT_FILES_KEY, []) if name != REPORT_FILE]
    summary[RESULT_FILES_KEY] = sorted([*listed, REPORT_FILE])
    files = {name: (folder / name).read_bytes() for name in listed}
    files[REPORT_FILE] = page
    files[SUMMARY_FILE] = summary_json(summary).encode("utf-8")
    target = check_result_folder(folder)
    write_result_folder_atomically(target, files)
    return target / REPORT_FILE


def report_to_file(folder: Path, output: Path) -> Path:
    """Draw the report of the plan in ``folder`` into the file ``output`` (written whole, via a
    temporary file beside it); ``output``."""
    results = _plan_results(folder)
    page = render_report(results)
    try:
        write_text_atomic(output, page)
    except OSError as error:
        raise ResultWriteError(write_failure(output, error)) from None
    return output
