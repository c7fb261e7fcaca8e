"""Personal data in the database, on SQLite and PostgreSQL: the export holds one member's data
across groups and nothing of another's; an erasure leaves no name or unit behind except where
the issue keeps them, keeps a running ban, and changes no one else's rows or any numbering."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from deliberation.clock import ManualClock
from deliberation.consultations import Request
from deliberation.privacy import ANONYMOUS, ERASED_AUTHOR, Erasure, PrivacyPolicy, name_needles
from storage.models import AuditEntry, JoinRequest, ProposalEvent
from storage.repositories.consultations import ConsultationRepository
from storage.repositories.corrections import CorrectionRepository, FollowRepository
from storage.repositories.faq import FaqRepository
from storage.repositories.privacy import PrivacyRepository
from storage.repositories.proposals import ProposalRepository
from storage.uow import UnitOfWorkFactory
from tests.members import CHAT, OTHER
from tests.scan import columns_of, filled_columns, find_strings, table_rows

ZHANG, LI, OFFICIAL, MODERATOR = 700001, 800002, 900003, 910004
ZHANG_NAMES = ("张三丰", "海淀区")
LI_NAMES = ("李四光", "朝阳区")
SEPARATORS = ("-", " ")
# what consultations store: every one of these tables gets rows with every column filled
CONSULTATION_TABLES = ("consultations", "consultation_opinions", "opinion_supports", "faq_entries",
                       "corrections", "follow_optouts")
ZHANG_OPINION = "我是张三丰，建议海淀区的人才公寓按积分分配"
LI_OPINION = "同意张三丰的意见，朝阳区也可以按积分分配"


async def seed(uow_factory: UnitOfWorkFactory, clock: ManualClock) -> dict[str, int]:
    """张三丰-海淀区 and 李四光-朝阳区 in two groups, each with proposals, supports, a warning."""
    now = clock.now()
    numbers: dict[str, int] = {}
    async with uow_factory() as uow:
        chats, proposals = uow.chats, uow.repo(ProposalRepository)
        for chat_id, title in ((CHAT, "科创建言群"), (OTHER, "人才建言群")):
            await chats.upsert_chat(chat_id, title=title, type="supergroup", configured=True, now=now)
        for uid, (name, unit) in ((ZHANG, ZHANG_NAMES), (LI, LI_NAMES)):
            await chats.upsert_user(uid, first_name=f"{name}-{unit}", last_name=None, username=None,
                                    is_bot=False, language_code="zh", now=now, private_chat=True)
            await chats.update_user(uid, real_name=name, unit=unit)
            for chat_id in (CHAT, OTHER):
                await chats.ensure_member(chat_id, uid, first_name=f"{name}-{unit}", last_name=None,
                                          is_bot=False, now=now)
                await chats.update_member(chat_id, uid, tag=unit, warn_count=1)
                await chats.write_activity({(chat_id, uid): now}, {(chat_id, "2026-01-01"): {uid}}, {})
                uow.audit.add(at=now, action="warn", chat_id=chat_id, actor_id=MODERATOR, subject_id=uid,
                              reason=f"{name}刷屏")
                p = await proposals.add(
                    chat_id=chat_id, message_id=uid % 1000 + chat_id % 100, author_id=uid,
                    author_name=name, author_unit=unit, text=f"建议在{unit}增设人才公寓，方便青年落户",
                    topics=["人才"], dup_key=f"{uid}{chat_id}", link=None, now=now)
                numbers[f"{uid}:{chat_id}"] = p.number
                uow.session.add(ProposalEvent(number=p.number, at=now, actor_id=OFFICIAL, action="accept",
                                              from_state="submitted", to_state="accepted",
                                              detail=f"{name}您好，已受理", data={}))
            uow.session.add(JoinRequest(chat_id=CHAT, user_id=uid, first_name=f"{name}-{unit}",
                                        requested_at=now, state="approved", decided_at=now))
            await uow.outbox.enqueue(key=f"welcome:{uid}", kind="notice", chat_id=CHAT, now=now,
                                     params={"text": f'<a href="tg://user?id={uid}">{name}-{unit}</a> 欢迎'})
        await proposals.edit_text(numbers[f"{ZHANG}:{CHAT}"], "建议在海淀区增设人才公寓和托育中心", "k2", now)
        await proposals.add_support(numbers[f"{ZHANG}:{CHAT}"], LI, now)
        await proposals.add_support(numbers[f"{LI}:{OTHER}"], ZHANG, now)
        await uow.commit()
    await seed_consultations(uow_factory, clock)
    return numbers


async def seed_consultations(uow_factory: UnitOfWorkFactory, clock: ManualClock) -> None:
    """A concluded consultation in each group with opinions of both members, who support each
    other's; both opted out of following; 张三丰 (a moderator too) wrote a FAQ entry and
    corrected 李四光, and was corrected himself; texts of others name him."""
    now = clock.now()
    async with uow_factory() as uow:
        repo = uow.repo(ConsultationRepository)
        for n, chat_id in enumerate((CHAT, OTHER), 1):
            question = f"人才公寓怎样分配？（第{n}轮）"
            request = Request("人才", now + timedelta(hours=1), question, "新建 200 套", ("积分", "摇号"))
            number = await repo.create(request, chat_id=chat_id, official_id=OFFICIAL,
                                       origin_chat_id=OFFICIAL, origin_message_id=n, now=now)
            await repo.set_posted(number, message_id=100 + n, poll_message_id=200 + n, poll_id=f"poll{n}",
                                  now=now)
            await repo.record_poll(f"poll{n}", [2, 1], 3, update_id=n)
            for uid, (name, unit), text, message_id in (
                    (ZHANG, ZHANG_NAMES, ZHANG_OPINION, 300 + n), (LI, LI_NAMES, LI_OPINION, 400 + n)):
                await repo.add_opinion(number, chat_id=chat_id, message_id=message_id, author_id=uid,
                                       author_name=name, author_unit=unit, text=text, now=now)
            zhang, li = await repo.opinion_at(chat_id, 300 + n), await repo.opinion_at(chat_id, 400 + n)
            assert zhang is not None and li is not None
            await repo.support(zhang[0], LI, now)
            await repo.support(li[0], ZHANG, now)
            await repo.mark_reminded(number, now)
            await repo.close(number, now)
            await repo.conclude(number, "按积分分配，感谢张三丰等成员的意见", now)
            await repo.set_conclusion_message(number, 500 + n)
            faq = uow.repo(FaqRepository)
            await faq.add(chat_id, ["社保"], "社保查询请拨打 12333（张三丰整理）", now=now, link="https://example.org",
                          source="proposal", proposal_number=1, created_by=ZHANG)
            await faq.add(chat_id, ["医保"], "医保查询请拨打 12393", now=now, link="https://example.org",
                          source="command", proposal_number=2, created_by=MODERATOR)
            corrections = uow.repo(CorrectionRepository)
            await corrections.add(chat_id, 300 + n, author_id=ZHANG, moderator_id=MODERATOR,
                                  text="经核实，张三丰所说的停止申请不实", clarification_message_id=600 + n,
                                  deleted_original=True, now=now)
            await corrections.add(chat_id, 400 + n, author_id=LI, moderator_id=ZHANG,
                                  text="经核实，申请通道正常开放", clarification_message_id=700 + n,
                                  deleted_original=False, now=now)
        for uid in (ZHANG, LI):
            await uow.repo(FollowRepository).opt_out(uid, now)
        await uow.commit()


def plan_for(user_id: int, names: tuple[str, str], clock: ManualClock, policy: PrivacyPolicy) -> Erasure:
    name, unit = names
    return Erasure(user_id, None, name_needles([f"{name}-{unit}", name, unit], SEPARATORS), policy,
                   clock.now(), units=frozenset({unit}))


def others(
    rows: dict[str, list[dict[str, Any]]], user_id: int, numbers: set[int]
) -> dict[str, list[str]]:
    """The rows not about ``user_id`` nor their proposals ``numbers``, in a stable order: what an
    erasure of that user must leave exactly as it was."""
    ids = ("user_id", "id", "author_id", "subject_id", "reporter_id")

    def about(table: str, row: dict[str, Any]) -> bool:
        if table in ("audit_log", "outbox", "claims", "proposal_events", "proposal_versions", "consultations",
                     "consultation_opinions", "corrections", "faq_entries"):
            return True  # shared records: the checks below look at them by content
        if table != "supports" and row.get("number") in numbers:
            return True
        return any(row.get(k) == user_id for k in ids)

    return {t: sorted(repr(r) for r in rs if not about(t, r)) for t, rs in rows.items()}


async def test_the_export_holds_a_members_proposals_in_both_groups_and_nothing_of_another(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    numbers = await seed(uow_factory, clock)
    async with uow_factory() as uow:
        document = await uow.repo(PrivacyRepository).export(ZHANG, now=clock.now())
    assert sorted(p["number"] for p in document["proposals"]) == sorted(
        [numbers[f"{ZHANG}:{CHAT}"], numbers[f"{ZHANG}:{OTHER}"]])
    assert {p["group"] for p in document["proposals"]} == {"科创建言群", "人才建言群"}
    edited = next(p for p in document["proposals"] if p["number"] == numbers[f"{ZHANG}:{CHAT}"])
    assert [v["text"] for v in edited["versions"]] == ["建议在海淀区增设人才公寓，方便青年落户"]
    assert [h["action"] for h in edited["history"]] == ["accept"] and edited["supports"] == 1
    assert [m["chat_id"] for m in document["memberships"]] == sorted([CHAT, OTHER])
    assert [s["number"] for s in document["supports"]] == [numbers[f"{LI}:{OTHER}"]]
    assert {a["action"] for a in document["audit"]} == {"warn"}
    # what consultations hold on them: opinions with their consultation, supports, the opt-out,
    # the FAQ entries they wrote, corrections of their messages and by them
    opinions = [(o["group"], o["topic"], o["question"], o["text"], o["supports"])
                for o in document["opinions"]]
    assert opinions == [
        ("科创建言群", "人才", "人才公寓怎样分配？（第1轮）", ZHANG_OPINION, 1),
        ("人才建言群", "人才", "人才公寓怎样分配？（第2轮）", ZHANG_OPINION, 1)]
    assert [(s["group"], s["question"]) for s in document["opinion_supports"]] == [
        ("科创建言群", "人才公寓怎样分配？（第1轮）"), ("人才建言群", "人才公寓怎样分配？（第2轮）")]
    assert document["follow_optout"] == {"at": clock.now().isoformat()}
    assert [f["answer"] for f in document["faq_entries"]] == ["社保查询请拨打 12333（张三丰整理）"] * 2
    assert sorted(c["role"] for c in document["corrections"]) == ["author"] * 2 + ["moderator"] * 2
    text = json.dumps(document, ensure_ascii=False)
    for other in (*LI_NAMES, LI_OPINION, "医保", str(LI), str(OFFICIAL), str(MODERATOR)):
        assert other not in text


async def test_the_seed_fills_every_column_of_what_consultations_store_so_the_scan_reads_them_all(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await seed(uow_factory, clock)
    assert columns_of(*CONSULTATION_TABLES) <= await filled_columns(uow_factory)
    named = {(table, column) for table, column, _ in await find_strings(uow_factory, ZHANG_NAMES)}
    assert named >= {("consultation_opinions", "author_name"), ("consultation_opinions", "author_unit"),
                     ("consultation_opinions", "text"), ("consultations", "conclusion"),
                     ("faq_entries", "answer"), ("corrections", "text")}


async def test_after_an_erasure_no_table_holds_the_name_and_the_unit_only_on_the_proposals(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    numbers = await seed(uow_factory, clock)
    before = await table_rows(uow_factory)
    async with uow_factory() as uow:
        erased = await uow.repo(PrivacyRepository).erase(plan_for(ZHANG, ZHANG_NAMES, clock, PrivacyPolicy()))
        await uow.commit()
    assert (erased.groups, erased.proposals, erased.supports, erased.kept_sanctions) == (2, 2, 1, 0)
    assert (erased.opinions, erased.opinion_supports) == (2, 2)
    found = await find_strings(uow_factory, ZHANG_NAMES)
    # the unit stays where the group's record shows it: the author line and the texts they wrote
    assert found == {("proposals", "author_unit", "海淀区"), ("proposals", "text", "海淀区"),
                     ("proposal_versions", "text", "海淀区"),
                     ("consultation_opinions", "author_unit", "海淀区"),
                     ("consultation_opinions", "text", "海淀区")}
    after = await table_rows(uow_factory)
    mine = {numbers[f"{ZHANG}:{CHAT}"], numbers[f"{ZHANG}:{OTHER}"]}
    assert others(after, ZHANG, mine) == others(before, ZHANG, mine)  # nobody else's rows changed
    assert sorted(p["number"] for p in after["proposals"]) == sorted(p["number"] for p in before["proposals"])
    assert await find_strings(uow_factory, (*LI_NAMES, "李四光刷屏")) >= {
        ("users", "first_name", "李四光"), ("audit_log", "reason", "李四光刷屏"),
        ("outbox", "params", "李四光")}
    async with uow_factory() as uow:
        mine = await uow.repo(ProposalRepository).get(numbers[f"{ZHANG}:{OTHER}"])
        assert (mine.author_id, mine.author_name, mine.author_unit) == (ERASED_AUTHOR, "", "海淀区")
        theirs = await uow.repo(ProposalRepository).get(numbers[f"{LI}:{OTHER}"])
        assert theirs.supports == 0 and theirs.author_id == LI
        assert await uow.chats.get_member(CHAT, ZHANG) is None
        assert await uow.chats.get_user(ZHANG) is None
        steps = (await uow.session.scalars(
            AuditEntry.__table__.select().where(AuditEntry.action == "warn"))).all()
        assert len(steps) == 4  # the steps stay; two of them no longer say about whom
    assert sum(1 for a in after["audit_log"] if a["subject_id"] is None) == 2
    # the opinions stay, his under "a member (unit)", 李四光's with only 张三丰's name gone
    opinions = sorted((o["author_id"], o["author_name"], o["author_unit"], o["text"])
                      for o in after["consultation_opinions"])
    assert opinions == [(ERASED_AUTHOR, "", "海淀区", "我是…，建议海淀区的人才公寓按积分分配")] * 2 + [
        (LI, "李四光", "朝阳区", "同意…的意见，朝阳区也可以按积分分配")] * 2
    assert len(after["consultation_opinions"]) == len(before["consultation_opinions"])
    assert {s["user_id"] for s in after["opinion_supports"]} == {LI}  # his go, 李四光's of his stay
    assert [o["user_id"] for o in after["follow_optouts"]] == [LI]
    assert sorted((c["author_id"] or 0, c["moderator_id"]) for c in after["corrections"]) == [
        (0, MODERATOR), (0, MODERATOR), (LI, ERASED_AUTHOR), (LI, ERASED_AUTHOR)]
    assert {c["author_id"] for c in after["corrections"]} == {None, LI}  # none: not even "0"
    assert sorted(f["created_by"] or 0 for f in after["faq_entries"]) == [0, 0, MODERATOR, MODERATOR]
    assert {c["conclusion"] for c in after["consultations"]} == {"按积分分配，感谢…等成员的意见"}


async def test_under_the_anonymous_policy_not_even_the_unit_stays(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await seed(uow_factory, clock)
    policy = PrivacyPolicy(erased_authors=ANONYMOUS)
    async with uow_factory() as uow:
        await uow.repo(PrivacyRepository).erase(plan_for(ZHANG, ZHANG_NAMES, clock, policy))
        await uow.commit()
    assert await find_strings(uow_factory, ZHANG_NAMES) == set()


async def test_a_banned_member_who_erases_stays_banned_on_a_row_without_a_name(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await seed(uow_factory, clock)
    async with uow_factory() as uow:
        await uow.chats.update_member(CHAT, ZHANG, status="kicked")
        await uow.commit()
    async with uow_factory() as uow:
        erased = await uow.repo(PrivacyRepository).erase(plan_for(ZHANG, ZHANG_NAMES, clock, PrivacyPolicy()))
        await uow.commit()
    assert erased.kept_sanctions == 1
    async with uow_factory() as uow:
        banned = await uow.chats.get_member(CHAT, ZHANG)
        assert banned is not None and banned.status == "kicked"
        assert (banned.first_name, banned.last_name, banned.tag) == ("", None, None)
        assert await uow.chats.get_member(OTHER, ZHANG) is None
    found = await find_strings(uow_factory, ZHANG_NAMES)
    assert {table for table, _, _ in found} == {"proposals", "proposal_versions", "consultation_opinions"}
    clock.advance(timedelta(days=1))
    async with uow_factory() as uow:
        assert await uow.repo(PrivacyRepository).end_sanctions(clock.now()) == 0  # a ban has no end
        await uow.chats.update_member(CHAT, ZHANG, status="left")  # /unban
        assert await uow.repo(PrivacyRepository).end_sanctions(clock.now()) == 1
        await uow.commit()
    async with uow_factory() as uow:
        assert await uow.chats.get_member(CHAT, ZHANG) is None


async def test_departures_list_members_who_left_before_the_cutoff_not_yet_anonymised(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    await seed(uow_factory, clock)
    async with uow_factory() as uow:
        await uow.chats.update_member(CHAT, ZHANG, status="left", updated_at=clock.now())
        await uow.commit()
    clock.advance(timedelta(days=10))
    async with uow_factory() as uow:
        repo = uow.repo(PrivacyRepository)
        assert await repo.departures(clock.now() - timedelta(days=11)) == []
        (row,) = await repo.departures(clock.now() - timedelta(days=9))
        assert (row.chat_id, row.user_id, row.status) == (CHAT, ZHANG, "left")
        assert await repo.still_held(ZHANG, [CHAT])  # still a member of OTHER
        assert not await repo.still_held(ZHANG, [CHAT, OTHER])


async def test_retention_removes_old_texts_by_kind_and_keeps_recent_ones(
    uow_factory: UnitOfWorkFactory, clock: ManualClock
) -> None:
    from deliberation.privacy import retention_cutoffs

    numbers = await seed(uow_factory, clock)
    async with uow_factory() as uow:
        rows = await uow.outbox.list()
        await uow.outbox.mark_sent(rows[0].id, clock.now(), {"message_id": 5})
        await uow.commit()
    clock.advance(timedelta(days=31))
    async with uow_factory() as uow:
        done = await uow.repo(PrivacyRepository).apply_retention(retention_cutoffs(clock.now()))
        await uow.commit()
    assert (done["sent_message"], done["join_request"], done["proposal_version"]) == (1, 2, 0)
    async with uow_factory() as uow:
        sent, pending = await uow.outbox.list()
        assert sent.params == {} and pending.params != {}
        assert (await uow.repo(ProposalRepository).get(numbers[f"{ZHANG}:{CHAT}"])).text
    clock.advance(timedelta(days=400))
    async with uow_factory() as uow:
        done = await uow.repo(PrivacyRepository).apply_retention(retention_cutoffs(clock.now()))
        await uow.commit()
    assert (done["proposal_version"], done["moderation_evidence"], done["proposal"]) == (1, 4, 0)
