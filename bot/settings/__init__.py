"""The configuration layer: ``config.toml`` + ``DELIBOT_<SECTION>__<KEY>`` -> Settings -> policies.

Nothing is read at import time: ``main()`` calls :func:`load_settings` once.
"""

from .advice import PLACEHOLDER_IDS, config_warnings
from .groups import (
    DepartmentSection,
    FaqSection,
    FloodOverride,
    GroupSection,
    ModerationOverride,
    NicknameOverride,
    PruningOverride,
)
from .loading import DEFAULT_PATH, ConfigError, check_config, config_path, load_settings, validate_config
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
    SupervisionSection,
    TelegramSection,
    WebhookSection,
)

__all__ = [
    "DEFAULT_PATH",
    "PLACEHOLDER_IDS",
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
    "SupervisionSection",
    "TelegramSection",
    "WebhookSection",
    "check_config",
    "config_path",
    "config_warnings",
    "load_settings",
    "validate_config",
]
