"""Garmin for one sync run: the connector's session behind the ``ProviderSession`` interface.

Fetches per window the activity list (Garmin's own ``activityTrainingLoad`` and training-effect
label ride along in ``ActivityData.vendor_load*``) and the daily resting heart rate. With
``LOADWATCH_GARMIN__FETCH_ORIGINAL=true`` it also keeps each activity's ORIGINAL FIT file under
``<data>/originals/<athlete>/garmin-<activity>.fit``, downloaded once.
"""

from __future__ import annotations

import logging
import os
from datetime import date
from pathlib import Path

from service.config import Settings
from service.connections.runs import Batch, Claim
from service.integrations.base import ActivityData
from service.integrations.garmin import GARMIN_COM, GarminEndpoints, GarminSession

log = logging.getLogger(__name__)


def garmin_endpoints(settings: Settings) -> GarminEndpoints:
    """Garmin's hosts, or the overrides the demo and the tests point at the fake."""
    overrides = settings.garmin
    return GarminEndpoints(
        connectapi=overrides.connectapi or GARMIN_COM.connectapi,
        sso=overrides.sso or GARMIN_COM.sso,
        di_token_url=overrides.di_token_url or GARMIN_COM.di_token_url,
        service_root=overrides.service_root or GARMIN_COM.service_root,
    )


class GarminProvider:
    def __init__(self, session: GarminSession, originals: OriginalFiles | None) -> None:
        self._session = session
        self._originals = originals

    def fetch(self, first: date, last: date) -> Batch:
        self._session.replaced_parents.clear()
        activities = self._session.list_activities(first, last)
        wellness = self._session.daily_wellness(first, last)
        if self._originals is not None:
            self._originals.keep(self._session, activities)
        # A multisport parent stored whole before its legs were read goes (no double count).
        retired = tuple(self._session.replaced_parents)
        return Batch(activities=activities, wellness=wellness, retired=retired)

    def current_credentials(self) -> str:
        return self._session.token_blob()

    def close(self) -> None:
        self._session.close()


class OriginalFiles:
    """ORIGINAL downloads kept as files beside the database, one per Garmin activity.

    An activity Garmin has no original for (manual entries, some imports) leaves an empty
    ``.none`` marker, so it is asked for once, not on every sync of the overlap window.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path_for(self, activity_id: str) -> Path:
        return self.folder / f"garmin-{activity_id}.fit"

    def keep(self, session: GarminSession, activities: list[ActivityData]) -> int:
        kept = 0
        for activity in activities:
            path = self.path_for(activity.external_id)
            absent = path.with_suffix(".none")
            if path.exists() or absent.exists():
                continue
            blob = session.download_original(activity.external_id)
            _write_atomically(absent if blob is None else path, blob or b"")
            kept += blob is not None
        return kept


def _write_atomically(path: Path, blob: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    partial.write_bytes(blob)
    partial.replace(path)


def open_garmin(claim: Claim, settings: Settings) -> GarminProvider:
    """A session from the stored token blob; ``AuthExpired`` when it cannot be loaded."""
    session = GarminSession(claim.secret, garmin_endpoints(settings))
    originals = None
    if settings.garmin.fetch_original:
        originals = OriginalFiles(settings.data_dir.resolve() / "originals" / str(claim.athlete_id))
    return GarminProvider(session, originals)
