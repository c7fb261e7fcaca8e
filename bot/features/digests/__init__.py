"""Daily digests (每日摘要) for officials and the weekly department ranking, each sent once.

Every day at ``digest.at`` (local time) each official gets, privately, what is new on their
department's topics since their previous digest, what they still owe, what waits for a rating and
how the groups did yesterday; on ``digest.weekly_ranking`` the ranking of departments and its chart
go to every official and to the moderators. A period is claimed in the database in the same
transaction that queues its messages in the outbox, so a restart or a second replica neither loses
nor doubles a digest, and a run missed while the bot was down goes out as soon as it is back.

SPEC.md: "Digests"; what a digest holds is ``deliberation.digests`` and ``deliberation.ranking``, how it
reads in Telegram (HTML, the split at 4,096 characters) is ``render``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.digests.jobs import register_jobs, setup

FEATURE = Feature("digests", setup=setup, jobs=register_jobs)
