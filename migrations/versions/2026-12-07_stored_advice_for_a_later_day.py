"""stored advice for a later day: no "now" in red-flag advice read days later, and the page that
fixes a connection named as the menu names it

Findings keep the message they were stored with, and people read them on later days, so the
sentences whose wording changed are rewritten in the stored messages too: each old sentence is
replaced by its new one (and back on downgrade); messages already sent are history and stay.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 22:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (column, old sentence part, new sentence part)
REWORDED = (
    (
        "message_en",
        "contact your GP or an emergency department now.",
        "contact your GP or an emergency department.",
    ),
    (
        "message_nl",
        "neem nu contact op met je huisarts of de spoedeisende hulp.",
        "neem contact op met je huisarts of de spoedeisende hulp.",
    ),
    (
        "message_en",
        "A fracture is possible: go to the emergency department of a hospital now, and",
        "A fracture is possible: if no doctor has looked at it yet, go to the emergency "
        "department of a hospital as soon as you can, and",
    ),
    (
        "message_nl",
        "botbreuk is mogelijk: ga nu naar de spoedeisende hulp van een ziekenhuis, en",
        "botbreuk is mogelijk: heeft nog geen arts ernaar gekeken, ga dan zo snel mogelijk naar "
        "de spoedeisende hulp van een ziekenhuis, en",
    ),
    (
        "message_en",
        "Contact your physiotherapist straight away: call for an appointment.",
        "If you have not yet, call your physiotherapist for an appointment as soon as you can.",
    ),
    (
        "message_nl",
        "Neem direct contact op met je fysiotherapeut: bel voor een afspraak.",
        "Heb je nog geen afspraak, bel dan zo snel mogelijk je fysiotherapeut.",
    ),
    *(
        (
            "message_en",
            f"Reconnect {name} on your settings page.",
            f"Connect {name} again on the Connections page.",
        )
        for name in ("Garmin Connect", "Fitbit")
    ),
    (
        "message_en",
        "check the connection on your settings page.",
        "check the connection on the Connections page.",
    ),
    (
        "message_nl",
        ", dus het belastingsadvies over de dagen sindsdien wordt aangehouden.",
        ". Daarom geeft loadwatch over de dagen sindsdien nog geen advies over je belasting.",
    ),
    (
        "message_nl",
        " gekregen, dus het belastingsadvies wordt aangehouden.",
        " gekregen en geeft daarom nog geen advies over je belasting.",
    ),
    (
        "message_nl",
        "tot die tijd wordt het belastingsadvies over de afgelopen dagen aangehouden.",
        "tot die tijd geeft loadwatch over de afgelopen dagen geen advies over je belasting.",
    ),
    (
        "message_nl",
        "controleer daarna de koppeling op je instellingenpagina.",
        "kijk daarna op de pagina Koppelingen of de koppeling in orde is.",
    ),
    ("message_nl", "opnieuw op je instellingenpagina.", "opnieuw op de pagina Koppelingen."),
    (
        "message_nl",
        "laat het je coach of fysiotherapeut weten.",
        "laat het je trainer of fysiotherapeut weten.",
    ),
)


def _reword(column: str, old: str, new: str) -> None:
    op.execute(
        sa.text(
            f"UPDATE findings SET {column} = replace({column}, :old, :new)"  # noqa: S608
            f" WHERE {column} LIKE '%' || :old || '%'"
        ).bindparams(old=old, new=new)
    )


def upgrade() -> None:
    for column, old, new in REWORDED:
        _reword(column, old, new)


def downgrade() -> None:
    for column, old, new in reversed(REWORDED):
        _reword(column, new, old)
