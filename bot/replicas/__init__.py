"""Several replicas of one bot: what they share through Redis (``[redis] url``) and PostgreSQL.

The storage side already runs scheduled work once (claims) and delivers the outbox once (leases);
what one process kept in memory is shared here:

- ``updates``: a chat's updates are handled by one replica at a time (aiogram's
  ``RedisEventIsolation``, under the per-process FIFO ``ChatLocks``), and an update Telegram
  delivers again (same ``update_id``) is handled once (a claim per update id);
- ``polling``: only the replica holding the polling lease calls getUpdates; the others stand by;
- ``pacing``: the outgoing limits and 429 holds are counted in Redis for all replicas together;
- ``flood``: moderation's flood windows are counted in Redis, so a burst split between replicas
  mutes on time;
- ``changes``: a change to a member one replica makes reaches the others' rosters (pub/sub);
- ``outbox``: rows leased by a replica that died are given back once its heartbeat is gone.

Nothing here is built without ``[redis] url``: a single process behaves exactly as before.
"""
