"""Benchmarks of deliberation-bot, run by hand: ``python -m bench`` (see bench/README.md)."""
