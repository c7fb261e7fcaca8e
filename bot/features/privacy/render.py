"""What the privacy commands show: the notice, the export's summary and file, the confirmation."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from aiogram.filters.callback_data import CallbackData
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translate
from deliberation.privacy import RETENTION


class ForgetCallback(CallbackData, prefix="pforget"):
    user_id: int
    confirm: bool


def days(t: Translate, span: timedelta) -> str:
    return t("privacy-days", n=max(1, span.days))


def privacy_notice(t: Translate, departed_after: timedelta) -> str:
    kept = "\n".join(
        t("privacy-kept-line", kind=t(f"privacy-kind-{r.kind}"), days=days(t, r.keep_for)) for r in RETENTION
    )
    return t("privacy-info", departed=days(t, departed_after), kept=kept)


def summary(t: Translate, document: dict[str, Any]) -> str:
    return t(
        "privacy-mydata-summary",
        groups=len(document["memberships"]), proposals=len(document["proposals"]),
        supports=len(document["supports"]), opinions=len(document["opinions"]),
        sanctions=len(document["sanctions"]),
        audit=len(document["audit"]),
    )


def document_file(document: dict[str, Any]) -> BufferedInputFile:
    data = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return BufferedInputFile(data, filename=f"mydata-{document['user_id']}.json")


def forget_keyboard(t: Translate, user_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(inline_keyboard=[[
        InlineKeyboardButton(text=t("privacy-forget-yes"),
                             callback_data=ForgetCallback(user_id=user_id, confirm=True).pack()),
        InlineKeyboardButton(text=t("privacy-forget-no"),
                             callback_data=ForgetCallback(user_id=user_id, confirm=False).pack()),
    ]])
