"""Migration 0018: advice stored with the old wording ("now" in red-flag advice, a settings page
that does not exist) reads exactly as today's texts write it, and reads as before after a
downgrade."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import create_engine, text

from service.training.findings import LocalizedText
from service.training.messages import care_texts as care
from service.training.messages import load_texts as load
from service.training.messages import placeholders, render
from service.training.messages.formatting import format_value
from tests.support.databases import run_alembic

VALUES = {"source": "Garmin Connect", "silent_hours": 60, "day_date": date(2026, 12, 5)}
# The texts as they were stored before 0018.
OLD = {
    "sync_stale": (
        load.SYNC_STALE,
        "loadwatch has had no new data from {source} for {silent_hours} hours, so training-load "
        "advice for the days since then is on hold. Sync your watch with {source}, then check the "
        "connection on your settings page.",
        "loadwatch heeft al {silent_hours} uur geen nieuwe gegevens van {source} gekregen, dus het "
        "belastingsadvies over de dagen sindsdien wordt aangehouden. Synchroniseer je horloge met "
        "{source} en controleer daarna de koppeling op je instellingenpagina.",
    ),
    "sync_never": (
        load.SYNC_NEVER,
        "loadwatch has not yet received any data from {source}, so training-load advice is on "
        "hold. Sync your watch with {source}, then check the connection on your settings page.",
        "loadwatch heeft nog geen gegevens van {source} gekregen, dus het belastingsadvies wordt "
        "aangehouden. Synchroniseer je horloge met {source} en controleer daarna de koppeling op "
        "je instellingenpagina.",
    ),
    "sync_reauth": (
        load.SYNC_REAUTH,
        "{source} asks you to sign in again before loadwatch can fetch new activities; until "
        "then training-load advice for recent days is on hold. Reconnect {source} on your "
        "settings page.",
        "{source} vraagt je opnieuw in te loggen voordat loadwatch nieuwe activiteiten kan "
        "ophalen; tot die tijd wordt het belastingsadvies over de afgelopen dagen aangehouden. "
        "Koppel {source} opnieuw op je instellingenpagina.",
    ),
    "fracture": (
        care.FRACTURE_NO_REGION,
        "On {day_date} you reported that you cannot bear weight on your leg. A fracture is "
        "possible: go to the emergency department of a hospital now, and do not load the leg "
        "until then.",
        "Je meldde op {day_date} dat je niet op je been kunt steunen. Een botbreuk is mogelijk: "
        "ga nu naar de spoedeisende hulp van een ziekenhuis, en belast het been tot die tijd niet.",
    ),
    "call_physio": (
        care.CALL_PHYSIO,
        "On {day_date} you reported that your lower back blocks you from moving. Contact your "
        "physiotherapist straight away: call for an appointment.",
        "Je meldde op {day_date} dat je door je onderrug niet meer kunt bewegen. Neem direct "
        "contact op met je fysiotherapeut: bel voor een afspraak.",
    ),
}


def written(template: str, lang: str) -> str:
    return template.format_map(
        {name: format_value(name, VALUES[name], lang) for name in placeholders(template)}
    )


def stored(url: str) -> dict[str, tuple[str, str]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT rule, message_en, message_nl FROM findings"))
            return {rule: (en, nl) for rule, en, nl in rows}
    finally:
        engine.dispose()


def test_stored_advice_takes_todays_wording_and_gives_it_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'advice.sqlite'}"
    run_alembic(url, "upgrade", "0017")
    engine = create_engine(url)
    with engine.begin() as connection:
        for rule, (_, en, nl) in OLD.items():
            connection.execute(
                text(
                    "INSERT INTO findings (athlete_id, rule, severity, day, region, subject,"
                    ' period_key, "values", message_en, message_nl, source, created_at,'
                    " updated_at) VALUES (1, :rule, 'caution', '2026-12-05', '', '',"
                    " '2026-12-05', '{}', :en, :nl, 's', '2026-12-05 08:00:00',"
                    " '2026-12-05 08:00:00')"
                ),
                {"rule": rule, "en": written(en, "en"), "nl": written(nl, "nl")},
            )
    engine.dispose()

    run_alembic(url, "upgrade", "0018")
    now: dict[str, LocalizedText] = {
        rule: render(template, **VALUES) for rule, (template, _, _) in OLD.items()
    }
    assert stored(url) == {rule: (message.en, message.nl) for rule, message in now.items()}

    run_alembic(url, "downgrade", "0017")
    assert stored(url) == {
        rule: (written(en, "en"), written(nl, "nl")) for rule, (_, en, nl) in OLD.items()
    }
