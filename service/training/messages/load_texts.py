"""Texts of the load rules (``volume.*``, ``load.*``, ``data.*``).

They describe the numbers and offer the next step; they never give a probability or a diagnosis.
Every number carries its unit, and days are written out ("in the 7 days up to 3 March") rather
than "today" or "this week": a finding is read on later days too.
"""

from __future__ import annotations

from service.training.findings import LocalizedText as T

WEEK_PCT = T(
    "In the 7 days up to {day_date} you ran {this_7d_km} km, {change_pct} more than the "
    "{previous_7d_km} km of the 7 days before.",
    "In de 7 dagen tot en met {day_date} liep je {this_7d_km} km, {change_pct} meer dan de "
    "{previous_7d_km} km van de 7 dagen daarvoor.",
)
WEEK_KM = T(
    "In the 7 days up to {day_date} you ran {this_7d_km} km, {increase_km} km more than the "
    "{previous_7d_km} km of the 7 days before; on a base this small, add at most {allowance_km} "
    "km a week.",
    "In de 7 dagen tot en met {day_date} liep je {this_7d_km} km, {increase_km} km meer dan de "
    "{previous_7d_km} km van de 7 dagen daarvoor; bij zo'n kleine basis doe je er per week "
    "hooguit {allowance_km} km bij.",
)
WEEK_ACTION = T(
    "Repeat that distance over the next 7 days before you build up further.",
    "Herhaal die afstand in de 7 dagen hierna voordat je verder opbouwt.",
)
TWO_WEEKS = T(
    "In the 14 days up to {day_date} you ran {last_14d_km} km, {two_week_change_pct} more than "
    "the {previous_14d_km} km of the 14 days before. Tendons adapt more slowly than muscles: "
    "reduce your distance in the next 7 days, or replace a run with cycling or swimming.",
    "In de 14 dagen tot en met {day_date} liep je {last_14d_km} km, {two_week_change_pct} meer "
    "dan de {previous_14d_km} km van de 14 dagen daarvoor. Pezen passen zich langzamer aan dan "
    "spieren: loop minder in de 7 dagen hierna, of vervang een loop door fietsen of zwemmen.",
)
RETURN_WEEK = T(
    "In the 7 days up to {day_date} you ran {this_7d_km} km, in your first weeks back after "
    "{break_weeks} weeks without running. Before the break you ran {pre_break_week_km} km a "
    "week; {discount_pct} less for the weeks off makes {reference_km} km a week, and you are "
    "more than {caution_pct} above that.",
    "In de 7 dagen tot en met {day_date} liep je {this_7d_km} km, in je eerste weken terug na "
    "{break_weeks} weken zonder te lopen. Voor de pauze liep je {pre_break_week_km} km per week; "
    "{discount_pct} minder voor de weken pauze is {reference_km} km per week, en je zit daar meer "
    "dan {caution_pct} boven.",
)
RETURN_WEEK_SMALL = T(
    "In the 7 days up to {day_date} you ran {this_7d_km} km, in your first weeks back after "
    "{break_weeks} weeks without running. With {reference_km} km a week from before the break "
    "(after {discount_pct} less for the weeks off), add at most {allowance_km} km a week.",
    "In de 7 dagen tot en met {day_date} liep je {this_7d_km} km, in je eerste weken terug na "
    "{break_weeks} weken zonder te lopen. Met {reference_km} km per week van voor de pauze (na "
    "{discount_pct} minder voor de weken pauze) doe je er per week hooguit {allowance_km} km bij.",
)
RETURN_ACTION = T(
    "Hold this distance for the next 7 days and build up from there in small steps.",
    "Houd deze afstand de komende 7 dagen vast en bouw van daaruit in kleine stappen op.",
)
RACE_WEEK = T(
    "These 7 days include your race on {race_date}: recover first, with easy days and no long "
    "run in the week after it.",
    "In deze 7 dagen zit je wedstrijd van {race_date}: herstel eerst, met rustige dagen en geen "
    "lange loop in de week erna.",
)

SPIKE_LONGER = T(
    "Your longest run in the 30 days before {day_date} was {longest_30d_km} km; the "
    "{session_km} km run on {day_date} is {spike_pct} longer.",
    "Je langste loop in de 30 dagen voor {day_date} was {longest_30d_km} km; de loop van "
    "{session_km} km op {day_date} is {spike_pct} langer.",
)
SPIKE_DOUBLE = T(
    "The {session_km} km run on {day_date} is more than double your longest run of the 30 days "
    "before ({longest_30d_km} km).",
    "De loop van {session_km} km op {day_date} is meer dan het dubbele van je langste loop van "
    "de 30 dagen daarvoor ({longest_30d_km} km).",
)
SPIKE_RETURN = T(
    "The {session_km} km run on {day_date} came in your first weeks back after {break_weeks} "
    "weeks without running. Before the break your longest run was {pre_break_km} km; "
    "{discount_pct} less for the weeks off makes {reference_km} km, and this run is {spike_pct} "
    "longer.",
    "De loop van {session_km} km op {day_date} kwam in je eerste weken terug na {break_weeks} "
    "weken zonder te lopen. Voor de pauze was je langste loop {pre_break_km} km; {discount_pct} "
    "minder voor de weken pauze is {reference_km} km, en deze loop is {spike_pct} langer.",
)
SPIKE_PAST_SPIKE = T(
    "Leaving out the runs that were themselves far longer than usual, your longest run in the 30 "
    "days before {day_date} was {longest_30d_km} km; {session_km} km is {spike_pct} longer.",
    "Zonder de lopen die zelf al veel langer waren dan gewoonlijk, was je langste loop in de 30 "
    "dagen voor {day_date} {longest_30d_km} km; {session_km} km is {spike_pct} langer.",
)
SPIKE_LINKED = T(
    "Runs this much longer than the longest of the past month are linked with more running "
    "injuries. Keep the next days easy.",
    "Zo'n grote sprong ten opzichte van je langste loop van de afgelopen maand hangt samen met "
    "meer hardloopblessures. Houd de komende dagen rustig.",
)
SPIKE_ACTION = T(
    "Keep your next long run at about {next_km} km and lengthen it in small steps.",
    "Houd je volgende lange loop rond de {next_km} km en maak hem in kleine stappen langer.",
)
RACE_RECOVERY = T(
    "It was a race: recover first. Keep the next days easy and skip the long run in the week "
    "after it; then pick up your usual distances again.",
    "Het was een wedstrijd: herstel eerst. Houd de komende dagen rustig en sla in de week erna "
    "de lange loop over; pak daarna je gewone afstanden weer op.",
)

TENDON_WEEK = T(
    "You ran {week_km} km in the 7 days up to {day_date}.",
    "Je liep {week_km} km in de 7 dagen tot en met {day_date}.",
)
TENDON_PERCENTILE = T(
    "In the {history_days} days before, {percentile_pct} of your 7-day totals stayed at or "
    "below {reference_km} km.",
    "In de {history_days} dagen daarvoor bleef {percentile_pct} van je 7-daagse totalen op of "
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
    "For context: your average daily {measure} over the 7 days up to {day_date} is "
    "{acwr_rolling_ratio} times that of the 28 days up to it.",
    "Ter context: je gemiddelde dagelijkse {measure} over de 7 dagen tot en met {day_date} is "
    "{acwr_rolling_ratio} keer die van de 28 dagen tot en met die dag.",
)
ACWR_UNCOUPLED = T(
    "For context: your average daily {measure} over the 7 days up to {day_date} is "
    "{acwr_uncoupled_ratio} times that of the 21 days before.",
    "Ter context: je gemiddelde dagelijkse {measure} over de 7 dagen tot en met {day_date} is "
    "{acwr_uncoupled_ratio} keer die van de 21 dagen daarvoor.",
)
ACWR_MEANING = T(
    "This ratio describes how quickly your training changed; it does not predict injury by "
    "itself. Follow the advice about your distance on that day.",
    "Deze verhouding beschrijft hoe snel je training veranderde; op zichzelf voorspelt ze geen "
    "blessure. Volg het advies over je afstand van die dag.",
)

MONOTONY = T(
    "Your training in the 7 days up to {day_date} was very uniform: monotony {monotony_ratio} "
    "(your average daily {measure} divided by how much it varied from day to day; above "
    "{limit_ratio} counts as high).",
    "Je training was in de 7 dagen tot en met {day_date} erg eentonig: monotonie "
    "{monotony_ratio} (je gemiddelde dagelijkse {measure} gedeeld door hoeveel die van dag tot "
    "dag verschilde; boven {limit_ratio} is hoog).",
)
MONOTONY_CONSTANT = T(
    "Your daily {measure} was exactly the same on each of the 7 days up to {day_date}, so your "
    "training had no variation at all.",
    "Je dagelijkse {measure} was in de 7 dagen tot en met {day_date} elke dag precies gelijk, "
    "dus je training had geen enkele afwisseling.",
)
MONOTONY_HEAVIER = T(
    "Those days were also heavier than usual: {acute_7d} {unit} a day, against {chronic_28d} "
    "{unit} a day over the 28 days up to {day_date}.",
    "Die dagen waren ook zwaarder dan gewoonlijk: {acute_7d} {unit} per dag, tegenover "
    "{chronic_28d} {unit} per dag over de 28 dagen tot en met {day_date}.",
)
MONOTONY_ACTION = T(
    "Alternate harder and easier days, and keep at least one easy day or rest day a week.",
    "Wissel zwaardere en lichtere dagen af, en houd minstens één rustige dag of rustdag per week.",
)
STRAIN = T(
    "Your training strain in the 7 days up to {day_date} was {strain} {unit}: the week's total "
    "{measure} multiplied by its monotony, so how heavy and how uniform the week was in one "
    "number. That is higher than on {percentile_pct} of the days in the {history_days} days "
    "before (reference {reference} {unit}). Plan a few easier days before you build up further.",
    "Je trainingsbelasting (strain) in de 7 dagen tot en met {day_date} was {strain} {unit}: het "
    "weektotaal aan {measure} vermenigvuldigd met de monotonie, dus hoe zwaar en hoe eentonig de "
    "week was in één getal. Dat is hoger dan op {percentile_pct} van de dagen in de "
    "{history_days} dagen daarvoor (referentie {reference} {unit}). Plan een paar rustigere "
    "dagen voordat je verder opbouwt.",
)

BREAK_FIRST_RUN = T(
    "This is your first run after {break_days} days without running.",
    "Dit is je eerste loop na {break_days} dagen zonder te lopen.",
)
BREAK_DISTANCES = T(
    "On {day_date} you ran {session_km} km; before the break your longest run was "
    "{pre_break_km} km.",
    "Op {day_date} liep je {session_km} km; voor de pauze was je langste loop {pre_break_km} km.",
)
BREAK_ACTION = T(
    "Build up again gradually from below your old level, and leave a day between runs at first. "
    "Load ratios are hidden for the next {hide_days} days because the break distorts them.",
    "Bouw weer geleidelijk op vanaf onder je oude niveau, en houd in het begin een dag rust "
    "tussen de loopjes. Belastingsverhoudingen worden de komende {hide_days} dagen niet getoond, "
    "omdat de pauze ze vertekent.",
)
BREAK_REFERENCES = T(
    "For the next {window_days} days your runs are compared with your distances from before the "
    "break, {discount_pct} less for the weeks off: a long run of about {reference_km} km and "
    "{reference_week_km} km a week.",
    "De komende {window_days} dagen worden je loopjes vergeleken met je afstanden van voor de "
    "pauze, {discount_pct} minder voor de weken pauze: een lange loop van ongeveer "
    "{reference_km} km en {reference_week_km} km per week.",
)

BACK_TO_BACK = T(
    "You ran {first_km} km on {first_date} and {session_km} km on {day_date}: two days in a "
    "row, each more than {share_pct} of the {week_km} km you ran in the 7 days up to "
    "{day_date}, while {region} is still recovering. A tendon rebuilds over about 3 days after "
    "a long run: leave at least one easy day or rest day after a long run.",
    "Je liep {first_km} km op {first_date} en {session_km} km op {day_date}: twee dagen achter "
    "elkaar, elk meer dan {share_pct} van de {week_km} km die je liep in de 7 dagen tot en met "
    "{day_date}, terwijl {region} nog herstelt. Een pees herstelt in zo'n 3 dagen na een lange "
    "loop: houd na een lange loop minstens één rustige dag of rustdag.",
)

OUTLIER = T(
    "On {day_date} loadwatch recorded {day_km} km of running, more than {factor} times your "
    "usual long training day ({reference_km} km: {percentile_pct} of your training days in the "
    "{history_days} days before stayed at or below it). Is this right? Confirm or correct that "
    "day; until then the distance advice leaves it out.",
    "Op {day_date} registreerde loadwatch {day_km} km hardlopen, meer dan {factor} keer je "
    "gebruikelijke lange trainingsdag ({reference_km} km: {percentile_pct} van je "
    "trainingsdagen in de {history_days} dagen daarvoor bleef daar op of onder). Klopt dit? "
    "Bevestig of corrigeer die dag; tot die tijd laat het afstandsadvies hem buiten beschouwing.",
)

SYNC_STALE = T(
    "loadwatch has had no new data from {source} for {silent_hours} hours, so training-load "
    "advice for the days since then is on hold. Sync your watch with {source}, then check the "
    "connection on the Connections page.",
    "loadwatch heeft al {silent_hours} uur geen nieuwe gegevens van {source} gekregen. Daarom "
    "geeft loadwatch over de dagen sindsdien nog geen advies over je belasting. Synchroniseer je "
    "horloge met {source} en kijk daarna op de pagina Koppelingen of de koppeling in orde is.",
)
SYNC_NEVER = T(
    "loadwatch has not yet received any data from {source}, so training-load advice is on hold. "
    "Sync your watch with {source}, then check the connection on the Connections page.",
    "loadwatch heeft nog geen gegevens van {source} gekregen en geeft daarom nog geen advies "
    "over je belasting. Synchroniseer je horloge met {source} en kijk daarna op de pagina "
    "Koppelingen of de koppeling in orde is.",
)
SYNC_REAUTH = T(
    "{source} asks you to sign in again before loadwatch can fetch new activities; until then "
    "training-load advice for recent days is on hold. Connect {source} again on the Connections "
    "page.",
    "{source} vraagt je opnieuw in te loggen voordat loadwatch nieuwe activiteiten kan ophalen; "
    "tot die tijd geeft loadwatch over de afgelopen dagen geen advies over je belasting. Koppel "
    "{source} opnieuw op de pagina Koppelingen.",
)
