"""Every text of alert emails, push messages and link pages, in English and Dutch.

Kept beside the feature rather than in ``service/texts.py`` because it is one coherent set
(rule and severity names, email wording, link pages) that only alerts use.
"""

from __future__ import annotations

from typing import Final

WORDING: Final[dict[str, tuple[str, str]]] = {
    # severities and rules, as a subject line names them
    "severity.info": ("info", "info"),
    "severity.caution": ("caution", "let op"),
    "severity.warning": ("warning", "waarschuwing"),
    "severity.referral": ("see a physio", "naar de fysio"),
    "severity.urgent": ("urgent", "dringend"),
    "rule.volume.weekly_progression": ("weekly distance rising quickly", "weekafstand stijgt snel"),
    "rule.volume.session_spike": (
        "one run much longer than usual",
        "één loop veel langer dan anders",
    ),
    "rule.volume.high_for_tendon_risk": (
        "high volume for a sensitive tendon",
        "hoog volume voor een gevoelige pees",
    ),
    "rule.load.acwr_context": ("load ratio high", "belastingsverhouding hoog"),
    "rule.pain.during_or_after_run": (
        "pain during or after running",
        "pijn tijdens of na het lopen",
    ),
    "rule.pain.next_morning": ("pain the morning after", "pijn de ochtend erna"),
    "rule.pain.weekly_trend": ("pain rising this week", "pijn neemt deze week toe"),
    "rule.referral.achilles_not_improving": (
        "Achilles pain not improving",
        "achillespijn wordt niet minder",
    ),
    "rule.referral.rest_too_long": (
        "long rest without improvement",
        "lange rust zonder verbetering",
    ),
    "rule.ostrc.substantial_problem": (
        "substantial problem (OSTRC)",
        "aanzienlijk probleem (OSTRC)",
    ),
    "rule.visa_a.change": ("VISA-A score changed", "VISA-A-score veranderd"),
    "rule.load.monotony_strain": ("monotonous or heavy week", "eentonige of zware week"),
    "rule.load.return_from_break": ("returning after a break", "terug na een pauze"),
    "rule.red_flag.rupture": ("possible tendon rupture", "mogelijke peesruptuur"),
    "rule.red_flag.thrombosis": ("possible thrombosis", "mogelijke trombose"),
    "rule.data.sync_stale": ("no recent data", "geen recente gegevens"),
    "rule.referral.region_not_improving": ("pain not improving", "pijn wordt niet minder"),
    "rule.red_flag.fracture": ("possible fracture", "mogelijke botbreuk"),
    "rule.referral.call_physio_now": (
        "call your physiotherapist now",
        "bel nu je fysiotherapeut",
    ),
    "rule.acute.muscle_injury": ("possible muscle tear", "mogelijke spierscheur"),
    "rule.episode.rupture": ("after a possible rupture", "na een mogelijke ruptuur"),
    "rule.load.back_to_back_tendon": (
        "two long runs in a row for a sensitive tendon",
        "twee lange lopen achter elkaar voor een gevoelige pees",
    ),
    "rule.health.illness": ("feeling ill", "ziek"),
    "rule.episode.rupture_risk_medication": (
        "medicine that affects tendons",
        "medicijn dat pezen kwetsbaarder maakt",
    ),
    "rule.data.outlier_day": ("is this day right?", "klopt deze dag?"),
    # the alert email
    "alert.subject": ("[{severity}] {athlete}: {rule}", "[{severity}] {athlete}: {rule}"),
    "alert.intro_self": (
        "Hello {name}, loadwatch has a new finding for you.",
        "Hallo {name}, loadwatch heeft een nieuwe melding voor je.",
    ),
    "alert.intro_staff": (
        "Hello {name}, loadwatch has a new finding about {athlete}, who shares it with you.",
        "Hallo {name}, loadwatch heeft een nieuwe melding over {athlete}, die deze met je deelt.",
    ),
    "alert.day": ("Day: {day}", "Dag: {day}"),
    "alert.source": ("Source: {source}", "Bron: {source}"),
    "alert.open": ("Open in loadwatch", "Openen in loadwatch"),
    "alert.acknowledge": ("Mark as seen", "Markeren als gezien"),
    "alert.snooze": ("Remind me later", "Herinner me later"),
    "alert.why": (
        "You receive this email because alerts by email are on in your loadwatch settings.",
        "Je krijgt deze e-mail omdat meldingen per e-mail aanstaan in je loadwatch-instellingen.",
    ),
    # several findings in one alert message
    "alerts.subject_more": (
        "[{severity}] {athlete}: {rule} and {more} more",
        "[{severity}] {athlete}: {rule} en nog {more}",
    ),
    "alerts.intro_self": (
        "Hello {name}, loadwatch has {count} new findings for you, the most pressing first.",
        "Hallo {name}, loadwatch heeft {count} nieuwe meldingen voor je, de dringendste eerst.",
    ),
    "alerts.intro_staff": (
        "Hello {name}, loadwatch has {count} new findings about athletes who share them with "
        "you, the most pressing first.",
        "Hallo {name}, loadwatch heeft {count} nieuwe meldingen over sporters die ze met je delen, "
        "de dringendste eerst.",
    ),
    "alerts.push_more": ("(and {more} more)", "(en nog {more})"),
    # "your history is in", once after a backfill
    "history.subject": (
        "Your training history is in: {weeks}",
        "Je trainingsgeschiedenis staat erin: {weeks}",
    ),
    "history.weeks": ("{weeks} weeks", "{weeks} weken"),
    "history.weeks_one": ("1 week", "1 week"),
    "history.intro": (
        "Hello {name}, your training history has arrived in loadwatch.",
        "Hallo {name}, je trainingsgeschiedenis staat nu in loadwatch.",
    ),
    "history.arrived": ("{weeks} of training arrived.", "Er kwamen {weeks} aan trainingen binnen."),
    "history.findings": (
        "Those weeks hold {count} findings. We did not send an alert for each of them: "
        "they are about the past, so have a look when it suits you.",
        "In die weken staan {count} meldingen. We hebben je daar geen aparte berichten over "
        "gestuurd: ze gaan over het verleden, dus kijk ernaar wanneer het je uitkomt.",
    ),
    "history.findings_one": (
        "Those weeks hold 1 finding. We did not send an alert for it: it is about the past, so "
        "have a look when it suits you.",
        "In die weken staat 1 melding. We hebben je daar geen apart bericht over gestuurd: hij "
        "gaat over het verleden, dus kijk ernaar wanneer het je uitkomt.",
    ),
    "history.findings_none": (
        "Those weeks hold no findings.",
        "In die weken staan geen meldingen.",
    ),
    "history.open": ("See your history and findings", "Bekijk je geschiedenis en meldingen"),
    "history.fresh": (
        "From now on, alerts tell you about new days only.",
        "Vanaf nu krijg je alleen nog meldingen over nieuwe dagen.",
    ),
    "history.why": (
        "You receive this email once, because your training history arrived in loadwatch.",
        "Je krijgt deze e-mail één keer, omdat je trainingsgeschiedenis in loadwatch is "
        "binnengekomen.",
    ),
    "unsubscribe.alerts": ("Stop alert emails", "Geen meldingsmails meer"),
    "unsubscribe.digest": ("Stop weekly summaries", "Geen weekoverzichten meer"),
    "unsubscribe.reminders": ("Stop check-in reminders", "Geen check-inherinneringen meer"),
    # the coach's weekly digest
    "digest.subject": (
        "Your athletes in week {week}",
        "Je sporters in week {week}",
    ),
    "digest.intro": (
        "Hello {name}, here is how your athletes did in week {week}, the most pressing first.",
        "Hallo {name}, zo ging het met je sporters in week {week}, de dringendste eerst.",
    ),
    "digest.none": (
        "Hello {name}, you do not follow any athletes yet.",
        "Hallo {name}, je volgt nog geen sporters.",
    ),
    "digest.athlete": ("Athlete", "Sporter"),
    "digest.finding": ("Worst open finding", "Zwaarste open melding"),
    "digest.km": ("Running km (week before)", "Kilometers hardlopen (week ervoor)"),
    "digest.symptoms": ("Pain", "Pijn"),
    "digest.no_finding": ("none open", "geen open"),
    "digest.km_value": ("{km} km ({before} km)", "{km} km ({before} km)"),
    "digest.no_km": ("no data", "geen gegevens"),
    "digest.trend.rising": (
        "rising: worst {now}/10 (was {before}/10)",
        "stijgt: hoogst {now}/10 (was {before}/10)",
    ),
    "digest.trend.falling": (
        "falling: worst {now}/10 (was {before}/10)",
        "daalt: hoogst {now}/10 (was {before}/10)",
    ),
    "digest.trend.steady": ("steady: worst {now}/10", "gelijk: hoogst {now}/10"),
    "digest.trend.new": ("worst {now}/10", "hoogst {now}/10"),
    "digest.trend.none": ("no check-in", "geen check-in"),
    "digest.trend.hidden": ("not shared", "niet gedeeld"),
    "digest.why": (
        "You receive this summary every Monday because weekly summaries are on in your "
        "loadwatch settings.",
        "Je krijgt dit overzicht elke maandag omdat weekoverzichten aanstaan in je "
        "loadwatch-instellingen.",
    ),
    # check-in reminders
    "reminder.checkin_due.subject": (
        "Time for your weekly check-in",
        "Tijd voor je wekelijkse check-in",
    ),
    "reminder.checkin_due.body": (
        "Hello {name}, how did your week go? Your weekly check-in takes a minute and helps "
        "catch a tendon problem early.",
        "Hallo {name}, hoe ging je week? Je wekelijkse check-in kost een minuut en helpt om een "
        "peesprobleem vroeg te zien.",
    ),
    "reminder.checkin_missed.subject": (
        "Your check-in for week {week} is still open",
        "Je check-in voor week {week} staat nog open",
    ),
    "reminder.checkin_missed.body": (
        "Hello {name}, we did not receive your check-in for week {week}. You can still fill it "
        "in; it takes a minute.",
        "Hallo {name}, we hebben je check-in voor week {week} niet ontvangen. Je kunt hem nog "
        "invullen; het kost een minuut.",
    ),
    "reminder.open": ("Fill in the check-in", "Check-in invullen"),
    "reminder.why": (
        "You receive this reminder because check-in reminders are on in your loadwatch settings.",
        "Je krijgt deze herinnering omdat check-inherinneringen aanstaan in je "
        "loadwatch-instellingen.",
    ),
    # pages behind the links in emails
    "link.invalid.title": ("This link does not work", "Deze link werkt niet"),
    "link.invalid.body": (
        "The link is incomplete or has expired. Open loadwatch to do this from your account.",
        "De link is onvolledig of verlopen. Open loadwatch om dit vanuit je account te doen.",
    ),
    "link.acknowledge.title": ("Mark this finding as seen?", "Deze melding markeren als gezien?"),
    "link.acknowledge.button": ("Mark as seen", "Markeren als gezien"),
    "link.acknowledge.done": ("Marked as seen. Thank you.", "Gemarkeerd als gezien. Dank je."),
    "link.snooze.title": (
        "Remind you about this finding later?",
        "Later herinneren aan deze melding?",
    ),
    "link.snooze.label": ("Remind me in", "Herinner me over"),
    "link.snooze.days": ("{days} days", "{days} dagen"),
    "link.snooze.day": ("1 day", "1 dag"),
    "link.snooze.button": ("Remind me later", "Herinner me later"),
    "link.snooze.done": ("We will remind you on {when}.", "We herinneren je op {when}."),
    "link.unsubscribe.title": ("{what}?", "{what}?"),
    "link.unsubscribe.button": ("Stop these emails", "Stop deze e-mails"),
    "link.unsubscribe.done": (
        "Done. You can turn these emails back on in your notification settings.",
        "Klaar. Je kunt deze e-mails weer aanzetten in je meldingsinstellingen.",
    ),
    "link.finding_gone": (
        "This finding no longer exists or is no longer shared with you.",
        "Deze melding bestaat niet meer of wordt niet meer met je gedeeld.",
    ),
    "link.back": ("Open loadwatch", "Open loadwatch"),
}

LANGUAGES = ("en", "nl")


def say(key: str, locale: str, **values: object) -> str:
    """The text for ``key`` in ``locale`` (English when the locale is unknown)."""
    en, nl = WORDING[key]
    return (nl if locale == "nl" else en).format(**values)


def rule_name(rule: str, locale: str) -> str:
    """A rule's name for people; an unknown rule id is shown as itself."""
    key = f"rule.{rule}"
    return say(key, locale) if key in WORDING else rule


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 2369 and RFC 8058: mail clients offer a one-click unsubscribe that POSTs to ``url``."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
