"""How an update finds its handler: ordinary messages on a short path, the rest through every
feature's router.

Nearly every update is someone chatting, and aiogram's costs are per router level (~30 µs: a
middleware chain and a filter pass) and per filter call (~1.5 µs: a ``partial``, a coroutine and
a copy of the data for each). Profiled, three quarters of an ordinary message's dispatch went to
command handlers' filters and the routers that hold them. So the dispatcher's own message
observer holds one handler, the :class:`Chatter`:

1. a message that starts with "/" it hands on, unhandled, to the feature routers below, which
   see it exactly as each feature built them, in feature order (a banned word or a name that
   breaks the rule still comes before any command);
2. any other message meets the features' non-command message handlers, flattened into one table
   in the same order, each carrying the filters of the routers above it: all an ordinary message
   could ever match. The first whose filters pass runs. Handlers whose filters can only pass in
   another kind of chat (``scopes`` of ``bot.filters.scope``: a private chat, a configured group,
   anything else) are left out of that chat kind's table beforehand, and filters are awaited
   directly with the arguments they name;
3. a message none of them takes is handled: it never walks the feature routers.

Every other update (callbacks, member changes, join requests, edited messages) goes through the
feature routers as before. Each feature's router is built once and serves both ways.

The winner must be the handler aiogram's plain dispatch (:func:`include_plainly`: every feature
router included, nothing flattened) would pick, for every update.

Relies on (checked by tests/bot/test_routing_equivalence.py, which feeds a table of updates
through both and asserts the same handlers run, in the same order, with the same Bot API calls):
- ``TelegramEventObserver.handlers``, a plain list that ``trigger`` walks in order, calling the
  first ``HandlerObject`` whose filters pass, and going on to the next when it raises
  ``SkipHandler`` (the chatter does the same over its table).
- ``HandlerObject.check`` semantics, redone by the chatter: filters in order, the first falsy
  result fails the handler, a dict result is merged into the handler's arguments (for that
  handler only), ``data["handler"]`` is the handler being tried. A ``FilterObject``'s
  ``callback``, ``params``, ``varkw``, ``awaitable`` and ``magic`` fields say how to call it; a
  synchronous or magic filter goes through its own ``call`` (a thread, as aiogram runs it).
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
  own is refused (``chatter_handlers``) rather than silently losing them. The dispatcher's inner
  message middlewares (the bot registers none; the equivalence test's trace is one) wrap the
  chatter, as aiogram wraps any handler, and the chatter applies them again around the handler
  it runs (``MiddlewareManager.wrap_middlewares``), with ``data["handler"]`` that handler.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.dispatcher.event.bases import UNHANDLED, SkipHandler
from aiogram.dispatcher.event.handler import FilterObject, HandlerObject
from aiogram.filters import Command
from aiogram.types import Message

from bot.filters.scope import SCOPES, scope_of


def install(dp: Dispatcher, routers: Iterable[Router]) -> None:
    """Each router serves twice: its non-command message handlers in the chatter's table, and
    whole below it (a handler object is immutable once registered, so sharing is safe)."""
    routers = list(routers)
    chatter = Chatter(dp, [h for router in routers for h in chatter_handlers(router)])
    dp.message.register(chatter.__call__)
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


# how the chatter calls one filter: the callable, the arguments it names (None: all of them), and
# whether it is awaited directly (an async filter) or through aiogram's own ``call``
_Step = tuple[Callable[..., Any], tuple[str, ...] | None, FilterObject | None]


class Chatter:
    """The dispatcher's one message handler: hands commands on, and runs the first flattened
    handler whose filters pass (see the module docstring)."""

    def __init__(self, dp: Dispatcher, handlers: list[HandlerObject]) -> None:
        self.observer = dp.message
        self.handlers = handlers
        self.tables: dict[str, list[tuple[HandlerObject, list[_Step]]]] = {
            scope: [(h, [_step(f) for f in h.filters or []]) for h in handlers if scope in possible(h)]
            for scope in SCOPES
        }

    async def __call__(self, message: Message, **data: Any) -> Any:
        text = message.text or message.caption
        if text is not None and text.startswith("/"):
            return UNHANDLED  # a command: the feature routers decide
        for handler, steps in self.tables[scope_of(data.get("event_chat"), data.get("group"))]:
            data["handler"] = handler
            given = data
            for callback, names, through in steps:
                if through is not None:
                    check = await through.call(message, **given)
                elif names is None:
                    check = await callback(message, **given)
                else:
                    check = await callback(message, **{k: given[k] for k in names if k in given})
                if not check:
                    break
                if isinstance(check, dict):
                    if given is data:
                        given = dict(data)  # what a filter adds is for this handler only
                    given.update(check)
            else:
                try:
                    return await self._run(handler, message, given)
                except SkipHandler:
                    continue
        return None  # an ordinary message no feature acted on

    async def _run(self, handler: HandlerObject, message: Message, data: dict[str, Any]) -> Any:
        middlewares = list(self.observer.middleware)
        if not middlewares:
            return await handler.call(message, **data)
        wrapped = self.observer.middleware.wrap_middlewares(middlewares, handler.call)
        return await wrapped(message, data)


def _step(f: FilterObject) -> _Step:
    if f.awaitable and f.magic is None:
        return f.callback, None if f.varkw else tuple(f.params), None
    return f.callback, None, f


def possible(handler: HandlerObject) -> frozenset[str]:
    """The chat kinds in which every one of the handler's filters may pass."""
    found = SCOPES
    for f in handler.filters or []:
        found &= getattr(f.callback, "scopes", SCOPES)
    return found
