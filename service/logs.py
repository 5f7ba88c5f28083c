"""Structured, dotted log events (``sync.connection.finished``) on standard error."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
#: Libraries whose INFO and DEBUG records carry what a person typed or receives: Apprise logs
#: the whole URL (often with a token in it) and the message body, urllib3 and requests the
#: request path, pywebpush the payload. They speak at WARNING or above, even when the
#: operator turns loadwatch's own level down to DEBUG.
CHATTY_LIBRARIES = ("apprise", "urllib3", "requests", "pywebpush", "py_vapid")


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra: dict[str, Any] = {k: v for k, v in record.__dict__.items() if k not in _RESERVED}
        line = (
            f"{self.formatTime(record)} {record.levelname:<7} {record.name}: {record.getMessage()}"
        )
        if extra:
            line += " " + json.dumps(extra, default=str, sort_keys=True)
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(level: str = "INFO") -> None:
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    root = logging.getLogger()
    if any(isinstance(h.formatter, KeyValueFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())
