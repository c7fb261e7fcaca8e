"""``delibot simulate``: a week of a deliberation group on the built-in emulator, printed.

Without ``--config`` it plays the built-in group (科创中心建言群, 人才 / 创新 / 转型, two
departments) with limits shortened so that a week shows the whole loop; with ``--config`` it uses
the operator's first group, topics, departments and policies as they are.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import random
import socket
import sys
import tempfile
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.settings import check_config
from bot.settings.sections import LocaleSection
from bot.timefmt import zone
from deliberation.clock import ManualClock
from emulator.harness import TOKEN, Harness, write_config
from emulator.simulation.script import cast_for, play
from emulator.simulation.stage import Stage
from emulator.simulation.transcript import transcript
from storage.repositories.reports import ReportRepository

GROUP = -1001234567890
MODERATOR, TALENT, INNOVATION = 111111, 222222, 333333
LEADER, OFFICE = 444444, 555555  # 分管领导 of both departments; 市政务公开办公室's clerk
# present at day 1, 09:00: creator, 2 officials, 12 members, 3 silent, 2 fixers, 1 stubborn, the bot
CAPACITY = 22

BUILT_IN: dict[str, Any] = {
    "moderation": {
        "moderators": [MODERATOR],
        "warn_limit": 3,
        "mute_for": "1d",
        "flood": {"messages": 8, "per": "10s", "mute_for": "1h"},
        "banned_words": ["违禁词"],
    },
    "nickname": {"mode": "display", "grace": "24h"},
    "pruning": {"inactive_after": "4d", "warn_before": "1d", "capacity": CAPACITY, "reserve": 2},
    "handling": {"reply_due": "1d", "yellow_after": "2d", "red_after": "4d", "urge_after": "6d",
                 "promise_grace": "0s", "promise_red_after": "1d"},
    "digest": {"at": "08:30", "weekly_ranking": "sun"},
    "groups": [
        {
            "chat_id": GROUP,
            "title": "科创中心建言群",
            "topics": {"人才": ["人才", "招聘"], "创新": ["创新", "科技"], "转型": ["转型"]},
        }
    ],
    "departments": [
        {"id": "talent", "name": "市人才办", "officials": [TALENT], "topics": ["人才"], "leaders": [LEADER]},
        {"id": "innovation", "name": "区科技局", "officials": [INNOVATION], "topics": ["创新", "转型"],
         "leaders": [LEADER], "review": True},
    ],
    "supervision": {"office": "市政务公开办公室", "members": [OFFICE]},
    "faq": [{"keywords": ["社保", "医保"], "answer": "社保查询请访问市社保局网站，或拨打 12333。"}],
}


class BadConfig(Exception):
    """The operator's --config cannot be played; each line of ``problems`` says why."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _read(path: str) -> dict[str, Any]:
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadConfig([f"{path}: no such file"]) from None
    except UnicodeDecodeError:
        raise BadConfig([f"{path}: not valid TOML: not UTF-8 text"]) from None
    except OSError as exc:
        raise BadConfig([f"{path}: cannot be read ({exc.strerror})"]) from None
    except tomllib.TOMLDecodeError as exc:
        raise BadConfig([f"{path}: not valid TOML: {exc}"]) from None


def _validated(config: dict[str, Any], directory: Path) -> None:
    """Check the configuration as the bot will load it, before the emulator starts (not mid-week)."""
    if not config.get("groups") or not config.get("departments"):
        raise BadConfig(["the configuration needs at least one [[groups]] and one [[departments]]"])
    candidate = {**config, "telegram": {**config["telegram"], "token": TOKEN}}
    problems = check_config(write_config(directory / "check.toml", candidate), env={})
    if problems:
        raise BadConfig(problems)
    if not all(d.get("officials") for d in (config["departments"][0], config["departments"][-1])):
        raise BadConfig(["departments: the first and the last department need at least one official"])


def _config(args: argparse.Namespace, db: Path) -> dict[str, Any]:
    if args.config:
        config = _read(args.config)
    else:
        config = {k: (v.copy() if isinstance(v, dict) else list(v)) for k, v in BUILT_IN.items()}
    config.pop("webhook", None)
    config["telegram"] = {"mode": "polling"}
    config["database"] = {"url": f"sqlite+aiosqlite:///{db}"}
    config["http"] = {"listen": ""}
    # the public board is on while the week plays, on a free port (the address goes to stderr, so
    # that two runs with one seed still print the same)
    config["web"] = {**config.get("web", {}), "enabled": True, "listen": f"127.0.0.1:{_free_port()}"}
    locale = config.setdefault("locale", {})
    locale.setdefault("timezone", "Asia/Shanghai")
    if args.lang:
        locale["default"] = args.lang
    return config


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.CRITICAL)
    with tempfile.TemporaryDirectory(prefix="delibot-sim-") as tmp:
        db = Path(args.db).resolve() if args.db else Path(tmp) / "simulation.db"
        if args.db and db.exists():
            db.unlink()
        try:
            config = _config(args, db)
            _validated(config, Path(tmp))
        except BadConfig as exc:
            print("\n".join(f"simulate: {problem}" for problem in exc.problems), file=sys.stderr)
            return 1
        lines = asyncio.run(_simulate(config, Path(tmp), args.days, args.seed))
    print("\n".join(lines))
    return 0


async def _simulate(config: dict[str, Any], directory: Path, days: int, seed: int) -> list[str]:
    tz_name = config["locale"]["timezone"]
    tz = zone(tz_name)
    start_local = datetime(2026, 11, 2, 8, 0, tzinfo=tz)  # a Monday morning
    clock = ManualClock(start_local)
    group = config["groups"][0]
    departments = config["departments"]
    talent_id = departments[0]["officials"][0]
    innovation_id = departments[-1]["officials"][0] if len(departments) > 1 else talent_id
    moderators = config.get("moderation", {}).get("moderators") or [MODERATOR]
    rng = random.Random(seed)
    language = config["locale"].get("default", LocaleSection().default)  # everyone speaks the group's
    leaders = departments[0].get("leaders") or [None]
    office = (config.get("supervision") or {}).get("members") or [None]
    cast = cast_for(rng, moderators[0], (talent_id, departments[0]["id"]), innovation_id, language,
                    leader_id=leaders[0], office_id=office[0])
    harness = Harness(config, directory, clock=clock, serial=True)
    await harness.emu.start()
    harness.emu.add_user(
        cast.moderator.first_name, user_id=cast.moderator.user_id, language_code=cast.moderator.language_code
    )
    harness.emu.create_group(chat_id=group["chat_id"], title=group["title"], creator=cast.moderator.user_id)
    async with harness:
        print(f"simulate: the public board is at {harness.rt.web_url} while the week plays", file=sys.stderr)
        stage = Stage(harness, group["chat_id"], tz_name, start_local.replace(hour=0, tzinfo=None))
        await play(stage, cast, rng, days, list(group["topics"]))
        lang = harness.rt.services.groups[group["chat_id"]].locale
        t = harness.rt.services.translator.bind(lang)
        lines = _header(t, group["title"], days, seed, harness)
        lines += [t("sim-transcript"), *transcript(harness.emu, tz_name, t, stage.name_at, stage.presses), ""]
        lines += await _digests(harness, t)
        lines += await _summary(harness, t)
        lines += await _board(harness, t)
    await harness.emu.stop()
    return lines


def _header(t: Any, title: str, days: int, seed: int, harness: Harness) -> list[str]:
    from bot.features.handling.notices import age_text

    def age(value: Any) -> str:  # durations in words: "2 天", never "2d"
        return str(age_text(t, value))

    s = harness.rt.settings
    return [
        t("sim-title", title=title, days=days, seed=seed),
        t(
            "sim-compressed",
            grace=age(s.nickname.grace),
            inactive=age(s.pruning.inactive_after),
            yellow=age(s.handling.yellow_after),
            red=age(s.handling.red_after),
            urge=age(s.handling.urge_after),
        ),
        "",
    ]


async def _digests(harness: Harness, t: Any) -> list[str]:
    lines = [t("sim-digests")]
    async with harness.rt.services.uow() as uow:
        delivered = await uow.repo(ReportRepository).sent_messages(("digest", "ranking"))
    sent = {(m.chat_id, m.message_id): m for m in harness.emu.sent()}
    by_official: dict[int, list[str]] = {}
    for chat_id, message_id in delivered:
        message = sent.get((chat_id, message_id)) if message_id is not None else None
        if message is not None:
            by_official.setdefault(chat_id, []).append(message.text or f"[{message.kind}]")
    for official, texts in by_official.items():
        user = harness.emu.world.users.get(official)
        lines.append(t("sim-digests-for", name=user.first_name if user else str(official)))
        lines += [text + "\n" for text in texts]
    return lines


async def _summary(harness: Harness, t: Any) -> list[str]:
    async with harness.rt.services.uow() as uow:
        reports = uow.repo(ReportRepository)
        states = await reports.proposal_states()
        cards = await reports.card_levels()
        actions = await reports.audit_actions()
    ranking = [m.text for m in harness.emu.sent() if m.kind == "text" and ("🏆" in m.text)]
    lines = [
        t("sim-summary"),
        t(
            "sim-summary-proposals",
            total=sum(states.values()),
            states=", ".join(f"{t('handling-state', state=k)} {v}" for k, v in sorted(states.items())),
        ),
        t("sim-summary-cards", yellow=cards.get(1, 0), red=cards.get(2, 0), urge=cards.get(3, 0)),
        t("sim-summary-removed", names=actions.get("name_removed", 0), pruned=actions.get("pruned", 0)),
    ]
    if ranking:
        lines += [t("sim-summary-ranking"), ranking[-1]]
    return lines


async def _board(harness: Harness, t: Any) -> list[str]:
    """What a visitor of the public board reads at the end of the week, as the board serves it."""
    import re

    import aiohttp

    found = []
    async with aiohttp.ClientSession() as http:
        for path in ("/proposals", "/ranking"):
            async with http.get(harness.rt.web_url + path) as response:
                page = await response.text()
            title = re.search(r"<h1>(.*?)</h1>", page)
            count = re.search(r'<p class="(?:count|lead)">(.*?)</p>', page, re.S)
            what = " ".join((count.group(1) if count else "").split())
            found.append(t("sim-board-page", path=path, status=response.status,
                           title=title.group(1) if title else "", what=what))
    return [t("sim-board"), *found]

