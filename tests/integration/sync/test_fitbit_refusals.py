"""A Fitbit connection that Google refuses: the Health user is known before anything is listed
(webhooks find the connection), and a 400 stops the connection with its reason, no timer."""

from __future__ import annotations

from datetime import timedelta

from service.clock import utcnow
from service.connections import queries
from service.connections.messages import message
from service.connections.sync import sync_connection
from service.connections.webhooks import act_on
from service.demo.fakes.google_health import Fault
from service.integrations.fitbit_webhooks import HealthNotification

from .support import HEALTH_USER


def test_a_400_from_google_stops_the_connection_with_a_reason_and_no_retry_timer(
    db_session, tx, athlete, connect_fitbit, fitbit_settings, google
):
    connection = connect_fitbit(athlete)
    google.script(Fault(400, path_contains="/dataPoints"))

    assert sync_connection(connection.id, tx, settings=fitbit_settings) == "error"

    db_session.refresh(connection)
    assert (connection.state, connection.last_error) == ("error", "provider_refused")
    assert connection.next_attempt_at is None  # not retried on a timer, forever
    text = message(connection.last_error, "fitbit")
    assert "Fitbit" in text["en"] and "Nu synchroniseren" in text["nl"]


def test_the_health_user_is_stored_before_the_first_listing_so_webhooks_find_it(
    db_session, tx, athlete, connect_fitbit, fitbit_settings, google
):
    connection = connect_fitbit(athlete)
    google.script(Fault(400, path_contains="/dataPoints"))

    sync_connection(connection.id, tx, settings=fitbit_settings)

    db_session.refresh(connection)
    assert connection.external_user_id == HEALTH_USER
    paths = [r.path for r in google.api_requests()]
    assert paths[0] == "/v4/users/me/identity"
    found = queries.list_health_user_connections(db_session, HEALTH_USER)
    assert [c.id for c in found] == [connection.id]
    now = utcnow()
    notice = HealthNotification(HEALTH_USER, ("exercise",), ("UPSERT",), "n-1", None)
    assert act_on(db_session, notice, now) == 1
    db_session.flush()
    db_session.refresh(connection)
    assert connection.next_attempt_at is not None
    assert connection.next_attempt_at <= now + timedelta(seconds=1)


def test_identity_is_asked_once_per_connection(
    db_session, tx, athlete, connect_fitbit, fitbit_settings, google
):
    connection = connect_fitbit(athlete)
    assert sync_connection(connection.id, tx, settings=fitbit_settings) == "ok"
    db_session.refresh(connection)
    connection.next_attempt_at = utcnow()
    db_session.commit()
    assert sync_connection(connection.id, tx, settings=fitbit_settings) == "ok"

    identities = [r for r in google.api_requests() if r.path.endswith("/identity")]
    assert len(identities) == 1
