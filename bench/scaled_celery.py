"""The loadwatch Celery app with every configured interval divided by a time scale.

``bench/recovery.py`` starts its workers and beat with ``-A scaled_celery`` and
``LOADWATCH_BENCH_TIME_SCALE=k``: then one minute of the production configuration passes in
``60 / k`` seconds. Scaled are the intervals that bound recovery — Redis's visibility timeout and
the period of its restore scan, every beat interval, the sync lease and the sync sweep's wait
before sending a connection again, the durable dispatch's wait before sending a request again,
and the alert claim timeout — and nothing else: the code, the queues and the tasks are the
production ones. Every value is read from where the product configures it.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from kombu.transport.redis import Channel

from service import dispatch
from service.config import AlertSettings
from service.connections import sweeper, sync
from service.connections.policy import DEFAULT_POLICY
from service.queue import VISIBILITY_TIMEOUT_S
from service.task_names import TaskName
from workers.celery_app import BEAT_SCHEDULE, app

SCALE_VARIABLE = "LOADWATCH_BENCH_TIME_SCALE"


@dataclass(frozen=True)
class Intervals:
    """The configured intervals that bound recovery, in seconds."""

    visibility_timeout: float
    restore_period: float  # kombu scans for expired unacknowledged messages this often
    lease: float
    requeue_after: float
    resend_after: float
    claim_timeout: float
    beat: dict[str, float]
    #: The queue sweep notices a broker that lost its messages and sends everything at once
    #: (``service.queue.broker_lost_messages``); before, each sweep waited its own time.
    notices_broker_loss: bool = True

    @classmethod
    def configured(cls) -> Intervals:
        claim = AlertSettings.model_fields["claim_timeout_s"].default
        return cls(
            visibility_timeout=float(VISIBILITY_TIMEOUT_S),
            restore_period=float(
                Channel.unacked_restore_interval * Channel.unacked_restore_throttle
            ),
            lease=DEFAULT_POLICY.lease.total_seconds(),
            requeue_after=DEFAULT_POLICY.requeue_after.total_seconds(),
            resend_after=dispatch.resend_after().total_seconds(),
            claim_timeout=float(claim),
            beat={name: float(entry["schedule"]) for name, entry in BEAT_SCHEDULE.items()},
        )

    def scaled(self, scale: float) -> Intervals:
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        beat = {name: seconds / scale for name, seconds in values.pop("beat").items()}
        notices = values.pop("notices_broker_loss")
        scaled = {name: value / scale for name, value in values.items()}
        return Intervals(**scaled, beat=beat, notices_broker_loss=notices)

    @property
    def redelivery(self) -> float:
        """An unacknowledged message of a dead worker is back in its queue after this."""
        return self.visibility_timeout + self.restore_period

    def after_worker_loss(self) -> dict[str, float]:
        """Per kind of work a dead worker held, the longest wait until it is sent again: the
        database's sweep or the broker's redelivery, whichever comes first. A sync it had taken
        waits for its lease, one it had only reserved for the sweep's resend wait."""
        sync_wait = max(self.lease, self.requeue_after) + self.beat[TaskName.CONNECTIONS_SWEEP]
        return {
            "syncs": min(self.redelivery, sync_wait),
            "series": min(self.redelivery, self.resend_after + self.beat[TaskName.QUEUE_SWEEP]),
            "alerts": min(self.redelivery, self.claim_timeout + self.beat[TaskName.ALERTS_SWEEP]),
        }

    def after_broker_loss(self) -> dict[str, float]:
        """Per kind of work, the longest wait until a sweep sends again what Redis lost."""
        if self.notices_broker_loss:  # the next queue sweep sends every kind at once
            return dict.fromkeys(("syncs", "series", "alerts"), self.beat[TaskName.QUEUE_SWEEP])
        return {
            "syncs": self.requeue_after + self.beat[TaskName.CONNECTIONS_SWEEP],
            "series": self.resend_after + self.beat[TaskName.QUEUE_SWEEP],
            "alerts": self.beat[TaskName.ALERTS_SWEEP],
        }

    def describe(self) -> str:
        sweeps = ", ".join(
            f"{task} every {self.beat[task]:g} s"
            for task in (TaskName.CONNECTIONS_SWEEP, TaskName.QUEUE_SWEEP, TaskName.ALERTS_SWEEP)
        )
        return (
            f"visibility timeout {self.visibility_timeout:g} s + restore scan "
            f"{self.restore_period:.3g} s; sync lease {self.lease:g} s, resend after "
            f"{self.requeue_after:g} s; kept requests resent after {self.resend_after:g} s; "
            f"alert claim {self.claim_timeout:g} s; {sweeps}"
        )


CONFIGURED = Intervals.configured()  # read before ``apply`` changes any of them

#: The same intervals before they became settings (``LOADWATCH_RECOVERY__*``), when each was
#: fixed in the code and nothing noticed a broker that lost its messages: for comparison.
FORMER = dataclasses.replace(
    CONFIGURED,
    resend_after=900.0,
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
    """Run this process's Celery app, sweeps and sync runs on the scaled intervals."""
    chosen = intervals(scale)
    policy = dataclasses.replace(
        DEFAULT_POLICY,
        lease=DEFAULT_POLICY.lease / scale,
        requeue_after=DEFAULT_POLICY.requeue_after / scale,
    )
    options: dict[str, Any] = {
        "visibility_timeout": chosen.visibility_timeout,
        "unacked_restore_interval": chosen.restore_period,
        "unacked_restore_throttle": 1,
    }
    app.conf.broker_transport_options = options
    app.conf.beat_schedule = {
        name: {**entry, "schedule": chosen.beat[name]} for name, entry in BEAT_SCHEDULE.items()
    }
    sweeper.sweep.__defaults__ = (policy,)
    sync.sync_connection.__kwdefaults__ = {**(sync.sync_connection.__kwdefaults__ or {}),
                                           "policy": policy}  # fmt: skip
    resend_after = dispatch.resend_after() / scale
    dispatch.resend_after = lambda: resend_after  # type: ignore[assignment]


if SCALE_VARIABLE in os.environ:
    apply(float(os.environ[SCALE_VARIABLE]))

__all__ = ["app"]
