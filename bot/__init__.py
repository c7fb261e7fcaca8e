"""The Telegram side. Importing it changes nothing else: aiogram's types are made to build lazily
only by ``bot.lazy_schemas.install()``, which every entry point calls (see that module)."""
