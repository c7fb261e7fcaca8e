"""Handling within deadlines (限时办结): the state machine of a proposal and who may move it.

The practice of local message boards: a proposal goes to the departments whose topics it carries
(none: the moderators assign it), a department accepts it (受理), may refer it on (转办), answers
it (答复) and closes it (办结); a moderator or the department may reject it with a reason or merge
it into another open proposal. The author rates the answer (满意 / 基本满意 / 不满意); an unsatisfied
rating sends it back to the department (accepted again). Every step is a :class:`Transition`
recorded with who, when and why; a refused step raises :class:`NotAllowed` with a reason code.

Choices the practice leaves open, made here:
* answering a submitted proposal accepts it implicitly (the recorded step still says from where);
* a referral by an official hands the case over (their departments leave it, the target joins);
  an assignment by a moderator adds the target and removes nobody;
* one rating per answer: ``ProposalView.rating`` is the rating of the current answer, which the
  store clears when a new answer is recorded;
* ``reopen`` (a reason required) lets a moderator or the department reopen an answered or closed
  proposal, e.g. one closed too early; an unsatisfied rating reopens by itself.

Added for accountability (回复 · 办结 · 督办 · 审核):
* ``progress`` is the interim reply (立即回复, 按程序办理): a text and a promised completion date.
  It counts as the timely reply and moves the proposal to accepted (办理中) with that date; a
  second one extends the promise to a later date, its text the reason. Only ``answer`` (办结告知)
  is rated.
* an unsatisfied rating is rework (整改): the next answer is marked as such, and a second
  unsatisfied rating on the same proposal goes to the department's leaders (``escalates``).
* ``adopt`` (采纳, 优秀建言): a leader of an assigned department or a moderator marks a proposal
  adopted, once, with an optional note; it changes no state and may follow the closing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from deliberation.errors import NotAllowed, UnknownProposal
from deliberation.policy import Department, HandlingPolicy


class State(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    ANSWERED = "answered"
    CLOSED = "closed"
    REJECTED = "rejected"
    MERGED = "merged"


class Action(StrEnum):
    ACCEPT = "accept"
    ASSIGN = "assign"
    ANSWER = "answer"
    REJECT = "reject"
    MERGE = "merge"
    CLOSE = "close"
    RATE = "rate"
    REOPEN = "reopen"
    PROGRESS = "progress"  # the interim reply with a promised date (or its extension)
    ADOPT = "adopt"


class Rating(StrEnum):
    SATISFIED = "satisfied"  # 满意
    BASIC = "basic"  # 基本满意
    UNSATISFIED = "unsatisfied"  # 不满意


TERMINAL = frozenset({State.REJECTED, State.MERGED})
# Still waiting for an answer (a reopened proposal is accepted again): what the deadline cards,
# the queues and the digests' "still owed" count. StrEnum members equal their values, so a state
# read as a plain string is found in it too.
OPEN_STATES = frozenset({State.SUBMITTED, State.ACCEPTED})

# A second unsatisfied rating on the same proposal goes to the department's leaders.
REWORK_ESCALATES_AT = 2

# action -> (who may act, states it may start from)
_OFFICIAL, _OFFICIAL_OR_MODERATOR, _AUTHOR = "official", "official_or_moderator", "author"
_LEADER_OR_MODERATOR = "leader_or_moderator"
_RULES: dict[Action, tuple[str, frozenset[State]]] = {
    Action.ACCEPT: (_OFFICIAL, frozenset({State.SUBMITTED})),
    Action.ASSIGN: (_OFFICIAL_OR_MODERATOR, OPEN_STATES),
    Action.ANSWER: (_OFFICIAL, OPEN_STATES),
    Action.REJECT: (_OFFICIAL_OR_MODERATOR, OPEN_STATES),
    Action.MERGE: (_OFFICIAL_OR_MODERATOR, OPEN_STATES),
    Action.CLOSE: (_OFFICIAL, frozenset({State.ANSWERED})),
    Action.RATE: (_AUTHOR, frozenset({State.ANSWERED})),
    Action.REOPEN: (_OFFICIAL_OR_MODERATOR, frozenset({State.ANSWERED, State.CLOSED})),
    Action.PROGRESS: (_OFFICIAL, OPEN_STATES),
    Action.ADOPT: (_LEADER_OR_MODERATOR,
                   frozenset({State.SUBMITTED, State.ACCEPTED, State.ANSWERED, State.CLOSED})),
}
_TO_STATE = {
    Action.ACCEPT: State.ACCEPTED,
    Action.ANSWER: State.ANSWERED,
    Action.REJECT: State.REJECTED,
    Action.MERGE: State.MERGED,
    Action.CLOSE: State.CLOSED,
    Action.REOPEN: State.ACCEPTED,
    Action.PROGRESS: State.ACCEPTED,
}


@dataclass(frozen=True, slots=True)
class Actor:
    user_id: int
    departments: frozenset[str] = frozenset()  # departments the user is an official of
    is_moderator: bool = False
    leads: frozenset[str] = frozenset()  # departments the user is a leader (分管领导) of


@dataclass(frozen=True, slots=True)
class ProposalView:
    number: int
    state: State
    departments: frozenset[str]  # assigned
    author_id: int
    merged_into: int | None = None
    rating: Rating | None = None  # of the current answer
    promised_by: datetime | None = None  # the interim reply's promised completion
    adopted: bool = False
    reworks: int = 0  # unsatisfied ratings so far (整改 rounds)


@dataclass(frozen=True, slots=True)
class Transition:
    """One recorded step. ``department``: the acting department (for ``assign``, the target);
    ``detail``: the answer text, the reason (why) or the rating; ``into``: the merge target;
    ``departments``: the assigned departments after the step; ``promised_by``: the promise a
    ``progress`` step makes, ``extends`` the one it replaces; ``reworks``: unsatisfied ratings
    counted after the step (an answer given while it is above 0 is marked 整改)."""

    number: int
    action: Action
    from_state: State
    to_state: State
    actor_id: int
    at: datetime
    department: str | None
    detail: str | None
    departments: frozenset[str]
    into: int | None = None
    rating: Rating | None = None
    promised_by: datetime | None = None
    extends: datetime | None = None
    reworks: int = 0

    @property
    def reopened(self) -> bool:
        return self.to_state is State.ACCEPTED and self.from_state in (State.ANSWERED, State.CLOSED)

    @property
    def rework(self) -> bool:
        """An answer or interim reply given after an unsatisfied rating: 整改."""
        return self.action in (Action.ANSWER, Action.PROGRESS) and self.reworks > 0

    @property
    def escalates(self) -> bool:
        """The second unsatisfied rating on one proposal: its leaders are told."""
        return self.action is Action.RATE and self.rating is Rating.UNSATISFIED and (
            self.reworks >= REWORK_ESCALATES_AT)


def require(view: ProposalView | None, number: int) -> ProposalView:
    """The loaded proposal, or :class:`UnknownProposal` when the store found none."""
    if view is None:
        raise UnknownProposal(number)
    return view


def parse_rating(value: Rating | str | None) -> Rating | None:
    """A rating given or stored; anything that is not one of ours reads as none."""
    try:
        return Rating(value) if value is not None else None
    except ValueError:
        return None


def _state_refusal(state: State, action: Action) -> str:
    if state is State.ANSWERED:
        return "already_answered"
    if action is Action.ACCEPT:
        return "already_accepted"
    return "not_answered"


def decide(
    view: ProposalView,
    action: Action | str,
    actor: Actor,
    *,
    now: datetime,
    target_department: str | None = None,
    text: str | None = None,
    into: ProposalView | None = None,
    rating: Rating | str | None = None,
    known_departments: frozenset[str] = frozenset(),
    promise: datetime | None = None,
) -> Transition:
    """Check one step against the rules and return it, or raise :class:`NotAllowed`.

    Checked in this order: a finished proposal (``terminal``, ``closed``), the actor's right, the
    state, then the inputs. Officials act only for an assigned department (moderators may not
    answer, accept or close unless they are also an official of it); leaders adopt only for an
    assigned department they lead. ``promise``: the completion date a ``progress`` step promises
    (in the future; an extension later than the promise it replaces)."""
    action = Action(action)
    number, state = view.number, view.state

    def refuse(reason: str) -> NotAllowed:
        return NotAllowed(number, action, reason)

    if state in TERMINAL:
        raise refuse("terminal")
    if state is State.CLOSED and action not in (Action.REOPEN, Action.ADOPT):
        raise refuse("closed")
    who, allowed_from = _RULES[action]
    own = actor.departments & view.departments
    if who == _AUTHOR and actor.user_id != view.author_id:
        raise refuse("not_author")
    if who == _OFFICIAL and not own:
        raise refuse("not_your_department")
    if who == _OFFICIAL_OR_MODERATOR and not own and not actor.is_moderator:
        raise refuse("not_your_department" if actor.departments else "not_moderator")
    if who == _LEADER_OR_MODERATOR and not (actor.leads & view.departments) and not actor.is_moderator:
        raise refuse("not_leader")
    if state not in allowed_from:
        raise refuse(_state_refusal(state, action))

    acting = target_department if target_department in own else min(own, default=None)
    detail = text.strip() if text and text.strip() else None
    departments, to_state = view.departments, _TO_STATE.get(action, state)
    into_number: int | None = None
    given: Rating | None = None
    promised: datetime | None = None
    reworks = view.reworks
    if action is Action.ASSIGN:
        if target_department is None or target_department not in known_departments:
            raise refuse("unknown_department")
        if target_department in view.departments:
            raise refuse("already_assigned")
        departments = (view.departments - own) | {target_department}
        acting = target_department
    elif action is Action.ANSWER and detail is None:
        raise refuse("text_required")
    elif action is Action.PROGRESS:
        if promise is None:
            raise refuse("promise_required")
        if detail is None:
            raise refuse("text_required")
        if promise <= now:
            raise refuse("promise_past")
        if view.promised_by is not None and promise <= view.promised_by:
            raise refuse("promise_not_later")
        promised = promise
    elif action is Action.ADOPT:
        if view.adopted:
            raise refuse("already_adopted")
        acting = min(actor.leads & view.departments, default=None)
    elif action in (Action.REJECT, Action.REOPEN) and detail is None:
        raise refuse("reason_required")
    elif action is Action.MERGE:
        if into is None:
            raise refuse("merge_target_required")
        if into.number == number:
            raise refuse("same_proposal")
        if into.state in TERMINAL or into.state is State.CLOSED:
            raise refuse("merge_target_closed")
        into_number = into.number
    elif action is Action.RATE:
        given = parse_rating(rating)
        if given is None:
            raise refuse("invalid_rating")
        if view.rating is not None:
            raise refuse("already_rated")
        acting, detail = None, given.value
        to_state = State.ACCEPTED if given is Rating.UNSATISFIED else State.ANSWERED
        reworks += given is Rating.UNSATISFIED
    return Transition(
        number, action, state, to_state, actor.user_id, now, acting, detail, departments, into_number, given,
        promised, view.promised_by if promised is not None else None, reworks,
    )


def route(topics: Iterable[str], departments: Iterable[Department]) -> frozenset[str]:
    """A proposal goes to every department whose topics it carries; an empty result means the
    moderators assign it."""
    wanted = set(topics)
    return frozenset(d.id for d in departments if wanted.intersection(d.topics))


def answered_in_time(submitted_at: datetime, answered_at: datetime, reply_due: timedelta) -> bool:
    """The on-time rule: answered within ``reply_due`` of submission (the message boards' five
    working days, counted here as calendar time)."""
    return answered_at - submitted_at <= reply_due


def on_time(submitted_at: datetime, answered_at: datetime | None, policy: HandlingPolicy) -> bool:
    """The verdict recorded with an answer."""
    return answered_at is not None and answered_in_time(submitted_at, answered_at, policy.reply_due)


def counted_on_time(
    recorded: bool | None,
    submitted_at: datetime,
    answered_at: datetime | None,
    state: str,
    *,
    now: datetime,
    reply_due: timedelta,
) -> bool | None:
    """On time as the ranking counts it: the verdict recorded with the answer, else the rule
    applied to the answer; an unanswered proposal past its deadline is late, but a rejection
    with a reason is neither an answer nor a lapse. None: unanswered and still within its
    deadline, so it counts neither way yet."""
    if recorded is not None:
        return recorded
    if answered_at is not None:
        return answered_in_time(submitted_at, answered_at, reply_due)
    if state != State.REJECTED and not answered_in_time(submitted_at, now, reply_due):
        return False
    return None


# As recorded (handed out by the handling repository) ---------------------------------------------
@dataclass(frozen=True, slots=True)
class HandlingCase:
    """A proposal as handling sees it; ``issued``: the highest deadline card stored."""

    number: int
    chat_id: int
    message_id: int
    author_id: int
    author_name: str
    author_unit: str
    text: str
    topics: tuple[str, ...]
    state: State
    departments: frozenset[str]
    created_at: datetime
    answered_at: datetime | None
    answer_message_id: int | None
    rating: Rating | None
    merged_into: int | None
    issued: int
    promised_by: datetime | None = None
    promises: int = 0  # interim replies with a promise so far (the first and its extensions)
    replied_at: datetime | None = None  # the first reply, interim or final
    adopted_at: datetime | None = None
    reworks: int = 0
    on_time: bool | None = None

    @property
    def view(self) -> ProposalView:
        return ProposalView(
            self.number, self.state, self.departments, self.author_id, self.merged_into, self.rating,
            self.promised_by, self.adopted_at is not None, self.reworks,
        )


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    at: datetime
    actor_id: int | None  # None: the bot itself
    action: str
    from_state: str | None
    to_state: str | None
    department_id: str | None
    detail: str | None
    into: int | None  # the merge target
    promised_by: str | None = None  # ISO time of the promise a progress step made
    approved_by: int | None = None  # the leader who approved the published draft (审核)
    rework: bool = False  # an answer given as rework (整改)
    extended: bool = False  # a progress step extending an earlier promise


# Review (审核) as recorded (handed out by the review repository) -----------------------------------
@dataclass(frozen=True, slots=True)
class DraftRecord:
    id: int
    number: int
    kind: str  # progress | answer
    department_id: str
    author_id: int
    text: str
    promised_by: datetime | None
    created_at: datetime
    state: str
    decided_by: int | None
    note: str | None


@dataclass(frozen=True, slots=True)
class Question:
    """What the bot asked a member in private, answered by their next plain message."""

    user_id: int
    kind: str  # rework | return
    ref: int  # the proposal (rework) or the draft (return)
    asked_at: datetime
