"""The loadwatch Celery app with every configured interval divided by a time scale.

``bench/recovery.py`` starts its workers and beat with ``-A scaled_celery``, the
``LOADWATCH_RECOVERY__*`` and ``LOADWATCH_ALERTS__CLAIM_TIMEOUT_S`` settings divided by the scale
in their environment (:meth:`Intervals.environment`) and ``LOADWATCH_BENCH_TIME_SCALE=k``, which
scales what is not a setting: Redis's visibility timeout and the period of its restore scan. Then
one minute of the production configuration passes in ``60 / k`` seconds; at ``k = 1`` it is the
production configuration itself. The code, the queues and the tasks are the production ones;
every value is read from where the product configures it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from kombu.transport.redis import Channel

from service.config import AlertSettings, RecoverySettings, Settings
from service.connections.policy import DEFAULT_POLICY
from service.queue import VISIBILITY_TIMEOUT_S
from service.task_names import TaskName
from workers.celery_app import app, every_s

SCALE_VARIABLE = "LOADWATCH_BENCH_TIME_SCALE"
SWEEPS = {
    TaskName.CONNECTIONS_SWEEP: "CONNECTIONS_SWEEP_S",
    TaskName.ACTIVITIES_SWEEP_IMPORTS: "IMPORTS_SWEEP_S",
    TaskName.QUEUE_SWEEP: "QUEUE_SWEEP_S",
    TaskName.ALERTS_SWEEP: "ALERTS_SWEEP_S",
}


@dataclass(frozen=True)
class Intervals:
    """The configured intervals that bound recovery, in seconds."""

    visibility_timeout: float
    restore_period: float  # kombu scans for expired unacknowledged messages this often
    lease: float  # a sync's lease, a kept request's hold (renewed while the task runs)
    heartbeat: float
    import_lease: float
    requeue_after: float
    resend_after: float
    import_resend_after: float
    claim_timeout: float
    beat: dict[TaskName, float]
    #: The queue sweep notices a broker that lost its messages and sends everything at once
    #: (``service.queue.broker_lost_messages``); before, each sweep waited its own time.
    notices_broker_loss: bool = True
    #: A running task renews what it holds (``service.leases``), so a dead worker's holds run
    #: out after ``lease``; before, a recompute it held waited for ``resend_after``.
    renews: bool = True

    @classmethod
    def configured(cls) -> Intervals:
        recovery = RecoverySettings()
        return cls(
            visibility_timeout=float(VISIBILITY_TIMEOUT_S),
            restore_period=float(
                Channel.unacked_restore_interval * Channel.unacked_restore_throttle
            ),
            lease=recovery.lease_s,
            heartbeat=recovery.heartbeat_s,
            import_lease=recovery.import_lease_s,
            requeue_after=recovery.sync_resend_after_s,
            resend_after=recovery.resend_after_s,
            import_resend_after=recovery.import_resend_after_s,
            claim_timeout=AlertSettings().claim_timeout_s,
            beat={task: float(seconds) for task, seconds in every_s_defaults().items()},
        )

    def scaled(self, scale: float) -> Intervals:
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        beat = {name: seconds / scale for name, seconds in values.pop("beat").items()}
        flags = {name: values.pop(name) for name in ("notices_broker_loss", "renews")}
        scaled = {name: value / scale for name, value in values.items()}
        return Intervals(**scaled, beat=beat, **flags)

    def environment(self) -> dict[str, str]:
        """The settings of workers and beat that run on these intervals."""
        settings = {
            "LEASE_S": self.lease, "HEARTBEAT_S": self.heartbeat,
            "IMPORT_LEASE_S": self.import_lease, "SYNC_RESEND_AFTER_S": self.requeue_after,
            "RESEND_AFTER_S": self.resend_after, "IMPORT_RESEND_AFTER_S": self.import_resend_after,
            **{name: self.beat[task] for task, name in SWEEPS.items()},
        }  # fmt: skip
        return {
            **{f"LOADWATCH_RECOVERY__{name}": f"{value:g}" for name, value in settings.items()},
            "LOADWATCH_ALERTS__CLAIM_TIMEOUT_S": f"{self.claim_timeout:g}",
        }

    @property
    def redelivery(self) -> float:
        """An unacknowledged message of a dead worker is back in its queue after this."""
        return self.visibility_timeout + self.restore_period

    def after_worker_loss(self) -> dict[str, float]:
        """Per kind of work a dead worker held, the longest wait until it is sent again: the
        database's sweep or the broker's redelivery, whichever comes first."""
        held = self.lease if self.renews else self.resend_after
        waits = {
            "syncs": self.lease + self.beat[TaskName.CONNECTIONS_SWEEP],
            "imports": self.import_lease + self.beat[TaskName.ACTIVITIES_SWEEP_IMPORTS],
            "series": held + self.beat[TaskName.QUEUE_SWEEP],
            "alerts": self.claim_timeout + self.beat[TaskName.ALERTS_SWEEP],
        }
        return {kind: min(self.redelivery, wait) for kind, wait in waits.items()}

    def after_broker_loss(self) -> dict[str, float]:
        """Per kind of work, the longest wait until a sweep sends again what Redis lost."""
        kinds = ("syncs", "imports", "series", "alerts")
        if self.notices_broker_loss:  # the next queue sweep sends every kind at once
            return dict.fromkeys(kinds, self.beat[TaskName.QUEUE_SWEEP])
        return {
            "syncs": self.requeue_after + self.beat[TaskName.CONNECTIONS_SWEEP],
            "imports": self.import_resend_after + self.beat[TaskName.ACTIVITIES_SWEEP_IMPORTS],
            "series": self.resend_after + self.beat[TaskName.QUEUE_SWEEP],
            "alerts": self.beat[TaskName.ALERTS_SWEEP],
        }

    def describe(self) -> str:
        sweeps = ", ".join(f"{task} every {self.beat[task]:g} s" for task in SWEEPS)
        held = (
            f"leases {self.lease:g} s renewed every {self.heartbeat:g} s"
            if self.renews
            else f"sync lease {self.lease:g} s, kept requests resent after {self.resend_after:g} s"
        )
        return (
            f"visibility timeout {self.visibility_timeout:g} s; {held}; import lease "
            f"{self.import_lease:g} s; alert claim {self.claim_timeout:g} s; {sweeps}"
        )


def every_s_defaults() -> dict[TaskName, float]:
    """The beat's intervals as the defaults set them, whatever this process's environment."""
    return every_s(Settings(recovery=RecoverySettings()))


CONFIGURED = Intervals.configured()

#: Main before the heartbeat: fixed leases (a sync's outlived the task time limit), a dead
#: worker's recompute resent only after the resend wait.
BEFORE_HEARTBEAT = dataclasses.replace(
    CONFIGURED,
    lease=DEFAULT_POLICY.lease.total_seconds(),
    import_lease=30.0,
    resend_after=300.0,
    claim_timeout=120.0,
    beat={
        **CONFIGURED.beat,
        TaskName.CONNECTIONS_SWEEP: 30.0,
        TaskName.ACTIVITIES_SWEEP_IMPORTS: 15.0,
        TaskName.ALERTS_SWEEP: 15.0,
    },
    renews=False,
)

#: The intervals before they became settings, when each was fixed in the code, nothing noticed
#: a broker that lost its messages and no import was taken over before its resend wait.
FORMER = dataclasses.replace(
    BEFORE_HEARTBEAT,
    import_lease=900.0,
    resend_after=900.0,
    import_resend_after=900.0,
    beat={
        **CONFIGURED.beat,
        TaskName.CONNECTIONS_SWEEP: 60.0,
        TaskName.ALERTS_SWEEP: 30.0,
        TaskName.ACTIVITIES_SWEEP_IMPORTS: 600.0,
        TaskName.QUEUE_SWEEP: 300.0,
    },
    notices_broker_loss=False,
)


def intervals(scale: float) -> Intervals:
    """The configured intervals divided by ``scale``."""
    return CONFIGURED.scaled(scale)


def apply(scale: float) -> None:
    """Scale in this process what is not a setting: Redis's redelivery of a dead worker's
    messages."""
    chosen = intervals(scale)
    options: dict[str, Any] = {
        "visibility_timeout": chosen.visibility_timeout,
        "unacked_restore_interval": chosen.restore_period,
        "unacked_restore_throttle": 1,
    }
    app.conf.broker_transport_options = options


if SCALE_VARIABLE in os.environ:
    apply(float(os.environ[SCALE_VARIABLE]))

__all__ = ["app"]
