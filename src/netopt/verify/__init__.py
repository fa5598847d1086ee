"""netopt.verify: independent checks of written plans against their instance.

:func:`verify_capital` re-checks a capital plan's result folder family by family (see
``models/capital.md``), :func:`verify_workforce` a workforce plan's (see
``models/workforce.md``), both without Pyomo or the model code.
"""

from netopt.verify.capital import verify_capital
from netopt.verify.report import VerificationReport, Violation
from netopt.verify.workforce import (
    WorkforceVerificationReport,
    summary_model,
    verify_workforce,
)

__all__ = [
    "VerificationReport",
    "Violation",
    "WorkforceVerificationReport",
    "summary_model",
    "verify_capital",
    "verify_workforce",
]
