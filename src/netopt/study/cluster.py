"""Running a study's scenarios on a Dask cluster (``pip install netopt[dask]``).

``netopt study run STUDY --dask local`` starts a ``LocalCluster`` on this machine (one worker
process per core, one thread each: HiGHS runs one solve per process); ``--scheduler ADDRESS``
sends the scenarios to an existing cluster, e.g. ``tcp://10.0.0.5:8786``, whose workers have
netopt installed. Each worker solves a scenario and sends back its result folder's files, so
workers need no disk shared with the machine that runs the study.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from netopt.study.runners import Item, Result

DASK_MISSING = (
    "Dask is not installed: pip install 'netopt[dask]' (or dask[distributed]) to run studies "
    "on a Dask cluster"
)


class DaskUnavailable(Exception):
    """Dask is not installed, or the scheduler cannot be reached (the message says which)."""


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise DaskUnavailable(DASK_MISSING) from None
    return distributed


@contextlib.contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """A Dask ``LocalCluster`` of ``workers`` processes with one thread each, and its client."""
    distributed = _distributed()
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@contextlib.contextmanager
def scheduler_client(address: str, timeout: float = 10.0) -> Iterator[Any]:
    """A client of the Dask scheduler at ``address`` (:class:`DaskUnavailable` when it cannot
    be reached within ``timeout`` seconds)."""
    distributed = _distributed()
    try:
        client = distributed.Client(address, timeout=timeout)
    except (OSError, TimeoutError) as error:
        raise DaskUnavailable(f"cannot reach the Dask scheduler at {address}: {error}") from None
    with client:
        yield client


@dataclass(frozen=True)
class DaskRunner:
    """Runs a study's work on the Dask cluster of ``client`` (a
    :class:`netopt.study.runners.Runner`): each item is a task; a task that errs or whose
    worker dies is yielded with its exception."""

    client: Any
    name: str = "dask"

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def map(
        self, function: Callable[[Item], Result], items: Sequence[Item]
    ) -> Iterator[tuple[Item, Result | BaseException]]:
        distributed = _distributed()
        futures = {
            self.client.submit(function, item, key=f"netopt-{uuid.uuid4().hex}", pure=False): item
            for item in items
        }
        for future in distributed.as_completed(list(futures)):
            try:
                yield futures[future], future.result()
            except Exception as error:  # the task or its worker failed
                yield futures[future], error
