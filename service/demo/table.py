"""What ``loadwatch demo`` prints: the logins, each runner's story in one line with the findings
it produced, the fake accounts for trying the connect buttons, and where the emails are."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from service.accounts import queries as account_queries
from service.connections import queries as connection_queries
from service.db import session_scope
from service.demo.people import ATHLETES, DEMO_PASSWORD, STAFF, DemoPerson
from service.demo.providers import LIVE_GARMIN
from service.findings import queries as finding_queries
from service.training.findings import Severity

TEXTS: dict[str, dict[str, str]] = {
    "title": {
        "en": "loadwatch demo at {url}  (password for everyone: {password})",
        "nl": "loadwatch-demo op {url}  (wachtwoord voor iedereen: {password})",
    },
    "none": {"en": "no findings", "nl": "geen bevindingen"},
    "source.garmin_login": {"en": "Garmin (login)", "nl": "Garmin (login)"},
    "source.garmin": {"en": "Garmin", "nl": "Garmin"},
    "source.fitbit": {"en": "Fitbit", "nl": "Fitbit"},
    "source.files": {"en": "TCX files", "nl": "TCX-bestanden"},
    "try": {
        "en": "Try the connect buttons (fake Garmin and Google services on this machine):",
        "nl": "Probeer de koppelknoppen (nep-Garmin en -Google op deze computer):",
    },
    "garmin": {
        "en": "  Garmin: {email} / {password}{code}",
        "nl": "  Garmin: {email} / {password}{code}",
    },
    "code": {"en": ", code {code}", "nl": ", code {code}"},
    "fitbit": {
        "en": "  Fitbit: the consent is given at once, as a Google user with two weeks of workouts",
        "nl": "  Fitbit: de toestemming volgt meteen, als Google-gebruiker met twee weken workouts",
    },
    "mail": {
        "en": "Emails: {folder} ({count} so far)",
        "nl": "E-mails: {folder} ({count} tot nu toe)",
    },
    "seeding": {
        "en": "First run: seeding eleven runners through the fake Garmin and Google services "
        "(about {estimate} s)…",
        "nl": "Eerste keer: elf lopers worden gevuld via de nep-Garmin en -Google "
        "(zo'n {estimate} s)…",
    },
    "seeded.athlete": {
        "en": "  [{done}/{total}] {email:<24} {seconds:5.1f} s",
        "nl": "  [{done}/{total}] {email:<24} {seconds:5.1f} s",
    },
    "seeded.pipeline": {
        "en": "  series, findings, alerts, emails {seconds:5.1f} s",
        "nl": "  reeksen, bevindingen, meldingen, e-mails {seconds:5.1f} s",
    },
    "ready.seeded": {
        "en": "Seeded and serving in {seconds:.1f} s. Ctrl-C stops the demo.",
        "nl": "Gevuld en online in {seconds:.1f} s. Ctrl-C stopt de demo.",
    },
    "kept": {
        "en": "Demo data of {day} kept in {folder} (delete it for fresh dates); starting…",
        "nl": "Demogegevens van {day} bewaard in {folder} (verwijder die map voor nieuwe "
        "data); de demo start…",
    },
    "ready.kept": {
        "en": "Serving in {seconds:.1f} s. Ctrl-C stops the demo.",
        "nl": "Online in {seconds:.1f} s. Ctrl-C stopt de demo.",
    },
    "open": {"en": "Open {url}", "nl": "Open {url}"},
    "sign_in": {
        "en": "Sign in as {email} / {password}",
        "nl": "Log in als {email} / {password}",
    },
}


def text(key: str, lang: str, **values: object) -> str:
    return TEXTS[key][lang].format(**values)


def _findings_line(athlete_id: int, lang: str) -> str:
    """``rule (worst severity ×count)``, worst first."""
    with session_scope() as session:
        rows = finding_queries.list_findings(session, athlete_id)
        states = [c.state for c in connection_queries.list_athlete_connections(session, athlete_id)]
    if not rows:
        return text("none", lang)
    counts = Counter(row.rule for row in rows)
    worst: dict[str, Severity] = {}
    for row in rows:
        severity = Severity(row.severity)
        if row.rule not in worst or severity.rank > worst[row.rule].rank:
            worst[row.rule] = severity
    ordered = sorted(worst, key=lambda rule: (-worst[rule].rank, rule))
    line = ", ".join(f"{rule} ({worst[rule].value} ×{counts[rule]})" for rule in ordered)
    return line + ("; " + ", ".join(states) if "needs_reauth" in states else "")


def _person_line(person: DemoPerson) -> str:
    return f"  {person.role.value:<8} {person.email:<24} {person.name:<15} {person.locale}"


def login_table(base_url: str, lang: str) -> str:
    lines = [text("title", lang, url=base_url, password=DEMO_PASSWORD), ""]
    lines += [_person_line(person) for person in STAFF]
    with session_scope() as session:
        ids = {
            person.email: user.id
            for person in ATHLETES
            if (user := account_queries.get_user_by_email(session, person.email)) is not None
        }
    for person in ATHLETES:
        source = text(f"source.{person.source}", lang)
        lines.append(f"{_person_line(person)}  {source:<14} {person.summary[lang]}")
        lines.append(f"{'':>54}→ {_findings_line(ids[person.email], lang)}")
    return "\n".join(lines)


def try_it(lang: str) -> Sequence[str]:
    lines = ["", text("try", lang)]
    for email, password, code in LIVE_GARMIN:
        suffix = text("code", lang, code=code) if code else ""
        lines.append(text("garmin", lang, email=email, password=password, code=suffix))
    lines.append(text("fitbit", lang))
    return lines


def mail_line(data_dir: Path, lang: str) -> str:
    folder = data_dir / "mail"
    count = len(list(folder.glob("*.eml"))) if folder.is_dir() else 0
    return text("mail", lang, folder=folder, count=count)


def first_steps(base_url: str, lang: str) -> Sequence[str]:
    """The overview's last lines: the address and one login, ready to paste."""
    coach = STAFF[0]
    return [
        text("open", lang, url=base_url),
        text("sign_in", lang, email=coach.email, password=DEMO_PASSWORD),
    ]
