"""Google Health webhook signatures: ECDSA P-256 over the raw JSON body, keys in a Tink keyset.

Google's reference (``EndpointAuthorization``, developers.google.com/health/reference/rest/v4/
projects.subscribers) says every webhook request is signed, the signature is in the
``X-HEALTHAPI-SIGNATURE`` header, and it is "an ECDSA (NIST P256) signature of the JSON payload"
to be verified "using Google Health API's public key". Google's pages we could read do not say
where that key is published or how it is encoded; public integrations read a Tink JSON keyset
(``WEBHOOK_KEYSET_URL``) and Tink's wire format, so that is what this module verifies:

* keyset: ``{"primaryKeyId", "key": [{"keyData": {"typeUrl", "value": base64(EcdsaPublicKey)},
  "status", "keyId", "outputPrefixType"}]}``;
* ``EcdsaPublicKey`` protobuf: 2 = params (1 hash, 2 curve, 3 encoding), 3 = x, 4 = y;
* signature: TINK prefix ``0x01 ‖ keyId(4 bytes, big-endian) ‖ DER(r, s)``; RAW has no prefix;
  LEGACY signs ``body ‖ 0x00``.

Pure: parsing and verifying only. Fetching the keyset is ``fitbit.fetch_webhook_keyset``.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

WEBHOOK_KEYSET_URL = "https://www.gstatic.com/googlehealthapi/webhooks/webhooks_public_keyset.json"
ECDSA_PUBLIC_KEY_TYPE = "type.googleapis.com/google.crypto.tink.EcdsaPublicKey"
_SHA256, _NIST_P256, _IEEE_P1363, _DER = 3, 2, 1, 2
_PREFIXED = {"TINK": 0x01, "LEGACY": 0x00, "CRUNCHY": 0x00}


class KeysetError(ValueError):
    """The keyset is not a Tink keyset with at least one usable ECDSA P-256 public key."""


@dataclass(frozen=True, slots=True)
class WebhookKey:
    key_id: int
    public_key: ec.EllipticCurvePublicKey
    output_prefix: str
    der_encoded: bool


@dataclass(frozen=True, slots=True)
class WebhookKeyset:
    keys: tuple[WebhookKey, ...]

    def verify(self, signature: bytes, message: bytes) -> bool:
        """True when any enabled key accepts ``signature`` over ``message`` (the raw body)."""
        for key in self.keys:
            body = _signature_body(key, signature)
            if body is None:
                continue
            signed = message + b"\x00" if key.output_prefix == "LEGACY" else message
            if _verify_one(key, body, signed):
                return True
        return False


def load_tink_keyset(text: str | bytes) -> WebhookKeyset:
    """Parse a Tink JSON public keyset; keys that are disabled or not P-256/SHA-256 are skipped."""
    try:
        document = json.loads(text)
        entries = document["key"]
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise KeysetError("not a Tink JSON keyset") from exc
    if not isinstance(entries, list):
        raise KeysetError("a Tink keyset's 'key' must be a list")
    keys = tuple(key for key in (_parse_entry(entry) for entry in entries) if key is not None)
    if not keys:
        raise KeysetError("the keyset holds no enabled ECDSA P-256 public key")
    return WebhookKeyset(keys)


def _parse_entry(entry: object) -> WebhookKey | None:
    if not isinstance(entry, dict) or entry.get("status") != "ENABLED":
        return None
    key_data = entry.get("keyData")
    if not isinstance(key_data, dict) or key_data.get("typeUrl") != ECDSA_PUBLIC_KEY_TYPE:
        return None
    prefix = entry.get("outputPrefixType")
    key_id = entry.get("keyId")
    if prefix not in (*_PREFIXED, "RAW") or not isinstance(key_id, int):
        return None
    try:
        fields = _protobuf_fields(base64.b64decode(str(key_data.get("value")), validate=True))
        params = _protobuf_fields(_bytes_field(fields, 2))
        if (params.get(1), params.get(2)) != (_SHA256, _NIST_P256):
            return None
        x = int.from_bytes(_bytes_field(fields, 3), "big")
        y = int.from_bytes(_bytes_field(fields, 4), "big")
        public_key = ec.EllipticCurvePublicNumbers(x, y, ec.SECP256R1()).public_key()
    except (binascii.Error, ValueError) as exc:
        raise KeysetError(f"key {key_id} is not a readable ECDSA public key") from exc
    return WebhookKey(key_id, public_key, str(prefix), params.get(3) != _IEEE_P1363)


def _signature_body(key: WebhookKey, signature: bytes) -> bytes | None:
    """The bare ECDSA signature when ``signature`` is addressed to ``key``, else ``None``."""
    if key.output_prefix == "RAW":
        return signature
    expected = bytes([_PREFIXED[key.output_prefix]]) + key.key_id.to_bytes(4, "big")
    return signature[5:] if signature[:5] == expected else None


def _verify_one(key: WebhookKey, body: bytes, message: bytes) -> bool:
    if not key.der_encoded:
        if len(body) != 64:
            return False
        body = encode_dss_signature(int.from_bytes(body[:32]), int.from_bytes(body[32:]))
    try:
        key.public_key.verify(body, message, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def _bytes_field(fields: dict[int, int | bytes], number: int) -> bytes:
    value = fields.get(number)
    if not isinstance(value, bytes):
        raise ValueError(f"protobuf field {number} is missing or not bytes")
    return value


def _protobuf_fields(data: bytes) -> dict[int, int | bytes]:
    """Decode the top level of a protobuf message: field number → varint or bytes (last wins)."""
    fields: dict[int, int | bytes] = {}
    position = 0
    while position < len(data):
        tag, position = _varint(data, position)
        number, wire_type = tag >> 3, tag & 7
        if wire_type == 0:
            fields[number], position = _varint(data, position)
        elif wire_type == 2:
            length, position = _varint(data, position)
            if position + length > len(data):
                raise ValueError("truncated protobuf field")
            fields[number], position = data[position : position + length], position + length
        else:
            raise ValueError(f"unsupported protobuf wire type {wire_type}")
    return fields


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result, shift = 0, 0
    while position < len(data) and shift < 64:
        byte = data[position]
        result |= (byte & 0x7F) << shift
        position += 1
        if not byte & 0x80:
            return result, position
        shift += 7
    raise ValueError("truncated protobuf varint")
