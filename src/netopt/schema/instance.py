"""The netopt instance: every table (``netopt.schema.tables``) and the cross-table rules.

Cross-table checks (unknown references, duplicate ids, capital shares, ...; see
``netopt.schema.checks``) run when an :class:`Instance` is built, so an ``Instance`` object is
always internally consistent.
"""

from __future__ import annotations

from pydantic import model_validator

from netopt.schema.checks import check_instance
from netopt.schema.errors import InstanceError
from netopt.schema.tables import InstanceTables


class Instance(InstanceTables):
    """A complete netopt instance."""

    @model_validator(mode="after")
    def _cross_check(self) -> Instance:
        problems = check_instance(self)
        if problems:
            raise InstanceError(problems)
        return self
