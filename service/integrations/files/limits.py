"""Size caps for uploads and archives: what one person's files can reasonably need, and no more."""

from __future__ import annotations

from dataclasses import dataclass

MiB = 1024 * 1024

#: One FIT, GPX or TCX file, uploaded alone or inside an archive. A 24-hour FIT at one record per
#: second is about 4 MB; a GPX of the same is about 25 MB.
MAX_FILE_BYTES = 50 * MiB
#: One uploaded ZIP, or one archive nested inside it.
MAX_ARCHIVE_BYTES = 500 * MiB
#: Files listed across an archive and the archives nested in it.
MAX_ARCHIVE_MEMBERS = 50_000
#: Bytes unpacked from an archive in total (activity files and nested archives): the zip-bomb cap.
#: Checked against the sizes the archive declares before any member is parsed.
MAX_ARCHIVE_EXPANDED_BYTES = 1024 * MiB
#: Seconds one upload may spend parsing its members; then the rest is refused (a worker is never
#: held for minutes by one archive).
MAX_ARCHIVE_PARSE_SECONDS = 120.0


@dataclass(frozen=True, slots=True)
class ArchiveLimits:
    file_bytes: int = MAX_FILE_BYTES
    archive_bytes: int = MAX_ARCHIVE_BYTES
    members: int = MAX_ARCHIVE_MEMBERS
    expanded_bytes: int = MAX_ARCHIVE_EXPANDED_BYTES
    parse_seconds: float = MAX_ARCHIVE_PARSE_SECONDS
