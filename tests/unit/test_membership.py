"""Joins, leaves and promotions as Telegram reports them (deliberation.membership)."""

from __future__ import annotations

import pytest

from deliberation.membership import (
    FRESH,
    IGNORED,
    KNOWN,
    Leave,
    Transition,
    decide_join,
    decide_leave,
    transition,
)

BOT = 999


@pytest.mark.parametrize(("old", "new"), [("left", "member"), ("kicked", "member"), ("left", "restricted")])
def test_a_member_who_arrives_has_joined(old: str, new: str) -> None:
    assert transition(old, new) == Transition(joined=True, left=None, admin=None)


def test_a_member_who_leaves_has_left() -> None:
    assert transition("member", "left") == Transition(joined=False, left="left", admin=None)


def test_a_member_who_is_kicked_is_told_apart_from_one_who_left() -> None:
    assert transition("restricted", "kicked").left == "kicked"


def test_a_member_made_an_admin_gets_the_admin_flag_and_has_not_joined() -> None:
    assert transition("member", "administrator") == Transition(joined=False, left=None, admin=True)


def test_an_admin_who_steps_down_loses_the_flag_and_stays() -> None:
    assert transition("administrator", "member") == Transition(joined=False, left=None, admin=False)


def test_an_admin_who_leaves_loses_the_flag_and_has_left() -> None:
    assert transition("administrator", "left") == Transition(joined=False, left="left", admin=False)


def test_someone_added_straight_as_admin_has_joined_with_the_flag() -> None:
    assert transition("left", "administrator") == Transition(joined=True, left=None, admin=True)


@pytest.mark.parametrize(
    ("old", "new"), [("member", "restricted"), ("restricted", "member"), ("left", "kicked")]
)
def test_a_change_of_rights_within_or_outside_the_group_is_neither_join_nor_leave(old: str, new: str) -> None:
    assert transition(old, new) == Transition(joined=False, left=None, admin=None)


def test_the_first_news_of_a_join_starts_a_spell() -> None:
    assert decide_join(7, BOT, present=False) == FRESH


def test_the_second_news_of_the_same_join_changes_nothing() -> None:
    assert decide_join(7, BOT, present=True) == KNOWN


def test_the_bots_own_arrival_is_not_a_members() -> None:
    assert decide_join(BOT, BOT, present=False) == IGNORED


def test_a_present_member_who_goes_is_recorded_as_gone_with_the_status_given() -> None:
    assert decide_leave(True, "kicked") == Leave("kicked")
    assert decide_leave(True) == Leave("left")


def test_news_that_someone_absent_left_changes_nothing() -> None:
    assert decide_leave(False) is None
