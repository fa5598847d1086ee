"""YAML instances: read with line numbers for every problem, write compactly.

Files are read with the YAML 1.2 core schema rather than PyYAML's YAML 1.1 default, so only
``true``/``false`` are booleans (a site code ``NO`` or ``on`` stays text), ``010`` is ten
rather than octal eight, and dates stay text. The document is composed to nodes first, which
keeps the line of every key and list item; a problem at ``("sites", 3, "owner")`` is reported at
the line of that key, and a missing field at the line of the record that lacks it.

Keys are names: a key is the text written (``~:`` and ``true:`` are the unknown tables '~' and
'true'). Explicit tags are read strictly: ``!!float five`` or ``!!bool perhaps`` is a located
problem, as is any tag no field takes (``!!timestamp``, ``!!binary``, ``!!set``, ``!!omap``,
``!!pairs``, local and language tags); every such problem in a file is reported at once.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Callable, Hashable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from netopt.io.messages import show
from netopt.io.problems import fail, loc_path, validate
from netopt.io.tables import tables
from netopt.io.text import read_text
from netopt.schema import Instance
from netopt.schema.errors import InputProblem, InstanceError, Loc, shorten

INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
STR = "tag:yaml.org,2002:str"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
MERGE = "tag:yaml.org,2002:merge"

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution)
NULL_TEXT = re.compile(r"^(?:~|null|Null|NULL|)$")
BOOL_TEXT = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
INT_TEXT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
FLOAT_TEXT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
CORE_RESOLVERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (NULL, NULL_TEXT, "~nN"),
    (BOOL, BOOL_TEXT, "tTfF"),
    (INT, INT_TEXT, "-+0123456789"),
    (FLOAT, FLOAT_TEXT, "-+.0123456789"),
)
"""(tag, pattern, first characters) of each implicitly typed scalar."""


class CoreResolver(yaml.resolver.Resolver):
    """YAML 1.2 core schema scalars, plus ``<<`` merge keys."""

    yaml_implicit_resolvers: dict[Any, list[tuple[str, re.Pattern[str]]]] = {}  # noqa: RUF012


for _tag, _regex, _first in CORE_RESOLVERS:
    CoreResolver.add_implicit_resolver(_tag, _regex, list(_first))
CoreResolver.add_implicit_resolver(MERGE, re.compile(r"^(?:<<)$"), ["<"])


NODE_KINDS: dict[str, type[Node]] = {
    STR: ScalarNode,
    INT: ScalarNode,
    FLOAT: ScalarNode,
    BOOL: ScalarNode,
    NULL: ScalarNode,
    MAP: MappingNode,
    SEQ: SequenceNode,
}
"""The YAML tags netopt files use, and the kind of node each tags."""
KIND_NAMES: dict[type[Node], str] = {
    ScalarNode: "a single value",
    MappingNode: "a mapping",
    SequenceNode: "a list",
}
REFUSED_TAGS = tuple(
    f"tag:yaml.org,2002:{name}" for name in ("timestamp", "binary", "set", "omap", "pairs")
)
"""Standard YAML tags no field of an instance takes."""
CORE_BOOLEANS = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
}


def short_tag(tag: str) -> str:
    """``tag:yaml.org,2002:float`` -> ``!!float``, as written in a file."""
    return shorten(tag.replace("tag:yaml.org,2002:", "!!", 1))


def _unreadable(node: Node, text: str, what: str) -> yaml.constructor.ConstructorError:
    return yaml.constructor.ConstructorError(
        None,
        None,
        f"cannot read {show(text)} as {what} (YAML tag {short_tag(node.tag)})",
        node.start_mark,
    )


def parse_int(text: str) -> int:
    """A YAML 1.2 core integer (``12``, ``-0x1F``, ``0o17``; ``_`` ignored); ValueError else."""
    text = text.replace("_", "")
    body = text.lstrip("+-")
    sign = -1 if text.startswith("-") else 1
    if body.startswith(("0o", "0x")):
        return sign * int(body[2:], 8 if body[1] == "o" else 16)
    return int(text, 10)


def _construct_int(loader: Any, node: ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    try:
        return parse_int(text)
    except ValueError:  # an explicit !!int tag on text, or too many digits
        digits = sum(c.isdigit() for c in text)
        what = f"a whole number ({digits:,} digits)" if digits > 100 else "a whole number"
        raise _unreadable(node, text, what) from None


def _construct_float(loader: Any, node: ScalarNode) -> float:
    text = str(loader.construct_scalar(node))
    try:
        if INT_TEXT.match(text):  # an integer: 5, 0x1F
            return float(parse_int(text))
        if FLOAT_TEXT.match(text):
            lower = text.lower()
            if lower.endswith(".inf"):
                return -math.inf if lower.startswith("-") else math.inf
            return math.nan if lower.endswith(".nan") else float(text)
    except (ValueError, OverflowError):
        pass
    raise _unreadable(node, text, "a number")


def _construct_bool(loader: Any, node: ScalarNode) -> bool:
    text = str(loader.construct_scalar(node))
    if text in CORE_BOOLEANS:
        return CORE_BOOLEANS[text]
    raise _unreadable(node, text, "true or false")


def _construct_null(loader: Any, node: ScalarNode) -> None:
    text = str(loader.construct_scalar(node))
    if not NULL_TEXT.match(text):
        raise _unreadable(node, text, "null (~, null or nothing)")


def refused_tag(node: Node) -> str:
    """The message for a tag no instance field takes."""
    return (
        f"the YAML tag {short_tag(node.tag)} is not used in netopt files "
        "(write text, numbers, true or false, lists and mappings without tags)"
    )


def _refuse(loader: Any, node: Node) -> None:
    raise yaml.constructor.ConstructorError(None, None, refused_tag(node), node.start_mark)


class CoreConstructor(yaml.constructor.SafeConstructor):
    """Safe constructor reading YAML 1.2 core scalars strictly: explicitly tagged text that
    does not read as its tag (``!!float five``) is an error, as are tags no field takes.

    Mapping keys are field and table names: each is kept as the text written (``~``, ``true``
    and ``1`` are the names '~', 'true' and '1', reported as unknown where they are).
    """

    def construct_mapping(self, node: Node, deep: bool = False) -> dict[Hashable, Any]:
        if not isinstance(node, MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, found {KIND_NAMES[type(node)]}", node.start_mark
            )
        self.flatten_mapping(node)
        mapping: dict[Hashable, Any] = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                raise yaml.constructor.ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"found {KIND_NAMES[type(key)]} as a key; keys are field names",
                    key.start_mark,
                )
            mapping[str(key.value)] = self.construct_object(value, deep=deep)
        return mapping


CoreConstructor.add_constructor(INT, _construct_int)
CoreConstructor.add_constructor(FLOAT, _construct_float)
CoreConstructor.add_constructor(BOOL, _construct_bool)
CoreConstructor.add_constructor(NULL, _construct_null)
for _refused in (*REFUSED_TAGS, None):  # None: any other tag (local ones, python/...)
    CoreConstructor.add_constructor(_refused, _refuse)


class PyCoreLoader(
    yaml.reader.Reader,
    yaml.scanner.Scanner,
    yaml.parser.Parser,
    yaml.composer.Composer,
    CoreConstructor,
    CoreResolver,
):
    """The pure-Python loader, used when PyYAML was built without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        CoreConstructor.__init__(self)
        CoreResolver.__init__(self)


CoreLoader: type[Any] = PyCoreLoader
if yaml.__with_libyaml__:  # about four times faster; nodes carry the same marks
    from yaml._yaml import CParser

    class CCoreLoader(CParser, CoreConstructor, CoreResolver):
        """The libyaml parser with the core schema."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            CoreConstructor.__init__(self)
            CoreResolver.__init__(self)

    CoreLoader = CCoreLoader


def new_loader(text: str) -> Any:
    """A core-schema loader for ``text`` (libyaml when available)."""
    return CoreLoader(text)


class QuotingDumper(yaml.SafeDumper):
    """SafeDumper that quotes any text a YAML 1.1 *or* 1.2 reader would take as non-text."""


for _tag, _regex, _first in CORE_RESOLVERS:
    QuotingDumper.add_implicit_resolver(_tag, _regex, list(_first))


# --------------------------------------------------------------------------- reading


def compose(text: str, path: Path) -> tuple[Node | None, Any, list[InputProblem]]:
    """The root node, the constructed data and duplicate-key problems.

    Duplicate keys are looked for before construction, which adds the keys of ``<<`` merges
    to the node tree. YAML errors become located problems.
    """
    try:
        loader = new_loader(text)  # the pure-Python reader checks characters here
        try:
            root = loader.get_single_node()
            if root is None:
                return None, None, []
            tagged = tag_problems(loader, root, path)
            if tagged:
                raise InstanceError(tagged, source=str(path))
            duplicates = duplicate_keys(root, path)
            return root, loader.construct_document(root), duplicates
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        fail(path, _syntax_message(error, text), place=_mark_place(path, mark))
    except yaml.reader.ReaderError as error:
        code = error.character if isinstance(error.character, int) else ord(error.character)
        line = text.count("\n", 0, error.position) + 1
        message = f"not valid YAML: character #x{code:04x} is not allowed ({error.reason})"
        fail(path, message, place=f"{path.name} line {line}")
    except yaml.YAMLError as error:
        fail(path, f"not valid YAML: {error}")
    except RecursionError:
        fail(path, "not valid YAML: nested too deeply")


def _syntax_message(error: yaml.MarkedYAMLError, text: str) -> str:
    what = error.problem or error.context or "syntax error"
    if error.context and error.problem:
        what = f"{error.problem} ({error.context})"
    mark = error.problem_mark or error.context_mark
    lines = text.splitlines()
    # libyaml does not name the character; a tab on the line is the usual culprit
    tab = mark is not None and mark.line < len(lines) and "\t" in lines[mark.line]
    return f"not valid YAML: {what}" + ("; indent with spaces, not tabs" if tab else "")


def _mark_place(path: Path, mark: yaml.Mark | None) -> str:
    if mark is None:
        return path.name
    return f"{path.name} line {mark.line + 1}, column {mark.column + 1}"


class NodeLines:
    """The lines of field paths in a YAML node tree.

    A mapping is indexed by key the first time a path goes through it, so placing thousands of
    problems in one mapping (a file with 40,000 unknown keys) takes linear time.
    """

    def __init__(self, root: Node) -> None:
        self.root = root
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    def _entry(self, mapping: MappingNode, key: str) -> tuple[Node, Node] | None:
        keys = self._keys.get(id(mapping))
        if keys is None:  # the last one wins, as when the data is constructed
            keys = {str(k.value): (k, v) for k, v in mapping.value if isinstance(k, ScalarNode)}
            self._keys[id(mapping)] = keys
        return keys.get(key)

    def line(self, loc: Loc) -> int | None:
        """1-based line of the node at ``loc``: the key's line for a mapping entry, the item's
        line for a list item, the enclosing record's line when the path stops early (a missing
        field), None for a missing table (no line holds it)."""
        node, line = self.root, self.root.start_mark.line
        for depth, part in enumerate(loc):
            if isinstance(node, MappingNode) and isinstance(part, str):
                entry = self._entry(node, part)
                if entry is None:
                    if depth == 0:
                        return None
                    break
                line, node = entry[0].start_mark.line, entry[1]
            elif (
                isinstance(node, SequenceNode)
                and isinstance(part, int)
                and 0 <= part < len(node.value)
            ):
                node = node.value[part]
                line = node.start_mark.line
            else:
                break
        return line + 1


def _walk(root: Node) -> Iterator[tuple[Loc, MappingNode]]:
    """Every mapping node with its path, each node once (aliases are not followed twice)."""
    seen: set[int] = set()
    stack: list[tuple[Loc, Node]] = [((), root)]
    while stack:
        loc, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, MappingNode):
            yield loc, node
            stack += [((*loc, str(k.value)), v) for k, v in node.value]
        elif isinstance(node, SequenceNode):
            stack += [((*loc, i), v) for i, v in enumerate(node.value)]


def _every_node(root: Node) -> Iterator[tuple[Loc, Node]]:
    """Every node with its path (keys with the path of their entry), each node once."""
    seen: set[int] = set()
    stack: list[tuple[Loc, Node]] = [((), root)]
    while stack:
        loc, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield loc, node
        if isinstance(node, MappingNode):
            for key, value in reversed(node.value):
                entry = (*loc, str(key.value))
                stack += [(entry, value), (entry, key)]
        elif isinstance(node, SequenceNode):
            stack += [((*loc, i), v) for i, v in reversed(list(enumerate(node.value)))]


def _tag_problem(loader: Any, node: Node) -> str | None:
    kind = NODE_KINDS.get(node.tag)
    if node.tag == MERGE and isinstance(node, ScalarNode) and node.value == "<<":
        return None  # a merge key; construction merges it (or says why not)
    if kind is None:
        return refused_tag(node)
    if not isinstance(node, kind):
        found = KIND_NAMES.get(type(node), "something else")
        return f"the YAML tag {short_tag(node.tag)} needs {KIND_NAMES[kind]}, found {found}"
    if isinstance(node, ScalarNode) and node.tag != STR:
        try:
            loader.yaml_constructors[node.tag](loader, node)
        except yaml.constructor.ConstructorError as error:
            return str(error.problem)
    return None


def tag_problems(loader: Any, root: Node, path: Path) -> list[InputProblem]:
    """Values that do not read as their (explicit) tag, and tags no field takes, placed at
    their line and field: ``horizon_years: !!float five``, ``year: !!timestamp 2026-01-01``."""
    out = []
    for loc, node in _every_node(root):
        message = _tag_problem(loader, node)
        if message is not None:
            where = f"{path.name} line {node.start_mark.line + 1}"
            out.append(InputProblem(loc, message, where + (f" ({loc_path(loc)})" if loc else "")))
    return out


def duplicate_keys(root: Node, path: Path) -> list[InputProblem]:
    """A key given twice in one mapping: YAML and JSON readers silently keep the last value."""
    found: list[tuple[int, InputProblem]] = []
    for loc, mapping in _walk(root):
        seen: set[str] = set()
        for key, _ in mapping.value:
            name = str(key.value)
            if name in seen:
                line = key.start_mark.line + 1
                where = f"{path.name} line {line} ({loc_path((*loc, name))})"
                message = f"duplicate key '{shorten(name)}' (the earlier value would be ignored)"
                found.append((line, InputProblem((*loc, name), message, where)))
            seen.add(name)
    return [problem for _, problem in sorted(found, key=lambda item: item[0])]


def located(path: Path, lines: NodeLines | None, loc: Loc) -> str:
    """``file.yaml line 42 (sites[3].owner)``; without line when there is no node tree."""
    number = lines.line(loc) if lines is not None else None
    line = f" line {number}" if number is not None else ""
    return f"{path.name}{line}" + (f" ({loc_path(loc)})" if loc else "")


def describe(data: object) -> str:
    """What the top level of a file turned out to be, for messages."""
    if isinstance(data, list):
        return "a list"
    if isinstance(data, str):
        return "a single text value"
    return f"a single value ({data!r:.40})"


def require_mapping(path: Path, data: object) -> dict[str, Any]:
    """The top level of a file must map table names to tables."""
    if not isinstance(data, dict):
        fail(
            path,
            f"the top level must be a mapping of tables (network:, trusts:, ...), got {describe(data)}",
        )
    return data


def read_yaml(path: Path) -> Instance:
    """Load a YAML instance; every problem is placed at its line."""
    root, data, duplicates = compose(read_text(path, "YAML"), path)
    if root is None:
        fail(path, "the file is empty (only comments or blank lines)")
    lines = NodeLines(root)
    return validate(
        require_mapping(path, data),
        path,
        place=lambda loc: located(path, lines, loc),
        before=duplicates,
    )


# --------------------------------------------------------------------------- writing

HEADER = (
    "# netopt instance (YAML 1.2). Fields at their default value are left out;\n"
    "# see docs/file-formats.md for every table and field.\n"
)


SAFE_PLAIN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_ .\-/()+&]*")
"""Text that can be written unquoted in a flow mapping, unless it reads as another type."""
_resolve: Callable[[type[Node], str, tuple[bool, bool]], str] = QuotingDumper(io.StringIO()).resolve


def _text(value: str) -> str:
    plain = SAFE_PLAIN.fullmatch(value) and not value.endswith(" ")
    if plain and _resolve(ScalarNode, value, (True, False)) == STR:
        return value
    # rare: let PyYAML quote it, inside a flow sequence so the result suits flow context
    dumped: str = yaml.dump(
        [value], Dumper=QuotingDumper, default_flow_style=True, allow_unicode=True, width=2**31 - 1
    )
    return dumped.strip()[1:-1]


def _float(value: float) -> str:
    if not math.isfinite(value):
        return ".nan" if math.isnan(value) else (".inf" if value > 0 else "-.inf")
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # 12000, not 12000.0
    text = repr(value)
    # YAML 1.1 readers need a dot in the mantissa: 1.0e-07, not 1e-07
    return text.replace("e", ".0e") if "e" in text and "." not in text else text


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value) + "]"
    return _text(str(value))


def _flow(record: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{key}: {_scalar(v)}" for key, v in record.items()) + "}"


def _block(section: dict[str, Any]) -> list[str]:
    return [f"  {key}: {_scalar(v)}" for key, v in section.items()]


def dump_yaml(instance: Instance) -> str:
    """Compact YAML: sections as blocks, one flow mapping per record, defaults left out."""
    data = instance.model_dump(mode="json", exclude_defaults=True)
    lines = [HEADER.rstrip("\n")]
    for t in tables():
        value = data.get(t.name)
        if not value:
            continue
        lines.append(f"{t.name}:")
        lines += [f"  - {_flow(record)}" for record in value] if t.is_list else _block(value)
    return "\n".join(lines) + "\n"
