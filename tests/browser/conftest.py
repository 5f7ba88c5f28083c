"""A real ``loadwatch serve`` on the embedded default, seeded, and Debian's Chromium driving it.

One server and one browser per test process; a fresh browser context (cookies, storage) per
test. The seed is built once per run and each server gets a copy of it: the browser tests are
split into groups that run side by side, each with a server of its own (see
``tests/support/scheduling.py``). Every page a test visits can be checked with axe-core
(vendored, served by loadwatch) and is saved as a screenshot under ``artifacts/screenshots/``.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from email import message_from_bytes
from email.policy import default as default_policy
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, sync_playwright

from tests.support.paths import REPO_ROOT
from tests.support.processes import LOADWATCH, embedded_env, free_port, healthy, running, wait_until

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
SERIOUS = ("serious", "critical")
#: Each served base URL's data folder (its saved emails are under ``mail/``).
SERVED_DATA: dict[str, Path] = {}


def _run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of this run that every test process of it shares (pytest-xdist gives each worker
    a base folder of its own inside it), and no other run."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def seed_copy(tmp_path_factory: pytest.TempPathFactory, data: Path) -> None:
    """Fill the embedded data folder ``data`` with the seed (``tests.browser.seed``): the
    first test process of the run to need it seeds a folder of the run, under a lock; every
    process, that one included, copies it (the database, the broker's queue of follow-up tasks
    for the server's worker, the keys)."""
    run = _run_folder(tmp_path_factory)
    seeded = run / "browser-seed"
    with (run / "browser-seed.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # the others wait for the one seeding
        if not (seeded / "done").exists():
            shutil.rmtree(seeded, ignore_errors=True)
            seeded.mkdir()
            result = subprocess.run(
                [sys.executable, "-m", "tests.browser.seed"],
                env=embedded_env(seeded / "data"),
                cwd=REPO_ROOT,
                capture_output=True,
                text=True,
                timeout=240,
                check=False,
            )
            assert result.returncode == 0, result.stderr[-3000:]
            (seeded / "done").touch()
    shutil.copytree(seeded / "data", data)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The base URL of a seeded ``loadwatch serve`` (with its background worker)."""
    data = tmp_path_factory.mktemp("browser") / "data"
    seed_copy(tmp_path_factory, data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = embedded_env(data, LOADWATCH_BASE_URL=base)
    SERVED_DATA[base] = data
    log = data / "serve.log"
    with running([LOADWATCH, "serve", "--port", str(port)], env, log):
        wait_until(lambda: healthy(base), 90, "loadwatch serve to answer /healthz")
        yield base


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Visit:
    """One person at one browser: a page that records console errors and failed requests."""

    def __init__(self, context: BrowserContext, base: str) -> None:
        self.context = context
        self.base = base
        self.page: Page = context.new_page()
        self.errors: list[str] = []
        self.expected_failures: set[str] = set()  # pages opened to see their error page
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _console(self, message: Any) -> None:
        if message.type == "error" and message.location.get("url") not in self.expected_failures:
            self.errors.append(f"console: {message.text} ({message.location.get('url')})")

    def open(self, path: str, status: int = 200) -> Page:
        """Open ``path`` and require the answer ``status`` (an error page when 4xx)."""
        if status >= 400:
            self.expected_failures.add(self.base + path)
        response = self.page.goto(self.base + path)
        assert response is not None and response.status == status, (path, response)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def sign_in(self, email: str, password: str) -> None:
        page = self.open("/sign-in")
        page.fill("#f-email", email)
        page.fill("#f-password", password)
        page.locator("form.stack button[type=submit]").click()
        page.wait_for_load_state("networkidle")

    def confirm_email(self, email: str, screenshot: str | None = None) -> None:
        """Open the confirmation link of the latest email to ``email`` and press its button, as
        the address's owner would."""
        mails = sorted(
            (SERVED_DATA[self.base] / "mail").glob("*.eml"), key=lambda p: p.stat().st_mtime
        )
        for path in reversed(mails):
            message = message_from_bytes(path.read_bytes(), policy=default_policy)
            if message["To"] == email:
                body = message.get_body(preferencelist=("plain",)).get_content()
                link = re.search(r"https?://\S+/verify-email\?token=\S+", body)
                assert link, body
                page = self.open(link.group(0).removeprefix(self.base))
                if screenshot:
                    self.check(screenshot)
                page.get_by_role("button", name=re.compile("Confirm|Bevestig")).click()
                page.wait_for_load_state("networkidle")
                return
        raise AssertionError(f"no email to {email} in {[p.name for p in mails]}")

    def screenshot(self, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def serious_violations(self) -> list[str]:
        """axe-core's serious and critical findings on the current page, one line each."""
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(url="/static/vendor/axe-core/axe.min.js")
        result = self.page.evaluate(
            "() => axe.run(document, {resultTypes: ['violations']})"
            ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
            " nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)})))"
        )
        return [
            f"{v['id']} ({v['impact']}): {v['nodes']}" for v in result if v["impact"] in SERIOUS
        ]

    def check(self, name: str) -> None:
        """Screenshot the page and require it to pass axe-core without serious violations."""
        self.screenshot(name)
        violations = self.serious_violations()
        assert not violations, f"{name}: {violations}"


@pytest.fixture
def visit(browser: Browser, server: str) -> Iterator[Visit]:
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    visitor = Visit(context, server)
    yield visitor
    context.close()
    assert not visitor.errors, visitor.errors


@pytest.fixture
def phone_visit(browser: Browser, server: str) -> Iterator[Visit]:
    context = browser.new_context(
        viewport=PHONE, locale="nl-NL", is_mobile=True, has_touch=True, device_scale_factor=2
    )
    visitor = Visit(context, server)
    yield visitor
    context.close()
    assert not visitor.errors, visitor.errors
