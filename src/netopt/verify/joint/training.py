"""Training: ``training_places`` and ``training_intake`` of ``models/joint.md``, the columns of
``training.csv``, and what the trainees started make of each employer's roles year by year.

A trainee starting pathway ``pw`` in year ``y`` is in training in ``y .. y + years - 1`` (in
their ``from_role``, studying ``study_share`` of its clinical hours, supervised for
``supervision_hours`` by ``supervisor_role``, else ``to_role``), and in ``y + years`` ``completion_rate`` of them join
``to_role`` (leaving ``from_role``); an apprentice (a pathway from outside) only joins.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from netopt.verify.columns import Cells
from netopt.verify.joint.reference import StaffingReference, supervisor
from netopt.verify.joint.tables import StaffingTables, StaffYear
from netopt.verify.report import Violation, Where
from netopt.verify.tolerance import within
from netopt.verify.words import num


@dataclass(frozen=True)
class Training:
    """What the trainees of ``training.csv`` make of each (employer, role, year), exact (the
    trainees are whole people)."""

    started: dict[tuple[str, str, int], int] = field(default_factory=dict)
    """(employer, pathway, year) -> trainees starting."""
    in_training: dict[tuple[str, str, int], int] = field(default_factory=dict)
    """(employer, pathway, year) -> trainees in their training years."""
    trained_in: dict[StaffYear, float] = field(default_factory=dict)
    """WTE joining the role on completing."""
    trained_out: dict[StaffYear, float] = field(default_factory=dict)
    """WTE leaving the role on completing (training from it)."""
    started_from: dict[StaffYear, int] = field(default_factory=dict)
    """Trainees starting a pathway from the role."""
    training_from: dict[StaffYear, int] = field(default_factory=dict)
    """Trainees in training from the role."""
    supervision: dict[StaffYear, float] = field(default_factory=dict)
    """Hours the role supervises trainees (of the pathways it supervises)."""
    study: dict[StaffYear, float] = field(default_factory=dict)
    """Clinical hours of the role its trainees spend studying."""


def training_of(ref: StaffingReference, tables: StaffingTables) -> Training:
    """The trainees started (``training.csv``, rows of the instance's pathways) and what they
    make of each employer's roles."""
    started: dict[tuple[str, str, int], int] = defaultdict(int)
    for row in tables.training:
        started[(row.employer, row.pathway, row.year)] += row.trainees
    in_training: dict[tuple[str, str, int], int] = defaultdict(int)
    trained_in: dict[StaffYear, float] = defaultdict(float)
    trained_out: dict[StaffYear, float] = defaultdict(float)
    started_from: dict[StaffYear, int] = defaultdict(int)
    training_from: dict[StaffYear, int] = defaultdict(int)
    supervision: dict[StaffYear, float] = defaultdict(float)
    study: dict[StaffYear, float] = defaultdict(float)
    for (em, pw, start), n in started.items():
        p = ref.pathways[pw]
        done = p.completion_rate * n
        end = start + p.years
        trained_in[(em, p.to_role, end)] += done
        if p.from_role is not None:
            trained_out[(em, p.from_role, end)] += done
            started_from[(em, p.from_role, start)] += n
        for y in range(start, end):
            in_training[(em, pw, y)] += n
            supervision[(em, supervisor(p), y)] += p.supervision_hours * n
            if p.from_role is not None:
                training_from[(em, p.from_role, y)] += n
                hours = ref.roles[p.from_role].clinical_hours
                study[(em, p.from_role, y)] += p.study_share * hours * n
    return Training(
        started=dict(started),
        in_training=dict(in_training),
        trained_in=dict(trained_in),
        trained_out=dict(trained_out),
        started_from=dict(started_from),
        training_from=dict(training_from),
        supervision=dict(supervision),
        study=dict(study),
    )


def check_training_places(ref: StaffingReference, tables: StaffingTables) -> list[Violation]:
    """``training_places``: each employer starts at most ``max_starts_per_year`` trainees on a
    pathway a year, and only where it can (it has the roles the pathway trains from and into,
    sites for apprentices, and the trainees complete by the last plan year); trainees are at
    least one person."""
    out = []
    for row in tables.training:
        p = ref.pathways[row.pathway]
        where: Where = {"employer": row.employer, "pathway": row.pathway, "year": row.year}
        what = (
            f"training.csv line {row.line}: {row.employer} starts {row.trainees} trainee(s) on "
            f"{row.pathway} in {row.year}"
        )
        why = ref.no_training(row.employer, row.pathway, row.year)
        if row.trainees < 1:
            out.append(Violation("training_places", where, f"{what}; a row is one trainee or more"))
        elif why is not None:
            out.append(Violation("training_places", where, f"{what}, but {why}"))
        elif p.max_starts_per_year is not None and row.trainees > p.max_starts_per_year:
            out.append(
                Violation(
                    "training_places",
                    where,
                    f"{what}, above its {p.max_starts_per_year} place(s) a year "
                    "(max_starts_per_year)",
                )
            )
    return out


def check_training_columns(
    ref: StaffingReference, tables: StaffingTables, tolerance: float
) -> list[Violation]:
    """``training.csv``: each row repeats its pathway's roles, and completes ``years`` after
    it starts."""
    cells = Cells("training.csv", tolerance)
    for row in tables.training:
        p = ref.pathways[row.pathway]
        why = f"the instance's pathway {p.id}"
        cells.text(row.line, "from_role", row.from_role, p.from_role, why)
        cells.text(row.line, "to_role", row.to_role, p.to_role, why)
        why = f"its start and the {p.years} year(s) of {p.id}"
        cells.text(row.line, "completing_year", row.completing_year, row.year + p.years, why)
    return cells.out


def check_training_intake(
    ref: StaffingReference, tables: StaffingTables, training: Training, tolerance: float
) -> list[Violation]:
    """``training_intake``: trainees in training from a role at an employer (they stay in it
    while training) are no more than its WTE that year (``staffing.csv``)."""
    wte = {(r.employer, r.role, r.year): r.wte for r in tables.staffing}
    out = []
    for (em, ro, y), n in sorted(training.training_from.items()):
        have = wte.get((em, ro, y), 0.0)
        if not within(n, have, tolerance):
            out.append(
                Violation(
                    "training_intake",
                    {"employer": em, "role": ro, "year": y},
                    f"{em} has {n} {ro} trainee(s) in training in {y} (training.csv) but "
                    f"{num(have)} WTE of {ro} (staffing.csv): trainees come from the staff in "
                    "post",
                )
            )
    return out
