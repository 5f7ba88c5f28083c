"""Passwords (argon2id), random tokens and their stored hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from functools import lru_cache
from pathlib import Path

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.lower() for line in lines if line and not line.startswith("# "))


def is_common_password(password: str) -> bool:
    """True for a password on the bundled list of much-used ones (case does not help)."""
    return password.lower() in _common_passwords()


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    # argon2id, 64 MiB, t=3, p=4: above OWASP's floor (19 MiB, t=2, p=1).
    return PasswordHash((Argon2Hasher(),))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str) -> tuple[bool, str | None]:
    """(matches, a new hash when the stored parameters are out of date)."""
    return _hasher().verify_and_update(password, password_hash)


def burn_password_check() -> None:
    """Spend the time of one verification, so unknown accounts answer as slowly as known ones."""
    hasher = _hasher()
    hasher.verify("not-the-password", _dummy_hash(hasher))


@lru_cache(maxsize=2)
def _dummy_hash(hasher: PasswordHash) -> str:
    # made by the hasher that checks it, so burning costs what a real check costs
    return hasher.hash(secrets.token_urlsafe(16))


def new_token(prefix: str) -> str:
    """A random bearer secret, e.g. ``lw_...``; 256 bits of entropy."""
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_hash(token: str) -> str:
    """Tokens are long random strings, so a plain SHA-256 is a safe stored form."""
    return hashlib.sha256(token.encode()).hexdigest()


def same_secret(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
