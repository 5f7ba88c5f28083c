"""The wheel ships the product and its demo fakes, and no tests (``tests/unit/
test_release_contents.py`` checks the source and the image)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

from tests.support.paths import REPO_ROOT
from tests.unit.test_release_contents import PRODUCT


def test_the_wheel_carries_no_tests(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, source / name)
    for name in (*PRODUCT, "tests"):
        shutil.copytree(REPO_ROOT / name, source / name, ignore=ignore)
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation"]
    command += ["--no-index", "--quiet", "--wheel-dir", str(tmp_path / "dist"), str(source)]
    subprocess.run(command, check=True, capture_output=True, timeout=300)

    (wheel,) = (tmp_path / "dist").glob("loadwatch-*.whl")
    members = zipfile.ZipFile(wheel).namelist()
    tops = {PurePosixPath(member).parts[0] for member in members}
    assert {top for top in tops if not top.endswith(".dist-info")} == set(PRODUCT)
    assert "service/demo/fakes/garmin_server.py" in members  # the demo's fakes ship
    assert "workers/celery_app.py" in members
