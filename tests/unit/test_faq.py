"""The FAQ rules: which messages an entry answers, and how /faq reads its arguments."""

from __future__ import annotations

import pytest

from deliberation.faq import FaqError, FaqMatcher, StoredEntry, answer_period, asks, parse_entry
from deliberation.policy import FaqEntry

SOCIAL = FaqEntry(keywords=("社保", "医保"), answer="社保查询请访问……")
HOUSING = FaqEntry(keywords=("公积金", "Housing Fund"), answer="公积金……")
MATCHER = FaqMatcher((SOCIAL, HOUSING))


@pytest.mark.parametrize(
    ("text", "expected"),
    [("社保", SOCIAL), ("医保？", SOCIAL), ("  医保?!  ", SOCIAL), ("「社保」。", SOCIAL),
     ("公积金！", HOUSING), ("ＨＯＵＳＩＮＧ  fund?", HOUSING), ("醫保", SOCIAL)],
)
def test_in_a_group_a_message_that_is_the_keyword_gets_the_answer(text, expected):
    assert MATCHER.match(text, private=False) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("社保怎么查询？", SOCIAL), ("我想问一下社保怎么交", SOCIAL), ("公积金能否提前提取", HOUSING),
     ("where is the housing fund office", HOUSING), ("医保卡丢了吗", SOCIAL)],
)
def test_in_a_group_a_question_containing_the_keyword_gets_the_answer(text, expected):
    assert MATCHER.match(text, private=False) is expected


@pytest.mark.parametrize("text", ["社保和医保都交了", "今年的社保政策不错", "人才公寓怎么申请？", "", "？",
                                  "社保？" + "啊" * 200])
def test_in_a_group_a_mention_that_asks_nothing_or_a_long_message_is_left_alone(text):
    assert MATCHER.match(text, private=False) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("社保", SOCIAL), ("社保和医保都交了", SOCIAL), ("人才公寓", None)],
)
def test_in_a_private_chat_a_message_containing_the_keyword_gets_the_answer(text, expected):
    assert MATCHER.match(text, private=True) is expected


def test_without_entries_nothing_matches():
    assert FaqMatcher(()).match("社保怎么查？", private=True) is None


def test_the_first_entry_listing_a_keyword_wins():
    other = StoredEntry(2, -1, ("社保",), "另一个答案")
    first = StoredEntry(1, -1, ("社保",), "答案")
    assert FaqMatcher((first, other)).match("社保怎么查？", private=False) is first


@pytest.mark.parametrize(("text", "asked"), [("怎么办", True), ("How do I apply", True), ("那么好", False),
                                             ("好的", False)])
def test_what_counts_as_asking(text, asked):
    assert asks(text) is asked


def test_an_entry_is_keywords_an_equals_sign_and_a_short_answer():
    assert parse_entry("社保，医保、 #公积金 = 请拨打 12333") == (("社保", "医保", "公积金"), "请拨打 12333")
    assert parse_entry("社保＝请拨打 12333") == (("社保",), "请拨打 12333")


@pytest.mark.parametrize(
    ("args", "code"),
    [("社保", "usage"), ("= 答案", "usage"), ("社保 =", "usage"),
     ("社保 = " + "长" * 1001, "answer_too_long"),
     ("长" * 33 + " = 答案", "keyword_too_long"), (" ".join("abcdefghijk") + " = 答案", "too_many_keywords")],
)
def test_a_bad_entry_is_refused_with_its_reason(args, code):
    with pytest.raises(FaqError) as refused:
        parse_entry(args)
    assert refused.value.code == code


def test_each_member_gets_an_entry_once_a_day_per_group():
    assert answer_period(-1, 3, 42, "2026-11-02") != answer_period(-1, 3, 42, "2026-11-03")
    assert answer_period(-1, 3, 42, "2026-11-02") != answer_period(-1, 3, 43, "2026-11-02")
