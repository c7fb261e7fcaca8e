"""Benchmarks of deliberation-bot, run by hand: ``python -m bench`` (see bench/README.md)."""

from bot import lazy_schemas

# every benchmark builds its bot as `delibot run` does: aiogram's types build lazily, so this runs
# before any bench module imports aiogram
lazy_schemas.install()
