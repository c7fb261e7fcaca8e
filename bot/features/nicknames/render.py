"""What the real-name rule says: the reason a name does not comply, an example that does, and the
notice that tells a member, by mention, what to change and by when (with its buttons)."""

from __future__ import annotations

from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, User

from bot.i18n import Translate
from bot.services import Services
from bot.texts import esc, mention_name
from bot.timefmt import local_text
from deliberation.nicknames import NameVerdict
from deliberation.policy import GroupPolicy


class Recheck(CallbackData, prefix="names"):
    """The notice's 我已改名 button: the member it was for asks to be judged again."""

    action: str
    user_id: int


def reason_text(t: Translate, verdict: NameVerdict, *, html: bool = True) -> str:
    """One text per reason code of ``deliberation.nicknames.REASONS``, filled from the detail."""
    if verdict.ok or verdict.reason is None:
        return t("names-reason-recheck")
    detail = {k: esc(v) if html and isinstance(v, str) else v for k, v in verdict.detail.items()}
    return t("names-reason-" + verdict.reason.replace("_", "-"), **detail)


def example(t: Translate, group: GroupPolicy, sep: str | None = None) -> str:
    policy = group.nickname
    unit = policy.units[0] if policy.units else t("names-example-unit")
    if sep is None:
        sep = next((s for s in policy.separators if s.strip()), " ")
    return f"{t('names-example-name')}{sep}{unit}"


who = mention_name


def notice(
    services: Services, t: Translate, group: GroupPolicy, user: User, verdict: NameVerdict, deadline: datetime
) -> tuple[str, InlineKeyboardMarkup]:
    text = t(
        "names-notice", mention=who(user.id, user.first_name, user.last_name),
        reason=reason_text(t, verdict), example=esc(example(t, group)),
        deadline=local_text(deadline, group.timezone),
    )
    data = Recheck(action="recheck", user_id=user.id).pack()
    rows = [[InlineKeyboardButton(text=t("names-button-renamed"), callback_data=data)]]
    if group.nickname.mode == "register" and services.bot_username:
        link = f"https://t.me/{services.bot_username}?start=iam"
        text += "\n" + t("names-notice-register", link=link)
        rows.append([InlineKeyboardButton(text=t("names-button-register"), url=link)])
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
