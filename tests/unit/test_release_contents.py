"""What ships: the product imports nothing of the tests, and the wheel and image carry none.

The fakes the demo runs are part of the product (``service.demo.fakes``); the tests and the
benchmarks import them from there, never the other way round.
"""

from __future__ import annotations

import ast
import functools
import tomllib
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from packaging.requirements import Requirement

from tests.support.paths import REPO_ROOT
from tests.support.source import syntax_tree

PRODUCT = ("service", "workers")


def _imported_modules(path: Path) -> Iterator[tuple[int, str]]:
    for node in ast.walk(syntax_tree(path)):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.lineno, node.module


@functools.cache  # read once per process: the source does not change during a run
def _product_imports() -> tuple[tuple[str, str], ...]:
    return tuple(
        (f"{path.relative_to(REPO_ROOT).as_posix()}:{line}", module)
        for package in PRODUCT
        for path in sorted((REPO_ROOT / package).rglob("*.py"))
        for line, module in _imported_modules(path)
    )


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def test_nothing_in_the_product_imports_the_tests() -> None:
    imports = list(_product_imports())
    assert len(imports) > 1000  # the walk found the code
    assert [(where, module) for where, module in imports if _within(module, "tests")] == []


def test_only_the_demo_imports_the_fakes() -> None:
    users = [
        (where, module)
        for where, module in _product_imports()
        if _within(module, "service.demo.fakes") and not where.startswith("service/demo/")
    ]
    assert users == []


def _dockerfile_sources() -> list[str]:
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    sources: list[str] = []
    for line in text.splitlines():
        words = line.split()
        if words and words[0].upper() in ("COPY", "ADD"):
            paths = [word.strip('[",]') for word in words[1:] if not word.startswith("--")]
            sources += paths[:-1]
    return sources


def test_the_image_copies_no_tests() -> None:
    sources = _dockerfile_sources()
    assert "service" in sources and "workers" in sources
    shipped_tests = [
        source
        for source in sources
        if PurePosixPath(source).parts[0] in ("tests", ".", "*")  # "." would copy tests too
    ]
    assert shipped_tests == []


def test_the_declared_fastapi_has_dependency_scopes() -> None:
    """``Depends(scope=...)`` (``service/deps.py``) came with FastAPI 0.121."""
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    (fastapi,) = [Requirement(d) for d in project["dependencies"] if d.startswith("fastapi")]
    assert "scope=" in (REPO_ROOT / "service" / "deps.py").read_text(encoding="utf-8")
    assert not fastapi.specifier.contains("0.120.9") and fastapi.specifier.contains("0.121.0")
