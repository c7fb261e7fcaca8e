"""``delibot``: the command line of SPEC.md. Each subcommand lives in its own module."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from bot import lazy_schemas
from bot.cli.errors import CliError
from bot.settings import ConfigError


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="delibot", description="Deliberation group assistant for Telegram")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the bot (long polling or webhook); migrates the database first")
    run.add_argument("--config")

    sim = sub.add_parser("simulate", help="a scripted deliberation group on the built-in emulator")
    sim.add_argument("--days", type=int, default=7)
    sim.add_argument("--seed", type=int, default=1)
    sim.add_argument("--config")
    sim.add_argument("--lang", choices=("zh", "en"))
    sim.add_argument("--db", help="keep the database in this file (default: a temporary one)")

    check = sub.add_parser("check-config", help="validate the configuration; exit 1 on any problem")
    check.add_argument("--config")
    check.add_argument(
        "--live", action="store_true",
        help="also ask Telegram whom the bot can write to and which groups it administers",
    )

    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    upgrade = db_sub.add_parser("upgrade", help="apply migrations")
    upgrade.add_argument("--config")

    digest = sub.add_parser("digest", help="daily digests")
    digest.add_argument("--preview", action="store_true", required=True, help="print, do not send")
    digest.add_argument("--config")

    export = sub.add_parser("export", help="export data")
    export_sub = export.add_subparsers(dest="export_command", required=True)
    proposals = export_sub.add_parser("proposals", help="proposals with their handling history")
    proposals.add_argument("--format", choices=("csv", "json"), required=True)
    proposals.add_argument("--since", help="YYYY-MM-DD")
    proposals.add_argument("--out", help="file (default: standard output)")
    proposals.add_argument(
        "--codes", action="store_true",
        help="CSV headers and values as stable English codes instead of the configured language",
    )
    proposals.add_argument("--config")
    consultations = export_sub.add_parser(
        "consultations", help="consultations with their opinions, poll and conclusion")
    consultations.add_argument("--format", choices=("csv", "json"), required=True)
    consultations.add_argument("--out", help="file (default: standard output)")
    consultations.add_argument("--config")

    privacy = sub.add_parser("privacy", help="a member's personal data, for requests by other channels")
    privacy_sub = privacy.add_subparsers(dest="privacy_command", required=True)
    privacy_export = privacy_sub.add_parser("export", help="print everything held on a user (JSON)")
    privacy_export.add_argument("--user", type=int, required=True)
    privacy_export.add_argument("--out", help="file (default: standard output)")
    privacy_export.add_argument("--config")
    privacy_forget = privacy_sub.add_parser("forget", help="erase a user as /forget would")
    privacy_forget.add_argument("--user", type=int, required=True)
    privacy_forget.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    privacy_forget.add_argument("--config")
    return parser


COMMANDS = {
    "run": "bot.cli.run:main",
    "check-config": "bot.cli.check:main",
    "db": "bot.cli.check:db_main",
    "simulate": "emulator.simulation.cli:main",
    "digest": "bot.cli.digest:main",
    "export": "bot.cli.export:main",
    "privacy": "bot.cli.privacy:main",
}


def main(argv: Sequence[str] | None = None) -> int:
    """Exit 0 on success, 1 on a problem the operator can fix (one line each), 2 on bad usage."""
    # before any subcommand's module imports aiogram: its types then build on first use
    lazy_schemas.install()
    args = _parser().parse_args(argv)
    module, _, func = COMMANDS[args.command].partition(":")
    try:
        code = getattr(importlib.import_module(module), func)(args)
    except CliError as exc:
        print(exc, file=sys.stderr)
        return exc.exit_code
    except ConfigError as exc:
        print("\n".join(exc.problems), file=sys.stderr)
        return 1
    return int(code or 0)


def entry() -> None:
    sys.exit(main())
