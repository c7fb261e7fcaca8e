"""The flood windows counted once for all replicas: the same rule as ``FloodDetector``, in Redis.

One chat's updates land on any replica, so windows kept per process would each see part of a
member's burst and mute late or never. Here each (chat, member) has a sorted set
``<prefix>:flood:<chat>:<member>`` of message times, and one Lua script per counted message adds
the time, drops what is ``per`` old, counts, and either clears the window (one message too many:
flooding, so one burst mutes once) or lets it expire ``per`` after this message.

The times are the bot's clock (what the filter passes), not Redis's, so the window agrees with the
``now`` the mute is computed from, and tests with a manual clock see the rule they set. They are
whole microseconds, which a score holds exactly; each entry carries this replica's name and a
counter, so two messages in the same instant count twice. When Redis fails the message is counted
in this process's own windows instead: the update goes on, the burst is judged by what this
replica saw.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from bot.replicas.coordination import Coordination
from deliberation.moderation import FloodDetector
from deliberation.policy import FloodPolicy

log = logging.getLogger("delibot.replicas")

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND = timedelta(microseconds=1)

# KEYS[1] the window; ARGV: the message's time, the oldest time still out of the window (both in
# microseconds), the messages allowed, the entry's name, the window's life in milliseconds
_HIT = """
redis.call('ZADD', KEYS[1], ARGV[1], ARGV[4])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) > tonumber(ARGV[3]) then
  redis.call('DEL', KEYS[1])
  return 1
end
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 0
"""


class RedisFlood:
    """A ``FloodCounter`` (``bot.features.moderation.flood``) shared by every replica."""

    def __init__(self, coordination: Coordination, policy_for: Callable[[int], FloodPolicy],
                 fallback: FloodDetector) -> None:
        self.c = coordination
        self.policy_for = policy_for
        self.fallback = fallback
        self._hit = coordination.redis.register_script(_HIT)
        self._names = itertools.count()

    async def hit(self, chat_id: int, user_id: int, now: datetime) -> bool:
        if now.tzinfo is None:
            raise ValueError("RedisFlood needs an aware datetime")
        policy = self.policy_for(chat_id)
        if policy.messages < 1:
            return False
        at = (now - EPOCH) // MICROSECOND
        per = policy.per // MICROSECOND
        args: list[int | str] = [at, at - per, policy.messages, f"{at}:{self.c.member}#{next(self._names)}",
                max(1, -(-per // 1000))]
        try:
            flooding = await self._hit(keys=[self.c.key("flood", chat_id, user_id)], args=args)
        except Exception as exc:  # Redis away: judged by this replica's windows, the update goes on
            log.warning("flood window not shared chat_id=%s user_id=%s cause=%s; counted here",
                        chat_id, user_id, type(exc).__name__)
            return self.fallback.hit(chat_id, user_id, now)
        return bool(flooding)
