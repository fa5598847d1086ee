"""The two model documents write their indices in the one notation of ``models/glossary.md``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOCS = ("models/capital.md", "models/workforce.md", "models/joint.md")
SHORT_NAME = re.compile(r"^[a-z]{1,2}'?$")
"""An index letter (or two, as ``mo``), maybe primed (``y'`` is another year): the tokens the
glossary must define."""


def glossary_indices() -> set[str]:
    """The index letters of the glossary's table of indices."""
    text = (REPO / "models/glossary.md").read_text(encoding="utf-8")
    section = text.split("## Indices", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {name for row in rows for name in re.findall(r"`([^`]+)`", row.split("|")[1])}


def index_tokens(text: str) -> list[str]:
    """Every index written in a component's brackets, ``name[i, j]``, and in the index column
    of a table of sets, ``| `name` (i, j) |``; only short names (letters, not expressions)."""
    lists = re.findall(r"\b[A-Za-z_]+\[([^\]\[]+)\]", text)
    lists += re.findall(r"^\| `[a-z_]+` \(([^)]*)\)", text, flags=re.M)
    tokens = [token.strip() for found in lists for token in found.split(",")]
    return [t for t in tokens if SHORT_NAME.match(t)]


@pytest.mark.parametrize("doc", DOCS)
def test_every_index_of_the_document_is_in_the_glossary(doc: str) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    indices = glossary_indices()
    assert {"k", "t", "d", "mo", "md", "tr", "ti"} <= indices
    tokens = index_tokens(text)
    assert len(tokens) > 50
    assert sorted({t for t in tokens if t.rstrip("'") not in indices}) == []
    assert "models/glossary.md" in text


def test_no_index_letter_has_two_meanings() -> None:
    text = (REPO / "models/glossary.md").read_text(encoding="utf-8")
    section = text.split("## Indices", 1)[1].split("\n## ", 1)[0]
    names = [
        name
        for line in section.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([^`]+)`", line.split("|")[1])
    ]
    assert len(names) == len(set(names))


def test_the_old_letters_are_gone() -> None:
    """What issue 16 found: the workforce document wrote ``assign[k, l, t, a]`` (four indices)
    and ``scanner_sessions (s, m, t)`` where the code has five and four; the capital document
    used t for trusts and tiers and k for catalogue models."""
    workforce = (REPO / "models/workforce.md").read_text(encoding="utf-8")
    capital = (REPO / "models/capital.md").read_text(encoding="utf-8")
    assert "assign[k, l, t, a]" not in workforce and "(s, m, t)" not in workforce
    assert "assign[k, l, d, t, a]" in workforce and "(s, mo, d, t)" in workforce
    assert "budget[t, y]" not in capital and "buy[s, k, v, r]" not in capital
    assert "budget[tr, y]" in capital and "buy[s, md, v, r]" in capital
