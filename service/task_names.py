"""Every background task by name, and the queue each runs on.

The service sends tasks by name and never imports ``workers``; the workers register their tasks
under these names, and the routes and the beat schedule use them too. A misspelt member fails at
import, where a misspelt string would have sent a message no worker takes.

A name is ``feature.action``, the feature being the package under ``service/`` whose code the task
runs (``queue.sweep`` runs ``service.queue`` and ``service.dispatch``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Final


class TaskName(StrEnum):
    ACCOUNTS_PURGE_EXPIRED = "accounts.purge_expired"
    ACTIVITIES_PROCESS_IMPORT = "activities.process_import"
    ACTIVITIES_SWEEP_IMPORTS = "activities.sweep_imports"
    ALERTS_DELIVER = "alerts.deliver"
    ALERTS_PLAN_NOTICES = "alerts.plan_notices"
    ALERTS_SWEEP = "alerts.sweep"
    CONNECTIONS_GARMIN_LOGIN = "connections.garmin_login"
    CONNECTIONS_GARMIN_MFA = "connections.garmin_mfa"
    CONNECTIONS_SWEEP = "connections.sweep"
    CONNECTIONS_SYNC = "connections.sync"
    FINDINGS_EVALUATE = "findings.evaluate"
    FINDINGS_SWEEP_STALE_SOURCES = "findings.sweep_stale_sources"
    METRICS_RECOMPUTE = "metrics.recompute"
    METRICS_SWEEP = "metrics.sweep"
    QUEUE_SWEEP = "queue.sweep"


#: One queue per workload, so each can get workers of its own (``loadwatch worker --queues``):
#: provider calls (I/O), the series and rules (CPU), alert delivery, uploaded files; the rest
#: goes to default. Imports have a queue and a worker of their own (``IMPORT_QUEUE``): a slow
#: archive never makes the sweeps or an alert wait.
QUEUES: Final = ("default", "sync", "metrics", "alerts", "imports")
IMPORT_QUEUE: Final = "imports"
#: What a worker started without ``--queues`` consumes: every queue, so a single worker leaves
#: no task waiting for ever. Installations with an imports worker give the other workers
#: ``GENERAL_QUEUES``.
WORKER_QUEUES: Final = QUEUES
GENERAL_QUEUES: Final = tuple(name for name in QUEUES if name != IMPORT_QUEUE)
QUEUE_OF: Final[Mapping[TaskName, str]] = {
    TaskName.ACCOUNTS_PURGE_EXPIRED: "default",
    TaskName.ACTIVITIES_PROCESS_IMPORT: IMPORT_QUEUE,
    TaskName.ACTIVITIES_SWEEP_IMPORTS: "default",
    TaskName.ALERTS_DELIVER: "alerts",
    TaskName.ALERTS_PLAN_NOTICES: "alerts",
    TaskName.ALERTS_SWEEP: "alerts",
    TaskName.CONNECTIONS_GARMIN_LOGIN: "sync",
    TaskName.CONNECTIONS_GARMIN_MFA: "sync",
    TaskName.CONNECTIONS_SWEEP: "sync",
    TaskName.CONNECTIONS_SYNC: "sync",
    TaskName.FINDINGS_EVALUATE: "metrics",
    TaskName.FINDINGS_SWEEP_STALE_SOURCES: "metrics",
    TaskName.METRICS_RECOMPUTE: "metrics",
    TaskName.METRICS_SWEEP: "metrics",
    TaskName.QUEUE_SWEEP: "default",
}

#: The names these tasks had before they were named after the package they run in. A message
#: queued under one before an upgrade is still taken, and sent on under the new name
#: (``workers.tasks.renamed``); ``docs/operations.md`` says when these can go.
FORMER_NAMES: Final[Mapping[str, TaskName]] = {
    "imports.process": TaskName.ACTIVITIES_PROCESS_IMPORT,
    "imports.sweep": TaskName.ACTIVITIES_SWEEP_IMPORTS,
    "rules.evaluate": TaskName.FINDINGS_EVALUATE,
    "rules.sweep_stale_sources": TaskName.FINDINGS_SWEEP_STALE_SOURCES,
    "sync.connection": TaskName.CONNECTIONS_SYNC,
    "sync.sweep": TaskName.CONNECTIONS_SWEEP,
}
