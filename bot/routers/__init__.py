"""One router per feature; ``bot.routing.install`` puts them in order."""
