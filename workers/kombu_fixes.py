"""A workaround for kombu's Redis transport (kombu 5.7.0, redis-py 8.2): a worker that loses Redis
while it holds an unacknowledged task and has a ``BRPOP`` in flight must not die.

What happens without it, when Redis goes away:

1. Celery's consumer sees the connection error and calls ``Connection.collect()``, which closes
   the default channel. ``redis.Channel.close`` first reads the reply of the ``BRPOP`` still in
   flight (``_brpop_read``); the socket is dead, so that read raises ``ConnectionError`` and the
   close stops there: the channel stays open, with its unacknowledged message in its QoS.
   ``collect()`` swallows the error and then drops the transport's client
   (``transport.client = None``).
2. Celery then closes the connection (``Connection.close``), which closes the same channel again.
   This time the close gets as far as ``QoS.restore_unacked_once``, which needs a Redis client,
   builds a connection pool from ``transport.client`` — now ``None`` — and fails in
   ``Channel._connparams`` with ``AttributeError: 'NoneType' object has no attribute
   'hostname'``. That is not a connection error, so nothing catches it: ``Unrecoverable error``,
   and the worker exits.

It takes a worker that holds a task (something to restore) while another of its slots waits on
``BRPOP`` (a read in flight), which is the usual state of a busy worker with concurrency 2 or more.
A worker that holds nothing, or whose only slot is busy, reconnects by itself.

The fix lets the first close go on when the pending ``BRPOP`` reply cannot be read because the
connection is gone: there is nothing to read any more. The close then reaches the restore while
the transport still has its client; the restore fails with a connection error (Redis is down),
which ``collect()`` ignores as it always did, and the channel is closed for good. The message
stays in Redis's unacknowledged set (restored after the visibility timeout) if Redis kept it, and
if Redis lost it the database brings the work back (``service.dispatch``, the sweeps).
``tests/faults/test_redis_drop_mid_task.py`` drops Redis under such a worker.
"""

from __future__ import annotations

from collections.abc import Callable
from queue import Empty
from typing import Any

from kombu.transport import redis as kombu_redis

_PATCHED = "_loadwatch_close_after_a_lost_brpop"


def _close_after_a_lost_brpop(original: Callable[[Any], None]) -> Callable[[Any], None]:
    def close(self: Any) -> None:
        if self._in_poll and not self.closed:
            try:
                self._brpop_read()
            except Empty:
                pass
            except self.connection_errors:
                pass  # the connection is gone: no reply will come; close the rest
        original(self)

    setattr(close, _PATCHED, True)
    return close


def apply() -> None:
    """Patch ``kombu.transport.redis.Channel.close`` once (idempotent)."""
    channel = kombu_redis.Channel
    if not getattr(channel.close, _PATCHED, False):
        channel.close = _close_after_a_lost_brpop(channel.close)  # type: ignore[method-assign]
