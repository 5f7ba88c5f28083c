"""The procedures of ``docs/operations.md``, read from the guide itself and run as written.

A procedure is a ``sh`` block right after a ``<!-- procedure: NAME -->`` line. It runs under
``bash -euo pipefail`` with ``.venv/bin`` first on the PATH (so ``loadwatch`` is the checkout's)
and the shell variables the guide names given by the test.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
from pathlib import Path

from tests.support.paths import REPO_ROOT

GUIDE = REPO_ROOT / "docs" / "operations.md"
VENV_BIN = REPO_ROOT / ".venv" / "bin"
_BLOCK = re.compile(r"<!-- procedure: ([\w-]+) -->\n```sh\n(.*?)```", re.DOTALL)


def procedures() -> dict[str, str]:
    return dict(_BLOCK.findall(GUIDE.read_text()))


def procedure(name: str) -> str:
    return procedures()[name]


def guide_env(**variables: str) -> dict[str, str]:
    """No ``LOADWATCH_*`` of the test run leaks in: only ``variables`` configure loadwatch."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOADWATCH_")}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    return {**env, "LOADWATCH_ENVIRONMENT": "test", **variables}


def run(name: str, env: dict[str, str], cwd: Path) -> str:
    """Run procedure ``name``; fails with its output when a command fails. Returns stdout."""
    done = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", procedure(name)],
        env=env, cwd=cwd, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, f"{name} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def background_commands(name: str) -> list[list[str]]:
    """The long-running commands of a procedure (lines ending in ``&``), as argv lists; the
    ``export`` lines before them are applied by the caller's environment."""
    commands = []
    for line in procedure(name).splitlines():
        if line.rstrip().endswith("&"):
            argv = shlex.split(line.rstrip().removesuffix("&"))
            commands.append([str(VENV_BIN / argv[0]), *argv[1:]])
    return commands


def exported(name: str, env: dict[str, str]) -> dict[str, str]:
    """The variables a procedure's ``export`` lines set, expanded with ``env``."""
    lines = [line for line in procedure(name).splitlines() if line.startswith("export ")]
    script = "\n".join([*lines, "env -0"])
    out = subprocess.run(["bash", "-euo", "pipefail", "-c", script], env=env,
                         capture_output=True, text=True, check=True, timeout=30).stdout  # fmt: skip
    after = dict(item.split("=", 1) for item in out.split("\0") if "=" in item)
    return {k: v for k, v in after.items() if env.get(k) != v}
