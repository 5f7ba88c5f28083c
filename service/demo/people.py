"""Who is in the demo: a coach, a physiotherapist and eleven runners, each with a story.

Every runner's data arrives the way a real athlete's would: ``garmin_login`` through a Garmin
login (the connector against the fake Garmin Connect), ``garmin`` through a Garmin connection
whose tokens the fake issued without the login's deliberate pauses, ``fitbit`` through Google's
OAuth consent and the Google Health API (the fake), ``files`` through the file import (a ZIP of
TCX files). ``story`` names the training (:mod:`.training`) and check-ins (:mod:`.checkins`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from service.models import Role

DEMO_PASSWORD = "loadwatch-demo"  # noqa: S105  (printed to whoever runs the demo)

Source = Literal["garmin_login", "garmin", "fitbit", "files", "none"]


@dataclass(frozen=True, slots=True)
class DemoPerson:
    email: str
    name: str
    role: Role
    locale: str = "en"
    timezone: str = "Europe/Amsterdam"
    sex: str | None = None
    #: Resting and maximum heart rate (bpm): what TRIMP needs besides the runs' heart rates.
    hr_rest_bpm: int = 50
    hr_max_bpm: int = 186
    flags: tuple[str, ...] = ()
    story: str = ""
    source: Source = "none"
    #: Staff roles this athlete shares symptom data with (the others see load only).
    shares_symptoms_with: tuple[Role, ...] = (Role.COACH, Role.PHYSIO)
    seed: int = 0
    summary: dict[str, str] = field(default_factory=dict)


STAFF = (
    DemoPerson("coach@demo.loadwatch", "Carla Coach", Role.COACH, "nl"),
    DemoPerson("physio@demo.loadwatch", "Pieter Physio", Role.PHYSIO, "en"),
)

ATHLETES = (
    DemoPerson(
        "anna@demo.loadwatch", "Anna de Vries", Role.ATHLETE, "nl", sex="female",
        flags=("previous_achilles_tendinopathy",), story="achilles", source="garmin_login",
        seed=101,
        summary={
            "en": "Achilles pain creeping up for three weeks: pain warnings, then a referral",
            "nl": "Achillespijn die drie weken oploopt: pijnwaarschuwingen, dan een verwijzing",
        },
    ),
    DemoPerson(
        "ben@demo.loadwatch", "Ben Carter", Role.ATHLETE, "en", "Europe/London", "male",
        story="spike", source="garmin", seed=102,
        summary={
            "en": "a 20.5 km long run two days ago, half as long again as usual: spike warning",
            "nl": "een duurloop van 20,5 km eergisteren, de helft langer dan gewoonlijk: piek",
        },
    ),
    DemoPerson(
        "chris@demo.loadwatch", "Chris Bakker", Role.ATHLETE, "nl", sex="male", story="ramp",
        source="garmin", seed=103,
        summary={
            "en": "from 26 to 45 to 69 km a week: weekly ramp warning, high acute:chronic ratio",
            "nl": "van 26 naar 45 naar 69 km per week: te snelle opbouw, acute:chronische ratio",
        },
    ),
    DemoPerson(
        "dana@demo.loadwatch", "Dana Okafor", Role.ATHLETE, "en", sex="female", story="rupture",
        source="garmin", seed=104,
        summary={
            "en": "a snap in the Achilles during her last run: red flag, seek care now (urgent)",
            "nl": "een knap in de achillespees tijdens haar laatste loop: alarmsignaal (urgent)",
        },
    ),
    DemoPerson(
        "eva@demo.loadwatch", "Eva Mulder", Role.ATHLETE, "nl", sex="female",
        story="cycling_rehab", source="garmin", seed=105,
        summary={
            "en": "calf rehab: five weeks of rides instead of runs, and no running-volume warning",
            "nl": "kuitrevalidatie: vijf weken fietsen i.p.v. lopen, geen volumewaarschuwing",
        },
    ),
    DemoPerson(
        "fleur@demo.loadwatch", "Fleur Visser", Role.ATHLETE, "nl", sex="female", story="ostrc",
        source="files", shares_symptoms_with=(Role.PHYSIO,), seed=106,
        summary={
            "en": "knee trouble, OSTRC substantial two weeks running: referral (files imported; "
            "symptoms shared with the physio only)",
            "nl": "knieklachten, OSTRC twee weken op rij substantieel: verwijzing (bestanden "
            "geïmporteerd; klachten alleen gedeeld met de fysio)",
        },
    ),
    DemoPerson(
        "sam@demo.loadwatch", "Sam Taylor", Role.ATHLETE, "en", sex="male", story="steady",
        source="garmin", seed=107,
        summary={
            "en": "the same four runs every week: no findings, for contrast",
            "nl": "elke week dezelfde vier lopen: geen bevindingen, ter vergelijking",
        },
    ),
    DemoPerson(
        "hannah@demo.loadwatch", "Hannah Lee", Role.ATHLETE, "en", sex="female",
        story="monotony", source="fitbit", seed=108,
        summary={
            "en": "Fitbit runner, equal runs, this week on every day: monotony noted (information)",
            "nl": "Fitbit-loopster, gelijke lopen, deze week elke dag: eentonigheid (informatie)",
        },
    ),
    DemoPerson(
        "ivo@demo.loadwatch", "Ivo Hendriks", Role.ATHLETE, "nl", sex="male", story="reauth",
        source="garmin", seed=109,
        summary={
            "en": "Garmin access withdrawn: connection needs re-authorisation, athlete told",
            "nl": "Garmin-toegang ingetrokken: koppeling moet opnieuw, sporter is ingelicht",
        },
    ),
    DemoPerson(
        "gijs@demo.loadwatch", "Gijs Smit", Role.ATHLETE, "nl", sex="male", story="shin",
        source="garmin", seed=110,
        summary={
            "en": "shin pain creeping up a point a week: an injury episode, a warning, then the "
            "21-day referral",
            "nl": "scheenpijn die elke week een punt oploopt: een blessureperiode, een "
            "waarschuwing, dan de verwijzing na 21 dagen",
        },
    ),
    DemoPerson(
        "julia@demo.loadwatch", "Julia Evans", Role.ATHLETE, "en", sex="female",
        story="after_rupture", source="garmin", seed=111,
        summary={
            "en": "running again five weeks after an Achilles snap: the rupture pathway, no "
            "build-up advice",
            "nl": "weer hardlopen vijf weken na een knap in de achillespees: het rupture-pad, "
            "geen opbouwadvies",
        },
    ),
)  # fmt: skip

REVOKED_AT_GARMIN = "ivo@demo.loadwatch"
"""The athlete whose Garmin tokens are withdrawn after the first sync."""


def athlete(email: str) -> DemoPerson:
    return next(person for person in ATHLETES if person.email == email)
