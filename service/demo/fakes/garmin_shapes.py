"""Where the fake Garmin Connect takes the bodies it answers with: the recorded corpus, or a small
built-in set.

``RECORDED`` reads ``shared/corpus/garmin`` (the tests: real responses, every field Garmin sends).
``BUILTIN`` holds invented bodies in the same shapes, reduced to the fields that ``garminconnect``
and our connector read, so that the demo runs from a fresh clone without the corpus. Both answer
by the recording's file name.
"""

from __future__ import annotations

import copy
import json
from typing import Any, Protocol

from service.demo.fakes import garmin_corpus

__all__ = ["BUILTIN", "RECORDED", "Shapes"]


class Shapes(Protocol):
    def json(self, name: str) -> Any:
        """A fresh copy of the body (callers may change it)."""
        ...

    def raw(self, name: str) -> bytes: ...

    def status(self, name: str) -> int:
        """The HTTP status the body was answered with."""
        ...


class RecordedShapes:
    def json(self, name: str) -> Any:
        return garmin_corpus.recorded_json(name)

    def raw(self, name: str) -> bytes:
        return garmin_corpus.raw_file(name)

    def status(self, name: str) -> int:
        return next(rec.status for rec in garmin_corpus.recordings() if rec.file == name)


_SSO_OK = {"serviceURL": "https://mobile.integration.garmin.com/gcm/android", "authType": "CAS"}

_BODIES: dict[str, tuple[int, Any]] = {
    "sso_mobile_api_login_success.json": (
        200,
        {**_SSO_OK, "serviceTicketId": "", "responseStatus": {"type": "SUCCESSFUL"}},
    ),
    "sso_mobile_api_mfa_verifyCode_success.json": (
        200,
        {**_SSO_OK, "serviceTicketId": "", "responseStatus": {"type": "SUCCESSFUL"}},
    ),
    "sso_mobile_api_login_mfa_required.json": (
        200,
        {
            "serviceURL": None,
            "serviceTicketId": None,
            "responseStatus": {"type": "MFA_REQUIRED", "httpStatus": "OK"},
            "customerMfaInfo": {"email": "", "mfaLastMethodUsed": "email"},
        },
    ),
    "sso_mobile_api_login_401_invalid_password.json": (
        401,
        {
            "serviceURL": None,
            "serviceTicketId": None,
            "responseStatus": {"type": "INVALID_USERNAME_PASSWORD", "httpStatus": "UNAUTHORIZED"},
        },
    ),
    "activity_404_after_delete.json": (
        404,
        {"message": "HTTP 404 Not Found", "error": "NotFoundException"},
    ),
    "userprofile_socialProfile.json": (200, {"userRoles": [], "userLevel": 1}),
    "userprofile_user-settings.json": (
        200,
        {"userData": {"measurementSystem": "metric", "timeFormat": "time_twenty_four_hr"}},
    ),
    "activitylist_search_limit3_start0.json": (
        200,
        [
            {
                "eventType": {"typeId": 9, "typeKey": "uncategorized", "sortOrder": 10},
                "privacy": {"typeId": 2, "typeKey": "private"},
                "manufacturer": "GARMIN",
                "deviceId": 3_990_000_001,
                "sportTypeId": 1,
                "userRoles": [],
                "userPro": False,
                **dict.fromkeys(
                    ("hasPolyline", "hasImages", "hasVideo", "hasHeatMap", "hasSplits"), False
                ),
                **dict.fromkeys(
                    ("autoCalcCalories", "favorite", "decoDive", "elevationCorrected"), False
                ),
                **dict.fromkeys(("atpActivity", "purposeful", "manualActivity"), False),
                "pr": False,
                "parent": False,
            }
        ],
    ),
    "activity_21482825013.json": (
        200,
        {
            "metadataDTO": {"isOriginal": True, "deviceApplicationInstallationId": 1},
            "eventTypeDTO": {"typeId": 9, "typeKey": "uncategorized", "sortOrder": 10},
            "accessControlRuleDTO": {"typeId": 2, "typeKey": "private"},
        },
    ),
    "upload_202_accepted.json": (202, {"detailedImportResult": {"successes": [], "failures": []}}),
    "upload_409_duplicate.json": (
        409,
        {
            "detailedImportResult": {
                "successes": [],
                "failures": [{"messages": [{"code": 202, "content": "Duplicate Activity."}]}],
            }
        },
    ),
}


class BuiltinShapes:
    def json(self, name: str) -> Any:
        return copy.deepcopy(self._entry(name)[1])

    def raw(self, name: str) -> bytes:
        return json.dumps(self._entry(name)[1]).encode()

    def status(self, name: str) -> int:
        return self._entry(name)[0]

    @staticmethod
    def _entry(name: str) -> tuple[int, Any]:
        try:
            return _BODIES[name]
        except KeyError:
            raise KeyError(f"no built-in body for {name}: this answer needs the corpus") from None


RECORDED: Shapes = RecordedShapes()
BUILTIN: Shapes = BuiltinShapes()
