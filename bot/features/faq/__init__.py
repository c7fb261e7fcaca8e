"""常见问题 (问答库): a question about an FAQ keyword gets the group's prepared answer, and the
group's moderators and officials keep the entries with /faq.

Last in the router order, so only a message no other feature took is looked at. In a group the
message must ask (？ 吗 怎么 如何 how …) or be the bare keyword, and each member gets the same entry
at most once a day (claimed in the database); in a private chat the keyword may appear anywhere.
Entries are stored per group, the configured ones copied in as the starting set (``state``).

SPEC.md: "Moderation" (FAQ answers), "Added in the second round" (/faq); the matcher is
``deliberation.faq``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.faq.router import build_router, register_jobs
from bot.features.faq.state import setup

FEATURE = Feature(
    "faq", router=build_router, setup=setup, jobs=register_jobs,
    menu={"moderator": ("faq",), "official": ("faq",)},
)
