"""ZIP archives: the Garmin Connect account export, a Garmin "original" download, or any ZIP of
activity files.

A Garmin export holds JSON summaries and the uploaded activity files, the latter often packed in
nested ``*.zip`` parts under ``DI_CONNECT/DI-Connect-Uploaded-Files/``. Every ``.fit``, ``.gpx``
and ``.tcx`` member is imported, nested archives are opened one level deep, and the summaries in
``DI_CONNECT/DI-Connect-Fitness/*_summarizedActivities.json`` become activities without a track
for every session that has no file in the archive (``files.garmin_summaries``); everything else
is skipped. Nothing is written to disk; members are read into memory one at a time.

Guards (whole archive refused, whatever ``allow_incomplete`` says, because the archive itself is
hostile or absurd): a member name that is absolute, has a drive letter or ``..`` part
(``archive_unsafe_member_name``), more members than ``ArchiveLimits.members``, or more unpacked
bytes than ``ArchiveLimits.expanded_bytes`` (the declared sizes of all activity files and nested
archives, added up before the first is parsed), or parsing past ``ArchiveLimits.parse_seconds``
(``archive_too_slow``). Sizes are the ones the archive declares; zipfile never inflates a member
past its declared size, and we read at most the cap plus one byte.

Per-member problems (damaged FIT, malformed XML, a date before 1990 or after tomorrow, a member
over the per-file cap, an unreadable or a too deeply nested member, unreadable summaries) are
collected, each located ``member <path>``. The problem members are skipped and the rest import:
the problems are returned beside the activities, so the person is told what was left out (one
damaged file must not hold back years of an export). Only when no activity at all remains is the
archive refused (``archive_member_rejected``, with every problem in ``.problems``).
``allow_incomplete`` adds what a damaged FIT still holds up to its damage instead of skipping it.
Members that hold no activity by nature (a FIT course or settings file, a GPX route without
times) are skipped, not problems.
"""

from __future__ import annotations

import io
import re
import struct
import time
import zipfile
import zlib
from dataclasses import dataclass, field

from service.integrations.base import ActivityData
from service.integrations.files.errors import FileRejected, Location
from service.integrations.files.formats import read_single_file
from service.integrations.files.garmin_summaries import (
    is_summaries_member,
    read_summaries,
    without_file,
)
from service.integrations.files.limits import ArchiveLimits, MiB

_ACTIVITY_SUFFIXES = (".fit", ".gpx", ".tcx")
_ARCHIVE_SUFFIX = ".zip"
_WANTED_SUFFIXES = (*_ACTIVITY_SUFFIXES, _ARCHIVE_SUFFIX)
#: The end-of-central-directory record is 22 bytes plus a comment of at most 65,535.
_EOCD_SEARCH_BYTES = 22 + 65_535
_DRIVE = re.compile(r"^[A-Za-z]:")
_NOT_ACTIVITIES = frozenset({"not_an_activity", "no_activity_data", "no_timestamps"})
_HOSTILE = frozenset(
    {
        "archive_unsafe_member_name",
        "archive_too_many_members",
        "archive_too_large",
        "archive_too_slow",
    }
)
_clock = time.monotonic
_UNREADABLE = (zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError, EOFError, OSError)


@dataclass(slots=True)
class ArchiveImport:
    """What an archive held: activities, rejected members, and how many members were skipped."""

    activities: list[ActivityData] = field(default_factory=list)
    problems: list[FileRejected] = field(default_factory=list)
    skipped: int = 0


@dataclass(slots=True)
class _Budget:
    limits: ArchiveLimits
    members: int = 0
    expanded_bytes: int = 0
    declared_bytes: int = 0
    deadline: float = field(default_factory=lambda: float("inf"))

    def start(self) -> _Budget:
        self.deadline = _clock() + self.limits.parse_seconds
        return self

    def declare(self, size: int, where: str | None) -> None:
        """The sizes the archive declares, added up before anything is unpacked."""
        self.declared_bytes += size
        if self.declared_bytes > self.limits.expanded_bytes:
            limit_mb = self.limits.expanded_bytes // MiB
            raise FileRejected("archive_too_large", _at(where), limit_mb=limit_mb)

    def check_time(self, where: str) -> None:
        if _clock() > self.deadline:
            seconds = int(self.limits.parse_seconds)
            raise FileRejected("archive_too_slow", _at(where), seconds=seconds)

    def add_members(self, count: int, where: str | None) -> None:
        self.members += count
        if self.members > self.limits.members:
            raise FileRejected("archive_too_many_members", _at(where), limit=self.limits.members)

    def expand(self, size: int, where: str) -> None:
        self.expanded_bytes += size
        if self.expanded_bytes > self.limits.expanded_bytes:
            limit_mb = self.limits.expanded_bytes // MiB
            raise FileRejected("archive_too_large", _at(where), limit_mb=limit_mb)


def read_archive(
    data: bytes, *, allow_incomplete: bool = False, limits: ArchiveLimits | None = None
) -> ArchiveImport:
    """Import every activity file in the ZIP ``data``; see the module docstring for the rules."""
    limits = limits or ArchiveLimits()
    if len(data) > limits.archive_bytes:
        raise FileRejected("file_too_large", limit_mb=limits.archive_bytes // MiB)
    result = ArchiveImport()
    summaries: list[ActivityData] = []
    _read_zip(data, None, _Budget(limits).start(), _Sink(result, summaries), allow_incomplete)
    result.activities = _unique(result.activities + without_file(summaries, result.activities))
    if result.problems and not result.activities:
        problems = tuple(result.problems)
        raise FileRejected("archive_member_rejected", problems=problems, count=len(problems))
    if not result.activities:
        raise FileRejected("archive_no_activities")
    return result


@dataclass(slots=True)
class _Sink:
    """Where members go: file activities and problems into ``result``, summaries aside."""

    result: ArchiveImport
    summaries: list[ActivityData]


def _read_zip(
    data: bytes, path: str | None, budget: _Budget, sink: _Sink, allow_incomplete: bool
) -> None:
    declared = _declared_member_count(data)
    if declared is not None and budget.members + declared > budget.limits.members:
        budget.add_members(declared, path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRejected("archive_invalid", _at(path)) from exc
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        budget.add_members(len(members), path)
        for info in members:
            if _unsafe_name(info.filename):
                raise FileRejected("archive_unsafe_member_name", _at(_join(path, info.filename)))
        wanted = [info for info in members if _wanted(info.filename)]
        budget.declare(sum(info.file_size for info in wanted), path)
        for info in members:
            budget.check_time(_join(path, info.filename))
            _read_member(archive, info, path, budget, sink, allow_incomplete)


def _wanted(name: str) -> bool:
    lowered = name.lower()
    return lowered.endswith(_WANTED_SUFFIXES) or is_summaries_member(lowered)


def _read_member(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    parent: str | None,
    budget: _Budget,
    sink: _Sink,
    allow_incomplete: bool,
) -> None:
    result = sink.result
    name = info.filename.lower()
    path = _join(parent, info.filename)
    nested = name.endswith(_ARCHIVE_SUFFIX)
    summaries = is_summaries_member(name)
    if not (nested or summaries or name.endswith(_ACTIVITY_SUFFIXES)):
        result.skipped += 1
        return
    try:
        if nested and parent is not None:
            raise FileRejected("archive_nested_too_deep")
        limit = budget.limits.archive_bytes if nested else budget.limits.file_bytes
        data = _unpack(archive, info, limit, budget, path)
        if nested:
            _read_zip(data, path, budget, sink, allow_incomplete)
        elif summaries:
            read_summaries(data, path, sink.summaries, result.problems)
        else:
            result.activities.extend(read_single_file(data, allow_incomplete=allow_incomplete))
    except FileRejected as exc:
        if exc.code in _HOSTILE:
            raise
        if exc.code in _NOT_ACTIVITIES:
            result.skipped += 1
        else:
            result.problems.append(
                exc if exc.location and exc.location.member else exc.inside(path)
            )


def _unpack(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, budget: _Budget, path: str
) -> bytes:
    if info.file_size > limit:
        raise FileRejected("file_too_large", limit_mb=limit // MiB)
    budget.expand(info.file_size, path)
    try:
        with archive.open(info) as handle:
            data = handle.read(limit + 1)
    except _UNREADABLE as exc:
        raise FileRejected("archive_member_unreadable") from exc
    if len(data) > limit:
        raise FileRejected("file_too_large", limit_mb=limit // MiB)
    return data


def _declared_member_count(data: bytes) -> int | None:
    """The entry count in the end-of-central-directory record (ZIP64 aware), read before zipfile
    builds one object per entry: a crafted directory of millions of entries is refused cheaply."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - _EOCD_SEARCH_BYTES))
    if end < 0 or end + 22 > len(data):
        return None
    (count,) = struct.unpack_from("<H", data, end + 10)
    locator = end - 20
    if count == 0xFFFF and locator >= 0 and data[locator : locator + 4] == b"PK\x06\x07":
        (record,) = struct.unpack_from("<Q", data, locator + 8)
        if data[record : record + 4] == b"PK\x06\x06" and record + 40 <= len(data):
            (count,) = struct.unpack_from("<Q", data, record + 32)
    return int(count)


def _unsafe_name(name: str) -> bool:
    """Absolute, drive-lettered, NUL-carrying or ``..``-climbing member names."""
    normalized = name.replace("\\", "/")
    if "\x00" in normalized or normalized.startswith("/") or _DRIVE.match(normalized):
        return True
    return ".." in normalized.split("/")


def _unique(activities: list[ActivityData]) -> list[ActivityData]:
    """The first of each ``external_id``: an export may hold the same recording twice."""
    seen: dict[str, ActivityData] = {}
    for activity in activities:
        seen.setdefault(activity.external_id, activity)
    return list(seen.values())


def _join(parent: str | None, name: str) -> str:
    return name if parent is None else f"{parent}/{name}"


def _at(path: str | None) -> Location | None:
    return Location(member=path) if path else None
