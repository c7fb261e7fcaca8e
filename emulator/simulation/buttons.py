"""The buttons the script presses, named by what they mean rather than by what they say.

A label depends on the group's language (附议 / Support), so a script that looked for labels
would play a different week in each language. The callback data does not: it is built here with
the bot's own builders, so the script presses exactly the button the bot's keyboard carries.
"""

from __future__ import annotations

from bot.features.handling.replies import rating_buttons
from bot.features.handling.review import PREFIX as DRAFT
from bot.features.nicknames.render import Recheck
from bot.features.proposals.render import SupportCallback
from deliberation.handling import Rating
from emulator.records import SentMessage


def support(number: int) -> str:
    """The 附议 button under a proposal's acknowledgement."""
    return SupportCallback(number=number).pack()


def renamed(user_id: int) -> str:
    """The 我已改名 button of the real-name notice addressed to ``user_id``."""
    return Recheck(action="recheck", user_id=user_id).pack()


def rating(number: int, value: Rating) -> str:
    """The button that rates the answer to proposal ``number`` with ``value``.

    The rating keyboard has one button per ``Rating``, in the enum's order; the label is
    irrelevant here, so the builder gets a translator that returns the key.
    """
    row = rating_buttons(lambda key, **_: key, number).inline_keyboard[0]
    data = dict(zip(Rating, (button.callback_data for button in row), strict=True))[value]
    assert data is not None, "a rating button without callback data"
    return data


def draft(message: SentMessage, *, approve: bool) -> str:
    """同意发布 (approve) or 退回修改 (send back) on a draft sent to a leader: the draft's id is in
    its buttons' data, the verb says which."""
    verb = f"{DRAFT}{'ok' if approve else 'back'}:"
    found = [data for row in message.reply_markup for _label, data in row if data and data.startswith(verb)]
    assert found, f"no {verb} button on message {message.message_id}"
    return found[0]
