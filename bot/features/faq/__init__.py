"""常见问题: a member who sends an FAQ keyword gets the prepared answer.

Last in the router order, so only a message no other feature took is looked at. In a group the
message must *be* the keyword and the answer is given at most once a minute per keyword (the
group is not flooded with it); in a private chat the keyword may appear anywhere in the message.

SPEC.md: "Moderation" (FAQ answers); the matcher is ``deliberation.faq``.
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.faq.router import build_router, setup

FEATURE = Feature("faq", router=build_router, setup=setup)
