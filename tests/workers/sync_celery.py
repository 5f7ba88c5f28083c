"""The loadwatch Celery app with a short Redis visibility timeout, for worker-loss tests.

``LOADWATCH_TEST_VISIBILITY_TIMEOUT`` (seconds) replaces the hour-long production value, and the
abandoned-message sweep runs every second, so a message whose worker died is delivered again
within seconds instead of an hour.
"""

from __future__ import annotations

import os

from workers.celery_app import app

_timeout = int(os.environ.get("LOADWATCH_TEST_VISIBILITY_TIMEOUT", "10"))
app.conf.broker_transport_options = {
    "visibility_timeout": _timeout,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

__all__ = ["app"]
