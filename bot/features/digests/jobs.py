"""The digest and ranking jobs: claim a period, queue every message in the outbox."""

from __future__ import annotations

import asyncio
import base64
import logging
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot

from bot.features.digests.render import render_digest, render_month, render_ranking
from bot.jobs.outbox import deliver_due
from bot.jobs.runner import JobRunner
from bot.messages import queued_text
from bot.notify import tell_moderators
from bot.services import Services
from bot.texts import display_name, mention, message_link
from bot.timefmt import local, zone
from deliberation.digests import GroupDay, build_digests, select_for_officials, summarise_month
from deliberation.outbox import OutboxRecord
from deliberation.ranking import Ranking, weekly_ranking
from storage.repositories.digests import DIGEST_JOB, DigestRepository
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.digests")

RANKING_JOB = "ranking"
MONTHLY_JOB = "monthly-summary"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _at(services: Services) -> time:
    hour, minute = services.digest.at.split(":")
    return time(int(hour), int(minute))


def setup(services: Services) -> None:
    at, tz = _at(services), services.digest.timezone
    # fire at the digest hour itself; the minute job below catches a run missed while down
    services.hooks.schedule.append(
        lambda scheduler, runner: scheduler.add_job(
            runner.run_named, "cron", args=["digests"], hour=at.hour, minute=at.minute,
            timezone=ZoneInfo(tz), id="digests", coalesce=True,
        )
    )
    services.hooks.undeliverable.append(on_undeliverable)


async def on_undeliverable(services: Services, uow: UnitOfWork, record: OutboxRecord) -> None:
    """An official who never opened a private chat (and no fallback chat): moderators are told."""
    if record.kind != DIGEST_JOB or record.chat_id not in services.officials:
        return
    user = await uow.chats.get_user(record.chat_id)
    name = display_name(user.first_name, user.last_name) if user else str(record.chat_id)
    t = services.translator.bind(services.translator.default)
    period = record.key.split(":")[1]
    await tell_moderators(
        services, uow, None, f"digest-undeliverable:{period}:{record.chat_id}",
        t("digest-undeliverable", official=mention(record.chat_id, name)),
    )


def register_jobs(runner: JobRunner) -> None:
    runner.add("digests", timedelta(minutes=1), run_digests)


async def run_digests(services: Services, bot: Bot, *, deliver: bool = True) -> None:
    """Due once local time passes ``digest.at``: queue the day's digests (and, on the ranking
    day or later in the same ISO week, the week's ranking) unless claimed, then deliver."""
    now = services.clock.now()
    today = local(now, services.digest.timezone)
    if today.time() < _at(services):
        return
    queued = await queue_digests(services, now, today.date().isoformat())
    queued = await queue_ranking(services, now, today.date()) or queued
    queued = await queue_months(services, now, today.date()) or queued
    if queued and deliver:
        # the cron trigger can fire while the tick's outbox job is delivering: two deliverers
        # reading the same pending rows would send them twice, so deliveries share one lock
        await deliver_due(services, bot)


async def _languages(uow: UnitOfWork, services: Services, user_ids: list[int]) -> dict[int, str]:
    users = await uow.chats.users(user_ids)
    return {
        uid: services.language(None, users[uid].language_code if uid in users else None) for uid in user_ids
    }


async def compose_digests(services: Services, now: datetime) -> list[tuple[int, list[str]]]:
    """Every official's digest as Telegram HTML parts, from the database; sends nothing."""
    officials = sorted(services.officials)
    async with services.uow() as uow:
        repo = uow.repo(DigestRepository)
        since = {o: end for o, end in (await repo.last_digest_ends()).items() if o in services.officials}
        earliest = min([now - timedelta(days=1), *since.values()])
        titles = {chat_id: g.title for chat_id, g in services.groups.items()}
        lines = await repo.proposal_lines(earliest, titles=titles, link_for=message_link)
        groups = []
        for chat_id, group in services.groups.items():
            day = (local(now, group.timezone).date() - timedelta(days=1)).isoformat()
            c = await uow.chats.group_day(chat_id, day)
            groups.append(GroupDay(chat_id, group.title, c["messages"], c["active_members"], c["joins"],
                                   c["removals"], c["name_problems"]))
        languages = await _languages(uow, services, officials)
        # what other features add (consultations, corrections), since the earliest digest's start
        sections = [s for hook in services.hooks.digest_sections
                    if (s := await hook(services, uow, earliest, now))]
    inputs = select_for_officials(lines, groups, services.departments, until=now, since=since)
    tz = zone(services.digest.timezone)
    digests = []
    for d in build_digests(inputs, now):
        t = services.translator.bind(languages[d.official_id])
        digests.append((d.official_id, render_digest(d, t, tz) + [section(t) for section in sections]))
    return digests


async def queue_digests(services: Services, now: datetime, period: str) -> bool:
    async with services.uow() as uow:
        if await uow.claims.is_claimed(DIGEST_JOB, period):
            return False
    digests = await compose_digests(services, now)
    fallback = services.digest.fallback_chat_id or None
    # the period is claimed in the unit that queues its messages: all of them or none
    async with services.uow.transaction() as uow:
        if not await uow.claims.claim(DIGEST_JOB, period, now=now, owner=services.instance):
            return False  # another replica took it; nothing of ours is kept
        for official, parts in digests:
            for number, text in enumerate(parts):
                await uow.outbox.enqueue(
                    key=f"{DIGEST_JOB}:{period}:{official}:{number}", kind=DIGEST_JOB, chat_id=official,
                    params=_text(text), now=now, fallback_chat_id=fallback,
                )
        await uow.claims.mark_done(DIGEST_JOB, period, now=now)
    log.info("digests queued period=%s officials=%d", period, len(digests))
    return True


def _text(text: str) -> dict[str, Any]:
    return queued_text(text, parse_mode="HTML")


def ranking_week(services: Services, today: date) -> tuple[date, str] | None:
    """The ranking day of ``today``'s ISO week and the week's name, once that day has come."""
    day = today + timedelta(days=WEEKDAYS.index(services.digest.weekly_ranking) - today.weekday())
    if today < day:
        return None
    year, week, _ = day.isocalendar()
    return day, f"{year}-W{week:02d}"


async def queue_ranking(services: Services, now: datetime, today: date) -> bool:
    found = ranking_week(services, today)
    if found is None:
        return False
    day, period = found
    tz = zone(services.digest.timezone)
    # the previous seven local days, midnight to midnight (a DST change keeps whole days)
    end = datetime.combine(day, time(0), tz).astimezone(UTC)
    start = datetime.combine(day - timedelta(days=7), time(0), tz).astimezone(UTC)
    officials = sorted(services.officials)
    async with services.uow() as uow:
        if await uow.claims.is_claimed(RANKING_JOB, period):
            return False
        items = await uow.repo(DigestRepository).handled_items(
            start, end, now=now, reply_due=services.handling.reply_due
        )
        languages = await _languages(uow, services, officials)
    ranking = weekly_ranking(items, services.departments, start, end)
    default = services.translator.default
    public = [g for g in services.groups.values() if g.publicity.weekly_ranking]
    rendered = {lang: await _render_ranking(services, ranking, lang)
                for lang in {default, *languages.values(), *(g.locale for g in public)}}
    log_chat = services.settings.moderation.log_chat_id
    async with services.uow.transaction() as uow:  # the week's claim and its messages, as above
        if not await uow.claims.claim(RANKING_JOB, period, now=now, owner=services.instance):
            return False
        for official in officials:
            for key, method, params in rendered[languages[official]]:
                await uow.outbox.enqueue(key=f"{RANKING_JOB}:{period}:{official}:{key}", kind=RANKING_JOB,
                                         chat_id=official, method=method, params=params, now=now)
        for key, method, params in rendered[default]:
            if method == "sendMessage":
                await tell_moderators(services, uow, None, f"{RANKING_JOB}:{period}:moderators:{key}",
                                      params["text"], kind=RANKING_JOB)
                continue
            for chat_id in [log_chat] if log_chat else sorted(services.moderators):
                await uow.outbox.enqueue(key=f"{RANKING_JOB}:{period}:moderators:{key}:{chat_id}",
                                         kind=RANKING_JOB, chat_id=chat_id, method=method, params=params,
                                         now=now)
        for group in public:  # 公开排名: where the proposals were made, when the group wants it
            for key, method, params in rendered[group.locale]:
                await uow.outbox.enqueue(key=f"{RANKING_JOB}:{period}:group:{group.chat_id}:{key}",
                                         kind=RANKING_JOB, chat_id=group.chat_id, method=method,
                                         params=params, now=now)
        await uow.claims.mark_done(RANKING_JOB, period, now=now)
    log.info("ranking queued period=%s proposals=%d", period, ranking.total)
    return True


async def queue_months(services: Services, now: datetime, today: date) -> bool:
    """From the first day of a month on: last month's figures, in each group that publishes them,
    once per group and month (claimed with its message)."""
    groups = [g for g in services.groups.values() if g.publicity.monthly_summary]
    if not groups:
        return False
    first = today.replace(day=1)
    last_month = (first - timedelta(days=1)).replace(day=1)
    tz = zone(services.digest.timezone)
    start = datetime.combine(last_month, time(0), tz).astimezone(UTC)
    end = datetime.combine(first, time(0), tz).astimezone(UTC)
    month = last_month.strftime("%Y-%m")
    queued = False
    for group in groups:
        period = f"{month}:{group.chat_id}"
        async with services.uow.transaction() as uow:
            if not await uow.claims.claim(MONTHLY_JOB, period, now=now, owner=services.instance):
                continue
            made = await uow.proposals.find(since=start, until=end, chat_id=group.chat_id)
            summary = summarise_month((p.state, p.rating) for p in made)
            if summary.proposals:  # a month without proposals (before the bot came, say) is not news
                text = render_month(services.translator.bind(group.locale), month, summary)
                await uow.outbox.enqueue(key=f"{MONTHLY_JOB}:{period}", kind=MONTHLY_JOB,
                                         chat_id=group.chat_id, params=_text(text), now=now)
                queued = True
            await uow.claims.mark_done(MONTHLY_JOB, period, now=now)
    return queued


async def _render_ranking(
    services: Services, ranking: Ranking, lang: str
) -> list[tuple[str, str, dict[str, Any]]]:
    """(key suffix, method, params): the text parts, then the chart when a department is ranked."""
    t = services.translator.bind(lang)
    tz = zone(services.digest.timezone)
    calls = [(str(n), "sendMessage", _text(text)) for n, text in enumerate(render_ranking(ranking, t, tz))]
    if ranking.ranked:
        start = ranking.period_start.astimezone(tz).strftime("%Y-%m-%d")
        end = (ranking.period_end.astimezone(tz) - timedelta(days=1)).strftime("%Y-%m-%d")
        title = t("ranking-chart-title", start=start, end=end)
        labels = {"on_time": t("ranking-chart-on-time"), "satisfaction": t("ranking-chart-satisfaction"),
                  "empty": t("ranking-chart-empty")}
        # matplotlib is slow and blocking: draw in a worker thread, off the event loop
        from bot.features.digests.chart import (
            ranking_chart_png,  # matplotlib costs ~40 MiB: load it weekly, not at start
        )

        png = await asyncio.to_thread(ranking_chart_png, ranking, title, labels)
        photo = {"photo_b64": base64.b64encode(png).decode("ascii"), "filename": "ranking.png",
                 "caption": title}
        calls.append(("chart", "sendPhoto", photo))
    return calls
