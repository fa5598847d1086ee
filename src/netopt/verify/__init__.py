"""netopt.verify: independent checks of written plans against their instance.

:func:`verify_capital` re-checks a capital plan's result folder family by family (see
``models/capital.md``), :func:`verify_workforce` a workforce plan's (see
``models/workforce.md``) and :func:`verify_joint` a joint plan's (see ``models/joint.md``),
all without Pyomo or the model code. Each checks every file the solver writes: each table's
every column, ``summary.json`` and ``plan.xlsx``.
"""

from netopt.verify.capital import verify_capital
from netopt.verify.joint import JointVerificationReport, verify_joint
from netopt.verify.report import VerificationReport, Violation
from netopt.verify.summary import summary_model
from netopt.verify.workforce import WorkforceVerificationReport, verify_workforce

__all__ = [
    "JointVerificationReport",
    "VerificationReport",
    "Violation",
    "WorkforceVerificationReport",
    "summary_model",
    "verify_capital",
    "verify_joint",
    "verify_workforce",
]
