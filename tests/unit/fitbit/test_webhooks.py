"""The webhook receiver's pure functions: verification, authentication, parsing, refusals."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from service.demo.fakes.google_health_data import SigningKey, notification_body
from service.integrations import fitbit_webhooks as hooks
from service.integrations.fitbit_webhooks import (
    BadSignatureError,
    MalformedNotificationError,
    MissingAuthorizationError,
    PayloadTooLargeError,
    WebhookConfig,
    WebhookRejectedError,
    WrongAuthorizationError,
)
from tests.unit.fitbit.webhook_support import (
    CONFIG,
    END,
    KEY,
    SECRET,
    START,
    USER,
    body_for,
    signed_headers,
)

VERIFICATION = json.dumps({"type": "verification"}).encode()


@pytest.mark.parametrize(
    ("authorization", "status"),
    [
        (SECRET, 201),
        (f"  {SECRET} ", 201),
        (None, 401),
        ("", 401),
        ("Bearer wrong", 403),
        (SECRET.lower(), 403),
        ("R4nd0m5tr1ng123", 403),
    ],
)
def test_verification_answers_as_google_specifies(authorization, status):
    assert hooks.answer_verification(authorization, SECRET) == status
    assert receive_status(VERIFICATION, authorization) == status


def receive_status(body: bytes, authorization: str | None) -> int:
    """What the route would answer: the receipt's status or the refusal's."""
    headers = {} if authorization is None else {"Authorization": authorization}
    try:
        receipt = hooks.receive_webhook(body, headers, CONFIG)
    except WebhookRejectedError as refusal:
        return refusal.status
    assert receipt.notifications == ()
    return receipt.status_code


def test_a_signed_notification_is_accepted_and_parsed():
    body = body_for()
    receipt = hooks.receive_webhook(body, signed_headers(body), CONFIG)
    assert receipt.status_code == 204
    (notice,) = receipt.notifications
    assert (notice.health_user_id, notice.data_types, notice.operations) == (
        USER,
        ("exercise",),
        ("UPSERT",),
    )
    assert notice.time_range_utc == (START.astimezone(UTC), END.astimezone(UTC))


def tamper_body(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body.replace(USER.encode(), b"1111111111"), signed_headers(body)


def other_key(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, signed_headers(body, SigningKey(key_id=KEY.key_id))


def other_key_id(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, signed_headers(body, SigningKey(key_id=KEY.key_id + 1))


def truncated(body: bytes) -> tuple[bytes, dict[str, str]]:
    raw = base64.b64decode(KEY.sign(body))[:-3]
    return body, {"Authorization": SECRET, "X-HEALTHAPI-SIGNATURE": base64.b64encode(raw).decode()}


def not_base64(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, {"Authorization": SECRET, "X-HEALTHAPI-SIGNATURE": "not base64!"}


def unsigned(body: bytes) -> tuple[bytes, dict[str, str]]:
    return body, {"Authorization": SECRET}


@pytest.mark.parametrize(
    "attack", [tamper_body, other_key, other_key_id, truncated, not_base64, unsigned]
)
def test_a_bad_or_missing_signature_is_refused(attack):
    body, headers = attack(body_for())
    with pytest.raises(BadSignatureError) as caught:
        hooks.receive_webhook(body, headers, CONFIG)
    assert caught.value.status == 401


@pytest.mark.parametrize(
    "name", ["X-HEALTHAPI-SIGNATURE", "x-healthapi-signature", "Google-Health-Api-Signature"]
)
def test_the_signature_header_is_found_by_any_spelling(name: str):
    body = body_for()
    headers = {"authorization": SECRET, name: KEY.sign(body)}
    assert hooks.receive_webhook(body, headers, CONFIG).status_code == 204


@pytest.mark.parametrize(
    ("authorization", "outcome"),
    [(None, 204), (SECRET, 204), ("Bearer stolen", WrongAuthorizationError)],
)
def test_with_a_keyset_the_signature_rules_and_a_present_secret_must_match(authorization, outcome):
    body = body_for()
    headers = signed_headers(body, authorization=authorization)
    if isinstance(outcome, int):
        assert hooks.receive_webhook(body, headers, CONFIG).status_code == outcome
    else:
        with pytest.raises(outcome):
            hooks.receive_webhook(body, headers, CONFIG)


@pytest.mark.parametrize(
    ("headers", "outcome"),
    [
        ({"Authorization": SECRET}, 204),
        ({}, MissingAuthorizationError),
        ({"Authorization": "Bearer nope"}, WrongAuthorizationError),
    ],
)
def test_without_a_keyset_the_secret_alone_authenticates(headers, outcome):
    config = WebhookConfig(SECRET)
    if isinstance(outcome, int):
        assert hooks.receive_webhook(body_for(), headers, config).status_code == outcome
    else:
        with pytest.raises(outcome):
            hooks.receive_webhook(body_for(), headers, config)


def test_a_redelivered_notification_has_the_same_id():
    first = hooks.parse_notifications(body_for())[0]
    again = hooks.parse_notifications(body_for())[0]
    reserialised = json.dumps(json.loads(body_for()), indent=4, sort_keys=True).encode()
    assert first.notification_id == again.notification_id
    assert hooks.parse_notifications(reserialised)[0].notification_id == first.notification_id


@pytest.mark.parametrize(
    "changed",
    [
        body_for(user="5647382910"),
        body_for(operation="DELETE"),
        body_for(data_type="steps"),
        json.dumps(notification_body(USER, START, END + timedelta(minutes=1))).encode(),
    ],
)
def test_a_different_change_has_a_different_id(changed: bytes):
    original = hooks.parse_notifications(body_for())[0].notification_id
    assert hooks.parse_notifications(changed)[0].notification_id != original


@given(st.permutations(["1092837465", "5647382910", "2233445566"]))
def test_ids_do_not_depend_on_batch_order(users: list[str]):
    shuffled = [notification_body(user, START, END) for user in users]
    reference = [notification_body(user, START, END) for user in sorted(users)]
    assert ids_by_user(shuffled) == ids_by_user(reference)


def ids_by_user(batch: list[dict]) -> dict[str, str]:
    notices = hooks.parse_notifications(batch_bytes(batch))
    return {notice.health_user_id: notice.notification_id for notice in notices}


def batch_bytes(batch: list[dict]) -> bytes:
    return json.dumps(batch).encode()


def test_a_batch_is_grouped_per_user_with_merged_types_and_range():
    later = (START + timedelta(days=1), END + timedelta(days=1))
    batch = [
        notification_body(USER, START, END),
        notification_body("5647382910", START, END),
        notification_body(USER, *later, data_type="steps"),
    ]
    runner, other = hooks.parse_notifications(batch_bytes(batch))
    assert runner.health_user_id == USER
    assert runner.data_types == ("exercise", "steps")
    assert runner.time_range_utc == (START.astimezone(UTC), later[1].astimezone(UTC))
    assert other.data_types == ("exercise",)


@pytest.mark.parametrize(
    ("interval", "expected"),
    [
        (
            {"civilIso8601TimeInterval": {"startTime": "2026-11-20T07:00:00"}},
            (datetime(2026, 11, 19, 17, tzinfo=UTC), datetime(2026, 11, 20, 21, tzinfo=UTC)),
        ),
        (
            {
                "physicalTimeInterval": {
                    "startTime": "2026-11-20T06:00:00Z",
                    "endTime": "2026-11-20T06:45:00.5Z",
                }
            },
            (
                datetime(2026, 11, 20, 6, tzinfo=UTC),
                datetime(2026, 11, 20, 6, 45, 0, 500000, tzinfo=UTC),
            ),
        ),
    ],
)
def test_time_range_is_physical_or_widened_civil(interval, expected):
    body = {"data": {"healthUserId": USER, "dataType": "exercise", "intervals": [interval]}}
    assert hooks.parse_notifications(json.dumps(body).encode())[0].time_range_utc == expected


def test_a_notification_without_intervals_has_no_range():
    body = {"data": {"healthUserId": USER, "dataType": "exercise", "operation": "DELETE"}}
    (notice,) = hooks.parse_notifications(json.dumps(body).encode())
    assert (notice.time_range_utc, notice.operations) == (None, ("DELETE",))


def data(**fields) -> bytes:
    return json.dumps({"data": {"healthUserId": USER, "dataType": "exercise"} | fields}).encode()


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b'"a string"',
        b"[]",
        b'{"data": 5}',
        b'{"type": "something"}',
        json.dumps({"data": {"dataType": "exercise"}}).encode(),
        data(healthUserId="../../etc"),
        data(healthUserId="x" * 64),
        data(dataType="Exercise"),
        data(operation=7),
        data(intervals={"startTime": "x"}),
        data(intervals=[5]),
        data(intervals=[{"physicalTimeInterval": {"startTime": "2026-11-20T06:00:00"}}]),
        data(intervals=[{"civilIso8601TimeInterval": {"startTime": "2026-11-20T06:00:00Z"}}]),
        data(intervals=[{"physicalTimeInterval": {"startTime": "yesterday"}}]),
        data(
            intervals=[
                {
                    "physicalTimeInterval": {
                        "startTime": "2026-11-20T06:00:00Z",
                        "endTime": "2026-11-20T05:00:00Z",
                    }
                }
            ]
        ),
    ],
)
def test_malformed_bodies_are_refused_with_400(body: bytes):
    with pytest.raises(MalformedNotificationError) as caught:
        hooks.receive_webhook(body, {"Authorization": SECRET}, WebhookConfig(SECRET))
    assert (caught.value.status, caught.value.code) == (400, "webhook_malformed")


def test_an_oversize_body_is_refused_before_anything_else():
    config = WebhookConfig(SECRET, CONFIG.keyset, max_body_bytes=1024)
    huge = json.dumps([notification_body(USER, START, END)] * 20).encode()
    with pytest.raises(PayloadTooLargeError) as caught:
        hooks.receive_webhook(huge, {}, config)
    assert (caught.value.status, caught.value.code) == (413, "webhook_payload_too_large")
    with pytest.raises(PayloadTooLargeError):
        hooks.parse_notifications(huge, max_body_bytes=1024)


def test_the_default_limit_admits_a_batch_of_99_notifications():
    batch = batch_bytes([notification_body(USER, START, END)] * 99)
    assert len(batch) < hooks.MAX_BODY_BYTES
    assert hooks.receive_webhook(batch, signed_headers(batch), CONFIG).status_code == 204


@pytest.mark.parametrize("secret", ["", "   "])
def test_a_blank_secret_is_a_configuration_error(secret: str):
    with pytest.raises(ValueError, match="secret"):
        WebhookConfig(secret)


def test_every_refusal_has_an_english_and_a_dutch_message():
    codes = {cls.code for cls in WebhookRejectedError.__subclasses__()}
    assert codes == set(hooks.MESSAGES)
    for code in codes:
        assert set(hooks.MESSAGES[code]) == {"en", "nl"}
        assert hooks.MESSAGES[code]["en"] != hooks.MESSAGES[code]["nl"]
