"""Every feature, in the order its router sees an update.

Moderation first (a banned word is deleted before anything else looks at it), the real-name rule
next, consultations before proposals (a reply to a consultation is an opinion even when it carries
a topic hashtag), then the rest. Each feature is one package: its router, handlers, filters, jobs, state and
rendering; what features share lives in small modules under ``bot/`` named for what they hold.

| feature | SPEC.md section |
|---|---|
| core | "Only configured groups", "Language", /start and /help |
| moderation | "Moderation" |
| nicknames | "Real names" |
| consultations | "Added in the second round": /consult, /conclude |
| proposals | "Proposals" (and supporters hearing the answer: ``proposals/following.py``) |
| handling | "Handling" (deadline cards: ``handling/deadlines.py``) |
| pruning | "Inactive members" (/prune and the pass) |
| waitlist | "Inactive members" (join requests and the waiting list) |
| digests | "Digests" (daily digest, weekly ranking) |
| supervision | "[supervision]": the office's weekly list, the monthly form and report |
| faq | "Moderation": FAQ answers; "Added in the second round": /faq |
| privacy | "Added in the second round": /privacy, /mydata, /forget, retention (issue 20) |
"""

from __future__ import annotations

from bot.feature import Feature
from bot.features.consultations import FEATURE as CONSULTATIONS
from bot.features.core import FEATURE as CORE
from bot.features.digests import FEATURE as DIGESTS
from bot.features.faq import FEATURE as FAQ
from bot.features.handling import FEATURE as HANDLING
from bot.features.moderation import FEATURE as MODERATION
from bot.features.nicknames import FEATURE as NICKNAMES
from bot.features.privacy import FEATURE as PRIVACY
from bot.features.proposals import FEATURE as PROPOSALS
from bot.features.pruning import FEATURE as PRUNING
from bot.features.supervision import FEATURE as SUPERVISION
from bot.features.waitlist import FEATURE as WAITLIST

FEATURES: tuple[Feature, ...] = (
    CORE, MODERATION, NICKNAMES, CONSULTATIONS, PROPOSALS, HANDLING, PRUNING, WAITLIST, DIGESTS,
    SUPERVISION, FAQ, PRIVACY,
)
