from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

from bot.features.digests.render import DIGEST_KEYS, render_digest
from bot.messages import MESSAGE_LIMIT
from deliberation.digests import (
    DigestInput,
    GroupDay,
    ProposalLine,
    build_digest,
    build_digests,
    select_for_officials,
)
from deliberation.policy import Department

NOW = datetime(2026, 11, 3, 0, 30, tzinfo=UTC)  # 08:30 in Asia/Shanghai
SINCE = NOW - timedelta(days=1)
TALENT = Department("talent", "市人才办", officials=(222,), topics=("人才",))
SCIENCE = Department("science", "市科委", officials=(333,), topics=("创新", "转型"))
QUIET = GroupDay(-100, "科创中心建言群", 0, 0, 0, 0, 0)
BUSY = GroupDay(-100, "科创中心建言群", 120, 31, 2, 1, 3)


def proposal(number: int, **kw: object) -> ProposalLine:
    values: dict[str, object] = {
        "number": number, "chat_id": -100, "group_title": "科创中心建言群", "topics": ("人才",),
        "text": f"建议第{number}号：增加人才公寓供给", "author_name": "张三", "author_unit": "海淀区",
        "supports": 0, "link": f"https://t.me/c/100/{number}", "submitted_at": NOW - timedelta(hours=3),
        "state": "submitted", "card": 0, "departments": ("talent",),
    }
    values.update(kw)
    return ProposalLine(**values)  # type: ignore[arg-type]


def fake_t(key: str, **args: object) -> str:
    assert key in DIGEST_KEYS, key
    assert set(args) == set(DIGEST_KEYS[key]), (key, sorted(args))
    return "|".join([key, *(f"{k}={v}" for k, v in sorted(args.items()))])


def digest_for(official: int, proposals: list[ProposalLine], groups=(QUIET,)):
    (inp,) = [i for i in select_for_officials(proposals, groups, [TALENT, SCIENCE], until=NOW)
              if i.official_id == official]
    return build_digest(inp, NOW)


def numbers(digest) -> set[int]:
    items = [p for s in digest.new_by_topic for p in s.proposals]
    items += [i.proposal for i in (*digest.open_items, *digest.awaiting_rating)]
    return {p.number for p in items}


def test_two_officials_in_two_departments_get_exactly_their_own_proposals():
    proposals = [
        proposal(1),
        proposal(2, topics=("创新",), departments=("science",)),
        proposal(3, submitted_at=NOW - timedelta(days=9), departments=("talent",)),
        proposal(4, topics=("转型",), submitted_at=NOW - timedelta(days=20), departments=("science",)),
        proposal(5, state="answered", submitted_at=NOW - timedelta(days=4), departments=("science",)),
        proposal(6, state="closed", departments=("talent",), topics=("其他",)),
    ]
    assert numbers(digest_for(222, proposals)) == {1, 3}
    assert numbers(digest_for(333, proposals)) == {2, 4, 5}


def test_a_proposal_on_two_of_the_departments_topics_appears_once_under_the_first():
    proposals = [
        proposal(1, topics=("转型", "创新"), departments=("science",)),
        proposal(2, topics=("创新",), departments=("science",), supports=1),
        proposal(3, topics=("创新",), departments=("science",), supports=7),
    ]
    sections = {s.topic: [p.number for p in s.proposals] for s in digest_for(333, proposals).new_by_topic}
    assert sections == {"创新": [3, 2], "转型": [1]}


def test_proposals_before_the_last_digest_are_not_new_but_stay_open_with_age_and_card():
    old = proposal(1, submitted_at=NOW - timedelta(days=16, hours=1), card=2)
    digest = digest_for(222, [old])
    assert digest.new_by_topic == ()
    assert [(i.proposal.number, i.days, i.proposal.card) for i in digest.open_items] == [(1, 16, 2)]


def test_open_items_come_oldest_first():
    proposals = [proposal(n, submitted_at=NOW - timedelta(days=d)) for n, d in ((1, 2), (2, 9), (3, 5))]
    assert [i.proposal.number for i in digest_for(222, proposals).open_items] == [2, 3, 1]


def test_answers_already_rated_are_not_waiting_for_a_rating():
    answered = NOW - timedelta(days=2)
    proposals = [
        proposal(1, state="answered", answered_at=answered, submitted_at=NOW - timedelta(days=6)),
        proposal(2, state="answered", answered_at=answered, rated=True),
    ]
    digest = digest_for(222, proposals)
    assert [(i.proposal.number, i.days) for i in digest.awaiting_rating] == [(1, 2)]


def test_empty_sections_are_left_out_of_the_rendered_digest():
    parts = render_digest(digest_for(222, [proposal(1)]), fake_t, "Asia/Shanghai")
    text = "\n".join(parts)
    assert "digest-new-heading|count=1" in text
    assert "digest-groups-heading" in text
    assert "digest-open-heading|count=1" in text
    assert "digest-rating-heading" not in text


def test_a_day_with_nothing_new_nothing_open_and_quiet_groups_is_one_line():
    elsewhere = proposal(1, topics=("其他",), departments=("science",))
    closed = proposal(2, state="closed", submitted_at=NOW - timedelta(days=3))
    digest = digest_for(222, [elsewhere, closed])
    assert digest.empty
    assert render_digest(digest, fake_t, "Asia/Shanghai") == ["digest-nothing-new|date=2026-11-03"]


def test_group_activity_alone_is_worth_a_digest():
    digest = digest_for(222, [], groups=(BUSY,))
    assert not digest.empty
    (part,) = render_digest(digest, fake_t, "Asia/Shanghai")
    assert "active=31" in part and "name_problems=3" in part and "removals=1" in part


def test_markup_in_user_text_is_shown_as_text_and_chinese_survives():
    original = "<script>alert(1)</script> 建议"
    p = proposal(1, text=original, author_name="李<b>四", author_unit="A&B 街道")
    (part,) = render_digest(digest_for(222, [p]), fake_t, "Asia/Shanghai")
    item = next(line for line in part.splitlines() if line.startswith("digest-new-item"))
    fields = dict(field.split("=", 1) for field in item.split("|")[1:])
    assert "<script>" not in part and "<b>" not in part
    assert html.unescape(fields["text"]) == original
    assert html.unescape(fields["author"]) == "李<b>四"
    assert fields["unit"] == "A&amp;B 街道"
    assert fields["ref"] == '<a href="https://t.me/c/100/1">#1</a>'


def test_long_proposal_text_is_shortened_with_an_ellipsis():
    p = proposal(1, text="人才" * 200)
    (part,) = render_digest(digest_for(222, [p]), fake_t, "Asia/Shanghai")
    text = re.search(r"digest-new-item.*\|text=([^|]*)", part).group(1)
    assert text.endswith("…") and len(text) <= 120


def test_times_are_shown_in_the_officials_local_time():
    p = proposal(1, submitted_at=datetime(2026, 11, 2, 16, 5, tzinfo=UTC))
    (part,) = render_digest(digest_for(222, [p]), fake_t, "Asia/Shanghai")
    assert "digest-header|date=2026-11-03|since=11-02 08:30|until=11-03 08:30" in part
    assert "time=11-03 00:05" in part


def test_a_digest_of_300_long_proposals_is_split_at_item_boundaries_within_telegrams_limit():
    proposals = [proposal(n, text=f"<b>&{n}</b>" + "长" * 300) for n in range(1, 301)]
    parts = render_digest(digest_for(222, proposals), lambda key, **a: _html_t(key, **a), "Asia/Shanghai")
    assert len(parts) > 1
    for part in parts:
        assert len(part.encode("utf-16-le")) // 2 <= MESSAGE_LIMIT
        assert part.count("<a ") == part.count("</a>")
        assert part.count("<b>") == part.count("</b>")
    new = [int(n) for n in re.findall(r"NEW <a [^>]*>#(\d+)</a>", "\n".join(parts))]
    owed = [int(n) for n in re.findall(r"OWED <a [^>]*>#(\d+)</a>", "\n".join(parts))]
    assert sorted(new) == list(range(1, 301)) and sorted(owed) == list(range(1, 301))
    assert not any(part.rstrip().endswith("</b>") for part in parts[:-1])  # no part ends on a heading


def _html_t(key: str, **a: object) -> str:
    """A catalogue-like fake: headings in bold, items one line each."""
    if key == "digest-new-item":
        return f"NEW {a['ref']} {a['text']} — {a['author']}（{a['unit']}）👍{a['supports']} {a['time']}"
    if key == "digest-open-item":
        return f"OWED {a['ref']} {a['text']} {a['days']}d {a['card']}"
    return f"<b>{key} {' '.join(map(str, a.values()))}</b>"


def test_an_official_in_two_departments_sees_each_open_proposal_once():
    both = replace(TALENT, officials=(222, 444))
    other = replace(SCIENCE, officials=(444,))
    proposals = [proposal(1, departments=("talent", "science")), proposal(2, topics=("创新",))]
    inputs = {i.official_id: i for i in select_for_officials(proposals, [], [both, other], until=NOW)}
    digest = build_digest(inputs[444], NOW)
    assert [i.proposal.number for i in digest.open_items] == [1, 2]
    assert {s.topic for s in digest.new_by_topic} == {"人才", "创新"}


def test_each_official_starts_from_their_own_last_digest():
    proposals = [proposal(1, submitted_at=NOW - timedelta(hours=30)), proposal(2)]
    inputs = select_for_officials(proposals, [], [TALENT], until=NOW, since={222: NOW - timedelta(days=2)})
    assert numbers(build_digest(inputs[0], NOW)) == {1, 2}
    assert [p.number for p in build_digest(inputs[0], NOW).new_by_topic[0].proposals] == [1, 2]


def test_build_digest_on_its_own_keeps_only_the_window_the_topics_and_the_departments():
    inp = DigestInput(
        official_id=222, department_ids=frozenset({"talent"}), department_topics=frozenset({"人才"}),
        since=SINCE, until=NOW,
        new_proposals=(proposal(1), proposal(2, submitted_at=NOW), proposal(3, topics=("创新",))),
        open_proposals=(proposal(4, departments=("science",)), proposal(5, state="answered")),
        awaiting_rating=(proposal(6, state="answered"), proposal(7, state="answered", rated=True)),
        groups=(),
    )
    digest = build_digest(inp, NOW)
    assert [p.number for s in digest.new_by_topic for p in s.proposals] == [1]
    assert digest.open_items == ()
    assert [i.proposal.number for i in digest.awaiting_rating] == [6]


def test_building_many_digests_at_once_gives_the_same_digests_as_one_by_one():
    colleague = replace(TALENT, officials=(222, 555))
    proposals = [
        proposal(1), proposal(2, submitted_at=NOW - timedelta(days=8), card=1),
        proposal(3, state="answered", answered_at=NOW - timedelta(days=1)),
        proposal(4, topics=("创新",), departments=("science",), submitted_at=NOW - timedelta(days=3)),
    ]
    inputs = select_for_officials(proposals, [BUSY], [colleague, SCIENCE], until=NOW,
                                  since={555: NOW - timedelta(days=9)})
    assert build_digests(inputs, NOW) == [build_digest(i, NOW) for i in inputs]
    assert [len(d.open_items) for d in build_digests(inputs, NOW)] == [2, 1, 2]


def test_officials_built_together_with_the_same_digest_get_the_same_parts_formatted_once():
    colleagues = replace(TALENT, officials=(222, 555, 666))
    proposals = [proposal(1), proposal(2, submitted_at=NOW - timedelta(days=8), card=1),
                 proposal(3, state="answered", answered_at=NOW - timedelta(days=1))]
    inputs = select_for_officials(proposals, [BUSY], [colleagues], until=NOW,
                                  since={666: NOW - timedelta(days=9)})
    calls: list[str] = []

    def counting_t(key: str, **args: object) -> str:
        calls.append(key)
        return fake_t(key, **args)

    digests = build_digests(inputs, NOW)
    rendered = {d.official_id: render_digest(d, counting_t, "Asia/Shanghai") for d in digests}
    alone = {i.official_id: render_digest(build_digest(i, NOW), fake_t, "Asia/Shanghai") for i in inputs}
    assert rendered == alone
    assert rendered[222] == rendered[555] != rendered[666]  # 666 starts from an earlier digest
    rendered[222].append("changed")
    assert rendered[555] == alone[555]  # each official has their own list
    one = len([k for k in calls if k == "digest-header"])
    assert one == 2  # one per distinct digest, not one per official


def test_a_digest_changed_after_rendering_is_rendered_anew():
    digest = digest_for(222, [proposal(1), proposal(2, submitted_at=NOW - timedelta(days=5))])
    first = render_digest(digest, fake_t, "Asia/Shanghai")
    fewer = replace(digest, open_items=digest.open_items[:1])
    assert render_digest(fewer, fake_t, "Asia/Shanghai") != first
    assert render_digest(digest, fake_t, "Asia/Shanghai") == first
    assert render_digest(digest, fake_t, "Europe/Berlin") != first


def test_a_months_figures_count_answers_closures_and_satisfaction_over_rated_answers() -> None:
    from deliberation.digests import summarise_month

    month = summarise_month([("submitted", None), ("answered", "satisfied"), ("closed", "basic"),
                             ("closed", None), ("rejected", None)])
    assert (month.proposals, month.answered, month.finished, month.rated) == (5, 3, 2, 2)
    assert month.satisfaction == 0.75
    assert summarise_month([]).satisfaction is None
