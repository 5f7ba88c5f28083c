"""Password hashing in tests: argon2id at its cheapest, production's parameters where it counts.

Production hashes with argon2id at 64 MiB, t=3, p=4: about a quarter of a second per sign-up or
sign-in, which dominated the API tests. The suite hashes with argon2id at its minimum (8 KiB,
t=1, p=1) instead: the same code paths, the same ``$argon2id$`` format and the same rehash on
outdated parameters, in microseconds. Tests about the hashing itself (parameters, rehash, the
time an unknown account takes) ask for ``production_password_hashing``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from service import security

PRODUCTION_HASHER = security._hasher
CHEAP_HASHER = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=8, parallelism=1),))


@contextmanager
def password_hasher(choice: str) -> Iterator[None]:
    """Hash and verify with ``"cheap"`` or ``"production"`` argon2id parameters in the block."""
    hashers = {"cheap": lambda: CHEAP_HASHER, "production": PRODUCTION_HASHER}
    saved = security._hasher
    security._hasher = hashers[choice]  # type: ignore[assignment]
    try:
        yield
    finally:
        security._hasher = saved
