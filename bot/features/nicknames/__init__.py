"""The real-name rule (实名制) in the groups: "姓名-单位", or read-only and then removal.

Deliberation only works when everyone knows who speaks for whom (SPEC "Real names"). A member who
joins or posts without complying is made read-only and told, by mention, what to change and by
when. A read-only member cannot post, so any other sign of them counts: the notice's button, a
private message, ``/iam`` in register mode, a ``chat_member`` update, and a re-check every minute
(``getChatMember`` gives the current name). As soon as they comply their rights come back; when
the grace runs out they are removed, free to rejoin. The decisions come from
``deliberation.nicknames`` (``decide_on_join``, ``decide_on_message``, ``decide_recheck`` …);
this package gathers what they read and carries them out.

The parts: ``filters`` (when the rule has something to do), ``events`` (joins,
messages, member updates, the notice's button), ``commands`` (/iam, /names, /exempt),
``actions`` (carrying out a decision), ``render`` (reasons and the notice),
``state`` (what is kept in memory) and the re-check job ``jobs``.

SPEC.md: "Real names"; the rule itself is ``deliberation.nicknames``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.nicknames.router import build_router, register_jobs, setup

FEATURE = Feature(
    "nicknames", router=build_router, setup=setup, jobs=register_jobs,
    menu={"private": ("iam",), "moderator": ("names", "exempt")},
)
