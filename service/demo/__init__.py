"""``loadwatch demo``: a coach, a physio and eleven runners on the embedded default, ready to click.

The runners' six months of training arrive through the real paths — Garmin and Fitbit through
their connectors against loopback fakes of Garmin Connect and the Google Health API, one history
through the file import — and then the pipeline runs as the workers run it (series, findings,
alerts, emails). The fakes keep running while the dashboard is served, so "connect Garmin" and
"connect Fitbit" work live. A second run on the same data folder seeds nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from service.config import get_settings
from service.demo.people import DEMO_PASSWORD

__all__ = ["DEMO_PASSWORD", "demo_ready"]

_SERVER_URLS = ("LOADWATCH_DATABASE_URL", "LOADWATCH_REDIS_URL")


@contextmanager
def demo_ready(
    base_url: str, data_dir: Path, lang: str, echo: Callable[[str], None]
) -> Iterator[Callable[[], str]]:
    """Seeded data and running fakes for the length of the block; yields what makes the
    overview to print once the server listens (and ``echo``es how far it is meanwhile).

    Sets the environment first (the embedded default in ``data_dir``, the fakes' addresses), so
    everything that reads the settings afterwards — this process and the worker it starts —
    uses it.
    """
    started = time.monotonic()
    os.environ["LOADWATCH_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("LOADWATCH_BASE_URL", base_url)
    # The demo runs on this machine: alerts may go to a local ntfy or webhook receiver.
    os.environ.setdefault("LOADWATCH_ALERTS__ALLOW_PRIVATE_TARGETS", "true")
    for name in _SERVER_URLS:
        os.environ.pop(name, None)
    get_settings.cache_clear()

    from service import runner
    from service.demo import run, table
    from service.demo.providers import running_fakes

    state = run.read_state(data_dir)
    if state.complete:
        echo(table.text("kept", lang, day=state.seeded_at.date(), folder=data_dir))
    with running_fakes(data_dir, state.seeded_at) as fakes:
        runner.migrate()
        settings = get_settings()
        seeded = run.ensure_seeded(
            fakes,
            settings,
            data_dir,
            lambda key, **values: echo(table.text(key, lang, **values)),
        )

        def overview() -> str:
            seconds = time.monotonic() - started
            ready = table.text("ready.seeded" if seeded else "ready.kept", lang, seconds=seconds)
            lines = [
                table.login_table(settings.base_url, lang),
                *table.try_it(lang),
                table.mail_line(data_dir, lang),
                "",
                ready,
                *table.first_steps(settings.base_url, lang),
            ]
            return "\n".join(lines)

        yield overview
