"""``delibot export consultations``: a row per consultation in the CSV, every opinion in the JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from bot.cli.export_consultations import COLUMNS, ExportedConsultation, to_csv, to_json
from bot.i18n import Translator
from deliberation.consultations import ConsultationRecord, Opinion, State
from deliberation.privacy import ERASED_AUTHOR

AT = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai


def _item() -> ExportedConsultation:
    record = ConsultationRecord(
        1, -1001234567890, 222222, "人才", "=怎样分配？", "新建 200 套", ("积分", "摇号"), (2, 1), 3, 11, 10,
        State.CONCLUDED, AT, AT, AT + timedelta(days=2), AT, AT + timedelta(days=2), "按积分分配",
        AT + timedelta(days=3), 20, opinions=1,
    )
    opinion = Opinion(1, 7, "张三", "建议按积分", "https://t.me/c/1234567890/12", 2, AT, "海淀区")
    erased = Opinion(2, ERASED_AUTHOR, "", "建议摇号", "https://t.me/c/1234567890/13", 0, AT, "朝阳区")
    anonymous = Opinion(3, ERASED_AUTHOR, "", "建议公开", "https://t.me/c/1234567890/14", 0, AT)
    return ExportedConsultation(record, "科创中心建言群", "Asia/Shanghai", (opinion, erased, anonymous))


def test_the_csv_has_a_row_per_consultation_safe_for_excel() -> None:
    text = to_csv([_item()])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert tuple(rows[0]) == COLUMNS
    row = dict(zip(COLUMNS, rows[1], strict=True))
    assert row["question"] == "'=怎样分配？" and row["poll"] == "积分=2; 摇号=1"
    assert row["closes_at"] == "2026-11-04T10:00:00+08:00" and row["conclusion"] == "按积分分配"


def test_the_json_keeps_every_opinion_with_its_supports() -> None:
    [item] = json.loads(to_json([_item()]))["consultations"]
    assert item["state"] == "concluded" and item["poll"]["voters"] == 3
    assert item["opinions"][0] == {
        "author_id": 7, "author_name": "张三", "author_unit": "海淀区", "author": "张三（海淀区）",
        "text": "建议按积分", "supports": 2, "link": "https://t.me/c/1234567890/12",
        "at": "2026-11-02T10:00:00+08:00"}


def test_an_erased_author_is_shown_as_the_summary_shows_them_in_the_deployments_language() -> None:
    [item] = json.loads(to_json([_item()]))["consultations"]
    erased, anonymous = item["opinions"][1:]
    assert (erased["author_id"], erased["author_name"], erased["author"]) == (0, "", "一位成员（朝阳区）")
    assert anonymous["author"] == "一位成员" and erased["text"] == "建议摇号"
    [english] = json.loads(to_json([_item()], Translator().bind("en")))["consultations"]
    assert [o["author"] for o in english["opinions"]] == ["张三 (海淀区)", "a member (朝阳区)", "a member"]
