"""A week in a deliberation group: who joins, who speaks, who proposes, who answers.

Day 0 is a Monday. Every scripted beat is at a fixed local time; the seed chooses the people,
their words and which proposals they support, so one seed always plays the same week.

The handling ladder (issue 16) in a week, when the configuration names leaders and an office: the
talent office gives an interim reply with a promise that it later keeps with its final answer,
and another whose date passes (a promise card, then red at the leader); it answers a third at
once. The innovation office is under review: its draft goes back with a note, the revised one is
approved and published; its other proposals wait until the red card reaches the leader and the
supervising office issues a 催办通知单. The leader adopts the proposal that was kept.
"""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from deliberation.handling import Rating
from emulator.simulation import buttons
from emulator.simulation.cast import Person, draw
from emulator.simulation.stage import Stage

CHAT = [
    "同意楼上的意见。",
    "这个建议很实在，支持。",
    "周末社区有什么活动吗？",
    "今天的会开得很好，谢谢大家。",
    "我们小区也遇到同样的问题。",
    "请问上次说的公交线路调整有进展吗？",
    "大家早上好！",
    "感谢各位部门同志的答复。",
    "下周的议事会几点开始？",
    "这个问题值得深入讨论。",
]
PROPOSALS = {
    "人才": [
        "建议设立青年人才公寓，降低租房成本，留住刚毕业的年轻人。",
        "建议为引进人才的子女入学开辟绿色通道，减少来回跑的手续。",
        "建议每季度举办一次人才招聘对接会，让本地企业和高校毕业生见面。",
    ],
    "创新": [
        "建议在中关村街道建设共享实验室，向小微科技企业低价开放仪器设备。",
        "建议设立社区创新小额基金，支持居民提出的便民科技项目。",
    ],
    "转型": ["建议老旧厂房转型为社区文化空间，周末向居民开放。"],
}
GENERIC = "建议就{topic}方面的问题召开一次居民座谈会，听取大家的意见，并在群里公布结果。"
CONSULT = (
    "/consult {topic} 2d {topic}方面的扶持政策，大家最希望先做哪一项？\n"
    "区里准备出台新一轮{topic}扶持措施，正式公布前向全体成员征求意见。\n"
    "投票：住房保障 | 资金补贴 | 办事便利"
)
OPINIONS = [
    "建议先解决住房问题，青年人才最关心的就是租房成本。",
    "希望补贴发放流程简化，材料能在网上一次提交。",
    "建议设立一站式服务窗口，少跑腿。",
    "住房保障最要紧，可以和园区企业合作建公寓。",
    "补贴标准要公开透明，按季度公示。",
]
CONCLUSION = "感谢大家的意见。综合投票和留言，首批措施以住房保障为重点，同时简化补贴申请材料，细则下月公布。"
FAQ_ADD = "/faq add 公积金 = 公积金提取请登录市住房公积金管理中心网站在线办理，或拨打 12329 咨询。"
RUMOUR = "听说下个月起人才公寓就不再接受申请了，大家赶紧去抢！"
CLARIFICATION = "/correct 经核实，“人才公寓停止申请”的说法不实，申请通道正常开放，以市人才办公告为准。"
ANSWERS = [
    "感谢您的建言。我们已将此事列入明年工作计划，首批措施将于三月公布，届时在群里通报。",
    "感谢建言。经研究，我办将与相关街道联合试点，试点方案已印发，下月起实施。",
    "您的建言已办结：相关部门已联合出台实施细则，即日起可在政务服务网申请。",
]
# an interim reply is not an answer: it says what is being done and by when (立即回复)
PROGRESS = [
    "已受理，正在办理：已会同住建部门调研房源，预计 {date} 前办结。",
    "已收悉。该事项涉及多个部门，我办牵头协调，预计 {date} 前给出具体安排。",
]
REVIEW_NOTE = "请写明试点的时间和范围"
DRAFTS = [
    "感谢建言。我局将与相关街道联合试点。",
    "感谢建言。我局将与中关村街道联合试点共享实验室，明年一月起试运行三个月。",
]
ADOPT_NOTE = "列入明年人才工作要点"


@dataclass
class Cast:
    moderator: Person
    talent: Person
    innovation: Person
    members: list[Person]
    silent: list[Person]
    fixers: list[tuple[Person, str, str | None]]  # joins non-compliant, later renames
    stubborn: Person
    flooder: Person
    applicants: list[Person]
    department: str = "talent"  # the prompt official's department
    authors: dict[int, Person] = field(default_factory=dict)  # proposal message id -> author
    answered: set[int] = field(default_factory=set)
    leader: Person | None = None  # 分管领导: reviews, adopts, hears of red cards
    office: Person | None = None  # the supervising office's clerk: urge notices
    promised: dict[str, int] = field(default_factory=dict)  # "keep" / "miss" -> proposal number

    def everyone(self) -> list[Person]:
        return [
            self.moderator,
            self.talent,
            self.innovation,
            *self.members,
            *self.silent,
            *(p for p, _, _ in self.fixers),
            self.stubborn,
            *self.applicants,
            *(p for p in (self.leader, self.office) if p is not None),
        ]


def cast_for(
    rng: random.Random, moderator_id: int, talent: tuple[int, str], innovation_id: int, language: str, *,
    leader_id: int | None = None, office_id: int | None = None,
) -> Cast:
    """The seed draws the same people whatever the language; only their Telegram language differs."""
    people = [Person(f"m{i}", f"{n}-{u}") for i, (n, u) in enumerate(draw(rng, 18))]
    members, silent, applicant = people[:12], people[12:15], people[15]
    cast = Cast(
        moderator=Person("moderator", "陈主任-区委办", user_id=moderator_id, role="moderator"),
        talent=Person("talent", "李明-市人才办", user_id=talent[0], role="official"),
        innovation=Person("innovation", "赵刚-区科技局", user_id=innovation_id, role="official"),
        members=members,
        silent=silent,
        fixers=[
            (Person("fix1", "小明"), "王小明-海淀区", None),
            (Person("fix2", "Lucy"), "Lucy Liu |", "Chaoyang"),
        ],
        stubborn=Person("stubborn", "阿强"),
        flooder=members[-1],
        applicants=[applicant, Person("applicant2", "路人甲")],
        department=talent[1],
        leader=Person("leader", "赵副市长-市政府", user_id=leader_id, role="leader") if leader_id else None,
        office=Person("office", "刘科长-市政务公开办", user_id=office_id, role="office")
        if office_id else None,
    )
    for person in cast.everyone():
        person.language_code = language
    return cast


class Timeline:
    """Beats at fixed local times, played in time order whatever order they were written in."""

    def __init__(self, stage: Stage, days: int) -> None:
        self.stage = stage
        self.days = days
        self.beats: list[tuple[datetime, int, Callable[[], Awaitable[object]]]] = []

    def at(self, day: int, hour: int, minute: int, beat: Callable[[], Awaitable[object]]) -> None:
        if day < self.days:
            self.beats.append((self.stage.moment(day, hour, minute), len(self.beats), beat))

    async def play(self) -> None:
        for when, _, beat in sorted(self.beats, key=lambda b: (b[0], b[1])):
            await self.stage.until(when)
            await beat()
        await self.stage.until(self.stage.moment(self.days - 1, 23, 59))


async def play(stage: Stage, cast: Cast, rng: random.Random, days: int, topics: list[str]) -> None:
    for person in cast.everyone():
        stage.enter(person)
    line = Timeline(stage, days)

    # Day 0, Monday: the group fills up and names are checked.
    for official in (cast.talent, cast.innovation, cast.leader, cast.office):
        if official is None:
            continue
        line.at(0, 8, 5, partial(stage.private, official, "/start"))
        if official.role in ("leader", "office"):
            continue
        line.at(0, 8, 6, partial(stage.join, official))
    for i, person in enumerate(cast.members + cast.silent):
        line.at(0, 9, i * 3, partial(stage.join, person))
    for i, (person, _, _) in enumerate(cast.fixers):
        line.at(0, 10, 20 * i, partial(stage.join, person))
    line.at(0, 11, 0, partial(stage.join, cast.stubborn))
    line.at(0, 11, 30, partial(_fix_by_button, stage, *cast.fixers[0]))
    line.at(0, 14, 0, partial(_fix_by_private_message, stage, *cast.fixers[1]))

    # Proposals on days 0 and 1, one repeated, one too short; the others support them.
    for n, (when, author, text) in enumerate(_proposal_plan(rng, cast, topics)):
        line.at(*when, partial(_propose, stage, cast, rng, author, text))
        if n == 1:  # the same author says it again the same day: not a new proposal
            line.at(when[0], when[1], when[2] + 20, partial(stage.say, author, text))
    line.at(0, 13, 0, partial(stage.say, cast.members[0], f"#{topics[0]} 太好了"))

    for d in range(days):
        speakers = [p for p in cast.members if p is not cast.flooder] + [p for p, _, _ in cast.fixers]
        for i, person in enumerate(rng.sample(speakers, len(speakers))):
            line.at(d, 19, i * 4, partial(_chat, stage, person, rng.choice(CHAT)))
        line.at(d, 16, 0, partial(_answer_talent, stage, cast, rng, d))
    for applicant in cast.applicants:  # day 1: the group is full, so they wait for a seat
        line.at(1, 9, 0, partial(_request_join, stage, applicant))
    line.at(2, 20, 0, partial(_flood, stage, cast))
    line.at(2, 21, 0, partial(stage.say, cast.members[1], "社保"))
    line.at(3, 20, 0, partial(stage.say, cast.moderator, "/prune"))

    # The FAQ grows: the moderator adds an entry, a member's question gets it.
    line.at(1, 10, 0, partial(stage.say, cast.moderator, FAQ_ADD))
    line.at(1, 15, 0, partial(stage.say, cast.members[2], "请问公积金怎么提取？"))
    # A consultation from opening (day 2) to conclusion (day 4); a rumour corrected on day 3.
    line.at(2, 9, 0, partial(stage.say, cast.talent, CONSULT.format(topic=topics[0])))
    line.at(2, 10, 0, partial(_give_opinions, stage, cast, rng))
    line.at(3, 18, 0, partial(_rumour, stage, cast))
    line.at(4, 10, 0, partial(stage.private, cast.talent, f"/conclude 1 {CONCLUSION}"))

    line.at(2, 10, 0, partial(_keep_promise, stage, cast, rng))
    line.at(2, 10, 30, partial(_draft_innovation, stage, cast, DRAFTS[0]))
    line.at(2, 11, 0, partial(_review, stage, cast, False))
    line.at(2, 11, 5, partial(stage.private, cast.leader, REVIEW_NOTE) if cast.leader else _nothing)
    line.at(2, 14, 0, partial(_draft_innovation, stage, cast, DRAFTS[1]))
    line.at(2, 15, 0, partial(_review, stage, cast, True))
    line.at(3, 10, 0, partial(_adopt, stage, cast))
    await line.play()


async def _nothing() -> None:
    return None


async def _give_opinions(stage: Stage, cast: Cast, rng: random.Random) -> None:
    """Members answer the consultation, vote in its poll and back each other's opinions."""
    post = next((m for m in stage.emu.sent(chat_id=stage.chat_id) if m.text.startswith("📣")), None)
    poll = next((m for m in stage.emu.sent(chat_id=stage.chat_id) if m.kind == "poll"), None)
    if post is None:
        return
    speakers = [p for p in rng.sample(cast.members[:-1], len(OPINIONS)) if stage.can_post(p)]
    said = []
    for person, text in zip(speakers, OPINIONS, strict=False):
        said.append((person, await stage.say(person, text, reply_to=post.message_id)))
        stage.h.clock.advance(timedelta(minutes=3))
    for person in cast.members[:-1]:
        if poll is not None and stage.can_post(person):
            stage.emu.vote(stage.chat_id, person.user_id, poll.message_id, rng.randrange(3))
        author, message_id = rng.choice(said)
        if author is not person and stage.can_post(person):
            stage.emu.react(stage.chat_id, person.user_id, message_id, "👍")
    await stage.h.settle()


async def _rumour(stage: Stage, cast: Cast) -> None:
    rumour = await stage.say(cast.members[3], RUMOUR)
    stage.h.clock.advance(timedelta(minutes=10))
    await stage.say(cast.moderator, CLARIFICATION, reply_to=rumour)


async def _fix_by_button(stage: Stage, person: Person, first: str, last: str | None) -> None:
    await stage.rename(person, first, last)
    notice = stage.bot_mentioning(person)
    if notice is not None:
        await stage.press(person, notice, buttons.renamed(person.user_id))


async def _fix_by_private_message(stage: Stage, person: Person, first: str, last: str | None) -> None:
    await stage.rename(person, first, last)
    await stage.private(person, "我已经改好名字了")


async def _propose(stage: Stage, cast: Cast, rng: random.Random, author: Person, text: str) -> None:
    mid = await stage.say(author, text)
    cast.authors[mid] = author
    ack = stage.bot_reply_to(mid)
    number = await stage.proposal_number(mid)
    if ack is not None and number is not None:
        for supporter in rng.sample(cast.members, 3):
            if supporter is not author:
                ack = stage.bot_reply_to(mid) or ack  # the count on the button changes
                await stage.press(supporter, ack, buttons.support(number))


async def _chat(stage: Stage, person: Person, text: str) -> None:
    if stage.can_post(person):  # someone removed or read-only cannot speak
        await stage.say(person, text)


async def _request_join(stage: Stage, person: Person) -> None:
    stage.emu.request_join(stage.chat_id, person.user_id)
    await stage.h.settle()


def _proposal_plan(
    rng: random.Random, cast: Cast, topics: list[str]
) -> list[tuple[tuple[int, int, int], Person, str]]:
    texts: list[str] = []
    for topic in topics:
        for body in PROPOSALS.get(topic, [GENERIC.format(topic=topic)]):
            texts.append(f"#{topic} {body}")
    authors = rng.sample(cast.members[:-1], len(texts)) if len(texts) < len(cast.members) else cast.members
    plan = []
    for i, text in enumerate(texts):
        when = (0 if i < 4 else 1, 12 + (i % 4) * 2, 10)
        plan.append((when, authors[i % len(authors)], text))
    return plan


async def _flood(stage: Stage, cast: Cast) -> None:
    last = 0
    for i in range(9):
        last = await stage.say(cast.flooder, f"大家快来看！！！第{i + 1}遍")
        stage.h.clock.advance(1)
    stage.h.clock.advance(timedelta(minutes=5) - timedelta(seconds=9))
    await stage.say(cast.moderator, "/warn 请勿刷屏", reply_to=last)


async def _answer_talent(stage: Stage, cast: Cast, rng: random.Random, day: int = 1) -> None:
    """The talent office replies to its proposals the same afternoon: on the first day, with leaders
    configured, the first two get an interim reply with a promise (one kept, one missed); the
    others get the final answer. The innovation office replies only under review."""
    for mid, author in list(cast.authors.items()):
        number = await stage.proposal_number(mid)
        if number is None or number in cast.answered or number in cast.promised.values():
            continue
        state = await _state(stage, number)
        if state not in ("submitted", "accepted") or cast.department not in await _departments(stage, number):
            continue
        await stage.private(cast.talent, f"/accept {number}")
        if cast.leader is not None and day == 0 and len(cast.promised) < 2:
            kind, by = ("keep", 2) if "keep" not in cast.promised else ("miss", 1)
            date = (stage.start + timedelta(days=by)).strftime("%Y-%m-%d")
            text = PROGRESS[len(cast.promised)].format(date=date)
            await stage.private(cast.talent, f"/progress {number} {date} {text}")
            cast.promised[kind] = number
            continue
        await _final_answer(stage, cast, rng, number, mid, author)


async def _final_answer(stage: Stage, cast: Cast, rng: random.Random, number: int, mid: int,
                        author: Person) -> None:
    await stage.private(cast.talent, f"/answer {number} {rng.choice(ANSWERS)}")
    cast.answered.add(number)
    answer = stage.bot_reply_to(mid)
    if answer is not None:
        stage.h.clock.advance(timedelta(minutes=40))  # the author reads it a little later
        rating = Rating.SATISFIED if len(cast.answered) % 2 else Rating.BASIC
        await stage.press(author, answer, buttons.rating(number, rating))


async def _keep_promise(stage: Stage, cast: Cast, rng: random.Random) -> None:
    """The promise made on day 0 is kept: the final answer comes before its date runs out."""
    number = cast.promised.get("keep")
    for mid, author in list(cast.authors.items()):
        if number is not None and await stage.proposal_number(mid) == number:
            await _final_answer(stage, cast, rng, number, mid, author)
            return


async def _innovation_number(stage: Stage, cast: Cast) -> int | None:
    """The innovation office's second proposal: the one it answers under review."""
    numbers = []
    for mid in cast.authors:
        number = await stage.proposal_number(mid)
        if number is not None and "innovation" in await _departments(stage, number):
            numbers.append(number)
    return sorted(numbers)[1] if len(numbers) > 1 else None


async def _draft_innovation(stage: Stage, cast: Cast, text: str) -> None:
    number = await _innovation_number(stage, cast)
    if cast.leader is not None and number is not None:
        await stage.private(cast.innovation, f"/answer {number} {text}")


async def _review(stage: Stage, cast: Cast, approve: bool) -> None:
    """The leader decides the latest draft sent to them: approve it, or send it back."""
    if cast.leader is None:
        return
    await stage.h.advance(1)  # the outbox delivers the draft
    drafts = [m for m in stage.emu.sent(chat_id=cast.leader.user_id) if m.reply_markup]
    if drafts:
        await stage.press(cast.leader, drafts[-1], buttons.draft(drafts[-1], approve=approve))


async def _adopt(stage: Stage, cast: Cast) -> None:
    number = cast.promised.get("keep")
    if cast.leader is not None and number is not None:
        await stage.private(cast.leader, f"/adopt {number} {ADOPT_NOTE}")


async def _state(stage: Stage, number: int) -> str | None:
    async with stage.h.rt.services.uow() as uow:
        record = await uow.proposals.get(number)
        return None if record is None else record.state


async def _departments(stage: Stage, number: int) -> set[str]:
    async with stage.h.rt.services.uow() as uow:
        record = await uow.proposals.get(number)
        return set() if record is None else set(record.departments)
