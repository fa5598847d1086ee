"""netopt.verify: independent checks of written plans against their instance.

:func:`verify_capital` re-checks a capital plan's result folder family by family (see
``models/capital.md``) without Pyomo or the model code.
"""

from netopt.verify.capital import verify_capital
from netopt.verify.report import VerificationReport, Violation

__all__ = ["VerificationReport", "Violation", "verify_capital"]
