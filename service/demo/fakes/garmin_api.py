"""The fake's connectapi tier: bearer check, scripted faults, recorded or synthesised answers."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from service.demo.fakes.garmin_accounts import FakeAccount
from service.demo.fakes.garmin_corpus import match_api_recording
from service.demo.fakes.garmin_shapes import Shapes
from service.demo.fakes.garmin_state import Answer, Request, State

ACTIVITY_LIST_PATH = "/activitylist-service/activities/search/activities"
_NOT_ACTIVE = {
    "WWW-Authenticate": 'Bearer error="invalid_token", error_description="Token is not active"'
}

Handler = Callable[[FakeAccount, Request, "re.Match[str]"], Answer]


def api_answer(state: State, request: Request) -> tuple[Answer, str | None]:
    token = (request.header("authorization") or "").removeprefix("Bearer ").strip()
    email = state.tokens.account_for(token) if token else None
    if email is None and request.cookie("JWT_WEB"):
        email = state.jwt_web.get(request.cookie("JWT_WEB") or "")
    account = state.account(email) if email else None
    if account is None or account.faults.revoked:
        return Answer(401, b"", "application/json", dict(_NOT_ACTIVE)), email
    fault = _scripted_fault(account)
    if fault is not None:
        return fault, account.email
    if account.recorded:
        recording = match_api_recording(request.method, request.path, request.query)
        if recording is not None:
            return Answer(
                recording.status, recording.body(), recording.content_type, recording.headers
            ), account.email
    for method, pattern, handler in _ROUTES:
        match = pattern.fullmatch(request.path)
        if match and method == request.method:
            return handler(account, request, match), account.email
    return _not_found(account.shapes), account.email


def _scripted_fault(account: FakeAccount) -> Answer | None:
    faults = account.faults
    if faults.rate_limited > 0:
        faults.rate_limited -= 1
        headers = {"Retry-After": faults.retry_after} if faults.retry_after else {}
        return Answer(429, b"Too Many Requests", "text/plain", headers)
    if faults.unavailable > 0:
        faults.unavailable -= 1
        return Answer(503, b"<html><title>503 Service Unavailable</title></html>", "text/html")
    return None


def _profile(account: FakeAccount, _request: Request, _match: re.Match[str]) -> Answer:
    return Answer.json(200, account.social_profile())


def _settings(account: FakeAccount, _request: Request, _match: re.Match[str]) -> Answer:
    return Answer(200, account.shapes.raw("userprofile_user-settings.json"))


def _activity_list(account: FakeAccount, request: Request, _match: re.Match[str]) -> Answer:
    """Filter on the local start day, sort by local start (newest first unless ``asc``), page."""
    query = {key: values[0] for key, values in request.query.items()}
    first, last = query.get("startDate"), query.get("endDate")
    chosen = [
        entry
        for entry in account.entries
        if (first is None or entry["startTimeLocal"][:10] >= first)
        and (last is None or entry["startTimeLocal"][:10] <= last)
        and query.get("activityType") in (None, entry["activityType"]["typeKey"])
    ]
    chosen.sort(key=lambda entry: entry["startTimeLocal"], reverse=query.get("sortOrder") != "asc")
    start, limit = int(query.get("start", "0")), int(query.get("limit", "20"))
    return Answer.json(200, chosen[start : start + limit])


def _activity(account: FakeAccount, _request: Request, match: re.Match[str]) -> Answer:
    found = account.details.get(match["id"])
    return Answer.json(200, found) if found else _not_found(account.shapes)


def _original(account: FakeAccount, _request: Request, match: re.Match[str]) -> Answer:
    blob = account.originals.get(match["id"])
    if blob is None:
        return _not_found(account.shapes)
    disposition = f'attachment; filename="{match["id"]}.zip"'
    return Answer(200, blob, "application/x-zip-compressed", {"Content-Disposition": disposition})


def _resting_hr(account: FakeAccount, request: Request, match: re.Match[str]) -> Answer:
    """Invented envelope, in the shape ``Garmin.get_rhr_daily`` parses (no recording exists)."""
    if match["name"] != account.display_name:
        return _not_found(account.shapes)
    first = date.fromisoformat(request.query["fromDate"][0])
    last = date.fromisoformat(request.query["untilDate"][0])
    rows = [
        {"value": bpm, "calendarDate": day.isoformat()}
        for day, bpm in sorted(account.resting_hr.items())
        if first <= day <= last
    ]
    metrics: dict[str, Any] = {"WELLNESS_RESTING_HEART_RATE": rows}
    return Answer.json(
        200, {"userProfilePK": account.profile_id, "allMetrics": {"metricsMap": metrics}}
    )


def _upload(account: FakeAccount, request: Request, _match: re.Match[str]) -> Answer:
    """202 for a new file, 409 "Duplicate Activity." for a file uploaded before (as recorded)."""
    digest = upload_digest(request.body)
    if digest in account.uploads:
        return Answer(409, account.shapes.raw("upload_409_duplicate.json"))
    account.uploads.add(digest)
    location = "https://connectapi.garmin.com/activity-service/activity/status/1/" + digest[:32]
    body = account.shapes.raw("upload_202_accepted.json")
    return Answer(202, body, headers={"Location": location})


def upload_digest(body: bytes) -> str:
    """Identity of the file inside a multipart body (the boundary differs per request)."""
    parts = [part for part in re.split(rb"--[^\r\n]+", body) if part.strip(b"-\r\n")]
    payload = max(parts, key=len) if parts else body
    return hashlib.sha256(payload.split(b"\r\n\r\n", 1)[-1]).hexdigest()


def _not_found(shapes: Shapes) -> Answer:
    return Answer.json(404, shapes.json("activity_404_after_delete.json"))


_ROUTES: tuple[tuple[str, re.Pattern[str], Handler], ...] = (
    ("GET", re.compile(r"/userprofile-service/socialProfile"), _profile),
    ("GET", re.compile(r"/userprofile-service/userprofile/user-settings"), _settings),
    ("GET", re.compile(re.escape(ACTIVITY_LIST_PATH)), _activity_list),
    ("GET", re.compile(r"/activity-service/activity/(?P<id>\d+)"), _activity),
    ("GET", re.compile(r"/download-service/files/activity/(?P<id>\d+)"), _original),
    ("GET", re.compile(r"/userstats-service/wellness/daily/(?P<name>[^/]+)"), _resting_hr),
    ("POST", re.compile(r"/upload-service/upload"), _upload),
)
