"""Credentials at rest: AES-GCM bound to their row, with key rotation."""

from __future__ import annotations

import os

import pytest

from service.crypto import DecryptionFailed, open_sealed, reseal, seal

OLD, NEW = os.urandom(32), os.urandom(32)
SECRET = b'{"di_token": "eyJ-sentinel-token", "di_refresh_token": "r1"}'


def test_round_trip_and_no_plaintext() -> None:
    sealed = seal(SECRET, b"connections:1:garmin", [OLD])
    # Fragments of four bytes or more: random ciphertext holds a given two bytes (such as r1) in
    # about one seal of 500, four bytes in about one of 40 million.
    assert b"sentinel" not in sealed and b'"r1"' not in sealed
    assert open_sealed(sealed, b"connections:1:garmin", [OLD]) == SECRET


def test_a_ciphertext_moved_to_another_row_does_not_open() -> None:
    sealed = seal(SECRET, b"connections:1:garmin", [OLD])
    with pytest.raises(DecryptionFailed):
        open_sealed(sealed, b"connections:2:garmin", [OLD])


def test_tampering_is_detected() -> None:
    sealed = bytearray(seal(SECRET, b"row", [OLD]))
    sealed[-1] ^= 1
    with pytest.raises(DecryptionFailed):
        open_sealed(bytes(sealed), b"row", [OLD])


def test_rotation_moves_values_to_the_new_primary_key() -> None:
    sealed = seal(SECRET, b"row", [OLD])
    rotated = reseal(sealed, b"row", [NEW, OLD])
    assert rotated is not None
    assert open_sealed(rotated, b"row", [NEW]) == SECRET
    assert reseal(rotated, b"row", [NEW, OLD]) is None
    with pytest.raises(DecryptionFailed):
        open_sealed(rotated, b"row", [OLD])
