"""A finding's message as its reader reads it: the athlete reads the advice addressed to them,
a coach or physiotherapist reads it about the athlete, by name."""

from __future__ import annotations

from typing import Final

from service.models import Finding
from service.training.messages import ATHLETE

UNNAMED: Final = {"en": "the athlete", "nl": "de sporter"}
"""Who the staff text names when the athlete has no name."""

QUOTED: Final = {
    "en": "Advice {athlete} received: {message}",
    "nl": "Advies aan {athlete}: {message}",
}
"""A finding stored before staff had their own text, as staff read it."""


def finding_message(finding: Finding, locale: str, reader_id: int, athlete_name: str) -> str:
    """The message of ``finding`` in ``locale`` for the person ``reader_id``: the athlete's own
    text for the athlete, the staff text with ``athlete_name`` filled in for anyone else."""
    nl = locale == "nl"
    own = finding.message_nl if nl else finding.message_en
    if reader_id == finding.athlete_id:
        return own
    lang = "nl" if nl else "en"
    name = athlete_name.strip()
    staff = finding.message_staff_nl if nl else finding.message_staff_en
    if staff is None:
        return QUOTED[lang].format(athlete=name or UNNAMED[lang], message=own)
    if not name and staff.startswith(ATHLETE):
        staff = UNNAMED[lang].capitalize() + staff.removeprefix(ATHLETE)
    return staff.replace(ATHLETE, name or UNNAMED[lang])
