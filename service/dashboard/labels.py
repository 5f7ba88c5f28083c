"""Names people read for the stable ids of rules, measures and states (translated where shown)."""

from __future__ import annotations

from typing import Final

from service.dashboard.i18n import N_

RULES: Final = {
    "volume.weekly_progression": N_("Weekly distance rising fast"),
    "volume.session_spike": N_("Run much longer than the 30-day longest"),
    "volume.high_for_tendon_risk": N_("High weekly distance for a tendon history"),
    "load.acwr_context": N_("Acute:chronic ratio high (context)"),
    "load.monotony_strain": N_("Monotonous or straining week"),
    "load.return_from_break": N_("Back to running after a break"),
    "pain.during_or_after_run": N_("Pain during or after running"),
    "pain.next_morning": N_("Morning pain or stiffness up"),
    "pain.weekly_trend": N_("Weekly pain rising"),
    "referral.achilles_not_improving": N_("Achilles pain not improving"),
    "referral.rest_too_long": N_("Long rest without improvement"),
    "ostrc.substantial_problem": N_("Substantial problem (OSTRC)"),
    "visa_a.change": N_("VISA-A score changed"),
    "red_flag.rupture": N_("Possible tendon rupture"),
    "red_flag.thrombosis": N_("Possible thrombosis"),
    "data.sync_stale": N_("Data not up to date"),
    "referral.region_not_improving": N_("Pain not going down: see a physio"),
    "red_flag.fracture": N_("Possible fracture"),
    "referral.call_physio_now": N_("Back blocked: call your physio"),
    "acute.muscle_injury": N_("Possible muscle tear"),
    "episode.rupture": N_("After a tendon rupture"),
    "load.back_to_back_tendon": N_("Two long runs in a row"),
    "health.illness": N_("Running while ill"),
    "episode.rupture_risk_medication": N_("Medicine that weakens tendons"),
    "data.outlier_day": N_("Unusual day: please check"),
}

SOURCES: Final = {
    "Frandsen et al. 2025 BJSM 59:1203": N_("Frandsen et al. 2025 (single-run increases)"),
    "Damsted et al. 2019 JOSPT 49:230; Nielsen et al. 2014 JOSPT 44:739": N_(
        "Damsted et al. 2019; Nielsen et al. 2014 (weekly distance)"
    ),
    "Jandacka et al. 2025 BJSM 60:e110260": N_("Jandacka et al. 2025 (Achilles tendon)"),
    "Gabbett 2016 BJSM 50:273; Impellizzeri et al. 2020 IJSPP 15:907 (context only)": N_(
        "Gabbett 2016; Impellizzeri et al. 2020 (as context only)"
    ),
    "Foster 1998 MSSE 30:1164": N_("Foster 1998 (monotony and strain)"),
    "acwr 0.1.1 break check; return-to-run references after a break (design choice)": N_(
        "Building up again after a break"
    ),
    "Silbernagel et al. 2007 AJSM 35:897 (pain-monitoring model)": N_(
        "Silbernagel et al. 2007 (running with pain as a guide)"
    ),
    "Clarsen et al. 2013 BJSM 47:495; OSTRC-O2 (Clarsen et al. 2020)": N_(
        "Clarsen et al. 2013 and 2020 (OSTRC questionnaire)"
    ),
    "Robinson et al. 2001 BJSM 35:335; MCID JOSPT 2021;51(10)": N_(
        "Robinson et al. 2001 (VISA-A questionnaire)"
    ),
    "Magnusson et al. 2010 Nat Rev Rheumatol 6:262; Kjaer et al. 2009 SJMSS 19:500": N_(
        "Magnusson et al. 2010; Kjaer et al. 2009 (tendon recovery)"
    ),
    "Dutch physiotherapy advice (TopFysio Leeuwarden, achillespeesruptuur)": N_(
        "Dutch physiotherapy advice on Achilles tendon rupture (TopFysio Leeuwarden)"
    ),
    "Dutch physiotherapy advice (Dijkstra Fysiotherapie, zweepslag)": N_(
        "Dutch physiotherapy advice on calf muscle tears (Dijkstra Fysiotherapie)"
    ),
    "Dutch physiotherapy advice (Dijkstra Fysiotherapie, zweepslag: 'grieperig')": N_(
        "Dutch physiotherapy advice on training while ill (Dijkstra Fysiotherapie)"
    ),
    "Dutch physiotherapy advice (Dijkstra Fysiotherapie, enkelverstuiking)": N_(
        "Dutch physiotherapy advice on ankle sprains (Dijkstra Fysiotherapie)"
    ),
    "Dutch physiotherapy advice (Dijkstra Fysiotherapie, lage rug)": N_(
        "Dutch physiotherapy advice on lower-back pain (Dijkstra Fysiotherapie)"
    ),
    "Dutch physiotherapy advice (Dijkstra Fysiotherapie, hardloopblessures)": N_(
        "Dutch physiotherapy advice on running injuries (Dijkstra Fysiotherapie)"
    ),
    "acwr 0.1.1 data-quality checks (outlier day)": N_("A check of the recorded data"),
    "loadwatch data-quality check: advice waits for the data of a silent source": N_(
        "A check of the recorded data: advice waits for data that has not arrived"
    ),
}
"""The source a rule stores, in the words people read; a source not listed here is shown to
staff only (as a tooltip), never as it is stored."""

SEVERITIES: Final = {
    "info": N_("info"),
    "caution": N_("caution"),
    "warning": N_("warning"),
    "referral": N_("see a physio"),
    "urgent": N_("urgent"),
}

MEASURES: Final = {
    "distance_km": N_("Running distance"),
    "duration_min": N_("Duration, all sports"),
    "srpe": N_("Session RPE, all sports"),
    "trimp": N_("TRIMP (heart rate), all sports"),
}
UNITS: Final = {"distance_km": "km", "duration_min": "min", "srpe": "AU", "trimp": "AU"}

REGIONS: Final = {
    "achilles": N_("Achilles tendon"),
    "heel_foot": N_("heel and foot"),
    "ankle": N_("ankle"),
    "shin": N_("shin"),
    "calf": N_("calf"),
    "knee_front": N_("front of the knee"),
    "knee_outside": N_("outside of the knee"),
    "hamstring": N_("hamstring"),
    "groin": N_("groin"),
    "low_back": N_("lower back"),
}

EPISODE_KINDS: Final = {
    "tendinopathy": N_("tendinopathy"),
    "rupture": N_("suspected rupture"),
    "plantar_heel_pain": N_("plantar heel pain"),
    "sprain": N_("sprain"),
    "muscle_strain": N_("muscle strain"),
    "other": N_("something else"),
}
ONSETS: Final = {"sudden": N_("started suddenly"), "gradual": N_("came on gradually")}

PROVIDERS: Final = {"garmin": "Garmin Connect", "fitbit": "Fitbit"}
CONNECTION_STATES: Final = {
    "connecting": N_("connecting"),
    "mfa_required": N_("waiting for the code"),
    "ok": N_("connected"),
    "syncing": N_("syncing"),
    "rate_limited": N_("paused by the provider"),
    "needs_reauth": N_("connect again"),
    "error": N_("error"),
    "disconnected": N_("disconnected"),
}
STATE_BADGES: Final = {
    "ok": "ok",
    "syncing": "info",
    "connecting": "info",
    "mfa_required": "caution",
    "rate_limited": "caution",
    "needs_reauth": "warning",
    "error": "warning",
    "disconnected": "",
}
ROLES: Final = {"athlete": N_("runner"), "coach": N_("coach"), "physio": N_("physiotherapist")}


# What a look at an athlete's data was, by the last part of the address it was made at.
ACCESS: Final = {
    "metrics": N_("daily series"),
    "checkins": N_("check-ins"),
    "activities": N_("activities"),
    "calendar": N_("training calendar"),
    "findings": N_("warnings"),
    "connections": N_("connections"),
    "missing-days": N_("days without data"),
    "policy": N_("advice settings"),
    "plan": N_("plan check"),
    "heart-rates": N_("heart rates for TRIMP"),
}


def rule_label(rule: str) -> str:
    """A rule's name; a rule without one reads as a warning (its id is for staff tooltips)."""
    return RULES.get(rule, N_("Warning"))


def source_label(source: str) -> str | None:
    return SOURCES.get(source)


def access_label(resource: str) -> str:
    """``/api/v1/athletes/7/metrics`` → "daily series"; the athlete page → "training page"."""
    parts = [part for part in resource.split("/") if part]
    known = [ACCESS[part] for part in parts if part in ACCESS]
    if known:
        return known[0]
    return N_("training page") if parts[:1] == ["athletes"] else N_("profile")
