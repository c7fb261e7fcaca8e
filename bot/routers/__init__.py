"""One router per feature; ``bot.app.get_routers`` puts them in order."""
