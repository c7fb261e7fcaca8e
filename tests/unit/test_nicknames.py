from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from deliberation.nicknames import (
    COMPLIED,
    EXEMPT,
    EXEMPTED,
    NOT_YOURS,
    PROMOTED,
    REASONS,
    REJOINED,
    SETTLED,
    WAITING,
    Accept,
    DisplayName,
    Forget,
    JudgeAgain,
    NameChecker,
    NameStanding,
    Nothing,
    Notify,
    Registration,
    Release,
    Remove,
    Restrict,
    Seen,
    check_name,
    decide_on_exempt,
    decide_on_join,
    decide_on_member_update,
    decide_on_message,
    decide_on_press,
    decide_on_sign,
    decide_recheck,
    judge,
    parse_registration,
    shorten_tag,
)
from deliberation.policy import NicknamePolicy

OPEN = NicknamePolicy()
LISTED = NicknamePolicy(units=("海淀区", "朝阳区", "市交通局", "望京街道"))
NO_SPACE = NicknamePolicy(separators=("-", "·", "|", "/"))
LATIN_LISTED = NicknamePolicy(units=("Haidian",))
TRADITIONAL_LISTED = NicknamePolicy(units=("海澱區",))

NAMES = [
    # (first_name, last_name, policy, ok, reason)
    ("张三-海淀区", None, OPEN, True, None),
    ("张三 - 海淀区", None, OPEN, True, None),
    ("张三－海淀区", None, OPEN, True, None),
    ("张三（海淀区）", None, OPEN, True, None),
    ("张三(海淀区)", None, OPEN, True, None),
    ("张三【海淀区】", None, OPEN, True, None),
    ("李四·市交通局", None, OPEN, True, None),
    ("王五|朝阳区", None, OPEN, True, None),
    ("赵六/望京街道", None, OPEN, True, None),
    ("张三／海淀区", None, OPEN, True, None),
    ("张三｜朝阳区", None, OPEN, True, None),
    ("张三 · 海淀区", None, OPEN, True, None),
    ("孙七 海淀区", None, OPEN, True, None),
    ("张\u200d三-海淀区", None, OPEN, True, None),
    ("张三\u202e-海淀区", None, OPEN, True, None),
    ("\u2067张三-海淀区\u2069", None, OPEN, True, None),
    ("张三🌸-海淀区", None, OPEN, False, "invalid_characters"),
    ("👨\u200d👩\u200d👧张三-海淀区", None, OPEN, False, "invalid_characters"),
    ("张三😀", "海淀区", OPEN, False, "invalid_characters"),
    ("🌸🌸-海淀区", None, OPEN, False, "invalid_characters"),
    ("🌸", None, OPEN, False, "invalid_characters"),
    ("123-海淀区", None, OPEN, False, "invalid_characters"),
    ("小明", None, OPEN, False, "missing_separator"),
    ("小明", "", OPEN, False, "missing_separator"),
    ("孙七 海淀区", None, NO_SPACE, False, "missing_separator"),
    ("市交通局", None, LISTED, False, "missing_separator"),
    ("-海淀区", None, OPEN, False, "missing_name"),
    ("--", None, OPEN, False, "missing_name"),
    ("张三-", None, OPEN, False, "missing_unit"),
    ("张三 -", None, OPEN, False, "missing_unit"),
    ("John Smith | Haidian", None, OPEN, True, None),
    ("O'Neil | Haidian", None, OPEN, True, None),
    ("ＪＯＨＮ－ＨＡＩＤＩＡＮ", None, OPEN, True, None),
    ("John Smith", "haidian", LATIN_LISTED, True, None),
    ("阿卜杜拉·买买提-喀什", None, OPEN, True, None),
    ("欧阳" + "明" * 19, "-海淀区", OPEN, False, "name_too_long"),
    ("欧阳" + "明" * 18 + "-海淀区", None, OPEN, True, None),
    ("张三-" + "区" * 31, None, OPEN, False, "unit_too_long"),
    ("张三-" + "区" * 30, None, OPEN, True, None),
    ("张-海淀区", None, OPEN, False, "name_too_short"),
    ("张三-区", None, OPEN, False, "unit_too_short"),
    ("张三-丰台区", None, LISTED, False, "unit_not_allowed"),
    ("张三-海淀区万柳", None, LISTED, False, "unit_not_allowed"),
    ("张三-海澱區", None, LISTED, True, None),
    ("张三-海淀区", None, TRADITIONAL_LISTED, True, None),
    ("张三-市 交通局", None, LISTED, True, None),
    ("张三-海淀区", None, LISTED, True, None),
    ("", None, OPEN, False, "empty"),
    ("\u200b", None, OPEN, False, "empty"),
    ("张三-海淀区", None, OPEN, True, None),
    ("张三-海淀区", "", OPEN, True, None),
    ("张三", "海淀区", OPEN, True, None),
    ("张三", "(海淀区)", OPEN, True, None),
    ("张三--海淀区", None, OPEN, True, None),
    ("张三-海淀区-万柳", None, OPEN, True, None),
    ("张三-123", None, OPEN, False, "invalid_characters"),
]


@pytest.mark.parametrize(("first", "last", "policy", "ok", "reason"), NAMES)
def test_a_display_name_complies_exactly_when_it_reads_name_separator_unit(first, last, policy, ok, reason):
    verdict = check_name(first, last, policy)
    assert (verdict.ok, verdict.reason) == (ok, reason), verdict
    assert verdict.reason is None or verdict.reason in REASONS


def test_a_compliant_name_is_split_into_name_and_unit_without_the_separator_spaces():
    verdict = check_name("张三 - 海淀区", None, OPEN)
    assert (verdict.name, verdict.unit, verdict.normalized) == ("张三", "海淀区", "张三 - 海淀区")


def test_a_whitelisted_unit_written_otherwise_is_reported_as_configured():
    assert check_name("张三-海澱區", None, LISTED).unit == "海淀区"


def test_a_too_long_name_tells_the_limit_and_the_length():
    verdict = check_name("欧阳" + "明" * 23, "-海淀区", OPEN)
    assert verdict.detail == {"max": 20, "length": 25}


def test_a_unit_outside_the_list_is_told_which_units_are_allowed():
    assert check_name("张三-丰台区", None, LISTED).detail["units"] == "海淀区, 朝阳区, 市交通局, 望京街道"


def test_a_member_who_writes_only_a_name_is_told_the_separators():
    assert check_name("小明", None, OPEN).detail == {"separators": "- · | /"}


def test_an_emoji_in_the_name_is_named_in_the_verdict():
    assert check_name("张三🌸-海淀区", None, OPEN).detail == {"part": "name", "char": "🌸"}


@pytest.mark.parametrize(
    ("text", "ok", "name", "unit"),
    [
        ("王小明 海淀区", True, "王小明", "海淀区"),
        ("王小明-海淀区", True, "王小明", "海淀区"),
        ("/iam 王小明 海淀区", True, "王小明", "海淀区"),
        ("/iam@delibot 王小明 海淀区", True, "王小明", "海淀区"),
        ("/iam 王小明", False, "王小明", None),
    ],
)
def test_a_registration_follows_the_same_rule(text, ok, name, unit):
    verdict = parse_registration(text, OPEN)
    assert (verdict.ok, verdict.name, verdict.unit) == (ok, name, unit)


def test_an_empty_registration_is_empty():
    assert parse_registration("/iam", OPEN).reason == "empty"


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("海淀区", "海淀区"),
        ("市交通运输局综合行政执法支队", "市交通运输局综合行政执法支队"),
        ("市交通运输局综合行政执法支队一大", "市交通运输局综合行政执法支队一大"),
        ("市交通运输局综合行政执法支队第一队", "交通运输局综合行政执法支队第一队"),
        ("交通运输局综合行政执法支队第一大队", "交通运输局综合行政执法支队第一…"),
        ("海淀区🏠", "海淀区"),
        ("🏠", ""),
    ],
)
def test_a_unit_becomes_a_member_tag_of_at_most_16_characters_without_emoji(unit, expected):
    tag = shorten_tag(unit)
    assert tag == expected
    assert len(tag) <= 16


def test_a_tag_respects_a_smaller_limit():
    assert shorten_tag("望京街道办事处", limit=4) == "望京街…"
    assert shorten_tag("望京街道", limit=0) == ""


def test_the_checker_remembers_a_verdict_until_the_name_changes():
    checker = NameChecker(OPEN)
    first = checker.check(1, "小明", None)
    assert checker.check(1, "小明", None) is first
    assert not first.ok
    assert checker.check(1, "小明-海淀区", None).ok
    assert checker.cache_size() == 2


def test_the_checker_cache_is_bounded():
    checker = NameChecker(OPEN, maxsize=3)
    for user_id in range(10):
        checker.check(user_id, f"成员{user_id}-海淀区", None)
    assert checker.cache_size() == 3


def test_checkers_of_different_groups_apply_their_own_units():
    assert NameChecker(OPEN).check(1, "张三-丰台区", None).ok
    assert NameChecker(LISTED).check(1, "张三-丰台区", None).reason == "unit_not_allowed"


# --- the lifecycle: one decision per sign of a member (SPEC.md "Real names") ---------------------

NOW = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
GRACE = timedelta(hours=24)
RULE = NicknamePolicy(grace=GRACE)
REGISTER = NicknamePolicy(mode="register", grace=GRACE)
XIAOMING = DisplayName("小明")
PROPER = DisplayName("王小明-海淀区")


def newcomer(name: DisplayName = XIAOMING, **recorded: Any) -> NameStanding:
    return NameStanding(7, name, **recorded)


def held(name: DisplayName = XIAOMING, *, deadline: datetime = NOW + GRACE, **recorded: Any) -> NameStanding:
    """Made read-only by the bot for their name, the grace running until ``deadline``."""
    return NameStanding(7, name, restricted=True, deadline=deadline, **recorded)


def test_a_member_who_joins_as_xiaoming_is_restricted_until_the_grace_ends() -> None:
    decision = decide_on_join(XIAOMING, newcomer(), RULE, NOW)
    assert isinstance(decision, Restrict)
    assert (decision.reason, decision.deadline) == ("missing_separator", NOW + GRACE)


def test_a_member_who_joins_with_a_proper_name_is_accepted_with_the_unit_for_a_tag() -> None:
    decision = decide_on_join(PROPER, newcomer(PROPER), RULE, NOW)
    assert isinstance(decision, Accept) and decision.verdict.unit == "海淀区"


def test_an_exempt_member_who_joins_as_xiaoming_is_left_alone() -> None:
    assert decide_on_join(XIAOMING, newcomer(exempt=True), RULE, NOW) == Nothing(EXEMPT)


def test_a_member_back_with_a_proper_name_whom_telegram_still_holds_is_released_quietly() -> None:
    decision = decide_on_join(PROPER, newcomer(PROPER), RULE, NOW, still_restricted=True)
    assert isinstance(decision, Release)
    assert (decision.why, decision.lift, decision.announce) == (REJOINED, True, False)


def test_a_member_back_as_xiaoming_is_restricted_again_with_a_fresh_grace() -> None:
    decision = decide_on_join(XIAOMING, newcomer(), RULE, NOW, still_restricted=True)
    assert isinstance(decision, Restrict) and decision.deadline == NOW + GRACE


def test_in_register_mode_a_member_registered_by_iam_joins_as_bob_and_is_accepted() -> None:
    registered = newcomer(DisplayName("Bob"), registration=Registration("王小明", "海淀区"))
    decision = decide_on_join(DisplayName("Bob"), registered, REGISTER, NOW)
    assert isinstance(decision, Accept) and decision.verdict.unit == "海淀区"


def test_outside_register_mode_a_registration_does_not_count() -> None:
    registered = newcomer(DisplayName("Bob"), registration=Registration("王小明", "海淀区"))
    assert isinstance(decide_on_join(DisplayName("Bob"), registered, RULE, NOW), Restrict)


def test_a_registration_outside_the_groups_units_does_not_count_and_the_name_explains_why() -> None:
    rule = NicknamePolicy(mode="register", units=("朝阳区",), grace=GRACE)
    registered = newcomer(DisplayName("Bob"), registration=Registration("王小明", "海淀区"))
    decision = decide_on_join(DisplayName("Bob"), registered, rule, NOW)
    assert isinstance(decision, Restrict) and decision.reason == "missing_separator"


def test_a_member_who_posts_as_xiaoming_is_restricted_until_the_grace_ends() -> None:
    decision = decide_on_message(XIAOMING, newcomer(), RULE, NOW)
    assert isinstance(decision, Restrict) and decision.deadline == NOW + GRACE


def test_a_member_who_posts_with_a_proper_name_is_accepted() -> None:
    assert isinstance(decide_on_message(PROPER, newcomer(PROPER), RULE, NOW), Accept)


def test_a_read_only_member_who_posts_after_renaming_is_released_and_the_group_told() -> None:
    decision = decide_on_message(PROPER, held(), RULE, NOW)
    assert isinstance(decision, Release) and decision.verdict is not None
    assert (decision.why, decision.lift, decision.announce) == (COMPLIED, True, True)
    assert decision.mute_until is None


def test_a_read_only_member_posting_under_a_wrong_name_keeps_the_deadline_and_the_reason_is_noted() -> None:
    decision = decide_on_message(DisplayName("小明🌸"), held(), RULE, NOW)
    assert isinstance(decision, Notify) and decision.record
    assert decision.verdict.reason == "invalid_characters"


def test_an_exempt_member_who_posts_as_xiaoming_is_left_alone() -> None:
    assert decide_on_message(XIAOMING, newcomer(exempt=True), RULE, NOW) == Nothing(EXEMPT)


def test_a_member_muted_by_a_moderator_who_renames_stays_muted_until_the_mute_ends() -> None:
    muted = NOW + timedelta(hours=2)
    decision = decide_on_message(PROPER, held(muted_until=muted), RULE, NOW)
    assert isinstance(decision, Release) and decision.mute_until == muted


def test_a_mute_that_has_ended_is_not_kept() -> None:
    decision = decide_on_message(PROPER, held(muted_until=NOW - timedelta(minutes=1)), RULE, NOW)
    assert isinstance(decision, Release) and decision.mute_until is None


def test_a_private_message_after_renaming_releases_a_read_only_member() -> None:
    decision = decide_on_sign(PROPER, held(), RULE, NOW)
    assert isinstance(decision, Release) and (decision.why, decision.announce) == (COMPLIED, True)


def test_a_private_message_still_as_xiaoming_changes_nothing_and_records_nothing() -> None:
    decision = decide_on_sign(XIAOMING, held(), RULE, NOW)
    assert isinstance(decision, Notify) and not decision.record


@pytest.mark.parametrize("standing", [newcomer(PROPER), held(present=False)])
def test_a_sign_from_someone_not_read_only_for_their_name_settles_nothing(standing: NameStanding) -> None:
    assert decide_on_sign(PROPER, standing, RULE, NOW) == Nothing(SETTLED)


def test_in_register_mode_iam_releases_a_read_only_member_whose_display_name_is_still_bob() -> None:
    registered = held(DisplayName("Bob"), registration=Registration("王小明", "海淀区"))
    decision = decide_on_sign(DisplayName("Bob"), registered, REGISTER, NOW)
    assert isinstance(decision, Release) and decision.verdict is not None
    assert decision.verdict.unit == "海淀区"


def test_the_button_is_only_for_the_member_it_names() -> None:
    assert decide_on_press(8, 7, held()) == Nothing(NOT_YOURS)


@pytest.mark.parametrize("standing", [None, newcomer(PROPER), held(present=False)])
def test_the_button_pressed_by_someone_no_longer_read_only_says_they_are_fine(
    standing: NameStanding | None,
) -> None:
    assert decide_on_press(7, 7, standing) == Nothing(SETTLED)


def test_the_button_pressed_by_the_read_only_member_has_their_current_name_judged() -> None:
    assert decide_on_press(7, 7, held()) == JudgeAgain()


@pytest.mark.parametrize(("status", "lift"), [("restricted", True), ("member", False)])
def test_a_member_update_about_someone_exempt_by_now_releases_them(status: str, lift: bool) -> None:
    assert decide_on_member_update(held(exempt=True), status) == Release(EXEMPTED, lift=lift)


def test_a_member_update_about_a_read_only_member_has_them_judged_again_everywhere() -> None:
    assert decide_on_member_update(held(), "restricted") == JudgeAgain()


def test_a_member_update_about_someone_not_read_only_changes_nothing() -> None:
    assert decide_on_member_update(newcomer(PROPER, exempt=True), "member") == Nothing(SETTLED)


@pytest.mark.parametrize(("standing", "lift"), [(held(), True), (newcomer(), False)])
def test_exempt_spares_a_member_and_lifts_only_the_bots_own_restriction(
    standing: NameStanding, lift: bool
) -> None:
    assert decide_on_exempt(standing) == Release(EXEMPTED, lift=lift)


def seen(name: DisplayName = XIAOMING, status: str = "restricted", is_member: bool = True) -> Seen:
    return Seen(status, name, is_member)


def test_the_recheck_releases_a_member_who_renamed_without_a_word_and_tells_the_group() -> None:
    decision = decide_recheck(seen(PROPER), held(), RULE, NOW)
    assert isinstance(decision, Release) and (decision.why, decision.announce) == (COMPLIED, True)


def test_the_recheck_removes_a_member_still_named_xiaoming_when_the_grace_ends() -> None:
    decision = decide_recheck(seen(), held(deadline=NOW), RULE, NOW)
    assert isinstance(decision, Remove) and decision.verdict.reason == "missing_separator"


def test_the_recheck_waits_while_the_grace_runs() -> None:
    assert decide_recheck(seen(), held(deadline=NOW + timedelta(seconds=1)), RULE, NOW) == Nothing(WAITING)


def test_a_read_only_member_without_a_deadline_is_never_removed() -> None:
    standing = NameStanding(7, XIAOMING, restricted=True, deadline=None)
    assert decide_recheck(seen(), standing, RULE, NOW + 10 * GRACE) == Nothing(WAITING)


def test_the_recheck_records_a_new_name_that_is_still_wrong_and_keeps_the_deadline() -> None:
    decision = decide_recheck(seen(DisplayName("小明🌸")), held(), RULE, NOW)
    assert isinstance(decision, Notify) and decision.record


@pytest.mark.parametrize("telegram_says", [None, seen(status="left"), seen(status="kicked"),
                                           seen(status="restricted", is_member=False)])
def test_a_member_who_left_during_the_grace_is_forgotten_not_removed(telegram_says: Seen | None) -> None:
    assert decide_recheck(telegram_says, held(deadline=NOW), RULE, NOW) == Forget()


@pytest.mark.parametrize("status", ["administrator", "creator"])
def test_a_member_made_an_admin_is_released_without_asking_telegram(status: str) -> None:
    assert decide_recheck(seen(status=status), held(deadline=NOW), RULE, NOW) == Release(PROMOTED, lift=False)


def test_a_member_exempt_since_the_restriction_is_released_by_the_recheck() -> None:
    assert decide_recheck(seen(), held(exempt=True, deadline=NOW), RULE, NOW) == Release(EXEMPTED, lift=True)


@pytest.mark.parametrize("standing", [newcomer(PROPER), held(present=False)])
def test_the_recheck_of_someone_settled_meanwhile_does_nothing(standing: NameStanding) -> None:
    assert decide_recheck(seen(), standing, RULE, NOW + 2 * GRACE) == Nothing(SETTLED)


def test_decisions_use_the_groups_memoised_checker_when_given_one() -> None:
    checker = NameChecker(RULE)
    decide_on_message(XIAOMING, newcomer(), RULE, NOW, checker=checker)
    decide_recheck(seen(), held(), RULE, NOW, checker=checker)
    assert checker.cache_size() == 1


def test_judge_prefers_the_display_name_and_falls_back_to_the_registration_only_in_register_mode() -> None:
    registration = Registration("王小明", "海淀区")
    assert judge(DisplayName("张三-朝阳区"), REGISTER, registration).unit == "朝阳区"
    assert judge(DisplayName("Bob"), REGISTER, registration).name == "王小明"
    assert not judge(DisplayName("Bob"), RULE, registration).ok
