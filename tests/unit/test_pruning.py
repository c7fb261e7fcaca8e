from __future__ import annotations

from datetime import UTC, datetime, timedelta

from deliberation.policy import PruningPolicy
from deliberation.pruning import ActivityBuffer, PruneAction, RosterEntry, plan_pruning

NOW = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)
POLICY = PruningPolicy(inactive_after=30 * DAY, warn_before=3 * DAY)


def member(
    user_id: int,
    idle_days: float,
    *,
    warned_days_ago: float | None = None,
    joined_days_ago: float = 365,
    exempt: bool = False,
) -> RosterEntry:
    warned = NOW - warned_days_ago * DAY if warned_days_ago is not None else None
    return RosterEntry(user_id, NOW - joined_days_ago * DAY, NOW - idle_days * DAY, exempt, warned)


def warned(roster: list[RosterEntry], policy: PruningPolicy = POLICY, count: int = 100) -> list[int]:
    return [a.user_id for a in plan_pruning(roster, policy, NOW, count).warnings]


def removed(roster: list[RosterEntry], policy: PruningPolicy = POLICY, count: int = 100) -> list[int]:
    return [a.user_id for a in plan_pruning(roster, policy, NOW, count).removals]


def test_a_member_inactive_for_twenty_seven_days_is_warned_and_not_removed() -> None:
    roster = [member(1, 27), member(2, 26.9)]
    assert warned(roster) == [1]
    assert removed(roster) == []


def test_a_member_warned_in_this_spell_is_not_warned_again() -> None:
    assert warned([member(1, 28, warned_days_ago=1)]) == []


def test_a_warned_member_still_inactive_at_thirty_days_is_removed() -> None:
    plan = plan_pruning([member(1, 30, warned_days_ago=3)], POLICY, NOW, 100)
    assert plan.removals == [PruneAction(1, "inactive", 30 * DAY, NOW - 30 * DAY)]
    assert plan.warnings == []


def test_a_member_never_warned_is_warned_first_even_when_long_inactive() -> None:
    roster = [member(1, 45)]
    assert warned(roster) == [1]
    assert removed(roster) == []


def test_a_late_warning_still_gives_the_full_notice_before_removal() -> None:
    assert removed([member(1, 40, warned_days_ago=1)]) == []
    assert removed([member(1, 40, warned_days_ago=3)]) == [1]


def test_speaking_again_starts_a_new_spell_so_an_old_warning_no_longer_counts() -> None:
    spoke_after_warning = member(1, 31, warned_days_ago=40)
    assert removed([spoke_after_warning]) == []
    assert warned([spoke_after_warning]) == [1]
    assert warned([member(2, 5, warned_days_ago=40)]) == []


def test_exempt_members_are_never_warned_nor_removed() -> None:
    roster = [member(1, 28, exempt=True), member(2, 90, warned_days_ago=10, exempt=True)]
    assert warned(roster) == []
    assert removed(roster) == []


def test_a_member_who_joined_recently_is_neither_warned_nor_removed() -> None:
    roster = [member(1, 10, joined_days_ago=10), member(2, 40, warned_days_ago=5, joined_days_ago=20)]
    assert warned(roster) == []
    assert removed(roster) == []


def test_without_a_cap_every_removable_member_goes_longest_inactive_first() -> None:
    roster = [member(1, 31, warned_days_ago=4), member(2, 60, warned_days_ago=4), member(3, 2)]
    assert removed(roster) == [2, 1]


def twelve_members() -> list[RosterEntry]:
    roster = [member(100 + i, 31 + i, warned_days_ago=4) for i in range(7)]  # 100..106, 106 idlest
    roster += [member(200, 300, warned_days_ago=10, exempt=True), member(201, 200, exempt=True)]
    roster += [member(300, 1), member(301, 0), member(302, 12)]
    return roster


def test_with_capacity_ten_and_reserve_two_twelve_members_lose_the_four_longest_inactive() -> None:
    policy = PruningPolicy(inactive_after=30 * DAY, warn_before=3 * DAY, capacity=10, reserve=2)
    assert removed(twelve_members(), policy, count=12) == [106, 105, 104, 103]


def test_with_capacity_no_one_is_removed_while_the_reserve_is_free_but_warnings_go_out() -> None:
    policy = PruningPolicy(inactive_after=30 * DAY, warn_before=3 * DAY, capacity=10, reserve=2)
    roster = [*twelve_members(), member(400, 28)]
    plan = plan_pruning(roster, policy, NOW, member_count=8)
    assert plan.removals == []
    assert [a.user_id for a in plan.warnings] == [400]


def test_only_when_full_removes_nothing_until_the_group_is_full() -> None:
    policy = PruningPolicy(
        inactive_after=30 * DAY, warn_before=3 * DAY, capacity=10, reserve=2, only_when_full=True
    )
    assert removed(twelve_members(), policy, count=9) == []
    assert removed(twelve_members(), policy, count=10) == [106, 105]


def test_the_activity_buffer_keeps_the_latest_activity_and_counts_messages_per_chat() -> None:
    buffer = ActivityBuffer()
    buffer.touch(-1, 7, NOW)
    buffer.touch(-1, 7, NOW + DAY)
    buffer.touch(-1, 7, NOW - DAY)  # a late update does not move activity back
    buffer.touch(-2, 7, NOW)
    buffer.touch(-1, 8, NOW)
    assert buffer.size == 3
    latest, counts = buffer.drain()
    assert latest == {(-1, 7): NOW + DAY, (-2, 7): NOW, (-1, 8): NOW}
    assert counts == {-1: 4, -2: 1}


def test_draining_the_activity_buffer_empties_it() -> None:
    buffer = ActivityBuffer()
    buffer.touch(-1, 7, NOW)
    buffer.drain()
    assert len(buffer) == 0
    assert buffer.drain() == ({}, {})
