"""Publishing a reply in the group once it is recorded: the interim reply with its promised date
(回复) or the final answer with the rating buttons (办结告知), marked 整改 when it follows an
unsatisfied rating.

Called after the commit (``uow.after_commit``), so nothing is posted for a step that was not
recorded; the answer's message id is then kept in a unit of work of its own, since the update's
transaction has ended.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from aiogram import Bot

from bot.features.handling.notices import desk
from bot.features.handling.replies import reply_to_author
from bot.i18n import Translate
from bot.services import Services
from bot.texts import esc
from bot.timefmt import zone
from deliberation.handling import Action, HandlingCase, Transition
from storage.repositories.handling import HandlingRepository

Confirm = Callable[[str], Awaitable[object]]


def promise_date(services: Services, promised_by: datetime | None) -> str:
    """The promised day as people wrote it: the promise runs to the end of that local day."""
    if promised_by is None:
        return ""
    local = (promised_by - timedelta(seconds=1)).astimezone(zone(services.settings.locale.timezone))
    return local.strftime("%Y-%m-%d")


async def publish(
    services: Services, bot: Bot, case: HandlingCase, step: Transition, *,
    confirm: Confirm | None = None, t: Translate | None = None,
) -> int | None:
    """Post the recorded reply in the group as a reply to the proposal; ``confirm`` tells the
    official who sent it (in ``t``) whether it was posted."""
    label = desk(services).label({step.department} if step.department else ())
    text = esc(step.detail or "")  # whole: tell_group splits a long answer over several messages
    if step.action is Action.ANSWER:
        key = "handling-answer-rework" if step.rework else "handling-answer"
        posted = await reply_to_author(services, bot, case, key, rated=True, department=label, text=text)
        if posted is not None:
            async with services.uow.transaction() as uow:  # after the answer's own commit
                await uow.repo(HandlingRepository).set_answer_message(case.number, posted)
    else:
        key = "handling-progress-extended" if step.extends is not None else "handling-progress"
        posted = await reply_to_author(services, bot, case, key, department=label, text=text,
                                       date=promise_date(services, step.promised_by))
    if confirm is not None and t is not None:
        done = "handling-done-answer" if step.action is Action.ANSWER else "handling-done-progress"
        said = done if posted is not None else "handling-answer-not-posted"
        await confirm(t(said, number=case.number, date=promise_date(services, step.promised_by)))
    return posted
