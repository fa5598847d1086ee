"""``sites.csv``, the same in every plan: each site of the instance, named and placed.

Re-derived from the instance alone: a row per site, in any order, with the site's name (its id
when it has none), owning trust, the trust's name (the network's for a network site), kind and
coordinates. A row left out, added, repeated or changed is found.
"""

from __future__ import annotations

from dataclasses import dataclass

from netopt.schema import Instance
from netopt.schema.tables import NETWORK_OWNER
from netopt.verify.columns import Cells
from netopt.verify.report import Violation

FILE = "sites.csv"
WHY = "the instance's sites"


@dataclass(frozen=True)
class SiteRow:
    """A row of ``sites.csv``."""

    site: str
    name: str
    trust: str
    trust_name: str
    kind: str
    latitude: float
    longitude: float
    line: int = 0


def check_site_table(instance: Instance, rows: list[SiteRow], tolerance: float) -> list[Violation]:
    """``sites.csv``: one row per site of the instance, each as the instance gives it."""
    cells = Cells(FILE, tolerance)
    trust_names = {t.id: t.name or t.id for t in instance.trusts}
    trust_names[NETWORK_OWNER] = instance.network.name or NETWORK_OWNER
    sites = {s.id: s for s in instance.sites}
    seen: set[str] = set()
    for row in rows:
        site = sites.get(row.site)
        if site is None:
            cells.add(f"{FILE} has site {row.site!r}, which the instance does not have", row.line)
            continue
        if row.site in seen:
            cells.add(f"{FILE} repeats site {row.site!r}", row.line)
        seen.add(row.site)
        cells.text(row.line, "name", row.name, site.name or site.id, WHY)
        cells.text(row.line, "trust", row.trust, site.owner, WHY)
        cells.text(row.line, "trust_name", row.trust_name, trust_names.get(site.owner), WHY)
        cells.text(row.line, "kind", row.kind, site.kind.value, WHY)
        cells.number(row.line, "latitude", row.latitude, site.latitude, WHY)
        cells.number(row.line, "longitude", row.longitude, site.longitude, WHY)
    for missing in sorted(set(sites) - seen):
        cells.add(f"{FILE} has no row for site {missing!r}")
    return cells.out
