"""Garmin tokens and files: rotation saved after every session, sealing bound to the row,
ORIGINAL files kept once."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

from pydantic import SecretStr

from service import crypto
from service.clock import utcnow
from service.connections.credentials import open_credentials
from service.connections.policy import SyncPolicy
from service.connections.sync import sync_connection
from service.demo.fakes.corpus import corpus_path
from service.demo.fakes.garmin_accounts import synthesized_account
from service.integrations.garmin import LoginOk, start_login

from .support import runner_specs, seed_connection


def _make_due(db_session, connection):
    connection.next_attempt_at = utcnow()
    db_session.commit()


def test_the_rotated_refresh_token_is_what_the_database_holds(
    db_session, tx, athlete, garmin, settings
):
    # An access token that lives 60 s is refreshed before every request (15-minute margin).
    garmin.add_account(
        synthesized_account("rotating@example.com", "rotating-pw", runner_specs(), access_ttl_s=60)
    )
    login = start_login("rotating@example.com", "rotating-pw", garmin.endpoints)
    assert isinstance(login, LoginOk)
    first_blob = login.token_blob
    keys = settings.encryption_key_list()
    connection = seed_connection(db_session, athlete, "garmin", first_blob, keys)
    refreshes_before = garmin.tokens.refreshes

    assert sync_connection(connection.id, tx, settings=settings) == "ok"

    db_session.refresh(connection)
    stored = json.loads(open_credentials(connection, keys))
    assert garmin.tokens.refreshes > refreshes_before
    assert stored["di_refresh_token"] != json.loads(first_blob)["di_refresh_token"]
    assert garmin.tokens.is_live_refresh_token(stored["di_refresh_token"])
    assert not garmin.tokens.is_live_refresh_token(json.loads(first_blob)["di_refresh_token"])
    _make_due(db_session, connection)
    assert sync_connection(connection.id, tx, settings=settings) == "ok"


def test_tokens_are_sealed_and_bound_to_their_row(
    db_session, tx, athlete, make_user, connect_garmin, settings
):
    connection = connect_garmin(athlete)
    keys = settings.encryption_key_list()
    blob = json.loads(open_credentials(connection, keys))
    for secret in (blob["di_token"], blob["di_refresh_token"]):
        for start in range(0, len(secret) - 12, 7):
            assert secret[start : start + 12].encode() not in connection.credentials
    assert b"di_token" not in connection.credentials
    other = make_user()
    stolen = seed_connection(db_session, other, "garmin", "placeholder", keys)
    stolen.credentials = connection.credentials  # a database-level swap
    db_session.commit()

    try:
        open_credentials(stolen, keys)
    except crypto.DecryptionFailed:
        pass
    else:
        raise AssertionError("a ciphertext from another row opened")
    assert sync_connection(stolen.id, tx, settings=settings) == "skipped"
    db_session.refresh(stolen)
    assert (stolen.state, stolen.last_error) == ("needs_reauth", "credentials_unreadable")


def test_original_fit_files_are_kept_once_when_asked_for(
    db_session, tx, athlete, garmin, settings, tmp_path
):
    specs = [
        replace(spec, original_fit="garmin-fenix5-run-2017-06-11.fit" if n % 2 == 0 else None)
        for n, spec in enumerate(runner_specs(count=4))
    ]
    garmin.add_account(synthesized_account("originals@example.com", "originals-pw", specs))
    login = start_login("originals@example.com", "originals-pw", garmin.endpoints)
    assert isinstance(login, LoginOk)
    blob = login.token_blob
    connection = seed_connection(
        db_session, athlete, "garmin", blob, settings.encryption_key_list()
    )
    key = base64.urlsafe_b64encode(settings.encryption_key_list()[0]).decode()
    keeping = settings.model_copy(update={"data_dir": tmp_path, "encryption_keys": SecretStr(key)})
    keeping.garmin = keeping.garmin.model_copy(update={"fetch_original": True})

    assert sync_connection(connection.id, tx, settings=keeping) == "ok"
    _make_due(db_session, connection)
    assert (
        sync_connection(connection.id, tx, settings=keeping, policy=SyncPolicy(overlap_days=120))
        == "ok"
    )

    folder = tmp_path / "originals" / str(athlete.id)
    fit = corpus_path("fit", "garmin-fenix5-run-2017-06-11.fit").read_bytes()
    kept = sorted(path.name for path in folder.glob("*.fit"))
    assert kept == [f"garmin-{specs[0].activity_id}.fit", f"garmin-{specs[2].activity_id}.fit"]
    assert sorted(path.name for path in folder.glob("*.none")) == [
        f"garmin-{specs[1].activity_id}.none", f"garmin-{specs[3].activity_id}.none"
    ]  # fmt: skip
    assert all((folder / name).read_bytes() == fit for name in kept)
    downloads = garmin.requests_to("/download-service/files/activity/")
    assert len(downloads) == 4  # two files, two 404s for activities without one; none repeated
