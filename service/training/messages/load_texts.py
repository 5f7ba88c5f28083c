"""Texts of the load rules (``volume.*``, ``load.*``) and of ``data.sync_stale``.

They describe the numbers and offer the next step; they never give a probability or a diagnosis.
"""

from __future__ import annotations

from service.training.findings import LocalizedText as T

WEEK_PCT = T(
    "You ran {this_7d_km} km in the past 7 days, {change_pct} more than the {previous_7d_km} km "
    "of the 7 days before.",
    "Je liep de afgelopen 7 dagen {this_7d_km} km, {change_pct} meer dan de {previous_7d_km} km "
    "van de 7 dagen daarvoor.",
)
WEEK_KM = T(
    "You ran {this_7d_km} km in the past 7 days, {increase_km} km more than the {previous_7d_km} "
    "km of the 7 days before; on a base this small, add at most {allowance_km} km a week.",
    "Je liep de afgelopen 7 dagen {this_7d_km} km, {increase_km} km meer dan de {previous_7d_km} "
    "km van de 7 dagen daarvoor; bij zo'n kleine basis doe je er per week hooguit "
    "{allowance_km} km bij.",
)
WEEK_ACTION = T(
    "Repeat this week's distance before you build up further.",
    "Herhaal de afstand van deze week voordat je verder opbouwt.",
)
TWO_WEEKS = T(
    "You ran {last_14d_km} km in the past 14 days, {two_week_change_pct} more than the "
    "{previous_14d_km} km of the 14 days before. Tendons adapt more slowly than muscles: reduce "
    "your distance next week, or replace a run with cycling or swimming.",
    "Je liep de afgelopen 14 dagen {last_14d_km} km, {two_week_change_pct} meer dan de "
    "{previous_14d_km} km van de 14 dagen daarvoor. Pezen passen zich langzamer aan dan spieren: "
    "loop volgende week minder, of vervang een loop door fietsen of zwemmen.",
)

SPIKE_LONGER = T(
    "Your longest run in the past 30 days was {longest_30d_km} km; today's {session_km} km is "
    "{spike_pct} longer.",
    "Je langste loop van de afgelopen 30 dagen was {longest_30d_km} km; de {session_km} km van "
    "vandaag is {spike_pct} langer.",
)
SPIKE_DOUBLE = T(
    "Today's {session_km} km is more than double your longest run of the past 30 days "
    "({longest_30d_km} km).",
    "De {session_km} km van vandaag is meer dan het dubbele van je langste loop van de afgelopen "
    "30 dagen ({longest_30d_km} km).",
)
SPIKE_LINKED = T(
    "Runs this much longer than the longest of the past month are linked with more running "
    "injuries. Keep the next days easy.",
    "Zo'n grote sprong ten opzichte van je langste loop van de afgelopen maand gaat samen met "
    "meer hardloopblessures. Houd de komende dagen rustig.",
)
SPIKE_ACTION = T(
    "Keep your next long run at about {longest_30d_km} km and lengthen it in small steps.",
    "Houd je volgende lange loop rond de {longest_30d_km} km en maak hem in kleine stappen langer.",
)

TENDON_WEEK = T(
    "You ran {week_km} km in the past 7 days.",
    "Je liep de afgelopen 7 dagen {week_km} km.",
)
TENDON_PERCENTILE = T(
    "In the past {history_days} days, {percentile_pct} of your 7-day totals stayed at or below "
    "{reference_km} km.",
    "In de afgelopen {history_days} dagen bleef {percentile_pct} van je 7-daagse totalen op of "
    "onder {reference_km} km.",
)
TENDON_CAP = T(
    "That is above the cap of {cap_km} km set for you.",
    "Dat is boven het maximum van {cap_km} km dat voor jou is ingesteld.",
)
TENDON_ACTION = T(
    "With an Achilles history, weekly distance itself matters: hold this distance rather than "
    "adding more, and watch for morning stiffness.",
    "Met achillespeesklachten in je voorgeschiedenis telt de weekafstand zelf: houd deze afstand "
    "vast in plaats van meer te lopen, en let op ochtendstijfheid.",
)

ACWR_ROLLING = T(
    "For context: your average daily {measure} over the past 7 days is {acwr_rolling_ratio} "
    "times that of the past 28 days.",
    "Ter context: je gemiddelde dagelijkse {measure} van de afgelopen 7 dagen is "
    "{acwr_rolling_ratio} keer die van de afgelopen 28 dagen.",
)
ACWR_UNCOUPLED = T(
    "For context: your average daily {measure} over the past 7 days is {acwr_uncoupled_ratio} "
    "times that of the 21 days before.",
    "Ter context: je gemiddelde dagelijkse {measure} van de afgelopen 7 dagen is "
    "{acwr_uncoupled_ratio} keer die van de 21 dagen daarvoor.",
)
ACWR_MEANING = T(
    "This ratio describes how quickly your training changed; it does not predict injury by "
    "itself. Follow today's advice on your distance.",
    "Deze verhouding beschrijft hoe snel je training veranderde; op zichzelf voorspelt ze geen "
    "blessure. Volg het advies van vandaag over je afstand.",
)

MONOTONY = T(
    "Your training over the past 7 days was very uniform: monotony {monotony_ratio} (average "
    "daily {measure} divided by its day-to-day spread; above {limit_ratio} counts as high).",
    "Je training was de afgelopen 7 dagen erg eentonig: monotonie {monotony_ratio} (gemiddelde "
    "dagelijkse {measure} gedeeld door de spreiding van dag tot dag; boven {limit_ratio} is hoog).",
)
MONOTONY_CONSTANT = T(
    "Your daily {measure} was exactly the same on each of the past 7 days, so your training "
    "had no variation at all.",
    "Je dagelijkse {measure} was de afgelopen 7 dagen elke dag precies gelijk, dus je training "
    "had geen enkele afwisseling.",
)
MONOTONY_ACTION = T(
    "Alternate harder and easier days, and keep at least one easy day or rest day a week.",
    "Wissel zwaardere en lichtere dagen af, en houd minstens één rustige dag of rustdag per week.",
)
STRAIN = T(
    "Your training strain over the past 7 days ({strain}: weekly load × monotony) is higher than "
    "on {percentile_pct} of the days in the past {history_days} days (reference {reference}). "
    "Plan a few easier days before you build up further.",
    "Je trainingsbelasting (strain) over de afgelopen 7 dagen ({strain}: weekbelasting × "
    "monotonie) is hoger dan op {percentile_pct} van de dagen in de afgelopen {history_days} "
    "dagen (referentie {reference}). Plan een paar rustigere dagen voordat je verder opbouwt.",
)

BREAK_FIRST_RUN = T(
    "This is your first run after {break_days} days without running.",
    "Dit is je eerste loop na {break_days} dagen zonder te lopen.",
)
BREAK_DISTANCES = T(
    "Today you ran {session_km} km; before the break your longest run was {pre_break_km} km.",
    "Vandaag liep je {session_km} km; voor de pauze was je langste loop {pre_break_km} km.",
)
BREAK_ACTION = T(
    "Build up again gradually from below your old level, and leave a day between runs at first. "
    "Load ratios are hidden for the next {hide_days} days because the break distorts them.",
    "Bouw weer geleidelijk op vanaf onder je oude niveau, en houd in het begin een dag rust "
    "tussen de loopjes. Belastingsverhoudingen worden de komende {hide_days} dagen niet getoond, "
    "omdat de pauze ze vertekent.",
)

SYNC_STALE = T(
    "loadwatch has had no new data from {source} for {silent_hours} hours, so training-load "
    "advice for the days since then is on hold. Sync your watch with {source}, then check the "
    "connection on your settings page.",
    "loadwatch heeft al {silent_hours} uur geen nieuwe gegevens van {source} gekregen, dus het "
    "belastingsadvies over de dagen sindsdien wordt aangehouden. Synchroniseer je horloge met "
    "{source} en controleer daarna de koppeling op je instellingenpagina.",
)
SYNC_NEVER = T(
    "loadwatch has not yet received any data from {source}, so training-load advice is on hold. "
    "Sync your watch with {source}, then check the connection on your settings page.",
    "loadwatch heeft nog geen gegevens van {source} gekregen, dus het belastingsadvies wordt "
    "aangehouden. Synchroniseer je horloge met {source} en controleer daarna de koppeling op je "
    "instellingenpagina.",
)
SYNC_REAUTH = T(
    "{source} asks you to sign in again before loadwatch can fetch new activities; until then "
    "training-load advice for recent days is on hold. Reconnect {source} on your settings page.",
    "{source} vraagt je opnieuw in te loggen voordat loadwatch nieuwe activiteiten kan ophalen; "
    "tot die tijd wordt het belastingsadvies over de afgelopen dagen aangehouden. Koppel "
    "{source} opnieuw op je instellingenpagina.",
)
