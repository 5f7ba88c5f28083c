"""Recognise an activity file by its content, and read a single FIT, GPX or TCX file."""

from __future__ import annotations

import hashlib
import io
from datetime import UTC, date, timedelta
from enum import StrEnum

from service.clock import utcnow
from service.integrations.base import ActivityData
from service.integrations.files.errors import FileRejected
from service.integrations.files.fit import read_fit
from service.integrations.files.gpx import read_gpx
from service.integrations.files.limits import MAX_FILE_BYTES, MiB
from service.integrations.files.tcx import read_tcx
from service.integrations.files.xmldoc import local_name, parse_xml

_ZIP_MAGICS = (b"PK\x03\x04", b"PK\x05\x06")
_XML_START = b"<"
_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class Kind(StrEnum):
    FIT = "fit"
    ZIP = "zip"
    XML = "xml"


def sniff(data: bytes) -> Kind | None:
    """FIT: header size 12 or 14 and ``.FIT`` at byte 8; ZIP: local-file or empty-archive magic;
    XML: ``<`` after an optional byte-order mark and white space."""
    if len(data) >= 12 and data[0] in (12, 14) and data[8:12] == b".FIT":
        return Kind.FIT
    if data[:4] in _ZIP_MAGICS:
        return Kind.ZIP
    if data.startswith(_UTF16_BOMS):
        return Kind.XML
    if data.removeprefix(_UTF8_BOM).lstrip()[:1] == _XML_START:
        return Kind.XML
    return None


EARLIEST_DAY = date(1990, 1, 1)
"""No activity file we accept is older; earlier dates come from a device clock that was never set
(GPX files dated 1901, FIT times counted from switching the device on)."""


def check_dates(activities: list[ActivityData], today: date | None = None) -> list[ActivityData]:
    """``date_out_of_range`` for an activity starting before 1990 or after tomorrow (UTC)."""
    latest = (today or utcnow().date()) + timedelta(days=1)
    for activity in activities:
        day = activity.start_utc.astimezone(UTC).date()
        if not EARLIEST_DAY <= day <= latest:
            raise FileRejected("date_out_of_range", day=day.isoformat())
    return activities


def read_single_file(data: bytes, *, allow_incomplete: bool) -> list[ActivityData]:
    """Activities of one FIT, GPX or TCX file (not an archive), dispatched on its content;
    ``date_out_of_range`` when one starts before 1990 or after tomorrow."""
    return check_dates(_read_single_file(data, allow_incomplete=allow_incomplete))


def _read_single_file(data: bytes, *, allow_incomplete: bool) -> list[ActivityData]:
    if not data:
        raise FileRejected("empty_file")
    if len(data) > MAX_FILE_BYTES:
        raise FileRejected("file_too_large", limit_mb=MAX_FILE_BYTES // MiB)
    kind = sniff(data)
    sha256 = hashlib.sha256(data).hexdigest()
    if kind is Kind.FIT:
        stream = io.BytesIO(data)
        return read_fit(stream, size=len(data), sha256=sha256, allow_incomplete=allow_incomplete)
    if kind is Kind.XML:
        return _read_xml(data, sha256)
    raise FileRejected("unsupported_format")


def _read_xml(data: bytes, sha256: str) -> list[ActivityData]:
    root = parse_xml(data)
    name = local_name(root.tag)
    if name == "gpx":
        return read_gpx(data, sha256=sha256)
    if name == "TrainingCenterDatabase":
        return read_tcx(root, sha256=sha256)
    raise FileRejected("unsupported_format")
