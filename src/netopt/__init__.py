"""netopt: optimisation engine for NHS diagnostic imaging networks.

Typical use::

    import netopt
    instance = netopt.load_instance("instances/tutorial.yaml")
    plan = netopt.solve_capital(instance, netopt.SolveOptions(time_limit=60))
    print(plan.status, plan.objective)
    plan.purchases  # a pandas DataFrame keyed by site, model and year

    roster = netopt.solve_workforce(instance, passport=netopt.PassportPolicy.NETWORK)
    roster.outsourced  # reports outsourced per week, by site and exam type
"""

from netopt.api import (
    Alternatives,
    Baseline,
    BaselinePolicy,
    CapitalPlan,
    CapitalStrategy,
    Diagnosis,
    JointPlan,
    JointPlanWarning,
    JointShortfall,
    PassportPolicy,
    Progress,
    ReportInputError,
    ResultFolderError,
    ResultWriteError,
    RosteredWeek,
    SolveOptions,
    SolveStatus,
    Study,
    StudyError,
    WorkforcePlan,
    alternatives_frame,
    baseline_capital,
    capital_alternatives,
    capital_plan_week,
    compare_with_baselines,
    compare_with_sequential,
    diagnose_capital,
    diagnose_joint,
    diagnose_workforce,
    load_instance,
    plan_summary,
    solve_capital,
    solve_capital_networks,
    solve_joint,
    solve_joint_and_sequential,
    solve_workforce,
    solve_workforce_networks,
    verify,
    workforce_from_capital_plan,
    write_capital_plan,
    write_plan,
    write_report,
    write_workforce_plan,
)
from netopt.schema import Instance, InstanceError

__version__ = "0.1.0"

__all__ = [
    "Alternatives",
    "Baseline",
    "BaselinePolicy",
    "CapitalPlan",
    "CapitalStrategy",
    "Diagnosis",
    "Instance",
    "InstanceError",
    "JointPlan",
    "JointPlanWarning",
    "JointShortfall",
    "PassportPolicy",
    "Progress",
    "ReportInputError",
    "ResultFolderError",
    "ResultWriteError",
    "RosteredWeek",
    "SolveOptions",
    "SolveStatus",
    "Study",
    "StudyError",
    "WorkforcePlan",
    "__version__",
    "alternatives_frame",
    "baseline_capital",
    "capital_alternatives",
    "capital_plan_week",
    "compare_with_baselines",
    "compare_with_sequential",
    "diagnose_capital",
    "diagnose_joint",
    "diagnose_workforce",
    "load_instance",
    "plan_summary",
    "solve_capital",
    "solve_capital_networks",
    "solve_joint",
    "solve_joint_and_sequential",
    "solve_workforce",
    "solve_workforce_networks",
    "verify",
    "workforce_from_capital_plan",
    "write_capital_plan",
    "write_plan",
    "write_report",
    "write_workforce_plan",
]
