from datetime import UTC, datetime, timedelta

import pytest

from deliberation.moderation import (
    BannedWords,
    FloodDetector,
    MuteDurationError,
    can_act_on,
    moderates,
    moderates_anywhere,
    parse_mute_duration,
    parse_target,
    unwarn,
    warn_decision,
)
from deliberation.policy import FloodPolicy, GroupPolicy, ModerationPolicy

NOW = datetime(2026, 11, 2, 8, 0, tzinfo=UTC)
POLICY = ModerationPolicy(moderators=frozenset({111}), warn_limit=3, mute_for=timedelta(days=1))


def test_warnings_count_up_until_the_limit():
    first = warn_decision(0, POLICY, NOW)
    second = warn_decision(first.new_count, POLICY, NOW)
    assert (first.new_count, first.mute_until, second.new_count, second.mute_until) == (1, None, 2, None)
    assert second.limit == 3


def test_the_warning_that_reaches_the_limit_mutes_for_mute_for_and_resets_the_count():
    decision = warn_decision(2, POLICY, NOW)
    assert decision.mute_until == NOW + timedelta(days=1)
    assert decision.new_count == 0


def test_a_warn_limit_of_zero_never_mutes():
    decision = warn_decision(5, ModerationPolicy(warn_limit=0), NOW)
    assert (decision.new_count, decision.mute_until) == (6, None)


def test_a_naive_time_is_refused():
    with pytest.raises(ValueError):
        warn_decision(0, POLICY, NOW.replace(tzinfo=None))


def test_unwarn_takes_back_one_warning_and_never_goes_below_zero():
    assert [unwarn(2), unwarn(1), unwarn(0)] == [1, 0, 0]


def test_a_moderator_or_an_admin_cannot_be_warned_muted_or_banned():
    assert not can_act_on(111, False, POLICY)
    assert not can_act_on(222, True, POLICY)
    assert can_act_on(222, False, POLICY)


@pytest.mark.parametrize(
    "text",
    [
        "这里有违禁词",
        "这里有违 禁 词",
        "违\u200b禁词",
        "违\u200d禁\u2060词",
        "违\u3000禁\u3000词",
        "buy ＳＰＡＭ now",
        "buy S p A m now",
        "違 禁 詞",
    ],
)
def test_a_banned_word_is_found_however_it_is_spaced_widened_or_split(text):
    assert BannedWords(["违禁词", "spam"]).find(text) in {"违禁词", "spam"}


def test_a_banned_word_written_in_traditional_characters_is_found():
    assert BannedWords(["海淀区广场"]).find("去海澱區廣場集合") == "海淀区广场"


def test_the_configured_spelling_of_the_banned_word_is_reported():
    assert BannedWords(["违 禁 词"]).find("有违禁词") == "违 禁 词"


def test_a_clean_message_has_no_banned_word():
    assert BannedWords(["违禁词", "spam"]).find("建议增加人才公寓") is None


def test_without_banned_words_nothing_is_found():
    words = BannedWords.from_policy(ModerationPolicy())
    assert words.find("违禁词") is None
    assert BannedWords(["", "  "]).find("anything") is None


def flood(messages: int = 8, per: float = 10) -> FloodDetector:
    policy = FloodPolicy(messages=messages, per=timedelta(seconds=per))
    return FloodDetector(lambda chat_id: policy)


def test_eight_messages_in_ten_seconds_are_not_flooding():
    detector = flood()
    assert not any(detector.hit(-1, 7, NOW + timedelta(seconds=i)) for i in range(8))


def test_the_ninth_message_within_ten_seconds_is_flooding_once():
    detector = flood()
    hits = [detector.hit(-1, 7, NOW + timedelta(seconds=i)) for i in range(12)]
    assert hits == [False] * 8 + [True] + [False] * 3


def test_old_messages_fall_out_of_the_window():
    detector = flood()
    for i in range(8):
        detector.hit(-1, 7, NOW + timedelta(seconds=i))
    assert not detector.hit(-1, 7, NOW + timedelta(seconds=10))
    assert not detector.hit(-1, 7, NOW + timedelta(seconds=11))
    assert detector.hit(-1, 7, NOW + timedelta(seconds=11.5))


def test_members_and_chats_are_counted_apart():
    detector = flood(messages=2)
    assert not detector.hit(-1, 7, NOW)
    assert not detector.hit(-1, 8, NOW)
    assert not detector.hit(-2, 7, NOW)
    assert not detector.hit(-1, 7, NOW)
    assert detector.hit(-1, 7, NOW)


def test_each_chat_uses_its_own_flood_policy():
    policies = {-1: FloodPolicy(messages=1), -2: FloodPolicy(messages=3)}
    detector = FloodDetector(policies.__getitem__)
    assert [detector.hit(-1, 7, NOW) for _ in range(2)] == [False, True]
    assert [detector.hit(-2, 7, NOW) for _ in range(4)] == [False, False, False, True]


def test_idle_members_are_forgotten_so_memory_stays_bounded():
    detector = FloodDetector(lambda chat_id: FloodPolicy(), purge_every=100)
    for user_id in range(99):
        detector.hit(-1, user_id, NOW)
    assert len(detector) == 99
    detector.hit(-1, 1000, NOW + timedelta(minutes=1))
    assert len(detector) == 1


@pytest.mark.parametrize(
    ("arg", "expected"),
    [("30s", timedelta(seconds=30)), ("15m", timedelta(minutes=15)), ("1d12h", timedelta(hours=36)),
     ("366d", timedelta(days=366)), (" ２ｈ ", timedelta(hours=2))],
)
def test_a_mute_duration_within_telegram_bounds_is_accepted(arg, expected):
    assert parse_mute_duration(arg) == expected


@pytest.mark.parametrize(
    ("arg", "code"),
    [("29s", "too_short"), ("0s", "too_short"), ("367d", "too_long"), ("53w", "too_long"),
     ("soon", "invalid"), ("30", "invalid"), ("", "invalid"), (None, "invalid")],
)
def test_a_mute_duration_telegram_would_treat_as_forever_is_refused_with_a_code(arg, code):
    with pytest.raises(MuteDurationError) as refused:
        parse_mute_duration(arg)
    assert refused.value.code == code


def test_a_mute_without_a_duration_uses_the_default():
    assert parse_mute_duration("", default=timedelta(hours=1)) == timedelta(hours=1)


@pytest.mark.parametrize(
    ("args", "expected"),
    [("123456", 123456), ("123456 spamming", 123456), ("１２３", 123), ("@someone", None),
     ("-100123", None), ("0", None), ("", None), ("12ab", None), ("٣٤", None)],
)
def test_a_command_may_name_its_target_by_numeric_user_id(args, expected):
    assert parse_target(args) == expected


GLOBAL, GROUP_MODERATOR, ADMIN, MEMBER = 1, 2, 3, 4
OWN = ModerationPolicy(moderators=frozenset({GROUP_MODERATOR}))
GROUPS = {-100: GroupPolicy(-100, "建言群", {}, moderation=OWN), -200: GroupPolicy(-200, "第二群", {})}
ADMINS = {-200: frozenset({ADMIN})}


@pytest.mark.parametrize(
    ("user_id", "chat_id", "expected"),
    [
        (GLOBAL, -100, True),
        (GLOBAL, None, True),  # a global moderator is one in private chats too
        (GROUP_MODERATOR, -100, True),
        (GROUP_MODERATOR, -200, False),  # a group's own moderator moderates that group only
        (GROUP_MODERATOR, None, False),
        (ADMIN, -200, True),  # Telegram administrators moderate their group
        (ADMIN, -100, False),
        (MEMBER, -100, False),
    ],
)
def test_a_chat_is_moderated_by_global_moderators_its_own_and_its_admins(user_id, chat_id, expected):
    assert moderates(user_id, chat_id, frozenset({GLOBAL}), GROUPS, ADMINS) is expected


@pytest.mark.parametrize(
    ("user_id", "expected"), [(GLOBAL, True), (GROUP_MODERATOR, True), (ADMIN, True), (MEMBER, False)]
)
def test_a_moderator_of_any_configured_group_is_a_moderator_anywhere(user_id, expected):
    assert moderates_anywhere(user_id, frozenset({GLOBAL}), GROUPS, ADMINS) is expected


def test_the_admins_of_a_group_not_configured_moderate_nowhere_else():
    assert not moderates_anywhere(ADMIN, frozenset(), GROUPS, {-300: frozenset({ADMIN})})
