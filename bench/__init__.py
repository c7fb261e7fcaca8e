"""Benchmarks of deliberation-bot, run by hand: ``python -m bench`` (see bench/README.md)."""

import bot  # noqa: F401  (first, as `delibot run` does: aiogram's types build lazily)
