"""Every advice text as a coach or physiotherapist reads it: about the athlete, not to them.

The athlete reads "On 3 March you reported …"; their coach or physiotherapist reads "On 3 March
Anna reported …", and the advice the athlete received as advice to them ("Advice to Anna: …",
"Advies aan Anna: …", the Dutch in the infinitive style of a physiotherapist's notes). The
athlete is the placeholder ``{athlete}``, filled in with their name when the text is shown, so a
stored text follows a change of name. A text that reads the same for both maps to itself.
"""

from __future__ import annotations

from typing import Final

from service.training.findings import LocalizedText as T
from service.training.messages import care_texts as care
from service.training.messages import load_texts as load
from service.training.messages import region_texts as region
from service.training.messages import symptom_texts as symptom
from service.training.symptoms import Region

ATHLETE = "{athlete}"
"""The placeholder of the athlete's name in a staff text, as stored."""

_LOAD: Final[dict[T, T]] = {
    load.WEEK_PCT: T(
        "In the 7 days up to {day_date} {athlete} ran {this_7d_km} km, {change_pct} more than the "
        "{previous_7d_km} km of the 7 days before.",
        "In de 7 dagen tot en met {day_date} liep {athlete} {this_7d_km} km, {change_pct} meer "
        "dan de {previous_7d_km} km van de 7 dagen daarvoor.",
    ),
    load.WEEK_KM: T(
        "In the 7 days up to {day_date} {athlete} ran {this_7d_km} km, {increase_km} km more than "
        "the {previous_7d_km} km of the 7 days before; on a base this small, the advice is to add "
        "at most {allowance_km} km a week.",
        "In de 7 dagen tot en met {day_date} liep {athlete} {this_7d_km} km, {increase_km} km meer "
        "dan de {previous_7d_km} km van de 7 dagen daarvoor; bij zo'n kleine basis is het advies "
        "er per week hooguit {allowance_km} km bij te doen.",
    ),
    load.WEEK_ACTION: T(
        "Advice to {athlete}: repeat that distance over the next 7 days before building up "
        "further.",
        "Advies aan {athlete}: die afstand de 7 dagen hierna herhalen en pas daarna verder "
        "opbouwen.",
    ),
    load.TWO_WEEKS: T(
        "In the 14 days up to {day_date} {athlete} ran {last_14d_km} km, {two_week_change_pct} "
        "more than the {previous_14d_km} km of the 14 days before. Tendons adapt more slowly than "
        "muscles: the advice is to run less in the next 7 days, or to replace a run with cycling "
        "or swimming.",
        "In de 14 dagen tot en met {day_date} liep {athlete} {last_14d_km} km, "
        "{two_week_change_pct} meer dan de {previous_14d_km} km van de 14 dagen daarvoor. Pezen "
        "passen zich langzamer aan dan spieren: het advies is de 7 dagen hierna minder te lopen, "
        "of een loop te vervangen door fietsen of zwemmen.",
    ),
    load.RETURN_WEEK: T(
        "In the 7 days up to {day_date} {athlete} ran {this_7d_km} km, in the first weeks back "
        "after {break_weeks} weeks without running. Before the break that was "
        "{pre_break_week_km} km a week; {discount_pct} less for the weeks off makes "
        "{reference_km} km a week, and this is more than {caution_pct} above that.",
        "In de 7 dagen tot en met {day_date} liep {athlete} {this_7d_km} km, in de eerste weken "
        "terug na {break_weeks} weken zonder te lopen. Voor de pauze was dat {pre_break_week_km} "
        "km per week; {discount_pct} minder voor de weken pauze is {reference_km} km per week, en "
        "dit zit daar meer dan {caution_pct} boven.",
    ),
    load.RETURN_WEEK_SMALL: T(
        "In the 7 days up to {day_date} {athlete} ran {this_7d_km} km, in the first weeks back "
        "after {break_weeks} weeks without running. With {reference_km} km a week from before the "
        "break (after {discount_pct} less for the weeks off), the advice is to add at most "
        "{allowance_km} km a week.",
        "In de 7 dagen tot en met {day_date} liep {athlete} {this_7d_km} km, in de eerste weken "
        "terug na {break_weeks} weken zonder te lopen. Met {reference_km} km per week van voor de "
        "pauze (na {discount_pct} minder voor de weken pauze) is het advies er per week hooguit "
        "{allowance_km} km bij te doen.",
    ),
    load.RETURN_ACTION: T(
        "Advice to {athlete}: hold this distance for the next 7 days and build up from there in "
        "small steps.",
        "Advies aan {athlete}: deze afstand de komende 7 dagen vasthouden en van daaruit in "
        "kleine stappen opbouwen.",
    ),
    load.RACE_WEEK: T(
        "These 7 days include {athlete}'s race on {race_date}: the advice is to recover first, "
        "with easy days and no long run in the week after it.",
        "In deze 7 dagen valt de wedstrijd van {athlete} op {race_date}: het advies is eerst te "
        "herstellen, met rustige dagen en geen lange loop in de week erna.",
    ),
    load.SPIKE_LONGER: T(
        "{athlete}'s longest run in the 30 days before {day_date} was {longest_30d_km} km; the "
        "{session_km} km run on {day_date} is {spike_pct} longer.",
        "De langste loop van {athlete} in de 30 dagen voor {day_date} was {longest_30d_km} km; de "
        "loop van {session_km} km op {day_date} is {spike_pct} langer.",
    ),
    load.SPIKE_DOUBLE: T(
        "The {session_km} km run on {day_date} is more than double {athlete}'s longest run of the "
        "30 days before ({longest_30d_km} km).",
        "De loop van {session_km} km op {day_date} is meer dan het dubbele van de langste loop "
        "van {athlete} in de 30 dagen daarvoor ({longest_30d_km} km).",
    ),
    load.SPIKE_RETURN: T(
        "The {session_km} km run on {day_date} came in {athlete}'s first weeks back after "
        "{break_weeks} weeks without running. Before the break the longest run was "
        "{pre_break_km} km; {discount_pct} less for the weeks off makes {reference_km} km, and "
        "this run is {spike_pct} longer.",
        "De loop van {session_km} km op {day_date} viel in de eerste weken terug na "
        "{break_weeks} weken zonder te lopen. Voor de pauze was de langste loop van {athlete} "
        "{pre_break_km} km; {discount_pct} minder voor de weken pauze is {reference_km} km, en "
        "deze loop is {spike_pct} langer.",
    ),
    load.SPIKE_PAST_SPIKE: T(
        "Leaving out the runs that were themselves far longer than usual, {athlete}'s longest "
        "run in the 30 days before {day_date} was {longest_30d_km} km; {session_km} km is "
        "{spike_pct} longer.",
        "Zonder de lopen die zelf al veel langer waren dan gewoonlijk, was de langste loop van "
        "{athlete} in de 30 dagen voor {day_date} {longest_30d_km} km; {session_km} km is "
        "{spike_pct} langer.",
    ),
    load.SPIKE_LINKED: T(
        "Runs this much longer than the longest of the past month are linked with more running "
        "injuries. Advice to {athlete}: keep the next days easy.",
        "Zo'n grote sprong ten opzichte van de langste loop van de afgelopen maand hangt samen "
        "met meer hardloopblessures. Advies aan {athlete}: de komende dagen rustig houden.",
    ),
    load.SPIKE_ACTION: T(
        "The next long run is best kept at about {next_km} km and lengthened in small steps.",
        "De volgende lange loop blijft het best rond de {next_km} km en wordt in kleine stappen "
        "langer.",
    ),
    load.RACE_RECOVERY: T(
        "It was a race: the advice is to recover first, keep the next days easy and skip the "
        "long run in the week after it, then pick up the usual distances again.",
        "Het was een wedstrijd: het advies is eerst te herstellen, de komende dagen rustig te "
        "houden en in de week erna de lange loop over te slaan, en daarna de gewone afstanden "
        "weer op te pakken.",
    ),
    load.TENDON_WEEK: T(
        "{athlete} ran {week_km} km in the 7 days up to {day_date}.",
        "{athlete} liep {week_km} km in de 7 dagen tot en met {day_date}.",
    ),
    load.TENDON_PERCENTILE: T(
        "In the {history_days} days before, {percentile_pct} of {athlete}'s 7-day totals stayed "
        "at or below {reference_km} km.",
        "In de {history_days} dagen daarvoor bleef {percentile_pct} van de 7-daagse totalen van "
        "{athlete} op of onder {reference_km} km.",
    ),
    load.TENDON_CAP: T(
        "That is above the cap of {cap_km} km set for {athlete}.",
        "Dat is boven het maximum van {cap_km} km dat voor {athlete} is ingesteld.",
    ),
    load.TENDON_ACTION: T(
        "With an Achilles history, weekly distance itself matters: the advice is to hold this "
        "distance rather than add more, and to watch for morning stiffness.",
        "Met achillespeesklachten in de voorgeschiedenis telt de weekafstand zelf: het advies is "
        "deze afstand vast te houden in plaats van meer te lopen, en op ochtendstijfheid te "
        "letten.",
    ),
    load.ACWR_ROLLING: T(
        "For context: {athlete}'s average daily {measure} over the 7 days up to {day_date} is "
        "{acwr_rolling_ratio} times that of the 28 days up to it.",
        "Ter context: de gemiddelde dagelijkse {measure} van {athlete} over de 7 dagen tot en met "
        "{day_date} is {acwr_rolling_ratio} keer die van de 28 dagen tot en met die dag.",
    ),
    load.ACWR_UNCOUPLED: T(
        "For context: {athlete}'s average daily {measure} over the 7 days up to {day_date} is "
        "{acwr_uncoupled_ratio} times that of the 21 days before.",
        "Ter context: de gemiddelde dagelijkse {measure} van {athlete} over de 7 dagen tot en met "
        "{day_date} is {acwr_uncoupled_ratio} keer die van de 21 dagen daarvoor.",
    ),
    load.ACWR_MEANING: T(
        "This ratio describes how quickly the training changed; it does not predict injury by "
        "itself. Read it with the advice about the distance on that day.",
        "Deze verhouding beschrijft hoe snel de training veranderde; op zichzelf voorspelt ze "
        "geen blessure. Lees haar samen met het advies over de afstand van die dag.",
    ),
    load.MONOTONY: T(
        "{athlete}'s training in the 7 days up to {day_date} was very uniform: monotony "
        "{monotony_ratio} (the average daily {measure} divided by how much it varied from day to "
        "day; above {limit_ratio} counts as high).",
        "De training van {athlete} was in de 7 dagen tot en met {day_date} erg eentonig: "
        "monotonie {monotony_ratio} (de gemiddelde dagelijkse {measure} gedeeld door hoeveel die "
        "van dag tot dag verschilde; boven {limit_ratio} is hoog).",
    ),
    load.MONOTONY_CONSTANT: T(
        "{athlete}'s daily {measure} was exactly the same on each of the 7 days up to "
        "{day_date}, so the training had no variation at all.",
        "De dagelijkse {measure} van {athlete} was in de 7 dagen tot en met {day_date} elke dag "
        "precies gelijk, dus de training had geen enkele afwisseling.",
    ),
    load.MONOTONY_HEAVIER: load.MONOTONY_HEAVIER,
    load.MONOTONY_ACTION: T(
        "Advice to {athlete}: alternate harder and easier days, and keep at least one easy day "
        "or rest day a week.",
        "Advies aan {athlete}: zwaardere en lichtere dagen afwisselen, en minstens één rustige "
        "dag of rustdag per week houden.",
    ),
    load.STRAIN: T(
        "{athlete}'s training strain in the 7 days up to {day_date} was {strain} {unit}: the "
        "week's total {measure} multiplied by its monotony, so how heavy and how uniform the week "
        "was in one number. That is higher than on {percentile_pct} of the days in the "
        "{history_days} days before (reference {reference} {unit}). The advice is to plan a few "
        "easier days before building up further.",
        "De trainingsbelasting (strain) van {athlete} in de 7 dagen tot en met {day_date} was "
        "{strain} {unit}: het weektotaal aan {measure} vermenigvuldigd met de monotonie, dus hoe "
        "zwaar en hoe eentonig de week was in één getal. Dat is hoger dan op {percentile_pct} van "
        "de dagen in de {history_days} dagen daarvoor (referentie {reference} {unit}). Het advies "
        "is een paar rustigere dagen te plannen voordat de training verder wordt opgebouwd.",
    ),
    load.BREAK_FIRST_RUN: T(
        "This is {athlete}'s first run after {break_days} days without running.",
        "Dit is de eerste loop van {athlete} na {break_days} dagen zonder te lopen.",
    ),
    load.BREAK_DISTANCES: T(
        "On {day_date} the run was {session_km} km; before the break the longest run was "
        "{pre_break_km} km.",
        "Op {day_date} was de loop {session_km} km; voor de pauze was de langste loop "
        "{pre_break_km} km.",
    ),
    load.BREAK_ACTION: T(
        "Advice to {athlete}: build up again gradually from below the old level, and leave a day "
        "between runs at first. Load ratios are hidden for the next {hide_days} days because the "
        "break distorts them.",
        "Advies aan {athlete}: weer geleidelijk opbouwen vanaf onder het oude niveau, en in het "
        "begin een dag rust tussen de loopjes houden. Belastingsverhoudingen worden de komende "
        "{hide_days} dagen niet getoond, omdat de pauze ze vertekent.",
    ),
    load.BREAK_REFERENCES: T(
        "For the next {window_days} days {athlete}'s runs are compared with the distances from "
        "before the break, {discount_pct} less for the weeks off: a long run of about "
        "{reference_km} km and {reference_week_km} km a week.",
        "De komende {window_days} dagen worden de loopjes van {athlete} vergeleken met de "
        "afstanden van voor de pauze, {discount_pct} minder voor de weken pauze: een lange loop "
        "van ongeveer {reference_km} km en {reference_week_km} km per week.",
    ),
    load.BACK_TO_BACK: T(
        "{athlete} ran {first_km} km on {first_date} and {session_km} km on {day_date}: two days "
        "in a row, each more than {share_pct} of the {week_km} km run in the 7 days up to "
        "{day_date}, while {region} is still recovering. A tendon rebuilds over about 3 days "
        "after a long run: the advice is to leave at least one easy day or rest day after a long "
        "run.",
        "{athlete} liep {first_km} km op {first_date} en {session_km} km op {day_date}: twee "
        "dagen achter elkaar, elk meer dan {share_pct} van de {week_km} km in de 7 dagen tot en "
        "met {day_date}, terwijl {region} nog herstelt. Een pees herstelt in zo'n 3 dagen na een "
        "lange loop: het advies is na een lange loop minstens één rustige dag of rustdag te "
        "houden.",
    ),
    load.OUTLIER: T(
        "On {day_date} loadwatch recorded {day_km} km of running for {athlete}, more than "
        "{factor} times the usual long training day ({reference_km} km: {percentile_pct} of the "
        "training days in the {history_days} days before stayed at or below it). {athlete} is "
        "asked to confirm or correct that day; until then the distance advice leaves it out.",
        "Op {day_date} registreerde loadwatch voor {athlete} {day_km} km hardlopen, meer dan "
        "{factor} keer de gebruikelijke lange trainingsdag ({reference_km} km: {percentile_pct} "
        "van de trainingsdagen in de {history_days} dagen daarvoor bleef daar op of onder). "
        "{athlete} wordt gevraagd die dag te bevestigen of te corrigeren; tot die tijd laat het "
        "afstandsadvies hem buiten beschouwing.",
    ),
    load.SYNC_STALE: T(
        "loadwatch has had no new data from {athlete}'s {source} for {silent_hours} hours, so "
        "training-load advice for the days since then is on hold. {athlete} is asked to sync the "
        "watch with {source} and check the connection.",
        "loadwatch heeft al {silent_hours} uur geen nieuwe gegevens van {athlete} uit {source} "
        "gekregen. Daarom geeft loadwatch over de dagen sindsdien nog geen advies over de "
        "belasting. {athlete} wordt gevraagd het horloge te synchroniseren met {source} en de "
        "koppeling te controleren.",
    ),
    load.SYNC_NEVER: T(
        "loadwatch has not yet received any data from {athlete}'s {source}, so training-load "
        "advice is on hold. {athlete} is asked to sync the watch with {source} and check the "
        "connection.",
        "loadwatch heeft nog geen gegevens van {athlete} uit {source} gekregen en geeft daarom "
        "nog geen advies over de belasting. {athlete} wordt gevraagd het horloge te "
        "synchroniseren met {source} en de koppeling te controleren.",
    ),
    load.SYNC_REAUTH: T(
        "{source} asks {athlete} to sign in again before loadwatch can fetch new activities; "
        "until then training-load advice for recent days is on hold.",
        "{source} vraagt {athlete} opnieuw in te loggen voordat loadwatch nieuwe activiteiten kan "
        "ophalen; tot die tijd geeft loadwatch over de afgelopen dagen geen advies over de "
        "belasting.",
    ),
}

_SYMPTOM: Final[dict[T, T]] = {
    symptom.PAIN_DURING: T(
        "{athlete}'s {region_pain} reached {rated_pain}/10 during the run on {day_date}, above "
        "the limit of {ceiling_pain}/10.",
        "Bij {athlete} was de {region_pain} {rated_pain}/10 tijdens het lopen op {day_date}, boven "
        "de grens van {ceiling_pain}/10.",
    ),
    symptom.PAIN_AFTER: T(
        "{athlete}'s {region_pain} reached {rated_pain}/10 after the run on {day_date}, above the "
        "limit of {ceiling_pain}/10.",
        "Bij {athlete} was de {region_pain} {rated_pain}/10 na het lopen op {day_date}, boven de "
        "grens van {ceiling_pain}/10.",
    ),
    symptom.PAIN_RUN_ACTION: T(
        "Advice to {athlete}: make the next session shorter or easier, and tell the "
        "physiotherapist if it happens again.",
        "Advies aan {athlete}: de volgende training korter of lichter maken, en het de "
        "fysiotherapeut melden als het weer gebeurt.",
    ),
    symptom.PAIN_SUDDEN_ACTION: T(
        "The pain came on suddenly, which can mean an injury rather than overload: {athlete} is "
        "advised not to run on it for now.",
        "De pijn kwam plotseling op; dat kan op een blessure wijzen in plaats van overbelasting: "
        "het advies aan {athlete} is er voorlopig niet op te lopen.",
    ),
    symptom.MORNING_PAIN: T(
        "On the morning of {day_date} {athlete}'s {region_pain} was {morning_pain}/10, above the "
        "usual {baseline_pain}/10 (the median of the last {recorded_mornings} mornings).",
        "Op de ochtend van {day_date} was bij {athlete} de {region_pain} {morning_pain}/10, hoger "
        "dan de gebruikelijke {baseline_pain}/10 (de mediaan van de laatste {recorded_mornings} "
        "ochtenden).",
    ),
    symptom.MORNING_STIFFNESS: T(
        "On the morning of {day_date} {athlete} had {region} stiff for {stiffness_min} minutes, "
        "longer than the usual {baseline_min} minutes (the median of the last "
        "{recorded_mornings} mornings).",
        "Op de ochtend van {day_date} was bij {athlete} {region} {stiffness_min} minuten stijf, "
        "langer dan de gebruikelijke {baseline_min} minuten (de mediaan van de laatste "
        "{recorded_mornings} ochtenden).",
    ),
    symptom.MORNING_CAUTION_ACTION: T(
        "It rose the morning after a run: the advice is to repeat or shorten the next run rather "
        "than build up.",
        "Dat gebeurde de ochtend na een loop: het advies is de volgende loop te herhalen of te "
        "verkorten in plaats van op te bouwen.",
    ),
    symptom.MORNING_WARNING_ACTION: T(
        "This is the second morning in a row above the usual level. The advice is to train less "
        "for now, for example by replacing a run with cycling or swimming, and not to build up "
        "until the mornings are back to normal.",
        "Dit is de tweede ochtend op rij boven het gebruikelijke niveau. Het advies is voorlopig "
        "minder te trainen, bijvoorbeeld door een loop te vervangen door fietsen of zwemmen, en "
        "niet verder op te bouwen tot de ochtenden weer normaal zijn.",
    ),
    symptom.WEEKLY_TREND: T(
        "{athlete}'s {region_pain} in the week of {week_date} was {this_week_pain}/10, up from "
        "{last_week_pain}/10 the week before.",
        "Bij {athlete} was de {region_pain} in de week van {week_date} {this_week_pain}/10, "
        "tegenover {last_week_pain}/10 de week ervoor.",
    ),
    symptom.WEEKLY_CREEP: T(
        "{athlete}'s {region_pain} has risen every week: {two_weeks_before_pain}/10, then "
        "{last_week_pain}/10, then {this_week_pain}/10 in the week of {week_date}.",
        "Bij {athlete} is de {region_pain} elke week gestegen: {two_weeks_before_pain}/10, "
        "daarna {last_week_pain}/10, daarna {this_week_pain}/10 in de week van {week_date}.",
    ),
    symptom.WEEKLY_THREE_WEEKS: T(
        "{athlete}'s {region_pain} in the week of {week_date} was {this_week_pain}/10, up from "
        "{three_weeks_before_pain}/10 three weeks earlier.",
        "Bij {athlete} was de {region_pain} in de week van {week_date} {this_week_pain}/10, "
        "tegenover {three_weeks_before_pain}/10 drie weken eerder.",
    ),
    symptom.WEEKLY_CAUTION_ACTION: T(
        "Pain should not rise from week to week: the advice is not to build up for now, and to "
        "watch how the pain responds.",
        "Pijn hoort niet van week tot week toe te nemen: het advies is voorlopig niet verder op "
        "te bouwen, en te letten op hoe de pijn reageert.",
    ),
    symptom.WEEKLY_WARNING_ACTION: T(
        "Pain should not rise from week to week: the advice is to train less in the coming week, "
        "for example by replacing a run with cycling or swimming, and to contact the "
        "physiotherapist if it keeps rising.",
        "Pijn hoort niet van week tot week toe te nemen: het advies is de komende week minder te "
        "trainen, bijvoorbeeld door een loop te vervangen door fietsen of zwemmen, en contact op "
        "te nemen met de fysiotherapeut als de pijn blijft stijgen.",
    ),
    symptom.ACHILLES_NOT_FALLING: T(
        "{athlete}'s Achilles problem began on {start_date}. The pain was {start_pain}/10 when "
        "first reported and {latest_pain}/10 on {day_date}, {onset_days} days after it began: it "
        "has not gone down within {limit_days} days. {athlete} is advised to contact the "
        "physiotherapist.",
        "De achillespeesklacht van {athlete} begon op {start_date}. De pijn was {start_pain}/10 "
        "bij de eerste melding en {latest_pain}/10 op {day_date}, {onset_days} dagen nadat de "
        "klacht begon: de pijn is niet minder geworden binnen {limit_days} dagen. Advies aan "
        "{athlete}: contact opnemen met de fysiotherapeut.",
    ),
    symptom.ACHILLES_ROSE_ON_RESUMING: T(
        "{athlete}'s Achilles pain rose from {before_pain}/10 to {latest_pain}/10 within "
        "{window_days} days of running again after {pause_days} days without running. When pain "
        "rises as soon as training resumes, the advice is to contact the physiotherapist, and "
        "until then to replace running with pain-free cycling or swimming.",
        "Bij {athlete} steeg de pijn aan de achillespees van {before_pain}/10 naar "
        "{latest_pain}/10 binnen {window_days} dagen na het hervatten van het lopen, na "
        "{pause_days} dagen zonder te lopen. Neemt de pijn direct toe bij het hervatten van de "
        "training, dan is het advies contact op te nemen met de fysiotherapeut en tot die tijd "
        "het lopen te vervangen door pijnvrij fietsen of zwemmen.",
    ),
    symptom.REST_TOO_LONG: T(
        "By {day_date} {athlete} had not run for {rest_days} days because of {region_pain}, and "
        "the pain ({latest_pain}/10) is not lower than at the stop ({start_pain}/10). The advice "
        "is to rest at most {limit_days} days: {athlete} is advised to contact the "
        "physiotherapist rather than rest longer.",
        "Op {day_date} liep {athlete} al {rest_days} dagen niet vanwege {region_pain}, en de pijn "
        "({latest_pain}/10) is niet lager dan bij het stoppen ({start_pain}/10). Het advies is "
        "maximaal {limit_days} dagen rust: contact opnemen met de fysiotherapeut in plaats van "
        "langer te rusten.",
    ),
    symptom.NOT_IMPROVING: T(
        "By {day_date}, {elapsed_days} days after this problem began ({opened_date}), "
        "{athlete}'s {region_pain} has not gone down: {start_pain}/10 on {start_date}, "
        "{latest_pain}/10 on {latest_date}. Pain that has not improved after {timer_days} days "
        "calls for a physiotherapist's assessment.",
        "Op {day_date}, {elapsed_days} dagen nadat deze klacht begon ({opened_date}), is bij "
        "{athlete} de {region_pain} niet minder geworden: {start_pain}/10 op {start_date}, "
        "{latest_pain}/10 op {latest_date}. Pijn die na {timer_days} dagen niet verbeterd is, "
        "vraagt om beoordeling door een fysiotherapeut.",
    ),
    symptom.KNEE_RISING: T(
        "{athlete}'s {region_pain} rose in each of the last two weeks ({two_weeks_before_pain}/10, "
        "then {last_week_pain}/10, then {this_week_pain}/10 in the week of {week_date}) while the "
        "running did not increase ({week_km} km in the 7 days up to {day_date}, "
        "{earlier_week_km} km two weeks before). When complaints increase without any change in "
        "training, the advice is to contact the physiotherapist.",
        "Bij {athlete} nam de {region_pain} in elk van de laatste twee weken toe "
        "({two_weeks_before_pain}/10, daarna {last_week_pain}/10, daarna {this_week_pain}/10 in "
        "de week van {week_date}) terwijl het lopen niet toenam ({week_km} km in de 7 dagen tot "
        "en met {day_date}, {earlier_week_km} km twee weken eerder). Nemen de klachten toe zonder "
        "verandering in de training, dan is het advies contact op te nemen met de "
        "fysiotherapeut.",
    ),
    symptom.OSTRC_SUBSTANTIAL: T(
        "{athlete}'s weekly questionnaire (OSTRC) for {region} on {day_date} scores "
        "{severity_score}/100 and shows a substantial problem: {reason}. The advice is to keep "
        "training to what {region} tolerates, and to let the coach or physiotherapist know.",
        "De wekelijkse vragenlijst (OSTRC) van {athlete} voor {region} van {day_date} scoort "
        "{severity_score}/100 en wijst op een aanzienlijk probleem: {reason}. Het advies is de "
        "training te beperken tot wat {region} verdraagt, en het de trainer of fysiotherapeut te "
        "laten weten.",
    ),
    symptom.OSTRC_REASON_NO_TRAINING: T("{athlete} could not train", "{athlete} kon niet trainen"),
    symptom.OSTRC_REASON_MODIFIED: T(
        "{athlete} had to change training moderately or more",
        "{athlete} moest de training matig of sterk aanpassen",
    ),
    symptom.OSTRC_REASON_PERFORMANCE: T(
        "{athlete}'s performance suffered moderately or more",
        "de prestaties van {athlete} leden er matig of sterk onder",
    ),
    symptom.OSTRC_REFERRAL: T(
        "{athlete}'s weekly questionnaire (OSTRC) has shown a substantial problem with {region} "
        "for {streak_weeks} weeks in a row (latest {severity_score}/100, on {day_date}). "
        "{athlete} is advised to contact the physiotherapist for an assessment.",
        "De wekelijkse vragenlijst (OSTRC) van {athlete} wijst al {streak_weeks} weken op rij op "
        "een aanzienlijk probleem met {region} (laatst {severity_score}/100, op {day_date}). "
        "Advies aan {athlete}: contact opnemen met de fysiotherapeut voor onderzoek.",
    ),
    symptom.OSTRC_RISING: T(
        "{athlete}'s weekly questionnaire (OSTRC) for {region} has scored higher every week, "
        "{rising_sets} questionnaires in a row: {scores}, the latest on {day_date} (0 = no "
        "problem, 100 = could not train at all). {athlete} is advised to contact the "
        "physiotherapist for an assessment.",
        "De wekelijkse vragenlijst (OSTRC) van {athlete} voor {region} scoort al {rising_sets} "
        "vragenlijsten op rij elke week hoger: {scores}, de laatste op {day_date} (0 = geen "
        "probleem, 100 = helemaal niet kunnen trainen). Advies aan {athlete}: contact opnemen "
        "met de fysiotherapeut voor onderzoek.",
    ),
    symptom.VISA_A_FELL: T(
        "{athlete}'s VISA-A score is {visa_a_score}/100, {change_points} points below the best of "
        "{best_score}/100. A fall of {mcid} points or more is a real change for the worse: the "
        "advice is to run less and to discuss it with the physiotherapist.",
        "De VISA-A-score van {athlete} is {visa_a_score}/100, {change_points} punten onder de "
        "beste score van {best_score}/100. Een daling van {mcid} punten of meer is een echte "
        "verslechtering: het advies is minder te lopen en het te bespreken met de "
        "fysiotherapeut.",
    ),
    symptom.VISA_A_ROSE: T(
        "Good news: {athlete}'s VISA-A score is {visa_a_score}/100, {change_points} points above "
        "the best earlier score of {best_score}/100. The advice is to keep building up as "
        "gradually as before.",
        "Goed nieuws: de VISA-A-score van {athlete} is {visa_a_score}/100, {change_points} "
        "punten boven de beste eerdere score van {best_score}/100. Het advies is net zo "
        "geleidelijk te blijven opbouwen als tot nu toe.",
    ),
    symptom.VISA_A_ROSE_HOLD: T(
        "Good news: {athlete}'s VISA-A score is {visa_a_score}/100, {change_points} points above "
        "the best earlier score of {best_score}/100. The advice is to keep going as now, without "
        "building up further yet.",
        "Goed nieuws: de VISA-A-score van {athlete} is {visa_a_score}/100, {change_points} "
        "punten boven de beste eerdere score van {best_score}/100. Het advies is door te gaan "
        "zoals nu, zonder al verder op te bouwen.",
    ),
}

_CARE: Final[dict[T, T]] = {
    care.SNAP_IN[Region.ACHILLES]: T(
        "a sudden snap in the Achilles tendon", "een plots knappend gevoel in de achillespees"
    ),
    care.SNAP_IN[Region.CALF]: T(
        "a sudden snap in the calf", "een plots knappend gevoel in de kuit"
    ),
    care.SNAP_IN[None]: T(
        "a sudden snap in the calf or Achilles",
        "een plots knappend gevoel in de kuit of achillespees",
    ),
    care.PUSH_OFF: T(
        "being unable to push off or stand on the toes",
        "niet meer te kunnen afzetten of op de tenen te kunnen staan",
    ),
    **{torn: torn for torn in care.TORN.values()},
    care.RUPTURE: T(
        "On {day_date} {athlete} reported {reported}. This can be a sign of {torn}. Advice to "
        "{athlete}: stop running and seek help as soon as possible, from the GP or an emergency "
        "department.",
        "{athlete} meldde op {day_date} {reported}. Dit kan wijzen op {torn}. Advies aan "
        "{athlete}: stoppen met lopen en zo snel mogelijk hulp zoeken bij de huisarts of de "
        "spoedeisende hulp.",
    ),
    care.THROMBOSIS: T(
        "On {day_date} {athlete} reported a calf that feels warm, is red and is swollen. After a "
        "calf muscle tear this can be a sign of thrombosis. Advice to {athlete}: go to the GP "
        "straight away, and do not run until then.",
        "{athlete} meldde op {day_date} een kuit die warm aanvoelt en rood en gezwollen is. Na "
        "een zweepslag kan dit wijzen op trombose. Advies aan {athlete}: direct naar de huisarts, "
        "en tot die tijd niet lopen.",
    ),
    care.FRACTURE: T(
        "On {day_date} {athlete} reported being unable to bear weight on the leg because of "
        "{region_pain}. A fracture is possible: if no doctor has looked at it yet, the advice is "
        "to go to the emergency department of a hospital as soon as possible, and not to load "
        "the leg until then.",
        "{athlete} meldde op {day_date} niet op het been te kunnen steunen vanwege "
        "{region_pain}. Een botbreuk is mogelijk: heeft nog geen arts ernaar gekeken, dan is het "
        "advies zo snel mogelijk naar de spoedeisende hulp van een ziekenhuis te gaan, en het "
        "been tot die tijd niet te belasten.",
    ),
    care.FRACTURE_NO_REGION: T(
        "On {day_date} {athlete} reported being unable to bear weight on the leg. A fracture is "
        "possible: if no doctor has looked at it yet, the advice is to go to the emergency "
        "department of a hospital as soon as possible, and not to load the leg until then.",
        "{athlete} meldde op {day_date} niet op het been te kunnen steunen. Een botbreuk is "
        "mogelijk: heeft nog geen arts ernaar gekeken, dan is het advies zo snel mogelijk naar de "
        "spoedeisende hulp van een ziekenhuis te gaan, en het been tot die tijd niet te "
        "belasten.",
    ),
    care.CALL_PHYSIO: T(
        "On {day_date} {athlete} reported that the lower back blocks all movement. If there is "
        "no appointment yet, the advice is to call the physiotherapist as soon as possible.",
        "{athlete} meldde op {day_date} door de onderrug niet meer te kunnen bewegen. Is er nog "
        "geen afspraak, dan is het advies zo snel mogelijk de fysiotherapeut te bellen.",
    ),
    care.MUSCLE_SNAP: T(
        "On {day_date} {athlete} reported a sudden snap in {region}.",
        "{athlete} meldde op {day_date} een plots knappend gevoel in {region}.",
    ),
    care.MUSCLE_SUDDEN: T(
        "{athlete}'s {region_pain} came on suddenly on {day_date}, at {start_pain}/10.",
        "Bij {athlete} kwam de {region_pain} op {day_date} plotseling op, met {start_pain}/10.",
    ),
    care.MUSCLE_TEAR: T(
        "That can be a muscle tear (a 'zweepslag'): the advice is to stop running on it.",
        "Dat kan een spierscheur zijn (een zweepslag): het advies is te stoppen met lopen.",
    ),
    care.RUPTURE_RUN: T(
        "{athlete} recorded a run on {day_date}, day {days_since_days} after reporting a "
        "possible rupture in {region} on {report_date}. Running within {brace_weeks} weeks of a "
        "suspected rupture: {athlete} is advised to contact the physiotherapist before running "
        "again. In the first six weeks the tendon heals in a brace or walking boot, whose "
        "schedule is to be followed exactly.",
        "{athlete} registreerde op {day_date} een loop, op dag {days_since_days} na de melding "
        "van een mogelijke scheur in {region} op {report_date}. Hardlopen binnen {brace_weeks} "
        "weken na een vermoedelijke scheur: het advies aan {athlete} is contact op te nemen met "
        "de fysiotherapeut voordat er weer gelopen wordt. In de eerste zes weken herstelt de "
        "pees in een brace of looplaars, waarvan het schema nauwkeurig gevolgd moet worden.",
    ),
    care.RUPTURE_TIMELINE: T(
        "On {day_date}, {brace_weeks} weeks have passed since {athlete} reported a possible "
        "rupture in {region} ({report_date}). After the brace phase of about six weeks, active "
        "rehabilitation with the physiotherapist starts; rehabilitation takes 3 to 6 months, and "
        "a full return to sport and heavy loading 6 to 9 months, in some cases up to 12. The "
        "advice is to build up only together with the physiotherapist.",
        "Op {day_date} is het {brace_weeks} weken geleden dat {athlete} een mogelijke scheur in "
        "{region} meldde ({report_date}). Na de bracefase van ongeveer zes weken begint de "
        "actieve revalidatie met de fysiotherapeut; die duurt 3 tot 6 maanden, en volledig "
        "terugkeren naar sport en zware belasting 6 tot 9 maanden, soms tot 12. Het advies is "
        "alleen op te bouwen samen met de fysiotherapeut.",
    ),
    **{medicine: medicine for medicine in care.MEDICINES.values()},
    care.RUPTURE_RISK: T(
        "{athlete}'s Achilles problem started on {day_date} while using {medicines}. "
        "Corticosteroids, fluoroquinolone antibiotics and long-term use of statins can make "
        "tendons more vulnerable and raise the risk of an Achilles rupture. {athlete} is advised "
        "to tell the doctor and the physiotherapist.",
        "De achillespeesklachten van {athlete} begonnen op {day_date}, bij gebruik van "
        "{medicines}. Corticosteroïden, fluoroquinolonen (antibiotica) en langdurig gebruik van "
        "statines kunnen pezen kwetsbaarder maken en de kans op een achillespeesruptuur "
        "vergroten. Advies aan {athlete}: de arts en de fysiotherapeut op de hoogte brengen.",
    ),
    care.ILLNESS: T(
        "On {day_date} {athlete} reported feeling ill (flu-like). Load tolerance is lower during "
        "illness: the advice is to rest or train easy, and to build up again gently once "
        "better. With a fever, no training at all.",
        "{athlete} gaf op {day_date} aan zich ziek te voelen (grieperig). Bij ziekte is de "
        "belastbaarheid lager: het advies is te rusten of rustig te trainen, en na herstel "
        "voorzichtig weer op te bouwen. Bij koorts niet sporten.",
    ),
    care.JOIN_AND: care.JOIN_AND,
}

_SELF_CARE: Final[dict[Region, T]] = {
    Region.ACHILLES: T(
        "Self-care advice for Achilles pain: reduce the intensity of running at once, or stop. "
        "Complete rest weakens the tendon further, so keep moving without pain at a low "
        "intensity, for example easy cycling or swimming, and train for less time than usual.",
        "Zelfzorgadvies bij pijn aan de achillespees: direct de intensiteit van de looptraining "
        "verminderen, of stoppen. Volledige rust verzwakt de pees verder, dus pijnvrij blijven "
        "bewegen op een lage intensiteit, bijvoorbeeld rustig fietsen of zwemmen, en korter "
        "trainen dan gewend.",
    ),
    Region.HEEL_FOOT: T(
        "Self-care advice for pain under the heel or foot: ice it locally the first days. Run "
        "for less time, slower and with shorter steps, preferably on soft ground such as a forest "
        "path; avoid fast movements like jumping and sprinting. Moving without loading the foot "
        "is good: cycling is fine.",
        "Zelfzorgadvies bij pijn onder de hiel of voet: de eerste dagen plaatselijk koelen met "
        "ijs. Minder lang achter elkaar lopen, langzamer en met kleinere stappen, liefst op een "
        "zachte ondergrond zoals een bospad; snelle bewegingen zoals springen en sprinten "
        "vermijden. Bewegen zonder de voet te belasten is goed: fietsen mag.",
    ),
    Region.ANKLE: T(
        "Self-care advice for an ankle injury: cool it with ice wrapped in a (tea) towel, never "
        "straight on the skin, for at most 20 minutes; do not load the leg; raise it when "
        "sitting; no heat or massage.",
        "Zelfzorgadvies bij een enkelblessure: koelen met ijs in een (hand)doek, nooit "
        "rechtstreeks op de huid, maximaal 20 minuten; het been niet belasten; hoog leggen bij "
        "zitten; geen warmte of massage.",
    ),
    Region.SHIN: T(
        "Self-care advice for shin pain: avoid loading that brings on the pain, for at most 3 "
        "weeks; moving without load is good, so cycling is fine. Cool the sore spot with ice 3 "
        "to 4 times a day for 10 to 15 minutes. Start again with short stretches of running only "
        "once walking is pain-free.",
        "Zelfzorgadvies bij pijn aan het scheenbeen: maximaal 3 weken belasting vermijden die "
        "pijn uitlokt; bewegen zonder belasting is goed, dus fietsen mag. De pijnlijke plek 3 "
        "tot 4 keer per dag 10 tot 15 minuten koelen met ijs. Pas weer beginnen met korte "
        "stukjes hardlopen als wandelen pijnvrij gaat.",
    ),
    Region.CALF: T(
        "Self-care advice for a calf injury, the first 2 days: rest the leg, but keep moving the "
        "foot up and down without pain; cool it with ice or cold water; compress it with a "
        "bandage or tape; raise the leg as often as possible. No massage or heat in those first "
        "2 days.",
        "Zelfzorgadvies bij een kuitblessure, de eerste 2 dagen: het been rust geven, maar de "
        "voet wel pijnvrij op en neer bewegen; koelen met ijs of koud water; tegendruk geven met "
        "een zwachtel of tape; het been zo vaak mogelijk hoog leggen. Geen massage of warmte in "
        "die eerste 2 dagen.",
    ),
    Region.KNEE_FRONT: T(
        "Self-care advice for pain at the front of the knee: give the knee some rest by lowering "
        "the intensity or pausing training, for at most 2 weeks, and meanwhile move a lot "
        "without load or pain.",
        "Zelfzorgadvies bij pijn aan de voorkant van de knie: de knie wat rust geven door de "
        "intensiteit te verlagen of tijdelijk niet te trainen, maximaal 2 weken, en intussen "
        "veel bewegen zonder belasting en pijn.",
    ),
    Region.KNEE_OUTSIDE: T(
        "Self-care advice for pain on the outside of the knee: swap running for cycling or "
        "another activity that does not bring on the pain. Once ordinary walking is pain-free, "
        "build up again: walk, then jog, then run.",
        "Zelfzorgadvies bij pijn aan de buitenkant van de knie: hardlopen vervangen door fietsen "
        "of een andere activiteit waarbij de pijn niet optreedt. Als gewoon wandelen pijnvrij "
        "gaat, weer opbouwen: wandelen, dan joggen, dan hardlopen.",
    ),
    Region.HAMSTRING: T(
        "Self-care advice for a hamstring injury, the first 2 days: rest the leg, but keep "
        "moving without pain; cool it with ice or cold water; compress it with a bandage or "
        "tape; raise the leg as often as possible. No massage or heat in those first 2 days.",
        "Zelfzorgadvies bij een blessure aan de hamstring, de eerste 2 dagen: het been rust "
        "geven, maar pijnvrij blijven bewegen; koelen met ijs of koud water; tegendruk geven met "
        "een zwachtel of tape; het been zo vaak mogelijk hoog leggen. Geen massage of warmte in "
        "die eerste 2 dagen.",
    ),
    Region.GROIN: T(
        "Self-care advice for groin pain: 1 to 3 weeks of relative rest. Keep moving a lot in "
        "those weeks, but without pain while loading; cycling is a good way to train.",
        "Zelfzorgadvies bij pijn in de lies: 1 tot 3 weken relatieve rust. In die weken veel "
        "blijven bewegen, maar zonder pijn tijdens het belasten; fietsen is een goede manier om "
        "te trainen.",
    ),
    Region.LOW_BACK: T(
        "Self-care advice for lower-back pain: keep moving and adapt activities; force nothing, "
        "but get moving again soon. If moving is not possible at all, at most 2 days of bed "
        "rest.",
        "Zelfzorgadvies bij pijn in de onderrug: in beweging blijven en activiteiten aanpassen; "
        "niets forceren, maar snel weer in beweging komen. Is bewegen helemaal niet meer "
        "mogelijk, dan maximaal 2 dagen bedrust.",
    ),
}

_NEXT_STEP: Final[dict[Region, T]] = {
    Region.ACHILLES: T(
        "If the pain does not go down within 2 weeks, or rises as soon as training resumes, "
        "{athlete} should contact the physiotherapist.",
        "Wordt de pijn niet minder binnen 2 weken, of neemt hij direct toe bij het hervatten van "
        "de training, dan neemt {athlete} contact op met de fysiotherapeut.",
    ),
    Region.HEEL_FOOT: T(
        "If normal loading is no longer possible, {athlete} should contact the physiotherapist.",
        "Is normaal belasten niet meer mogelijk, dan neemt {athlete} contact op met de "
        "fysiotherapeut.",
    ),
    Region.ANKLE: T(
        "After a few days it shows whether the pain goes down and walking on it is possible "
        "again; if so, the ankle can be loaded more. With fast swelling and bruising, {athlete} "
        "should contact the physiotherapist.",
        "Na een paar dagen blijkt of de pijn afneemt en er weer rustig op gelopen kan worden; "
        "gaat dat goed, dan mag de enkel meer belast worden. Bij snelle zwelling en een blauwe "
        "verkleuring neemt {athlete} contact op met de fysiotherapeut.",
    ),
    Region.SHIN: T(
        "If the pain has not gone down within 3 weeks, {athlete} should contact the "
        "physiotherapist.",
        "Is de pijn binnen 3 weken niet minder, dan neemt {athlete} contact op met de "
        "fysiotherapeut.",
    ),
    Region.CALF: T(
        "If the calf is still painful after 2 days and walking is not yet normal, {athlete} "
        "should contact the physiotherapist.",
        "Is de kuit na 2 dagen nog pijnlijk en is het lopen nog niet normaal, dan neemt "
        "{athlete} contact op met de fysiotherapeut.",
    ),
    Region.KNEE_FRONT: T(
        "After at most 2 weeks, training can resume with a calm build-up. If the pain rises "
        "without any change in training, {athlete} should contact the physiotherapist.",
        "Na maximaal 2 weken weer trainen en rustig opbouwen. Neemt de pijn toe zonder "
        "verandering in de training, dan neemt {athlete} contact op met de fysiotherapeut.",
    ),
    Region.KNEE_OUTSIDE: T(
        "If this does not work out independently, {athlete} should contact the physiotherapist.",
        "Lukt dit niet zelfstandig, dan neemt {athlete} contact op met de fysiotherapeut.",
    ),
    Region.HAMSTRING: T(
        "If the hamstring is still painful after 2 days and walking is not yet normal, "
        "{athlete} should contact the physiotherapist.",
        "Is de hamstring na 2 dagen nog pijnlijk en is het lopen nog niet normaal, dan neemt "
        "{athlete} contact op met de fysiotherapeut.",
    ),
    Region.GROIN: T(
        "After those weeks the tendon's load capacity is built up again with a targeted "
        "programme, for which {athlete} should contact the physiotherapist.",
        "Na die weken wordt de belastbaarheid van de pees weer opgebouwd met een gericht "
        "trainingsprogramma; daarvoor neemt {athlete} contact op met de fysiotherapeut.",
    ),
    Region.LOW_BACK: T(
        "If moving is not possible, {athlete} should contact the physiotherapist straight away "
        "for an appointment.",
        "Is bewegen niet meer mogelijk, dan neemt {athlete} direct contact op met de "
        "fysiotherapeut voor een afspraak.",
    ),
}

STAFF_FORMS: Final[dict[T, T]] = {
    **_LOAD,
    **_SYMPTOM,
    **_CARE,
    **{region.SELF_CARE[key]: text for key, text in _SELF_CARE.items()},
    **{region.NEXT_STEP[key]: text for key, text in _NEXT_STEP.items()},
    region.CONTACT: T(
        "{athlete} is advised to contact the physiotherapist.",
        "Advies aan {athlete}: contact opnemen met de fysiotherapeut.",
    ),
}
"""Each advice template (by its text) with its staff form."""


def staff_form(text: T) -> T | None:
    """The staff form of a template or a rendered text, or None when it has none."""
    return text.staff if text.staff is not None else STAFF_FORMS.get(text)
