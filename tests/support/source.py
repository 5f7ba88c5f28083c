"""The product's source as syntax trees, for the tests that read the code instead of running it.

Several such tests walk every module of ``service/`` (imports, names, queries); each file is
parsed once per test process, however many of them read it. The trees are shared: read them,
never change them.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path


@functools.cache  # the source does not change during a run
def syntax_tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
