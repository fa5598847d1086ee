"""The independent verifier of joint plans (see :mod:`netopt.verify.joint.verifier`)."""

from netopt.verify.joint.verifier import JointVerificationReport, verify_joint

__all__ = ["JointVerificationReport", "verify_joint"]
