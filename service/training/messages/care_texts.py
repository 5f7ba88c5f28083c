"""Texts of the red flags, the episode rules, acute muscle injuries and illness.

Wording follows the seed pages: a sudden snap in the calf or Achilles, or being unable to push off
or stand on the toes, means seeking help as soon as possible, then six weeks in a brace, three to
six months of rehabilitation and six to nine months (up to twelve) to full sport (TopFysio
Leeuwarden); corticosteroids, fluoroquinolones and long-term statins make tendons more vulnerable
(idem); a warm, red, swollen calf after a tear means the GP straight away, and a "zweepslag" needs
two days of rest, ice, compression and elevation (Dijkstra Fysiotherapie); doubt about a fracture
means the emergency department, and a back that cannot move means calling the physiotherapist
(idem); being "grieperig" lowers load tolerance (idem).
"""

from __future__ import annotations

from typing import Final

from service.training.findings import LocalizedText as T
from service.training.symptoms import Region

SNAP_IN: Final[dict[Region | None, T]] = {
    Region.ACHILLES: T(
        "a sudden snap in your Achilles tendon", "een plots knappend gevoel in je achillespees"
    ),
    Region.CALF: T("a sudden snap in your calf", "een plots knappend gevoel in je kuit"),
    None: T(
        "a sudden snap in your calf or Achilles",
        "een plots knappend gevoel in je kuit of achillespees",
    ),
}
PUSH_OFF = T(
    "that you cannot push off or stand on your toes",
    "dat je niet meer kunt afzetten of op je tenen kunt staan",
)
TORN: Final[dict[Region | None, T]] = {
    Region.ACHILLES: T("a torn Achilles tendon", "een scheur in de achillespees"),
    Region.CALF: T(
        "a torn Achilles tendon, or a tear in the calf muscle",
        "een scheur in de achillespees, of een scheur in de kuitspier",
    ),
    None: T("a torn Achilles tendon", "een scheur in de achillespees"),
}
RUPTURE = T(
    "On {day_date} you reported {reported}. This can be a sign of {torn}. Stop running and seek "
    "help as soon as possible: contact your GP or an emergency department.",
    "Je meldde op {day_date} {reported}. Dit kan wijzen op {torn}. Stop met lopen en zoek zo "
    "snel mogelijk hulp: neem contact op met je huisarts of de spoedeisende hulp.",
)
THROMBOSIS = T(
    "On {day_date} you reported a calf that feels warm, is red and is swollen. After a calf "
    "muscle tear this can be a sign of thrombosis. Go to your GP straight away, and do not run "
    "until then.",
    "Je meldde op {day_date} een kuit die warm aanvoelt en rood en gezwollen is. Na een "
    "zweepslag kan dit wijzen op trombose. Ga direct naar de huisarts, en loop tot die tijd niet.",
)
FRACTURE = T(
    "On {day_date} you reported that you cannot bear weight on your leg because of "
    "{region_pain}. A fracture is possible: if no doctor has looked at it yet, go to the "
    "emergency department of a hospital as soon as you can, and do not load the leg until then.",
    "Je meldde op {day_date} dat je niet op je been kunt steunen vanwege {region_pain}. Een "
    "botbreuk is mogelijk: heeft nog geen arts ernaar gekeken, ga dan zo snel mogelijk naar de "
    "spoedeisende hulp van een ziekenhuis, en belast het been tot die tijd niet.",
)
FRACTURE_NO_REGION = T(
    "On {day_date} you reported that you cannot bear weight on your leg. A fracture is "
    "possible: if no doctor has looked at it yet, go to the emergency department of a hospital "
    "as soon as you can, and do not load the leg until then.",
    "Je meldde op {day_date} dat je niet op je been kunt steunen. Een botbreuk is mogelijk: "
    "heeft nog geen arts ernaar gekeken, ga dan zo snel mogelijk naar de spoedeisende hulp van "
    "een ziekenhuis, en belast het been tot die tijd niet.",
)
CALL_PHYSIO = T(
    "On {day_date} you reported that your lower back blocks you from moving. If you have not "
    "yet, call your physiotherapist for an appointment as soon as you can.",
    "Je meldde op {day_date} dat je door je onderrug niet meer kunt bewegen. Heb je nog geen "
    "afspraak, bel dan zo snel mogelijk je fysiotherapeut.",
)

MUSCLE_SNAP = T(
    "On {day_date} you reported a sudden snap in {region}.",
    "Je meldde op {day_date} een plots knappend gevoel in {region}.",
)
MUSCLE_SUDDEN = T(
    "Your {region_pain} came on suddenly on {day_date}, at {start_pain}/10.",
    "Je {region_pain} kwam op {day_date} plotseling op, met {start_pain}/10.",
)
MUSCLE_TEAR = T(
    "That can be a muscle tear (a 'zweepslag'): stop running on it.",
    "Dat kan een spierscheur zijn (een zweepslag): stop met lopen.",
)

RUPTURE_RUN = T(
    "You recorded a run on {day_date}, day {days_since_days} after you reported a possible "
    "rupture in {region} on {report_date}. Running within {brace_weeks} weeks of a suspected "
    "rupture: contact your physiotherapist before you run again. In the first six weeks the "
    "tendon heals in a brace or walking boot; follow its schedule exactly.",
    "Je registreerde op {day_date} een loop, op dag {days_since_days} nadat je op {report_date} "
    "een mogelijke scheur in {region} meldde. Hardlopen binnen {brace_weeks} weken na een "
    "vermoedelijke scheur: neem contact op met je fysiotherapeut voordat je weer loopt. In de "
    "eerste zes weken herstelt de pees in een brace of looplaars; volg het schema daarvan "
    "nauwkeurig.",
)
RUPTURE_TIMELINE = T(
    "On {day_date}, {brace_weeks} weeks have passed since you reported a possible rupture in "
    "{region} ({report_date}). After the brace phase of about six weeks, active rehabilitation "
    "with your physiotherapist starts; rehabilitation takes 3 to 6 months, and a full return to "
    "sport and heavy loading 6 to 9 months, in some cases up to 12. Build up only together with "
    "your physiotherapist.",
    "Op {day_date} is het {brace_weeks} weken geleden dat je een mogelijke scheur in {region} "
    "meldde ({report_date}). Na de bracefase van ongeveer zes weken begint de actieve "
    "revalidatie met je fysiotherapeut; die duurt 3 tot 6 maanden, en volledig terugkeren naar "
    "sport en zware belasting 6 tot 9 maanden, soms tot 12. Bouw alleen op samen met je "
    "fysiotherapeut.",
)

MEDICINES: Final[dict[str, T]] = {
    "corticosteroid": T("corticosteroids", "corticosteroïden"),
    "fluoroquinolone": T("a fluoroquinolone antibiotic", "een fluoroquinolon (antibioticum)"),
    "statin": T("a statin", "een statine"),
}
RUPTURE_RISK = T(
    "Your Achilles problem started on {day_date} while you use {medicines}. Corticosteroids, "
    "fluoroquinolone antibiotics and long-term use of statins can make tendons more vulnerable "
    "and raise the risk of an Achilles rupture. Tell your doctor and your physiotherapist.",
    "Je achillespeesklachten begonnen op {day_date} terwijl je {medicines} gebruikt. "
    "Corticosteroïden, fluoroquinolonen (antibiotica) en langdurig gebruik van statines kunnen "
    "pezen kwetsbaarder maken en de kans op een achillespeesruptuur vergroten. Vertel het je "
    "arts en je fysiotherapeut.",
)

ILLNESS = T(
    "On {day_date} you reported feeling ill (flu-like). Your load tolerance is lower when you "
    "are ill: rest or train easy, and build up again gently once you feel better. With a fever, "
    "do not train at all.",
    "Je gaf op {day_date} aan dat je je ziek voelt (grieperig). Als je ziek bent, kun je minder "
    "belasting aan: rust of train rustig, en bouw voorzichtig weer op als je je beter voelt. "
    "Bij koorts sport je niet.",
)

JOIN_AND = T("{first} and {second}", "{first} en {second}")
