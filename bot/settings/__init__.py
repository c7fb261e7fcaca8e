"""The configuration layer: ``config.toml`` + ``DELIBOT_<SECTION>__<KEY>`` -> Settings -> policies.

Nothing is read at import time: ``main()`` calls :func:`load_settings` once.
"""

from .groups import (
    DepartmentSection,
    FaqSection,
    FloodOverride,
    GroupSection,
    ModerationOverride,
    NicknameOverride,
    PruningOverride,
)
from .loading import DEFAULT_PATH, ConfigError, check_config, config_path, load_settings
from .model import Settings
from .sections import (
    DatabaseSection,
    DigestSection,
    FloodSection,
    HandlingSection,
    HttpSection,
    LocaleSection,
    ModerationSection,
    NicknameSection,
    PruningSection,
    TelegramSection,
    WebhookSection,
)

__all__ = [
    "DEFAULT_PATH",
    "ConfigError",
    "DatabaseSection",
    "DepartmentSection",
    "DigestSection",
    "FaqSection",
    "FloodOverride",
    "FloodSection",
    "GroupSection",
    "HandlingSection",
    "HttpSection",
    "LocaleSection",
    "ModerationOverride",
    "ModerationSection",
    "NicknameOverride",
    "NicknameSection",
    "PruningOverride",
    "PruningSection",
    "Settings",
    "TelegramSection",
    "WebhookSection",
    "check_config",
    "config_path",
    "load_settings",
]
