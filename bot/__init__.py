"""The Telegram side. Importing it first makes aiogram's types build lazily: see lazy_schemas."""

from bot.lazy_schemas import install as _install_lazy_schemas

_install_lazy_schemas()
