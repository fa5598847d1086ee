"""Scaled copies of an instance for scale tests: the network repeated N times, far apart.

    python benchmarks/scale.py INSTANCE --copies N --out FILE.yaml

Every trust, site, scanner and member of staff is copied N times (ids suffixed ``-1`` .. ``-N``),
with everything that refers to them (budgets, rooms, demand, assets, commitments, sessions,
staff rows, links); catalogue, age profiles, modalities, exam types and settings are shared
(site lists in the catalogue name every copy; capital shares are divided among the copies). Each copy is moved 1.5 degrees from the next, so
no patient or member of staff travels between copies: the optimum is N times the original's.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from netopt.io import load_instance, save_instance  # noqa: E402
from netopt.schema import Instance  # noqa: E402

COPIED_IDS = ("trusts", "sites", "assets", "staff")
"""Tables whose ids are copied (a suffix per copy)."""
COPIED_TABLES = (
    "trusts",
    "budgets",
    "sites",
    "rooms",
    "travel_links",
    "travel_matrix",
    "demand",
    "assets",
    "committed_purchases",
    "scanner_sessions",
    "staff",
    "staff_reporting",
    "passport_options",
    "transfer_links",
    "reporting_demand",
    "staff_in_post",
)
"""Tables whose rows belong to one copy of the network."""
GRID = 10
STEP_DEGREES = 1.5


def _renamed(value: Any, ids: set[str], copy: int) -> Any:
    if isinstance(value, str):
        return f"{value}-{copy}" if value in ids else value
    if isinstance(value, list):
        return [_renamed(v, ids, copy) for v in value]
    if isinstance(value, dict):
        return {k: _renamed(v, ids, copy) for k, v in value.items()}
    return value


def _moved(site: dict[str, Any], copy: int) -> dict[str, Any]:
    row, col = divmod(copy - 1, GRID)
    if site.get("latitude") is not None:
        site["latitude"] = float(site["latitude"]) + STEP_DEGREES * (row - GRID // 2) / 2
        site["longitude"] = float(site["longitude"]) + STEP_DEGREES * (col - GRID // 2)
    return site


def replicate(instance: Instance, copies: int) -> Instance:
    """``instance`` repeated ``copies`` times, far apart (see the module docstring)."""
    data = instance.model_dump(mode="json", exclude_defaults=True)
    ids = {row["id"] for table in COPIED_IDS for row in data.get(table, [])}
    out = {key: value for key, value in data.items() if key not in COPIED_TABLES}
    for table in COPIED_TABLES:
        rows = data.get(table, [])
        copied = [_renamed(row, ids, c) for c in range(1, copies + 1) for row in rows]
        if table == "sites":
            copied = [_moved(site, 1 + i // len(rows)) for i, site in enumerate(copied)]
        if copied:
            out[table] = copied
    for trust in out["trusts"]:  # the network's capital shares still sum to 100
        if trust.get("capital_share") is not None:
            trust["capital_share"] = trust["capital_share"] / copies
    for model in out.get("catalogue", []):
        if model.get("sites"):
            model["sites"] = [f"{s}-{c}" for c in range(1, copies + 1) for s in model["sites"]]
    out["network"] = {**data["network"], "name": f"{data['network']['name']} x{copies}"}
    return Instance.model_validate(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("instance", type=Path)
    parser.add_argument("--copies", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    scaled = replicate(load_instance(args.instance), args.copies)
    save_instance(scaled, args.out)
    print(
        f"wrote {args.out}: {len(scaled.sites)} sites, {len(scaled.assets)} scanners, "
        f"{len(scaled.staff)} staff rows"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())


__all__ = ["replicate"]
