"""Static and dependency scans as tests: bandit on the code, pip-audit on the installed packages.

``bandit -r service workers -ll``: no finding of medium or high severity; a ``# nosec`` must say
why on its line. ``pip-audit``: no installed package with a known vulnerability, judged by PyPI's
advisory data (the JSON API). Where that API cannot be reached, the audit is skipped with a
reason that says so; it is never reported as clean.

Where PyPI answers only per project (``/pypi/NAME/json``, whose advisories are those of the
latest release) and not per release, as behind some mirrors, the packages installed at their
latest release are still audited from those advisories; the others are named in the output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata
from pathlib import Path

import httpx
import pytest
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.support.paths import REPO_ROOT

BIN = Path(sys.executable).parent
NOSEC = re.compile(r"#\s*nosec\b(?P<rest>.*)$")


def test_bandit_finds_nothing_of_medium_or_high_severity() -> None:
    result = subprocess.run(
        [str(BIN / "bandit"), "-r", "service", "workers", "-ll", "-f", "json", "-q"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(result.stdout)
    findings = [
        f"{r['filename']}:{r['line_number']} {r['test_id']} {r['issue_text']}"
        for r in report["results"]
    ]
    assert findings == []
    assert result.returncode == 0, result.stderr


def test_every_nosec_says_why() -> None:
    bare = []
    for path in [
        *REPO_ROOT.joinpath("service").rglob("*.py"),
        *REPO_ROOT.joinpath("workers").rglob("*.py"),
    ]:
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            match = NOSEC.search(line)
            if match and len(match.group("rest").strip(" -:B0123456789,")) < 10:
                bare.append(f"{path.relative_to(REPO_ROOT)}:{number}")
    assert bare == [], "write the reason after # nosec"


def _advisories_reachable() -> str | None:
    """None when PyPI's JSON API answers for an installed package, else why not."""
    import pip

    url = f"https://pypi.org/pypi/pip/{pip.__version__}/json"
    try:
        answer = httpx.get(url, timeout=15)
    except httpx.HTTPError as exc:
        return f"{url} unreachable ({exc.__class__.__name__})"
    if answer.status_code != 200 or "vulnerabilities" not in answer.text:
        return f"{url} answered {answer.status_code} without advisory data"
    return None


def test_no_installed_package_has_a_known_vulnerability() -> None:
    unreachable = _advisories_reachable()
    if unreachable:
        pytest.skip(f"PIP-AUDIT NOT RUN: PyPI's advisory data cannot be read here: {unreachable}")
    result = subprocess.run(
        [str(BIN / "pip-audit"), "--progress-spinner", "off", "--skip-editable", "-f", "json"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    report = json.loads(result.stdout)
    audited = [d for d in report["dependencies"] if "skip_reason" not in d]
    vulnerable = [
        f"{d['name']} {d['version']}: {[v['id'] for v in d['vulns']]}"
        for d in audited
        if d["vulns"]
    ]
    assert audited, "pip-audit audited no package"
    assert vulnerable == []


def _latest_release(client: httpx.Client, name: str) -> tuple[str, list[str]] | None:
    """PyPI's latest release of ``name`` and the advisories against it; None when PyPI does
    not know the project."""
    answer = client.get(f"https://pypi.org/pypi/{name}/json")
    if answer.status_code == 404:
        return None
    answer.raise_for_status()
    project = answer.json()
    return project["info"]["version"], [v["id"] for v in project["vulnerabilities"]]


def test_packages_at_their_latest_release_have_no_known_vulnerability(
    capsys: pytest.CaptureFixture[str],
) -> None:
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
        if dist.metadata["Name"] and canonicalize_name(dist.metadata["Name"]) != "loadwatch"
    }
    try:
        with httpx.Client(timeout=30) as client, ThreadPoolExecutor(16) as pool:
            names = sorted(installed)
            latest = dict(
                zip(names, pool.map(lambda n: _latest_release(client, n), names), strict=True)
            )
    except httpx.HTTPError as exc:
        pytest.skip(f"PyPI's project data cannot be read here ({exc.__class__.__name__})")
    current = {n: r for n, r in latest.items() if r and Version(r[0]) == Version(installed[n])}
    older = [
        f"{n} {installed[n]} (latest {r[0]})" for n, r in latest.items() if r and n not in current
    ]
    vulnerable = [f"{n} {installed[n]}: {r[1]}" for n, r in current.items() if r[1]]
    with capsys.disabled():
        print(
            f"\nadvisories checked for {len(current)} of {len(installed)} installed packages "
            f"(those at PyPI's latest release); not judged here: {', '.join(older) or 'none'}"
        )
    assert len(current) > len(installed) // 2, "too few packages could be judged"
    assert vulnerable == []
