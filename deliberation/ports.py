"""What the application needs from storage, stated as Protocols.

Code outside ``storage/`` is to name these, not ``storage``'s classes: ``storage`` implements
them (``storage/uow.py`` has mypy prove that its unit of work and every repository it hands out
conform, and tests/storage/test_ports.py that no public method is left out of its port), and
everything they return is one of the domain's frozen dataclasses.

A unit of work is one transaction: one per update and per job run. Nothing is written until
``commit``; leaving the ``async with`` block without it throws everything away. Repositories never
commit.

JSON payloads (a call's parameters, an audit entry's details) are ``dict[str, Any]``: that is how
the JSON columns hand them back, whatever they hold.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from types import TracebackType
from typing import Any, Protocol, Self

from deliberation.audit import AuditRecord
from deliberation.chats import ChatRecord, MemberRecord, RosterRow, UserRecord
from deliberation.digests import ProposalLine
from deliberation.handling import HandlingCase, HistoryEntry, Transition
from deliberation.outbox import OutboxRecord
from deliberation.proposals import EventRecord, Prior, ProposalRecord, SupportRecord, VersionRecord
from deliberation.pruning import WAITING, JoinRequestRecord
from deliberation.pruning import RosterRow as PruningRosterRow
from deliberation.ranking import HandledItem

LinkFor = Callable[[int, int], str]  # (chat id, message id) -> t.me link of the message


class ChatRepository(Protocol):
    """Chats, users and the roster of members the bot has seen."""

    async def upsert_chat(
        self, chat_id: int, *, title: str, type: str, configured: bool, now: datetime
    ) -> None: ...
    async def get_chat(self, chat_id: int) -> ChatRecord | None: ...
    async def bot_rights(self, chat_id: int) -> dict[str, Any] | None: ...
    async def update_chat(self, chat_id: int, **values: object) -> None: ...

    async def upsert_user(
        self,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        username: str | None,
        is_bot: bool,
        language_code: str | None,
        now: datetime,
        private_chat: bool = False,
    ) -> None: ...
    async def get_user(self, user_id: int) -> UserRecord | None: ...
    async def users(self, user_ids: Iterable[int]) -> dict[int, UserRecord]: ...
    async def update_user(self, user_id: int, **values: object) -> None: ...

    async def get_member(self, chat_id: int, user_id: int) -> MemberRecord | None: ...
    async def ensure_member(
        self,
        chat_id: int,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        is_bot: bool,
        now: datetime,
        status: str = "member",
        is_admin: bool = False,
        rejoin: bool = False,
    ) -> MemberRecord: ...
    async def sight_member(
        self,
        chat_id: int,
        user_id: int,
        *,
        first_name: str,
        last_name: str | None,
        is_bot: bool,
        now: datetime,
        is_admin: bool = False,
    ) -> MemberRecord: ...
    async def roster_rows(self, chat_id: int) -> list[RosterRow]: ...
    async def update_member(self, chat_id: int, user_id: int, **values: object) -> None: ...
    async def claim_release(self, chat_id: int, user_id: int) -> bool: ...
    async def members(self, chat_id: int, *, present: bool = True) -> list[MemberRecord]: ...
    async def restricted_by_bot(self, chat_id: int | None = None) -> list[MemberRecord]: ...
    async def count_present(self, chat_id: int) -> int: ...
    async def set_admins(self, chat_id: int, admin_ids: set[int]) -> None: ...

    async def write_activity(
        self,
        latest: Mapping[tuple[int, int], datetime],
        days: Mapping[tuple[int, str], set[int]],
        messages: Mapping[tuple[int, str], int],
    ) -> None: ...
    async def bump_day(self, chat_id: int, day: str, **counts: int) -> None: ...
    async def group_day(self, chat_id: int, day: str) -> dict[str, int]: ...


class AuditRepository(Protocol):
    """The append-only audit log."""

    def add(
        self,
        *,
        at: datetime,
        action: str,
        chat_id: int | None = None,
        actor_id: int | None = None,
        subject_id: int | None = None,
        reason: str | None = None,
        **data: Any,
    ) -> None: ...
    async def list(
        self, *, chat_id: int | None = None, action: str | None = None, subject_id: int | None = None
    ) -> list[AuditRecord]: ...


class ClaimRepository(Protocol):
    """A row per job and period that only one process can insert: scheduled work runs once."""

    async def claim(self, job: str, period: str, *, now: datetime, owner: str = "") -> bool: ...
    async def is_claimed(self, job: str, period: str) -> bool: ...
    async def mark_done(self, job: str, period: str, *, now: datetime) -> None: ...
    async def latest(self, job: str) -> str | None: ...


class OutboxRepository(Protocol):
    """Bot API calls decided by scheduled work, delivered once."""

    async def enqueue(
        self,
        *,
        key: str,
        kind: str,
        chat_id: int,
        params: dict[str, Any],
        now: datetime,
        method: str = "sendMessage",
        fallback_chat_id: int | None = None,
        due_at: datetime | None = None,
    ) -> bool: ...
    async def take(self, now: datetime, *, lease: timedelta, limit: int = 100) -> list[OutboxRecord]: ...
    async def due(self, now: datetime, limit: int = 100) -> list[OutboxRecord]: ...
    async def mark_sent(self, row_id: int, now: datetime, result: dict[str, Any] | None = None) -> None: ...
    async def retry_later(self, row_id: int, now: datetime, delay: timedelta, error: str) -> None: ...
    async def mark_failed(self, row_id: int, now: datetime, error: str) -> None: ...
    async def redirect(self, row_id: int, chat_id: int, now: datetime) -> None: ...
    async def list(self, *, kind: str | None = None, state: str | None = None) -> list[OutboxRecord]: ...


class ModerationRepository(Protocol):
    async def add_report(
        self, chat_id: int, message_id: int, *, reporter_id: int, reported_id: int | None, now: datetime
    ) -> bool: ...


class NameRepository(Protocol):
    """The real-name rule's queries."""

    async def non_compliant(self, chat_id: int) -> list[MemberRecord]: ...
    async def restricted_of_user(self, user_id: int) -> list[MemberRecord]: ...
    async def restricted_user_ids(self) -> set[int]: ...
    async def removing(self) -> list[MemberRecord]: ...
    async def finish_removal(self, chat_id: int, user_id: int) -> None: ...
    async def last_action(self, chat_id: int, user_id: int) -> str | None: ...


class ProposalRepository(Protocol):
    """Proposals as recorded: the text and who gave it, earlier versions, supports, the history."""

    async def get(self, number: int) -> ProposalRecord | None: ...
    async def get_many(self, numbers: Iterable[int]) -> list[ProposalRecord]: ...
    async def by_message(self, chat_id: int, message_id: int) -> ProposalRecord | None: ...
    async def by_author(self, author_id: int, *, limit: int = 20) -> list[ProposalRecord]: ...
    async def count_by_author(self, author_id: int) -> int: ...
    async def find(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        states: Iterable[str] | None = None,
        chat_id: int | None = None,
    ) -> list[ProposalRecord]: ...
    async def prior(self, chat_id: int, message_id: int, author_id: int, since: datetime) -> Prior: ...

    async def add(
        self,
        *,
        chat_id: int,
        message_id: int,
        author_id: int,
        author_name: str,
        author_unit: str,
        text: str,
        topics: Sequence[str],
        dup_key: str,
        link: str | None,
        now: datetime,
    ) -> ProposalRecord: ...
    async def set_ack(self, number: int, ack_message_id: int) -> None: ...
    async def edit_text(self, number: int, text: str, dup_key: str, now: datetime) -> bool: ...

    async def supporters(self, number: int) -> frozenset[int]: ...
    async def add_support(self, number: int, user_id: int, now: datetime) -> None: ...
    async def remove_support(self, number: int, user_id: int) -> None: ...
    async def count_supports(self, number: int) -> int: ...

    async def versions_of(self, numbers: Iterable[int]) -> dict[int, list[VersionRecord]]: ...
    async def supports_of(self, numbers: Iterable[int]) -> dict[int, list[SupportRecord]]: ...
    async def events_of(self, numbers: Iterable[int]) -> dict[int, list[EventRecord]]: ...


class HandlingRepository(Protocol):
    """Handling as stored: a proposal's state, departments, history and deadline cards."""

    async def get(self, number: int) -> HandlingCase | None: ...
    async def open_cases(
        self, *, submitted_before: datetime | None = None, below_level: int | None = None
    ) -> list[HandlingCase]: ...
    async def queue(self, departments: Iterable[str]) -> list[HandlingCase]: ...
    async def history(self, number: int) -> list[HistoryEntry]: ...
    async def names(self, chat_id: int, user_ids: Iterable[int]) -> dict[int, str]: ...
    async def languages(self, user_ids: Iterable[int]) -> dict[int, str | None]: ...

    async def assign(self, number: int, departments: Iterable[str], *, now: datetime) -> None: ...
    async def record(
        self, step: Transition, *, on_time: bool | None = None, approved_by: int | None = None
    ) -> bool: ...
    async def set_answer_message(self, number: int, message_id: int) -> None: ...
    async def issue_card(self, number: int, level: int, *, now: datetime, age_seconds: int) -> bool: ...
    async def open_promises(self, *, due_before: datetime) -> list[tuple[HandlingCase, int]]: ...
    async def issue_promise_card(
        self, number: int, round_: int, level: int, *, now: datetime, overdue_seconds: int
    ) -> bool: ...
    async def note(self, number: int, *, at: datetime, actor_id: int | None, action: str,
                   detail: str | None = None, department: str | None = None, **data: Any) -> None: ...


class DigestRepository(Protocol):
    """The reads behind the daily digest and the weekly ranking."""

    async def proposal_lines(
        self, new_since: datetime, *, titles: Mapping[int, str] | None = None, link_for: LinkFor | None = None
    ) -> list[ProposalLine]: ...
    async def handled_items(
        self, start: datetime, end: datetime, *, now: datetime, reply_due: timedelta
    ) -> list[HandledItem]: ...
    async def last_digest_ends(self) -> dict[int, datetime]: ...


class PruningRepository(Protocol):
    """Pruning inactive members, and the waiting list of join requests."""

    async def roster(self, chat_id: int) -> list[PruningRosterRow]: ...
    async def mark_warned(
        self, chat_id: int, user_ids: Sequence[int], *, now: datetime, inactive_since: datetime
    ) -> set[int]: ...
    async def mark_removed(
        self, chat_id: int, user_id: int, *, last_active_at: datetime, now: datetime
    ) -> bool: ...

    async def begin(self, kind: str, key: str, *, now: datetime) -> None: ...
    async def finish(self, kind: str, key: str, *, now: datetime) -> None: ...
    async def unfinished(self, kind: str) -> list[str]: ...

    async def add_request(
        self,
        chat_id: int,
        user_id: int,
        *,
        user_chat_id: int | None,
        first_name: str,
        last_name: str | None,
        now: datetime,
    ) -> JoinRequestRecord: ...
    async def queued(self, chat_id: int) -> list[JoinRequestRecord]: ...
    async def position(self, request: JoinRequestRecord) -> int: ...
    async def chats_waiting(self) -> list[int]: ...
    async def get_request(self, request_id: int) -> JoinRequestRecord | None: ...
    async def decide(
        self,
        request_id: int,
        state: str,
        *,
        now: datetime,
        note: str | None = None,
        current: str = WAITING,
        name: tuple[str, str | None] | None = None,
    ) -> bool: ...
    async def is_present(self, chat_id: int, user_id: int) -> bool: ...


class UnitOfWork(Protocol):
    """One transaction, and the repositories that work inside it."""

    @property
    def chats(self) -> ChatRepository: ...
    @property
    def audit(self) -> AuditRepository: ...
    @property
    def claims(self) -> ClaimRepository: ...
    @property
    def outbox(self) -> OutboxRepository: ...
    @property
    def moderation(self) -> ModerationRepository: ...
    @property
    def names(self) -> NameRepository: ...
    @property
    def proposals(self) -> ProposalRepository: ...
    @property
    def handling(self) -> HandlingRepository: ...
    @property
    def digests(self) -> DigestRepository: ...
    @property
    def pruning(self) -> PruningRepository: ...

    @property
    def enqueued(self) -> bool:
        """Whether this unit of work queued outbox messages (so delivery can start at once)."""
        ...

    def after_commit(self, call: Callable[[], Awaitable[object]]) -> None:
        """Run ``call`` once what was written so far is committed; dropped on rollback."""

    async def commit(self) -> None: ...
    async def rollback(self) -> None:
        """Undo everything since the last commit; what was queued in the outbox is gone too."""
        ...

    async def __aenter__(self) -> Self: ...
    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class UnitOfWorkFactory(Protocol):
    """Opens a unit of work: ``async with factory() as uow: ...``."""

    def __call__(self) -> UnitOfWork: ...
