"""Telegram Mini App ``initData``: checked as Telegram documents it, before anything is shown.

The data-check string is every field but ``hash``, as ``key=value`` sorted by key and joined by
newlines; the secret key is HMAC-SHA256 of the bot token keyed with "WebAppData"; the hash is
HMAC-SHA256 of the data-check string under that key. ``auth_date`` must be recent, so a copied
link stops working.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import parse_qsl

MAX_AGE = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class WebAppUser:
    id: int
    first_name: str
    language_code: str | None


def data_check_string(fields: dict[str, str]) -> str:
    return "\n".join(f"{k}={v}" for k, v in sorted(fields.items()) if k != "hash")


def signature(fields: dict[str, str], token: str) -> str:
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    return hmac.new(secret, data_check_string(fields).encode(), hashlib.sha256).hexdigest()


def validate(init_data: str, token: str, now: datetime, max_age: timedelta = MAX_AGE) -> WebAppUser | None:
    """The signed user, or None when the data is missing, forged, stale or has no user."""
    if not init_data or not token:
        return None
    try:
        fields = dict(parse_qsl(init_data, keep_blank_values=True, strict_parsing=True))
    except ValueError:
        return None
    given = fields.get("hash", "")
    if not given or not hmac.compare_digest(given, signature(fields, token)):
        return None
    try:
        auth_date = int(fields.get("auth_date", ""))
        user = json.loads(fields.get("user", ""))
        user_id = int(user["id"])
    except (ValueError, KeyError, TypeError):
        return None
    age = now.timestamp() - auth_date
    if age < -60 or age > max_age.total_seconds():  # a minute of clock skew either way
        return None
    return WebAppUser(user_id, str(user.get("first_name", "")), user.get("language_code"))
