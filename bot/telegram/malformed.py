"""An update that does not parse is skipped, and said so without what it holds.

One update aiogram cannot parse (a field of an unexpected type, a shape newer than the library)
must not stop the ones after it: long polling would ask for it again from the same offset for
ever, a webhook answering 500 would have Telegram deliver it again for ever, and every later
update waits behind it. Both skip it; the log names its ``update_id`` and the failing field
paths, never values (names and message texts are personal data).
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

log = logging.getLogger("delibot.updates")


def skipped(item: Any, error: ValidationError) -> int | None:
    """Log the skip; the update's id, when it has a usable one."""
    update_id = item.get("update_id") if isinstance(item, dict) else None
    errors = error.errors(include_input=False, include_url=False)
    fields = sorted({".".join(str(p) for p in e["loc"]) for e in errors})
    log.warning("malformed update skipped update_id=%s fields=%s", update_id, ",".join(fields[:5]))
    return update_id if isinstance(update_id, int) and not isinstance(update_id, bool) else None
