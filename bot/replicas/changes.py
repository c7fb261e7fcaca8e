"""What one replica changes about a member reaches the others' caches within moments.

The roster (``bot.roster``) keeps members in memory so that ordinary messages cost no database
round-trip; with several replicas each has its own. Every change a replica makes to a member (a
name verdict, a restriction or its end, an exemption, joining, leaving, removal, promotion) is
published on ``<prefix>:changes`` once the update that made it committed; the others drop the
member from their roster, so the next update about them reads the row the change wrote, and let
the features that cache about members know (``hooks.member_changed``). Admin changes carry the new
flag, which the others apply at once. A change to what features cache about a group (its FAQ)
travels the same way (``Services.group_changed`` here, ``hooks.group_changed`` there).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

from bot.replicas.coordination import Coordination
from bot.services import Services

log = logging.getLogger("delibot.replicas")


class ChangeFeed:
    def __init__(self, services: Services, coordination: Coordination) -> None:
        self.services = services
        self.c = coordination
        self.channel = coordination.key("changes")
        self.received = 0
        self._sending: set[asyncio.Task[None]] = set()
        services.roster.listener = self.changed
        services.announce = self.group_changed

    def changed(self, kind: str, chat_id: int, user_id: int, admin: bool) -> None:
        """Called by the roster on every change this replica makes."""
        self._send({"from": self.c.member, "kind": kind, "chat": chat_id, "user": user_id, "admin": admin})

    def group_changed(self, what: str, chat_id: int) -> None:
        """Called through ``Services.group_changed`` when this replica changed a group's ``what``."""
        self._send({"from": self.c.member, "kind": "group", "what": what, "chat": chat_id})

    def _send(self, change: dict[str, Any]) -> None:
        from bot.replicas.updates import PENDING

        pending = PENDING.get()
        if pending is not None:
            pending.append(change)  # published after the update's commit
            return
        task = asyncio.get_running_loop().create_task(self.publish([change]))
        self._sending.add(task)
        task.add_done_callback(self._sending.discard)

    async def publish(self, changes: list[dict[str, Any]]) -> None:
        if not changes:
            return
        try:
            await self.c.redis.publish(self.channel, json.dumps(changes))
        except Exception as exc:  # the others see the change when their cache next misses
            log.warning("change not published count=%d cause=%s", len(changes), type(exc).__name__)

    def apply(self, changes: list[dict[str, Any]]) -> None:
        roster = self.services.roster
        for change in changes:
            if change.get("from") == self.c.member:
                continue
            self.received += 1
            if change["kind"] == "group":
                for group_hook in self.services.hooks.group_changed:
                    group_hook(self.services, str(change["what"]), int(change["chat"]))
                continue
            chat_id, user_id = int(change["chat"]), int(change["user"])
            if change["kind"] == "admin":
                admins = set(roster.admins.get(chat_id, frozenset()))
                (admins.add if change["admin"] else admins.discard)(user_id)
                roster.admins[chat_id] = frozenset(admins)
                roster.apply_admin(chat_id, user_id, bool(change["admin"]))
            else:
                roster.evict(chat_id, user_id)
            for hook in self.services.hooks.member_changed:
                hook(self.services, chat_id, user_id)

    async def listen(self) -> None:
        """Subscribed for the life of the process; after a Redis outage it subscribes again, and
        drops what it cached meanwhile (changes published then were missed)."""
        while True:
            pubsub = self.c.redis.pubsub()
            try:
                await pubsub.subscribe(self.channel)
                async for message in pubsub.listen():
                    if message.get("type") == "message":
                        self.apply(json.loads(message["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.warning("change feed lost cause=%s; the roster is read again", type(exc).__name__)
                self.services.roster.evict_all()
                for group_hook in self.services.hooks.group_changed:
                    group_hook(self.services, "*", None)
                await asyncio.sleep(1.0)
            finally:
                try:
                    await pubsub.aclose()
                except Exception:
                    log.debug("change feed not closed cleanly")
