"""Unpacking Garmin's ORIGINAL download: a zip around the file the device (or person) uploaded."""

from __future__ import annotations

import io
import zipfile
import zlib

MAX_ORIGINAL_MEMBER_BYTES = 64 * 1024 * 1024
"""Refuse to inflate a FIT member above this size (zip-bomb guard)."""
MAX_ORIGINAL_MEMBERS = 32


def fit_from_original_zip(blob: bytes) -> bytes | None:
    """The FIT member of an ORIGINAL download, ``None`` if the zip holds none (GPX/TCX uploads).

    Raises ``ValueError`` for a damaged zip, too many members, or a member above
    ``MAX_ORIGINAL_MEMBER_BYTES`` (read with a hard limit, so a lying header cannot inflate more).
    """
    if _looks_like_fit(blob):
        return blob
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
    except zipfile.BadZipFile as err:
        raise ValueError("the ORIGINAL download is not a zip file") from err
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_ORIGINAL_MEMBERS:
            raise ValueError(f"the ORIGINAL zip holds {len(members)} members")
        for info in members:
            if info.filename.lower().endswith(".fit"):
                try:
                    return _read_limited(archive, info)
                except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as err:
                    raise ValueError("the FIT member of the ORIGINAL zip is damaged") from err
    return None


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    if info.file_size > MAX_ORIGINAL_MEMBER_BYTES:
        raise ValueError(f"the FIT member is {info.file_size} bytes uncompressed")
    with archive.open(info) as member:
        data = member.read(MAX_ORIGINAL_MEMBER_BYTES + 1)
    if len(data) > MAX_ORIGINAL_MEMBER_BYTES:
        raise ValueError("the FIT member inflates beyond the size limit")
    return data


def _looks_like_fit(blob: bytes) -> bool:
    """FIT files carry ``.FIT`` at bytes 8–11 of their header."""
    return len(blob) >= 12 and blob[8:12] == b".FIT"
