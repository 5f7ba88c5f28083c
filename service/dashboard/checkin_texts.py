"""What the check-in forms ask, in the questionnaires' own words (translated where shown).

OSTRC-O2: Clarsen et al. 2013 and the O2 update of 2020 (four questions per body area about the
past seven days, answers scored 0, 8, 17 and 25). VISA-A: Robinson et al. 2001 (eight questions,
0–100, 100 = no symptoms). Red flags: the Dutch physiotherapy material (DOMAIN §1.3, §7.5).
"""

from __future__ import annotations

from typing import Final

from service.dashboard.i18n import N_

KINDS: Final = {
    "weekly": N_("Weekly check-in"),
    "daily": N_("Morning check-in"),
    "post_run": N_("After a run"),
    "red_flag": N_("Red flags"),
}
ROW_KINDS: Final = {**KINDS, "illness": N_("Feeling ill")}
"""Every kind a stored check-in can have, for the list of recent ones (feeling ill is a box on
the morning form, not a form of its own)."""
KIND_HINTS: Final = {
    "weekly": N_("Once a week, for each body region with a problem: pain and the OSTRC questions."),
    "daily": N_("In the morning, while a tendon troubles you: pain and stiffness on getting up."),
    "post_run": N_("Pain during and after a run, for each region that hurt."),
    "red_flag": N_("Signs that need care now, not a change in training."),
}

ANSWERS: Final = {
    "morning_pain": N_("Pain on getting up"),
    "morning_stiffness_min": N_("Stiffness on getting up, minutes"),
    "pain_during": N_("Pain during the run"),
    "pain_after": N_("Pain after the run"),
    "pain_week": N_("Pain this week"),
}
PAIN_HINT: Final = N_("0 = no pain, 10 = the worst pain imaginable")

OSTRC_QUESTIONS: Final = (
    N_(
        "Have you had any difficulties taking part in training and competition because of "
        "problems in your %(region)s during the past 7 days?"
    ),
    N_(
        "To what extent have you changed your training or competition because of problems in "
        "your %(region)s during the past 7 days?"
    ),
    N_(
        "To what extent have problems in your %(region)s affected your performance during the "
        "past 7 days?"
    ),
    N_("To what extent have you had pain in your %(region)s during the past 7 days?"),
)
OSTRC_ANSWERS: Final = (
    (
        (0, N_("Full participation without problems")),
        (8, N_("Full participation, but with problems")),
        (17, N_("Reduced participation because of problems")),
        (25, N_("Could not participate because of problems")),
    ),
    (
        (0, N_("No change")),
        (8, N_("To a minor extent")),
        (17, N_("To a moderate extent")),
        (25, N_("To a major extent")),
    ),
    (
        (0, N_("No effect")),
        (8, N_("To a minor extent")),
        (17, N_("To a moderate extent")),
        (25, N_("To a major extent")),
    ),
    (
        (0, N_("No pain")),
        (8, N_("Mild pain")),
        (17, N_("Moderate pain")),
        (25, N_("Severe pain")),
    ),
)
OSTRC_SKIP_NOTE: Final = N_(
    "With full participation without problems the other questions are skipped; if you could "
    "not participate, questions 2 and 3 are skipped and count as major."
)

VISA_SCALES: Final = (
    (
        N_("For how many minutes are you stiff in the Achilles region on first getting up?"),
        N_("0 = 100 minutes or more, 10 = no stiffness"),
    ),
    (
        N_(
            "Once warmed up for the day, do you have pain when you stretch the Achilles tendon "
            "fully over the edge of a step, knee straight?"
        ),
        N_("0 = strong, severe pain, 10 = no pain"),
    ),
    (
        N_(
            "After walking on flat ground for 30 minutes, do you have pain within the next "
            "2 hours? (Cannot walk 30 minutes because of pain: 0.)"
        ),
        N_("0 = strong, severe pain, 10 = no pain"),
    ),
    (
        N_("Do you have pain walking downstairs at a normal pace?"),
        N_("0 = strong, severe pain, 10 = no pain"),
    ),
    (
        N_("Do you have pain during or right after 10 single-leg heel raises from a flat floor?"),
        N_("0 = strong, severe pain, 10 = no pain"),
    ),
    (
        N_("How many single-leg hops can you do without pain?"),
        N_("0 = none, 10 = ten or more"),
    ),
)
VISA_Q7: Final = N_("Are you doing sport or other physical activity at the moment?")
VISA_Q7_ANSWERS: Final = (
    (0, N_("Not at all")),
    (4, N_("Modified training, with or without modified competition")),
    (7, N_("Full training, with or without competition, but not at the level from before")),
    (10, N_("Competing at the same level as before the symptoms began, or higher")),
)
VISA_Q8: Final = N_("When you do sport that loads the Achilles tendon:")
VISA_Q8_BRANCHES: Final = (
    ("A", N_("I have no pain")),
    ("B", N_("I have some pain, but it does not stop me from finishing training")),
    ("C", N_("I have pain that stops me from finishing training")),
)
VISA_Q8_DURATION: Final = N_("For how long can you train?")
VISA_Q8_DURATIONS: Final = (
    ("nil", N_("not at all")),
    ("1-10", N_("1 to 10 minutes")),
    ("11-20", N_("11 to 20 minutes")),
    ("21-30", N_("21 to 30 minutes")),
    ("over_30", N_("more than 30 minutes")),
)

RED_FLAGS: Final = {
    "sudden_snap": N_("A sudden snap in the calf or Achilles tendon, as if someone kicked it"),
    "cannot_push_off": N_("I cannot push off or stand on my toes"),
    "calf_warm_red_swollen": N_("My calf is warm, red and swollen"),
    "cannot_bear_weight": N_("I cannot put weight on my ankle, foot or shin"),
    "cannot_move": N_("My lower back is locked: I can hardly move"),
}
ONSET_QUESTION: Final = N_("How did it start?")
ONSET_HINT: Final = N_("when this is a new problem")
ONSET_ANSWERS: Final = (
    ("sudden", N_("Suddenly, at one moment (for example during a run)")),
    ("gradual", N_("Gradually")),
)
FEELING_ILL: Final = N_("I feel ill (flu-like, feverish)")
FEELING_ILL_HINT: Final = N_(
    "Your body copes with less training while you are ill; the advice takes it into account."
)
SEEK_CARE: Final = N_(
    "Seek care now. Stop running and contact your GP today, or the out-of-hours GP service in "
    "the evening and at the weekend. With sudden shortness of breath or chest pain, call 112."
)
