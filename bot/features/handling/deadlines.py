"""The deadline cards of handling within deadlines (限时办结): yellow, red and urge, each once.

``deliberation.deadlines.due_cards`` decides which card a waiting proposal has earned; this job
records it and queues its notices in one transaction: the officials of its departments always,
the moderators too from the red card on, or when no official serves those departments.
"""

from __future__ import annotations

from aiogram import Bot

from bot.features.handling.notices import KIND, age_text, desk, group_t, tell_officials
from bot.i18n import Translate
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import excerpt, message_link
from deliberation.deadlines import Card, CardDecision, OpenItem, due_cards
from deliberation.handling import HandlingCase
from storage.repositories.handling import HandlingRepository
from storage.uow import UnitOfWork

CARD_NAMES = {Card.YELLOW: "yellow", Card.RED: "red", Card.URGE: "urge"}


async def issue_cards(services: Services, bot: Bot) -> None:
    """Yellow, red and urge cards, each once: the card row is inserted in the transaction that
    queues its notices, so a restart neither repeats nor skips one."""
    now = services.clock.now()
    async with services.uow() as uow:
        repo = uow.repo(HandlingRepository)
        waiting = await repo.open_cases(submitted_before=now - services.handling.yellow_after,
                                        below_level=Card.URGE)
        cases = {c.number: c for c in waiting}
        items = [OpenItem(c.number, c.created_at, False, Card(min(c.issued, Card.URGE)), c.departments)
                 for c in cases.values()]
        for decision in due_cards(items, services.handling, now):
            age = int(decision.age.total_seconds())
            if await repo.issue_card(decision.number, decision.level, now=now, age_seconds=age):
                await _announce_card(services, uow, cases[decision.number], decision)
        await uow.commit()


async def _announce_card(services: Services, uow: UnitOfWork, case: HandlingCase, card: CardDecision) -> None:
    offices = desk(services)
    officials = offices.officials_of(card.departments)
    key = f"handling:card:{case.number}:{int(card.level)}"

    def render(t: Translate, told: bool = True) -> str:
        return t(f"handling-card-{CARD_NAMES[card.level]}", number=case.number, age=age_text(t, card.age),
                 departments=offices.label(card.departments) or "-", text=excerpt(case.text),
                 link=message_link(case.chat_id, case.message_id), told="yes" if told else "no")

    told = True
    if card.level >= Card.RED or not officials:
        # the department reads whether the moderators can actually be reached, not a promise
        told = await tell_moderators(services, uow, case.chat_id, key,
                                     render(group_t(services, case.chat_id)), kind=KIND)
    await tell_officials(services, uow, officials, key, lambda t: render(t, told))
