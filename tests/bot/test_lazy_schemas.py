"""aiogram's types are built on first use (bot.lazy_schemas), and parse as aiogram means them to;
only an explicit ``install()`` does it, never ``import bot``."""

from __future__ import annotations

import inspect
import subprocess
import sys

from aiogram.types import PassportData, Update
from pydantic import BaseModel

from bot import lazy_schemas


def run_fresh(code: str) -> subprocess.CompletedProcess[str]:
    """In a fresh process, so no other test has built or imported anything first."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


def test_a_type_the_bot_never_met_has_no_validator_until_it_is_used() -> None:
    assert PassportData.__pydantic_complete__ is False
    data = PassportData.model_validate(
        {"data": [], "credentials": {"data": "d", "hash": "h", "secret": "s"}}
    )
    assert data.credentials.hash == "h"
    assert PassportData.__pydantic_complete__ is True


def test_an_update_with_nested_and_forward_referenced_types_parses_in_full() -> None:
    update = Update.model_validate({
        "update_id": 7,
        "message": {
            "message_id": 2, "date": 1_790_000_000,
            "chat": {"id": -1001, "type": "supergroup", "title": "建言群"},
            "from": {"id": 5, "is_bot": False, "first_name": "王伟-海淀区"},
            "text": "#人才 建议", "entities": [{"type": "hashtag", "offset": 0, "length": 3}],
            "reply_to_message": {
                "message_id": 1, "date": 1_790_000_000, "chat": {"id": -1001, "type": "supergroup"},
                "new_chat_members": [{"id": 6, "is_bot": False, "first_name": "李"}],
            },
        },
    })
    message = update.message
    assert message is not None and message.reply_to_message is not None
    assert message.entities[0].type == "hashtag"
    assert message.reply_to_message.new_chat_members[0].first_name == "李"


def test_every_aiogram_type_still_builds_when_asked() -> None:
    """In a fresh process, so no other test has built them first: each type and method compiles
    with the namespace aiogram gave at import."""
    code = (
        "from bot import lazy_schemas; lazy_schemas.install()\n"
        "import aiogram.types as t, aiogram.methods as m\n"
        "names = [n for n in t.__all__ if hasattr(getattr(t, n), 'model_rebuild')]\n"
        "names += [n for n in m.__all__ if hasattr(getattr(m, n), 'model_rebuild')]\n"
        "mods = [getattr(t, n, None) or getattr(m, n) for n in names]\n"
        "assert not all(x.__pydantic_complete__ for x in mods)\n"
        "[x.model_rebuild() for x in mods if not x.__pydantic_complete__]\n"
        "assert all(x.__pydantic_complete__ for x in mods)\n"
        "print(len(mods))\n"
    )
    done = run_fresh(code)
    assert done.returncode == 0, done.stderr[-2000:]
    assert int(done.stdout) > 400


def test_importing_the_bot_alone_leaves_pydantic_as_it_was() -> None:
    """No side effect at import: the whole Telegram side (composition root and CLI included)
    imported without ``install()`` leaves ``model_rebuild`` alone, and aiogram builds eagerly."""
    code = (
        "from pydantic import BaseModel\n"
        "before = BaseModel.__dict__['model_rebuild']\n"
        "import bot, bot.app, bot.cli, bot.runtime\n"
        "from aiogram.types import PassportData\n"
        "assert BaseModel.__dict__['model_rebuild'] is before, 'import bot patched pydantic'\n"
        "assert PassportData.__pydantic_complete__, 'aiogram did not build its types at import'\n"
    )
    done = run_fresh(code)
    assert done.returncode == 0, done.stderr[-2000:]


def test_the_cli_installs_it_before_any_command_imports_aiogram() -> None:
    code = (
        "import sys\n"
        "from bot.cli import main\n"
        "assert 'aiogram.types' not in sys.modules\n"
        "try:\n"
        "    main(['check-config', '--config', '/nonexistent/delibot.toml'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "from aiogram.types import PassportData\n"
        "assert not PassportData.__pydantic_complete__\n"
    )
    done = run_fresh(code)
    assert done.returncode == 0, done.stderr[-2000:]


def test_installed_too_late_it_says_so_instead_of_doing_nothing() -> None:
    done = run_fresh("import aiogram.types\nfrom bot import lazy_schemas\nlazy_schemas.install()\n")
    assert done.returncode != 0
    assert "must run before aiogram is imported" in done.stderr


def test_this_session_runs_with_it_installed_and_the_private_parameters_still_exist() -> None:
    """What the patch passes on to pydantic's own method: a pydantic that renames them fails here."""
    assert BaseModel.__dict__["model_rebuild"].__func__ is lazy_schemas._model_rebuild
    parameters = inspect.signature(lazy_schemas._rebuild).parameters
    assert {"force", "raise_errors", "_parent_namespace_depth", "_types_namespace"} <= set(parameters)
