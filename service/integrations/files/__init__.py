"""Activity files a person uploads: FIT, GPX, TCX, or a ZIP of them (a Garmin Connect export).

One entry point, :func:`parse_activity_file`, recognises the format by content (FIT magic
``.FIT`` at byte 8, ZIP magic, the XML root ``gpx`` or ``TrainingCenterDatabase``), never by the
extension alone, and returns provider-neutral :class:`ActivityData` with ``source=Source.FILE``.
Anything it cannot import raises :class:`FileRejected` with a stable code, a location and a
message in English and Dutch.

Damaged files are refused by default. ``allow_incomplete=True`` imports what a damaged FIT holds
up to the damage (marked ``incomplete=True``, damage in ``raw["damage"]``) and, for an archive,
keeps the good and salvaged members while skipping the rest; use
:func:`service.integrations.files.garmin_export.read_archive` to also get the list of skipped
members.
"""

from __future__ import annotations

import logging

from service.integrations.base import ActivityData
from service.integrations.files.errors import FileRejected, Location
from service.integrations.files.formats import Kind, read_single_file, sniff
from service.integrations.files.garmin_export import ArchiveImport, read_archive
from service.integrations.files.limits import (
    MAX_ARCHIVE_BYTES,
    MAX_ARCHIVE_EXPANDED_BYTES,
    MAX_ARCHIVE_MEMBERS,
    MAX_FILE_BYTES,
    ArchiveLimits,
)

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_ARCHIVE_EXPANDED_BYTES",
    "MAX_ARCHIVE_MEMBERS",
    "MAX_FILE_BYTES",
    "ArchiveImport",
    "ArchiveLimits",
    "FileRejected",
    "Location",
    "parse_activity_file",
    "read_archive",
]

logger = logging.getLogger(__name__)


def parse_activity_file(
    filename: str, data: bytes, *, allow_incomplete: bool = False
) -> list[ActivityData]:
    """The activities in one uploaded file; ``filename`` is used only in log events.

    Raises :class:`FileRejected` for an empty, oversized, unrecognised, damaged (unless
    ``allow_incomplete``) or activity-less file.
    """
    if sniff(data) is not Kind.ZIP:
        return read_single_file(data, allow_incomplete=allow_incomplete)
    archive = read_archive(data, allow_incomplete=allow_incomplete)
    for problem in archive.problems:
        logger.warning(
            "files.archive.member_skipped",
            extra={"upload": filename, "code": problem.code, "where": problem.where},
        )
    return archive.activities
