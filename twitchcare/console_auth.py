"""Staff sign-in for the clinic console: password hashes, tokens, lock-out and rate limits.

Pure functions and small classes (no web framework, no database): the console channel
(channels/console.py) and the store (twitchcare/console_store.py) call them.

- Passwords: scrypt (hashlib) with a random 16-byte salt per account, stored as
  "scrypt$n$r$p$salt_hex$hash_hex"; checked with a constant-time compare.
- Session and CSRF tokens: 32 random bytes (URL-safe); only the SHA-256 of a session token is
  stored, so a leaked database does not hand out sessions.
- Lock-out: after `max_failures` wrong passwords in a row an account is locked for
  `lockout_s` seconds (the count is kept per account in the database, so every replica sees it).
- Rate limit: at most `limit` sign-in attempts per client address per `window_s` seconds, in
  the process's memory (a sliding window).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections import deque
from dataclasses import dataclass
from typing import Deque, Dict, Optional

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, HASH_BYTES = 16, 32
MIN_PASSWORD_CHARS = 12
MAX_PASSWORD_CHARS = 1024  # scrypt over megabytes of "password" would be a denial of service
USERNAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789._-@"
MAX_USERNAME_CHARS = 64


class PasswordError(ValueError):
    pass


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=HASH_BYTES)


def check_new_password(password: str) -> None:
    """Raises PasswordError when `password` is too short or too long to be set."""
    if len(password) < MIN_PASSWORD_CHARS:
        raise PasswordError(f"a password needs at least {MIN_PASSWORD_CHARS} characters")
    if len(password) > MAX_PASSWORD_CHARS:
        raise PasswordError(f"a password has at most {MAX_PASSWORD_CHARS} characters")


def normalise_username(username: str) -> Optional[str]:
    """The lower-case user name, or None when it has other characters or is empty/too long."""
    name = username.strip().lower()
    if not name or len(name) > MAX_USERNAME_CHARS or any(c not in USERNAME_CHARS for c in name):
        return None
    return name


def hash_password(password: str, salt: Optional[bytes] = None) -> str:
    """The stored form of a new password (a fresh random salt unless one is given)."""
    check_new_password(password)
    salt = secrets.token_bytes(SALT_BYTES) if salt is None else salt
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, stored: str) -> bool:
    """True when `password` matches the stored hash (constant-time compare); False on any
    malformed hash or over-long password."""
    if len(password) > MAX_PASSWORD_CHARS:
        return False
    try:
        scheme, n, r, p, salt_hex, hash_hex = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = bytes.fromhex(hash_hex)
        actual = _scrypt(password, bytes.fromhex(salt_hex), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(actual, expected)


# A hash of a random password: checked when the user name is unknown, so that an unknown
# user name takes as long as a wrong password (no user enumeration by timing).
DUMMY_HASH = hash_password(secrets.token_urlsafe(24))


def new_token() -> str:
    """A random session or CSRF token."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    """What is stored for a session token (its SHA-256, hex)."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def same_token(given: Optional[str], expected: str) -> bool:
    """Constant-time comparison of a submitted token with the expected one."""
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    lockout_s: float = 900.0

    def after_failure(self, failures: int, now: float) -> "tuple[int, Optional[float]]":
        """(failures, locked_until) once one more wrong password was given."""
        failures += 1
        if failures >= self.max_failures:
            return 0, now + self.lockout_s
        return failures, None

    @staticmethod
    def is_locked(locked_until: Optional[float], now: float) -> bool:
        return locked_until is not None and now < locked_until


@dataclass(frozen=True)
class SessionPolicy:
    idle_s: float = 1800.0  # a session unused this long expires
    max_s: float = 12 * 3600.0  # and every session expires this long after sign-in

    def is_valid(self, created: float, last_seen: float, now: float) -> bool:
        return now - last_seen < self.idle_s and now - created < self.max_s


class RateLimiter:
    """At most `limit` events per key in any `window_s` seconds (a sliding window)."""

    def __init__(self, limit: int, window_s: float, max_keys: int = 10000):
        self.limit, self.window_s, self.max_keys = limit, window_s, max_keys
        self._events: Dict[str, Deque[float]] = {}

    def allow(self, key: str, now: float) -> bool:
        """Records one event for `key` and says whether it is within the limit."""
        events = self._events.get(key)
        if events is None:
            if len(self._events) >= self.max_keys:
                self._forget_old(now)
            events = self._events[key] = deque()
        while events and now - events[0] >= self.window_s:
            events.popleft()
        if len(events) >= self.limit:
            return False
        events.append(now)
        return True

    def _forget_old(self, now: float) -> None:
        for key in [k for k, v in self._events.items() if not v or now - v[-1] >= self.window_s]:
            del self._events[key]
        while len(self._events) >= self.max_keys:  # still full: drop the oldest keys
            del self._events[next(iter(self._events))]
