from datetime import UTC, datetime, timedelta

import pytest

from deliberation.faq import FaqMatcher, FaqThrottle
from deliberation.policy import FaqEntry

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
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


@pytest.mark.parametrize("text", ["我想问一下社保怎么交", "社保和医保", "人才公寓", "", "？"])
def test_in_a_group_a_message_that_only_mentions_the_keyword_is_left_alone(text):
    assert MATCHER.match(text, private=False) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("社保", SOCIAL), ("我想问一下社保怎么交", SOCIAL), ("where is the housing fund office", HOUSING),
     ("人才公寓", None)],
)
def test_in_a_private_chat_a_message_containing_the_keyword_gets_the_answer(text, expected):
    assert MATCHER.match(text, private=True) is expected


def test_without_entries_nothing_matches():
    assert FaqMatcher(()).match("社保", private=True) is None


def test_the_first_entry_listing_a_keyword_wins():
    other = FaqEntry(keywords=("社保",), answer="另一个答案")
    assert FaqMatcher((SOCIAL, other)).match("社保", private=False) is SOCIAL


def test_an_answer_is_given_at_most_once_a_minute_per_chat_and_keyword():
    throttle = FaqThrottle()
    assert throttle.allow(-1, "社保", NOW)
    assert not throttle.allow(-1, "社保", NOW + timedelta(seconds=59))
    assert throttle.allow(-2, "社保", NOW + timedelta(seconds=59))
    assert throttle.allow(-1, "公积金", NOW + timedelta(seconds=59))
    assert throttle.allow(-1, "社保", NOW + timedelta(seconds=60))


def test_a_refused_answer_does_not_extend_the_wait():
    throttle = FaqThrottle()
    throttle.allow(-1, "社保", NOW)
    throttle.allow(-1, "社保", NOW + timedelta(seconds=30))
    assert throttle.allow(-1, "社保", NOW + timedelta(seconds=61))


def test_the_throttle_forgets_answers_older_than_the_interval():
    throttle = FaqThrottle()
    for chat_id in range(100):
        throttle.allow(-chat_id, "社保", NOW)
    assert len(throttle) == 100
    throttle.allow(-1, "社保", NOW + timedelta(minutes=2))
    assert len(throttle) == 1
