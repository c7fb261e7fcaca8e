"""The ports and storage stay in step: every public method of a storage repository is declared
in its port, so the application never has to reach past the Protocol for one. (That each one
conforms, signature by signature, is mypy's check in ``storage/uow.py``.)"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import storage.repositories
from deliberation import ports
from storage import uow as storage_uow
from storage.repositories import (
    audit,
    board,
    chats,
    claims,
    consultation_board,
    consultations,
    corrections,
    digests,
    faq,
    handling,
    moderation,
    nicknames,
    outbox,
    privacy,
    proposals,
    pruning,
    reports,
    reviews,
    supervision,
)

PAIRS = [
    (ports.ChatRepository, chats.ChatRepository),
    (ports.AuditRepository, audit.AuditRepository),
    (ports.ClaimRepository, claims.ClaimRepository),
    (ports.OutboxRepository, outbox.OutboxRepository),
    (ports.ModerationRepository, moderation.ModerationRepository),
    (ports.NameRepository, nicknames.NameRepository),
    (ports.ProposalRepository, proposals.ProposalRepository),
    (ports.HandlingRepository, handling.HandlingRepository),
    (ports.DigestRepository, digests.DigestRepository),
    (ports.PruningRepository, pruning.PruningRepository),
    (ports.BoardRepository, board.BoardRepository),
    (ports.ConsultationBoardRepository, consultation_board.ConsultationBoardRepository),
    (ports.ConsultationRepository, consultations.ConsultationRepository),
    (ports.CorrectionRepository, corrections.CorrectionRepository),
    (ports.FollowRepository, corrections.FollowRepository),
    (ports.FaqRepository, faq.FaqRepository),
    (ports.PrivacyRepository, privacy.PrivacyRepository),
    (ports.ReviewRepository, reviews.ReviewRepository),
    (ports.SupervisionRepository, supervision.SupervisionRepository),
    (ports.ReportRepository, reports.ReportRepository),
    (ports.UnitOfWorkFactory, storage_uow.UnitOfWorkFactory),
]
# storage's own handles, kept out of the port on purpose: the session, and building a repository
# by its storage class
STORAGE_ONLY = {"session", "repo"}


def _public(cls: type) -> set[str]:
    """Methods and properties a caller may use (``__call__`` included: a factory is called)."""
    named = {name for name in vars(cls) if not name.startswith("_") or name == "__call__"}
    return {name for name in named if callable(vars(cls)[name]) or isinstance(vars(cls)[name], property)}


@pytest.mark.parametrize(("port", "implementation"), PAIRS, ids=lambda c: c.__name__)
def test_each_repository_method_is_in_its_port(port: type, implementation: type) -> None:
    assert _public(implementation) == _public(port)


def test_the_unit_of_work_port_has_all_but_storage_s_own_handles() -> None:
    implementation = _public(storage_uow.UnitOfWork)
    assert implementation >= STORAGE_ONLY
    assert implementation - STORAGE_ONLY == _public(ports.UnitOfWork)


def test_every_storage_repository_has_a_port() -> None:
    """A repository added later cannot be used without a port: each is in PAIRS."""
    found = set()
    for info in pkgutil.iter_modules(storage.repositories.__path__):
        module = importlib.import_module(f"storage.repositories.{info.name}")
        found |= {cls for name, cls in inspect.getmembers(module, inspect.isclass)
                  if name.endswith("Repository") and cls.__module__ == module.__name__}
    assert found == {implementation for _, implementation in PAIRS} - {storage_uow.UnitOfWorkFactory}
