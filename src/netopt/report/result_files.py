"""A plan's result folder as files in memory: what ``netopt solve`` writes, made where the plan
is (e.g. in a worker process or on a Dask worker), so whoever writes the folder needs nothing
but the bytes."""

from __future__ import annotations

import json
import warnings
from collections.abc import Mapping
from typing import Any

import pandas as pd

from netopt.io import instance_hash
from netopt.io.capital_plan import WEEK_FILE
from netopt.io.yaml_format import dump_yaml
from netopt.models.capital.plan import CapitalPlan
from netopt.models.diagnosis import Diagnosis
from netopt.models.workforce.from_capital import RosteredWeek
from netopt.models.workforce.plan import WorkforcePlan
from netopt.report.folder import PlanResults, ReportWarning
from netopt.report.page import REPORT_FILE, render_report
from netopt.report.writer import render_result_files

Plan = CapitalPlan | WorkforcePlan


def plan_summary(plan: Plan, instance: Any) -> dict[str, Any]:
    """``summary.json`` content: the plan's summary plus the instance hash."""
    return {**plan.summary(), "instance_sha256": instance_hash(instance)}


def week_yaml(week: RosteredWeek) -> str:
    """``week.yaml``: the week as an instance file, opened by a comment saying what it is."""
    model = "joint" if week.joint else "capital"
    return (
        f"# The week netopt solved: {week.year} of the {model} plan in {json.dumps(str(week.folder))}"
        "\n# (netopt solve workforce --capital-plan). netopt verify checks the plan against it.\n"
        + dump_yaml(week.instance)
    )


def plan_result_files(
    plan: Plan,
    instance: Any,
    diagnosis: Diagnosis | None = None,
    *,
    extra_tables: Mapping[str, pd.DataFrame] | None = None,
    report: bool = True,
) -> dict[str, bytes]:
    """Every file of the plan's result folder by name (see ``netopt.write_plan``): the tables as
    CSV, ``plan.xlsx``, ``summary.json``, the report (with ``report`` and a plan; a report that
    cannot be drawn is left out with a :class:`ReportWarning`), the diagnosis when given and,
    for a workforce plan solved for a capital or joint plan's week, the week (``week.yaml``,
    whatever the plan's status: it is the instance the plan is verified against)."""
    tables = plan.tables() if plan.status.has_plan else {}
    tables.update(extra_tables or {})
    extra: dict[str, str] = {}
    if isinstance(plan, WorkforcePlan) and plan.week is not None:
        extra[WEEK_FILE] = week_yaml(plan.week)
    if diagnosis is not None:
        extra["diagnosis.json"] = json.dumps(diagnosis.to_dict(), indent=2) + "\n"
        extra["diagnosis.txt"] = diagnosis.render() + "\n"
    summary = plan_summary(plan, instance)
    if report and plan.status.has_plan:
        try:
            extra[REPORT_FILE] = render_report(PlanResults(summary, tables))
        except Exception as error:  # a chart's fault must never cost the plan's tables
            message = f"the HTML report could not be drawn ({type(error).__name__}: {error}); "
            warnings.warn(ReportWarning(message + "the plan's tables are written"), stacklevel=3)
    return render_result_files(summary, tables, extra)
