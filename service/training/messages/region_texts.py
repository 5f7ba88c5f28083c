"""Each region's self-care line and next step, as the seed pages give them (DOMAIN §1.6.3).

Quoted in substance from the Dutch physiotherapy material (Dijkstra Fysiotherapie's booklet of
running injuries, with the Achilles and rupture pages of Optimaal Sporten and TopFysio
Leeuwarden): the first-days care each page names under "uw eigen rol", and the moment it says to
contact the physiotherapist. Every finding about a region carries its self-care line; a finding
that does not itself refer carries the region's next step as well.
"""

from __future__ import annotations

from typing import Final

from service.training.findings import LocalizedText as T
from service.training.symptoms import Region

SELF_CARE: Final[dict[Region, T]] = {
    Region.ACHILLES: T(
        "For Achilles pain: reduce the intensity of your running at once, or stop. Complete rest "
        "weakens the tendon further, so keep moving without pain at a low intensity, for example "
        "easy cycling or swimming, and train for less time than you are used to.",
        "Bij pijn aan de achillespees: verminder direct de intensiteit van je looptraining, of "
        "stop ermee. Volledige rust verzwakt de pees verder, dus blijf pijnvrij bewegen op een "
        "lage intensiteit, bijvoorbeeld rustig fietsen of zwemmen, en train korter dan je gewend "
        "bent.",
    ),
    Region.HEEL_FOOT: T(
        "For pain under the heel or foot: ice it locally the first days. Run for less time, "
        "slower and with shorter steps, preferably on soft ground such as a forest path; avoid "
        "fast movements like jumping and sprinting. Moving without loading the foot is good: "
        "cycling is fine.",
        "Bij pijn onder de hiel of voet: koel de eerste dagen plaatselijk met ijs. Loop minder "
        "lang achter elkaar, langzamer en met kleinere stappen, liefst op een zachte ondergrond "
        "zoals een bospad; vermijd snelle bewegingen zoals springen en sprinten. Bewegen zonder "
        "de voet te belasten is goed: fietsen mag.",
    ),
    Region.ANKLE: T(
        "For an ankle injury: cool it with ice wrapped in a (tea) towel, never straight on the "
        "skin, for at most 20 minutes; do not load the leg; raise it when you sit; no heat or "
        "massage.",
        "Bij een enkelblessure: koel met ijs in een (hand)doek, nooit rechtstreeks op de huid, "
        "maximaal 20 minuten; belast het been niet; leg het omhoog als je zit; geen warmte of "
        "massage.",
    ),
    Region.SHIN: T(
        "For shin pain: avoid loading that brings on the pain, for at most 3 weeks; moving "
        "without load is good, so cycling is fine. Cool the sore spot with ice 3 to 4 times a "
        "day for 10 to 15 minutes. Start again with short stretches of running only once you "
        "can walk without pain.",
        "Bij pijn aan het scheenbeen: vermijd maximaal 3 weken belasting die pijn uitlokt; "
        "bewegen zonder belasting is goed, dus fietsen mag. Koel de pijnlijke plek 3 tot 4 keer "
        "per dag 10 tot 15 minuten met ijs. Begin pas weer met korte stukjes hardlopen als je "
        "pijnvrij kunt wandelen.",
    ),
    Region.CALF: T(
        "For a calf injury, the first 2 days: rest the leg, but keep moving the foot up and "
        "down without pain; cool it with ice or cold water; compress it with a bandage or tape; "
        "raise the leg as often as you can. No massage or heat in those first 2 days.",
        "Bij een kuitblessure, de eerste 2 dagen: geef het been rust, maar beweeg de voet wel "
        "pijnvrij op en neer; koel met ijs of koud water; geef tegendruk met een zwachtel of "
        "tape; leg het been zo vaak mogelijk hoog. Geen massage of warmte in die eerste 2 dagen.",
    ),
    Region.KNEE_FRONT: T(
        "For pain at the front of the knee: give the knee some rest by lowering the intensity "
        "or pausing training, for at most 2 weeks, and meanwhile move a lot without load or "
        "pain.",
        "Bij pijn aan de voorkant van de knie: geef de knie wat rust door de intensiteit te "
        "verlagen of tijdelijk niet te trainen, maximaal 2 weken, en beweeg intussen veel zonder "
        "belasting en pijn.",
    ),
    Region.KNEE_OUTSIDE: T(
        "For pain on the outside of the knee: swap running for cycling or another activity that "
        "does not bring on the pain. Once ordinary walking is pain-free, build up again: walk, "
        "then jog, then run.",
        "Bij pijn aan de buitenkant van de knie: vervang hardlopen door fietsen of een andere "
        "activiteit waarbij de pijn niet optreedt. Als gewoon wandelen pijnvrij is, bouw je weer "
        "op: wandelen, dan joggen, dan hardlopen.",
    ),
    Region.HAMSTRING: T(
        "For a hamstring injury, the first 2 days: rest the leg, but keep moving without pain; "
        "cool it with ice or cold water; compress it with a bandage or tape; raise the leg as "
        "often as you can. No massage or heat in those first 2 days.",
        "Bij een blessure aan de hamstring, de eerste 2 dagen: geef het been rust, maar blijf "
        "pijnvrij bewegen; koel met ijs of koud water; geef tegendruk met een zwachtel of tape; "
        "leg het been zo vaak mogelijk hoog. Geen massage of warmte in die eerste 2 dagen.",
    ),
    Region.GROIN: T(
        "For groin pain: take 1 to 3 weeks of relative rest. Keep moving a lot in those weeks, "
        "but without pain while you load; cycling is a good way to train.",
        "Bij pijn in de lies: neem 1 tot 3 weken relatieve rust. Blijf in die weken veel "
        "bewegen, maar zonder pijn tijdens het belasten; fietsen is een goede manier om te "
        "trainen.",
    ),
    Region.LOW_BACK: T(
        "For lower-back pain: keep moving and adapt your activities; do not force anything, but "
        "get moving again soon. If you cannot move at all, take at most 2 days of bed rest.",
        "Bij pijn in de onderrug: blijf in beweging en pas je activiteiten aan; forceer niets, "
        "maar kom snel weer in beweging. Kun je helemaal niet meer bewegen, neem dan maximaal "
        "2 dagen bedrust.",
    ),
}

NEXT_STEP: Final[dict[Region, T]] = {
    Region.ACHILLES: T(
        "If the pain does not go down within 2 weeks, or rises as soon as you train again, "
        "contact your physiotherapist.",
        "Wordt de pijn niet minder binnen 2 weken, of neemt hij direct toe als je weer traint, "
        "neem dan contact op met je fysiotherapeut.",
    ),
    Region.HEEL_FOOT: T(
        "If normal loading is no longer possible, contact your physiotherapist.",
        "Is normaal belasten niet meer mogelijk, neem dan contact op met je fysiotherapeut.",
    ),
    Region.ANKLE: T(
        "After a few days you can tell whether the pain goes down and you can walk on it again; "
        "if so, load it more. With fast swelling and bruising, contact your physiotherapist.",
        "Na een paar dagen merk je of de pijn afneemt en je er weer rustig op kunt lopen; gaat "
        "dat goed, belast de enkel dan meer. Bij snelle zwelling en een blauwe verkleuring: neem "
        "contact op met je fysiotherapeut.",
    ),
    Region.SHIN: T(
        "If the pain has not gone down within 3 weeks, contact your physiotherapist.",
        "Is de pijn binnen 3 weken niet minder, neem dan contact op met je fysiotherapeut.",
    ),
    Region.CALF: T(
        "If the calf is still painful after 2 days and you do not walk normally, contact your "
        "physiotherapist.",
        "Is de kuit na 2 dagen nog pijnlijk en loop je niet normaal, neem dan contact op met je "
        "fysiotherapeut.",
    ),
    Region.KNEE_FRONT: T(
        "After at most 2 weeks, try to train again and build up calmly. If the pain rises "
        "although you did nothing different in training, contact your physiotherapist.",
        "Probeer na maximaal 2 weken weer te trainen en bouw rustig op. Neemt de pijn toe "
        "terwijl je in je training niets anders deed, neem dan contact op met je "
        "fysiotherapeut.",
    ),
    Region.KNEE_OUTSIDE: T(
        "If this does not work on your own, contact your physiotherapist.",
        "Lukt dit niet zelfstandig, neem dan contact op met je fysiotherapeut.",
    ),
    Region.HAMSTRING: T(
        "If the hamstring is still painful after 2 days and you do not walk normally, contact "
        "your physiotherapist.",
        "Is de hamstring na 2 dagen nog pijnlijk en loop je niet normaal, neem dan contact op "
        "met je fysiotherapeut.",
    ),
    Region.GROIN: T(
        "After those weeks the tendon's load capacity is built up again with a targeted "
        "programme: contact your physiotherapist for one.",
        "Na die weken wordt de belastbaarheid van de pees weer opgebouwd met een gericht "
        "trainingsprogramma: neem daarvoor contact op met je fysiotherapeut.",
    ),
    Region.LOW_BACK: T(
        "If you cannot move, contact your physiotherapist straight away for an appointment.",
        "Kun je niet meer bewegen, neem dan direct contact op met je fysiotherapeut voor een "
        "afspraak.",
    ),
}

CONTACT = T("Contact your physiotherapist.", "Neem contact op met je fysiotherapeut.")
"""The referral rules' next step, word for word (DOMAIN §1.6.3)."""
