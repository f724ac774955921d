"""Password hashing with argon2id (argon2-cffi's recommended defaults), and the policy.

Only the hash is stored. Kept apart from :mod:`matcher.auth` so the repositories can
hash without importing the permission rules.

The policy (:func:`password_problems`) follows NIST SP 800-63B: a minimum length, no
password from a list of common ones, and not the username; no rules about character
classes, which push people to "Password1!" without making guessing harder.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError


def make_hasher() -> PasswordHasher:
    """argon2id with argon2-cffi's RFC 9106 "low memory" defaults (64 MiB, t=3, p=4)."""
    return PasswordHasher()


_HASHER = make_hasher()
# Verified against when the username does not exist, so a wrong username takes as long
# as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _HASHER.hash("not-a-real-password")

# Ten characters: the sign-in lockout (5 tries per 15 minutes) stops guessing online, but
# a stolen database copy is attacked offline, where argon2id slows each guess and only
# length makes the number of guesses large. Ten is what a counselor can still type on a
# phone, and far above the 8 of "12345678", the commonest password that was accepted.
MIN_PASSWORD_LENGTH = 10
INDONESIAN_LIST = Path(__file__).resolve().parents[1] / "resources" / "common_passwords_id.txt"
# Indonesian words are refused with the digits people most often add to them.
_SUFFIXES = ("", "1", "01", "123", "1234", "12345")


@cache
def common_passwords() -> frozenset[str]:
    """Refused passwords, lower case: the 30,000 commonest of the zxcvbn package (MIT,
    from leaked password sets) plus a hand-built Indonesian list with digit endings."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    words = {w.casefold() for w in FREQUENCY_LISTS["passwords"]}
    for line in INDONESIAN_LIST.read_text(encoding="utf-8").splitlines():
        word = line.strip().casefold()
        if word and not word.startswith("#"):
            words.update(word + suffix for suffix in _SUFFIXES)
    return frozenset(words)


def password_problems(password: str, username: str | None = None) -> list[str]:
    """Why ``password`` is refused, as codes (empty when it is fine).

    ``too_short``: under :data:`MIN_PASSWORD_LENGTH` characters; ``common``: on the
    list of common passwords (case ignored); ``has_username``: contains the username
    (of four characters or more).
    """
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append("too_short")
    if password.casefold() in common_passwords():
        problems.append("common")
    name = (username or "").strip().casefold()
    # From four letters: a three-letter name such as "ani" is inside too many words.
    if len(name) >= 4 and name in password.casefold():
        problems.append("has_username")
    return problems


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
