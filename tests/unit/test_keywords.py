from __future__ import annotations

import pytest

from deliberation.keywords import TopicMatcher, might_be_proposal

TOPICS = {"人才": ("人才", "招聘"), "创新": ("创新", "科技", "AI"), "转型": ("转型",)}


@pytest.fixture(scope="module")
def matcher() -> TopicMatcher:
    return TopicMatcher(TOPICS)


def test_a_topic_hashtag_before_the_text_names_the_topic(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("#人才 建议设立青年人才公寓，降低租房成本") == ("人才",)


def test_a_full_width_number_sign_counts_as_a_hashtag(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("＃人才 建议设立青年人才公寓") == ("人才",)


@pytest.mark.parametrize("tag", ["#AI", "#ai", "#Ai", "＃ＡＩ"])
def test_a_latin_hashtag_matches_its_keyword_in_any_letter_case(matcher: TopicMatcher, tag: str) -> None:
    assert matcher.hashtag_topics(f"{tag} 建议建设算力平台") == ("创新",)


def test_a_lower_case_keyword_in_the_configuration_matches_an_upper_case_hashtag() -> None:
    assert TopicMatcher({"创新": ("ai",)}).hashtag_topics("#AI 建议") == ("创新",)


def test_two_hashtags_name_two_topics_in_order_of_appearance(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("#人才 #创新 建议设立人才创新基金") == ("人才", "创新")
    assert matcher.hashtag_topics("建议设立人才创新基金 #创新 #人才") == ("创新", "人才")


def test_a_keyword_hashtag_names_its_topic(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("#招聘 建议举办青年招聘会") == ("人才",)


def test_a_topic_named_twice_is_listed_once(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("#人才 建议放宽落户 #招聘 #人才") == ("人才",)


def test_a_chinese_hashtag_may_run_on_into_the_sentence(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("#人才建议设立青年人才公寓") == ("人才",)


def test_the_longest_keyword_at_a_hashtag_wins() -> None:
    matcher = TopicMatcher({"人才": ("人才",), "住房": ("人才公寓",)})
    assert matcher.hashtag_topics("#人才公寓太少，建议增加") == ("住房",)
    assert matcher.hashtag_topics("#人才 公寓太少") == ("人才",)


def test_a_latin_keyword_must_end_the_hashtag(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("#aim 是目标") == ()
    assert matcher.hashtag_topics("#ai，很重要") == ("创新",)


def test_a_keyword_listed_under_two_topics_names_both() -> None:
    matcher = TopicMatcher({"创新": ("科技",), "转型": ("科技",)})
    assert matcher.hashtag_topics("#科技 建议") == ("创新", "转型")


def test_a_url_fragment_is_not_a_hashtag(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("见 https://example.org/#人才 页面") == ()


def test_an_invisible_character_inside_a_hashtag_does_not_hide_it(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("#人\u200b才 建议") == ("人才",)


def test_a_keyword_without_a_number_sign_is_not_a_hashtag(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("人才 建议设立青年人才公寓") == ()


def test_an_unknown_hashtag_names_no_topic(matcher: TopicMatcher) -> None:
    assert matcher.hashtag_topics("#交通 建议增开公交") == ()


def test_a_group_without_topics_matches_nothing() -> None:
    assert TopicMatcher({}).hashtag_topics("#人才 建议") == ()


def test_a_matcher_of_five_hundred_keywords_still_finds_the_right_topic() -> None:
    topics = {f"话题{i}": tuple(f"关键词{i}x{j}" for j in range(10)) for i in range(50)}
    matcher = TopicMatcher(topics)
    assert matcher.keyword_count == 550
    assert matcher.hashtag_topics("#关键词37x4 建议 #话题2") == ("话题37", "话题2")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("#人才", True), ("＃人才", True), ("﹟人才", True), ("没有标签的普通消息", False)],
)
def test_only_a_message_with_a_number_sign_might_be_a_proposal(text: str, expected: bool) -> None:
    assert might_be_proposal(text) is expected
