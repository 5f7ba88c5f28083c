"""Every query a feature's ``queries.py`` defines is used by the product: a newcomer who finds
all SQL in one place should not have to wonder which of it still runs."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

from tests.support.paths import REPO_ROOT
from tests.support.source import syntax_tree

PRODUCT = ("service", "workers")


def _trees() -> dict[Path, ast.Module]:
    return {
        path: syntax_tree(path)
        for package in PRODUCT
        for path in (REPO_ROOT / package).rglob("*.py")
    }


def _references(tree: ast.Module) -> Counter[str]:
    found: Counter[str] = Counter()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            found[node.id] += 1
        elif isinstance(node, ast.Attribute):
            found[node.attr] += 1
        elif isinstance(node, ast.ImportFrom):
            found.update(alias.name for alias in node.names)
    return found


def test_every_query_is_used() -> None:
    trees = _trees()
    used: Counter[str] = Counter()
    for tree in trees.values():
        used.update(_references(tree))
    queries = [
        (path.relative_to(REPO_ROOT).as_posix(), node.name)
        for path, tree in trees.items()
        if path.name == "queries.py"
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    ]
    assert len(queries) > 50
    assert [(where, name) for where, name in queries if not used[name]] == []
