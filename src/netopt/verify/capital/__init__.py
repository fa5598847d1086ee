"""The independent verifier of capital plans (see :mod:`netopt.verify.capital.verifier`)."""

from netopt.verify.capital.verifier import verify_capital

__all__ = ["verify_capital"]
