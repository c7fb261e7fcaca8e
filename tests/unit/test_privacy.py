"""The privacy rules: which strings name a member, what survives an erasure, when data goes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from deliberation.privacy import (
    ANONYMOUS,
    PLACEHOLDER,
    RETENTION,
    UNIT,
    Departure,
    Erasure,
    PrivacyPolicy,
    departed_due,
    mentions,
    name_needles,
    retention_cutoffs,
    sanction_survives,
    scrub,
    shown_author,
)

NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)
SEPARATORS = ("-", "·", " ")


def test_a_real_name_gives_itself_and_its_name_and_unit_longest_first() -> None:
    assert name_needles(["张三-海淀区", None, ""], SEPARATORS) == ("张三-海淀区", "海淀区", "张三")


def test_one_character_parts_are_not_looked_for_in_other_texts() -> None:
    assert name_needles(["A-海淀区"], SEPARATORS) == ("A-海淀区", "海淀区")


def test_scrub_replaces_a_name_inside_nested_json_and_leaves_other_values() -> None:
    data = {"text": "张三-海淀区 被警告", "n": 3, "items": ["张三", {"x": "李四"}]}
    needles = name_needles(["张三-海淀区"], SEPARATORS)
    expected = {"text": f"{PLACEHOLDER} 被警告", "n": 3, "items": [PLACEHOLDER, {"x": "李四"}]}
    assert scrub(data, needles) == expected
    assert mentions(data, needles)
    assert not mentions({"x": "李四"}, needles)
    assert not mentions("张三", ())


def test_a_ban_a_running_mute_and_a_read_only_for_the_name_survive_an_erasure() -> None:
    assert sanction_survives("kicked", None, False, NOW)
    assert sanction_survives("member", NOW + timedelta(hours=1), False, NOW)
    assert sanction_survives("restricted", None, True, NOW)


def test_an_ended_mute_or_a_plain_departure_does_not_survive() -> None:
    assert not sanction_survives("member", NOW - timedelta(seconds=1), False, NOW)
    assert not sanction_survives("left", None, False, NOW)


def test_erased_authors_keep_their_unit_only_where_the_group_says_so() -> None:
    assert shown_author("海淀区", UNIT) == ("", "海淀区")
    assert shown_author("海淀区", ANONYMOUS) == ("", "")
    policy = PrivacyPolicy(erased_authors=UNIT, group_authors={-2: ANONYMOUS})
    assert (policy.authors_in(-1), policy.authors_in(-2)) == (UNIT, ANONYMOUS)


def test_the_unit_stays_in_proposal_texts_only_under_the_unit_policy() -> None:
    policy = PrivacyPolicy(group_authors={-2: ANONYMOUS})
    plan = Erasure(7, None, ("张三-海淀区", "海淀区", "张三"), policy, NOW, units=frozenset({"海淀区"}))
    assert plan.proposal_needles(-1) == ("张三-海淀区", "张三")
    assert plan.proposal_needles(-2) == ("张三-海淀区", "海淀区", "张三")
    assert plan.everywhere and plan.covers(-5)
    assert not Erasure(7, frozenset({-1}), (), policy, NOW).covers(-2)


def test_members_who_left_longer_ago_than_departed_after_are_due_once() -> None:
    policy = PrivacyPolicy(departed_after=timedelta(days=180))
    long_ago, lately = NOW - timedelta(days=181), NOW - timedelta(days=179)
    rows = [
        Departure(-1, 1, "left", long_ago, False),
        Departure(-1, 2, "left", lately, False),
        Departure(-1, 3, "member", long_ago, False),  # still there: never due
        Departure(-1, 4, "removed", long_ago, True),  # anonymised already
        Departure(-1, 5, "kicked", NOW - timedelta(days=180), False),
    ]
    assert [r.user_id for r in departed_due(rows, policy, NOW)] == [1, 5]


def test_every_stored_text_kind_has_a_time_and_its_cutoff() -> None:
    cutoffs = retention_cutoffs(NOW)
    assert set(cutoffs) == {r.kind for r in RETENTION}
    assert all(r.keep_for > timedelta(0) for r in RETENTION)
    assert cutoffs["sent_message"] == NOW - timedelta(days=30)
