"""Password hashing with argon2id (argon2-cffi's recommended defaults).

Only the hash is stored. Kept apart from :mod:`matcher.auth` so the repositories can
hash without importing the permission rules.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def make_hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's RFC 9106 "low memory" defaults (64 MiB, t=3, p=4)."""
    return PasswordHasher()


_HASHER = make_hasher()
# Verified against when the username does not exist, so a wrong username takes as long
# as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")

MIN_PASSWORD_LENGTH = 8


def hash_password(password: str) -> str:
    """Return an argon2id hash of ``password`` (salted; differs on every call)."""
    return _HASHER.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """True when ``password`` matches ``password_hash``; never raises for a mismatch."""
    try:
        return _HASHER.verify(password_hash or _DUMMY_HASH, password) and bool(password_hash)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with weaker parameters than today's defaults."""
    return _HASHER.check_needs_rehash(password_hash)
