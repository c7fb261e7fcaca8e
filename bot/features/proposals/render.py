"""What a proposal shows wherever it appears: its topics as hashtags, and the support button that
carries its number and how many support it."""

from __future__ import annotations

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot.i18n import Translate
from bot.texts import esc


class SupportCallback(CallbackData, prefix="psup"):
    number: int


def support_keyboard(t: Translate, number: int, count: int) -> InlineKeyboardMarkup:
    label = t("proposal-support-button", count=str(count))
    data = SupportCallback(number=number).pack()
    return InlineKeyboardMarkup(inline_keyboard=[[InlineKeyboardButton(text=label, callback_data=data)]])


def topics_text(t: Translate, topics: tuple[str, ...]) -> str:
    return " ".join(f"#{esc(topic)}" for topic in topics) or t("proposal-no-topics")
