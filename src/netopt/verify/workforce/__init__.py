"""The independent verifier of workforce plans (see :mod:`netopt.verify.workforce.verifier`)."""

from netopt.verify.workforce.verifier import WorkforceVerificationReport, verify_workforce

__all__ = ["WorkforceVerificationReport", "verify_workforce"]
