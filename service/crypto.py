"""Third-party credentials at rest: AES-256-GCM bound to the row that holds them.

Layout of a sealed value: ``version (1) | key fingerprint (4) | nonce (12) | ciphertext+tag``.
The associated data names the row (e.g. ``connections:42:garmin``), so a ciphertext copied into
another row does not decrypt. Keys come from the settings, primary first; older keys still
decrypt until :func:`reseal` has moved every value to the primary key.
"""

from __future__ import annotations

import hashlib
import os
import struct

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = 1
_HEADER = struct.Struct(">BI")


class DecryptionFailed(Exception):
    """The value was not sealed for this row with any configured key."""


def key_fingerprint(key: bytes) -> int:
    return int.from_bytes(hashlib.sha256(key).digest()[:4], "big")


def seal(plaintext: bytes, associated_data: bytes, keys: list[bytes]) -> bytes:
    primary = keys[0]
    nonce = os.urandom(12)
    header = _HEADER.pack(VERSION, key_fingerprint(primary))
    return header + nonce + AESGCM(primary).encrypt(nonce, plaintext, header + associated_data)


def open_sealed(sealed: bytes, associated_data: bytes, keys: list[bytes]) -> bytes:
    if len(sealed) < _HEADER.size + 12 + 16:
        raise DecryptionFailed("sealed value is too short")
    version, fingerprint = _HEADER.unpack_from(sealed)
    if version != VERSION:
        raise DecryptionFailed(f"unknown sealed-value version {version}")
    header, nonce, body = (
        sealed[: _HEADER.size],
        sealed[_HEADER.size : _HEADER.size + 12],
        sealed[_HEADER.size + 12 :],
    )
    for key in keys:
        if key_fingerprint(key) != fingerprint:
            continue
        try:
            return AESGCM(key).decrypt(nonce, body, header + associated_data)
        except InvalidTag as exc:
            raise DecryptionFailed("the value does not belong to this row or was altered") from exc
    raise DecryptionFailed("no configured key matches this value")


def sealed_fingerprint(sealed: bytes) -> int:
    return int(_HEADER.unpack_from(sealed)[1])


def reseal(sealed: bytes, associated_data: bytes, keys: list[bytes]) -> bytes | None:
    """The value under the primary key, or None when it already is."""
    if sealed_fingerprint(sealed) == key_fingerprint(keys[0]):
        return None
    return seal(open_sealed(sealed, associated_data, keys), associated_data, keys)
