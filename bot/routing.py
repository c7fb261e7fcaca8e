"""How an update finds its handler: ordinary messages on a short path, the rest through every
feature's router.

Nearly every update is someone chatting, and aiogram's costs are per router level (~30 µs: a
middleware chain and a filter pass) and per filter call (~8 µs: the whole data dict is copied for
each). Profiled, three quarters of an ordinary message's dispatch went to command handlers'
filters and the routers that hold them. So the dispatcher's own message observer holds:

1. ``to_routers`` behind ``Slash``: a message that starts with "/" is handed on, unhandled, to
   the feature routers below, which see it exactly as each feature built them, in feature order
   (a banned word or a name that breaks the rule still comes before any command);
2. the features' non-command message handlers, flattened into one list in the same order, each
   carrying the filters of the routers above it: all an ordinary message could ever match;
3. ``ordinary``, which takes what is left, so it never walks the feature routers.

Every other update (callbacks, member changes, join requests, edited messages) goes through the
feature routers as before. Each feature's router is built once and serves both ways.

The winner must be the handler aiogram's plain dispatch (:func:`include_plainly`: every feature
router included, nothing flattened) would pick, for every update.

Relies on (checked by tests/bot/test_routing_equivalence.py, which feeds a table of updates
through both and asserts the same handlers run, in the same order, with the same Bot API calls):
- ``TelegramEventObserver.handlers``, a plain list that ``trigger`` walks in order, calling the
  first ``HandlerObject`` whose filters pass and going on to the next when it raises
  ``SkipHandler``: the flattened handlers are appended to the dispatcher's list directly.
- ``TelegramEventObserver._handler`` (private): the ``HandlerObject`` holding a router's own
  filters (``router.message.filter(...)``), which ``Router._propagate_event`` checks before the
  router's handlers; flattened, they are prepended to each handler's filters.
- ``HandlerObject`` a dataclass whose ``filters`` are ``FilterObject``s with the filter instance
  as ``callback`` (``dataclasses.replace`` copies one with other filters; ``Command`` and its
  subclass ``CommandStart`` are recognised by ``isinstance``).
- ``UNHANDLED`` (``aiogram.dispatcher.event.bases``) returned by a handler: ``_propagate_event``
  then goes on to the sub-routers, as when no handler matched.
- inner middlewares resolved along the router chain (``_resolve_middlewares``): a flattened
  handler runs under the dispatcher's alone, so a feature router with message middlewares of its
  own is refused (``chatter_handlers``) rather than silently losing them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.bases import UNHANDLED
from aiogram.dispatcher.event.handler import HandlerObject
from aiogram.filters import Command
from aiogram.types import Message

from bot.filters.common import Slash


async def to_routers(message: Message) -> Any:
    """A command (or anything starting with "/"): let the feature routers decide."""
    return UNHANDLED


async def ordinary(message: Message) -> None:
    """An ordinary message no feature acted on: nothing more to do."""
    return None


def install(dp: Dispatcher, routers: Iterable[Router]) -> None:
    """Each router serves twice: its non-command message handlers on the short path, and whole
    below ``to_routers`` (a handler object is immutable once registered, so sharing is safe)."""
    routers = list(routers)
    dp.message.register(to_routers, Slash())
    for router in routers:
        dp.message.handlers.extend(chatter_handlers(router))
    dp.message.register(ordinary)
    dp.include_routers(*routers)


def include_plainly(dp: Dispatcher, routers: Iterable[Router]) -> None:
    """aiogram's own dispatch, nothing flattened: what :func:`install` must be equivalent to.
    Used by the equivalence test in place of ``install`` (same signature)."""
    dp.include_routers(*routers)


def chatter_handlers(router: Router) -> list[HandlerObject]:
    """The router's message handlers that need no command, in the order the router would try
    them (its own, then its sub-routers'), each carrying the filters of the routers above it."""
    if len(router.message.middleware) or len(router.message.outer_middleware):
        raise ValueError(f"router {router.name}: its message middlewares would be lost when flattened")
    gates = list(router.message._handler.filters or [])
    found = [h for h in router.message.handlers if not is_command(h)]
    for sub in router.sub_routers:
        found += chatter_handlers(sub)
    if gates:
        found = [replace(h, filters=[*gates, *(h.filters or [])]) for h in found]
    return found


def is_command(handler: HandlerObject) -> bool:
    return any(isinstance(f.callback, Command) for f in handler.filters or [])
