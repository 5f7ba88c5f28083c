"""Texts of the symptom, questionnaire, referral and red-flag rules.

Referral and red-flag wording follows the Dutch physiotherapy material in ``shared/seeds``: contact
a physio when Achilles pain does not fall within two weeks or rises as soon as training resumes;
rest heel and shin complaints at most three weeks and the knee at most two; a sudden snap in the
calf or being unable to push off is a reason to seek help as soon as possible; a warm, red, swollen
calf after a calf tear means going to the GP straight away.
"""

from __future__ import annotations

from service.training.findings import LocalizedText as T

PAIN_DURING = T(
    "Your {region_pain} reached {rated_pain}/10 during the run, above the limit of "
    "{ceiling_pain}/10.",
    "Je {region_pain} was {rated_pain}/10 tijdens het lopen, boven de grens van {ceiling_pain}/10.",
)
PAIN_AFTER = T(
    "Your {region_pain} reached {rated_pain}/10 after the run, above the limit of "
    "{ceiling_pain}/10.",
    "Je {region_pain} was {rated_pain}/10 na het lopen, boven de grens van {ceiling_pain}/10.",
)
PAIN_RUN_ACTION = T(
    "Make your next session shorter or easier, and tell your physio if it happens again.",
    "Maak je volgende training korter of lichter, en meld het je fysiotherapeut als het weer "
    "gebeurt.",
)

MORNING_PAIN = T(
    "This morning your {region_pain} was {morning_pain}/10, above your usual {baseline_pain}/10 "
    "(median of your last {recorded_mornings} recorded mornings).",
    "Vanochtend was je {region_pain} {morning_pain}/10, hoger dan je gebruikelijke "
    "{baseline_pain}/10 (mediaan van je laatste {recorded_mornings} ochtenden).",
)
MORNING_STIFFNESS = T(
    "This morning {region} was stiff for {stiffness_min} minutes, longer than your usual "
    "{baseline_min} minutes (median of your last {recorded_mornings} recorded mornings).",
    "Vanochtend was {region} {stiffness_min} minuten stijf, langer dan je gebruikelijke "
    "{baseline_min} minuten (mediaan van je laatste {recorded_mornings} ochtenden).",
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
    "Your average {region_pain} this week is {this_week_pain}/10, up from {last_week_pain}/10 "
    "last week. Pain should not rise from week to week: train less this week, and contact your "
    "physio if it keeps rising.",
    "Je gemiddelde {region_pain} is deze week {this_week_pain}/10, tegen {last_week_pain}/10 "
    "vorige week. Pijn hoort niet van week tot week toe te nemen: train deze week minder, en "
    "neem contact op met je fysiotherapeut als de pijn blijft stijgen.",
)

ACHILLES_NOT_FALLING = T(
    "Your Achilles pain started {onset_days} days ago at {start_pain}/10 and is now "
    "{latest_pain}/10: it has not gone down within {limit_days} days. Contact your "
    "physiotherapist. Meanwhile keep moving without pain, for example easy cycling or swimming.",
    "Je pijn aan de achillespees begon {onset_days} dagen geleden met {start_pain}/10 en is nu "
    "{latest_pain}/10: de pijn is niet minder geworden binnen {limit_days} dagen. Neem contact op "
    "met je fysiotherapeut. Blijf intussen pijnvrij bewegen, bijvoorbeeld rustig fietsen of "
    "zwemmen.",
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
    "You have not run for {rest_days} days because of {region_pain}, and the pain "
    "({latest_pain}/10) is not lower than when you stopped ({start_pain}/10). The advice is to "
    "rest at most {limit_days} days: contact your physiotherapist rather than resting longer.",
    "Je loopt al {rest_days} dagen niet vanwege {region_pain}, en de pijn ({latest_pain}/10) is "
    "niet lager dan toen je stopte ({start_pain}/10). Het advies is maximaal {limit_days} dagen "
    "rust: neem contact op met je fysiotherapeut in plaats van langer te rusten.",
)

OSTRC_SUBSTANTIAL = T(
    "Your weekly questionnaire (OSTRC) for {region} scores {severity_score}/100 and shows a "
    "substantial problem: {reason}. Keep your training to what {region} tolerates, and let your "
    "coach or physio know.",
    "Je wekelijkse vragenlijst (OSTRC) voor {region} scoort {severity_score}/100 en wijst op een "
    "aanzienlijk probleem: {reason}. Beperk je training tot wat {region} verdraagt, en laat het "
    "je coach of fysiotherapeut weten.",
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
    "{streak_weeks} weeks in a row (this week {severity_score}/100). Contact your "
    "physiotherapist for an assessment.",
    "Je wekelijkse vragenlijst (OSTRC) wijst al {streak_weeks} weken op rij op een aanzienlijk "
    "probleem met {region} (deze week {severity_score}/100). Neem contact op met je "
    "fysiotherapeut voor onderzoek.",
)

VISA_A_FELL = T(
    "Your VISA-A score is {visa_a_score}, {change_points} points below your best of "
    "{best_score}. A fall of {mcid} points or more is a real change for the worse: reduce "
    "your running and discuss it with your physiotherapist.",
    "Je VISA-A-score is {visa_a_score}, {change_points} punten onder je beste score van "
    "{best_score}. Een daling van {mcid} punten of meer is een echte verslechtering: loop "
    "minder en bespreek het met je fysiotherapeut.",
)
VISA_A_ROSE = T(
    "Good news: your VISA-A score is {visa_a_score}, {change_points} points above your best "
    "earlier score of {best_score}. Keep building up as gradually as you have been.",
    "Goed nieuws: je VISA-A-score is {visa_a_score}, {change_points} punten boven je beste "
    "eerdere score van {best_score}. Blijf net zo geleidelijk opbouwen als je deed.",
)

RUPTURE_SNAP = T(
    "a sudden snap in your calf or Achilles", "een plots knappend gevoel in je kuit of achillespees"
)
RUPTURE_PUSH_OFF = T(
    "that you cannot push off or stand on your toes",
    "dat je niet meer kunt afzetten of op je tenen kunt staan",
)
RUPTURE = T(
    "You reported {reported}. This can be a sign of a torn Achilles tendon. Stop running and seek "
    "help as soon as possible: contact your GP or an emergency department today.",
    "Je meldde {reported}. Dit kan wijzen op een scheur in de achillespees. Stop met lopen en "
    "zoek zo snel mogelijk hulp: neem vandaag nog contact op met je huisarts of de spoedeisende "
    "hulp.",
)
THROMBOSIS = T(
    "You reported a calf that feels warm, is red and is swollen. After a calf muscle tear this "
    "can be a sign of thrombosis. Go to your GP straight away, today, and do not run until then.",
    "Je meldde een kuit die warm aanvoelt en rood en gezwollen is. Na een zweepslag kan dit "
    "wijzen op trombose. Ga direct naar de huisarts, vandaag nog, en loop tot die tijd niet.",
)
JOIN_AND = T("{first} and {second}", "{first} en {second}")
