"""The recorded Garmin Connect responses in ``shared/corpus/garmin``, looked up by ``index.json``.

Each index row names the request (method, host, path, query) and the file holding the answer
(status, content type, notable headers). Paths that carry a display name are matched with the name
left out, because the recordings were made for other accounts (some with an empty name).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from functools import cache
from typing import Any

from service.demo.fakes.corpus import corpus_path

SSO_HOST = "sso.garmin.com"

_DISPLAY_NAME_PREFIXES = (
    "/usersummary-service/usersummary/daily/",
    "/wellness-service/wellness/dailyHeartRate/",
    "/wellness-service/wellness/dailySleepData/",
    "/userstats-service/wellness/daily/",
)


@dataclass(frozen=True)
class Recording:
    file: str
    method: str
    host: str
    path: str
    query: dict[str, str]
    status: int
    content_type: str
    headers: dict[str, str]

    def body(self) -> bytes:
        return raw_file(self.file)


@cache
def recordings() -> tuple[Recording, ...]:
    rows = json.loads(corpus_path("garmin", "index.json").read_text(encoding="utf-8"))
    return tuple(
        Recording(
            file=row["file"],
            method=row["method"],
            host=row["host"],
            path=row["path"],
            query={key: str(value) for key, value in row["query"].items()},
            status=int(row["status"]),
            content_type=row["content_type"],
            headers={key.title(): value for key, value in row["response_headers"].items()},
        )
        for row in rows
    )


@cache
def raw_file(name: str) -> bytes:
    return corpus_path("garmin", name).read_bytes()


def recorded_json(name: str) -> Any:
    """A fresh copy of a recorded JSON body (callers may change it)."""
    return copy.deepcopy(_parsed(name))


@cache
def _parsed(name: str) -> Any:
    return json.loads(raw_file(name))


def sso_recording(file: str) -> Recording:
    return next(rec for rec in recordings() if rec.file == file and rec.host == SSO_HOST)


def match_api_recording(method: str, path: str, query: dict[str, list[str]]) -> Recording | None:
    """The recorded answer to exactly this API request (same path and the same query keys)."""
    wanted = _without_display_name(path)
    for rec in recordings():
        if rec.host == SSO_HOST or rec.method != method:
            continue
        if _without_display_name(rec.path) != wanted or set(rec.query) != set(query):
            continue
        if all(value in query[key] for key, value in rec.query.items()):
            return rec
    return None


def recorded_list_entries() -> list[dict[str, Any]]:
    """Every activity-list entry in the corpus, once each, newest first."""
    entries: dict[int, dict[str, Any]] = {}
    for rec in recordings():
        if rec.path == "/activitylist-service/activities/search/activities":
            for entry in recorded_json(rec.file):
                entries.setdefault(entry["activityId"], entry)
    return sorted(entries.values(), key=lambda entry: entry["startTimeGMT"], reverse=True)


def _without_display_name(path: str) -> str:
    for prefix in _DISPLAY_NAME_PREFIXES:
        if path.startswith(prefix):
            return prefix + "{displayName}"
    return path
