"""Delivers the outbox: every message scheduled work decided to send, once.

A row is marked sent in its own commit right after Telegram accepted it, so a crash can at worst
repeat the one message in flight, never skip one. The send path (``bot.telegram.send``) paces
and retries each call; here each row's outcome is recorded and no row holds back the ones
behind it:

- a row whose chat is not free within ``PATIENCE`` (a group at its 20 a minute, a 429) is put
  back for the moment its chat is free, and the chat's later rows with it, in order;
- any failure (Telegram's refusal, a 5xx, a timeout, an answer that cannot be decoded, anything
  else) counts one attempt on that row, records why (per row and per message kind) and the run
  goes on; a row fails for good after ``MAX_ATTEMPTS``, or at once when Telegram refuses it;
- a row is only sent while its lease is ours (``renew``), so a run slower than the lease never
  sends a row a second run has taken meanwhile;
- on a stop the send in flight finishes and is recorded, the rest of the run's rows are given
  back at once; at start-up, rows a killed earlier run of this instance held are given back too.

A recipient who never opened a private chat is served through the row's fallback chat when there
is one.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import logging
import socket
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from aiogram import Bot, methods
from aiogram.exceptions import TelegramBadRequest, TelegramForbiddenError, TelegramRetryAfter
from aiogram.types import BufferedInputFile

from bot.services import Services
from bot.telegram.send import Deferred, describe, failure_kind, options
from deliberation.outbox import OutboxRecord
from storage.uow import UnitOfWork

log = logging.getLogger("delibot.outbox")
MAX_ATTEMPTS = 8
# longer than any one send can take; renewed before a row is sent once half of it has passed
LEASE = timedelta(minutes=10)
RENEW_AFTER = timedelta(minutes=5)
PATIENCE = 2.0  # seconds a row may wait for its chat before the rows behind it go first
# a row put back for a moment this close is waited for in the same run (the tick's interval)
FOLLOW_UP = timedelta(seconds=5)
CALL_ATTEMPTS = 3  # tries within one run; the row's own retries (with back-off) come after


@dataclass(eq=False)
class DeliveryState:
    """Who this process is to the outbox's leases, and whether it is stopping."""

    instance: str = field(default_factory=socket.gethostname)
    run: str = field(default_factory=lambda: uuid.uuid4().hex[:12])
    stopping: bool = False
    _takes: itertools.count[int] = field(default_factory=itertools.count)

    def owner(self) -> str:
        return f"{self.instance}#{self.run}#{next(self._takes)}"


def delivery_state(services: Services) -> DeliveryState:
    try:
        return services.state(DeliveryState)
    except KeyError:
        return services.keep(DeliveryState())


def _method(record: OutboxRecord) -> methods.TelegramMethod[Any]:
    params = dict(record.params)
    for name in ("photo", "document"):
        encoded = params.pop(f"{name}_b64", None)
        if encoded is not None:
            filename = params.pop("filename", f"{name}.png")
            params[name] = BufferedInputFile(base64.b64decode(encoded), filename=filename)
    cls = getattr(methods, record.method[0].upper() + record.method[1:])
    return cls(chat_id=record.chat_id, **params)


async def release_stale(services: Services) -> int:
    """At start-up: what an earlier run of this instance still held is due again at once."""
    state = delivery_state(services)
    async with services.uow() as uow:
        released = await uow.outbox.release_stale(state.instance, state.run, services.clock.now())
        # own commit: stale leases released before anything is sent
        await uow.commit()
    if released:
        log.info("outbox rows released from an earlier run count=%d", released)
    return released


async def deliver_due(services: Services, bot: Bot, limit: int = 200) -> int:
    """Send what is due now; returns how many rows were delivered.

    One unit of work serves the whole run: it commits the take, then each row's outcome right
    after its send, and opens no new session per row."""
    state = delivery_state(services)
    delivered = 0
    async with services.uow() as uow:
        while not state.stopping:
            owner = state.owner()
            taken_at = services.clock.now()
            rows = await uow.outbox.take(taken_at, lease=LEASE, limit=limit, owner=owner)
            # own commit: the lease is taken before the sends, so another run skips these rows
            await uow.commit()
            if not rows:
                return delivered
            try:
                sent, soonest = await _send_rows(services, uow, bot, rows, owner, taken_at)
                delivered += sent
            finally:
                await _give_back(services, uow, owner)
            if len(rows) < limit:
                wait = (soonest - services.clock.now()).total_seconds() if soonest else None
                if wait is None or wait > FOLLOW_UP.total_seconds():
                    return delivered  # the next tick takes what was put back
                await services.pacer.sleep(max(wait, 0.0))
    return delivered


async def _send_rows(
    services: Services, uow: UnitOfWork, bot: Bot, rows: list[OutboxRecord], owner: str,
    taken_at: datetime,
) -> tuple[int, datetime | None]:
    """Returns how many were sent and the soonest moment a row was put back for."""
    state = delivery_state(services)
    delivered = 0
    later: dict[int, datetime] = {}  # chat -> when it is free again: its rows keep their order
    for record in rows:
        if state.stopping:
            break
        now = services.clock.now()
        if record.chat_id in later:
            await uow.outbox.defer(record.id, later[record.chat_id])
            # own commit: the row waits for its chat's slot; the rows behind it go on
            await uow.commit()
            continue
        if now - taken_at >= RENEW_AFTER:
            ours = await uow.outbox.renew(record.id, owner, now + LEASE)
            # own commit: the renewed lease is kept before the send
            await uow.commit()
            if not ours:
                continue
        outcome = await _send(services, uow, bot, record)
        if isinstance(outcome, datetime):
            later[record.chat_id] = outcome
        else:
            delivered += outcome
    return delivered, min(later.values(), default=None)


async def _give_back(services: Services, uow: UnitOfWork, owner: str) -> None:
    """Rows of this take not sent (a stop, a cancelled run, a failed commit): due again now."""
    try:
        await uow.rollback()
        released = await uow.outbox.release(owner, services.clock.now())
        # own commit: leases of the stopped run are given back at once
        await uow.commit()
    except Exception:
        log.exception("outbox rows not given back; they come back when their lease runs out")
        return
    if released:
        log.info("outbox rows given back count=%d", released)


async def _deliver(services: Services, bot: Bot, record: OutboxRecord) -> int:
    """One row, in a unit of work of its own (if it is still due)."""
    owner = delivery_state(services).owner()
    async with services.uow() as uow:
        taken = await uow.outbox.take_row(record.id, services.clock.now(), lease=LEASE, owner=owner)
        # own commit: the row is ours before it is sent
        await uow.commit()
        if taken is None:
            return 0
        outcome = await _send(services, uow, bot, taken)
        return outcome if isinstance(outcome, int) else 0


async def _send(services: Services, uow: UnitOfWork, bot: Bot, record: OutboxRecord) -> int | datetime:
    """Send one taken row and commit its outcome at once: 1 sent, 0 not (recorded why), or the
    moment the row was put back for (its chat is not free before)."""
    try:
        with options(patience=PATIENCE, attempts=CALL_ATTEMPTS):
            result = await bot(_method(record))
    except Deferred as exc:
        due = services.clock.now() + timedelta(seconds=max(exc.seconds, 0.0))
        await uow.outbox.defer(record.id, due)
        # own commit: the deferral is kept before the next row
        await uow.commit()
        return due
    except TelegramForbiddenError as exc:
        return await _undeliverable(services, uow, record, exc)
    except TelegramBadRequest as exc:
        if "chat not found" in exc.message.lower() and record.fallback_chat_id:
            return await _undeliverable(services, uow, record, exc)
        await _failed(services, uow, record, exc, final=True)
        return 0
    except Exception as exc:  # whatever it was, this row records it and the run goes on
        await _failed(services, uow, record, exc, final=record.attempts + 1 >= MAX_ATTEMPTS)
        return 0
    message_id = getattr(result, "message_id", None)
    sent = {"message_id": message_id} if message_id else {}
    await uow.outbox.mark_sent(record.id, services.clock.now(), sent)
    # own commit: each sent message is marked in its own commit: a crash resends at most one
    await uow.commit()
    services.metrics.outbox_sent.labels(kind=record.kind).inc()
    return 1


async def _failed(services: Services, uow: UnitOfWork, record: OutboxRecord, exc: Exception, *,
                  final: bool) -> None:
    cause = failure_kind(exc)
    error = f"{cause}: {describe(exc)}"
    now = services.clock.now()
    services.metrics.outbox_failed.labels(kind=record.kind, cause=cause).inc()
    if final:
        log.warning("outbox failed id=%s kind=%s cause=%s attempts=%d", record.id, record.kind, cause,
                    record.attempts + 1)
        await uow.outbox.mark_failed(record.id, now, error)
    else:
        delay = timedelta(seconds=min(3600, 5 * 2**record.attempts))
        if isinstance(exc, TelegramRetryAfter):
            delay = max(delay, timedelta(seconds=exc.retry_after))
        log.info("outbox retry later id=%s kind=%s cause=%s attempt=%d in=%ds", record.id, record.kind,
                 cause, record.attempts + 1, int(delay.total_seconds()))
        await uow.outbox.retry_later(record.id, now, delay, error)
    # own commit: the failed attempt is counted before the next row
    await uow.commit()


async def _undeliverable(services: Services, uow: UnitOfWork, record: OutboxRecord, exc: Exception) -> int:
    if record.fallback_chat_id:
        log.info("outbox fallback id=%s kind=%s", record.id, record.kind)
        await uow.outbox.redirect(record.id, record.fallback_chat_id, services.clock.now())
    else:
        services.metrics.outbox_failed.labels(kind=record.kind, cause=failure_kind(exc)).inc()
        await uow.outbox.mark_failed(record.id, services.clock.now(), f"{failure_kind(exc)}: {describe(exc)}")
        for hook in services.hooks.undeliverable:
            await hook(services, uow, record)
    # own commit: the give-up is recorded with its hooks before the next row
    await uow.commit()
    return 0


class OutboxWaker:
    """Delivers right after an update queued something, instead of at the next tick.

    Counted in flight, so a graceful stop (and the test harness) waits for it; wakes that come
    while a delivery runs make it go round once more.
    """

    def __init__(self, services: Services, bot: Bot) -> None:
        self.services = services
        self.bot = bot
        self._task: asyncio.Task[None] | None = None
        self._again = False

    def wake(self) -> None:
        if delivery_state(self.services).stopping:
            return  # what was queued stays queued: the next start delivers it
        if self._task is not None and not self._task.done():
            self._again = True
            return
        self.services.in_flight.enter()
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def deliver(self) -> None:
        """Deliver now, in the caller's task (the simulation, which runs one thing at a time)."""
        await deliver_due(self.services, self.bot)

    async def stop(self, grace: float) -> None:
        """No new deliveries; the one running finishes its send in flight and gives back the rest
        (cancelled after ``grace`` seconds, its rows given back all the same)."""
        delivery_state(self.services).stopping = True
        task = self._task
        if task is None or task.done():
            return
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except TimeoutError:
            log.warning("outbox delivery cancelled at shutdown")
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)

    async def _run(self) -> None:
        try:
            while True:
                self._again = False
                await deliver_due(self.services, self.bot)
                if not self._again or delivery_state(self.services).stopping:
                    return
        except Exception:
            log.exception("outbox delivery failed")
        finally:
            self.services.in_flight.leave()
