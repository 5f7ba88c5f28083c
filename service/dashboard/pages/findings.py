"""A finding's explanation, the page the alert emails link to: the rule in words with the
athlete's thresholds, the numbers, the message, the source and evidence, the next step, and
"seen" and "remind me later" buttons. Symptom findings only for those who may see symptoms."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from urllib.parse import parse_qs

from fastapi import APIRouter, Form
from fastapi.responses import Response

from service.alerts import queries as alert_queries
from service.alerts.reading import finding_message
from service.athletes.access import VisibleAthlete
from service.clock import utcnow
from service.dashboard import inbox, labels
from service.dashboard.deps import SignedInPage
from service.dashboard.explain import explain
from service.dashboard.render import render, see_other
from service.dashboard.schemas import SnoozeForm
from service.deps import RowId, SessionDep
from service.errors import AppError
from service.findings import service as findings
from service.findings.policies import athlete_policy
from service.notes import service as notes

router = APIRouter()
FINDING = "/athletes/{athlete_id}/findings/{finding_id}"
SNOOZE_DAYS = (1, 3, 7, 14)
INBOX_PARAMS = ("show", "athlete", "severity")


def back_target(back: str, athlete_id: int, finding_id: int) -> str:
    """Where a finding's buttons return to: only pages of this site that show the finding (the
    inbox with its filter)."""
    if back.startswith("/alerts?"):
        chosen = parse_qs(back.removeprefix("/alerts?"))
        kept = inbox.InboxFilter.parse(*(chosen.get(k, [""])[-1] for k in INBOX_PARAMS)).query()
        return f"/alerts?{kept}" if kept else "/alerts"
    return {
        "/home": "/home",
        "/alerts": "/alerts",
        "finding": f"/athletes/{athlete_id}/findings/{finding_id}",
    }.get(back, f"/athletes/{athlete_id}")


def then(target: str, name: str, value: str) -> str:
    """``target`` with one more query parameter (a notice or an error to show)."""
    return f"{target}{'&' if '?' in target else '?'}{name}={value}"


@router.get(FINDING)
def finding_page(
    access: VisibleAthlete, page: SignedInPage, session: SessionDep, finding_id: RowId
) -> Response:
    finding = findings.visible_finding(session, access, finding_id)
    policy = athlete_policy(session, access.athlete.id)
    snooze = alert_queries.get_snooze(session, finding.id, access.viewer.id)
    seen_by = findings.list_seen(session, finding)
    return render(
        page.with_section("athlete" if access.is_self else "roster"),
        "athletes/finding.html",
        access=access,
        finding=finding,
        rule_label=labels.rule_label(finding.rule),
        source=labels.source_label(finding.source),
        explanation=explain(finding.rule, finding.values, policy, page.locale),
        message=finding_message(
            finding, page.locale, access.viewer.id, access.athlete.display_name
        ),
        seen_at=next((at for at, user in seen_by if user.id == access.viewer.id), None),
        seen_by_others=[(at, user) for at, user in seen_by if user.id != access.viewer.id],
        snoozed_until=snooze.until if snooze is not None and snooze.until > utcnow() else None,
        snooze_days=SNOOZE_DAYS,
        notes=notes.list_notes(session, access, finding_id=finding.id),
    )


@router.post(f"{FINDING}/snooze")
def snooze_finding(
    access: VisibleAthlete,
    session: SessionDep,
    finding_id: RowId,
    form: Annotated[SnoozeForm, Form()],
    back: str = "finding",
) -> Response:
    """Remind the reader again in ``days`` days, on the channels that had this warning."""
    target = back_target(back, access.athlete.id, finding_id)
    try:
        findings.snooze_finding(session, access, finding_id, utcnow() + timedelta(days=form.days))
    except AppError as exc:
        return see_other(then(target, "error", exc.code))
    return see_other(then(target, "done", "finding_snoozed"))
