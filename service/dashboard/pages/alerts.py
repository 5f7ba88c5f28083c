"""The alerts inbox of the signed-in person: each warning they were sent, its athlete, severity,
channels, delivery and whether it is seen; "seen" and "remind me later" act from here."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from service.dashboard import inbox
from service.dashboard.deps import SignedInPage
from service.dashboard.form_data import FormFields
from service.dashboard.i18n import N_
from service.dashboard.labels import SEVERITIES
from service.dashboard.pages.findings import SNOOZE_DAYS
from service.dashboard.render import render, see_other
from service.deps import SessionDep
from service.findings import service as findings

router = APIRouter()

CHANNELS = {"email": N_("email"), "push": N_("Web Push"), "apprise": N_("Apprise")}
DELIVERY_STATES = {
    "pending": N_("waiting to be sent"),
    "sending": N_("being sent"),
    "sent": N_("sent"),
    "dead": N_("could not be sent"),
    "skipped": N_("not sent"),
}


@router.get("/alerts")
def alerts_inbox(
    page: SignedInPage,
    session: SessionDep,
    show: str = "all",
    athlete: str = "",
    severity: str = "",
) -> Response:
    """Filtered by athlete and severity (GET parameters, kept in every link of the page)."""
    chosen = inbox.InboxFilter.parse(show, athlete, severity)
    everything = inbox.inbox(session, page.reader)
    matching = [item for item in everything if chosen.matches(item)]
    open_count, seen_count = inbox.counts(matching)
    return render(
        page.with_section("alerts"),
        "alerts.html",
        inbox_items=[item for item in matching if chosen.shows(item)],
        chosen=chosen,
        show=chosen.show,
        athletes=inbox.athletes_in(everything),
        severities=SEVERITIES,
        open_count=open_count,
        seen_count=seen_count,
        channels=CHANNELS,
        delivery_states=DELIVERY_STATES,
        snooze_days=SNOOZE_DAYS,
    )


@router.post("/alerts/seen")
def mark_all_seen(page: SignedInPage, session: SessionDep, fields: FormFields) -> Response:
    """Mark as seen, for the reader only, the open warnings the inbox shows with the posted
    filter: nothing another filter would show, nothing the reader may not see."""
    fields.only({"show", "athlete", "severity"})
    chosen = inbox.InboxFilter.parse(
        fields.get("show"), fields.get("athlete"), fields.get("severity")
    )
    items = inbox.inbox(session, page.reader)
    marked = set(inbox.open_ids(items, chosen))
    findings.acknowledge_listed(
        session, page.reader, [item.finding for item in items if item.finding.id in marked]
    )
    return see_other(f"/alerts?{chosen.query(done='all_seen')}")
