"""Untrusted XML (GPX, TCX): parsed through defusedxml with document types forbidden.

Activity files never need a DTD or entities, so any is refused (``xml_forbidden``); this also
shuts out entity-expansion bombs before gpxpy, which parses with the plain standard library, sees
the text. A syntax error reports the line and column where the parser stopped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from xml.etree.ElementTree import Element, ParseError

import defusedxml
import defusedxml.ElementTree

from service.integrations.files.errors import FileRejected, Location

_DECLARED_ENCODING = re.compile(rb"""^<\?xml[^>]*\sencoding\s*=\s*["']([A-Za-z0-9._\-]+)["']""")
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))


def parse_xml(data: bytes) -> Element:
    """The root element; ``xml_malformed`` (with line/column) or ``xml_forbidden`` otherwise."""
    try:
        root: Element = defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except ParseError as exc:
        line, column = exc.position
        raise FileRejected("xml_malformed", Location(line=line, column=column + 1)) from exc
    except defusedxml.DefusedXmlException as exc:
        raise FileRejected("xml_forbidden") from exc
    return root


def decode_text(data: bytes) -> str:
    """The document as text, honouring a byte-order mark or the declared encoding."""
    encoding = "utf-8"
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding = name
            break
    else:
        declared = _DECLARED_ENCODING.match(data.lstrip()[:200])
        if declared:
            encoding = declared.group(1).decode("ascii")
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise FileRejected("xml_malformed", Location(line=1)) from exc


def local_name(tag: object) -> str:
    """``{namespace}name`` → ``name`` (comments and processing instructions → "")."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def as_utc(moment: datetime) -> datetime:
    """GPX and TCX times are UTC; a time written without a zone is taken as UTC."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def written_offset_s(moment: datetime | None) -> int | None:
    """The UTC offset a time was written with, when it is a local one (``+02:00``, ``-05:00``):
    the session's own offset. ``Z``, ``+00:00`` or no offset at all say nothing about where the
    runner was, so they give None (the athlete's time zone decides the day)."""
    if moment is None or moment.tzinfo is None:
        return None
    offset = moment.utcoffset()
    if offset is None or not offset or abs(offset) > timedelta(hours=18):
        return None
    return round(offset.total_seconds())


def text_offset_s(text: str | None) -> int | None:
    """:func:`written_offset_s` of a time as written in the file."""
    if not text:
        return None
    try:
        return written_offset_s(datetime.fromisoformat(text.strip()))
    except ValueError:
        return None


def parse_time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return as_utc(datetime.fromisoformat(text.strip()))
    except ValueError:
        return None


def heart_rate_stats(samples: Iterable[float]) -> tuple[float | None, float | None]:
    """(mean, max) of the positive samples in bpm; the mean is a plain mean of the samples."""
    values = [value for value in samples if math.isfinite(value) and value > 0]
    if not values:
        return None, None
    return sum(values) / len(values), max(values)
