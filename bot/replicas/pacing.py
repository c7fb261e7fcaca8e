"""The outgoing limits counted once for all replicas: the same reservations as ``Pacer``, in Redis.

Each call reserves its moment with one Lua script, atomically over every replica: evenly spaced
overall moments (about 29 a second), each chat's window (20 a minute in a group, one a second in a
private chat) and the holds a 429's ``retry_after`` put on a chat or on everything. Time is
Redis's own clock, so replicas on different machines agree on it. What the script answers is the
wait from now; the caller sleeps on its own clock.
"""

from __future__ import annotations

import itertools

from bot.replicas.coordination import Coordination
from bot.telegram.pacing import Limits, Pacer

_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local gap, count, span, margin = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
local within, member = tonumber(ARGV[5]), ARGV[6]
local ready = math.max(now, tonumber(redis.call('GET', KEYS[2]) or '0'))
local chat = KEYS[3] ~= ''
if chat then
  ready = math.max(ready, tonumber(redis.call('GET', KEYS[4]) or '0'))
  redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - span - margin)
  local n = redis.call('ZCARD', KEYS[3])
  if n >= count then
    local oldest = redis.call('ZRANGE', KEYS[3], n - count, n - count, 'WITHSCORES')
    ready = math.max(ready, tonumber(oldest[2]) + span + margin)
  end
end
local slot, g = ready, gap - 1e-9
local taken = redis.call('ZRANGEBYSCORE', KEYS[1], slot - g, '+inf', 'WITHSCORES')
for i = 2, #taken, 2 do
  local at = tonumber(taken[i])
  if at >= slot + g then break end
  slot = math.max(slot, at + gap)
end
if within >= 0 and slot - now > within then
  return {0, tostring(slot - now)}
end
redis.call('ZADD', KEYS[1], slot, member)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - 1)
redis.call('PEXPIRE', KEYS[1], math.ceil((slot - now + 2) * 1000))
if chat then
  redis.call('ZADD', KEYS[3], slot, member)
  redis.call('PEXPIRE', KEYS[3], math.ceil((slot - now + span + margin + 1) * 1000))
end
return {1, tostring(slot - now)}
"""

_HOLD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local seconds = tonumber(ARGV[1])
local untl = now + seconds
if untl > tonumber(redis.call('GET', KEYS[1]) or '0') then
  redis.call('SET', KEYS[1], tostring(untl), 'PX', math.ceil(seconds * 1000) + 1000)
end
return tostring(untl)
"""


class RedisPacer(Pacer):
    def __init__(self, coordination: Coordination, limits: Limits | None = None) -> None:
        super().__init__(limits)
        self.c = coordination
        self._reserve = coordination.redis.register_script(_RESERVE)
        self._hold = coordination.redis.register_script(_HOLD)
        self._names = itertools.count()

    def _keys(self, chat_id: int | None) -> list[str]:
        overall = [self.c.key("pace", "all"), self.c.key("pace", "hold", "all")]
        if chat_id is None:
            return [*overall, "", ""]
        return [*overall, self.c.key("pace", "chat", chat_id), self.c.key("pace", "hold", chat_id)]

    async def admit(self, chat_id: int | None, *, within: float | None = None) -> tuple[bool, float]:
        count, span = self._window(chat_id) if chat_id is not None else (0, 0.0)
        member = f"{self.c.member}#{next(self._names)}"
        args = [self._gap, count, span, self.limits.margin, -1 if within is None else within, member]
        reserved, delay = await self._reserve(keys=self._keys(chat_id), args=args)
        return bool(reserved), float(delay)

    async def hold(self, chat_id: int | None, seconds: float) -> None:
        key = self.c.key("pace", "hold", "all" if chat_id is None else chat_id)
        await self._hold(keys=[key], args=[seconds])
