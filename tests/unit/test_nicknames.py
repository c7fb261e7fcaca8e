import pytest

from deliberation.nicknames import REASONS, NameChecker, check_name, parse_registration, shorten_tag
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
