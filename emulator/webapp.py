"""Telegram's side of a Mini App: the signed ``initData`` a WebApp button hands the page.

The harness and the simulation open the supervision view as Telegram would: the page's address
with ``#tgWebAppData=<initData>``, signed with the bot's token.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from urllib.parse import quote, urlencode


def sign_init_data(
    token: str, user_id: int, first_name: str, now: datetime, language_code: str = "zh"
) -> str:
    user = json.dumps({"id": user_id, "first_name": first_name, "language_code": language_code},
                      ensure_ascii=False, separators=(",", ":"))
    fields = {"auth_date": str(int(now.timestamp())), "query_id": f"AA{user_id}", "user": user}
    check = "\n".join(f"{k}={v}" for k, v in sorted(fields.items()))
    secret = hmac.new(b"WebAppData", token.encode(), hashlib.sha256).digest()
    fields["hash"] = hmac.new(secret, check.encode(), hashlib.sha256).hexdigest()
    return urlencode(fields, quote_via=quote)


def webapp_url(base: str, init_data: str) -> str:
    """What the WebApp button opens: the page, with the data in the fragment as Telegram passes it."""
    return f"{base}#tgWebAppData={quote(init_data, safe='')}"
