"""``python -m bot`` and the ``delibot`` console script."""

from bot.cli import entry as main

if __name__ == "__main__":
    main()
