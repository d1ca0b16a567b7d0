"""The three administrators' second factor (S3, on by default) for the system and browser tests: RFC 6238 codes,
each time step used once per account, as the server requires."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time

# realm (a data folder or database) → user name → Base32 secret, and the last time step used.
_secrets: dict[tuple[str, str], str] = {}
_last_step: dict[tuple[str, str], int] = {}


def code(secret: str, step: int) -> str:
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    digest = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def remember(realm: str, user: str, secret: str) -> None:
    _secrets[(realm, user)] = secret
    _last_step[(realm, user)] = int(time.time()) // 30


def secret_of(realm: str, user: str) -> str | None:
    return _secrets.get((realm, user))


def fresh_code(realm: str, user: str) -> str | None:
    """A code for an enrolled account that the server has not seen yet (one step of drift is accepted either way),
    or None when the account has no second factor here."""
    secret = _secrets.get((realm, user))
    if secret is None:
        return None
    while True:
        now = int(time.time()) // 30
        step = max(now - 1, _last_step.get((realm, user), -1) + 1)
        if step <= now + 1:
            break
        time.sleep(1)
    _last_step[(realm, user)] = step
    return code(secret, step)
