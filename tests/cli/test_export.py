"""``delibot export proposals``: Excel-safe CSV, a complete JSON, read from a real database."""

from __future__ import annotations

import argparse
import asyncio
import csv
import io
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w

from bot.cli.export import CSV_COLUMNS, ExportedProposal, main, neutralise, to_csv, to_json
from deliberation.proposals import EventRecord, ProposalRecord, SupportRecord, VersionRecord
from storage.engine import make_engine, make_sessionmaker
from storage.migrate import upgrade
from storage.models import ProposalEvent
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWorkFactory

GROUP = -1001234567890
AT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai
TEXT = "#人才 建议设立青年人才公寓，降低租房成本"


def _proposal(number: int = 1, text: str = TEXT, **changes: object) -> ProposalRecord:
    values: dict[str, object] = dict(
        number=number, chat_id=GROUP, message_id=10 + number, author_id=7, author_name="张三",
        author_unit="海淀区", text=text, topics=("人才",), link=f"https://t.me/c/1234567890/{10 + number}",
        created_at=AT, state="accepted", ack_message_id=None, supports=1, answer_text=None,
        answered_at=None, rating=None, card_level=0, merged_into=None, departments=("talent",),
    )
    values.update(changes)
    return ProposalRecord(**values)  # type: ignore[arg-type]


def _item(proposal: ProposalRecord) -> ExportedProposal:
    n = proposal.number
    return ExportedProposal(
        proposal, "科创中心建言群", "Asia/Shanghai",
        versions=(VersionRecord(n, "#人才 建议设立人才公寓", AT - timedelta(hours=1)),),
        supports=(SupportRecord(n, 8, AT),),
        events=(EventRecord(1, n, AT + timedelta(days=1), 222222, "accept", "submitted", "accepted",
                            "talent", None, {}),),
    )


def _read_csv(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


@pytest.mark.parametrize("cell", ["=SUM(A1)", "+1", "-1+2", "@cmd", "\tx", "\rx"])
def test_a_text_cell_excel_would_evaluate_gets_a_leading_apostrophe(cell: str) -> None:
    assert neutralise(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["建议", "1+1=2", "a=b", -1001234567890, 3])
def test_ordinary_text_and_numbers_are_left_as_they_are(cell: object) -> None:
    assert neutralise(cell) == cell


def test_the_csv_starts_with_a_bom_and_round_trips_chinese_text() -> None:
    text = to_csv([_item(_proposal())])
    assert text.startswith("\ufeff")
    (row,) = _read_csv(text.encode("utf-8"))
    assert list(row) == list(CSV_COLUMNS)
    assert (row["text"], row["author_name"], row["group"]) == (TEXT, "张三", "科创中心建言群")
    assert row["created_at"] == "2026-11-02T10:00:00+08:00"
    assert row["chat_id"] == str(GROUP)  # a number, not neutralised
    assert "#人才 建议设立人才公寓" in row["versions"]
    assert "accept submitted->accepted talent actor=222222" in row["history"]


def test_a_proposal_written_as_a_formula_is_exported_inert() -> None:
    (row,) = _read_csv(to_csv([_item(_proposal(text="=SUM(A1)", author_unit="@单位"))]).encode("utf-8"))
    assert row["text"] == "'=SUM(A1)" and row["author_unit"] == "'@单位"


def test_the_json_carries_versions_supporters_and_events() -> None:
    document = json.loads(to_json([_item(_proposal())], since=date(2026, 11, 1)))
    assert document["since"] == "2026-11-01"
    (item,) = document["proposals"]
    assert item["text"] == TEXT and item["topics"] == ["人才"] and item["departments"] == ["talent"]
    assert item["versions"] == [{"text": "#人才 建议设立人才公寓", "at": "2026-11-02T09:00:00+08:00"}]
    assert item["supporters"] == [{"user_id": 8, "at": "2026-11-02T10:00:00+08:00"}]
    assert [(e["action"], e["to_state"], e["actor_id"]) for e in item["events"]] == [
        ("accept", "accepted", 222222)
    ]


# --- the command against a real database -----------------------------------------------------------

async def _fill(url: str) -> None:
    engine = make_engine(url)
    uow_factory = UnitOfWorkFactory(make_sessionmaker(engine))
    async with uow_factory() as uow:
        repo = uow.repo(ProposalRepository)
        for number, when in ((1, AT - timedelta(days=10)), (2, AT)):
            await repo.add(chat_id=GROUP, message_id=number, author_id=7, author_name="张三",
                           author_unit="海淀区", text=f"{TEXT}{number}", topics=("人才",),
                           dup_key=f"k{number}", link=None, now=when)
        await repo.edit_text(2, "=SUM(A1) 建议设立青年人才公寓", "k2b", AT + timedelta(minutes=5))
        await repo.add_support(2, 8, AT)
        uow.session.add(ProposalEvent(number=2, at=AT + timedelta(hours=1), actor_id=222222, action="accept",
                                      from_state="submitted", to_state="accepted", department_id="talent",
                                      detail=None, data={}))
        await uow.commit()
    await engine.dispose()


@pytest.fixture
def configured(tmp_path: Path) -> Path:
    url = f"sqlite+aiosqlite:///{tmp_path / 'delibot.db'}"
    upgrade(url)
    asyncio.run(_fill(url))
    config = {
        "database": {"url": url},
        "groups": [{"chat_id": GROUP, "title": "科创中心建言群", "topics": {"人才": ["人才"]}}],
    }
    path = tmp_path / "config.toml"
    path.write_text(tomli_w.dumps(config), encoding="utf-8")
    return path


def _args(config: Path, fmt: str, since: str | None = None, out: Path | None = None) -> argparse.Namespace:
    return argparse.Namespace(
        format=fmt, since=since, out=str(out) if out else None, config=str(config), codes=True
    )


def test_export_csv_to_a_file_reads_back_in_excel_encoding(configured: Path, tmp_path: Path) -> None:
    out = tmp_path / "proposals.csv"
    assert main(_args(configured, "csv", out=out)) == 0
    rows = _read_csv(out.read_bytes())
    assert [r["number"] for r in rows] == ["1", "2"]
    assert rows[0]["text"] == f"{TEXT}1"
    assert rows[1]["text"] == "'=SUM(A1) 建议设立青年人才公寓"
    assert rows[1]["versions"].endswith(f"{TEXT}2") and rows[1]["supporters"] == "8"
    assert "accept" in rows[1]["history"]


def test_export_json_since_a_day_goes_to_standard_output(
    configured: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    assert main(_args(configured, "json", since="2026-11-01")) == 0
    document = json.loads(capsysbinary.readouterr().out.decode("utf-8"))
    (item,) = document["proposals"]
    assert item["number"] == 2 and item["supports"] == 1
    assert [v["text"] for v in item["versions"]] == [f"{TEXT}2"]
    assert [e["department_id"] for e in item["events"]] == ["talent"]


def test_a_bad_since_date_is_refused(configured: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(_args(configured, "csv", since="1 Nov")) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().err
