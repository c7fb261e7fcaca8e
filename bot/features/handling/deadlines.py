"""The deadline cards of handling within deadlines (限时办结), each once: 黄牌警示, 红牌督办 and the
催办通知单, and the cards of a promised completion date passed.

``deliberation.deadlines`` decides which card a waiting proposal has earned; this job records it
and queues its notices in one transaction. Who is told climbs with the card, out of the
department: a yellow card goes to the department's officials (the moderators when it has none); a
red card to its leaders (分管领导) and the moderators too; the urge step is a 催办通知单 issued in the
supervising office's name to the officials and leaders, with a copy to the office. Each notice
says what is overdue, since when, and the command to act.
"""

from __future__ import annotations

from aiogram import Bot

from bot.features.handling.notices import KIND, age_text, desk, group_t, tell_officials
from bot.features.handling.publish import promise_date
from bot.i18n import Translate
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import esc, excerpt, message_link
from bot.timefmt import local_text
from deliberation.deadlines import (
    Card,
    CardDecision,
    OpenItem,
    PromiseCard,
    PromiseItem,
    due_cards,
    due_promise_cards,
)
from deliberation.handling import HandlingCase
from storage.repositories.handling import HandlingRepository
from storage.uow import UnitOfWork

CARD_NAMES = {Card.YELLOW: "yellow", Card.RED: "red", Card.URGE: "urge"}


async def issue_cards(services: Services, bot: Bot) -> None:
    """Reply cards and promise cards, each once: the card row is inserted in the transaction that
    queues its notices, so a restart neither repeats nor skips one."""
    now = services.clock.now()
    async with services.uow.transaction() as uow:
        repo = uow.repo(HandlingRepository)
        waiting = await repo.open_cases(submitted_before=now - services.handling.yellow_after,
                                        below_level=Card.URGE)
        cases = {c.number: c for c in waiting}
        items = [OpenItem(c.number, c.created_at, False, Card(min(c.issued, Card.URGE)), c.departments,
                          promised=c.promised_by is not None)
                 for c in cases.values()]
        for decision in due_cards(items, services.handling, now):
            age = int(decision.age.total_seconds())
            if await repo.issue_card(decision.number, decision.level, now=now, age_seconds=age):
                await _announce_card(services, uow, cases[decision.number], decision)
        promised = {c.number: (c, issued) for c, issued in await repo.open_promises(due_before=now)}
        promises = [PromiseItem(c.number, c.promised_by, c.promises, Card(issued), c.departments)
                    for c, issued in promised.values() if c.promised_by is not None]
        for card in due_promise_cards(promises, services.handling, now):
            overdue = int(card.overdue.total_seconds())
            if await repo.issue_promise_card(card.number, card.round, card.level, now=now,
                                             overdue_seconds=overdue):
                await _announce_promise_card(services, uow, promised[card.number][0], card)


def _since(services: Services, case: HandlingCase) -> str:
    group = services.groups.get(case.chat_id)
    return local_text(case.created_at, group.timezone if group else services.settings.locale.timezone)


async def _announce_card(services: Services, uow: UnitOfWork, case: HandlingCase, card: CardDecision) -> None:
    offices = desk(services)
    officials = offices.officials_of(card.departments)
    key = f"handling:card:{case.number}:{int(card.level)}"
    office = offices.supervision

    leaders = offices.leaders_of(card.departments) if card.level >= Card.RED else []

    def render(t: Translate, told: bool = True) -> str:
        return t(f"handling-card-{CARD_NAMES[card.level]}", number=case.number, age=age_text(t, card.age),
                 departments=offices.label(card.departments) or "-", text=excerpt(case.text),
                 link=message_link(case.chat_id, case.message_id), since=_since(services, case),
                 office=esc(office.office) or t("handling-office-none"), told="yes" if told else "no",
                 leaders="yes" if leaders else "no")

    told = True
    if card.level >= Card.RED or not officials:
        # the department reads whether the moderators can actually be reached, not a promise
        told = await tell_moderators(services, uow, case.chat_id, key,
                                     render(group_t(services, case.chat_id)), kind=KIND)
    await tell_officials(services, uow, [*officials, *leaders], key, lambda t: render(t, told))
    if card.level is Card.URGE and office.configured:
        await tell_officials(services, uow, office.recipients, f"{key}:office",
                             lambda t: t("handling-urge-copy", notice=render(t, told)))


async def _announce_promise_card(services: Services, uow: UnitOfWork, case: HandlingCase,
                                 card: PromiseCard) -> None:
    offices = desk(services)
    officials = offices.officials_of(card.departments)
    key = f"handling:promise-card:{case.number}:{card.round}:{int(card.level)}"

    def render(t: Translate) -> str:
        return t(f"handling-promise-{CARD_NAMES[card.level]}", number=case.number,
                 date=promise_date(services, card.promised_by), age=age_text(t, card.overdue),
                 departments=offices.label(card.departments) or "-", text=excerpt(case.text),
                 link=message_link(case.chat_id, case.message_id))

    leaders = offices.leaders_of(card.departments) if card.level >= Card.RED else []
    await tell_officials(services, uow, [*officials, *leaders], key, render)
    if card.level >= Card.RED or not officials:
        await tell_moderators(services, uow, case.chat_id, key, render(group_t(services, case.chat_id)),
                              kind=KIND)
