"""The alerts inbox of the signed-in person: each warning they were sent, its athlete, severity,
channels, delivery and whether it is seen; "seen" and "remind me later" act from here."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter
from fastapi.responses import Response

from service.dashboard import inbox
from service.dashboard.deps import SignedInPage
from service.dashboard.i18n import N_
from service.dashboard.pages.findings import SNOOZE_DAYS
from service.dashboard.render import render
from service.deps import SessionDep

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
    page: SignedInPage, session: SessionDep, show: Literal["all", "open"] = "all"
) -> Response:
    everything = inbox.inbox(session, page.reader)
    open_count, seen_count = inbox.counts(everything)
    items = [item for item in everything if item.is_open] if show == "open" else everything
    return render(
        page.with_section("alerts"),
        "alerts.html",
        inbox_items=items,
        show=show,
        open_count=open_count,
        seen_count=seen_count,
        channels=CHANNELS,
        delivery_states=DELIVERY_STATES,
        snooze_days=SNOOZE_DAYS,
    )
