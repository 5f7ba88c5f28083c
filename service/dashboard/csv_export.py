"""The data-protection export as spreadsheets: a ZIP with one CSV file per table.

The same content as the JSON export (``service.privacy.export``), row for row; a value that is
itself a list or an object (a check-in's OSTRC answers, a finding's numbers) is written as JSON
inside its cell.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any


def export_zip(export: Mapping[str, Any]) -> bytes:
    """``export`` as ``export_user`` returns it → the bytes of a ZIP of CSV files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, rows in tables(export):
            archive.writestr(f"{name}.csv", to_csv(rows))
    return buffer.getvalue()


def tables(export: Mapping[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Each part of the export as rows: the account is one row, ``format`` a row of its own."""
    found: list[tuple[str, list[dict[str, Any]]]] = []
    for name, content in export.items():
        if isinstance(content, Mapping):
            found.append((name, [dict(content)]))
        elif isinstance(content, list):
            found.append((name, [dict(row) for row in content]))
        else:
            found.append((name, [{name: content}]))
    return found


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """A header of every column seen (in first-seen order), then one line per row."""
    columns: dict[str, None] = {}
    for row in rows:
        columns.update(dict.fromkeys(row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(_cell(row.get(column)) for column in columns)
    return out.getvalue()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)
