"""Structured, dotted log events (``sync.connection.finished``) on standard error."""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any

_RESERVED = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}
#: Libraries whose INFO and DEBUG records carry what a person typed or receives: Apprise logs
#: the whole URL (often with a token in it) and the message body, urllib3 and requests the
#: request path, pywebpush the payload. They speak at WARNING or above, even when the
#: operator turns loadwatch's own level down to DEBUG.
CHATTY_LIBRARIES = ("apprise", "urllib3", "requests", "pywebpush", "py_vapid")


#: Paths whose next segment is a secret: invitation links, the links in alert emails.
_SECRET_SEGMENT = re.compile(
    r"(/(?:invitations|alerts/links|verify-email)/)(?!respond/|link\b)[^/?#\s]+"
)
#: Query parameters that carry secrets: reset and verification tokens, OAuth codes and states.
_SECRET_PARAM = re.compile(r"([?&](?:token|code|state)=)[^&#\s]*", re.IGNORECASE)
#: Any of loadwatch's own bearer secrets, wherever they appear (``reset_...``, ``inv_...``).
_OWN_TOKEN = re.compile(r"\b(lws|lw|inv|reset|csrf)_[A-Za-z0-9_-]{20,}")
REDACTED = "[redacted]"


def redact_url(text: str) -> str:
    """``text`` (a path, a URL, a request line) with every secret in it replaced."""
    text = _SECRET_SEGMENT.sub(lambda m: m.group(1) + REDACTED, text)
    text = _SECRET_PARAM.sub(lambda m: m.group(1) + REDACTED, text)
    return _OWN_TOKEN.sub(lambda m: f"{m.group(1)}_{REDACTED}", text)


class RedactAccessLog(logging.Filter):
    """Uvicorn's access log records each request's path and query: tokens travel there (a
    reset link's, an invitation's, an alert link's), so they are redacted before it is written."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact_url(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact_url(record.msg)
        return True


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        extra: dict[str, Any] = {k: v for k, v in record.__dict__.items() if k not in _RESERVED}
        line = (
            f"{self.formatTime(record)} {record.levelname:<7} {record.name}: {record.getMessage()}"
        )
        if extra:
            # our own lines never carry a token either (a failed request's path, say)
            line += " " + redact_url(json.dumps(extra, default=str, sort_keys=True))
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(level: str = "INFO") -> None:
    for name in CHATTY_LIBRARIES:
        logging.getLogger(name).setLevel(logging.WARNING)
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactAccessLog) for f in access.filters):
        access.addFilter(RedactAccessLog())
    root = logging.getLogger()
    if any(isinstance(h.formatter, KeyValueFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root.addHandler(handler)
    root.setLevel(level.upper())
