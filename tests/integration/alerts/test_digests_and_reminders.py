"""Weekly coach digests and check-in reminders: planned once per person and week at the right
local time, written from current data, and sent through the notices outbox."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from service.alerts import preferences
from service.alerts.delivery import deliver_notices
from service.alerts.digests import (
    digest_due,
    digest_message,
    digest_rows,
    iso_week_key,
    plan_digests,
    week_monday,
)
from service.alerts.reminders import plan_reminders, reminder_due
from service.alerts.service import plan_notices
from service.models import Checkin, DailyMetric, FindingSeen, Role, User
from service.models.notifications import Notice
from tests.integration.alerts.conftest import future_local
from tests.integration.alerts.receivers import SmtpRecorder
from tests.integration.alerts.support import (
    BASE_URL,
    add_finding,
    add_user,
    alert_settings,
    link,
    session_scope_of,
)

AMS = ZoneInfo("Europe/Amsterdam")
MONDAY, TUESDAY, SUNDAY = 0, 1, 6


def _local(text: str, zone: str = "Europe/Amsterdam") -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize(
    ("local", "due"),
    [
        ("2026-03-09T06:59", False),  # Monday before seven
        ("2026-03-09T07:00", True),
        ("2026-03-09T23:59", True),
        ("2026-03-10T12:00", True),  # Tuesday: catching up after a scheduler outage
        ("2026-03-11T07:00", False),
        ("2026-03-15T07:00", False),  # Sunday
    ],
)
def test_digest_is_due_on_monday_morning(local: str, due: bool) -> None:
    assert digest_due(_local(local)) is due


@pytest.mark.parametrize(
    ("local", "due"),
    [
        ("2026-03-15T17:59", None),
        ("2026-03-15T18:00", ("checkin_due", "2026-W11")),
        ("2026-03-17T18:30", ("checkin_missed", "2026-W11")),  # Tuesday after week 11
        ("2026-03-17T09:00", None),
        ("2026-03-16T20:00", None),  # Monday
        ("2027-01-03T19:00", ("checkin_due", "2026-W53")),  # ISO week-years
    ],
)
def test_reminders_are_due_sunday_and_tuesday_evening(
    local: str, due: tuple[str, str] | None
) -> None:
    assert reminder_due(_local(local)) == due


@pytest.mark.parametrize(
    ("day", "key"),
    [
        (date(2026, 3, 9), "2026-W11"),
        (date(2026, 1, 1), "2026-W01"),
        (date(2021, 1, 3), "2020-W53"),
    ],
)
def test_iso_week_keys(day: date, key: str) -> None:
    assert iso_week_key(day) == key
    assert week_monday(key) <= day < week_monday(key) + timedelta(days=7)


def _km(session: Session, athlete: User, monday: date, per_day: float, week: int) -> None:
    start = monday - timedelta(days=7 * week)
    for offset in range(7):
        session.add(DailyMetric(athlete_id=athlete.id, measure="distance_km",
                                day=start + timedelta(days=offset), load=per_day))  # fmt: skip


def _pain(session: Session, athlete: User, day: date, pain: int) -> None:
    session.add(Checkin(athlete_id=athlete.id, day=day, kind="weekly", region="achilles",
                        pain_week=pain))  # fmt: skip


def test_weekly_digest_lists_athletes_by_worst_open_finding(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    coach = add_user(db_session, Role.COACH, name="Kees")
    physio = add_user(db_session, Role.PHYSIO, name="Fenna", locale="nl")
    anna = add_user(db_session, name="Anna")
    bert = add_user(db_session, name="Bert")
    cleo = add_user(db_session, name="Cleo")
    link(db_session, anna, coach, share=True)
    link(db_session, bert, coach, share=False)
    link(db_session, cleo, coach, share=True)
    link(db_session, anna, physio, share=True)
    opened = future_local(time(7, 5), weekday=MONDAY)
    monday = opened.astimezone(AMS).date()
    add_finding(
        db_session, anna, "volume.weekly_progression", "warning", monday - timedelta(days=3)
    )
    add_finding(db_session, anna, "volume.session_spike", "caution", monday - timedelta(days=2))
    add_finding(db_session, bert, "pain.during_or_after_run", "warning", monday - timedelta(days=2))
    seen = add_finding(
        db_session, bert, "volume.session_spike", "caution", monday - timedelta(days=4)
    )
    db_session.add(FindingSeen(finding_id=seen.id, user_id=coach.id, seen_at=opened))
    add_finding(
        db_session, cleo, "referral.achilles_not_improving", "referral", monday - timedelta(days=1)
    )
    add_finding(db_session, cleo, "volume.session_spike", "warning", monday - timedelta(days=40))
    _km(db_session, anna, monday, 30 / 7, week=1)
    _km(db_session, anna, monday, 20 / 7, week=2)
    _pain(db_session, anna, monday - timedelta(days=1), 4)
    _pain(db_session, anna, monday - timedelta(days=8), 2)
    _pain(db_session, cleo, monday - timedelta(days=2), 3)
    db_session.flush()

    assert plan_digests(db_session, opened - timedelta(minutes=10)) == 0  # 06:55
    assert plan_digests(db_session, opened) == 2
    assert plan_digests(db_session, opened + timedelta(hours=2)) == 0  # once per week
    notice = db_session.scalars(select(Notice).where(Notice.user_id == coach.id)).one()
    pushed = digest_message(alert_settings(port), db_session, coach, notice)
    assert pushed.url == f"{BASE_URL}/roster"  # what a push or an Apprise message opens
    report = deliver_notices(
        alert_settings(port), transactions=session_scope_of(db_session), now=opened
    )

    assert report.sent == 2
    week = (monday - timedelta(days=7)).isocalendar()[1]
    [to_coach] = recorder.to(coach.email)
    assert to_coach.subject == f"Your athletes in week {week}"
    text = to_coach.part("plain")
    assert text.index("* Cleo") < text.index("* Anna") < text.index("* Bert")
    cleo_row, anna_row, bert_row = text.split("* ")[1:4]
    assert "see a physio: Achilles pain not improving" in cleo_row
    assert "warning: weekly distance rising quickly" in anna_row
    assert "30 km (20 km)" in anna_row and "rising: worst 4/10 (was 2/10)" in anna_row
    assert "worst 3/10" in cleo_row and "no data" in cleo_row
    assert "none open" in bert_row and "not shared" in bert_row  # Bert's pain finding is his
    assert f"{BASE_URL}/athletes/{anna.id}" in text
    assert "Anna" in to_coach.part("html") and "<table" in to_coach.part("html")
    [to_physio] = recorder.to(physio.email)
    assert to_physio.subject == f"Je sporters in week {week}"
    assert "stijgt" in to_physio.part("plain")
    assert to_physio.message["List-Unsubscribe"].startswith(f"<{BASE_URL}/alerts/links/")


def test_a_digest_leaves_out_only_what_its_own_reader_marked_as_seen(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    coach = add_user(db_session, Role.COACH, name="Kees")
    physio = add_user(db_session, Role.PHYSIO, name="Fenna")
    anna = add_user(db_session, name="Anna")
    link(db_session, anna, coach, share=True)
    link(db_session, anna, physio, share=True)
    monday = future_local(time(7, 5), weekday=MONDAY).astimezone(AMS).date()
    finding = add_finding(
        db_session, anna, "volume.weekly_progression", "warning", monday - timedelta(days=3)
    )
    finding.acknowledged_at, finding.acknowledged_by_id = datetime.now(AMS), physio.id
    db_session.add(FindingSeen(finding_id=finding.id, user_id=physio.id))
    db_session.flush()
    settings = alert_settings(smtp[1])

    [for_coach] = digest_rows(db_session, settings, coach, monday)
    [for_physio] = digest_rows(db_session, settings, physio, monday)

    assert for_coach.finding.startswith("warning: weekly distance rising quickly")
    assert for_physio.finding == "none open"


def test_digest_respects_the_setting_and_says_when_nobody_is_followed(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    alone = add_user(db_session, Role.COACH, name="Solo")
    quiet = add_user(db_session, Role.PHYSIO)
    preferences.update(db_session, quiet.id, weekly_digest=False)
    opened = future_local(time(8), weekday=MONDAY)

    assert plan_digests(db_session, opened) == 1
    deliver_notices(alert_settings(port), transactions=session_scope_of(db_session), now=opened)

    [mail] = recorder.messages
    assert mail.rcpt_tos == [alone.email] and "you do not follow any athletes yet" in mail.part(
        "plain"
    )


def test_checkin_reminders_when_due_and_when_missed(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    forgets, done, opted_out = add_user(db_session), add_user(db_session), add_user(db_session)
    late = add_user(db_session)
    far = add_user(db_session, timezone="America/New_York")
    coach = add_user(db_session, Role.COACH)
    preferences.update(db_session, opted_out.id, checkin_reminders=False)
    sunday = future_local(time(18, 30), weekday=SUNDAY)
    week_start = sunday.astimezone(AMS).date() - timedelta(days=6)
    _pain(db_session, done, week_start + timedelta(days=5), 1)
    db_session.flush()
    settings = alert_settings(port)

    planned = plan_notices(db_session, sunday)

    assert planned == 2  # forgets and late; New York's Sunday evening has not come yet
    assert plan_reminders(db_session, sunday + timedelta(minutes=30)) == 0
    deliver_notices(settings, transactions=session_scope_of(db_session), now=sunday)
    assert {m.rcpt_tos[0] for m in recorder.messages} == {forgets.email, late.email}
    [mail] = recorder.to(forgets.email)
    assert mail.subject == "Time for your weekly check-in"
    assert f"{BASE_URL}/athletes/{forgets.id}/checkins" in mail.part("plain")
    db_session.commit()
    assert ("alerts.sweep", {}) in sent_tasks

    _pain(db_session, late, week_start + timedelta(days=7), 2)  # on Monday, late but not missed
    db_session.flush()
    tuesday = sunday + timedelta(days=2)
    assert plan_reminders(db_session, tuesday) == 1
    deliver_notices(settings, transactions=session_scope_of(db_session), now=tuesday)
    week = week_start.isocalendar()[1]
    assert [m.subject for m in recorder.to(forgets.email)][1] == (
        f"Your check-in for week {week} is still open"
    )
    assert recorder.to(late.email)[1:] == [] and recorder.to(far.email) == []
    assert recorder.to(coach.email) == []


def test_a_reminder_is_dropped_when_the_checkin_arrives_before_it_is_sent(
    db_session: Session, sent_tasks: list[Any], smtp: tuple[SmtpRecorder, int]
) -> None:
    recorder, port = smtp
    athlete = add_user(db_session)
    sunday = future_local(time(19), weekday=SUNDAY)
    assert plan_reminders(db_session, sunday) == 1
    _pain(db_session, athlete, sunday.astimezone(AMS).date(), 0)
    db_session.flush()

    report = deliver_notices(
        alert_settings(port), transactions=session_scope_of(db_session), now=sunday
    )

    assert (report.sent, report.skipped, recorder.messages) == (0, 1, [])
    notice = db_session.scalars(select(Notice).where(Notice.user_id == athlete.id)).one()
    assert notice.status == "skipped" and notice.last_error == "the check-in arrived"
