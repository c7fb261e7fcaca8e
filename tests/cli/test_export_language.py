"""The CSV speaks the deployment's language, with the bot's own words; ``--codes`` and the JSON
keep the stable English codes."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest

from bot.cli.export import CSV_COLUMNS, ExportedProposal, to_csv, to_json
from bot.i18n import Translator
from deliberation.proposals import EventRecord, ProposalRecord

AT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def _answered(number: int, rating: str | None, card_level: int, state: str = "answered") -> ExportedProposal:
    record = ProposalRecord(
        number=number, chat_id=-100111, message_id=number, author_id=7, author_name="张三",
        author_unit="海淀区",
        text="#人才 建议设立青年人才公寓", topics=("人才",), link=None, created_at=AT, state=state,
        ack_message_id=None, supports=0, answer_text="已纳入明年计划", answered_at=AT, rating=rating,
        card_level=card_level, merged_into=None, departments=("talent",),
    )
    event = EventRecord(1, number, AT, 222222, "answer", "accepted", "answered", "talent", None, {})
    return ExportedProposal(record, "科创中心建言群", "Asia/Shanghai", events=(event,))


ITEMS = [
    _answered(1, "basic", 1), _answered(2, "unsatisfied", 2, "accepted"), _answered(3, None, 3, "closed")
]


def _rows(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")  # Excel reads UTF-8 only with the mark
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


@pytest.mark.parametrize(
    ("lang", "header", "values"),
    [
        ("zh", ["编号", "状态", "评价", "警示督办等级"],
         [["已答复", "基本满意", "黄牌警示"], ["办理中", "不满意", "红牌督办"], ["已办结", "", "催办通知"]]),
        ("en", ["Number", "State", "Rating", "Card"],
         [["answered", "Mostly satisfied", "yellow card"], ["in progress", "Not satisfied", "red card"],
          ["closed", "", "urge notice"]]),
    ],
)
def test_headers_states_ratings_and_cards_are_in_the_export_s_language(lang, header, values) -> None:
    rows = _rows(to_csv(ITEMS, Translator().bind(lang)))
    columns = [CSV_COLUMNS.index(c) for c in ("number", "state", "rating", "card_level")]
    assert [rows[0][i] for i in columns] == header
    assert [[row[i] for i in columns[1:]] for row in rows[1:]] == values


def test_the_history_shows_the_states_in_the_export_s_language_too() -> None:
    rows = _rows(to_csv(ITEMS[:1], Translator().bind("zh")))
    assert "answer 办理中->已答复 talent actor=222222" in rows[1][CSV_COLUMNS.index("history")]


def test_every_column_has_a_header_in_both_languages() -> None:
    translator = Translator()
    for lang in ("zh", "en"):
        headers = _rows(to_csv([], translator.bind(lang)))[0]
        assert len(set(headers)) == len(CSV_COLUMNS)
        assert not any(h.startswith("export-column-") for h in headers)


def test_codes_keep_the_stable_english_headers_and_values() -> None:
    rows = _rows(to_csv(ITEMS[:1]))
    assert rows[0] == list(CSV_COLUMNS)
    row = dict(zip(rows[0], rows[1], strict=True))
    assert (row["state"], row["rating"], row["card_level"]) == ("answered", "basic", "1")


def test_the_json_keeps_the_codes() -> None:
    (item, *_) = json.loads(to_json(ITEMS))["proposals"]
    assert (item["state"], item["rating"], item["card_level"]) == ("answered", "basic", 1)


def test_the_command_writes_the_configured_language_unless_asked_for_codes(cli, config, tmp_path) -> None:
    path = config('[locale]\ndefault = "zh"\n')
    assert cli("db", "upgrade", "--config", str(path)).code == 0
    out = tmp_path / "p.csv"
    assert cli("export", "proposals", "--format", "csv", "--out", str(out), "--config", str(path)).code == 0
    assert _rows(out.read_text(encoding="utf-8"))[0][:2] == ["编号", "群组"]
    args = ("export", "proposals", "--format", "csv", "--codes", "--out", str(out), "--config", str(path))
    assert cli(*args).code == 0
    assert _rows(out.read_text(encoding="utf-8"))[0] == list(CSV_COLUMNS)
