from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from deliberation.keywords import TopicMatcher
from deliberation.proposals import (
    MIN_LENGTH,
    SupportAction,
    duplicate_key,
    is_duplicate,
    recognise,
    toggle_support,
)

MATCHER = TopicMatcher({"人才": ("人才", "招聘"), "创新": ("创新", "科技", "ai")})
NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
PROPOSAL = "#人才 建议设立青年人才公寓，降低租房成本"


def test_a_tagged_message_becomes_a_proposal_on_its_topic() -> None:
    result = recognise(f"  {PROPOSAL}\n", MATCHER, command=False)
    assert result.is_proposal
    assert result.topics == ("人才",)
    assert result.body == PROPOSAL
    assert result.refusal is None


def test_a_message_tagged_with_two_topics_carries_both() -> None:
    result = recognise("#人才 #AI 建议设立人工智能人才实训基地", MATCHER, command=False)
    assert result.is_proposal
    assert result.topics == ("人才", "创新")


def test_an_ordinary_message_is_neither_a_proposal_nor_refused() -> None:
    result = recognise("大家好，今天的会议几点开始？", MATCHER, command=False)
    assert not result.is_proposal
    assert result.refusal is None


def test_a_message_with_an_unknown_hashtag_is_not_a_proposal() -> None:
    result = recognise("#交通 建议增开夜班公交线路方便市民", MATCHER, command=False)
    assert not result.is_proposal
    assert result.refusal is None


def test_a_tagged_text_of_under_ten_characters_is_refused_as_too_short() -> None:
    result = recognise("#人才 建议多招人！！ ", MATCHER, command=False)
    assert not result.is_proposal
    assert result.refusal == "too_short"
    assert result.topics == ("人才",)


def test_the_hashtags_spaces_and_punctuation_do_not_count_towards_the_length() -> None:
    text = "#人才 #招聘 " + "，".join("建议设立青年人才公寓"[: MIN_LENGTH - 1])
    assert recognise(text, MATCHER, command=False).refusal == "too_short"
    exactly = "#人才 " + "建议设立青年人才公寓"[:MIN_LENGTH]
    assert recognise(exactly, MATCHER, command=False).is_proposal


def test_a_hashtag_alone_is_refused_as_empty() -> None:
    assert recognise("#人才", MATCHER, command=False).refusal == "empty"


def test_a_propose_command_without_a_hashtag_is_a_proposal_without_topics() -> None:
    result = recognise("建议在地铁站增设共享单车停放点", MATCHER, command=True)
    assert result.is_proposal
    assert result.topics == ()


def test_a_propose_command_takes_its_topics_from_the_hashtags_in_its_text() -> None:
    result = recognise("/propose@delibot #科技 建议开放政府数据接口", MATCHER, command=True)
    assert result.is_proposal
    assert result.topics == ("创新",)
    assert result.body == "#科技 建议开放政府数据接口"


@pytest.mark.parametrize("text", ["", "   ", "/propose", "/propose   "])
def test_a_propose_command_without_text_is_refused_as_empty(text: str) -> None:
    result = recognise(text, MATCHER, command=True)
    assert not result.is_proposal
    assert result.refusal == "empty"


def test_the_same_text_retyped_with_other_spacing_punctuation_or_tags_has_the_same_key() -> None:
    key = duplicate_key(7, PROPOSAL, MATCHER)
    assert duplicate_key(7, "＃人才  建议设立青年人才公寓 降低租房成本。", MATCHER) == key
    assert duplicate_key(7, "#招聘 建议设立青年人才公寓，降低租房成本", MATCHER) == key
    assert len(key) == 64 and int(key, 16) >= 0


def test_the_same_text_from_another_author_or_a_different_text_has_another_key() -> None:
    key = duplicate_key(7, PROPOSAL, MATCHER)
    assert duplicate_key(8, PROPOSAL, MATCHER) != key
    assert duplicate_key(7, "#人才 建议设立青年人才驿站，降低租房成本", MATCHER) != key


def test_the_same_text_from_the_same_author_within_a_day_is_a_duplicate() -> None:
    key = duplicate_key(7, PROPOSAL, MATCHER)
    previous = [("other", NOW - timedelta(hours=1)), (key, NOW - timedelta(hours=23))]
    assert is_duplicate(previous, key, NOW)


def test_the_same_text_a_day_later_is_a_new_proposal() -> None:
    key = duplicate_key(7, PROPOSAL, MATCHER)
    assert not is_duplicate([(key, NOW - timedelta(days=1))], key, NOW)
    assert not is_duplicate([(key, NOW - timedelta(days=3))], key, NOW)


def test_a_different_text_within_a_day_is_not_a_duplicate() -> None:
    key = duplicate_key(7, PROPOSAL, MATCHER)
    assert not is_duplicate([("another", NOW - timedelta(minutes=5))], key, NOW)


def test_a_member_supports_once_and_pressing_again_withdraws() -> None:
    added = toggle_support(frozenset({3}), author_id=1, user_id=2)
    assert added.action is SupportAction.ADDED
    assert added.supporters == frozenset({2, 3})
    withdrawn = toggle_support(added.supporters, author_id=1, user_id=2)
    assert withdrawn.action is SupportAction.WITHDRAWN
    assert withdrawn.supporters == frozenset({3})


def test_the_author_cannot_support_their_own_proposal() -> None:
    decision = toggle_support(frozenset({3}), author_id=1, user_id=1)
    assert decision.action == "refused_author"
    assert decision.supporters == frozenset({3})
