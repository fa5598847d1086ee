"""Cross-table checks of the staffing tables (see :mod:`netopt.schema.staffing`)."""

from __future__ import annotations

from netopt.schema.errors import InputProblem
from netopt.schema.rules import Known, duplicates, repeated_entries
from netopt.schema.tables import NETWORK_OWNER, InstanceTables


def check_staffing_unique(inst: InstanceTables) -> list[InputProblem]:
    out = duplicates("staff_roles", inst.staff_roles, lambda r: r.id, "id")
    out += duplicates("training_pathways", inst.training_pathways, lambda r: r.id, "id")
    out += duplicates(
        "staff_in_post", inst.staff_in_post, lambda r: (r.employer, r.role), "employer and role"
    )
    out += duplicates(
        "report_outsourcing_limits",
        inst.report_outsourcing_limits,
        lambda r: (r.year, r.exam_type or "(every exam type)"),
        "year and exam_type",
    )
    out += repeated_entries("staff_roles", inst.staff_roles, ("scans", "reports"))
    return out


def check_staffing_references(inst: InstanceTables) -> list[InputProblem]:
    modalities = Known("modality", (m.id for m in inst.modalities))
    exam_types = Known("exam type", (e.id for e in inst.exam_types))
    roles = Known("staff role", (r.id for r in inst.staff_roles))
    employers = Known(
        "employer (a trust id or 'network')", [*(t.id for t in inst.trusts), NETWORK_OWNER]
    )
    out: list[InputProblem] = []
    for i, role in enumerate(inst.staff_roles):
        for j, m in enumerate(role.scans):
            modalities.check(("staff_roles", i, "scans", j), m, out)
        for j, e in enumerate(role.reports):
            exam_types.check(("staff_roles", i, "reports", j), e, out)
    for i, row in enumerate(inst.staff_in_post):
        employers.check(("staff_in_post", i, "employer"), row.employer, out)
        roles.check(("staff_in_post", i, "role"), row.role, out)
    for i, p in enumerate(inst.training_pathways):
        roles.check(("training_pathways", i, "from_role"), p.from_role, out)
        roles.check(("training_pathways", i, "to_role"), p.to_role, out)
        roles.check(("training_pathways", i, "supervisor_role"), p.supervisor_role, out)
        if p.from_role == p.to_role:
            out.append(
                InputProblem(
                    ("training_pathways", i, "to_role"),
                    f"pathway '{p.id}' leads from role '{p.to_role}' to itself",
                )
            )
    for i, person in enumerate(inst.staff):
        roles.check(("staff", i, "role"), person.role, out)
    for i, limit in enumerate(inst.report_outsourcing_limits):
        exam_types.check(("report_outsourcing_limits", i, "exam_type"), limit.exam_type, out)
        if limit.year not in inst.years:
            out.append(
                InputProblem(
                    ("report_outsourcing_limits", i, "year"),
                    f"{limit.year} is not a plan year ({inst.years[0]}-{inst.years[-1]})",
                )
            )
    return out


STAFFING_CHECKS = (check_staffing_unique, check_staffing_references)
