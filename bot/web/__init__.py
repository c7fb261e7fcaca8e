"""The public board (公开) and the Mini App supervision view, served by the bot's own aiohttp.

SPEC.md: "Web (when ``[web] enabled``)". The board publishes what members would otherwise only
hear in the group: every proposal with its public steps, the answers, the ratings and cards, and
the ranking with its method (外网公开反馈). Pages work without JavaScript, are escaped by
Jinja2's autoescape, and take their texts from the same Fluent catalogues as the bot
(``bot/locales/*/web.ftl``). The Mini App view (``/app``) is opened from a button in a private chat
with the bot; its data calls carry Telegram's signed ``initData`` and show only what that person
may see. Reading is all the board does: it never writes to the database.
"""
