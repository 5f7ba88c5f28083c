"""Which way the code under ``service/`` may import, read from the source (nothing is imported).

Every package and top-level module of ``service/`` has a layer (``LAYERS``, lowest first, the
same table as the package map of ``docs/architecture.md``). A module may import only from its
own package or module and from lower layers, so no arrow runs back up and no two packages
import each other; local imports inside functions count the same as those at the top.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tests.support.source import syntax_tree

ROOT = Path(__file__).resolve().parents[2]
SERVICE = ROOT / "service"
ARCHITECTURE = ROOT / "docs" / "architecture.md"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("training",),
    (
        "config",
        "logs",
        "clock",
        "crypto",
        "security",
        "texts",
        "errors",
        "schemas",
        "task_names",
        "body_limits",
        "headers",
        "devices",
    ),
    ("db", "models", "integrations", "throttle", "runner", "operator_errors"),
    ("audit", "dispatch", "leases", "mail", "deps", "mail_limits", "preflight"),
    ("queue",),
    ("accounts",),
    ("athletes",),
    ("activities", "checkins", "alerts"),
    ("metrics", "connections", "findings"),
    ("privacy", "notes"),
    ("dashboard", "demo", "health"),
    ("main", "cli"),
)
"""Lowest first: each name is ``service.<name>``, a package or a top-level module."""

LAYER_OF = {name: index for index, names in enumerate(LAYERS) for name in names}


@dataclass(frozen=True)
class Arrow:
    source: str  # the importing module, ``service.alerts.outbox``
    target: str  # the module (or package) it names, ``service.models``
    where: str  # ``service/alerts/outbox.py:21``

    def __str__(self) -> str:
        return f"{self.where}: {self.source} -> {self.target}"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@functools.cache
def _is_module(name: str) -> bool:
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _targets(node: ast.Import | ast.ImportFrom, package: str) -> Iterator[str]:
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    base = node.module or ""
    if node.level:
        anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
        base = ".".join([*anchor, *([node.module] if node.module else [])])
    for alias in node.names:  # ``from service.x import y``: the module y when it is one, else x
        named = f"{base}.{alias.name}"
        yield named if _is_module(named) else base


def arrows(directory: Path = SERVICE) -> list[Arrow]:
    return list(_arrows(directory))


@functools.cache  # read once per process: the source does not change during a run
def _arrows(directory: Path) -> tuple[Arrow, ...]:
    found: list[Arrow] = []
    for path in sorted(directory.rglob("*.py")):
        source = _module_name(path)
        package = source if path.name == "__init__.py" else source.rpartition(".")[0]
        for node in ast.walk(syntax_tree(path)):
            if isinstance(node, ast.Import | ast.ImportFrom):
                where = f"{path.relative_to(ROOT)}:{node.lineno}"
                found.extend(Arrow(source, t, where) for t in _targets(node, package))
    return tuple(found)


def part(module: str) -> str | None:
    """``service.alerts.outbox`` → ``alerts``; None outside ``service`` (and for ``service``)."""
    pieces = module.split(".")
    return pieces[1] if pieces[0] == "service" and len(pieces) > 1 else None


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one node (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(edges.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def layer_table() -> str:
    """The layers as ``docs/architecture.md`` lists them, highest first."""
    width = len(str(len(LAYERS) - 1))
    return "\n".join(
        f"{index:>{width}}  {'  '.join(names)}"
        for index, names in reversed(list(enumerate(LAYERS)))
    )


def test_every_package_and_module_of_service_has_a_layer() -> None:
    present = {part(_module_name(path)) for path in SERVICE.rglob("*.py")} - {None}
    assert present - set(LAYER_OF) == set(), "give each new part of service/ a layer in LAYERS"
    assert set(LAYER_OF) - present == set(), "LAYERS names a part that no longer exists"
    assert len(LAYER_OF) == sum(len(names) for names in LAYERS), "a part is in two layers"


def test_every_arrow_points_down() -> None:
    upward = [
        f"{arrow}  ({part(arrow.source)} is layer {LAYER_OF.get(part(arrow.source) or '')}, "
        f"{part(arrow.target)} is layer {LAYER_OF.get(part(arrow.target) or '')})"
        for arrow in arrows()
        if (source := part(arrow.source)) is not None
        and (target := part(arrow.target)) is not None
        and source != target
        and not LAYER_OF.get(target, -1) < LAYER_OF.get(source, -1)
    ]
    assert upward == []


def test_no_circle_between_packages_or_modules() -> None:
    between_parts: dict[str, set[str]] = {}
    between_modules: dict[str, set[str]] = {}
    for arrow in arrows():
        source, target = part(arrow.source), part(arrow.target)
        if source is None or target is None:
            continue
        if source != target:
            between_parts.setdefault(source, set()).add(target)
        if arrow.source != arrow.target:
            between_modules.setdefault(arrow.source, set()).add(arrow.target)
    assert circles(between_parts) == []
    assert circles(between_modules) == []


def test_the_pure_core_imports_nothing_of_the_project() -> None:
    project = ("service", "workers", "tests", "bench", "migrations")
    outside = [
        str(arrow)
        for arrow in arrows(SERVICE / "training")
        if arrow.target.split(".")[0] in project and part(arrow.target) != "training"
    ]
    assert outside == []


def test_service_never_imports_the_workers() -> None:
    assert [str(a) for a in arrows() if a.target.split(".")[0] == "workers"] == []


def test_the_architecture_document_lists_these_layers() -> None:
    assert layer_table() in ARCHITECTURE.read_text(encoding="utf-8"), (
        "docs/architecture.md must show the layers exactly as:\n" + layer_table()
    )


def test_the_reader_sees_relative_and_local_imports() -> None:
    """The checks above are only as good as the reading of imports: relative ones resolve and
    an import inside a function is seen."""
    tree = ast.parse("from .outbox import write_alerts\ndef f():\n    from ..models import User\n")
    nodes = [n for n in ast.walk(tree) if isinstance(n, ast.Import | ast.ImportFrom)]
    found = [t for node in nodes for t in _targets(node, "service.alerts")]
    assert found == ["service.alerts.outbox", "service.models"]
