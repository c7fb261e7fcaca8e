"""The unit of work: one session per update and per job run.

It rolls back unless committed, so a handler that fails half-way leaves nothing behind; the
repositories it hands out never commit. A session opens no connection until it is used, so a
unit of work around an update that touches only memory costs nothing.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from types import TracebackType
from typing import TYPE_CHECKING, Self, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, AsyncSessionTransaction, async_sessionmaker

from storage.repositories.audit import AuditRepository
from storage.repositories.chats import ChatRepository
from storage.repositories.claims import ClaimRepository
from storage.repositories.digests import DigestRepository
from storage.repositories.handling import HandlingRepository
from storage.repositories.moderation import ModerationRepository
from storage.repositories.nicknames import NameRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.proposals import ProposalRepository
from storage.repositories.pruning import PruningRepository

if TYPE_CHECKING:
    from deliberation import ports
    from storage.repositories.board import BoardRepository
    from storage.repositories.consultation_board import ConsultationBoardRepository
    from storage.repositories.consultations import ConsultationRepository
    from storage.repositories.corrections import CorrectionRepository, FollowRepository
    from storage.repositories.faq import FaqRepository
    from storage.repositories.privacy import PrivacyRepository
    from storage.repositories.reports import ReportRepository
    from storage.repositories.reviews import ReviewRepository
    from storage.repositories.supervision import SupervisionRepository

R = TypeVar("R")


class UnitOfWork:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._session: AsyncSession | None = None
        self._repos: dict[type, object] = {}
        self._after_commit: list[Callable[[], Awaitable[object]]] = []

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessionmaker()
        return self._session

    def repo(self, cls: type[R]) -> R:
        """Repositories are built on first use, so unused ones cost nothing on the hot path."""
        found = self._repos.get(cls)
        if found is None:
            found = self._repos[cls] = cls(self.session)  # type: ignore[call-arg]
        return found  # type: ignore[return-value]

    @property
    def chats(self) -> ChatRepository:
        return self.repo(ChatRepository)

    @property
    def audit(self) -> AuditRepository:
        return self.repo(AuditRepository)

    @property
    def claims(self) -> ClaimRepository:
        return self.repo(ClaimRepository)

    @property
    def outbox(self) -> OutboxRepository:
        return self.repo(OutboxRepository)

    @property
    def moderation(self) -> ModerationRepository:
        return self.repo(ModerationRepository)

    @property
    def names(self) -> NameRepository:
        return self.repo(NameRepository)

    @property
    def proposals(self) -> ProposalRepository:
        return self.repo(ProposalRepository)

    @property
    def handling(self) -> HandlingRepository:
        return self.repo(HandlingRepository)

    @property
    def digests(self) -> DigestRepository:
        return self.repo(DigestRepository)

    @property
    def pruning(self) -> PruningRepository:
        return self.repo(PruningRepository)

    @property
    def enqueued(self) -> bool:
        """Whether this unit of work queued outbox messages (so delivery can start at once)."""
        outbox = self._repos.get(OutboxRepository)
        return outbox is not None and outbox.enqueued  # type: ignore[attr-defined]

    def after_commit(self, call: Callable[[], Awaitable[object]]) -> None:
        """Run ``call`` once what was written so far is committed (a Bot API call that must not
        happen for a change that is rolled back); dropped on rollback. What ``call`` writes
        through this unit of work (say the id of the message it sent) is committed after it."""
        self._after_commit.append(call)

    def savepoint(self) -> AsyncSessionTransaction:
        """``async with uow.savepoint():`` undoes only the block's writes when it raises."""
        return self.session.begin_nested()

    async def commit(self) -> None:
        """The one commit point: the writes, then the calls waiting for them, then what those
        calls wrote. A call that raises stops the rest; its writes are not committed."""
        while True:
            if self._session is not None:
                await self._session.commit()
            if not self._after_commit:
                return
            calls, self._after_commit = self._after_commit, []
            for call in calls:
                await call()

    async def rollback(self) -> None:
        """Undo everything since the last commit; what was queued in the outbox is gone too."""
        if self._session is not None:
            await self._session.rollback()
        self._repos.clear()
        self._after_commit.clear()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._session is not None:
            if exc_type is not None or self._session.in_transaction():
                # anything not committed explicitly is thrown away
                await self._session.rollback()
            await self._session.close()
            self._session = None
        self._repos.clear()
        self._after_commit.clear()  # never committed: the calls it waited for are not made


class UnitOfWorkFactory:
    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker

    def __call__(self) -> UnitOfWork:
        return UnitOfWork(self.sessionmaker)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work committed once, when its block ends without raising (a ``return``
        inside it commits too): the commit point of a job run, or of one item of a run."""
        async with self() as uow:
            yield uow
            await uow.commit()

if TYPE_CHECKING:

    def _implements(factory: UnitOfWorkFactory, uow: UnitOfWork) -> None:
        """mypy proves here that storage implements the ports, method by method; each repository
        has its own line, so that a mismatch is reported with the repository it is in."""
        _factory: ports.UnitOfWorkFactory = factory
        _uow: ports.UnitOfWork = uow
        _chats: ports.ChatRepository = uow.chats
        _audit: ports.AuditRepository = uow.audit
        _claims: ports.ClaimRepository = uow.claims
        _outbox: ports.OutboxRepository = uow.outbox
        _moderation: ports.ModerationRepository = uow.moderation
        _names: ports.NameRepository = uow.names
        _proposals: ports.ProposalRepository = uow.proposals
        _handling: ports.HandlingRepository = uow.handling
        _digests: ports.DigestRepository = uow.digests
        _pruning: ports.PruningRepository = uow.pruning
        # repositories the unit of work has no property for, built by their storage class
        _board: ports.BoardRepository = uow.repo(BoardRepository)
        _consultation_board: ports.ConsultationBoardRepository = uow.repo(ConsultationBoardRepository)
        _consultations: ports.ConsultationRepository = uow.repo(ConsultationRepository)
        _corrections: ports.CorrectionRepository = uow.repo(CorrectionRepository)
        _follows: ports.FollowRepository = uow.repo(FollowRepository)
        _faq: ports.FaqRepository = uow.repo(FaqRepository)
        _privacy: ports.PrivacyRepository = uow.repo(PrivacyRepository)
        _reviews: ports.ReviewRepository = uow.repo(ReviewRepository)
        _supervision: ports.SupervisionRepository = uow.repo(SupervisionRepository)
        _reports: ports.ReportRepository = uow.repo(ReportRepository)
