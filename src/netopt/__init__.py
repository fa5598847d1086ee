"""netopt: optimisation engine for NHS diagnostic imaging networks.

Typical use::

    import netopt
    instance = netopt.load_instance("instances/tutorial.yaml")
    plan = netopt.solve_capital(instance, netopt.SolveOptions(time_limit=60))
    print(plan.status, plan.objective)
    plan.purchases  # a pandas DataFrame keyed by site, model and year
"""

from netopt.api import (
    CapitalPlan,
    Diagnosis,
    SolveOptions,
    SolveStatus,
    diagnose_capital,
    load_instance,
    plan_summary,
    solve_capital,
    solve_capital_networks,
    verify,
    write_capital_plan,
)

__version__ = "0.1.0"

__all__ = [
    "CapitalPlan",
    "Diagnosis",
    "SolveOptions",
    "SolveStatus",
    "__version__",
    "diagnose_capital",
    "load_instance",
    "plan_summary",
    "solve_capital",
    "solve_capital_networks",
    "verify",
    "write_capital_plan",
]
