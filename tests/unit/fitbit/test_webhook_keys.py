"""Google's webhook keyset: Tink layouts, rotation, and keysets we refuse."""

from __future__ import annotations

import json

import pytest

from service.demo.fakes.google_health_data import SigningKey
from service.integrations import fitbit_webhooks as hooks
from service.integrations.fitbit_webhooks import WebhookConfig
from service.integrations.google_webhook_keys import KeysetError, load_tink_keyset
from tests.unit.fitbit.webhook_support import KEY, SECRET, body_for, signed_headers


@pytest.mark.parametrize(
    ("prefix", "der"),
    [("TINK", True), ("TINK", False), ("RAW", True), ("LEGACY", True), ("CRUNCHY", True)],
)
def test_every_tink_signature_layout_verifies(prefix: str, der: bool):
    key = SigningKey(key_id=77, output_prefix=prefix, der_encoded=der)
    config = WebhookConfig(SECRET, load_tink_keyset(key.keyset_json()))
    body = body_for()
    assert hooks.receive_webhook(body, signed_headers(body, key), config).status_code == 204


def keyset_with(**entry_changes) -> str:
    keyset = json.loads(KEY.keyset_json())
    keyset["key"][0].update(entry_changes)
    return json.dumps(keyset)


@pytest.mark.parametrize(
    "text",
    [
        "not json",
        "{}",
        '{"key": {}}',
        keyset_with(status="DISABLED"),
        keyset_with(keyData={"typeUrl": "type.googleapis.com/other", "value": ""}),
        keyset_with(outputPrefixType="UNKNOWN"),
    ],
)
def test_unusable_keysets_are_refused(text: str):
    with pytest.raises(KeysetError):
        load_tink_keyset(text)


def test_a_keyset_with_an_unreadable_key_value_is_refused():
    broken = {"typeUrl": "type.googleapis.com/google.crypto.tink.EcdsaPublicKey", "value": "AAE="}
    with pytest.raises(KeysetError, match="not a readable"):
        load_tink_keyset(keyset_with(keyData=broken))


def test_a_rotated_keyset_verifies_both_old_and_new_signatures():
    new_key = SigningKey(key_id=99)
    merged = json.loads(KEY.keyset_json())
    merged["key"] += json.loads(new_key.keyset_json())["key"]
    config = WebhookConfig(SECRET, load_tink_keyset(json.dumps(merged)))
    body = body_for()
    for key in (KEY, new_key):
        assert hooks.receive_webhook(body, signed_headers(body, key), config).status_code == 204
