"""Webhook deliveries as Google sends them: a JSON array of 1–99 items, intervals that may carry
only a structured ``civilDateTimeInterval``, the ``GOOGLE-HEALTH-API-SIGNATURE`` header."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from service.demo.fakes.google_health_data import notification_body
from service.integrations import fitbit_webhooks as hooks
from service.integrations.fitbit_webhooks import MalformedNotificationError
from tests.unit.fitbit.webhook_support import CONFIG, END, KEY, SECRET, START, USER


def notification_delivery(
    user: str, start: datetime, end: datetime, *, civil_only: bool = False
) -> list[dict]:
    """A delivery as Google POSTs it (an array); ``civil_only``: the structured civil interval
    alone, ``{"start": {"date": {...}, "time": {...}}, "end": ...}`` in local time."""
    item = notification_body(user, start, end)
    if civil_only:
        item["data"]["intervals"] = [
            {"civilDateTimeInterval": {"start": civil(start), "end": civil(end)}}
        ]
    return [item]


def civil(moment: datetime) -> dict:
    local = moment.astimezone(START.tzinfo)
    return {
        "date": {"year": local.year, "month": local.month, "day": local.day},
        "time": {"hours": local.hour, "minutes": local.minute}
        if local.minute
        else {"hours": local.hour},
    }


def headers_for(body: bytes) -> dict[str, str]:
    return {"Authorization": SECRET, "GOOGLE-HEALTH-API-SIGNATURE": KEY.sign(body)}


def test_an_item_with_only_a_civil_date_time_interval_is_accepted():
    """07:00–07:45 local on 2026-11-20: placed within the ±14 h any offset allows."""
    body = json.dumps(notification_delivery(USER, START, END, civil_only=True)).encode()
    assert b"physicalTimeInterval" not in body and b"civilDateTimeInterval" in body

    receipt = hooks.receive_webhook(body, headers_for(body), CONFIG)

    (notice,) = receipt.notifications
    assert receipt.status_code == 204
    assert notice.health_user_id == USER
    assert notice.time_range_utc == (
        datetime(2026, 11, 20, 7, 0, tzinfo=UTC) - timedelta(hours=14),
        datetime(2026, 11, 20, 7, 45, tzinfo=UTC) + timedelta(hours=14),
    )


def test_a_civil_date_time_without_a_time_of_day_is_midnight():
    item = notification_delivery(USER, START, END)[0]
    item["data"]["intervals"] = [
        {
            "civilDateTimeInterval": {
                "start": {"date": {"year": 2026, "month": 11, "day": 20}},
                "end": {"date": {"year": 2026, "month": 11, "day": 21}},
            }
        }
    ]
    (notice,) = hooks.parse_notifications(json.dumps([item]).encode())
    assert notice.time_range_utc is not None
    assert notice.time_range_utc[0] == datetime(2026, 11, 19, 10, 0, tzinfo=UTC)


def test_an_interval_in_a_shape_we_do_not_know_does_not_refuse_the_delivery():
    item = notification_delivery(USER, START, END)[0]
    item["data"]["intervals"] = [{"someNewInterval": {"from": "somewhere"}}]
    (notice,) = hooks.parse_notifications(json.dumps([item]).encode())
    assert (notice.health_user_id, notice.time_range_utc) == (USER, None)


def test_a_delivery_of_99_items_is_accepted_and_grouped_per_user():
    items = [
        notification_delivery(f"10000000{i % 3:02d}", START + timedelta(i), END + timedelta(i))[0]
        for i in range(99)
    ]
    body = json.dumps(items).encode()
    notices = hooks.receive_webhook(body, headers_for(body), CONFIG).notifications
    assert sorted(n.health_user_id for n in notices) == ["1000000000", "1000000001", "1000000002"]


@pytest.mark.parametrize("count", [0, 100])
def test_an_empty_or_oversized_array_is_refused(count):
    items = notification_delivery(USER, START, END) * count
    with pytest.raises(MalformedNotificationError):
        hooks.parse_notifications(json.dumps(items).encode())


def test_a_civil_date_that_is_not_a_date_is_refused():
    item = notification_delivery(USER, START, END, civil_only=True)[0]
    item["data"]["intervals"][0]["civilDateTimeInterval"]["start"]["date"]["month"] = 13
    with pytest.raises(MalformedNotificationError):
        hooks.parse_notifications(json.dumps([item]).encode())
