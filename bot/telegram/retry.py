"""The request middleware's former name, kept for callers that build a bare bot (the benchmarks).

The policy lives in ``bot.telegram.send``: one send path for every call.
"""

from __future__ import annotations

from bot.telegram.send import SendPolicy as RetryMiddleware

__all__ = ["RetryMiddleware"]
