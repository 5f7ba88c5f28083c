"""Texts of the pain, questionnaire and referral rules.

Referral wording follows the Dutch physiotherapy material in ``shared/seeds``: contact a physio
when Achilles pain does not fall within two weeks or rises as soon as training resumes; rest heel
and shin complaints at most three weeks and the knee at most two. Dates are written out (``on 3
March``) rather than "today" or "this morning": a finding is read on later days too. The region's
self-care line (:mod:`.region_texts`) is added by the rule.
"""

from __future__ import annotations

from service.training.findings import LocalizedText as T

PAIN_DURING = T(
    "Your {region_pain} reached {rated_pain}/10 during the run on {day_date}, above the limit of "
    "{ceiling_pain}/10.",
    "Je {region_pain} was {rated_pain}/10 tijdens het lopen op {day_date}, boven de grens van "
    "{ceiling_pain}/10.",
)
PAIN_AFTER = T(
    "Your {region_pain} reached {rated_pain}/10 after the run on {day_date}, above the limit of "
    "{ceiling_pain}/10.",
    "Je {region_pain} was {rated_pain}/10 na het lopen op {day_date}, boven de grens van "
    "{ceiling_pain}/10.",
)
PAIN_RUN_ACTION = T(
    "Make your next session shorter or easier, and tell your physiotherapist if it happens again.",
    "Maak je volgende training korter of lichter, en meld het je fysiotherapeut als het weer "
    "gebeurt.",
)
PAIN_SUDDEN_ACTION = T(
    "The pain came on suddenly, which can mean an injury rather than overload: do not run on "
    "it for now.",
    "De pijn kwam plotseling op; dat kan op een blessure wijzen in plaats van overbelasting: "
    "loop er voorlopig niet op.",
)

MORNING_PAIN = T(
    "On the morning of {day_date} your {region_pain} was {morning_pain}/10, above your usual "
    "{baseline_pain}/10 (the median of your last {recorded_mornings} mornings).",
    "Op de ochtend van {day_date} was je {region_pain} {morning_pain}/10, hoger dan je "
    "gebruikelijke {baseline_pain}/10 (de mediaan van je laatste {recorded_mornings} "
    "ochtenden).",
)
MORNING_STIFFNESS = T(
    "On the morning of {day_date} {region} was stiff for {stiffness_min} minutes, longer than "
    "your usual {baseline_min} minutes (the median of your last {recorded_mornings} mornings).",
    "Op de ochtend van {day_date} was {region} {stiffness_min} minuten stijf, langer dan je "
    "gebruikelijke {baseline_min} minuten (de mediaan van je laatste {recorded_mornings} "
    "ochtenden).",
)
MORNING_CAUTION_ACTION = T(
    "It rose the morning after a run: repeat or shorten your next run rather than building up.",
    "Dat gebeurde de ochtend na een loop: herhaal of verkort je volgende loop in plaats van op te "
    "bouwen.",
)
MORNING_WARNING_ACTION = T(
    "This is the second morning in a row above your usual level. Train less for now, for "
    "example by replacing a run with cycling or swimming, and do not build up until your "
    "mornings are back to normal.",
    "Dit is de tweede ochtend op rij boven je gebruikelijke niveau. Train voorlopig minder, "
    "bijvoorbeeld door een loop te vervangen door fietsen of zwemmen, en bouw niet verder op tot "
    "je ochtenden weer normaal zijn.",
)

WEEKLY_TREND = T(
    "Your {region_pain} in the week of {week_date} was {this_week_pain}/10, up from "
    "{last_week_pain}/10 the week before.",
    "Je {region_pain} was in de week van {week_date} {this_week_pain}/10, tegenover "
    "{last_week_pain}/10 de week ervoor.",
)
WEEKLY_CREEP = T(
    "Your {region_pain} has risen every week: {two_weeks_before_pain}/10, then "
    "{last_week_pain}/10, then {this_week_pain}/10 in the week of {week_date}.",
    "Je {region_pain} is elke week gestegen: {two_weeks_before_pain}/10, daarna "
    "{last_week_pain}/10, daarna {this_week_pain}/10 in de week van {week_date}.",
)
WEEKLY_THREE_WEEKS = T(
    "Your {region_pain} in the week of {week_date} was {this_week_pain}/10, up from "
    "{three_weeks_before_pain}/10 three weeks earlier.",
    "Je {region_pain} was in de week van {week_date} {this_week_pain}/10, tegenover "
    "{three_weeks_before_pain}/10 drie weken eerder.",
)
WEEKLY_CAUTION_ACTION = T(
    "Pain should not rise from week to week: do not build up for now, and watch how the pain "
    "responds.",
    "Pijn hoort niet van week tot week toe te nemen: bouw voorlopig niet verder op, en let op "
    "hoe de pijn reageert.",
)
WEEKLY_WARNING_ACTION = T(
    "Pain should not rise from week to week: train less in the coming week, for example by "
    "replacing a run with cycling or swimming, and contact your physiotherapist if it keeps "
    "rising.",
    "Pijn hoort niet van week tot week toe te nemen: train de komende week minder, bijvoorbeeld "
    "door een loop te vervangen door fietsen of zwemmen, en neem contact op met je "
    "fysiotherapeut als de pijn blijft stijgen.",
)

ACHILLES_NOT_FALLING = T(
    "Your Achilles problem began on {start_date}. Your pain was {start_pain}/10 when you first "
    "reported it and {latest_pain}/10 on {day_date}, {onset_days} days after it began: it has not "
    "gone down within {limit_days} days. Contact your physiotherapist.",
    "Je achillespeesklacht begon op {start_date}. Je pijn was {start_pain}/10 toen je die voor "
    "het eerst meldde en {latest_pain}/10 op {day_date}, {onset_days} dagen nadat de klacht "
    "begon: de pijn is niet minder geworden binnen {limit_days} dagen. Neem contact op met je "
    "fysiotherapeut.",
)
ACHILLES_ROSE_ON_RESUMING = T(
    "Your Achilles pain rose from {before_pain}/10 to {latest_pain}/10 within {window_days} days "
    "of running again after {pause_days} days without running. When pain rises as soon as "
    "training resumes, contact your physiotherapist; until then replace running with pain-free "
    "cycling or swimming.",
    "Je pijn aan de achillespees steeg van {before_pain}/10 naar {latest_pain}/10 binnen "
    "{window_days} dagen nadat je na {pause_days} dagen weer bent gaan lopen. Neemt de pijn "
    "direct toe bij het hervatten van de training, neem dan contact op met je fysiotherapeut; "
    "vervang tot die tijd het lopen door pijnvrij fietsen of zwemmen.",
)

REST_TOO_LONG = T(
    "By {day_date} you had not run for {rest_days} days because of {region_pain}, and the pain "
    "({latest_pain}/10) is not lower than when you stopped ({start_pain}/10). The advice is to "
    "rest at most {limit_days} days: contact your physiotherapist rather than resting longer.",
    "Op {day_date} liep je al {rest_days} dagen niet vanwege {region_pain}, en de pijn "
    "({latest_pain}/10) is niet lager dan toen je stopte ({start_pain}/10). Het advies is "
    "maximaal {limit_days} dagen rust: neem contact op met je fysiotherapeut in plaats van "
    "langer te rusten.",
)

NOT_IMPROVING = T(
    "By {day_date}, {elapsed_days} days after this problem began ({opened_date}), your "
    "{region_pain} has not gone down: {start_pain}/10 on {start_date}, {latest_pain}/10 on "
    "{latest_date}. Pain that has not improved after {timer_days} days calls for a "
    "physiotherapist's assessment.",
    "Op {day_date}, {elapsed_days} dagen nadat deze klacht begon ({opened_date}), is je "
    "{region_pain} niet minder geworden: {start_pain}/10 op {start_date}, {latest_pain}/10 op "
    "{latest_date}. Pijn die na {timer_days} dagen niet verbeterd is, vraagt om beoordeling door "
    "een fysiotherapeut.",
)
KNEE_RISING = T(
    "Your {region_pain} rose in each of the last two weeks ({two_weeks_before_pain}/10, then "
    "{last_week_pain}/10, then {this_week_pain}/10 in the week of {week_date}) while your "
    "running did not increase ({week_km} km in the 7 days up to {day_date}, {earlier_week_km} "
    "km two weeks before). When complaints increase although you did nothing different in "
    "training, contact your physiotherapist.",
    "Je {region_pain} nam in elk van de laatste twee weken toe ({two_weeks_before_pain}/10, "
    "daarna {last_week_pain}/10, daarna {this_week_pain}/10 in de week van {week_date}) terwijl "
    "je niet meer bent gaan lopen ({week_km} km in de 7 dagen tot en met {day_date}, "
    "{earlier_week_km} km twee weken eerder). Nemen je klachten toe terwijl je in je training "
    "niets anders deed, neem dan contact op met je fysiotherapeut.",
)

OSTRC_SUBSTANTIAL = T(
    "Your weekly questionnaire (OSTRC) for {region} on {day_date} scores {severity_score}/100 "
    "and shows a substantial problem: {reason}. Keep your training to what {region} tolerates, "
    "and let your coach or physiotherapist know.",
    "Je wekelijkse vragenlijst (OSTRC) voor {region} van {day_date} scoort {severity_score}/100 "
    "en wijst op een aanzienlijk probleem: {reason}. Beperk je training tot wat {region} "
    "verdraagt, en laat het je trainer of fysiotherapeut weten.",
)
OSTRC_REASON_NO_TRAINING = T("you could not train", "je kon niet trainen")
OSTRC_REASON_MODIFIED = T(
    "you had to change your training moderately or more",
    "je moest je training matig of sterk aanpassen",
)
OSTRC_REASON_PERFORMANCE = T(
    "your performance suffered moderately or more",
    "je prestaties leden er matig of sterk onder",
)
OSTRC_REFERRAL = T(
    "Your weekly questionnaire (OSTRC) has shown a substantial problem with {region} for "
    "{streak_weeks} weeks in a row (latest {severity_score}/100, on {day_date}). Contact your "
    "physiotherapist for an assessment.",
    "Je wekelijkse vragenlijst (OSTRC) wijst al {streak_weeks} weken op rij op een aanzienlijk "
    "probleem met {region} (laatst {severity_score}/100, op {day_date}). Neem contact op met je "
    "fysiotherapeut voor onderzoek.",
)
OSTRC_RISING = T(
    "Your weekly questionnaire (OSTRC) for {region} has scored higher every week, "
    "{rising_sets} questionnaires in a row: {scores}, the latest on {day_date} (0 = no problem, "
    "100 = could not train at all). Contact your physiotherapist for an assessment.",
    "Je wekelijkse vragenlijst (OSTRC) voor {region} scoort al {rising_sets} vragenlijsten op "
    "rij elke week hoger: {scores}, de laatste op {day_date} (0 = geen probleem, 100 = helemaal "
    "niet kunnen trainen). Neem contact op met je fysiotherapeut voor onderzoek.",
)

VISA_A_FELL = T(
    "Your VISA-A score is {visa_a_score}/100, {change_points} points below your best of "
    "{best_score}/100. A fall of {mcid} points or more is a real change for the worse: reduce "
    "your running and discuss it with your physiotherapist.",
    "Je VISA-A-score is {visa_a_score}/100, {change_points} punten onder je beste score van "
    "{best_score}/100. Een daling van {mcid} punten of meer is een echte verslechtering: loop "
    "minder en bespreek het met je fysiotherapeut.",
)
VISA_A_ROSE = T(
    "Good news: your VISA-A score is {visa_a_score}/100, {change_points} points above your best "
    "earlier score of {best_score}/100. Keep building up as gradually as you have been.",
    "Goed nieuws: je VISA-A-score is {visa_a_score}/100, {change_points} punten boven je beste "
    "eerdere score van {best_score}/100. Blijf net zo geleidelijk opbouwen als je deed.",
)
VISA_A_ROSE_HOLD = T(
    "Good news: your VISA-A score is {visa_a_score}/100, {change_points} points above your best "
    "earlier score of {best_score}/100. Keep going as you are, without building up further yet.",
    "Goed nieuws: je VISA-A-score is {visa_a_score}/100, {change_points} punten boven je beste "
    "eerdere score van {best_score}/100. Ga zo door zoals je nu doet, zonder al verder op te "
    "bouwen.",
)
