"""JSON instances: the same tables as YAML, read with the standard library parser.

Line numbers are a bonus: JSON is (nearly) a subset of YAML, so when there are problems to
place the text is also composed with the YAML reader to find their lines; when that fails,
places give the field path only. Valid files never pay for it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import Node

from netopt.io.problems import fail, validate
from netopt.io.text import read_text
from netopt.io.yaml_format import (
    NodeLines,
    duplicate_keys,
    located,
    new_loader,
    require_mapping,
)
from netopt.schema import Instance
from netopt.schema.errors import InputProblem, shorten


def _nodes(text: str) -> Node | None:
    """The YAML node tree of JSON text, or None when the YAML reader cannot follow it."""
    try:
        loader = new_loader(text)
        try:
            root: Node | None = loader.get_single_node()
            return root
        finally:
            loader.dispose()
    except (yaml.YAMLError, RecursionError):
        return None


def _lines(text: str) -> NodeLines | None:
    root = _nodes(text)
    return NodeLines(root) if root is not None else None


def _counting_duplicates(found: list[str]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An ``object_pairs_hook`` noting keys given twice in one object."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj = dict(pairs)
        if len(obj) < len(pairs):
            seen: set[str] = set()
            for key, _ in pairs:
                if key in seen:
                    found.append(key)
                seen.add(key)
        return obj

    return hook


def _parse(path: Path, text: str, duplicates: list[str]) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_counting_duplicates(duplicates))
    except json.JSONDecodeError as error:
        place = f"{path.name} line {error.lineno}, column {error.colno}"
        fail(path, f"not valid JSON: {error.msg}", place=place)
    except (ValueError, RecursionError) as error:  # e.g. an integer of 5000 digits
        fail(path, f"not valid JSON: {str(error) or 'nested too deeply'}")


def read_json(path: Path) -> Instance:
    """Load a JSON instance; problems are placed by field path (and line when known)."""
    text = read_text(path, "JSON")
    duplicates: list[str] = []
    data = require_mapping(path, _parse(path, text, duplicates))
    lines = functools.cache(lambda: _lines(text))
    before: list[InputProblem] = []
    if duplicates:
        found = lines()
        before = (
            duplicate_keys(found.root, path)
            if found is not None
            else [
                InputProblem(
                    (),
                    f"keys given twice in one object: {shorten(', '.join(duplicates))}",
                    path.name,
                )
            ]
        )
    return validate(data, path, place=lambda loc: located(path, lines(), loc), before=before)


def dump_json(instance: Instance) -> str:
    """Every field, defaults included, two-space indent."""
    data = instance.model_dump(mode="json")
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
