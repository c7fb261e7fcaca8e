"""The digest and the ranking as Telegram HTML: texts from the catalogues, user text shortened and
escaped, the whole split into messages Telegram accepts.

The domain (``deliberation.digests``, ``deliberation.ranking``) returns what a digest or a ranking
holds; everything that depends on Telegram (HTML, the 4,096-character limit) is here.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, tzinfo
from typing import cast
from zoneinfo import ZoneInfo

from bot.messages import split_message
from bot.texts import esc
from deliberation.digests import Digest, MonthSummary, ProposalLine
from deliberation.ranking import Ranking

TEXT_LIMIT = 120  # characters of proposal text shown, the rest becomes "…"
FIELD_LIMIT = 64  # names, units, titles, topics: keeps any single item far below a message
SNIPPET_LIMIT = 60  # the ranking's lists
UNKNOWN = "—"

Translate = Callable[..., str]

# Catalogue keys used by render_digest, with their variables (the lead keeps the .ftl in step).
DIGEST_KEYS: dict[str, tuple[str, ...]] = {
    "digest-nothing-new": ("date",),
    "digest-header": ("date", "since", "until"),
    "digest-new-heading": ("count",),
    "digest-topic": ("topic", "count"),
    "digest-new-item": ("ref", "text", "author", "unit", "supports", "group", "time"),
    "digest-open-heading": ("count",),
    "digest-open-item": ("ref", "text", "days", "card"),
    "digest-card-yellow": (),
    "digest-card-red": (),
    "digest-card-urge": (),
    "digest-rating-heading": ("count",),
    "digest-rating-item": ("ref", "text", "days"),
    "digest-promise": ("date",),
    "digest-drafts": ("count",),
    "digest-adopted-heading": ("count",),
    "digest-adopted-item": ("ref", "text"),
    "digest-groups-heading": (),
    "digest-group-item": ("title", "messages", "active", "joins", "removals", "name_problems"),
}
_CARDS = {1: "digest-card-yellow", 2: "digest-card-red", 3: "digest-card-urge"}

# Catalogue keys used by render_ranking, with their variables.
RANKING_KEYS: dict[str, tuple[str, ...]] = {
    "ranking-header": ("start", "end", "count"),
    "ranking-no-proposals": (),
    "ranking-row": ("rank", "name", "received", "answered", "on_time", "median", "satisfaction",
                    "completion", "kept", "unsatisfied", "adopted"),
    "ranking-days": ("days",),
    "ranking-method": ("min_items",),
    "ranking-unranked-heading": ("min_items",),
    "ranking-unranked-row": ("name", "received"),
    "ranking-satisfied-heading": ("count",),
    "ranking-unsatisfied-heading": ("count",),
    "ranking-list-item": ("number", "snippet", "name"),
}


def field(text: str, limit: int = FIELD_LIMIT) -> str:
    """User text is shortened first (never cutting an entity), then escaped for Telegram HTML."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return esc(text)


def ref(p: ProposalLine) -> str:
    if p.link:
        return f'<a href="{html.escape(p.link, quote=True)}">#{p.number}</a>'
    return f"#{p.number}"


def render_digest(digest: Digest, t: Translate, tz: tzinfo | str) -> list[str]:
    """Telegram HTML parts in the official's local time; a heading is glued to its first item so
    no part ends on a heading.

    Officials of one department get the same digest: those built together
    (``deliberation.digests.build_digests``) share the sections themselves and one memo, so the
    parts are formatted once per distinct digest, language and zone, and each official gets their
    own copy. The memo is keyed by everything the text depends on (the official is not part of
    it), by identity for the sections, which the entry keeps alive so no ``id`` is reused."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    sections = (digest.new_by_topic, digest.open_items, digest.awaiting_rating, digest.groups, digest.adopted)
    key = (t, zone, digest.since, digest.until, digest.now, digest.drafts, *map(id, sections))
    found = digest.renders.get(key)
    if found is None:
        found = digest.renders[key] = sections, tuple(_render(digest, t, zone))
    return [str(part) for part in cast("tuple[object, ...]", found[1])]


def _render(digest: Digest, t: Translate, zone: tzinfo) -> list[str]:
    def local(when: datetime, fmt: str = "%m-%d %H:%M") -> str:
        return when.astimezone(zone).strftime(fmt)

    date = local(digest.now, "%Y-%m-%d")
    if digest.empty:
        return [t("digest-nothing-new", date=date)]
    blocks = [t("digest-header", date=date, since=local(digest.since), until=local(digest.until))]

    new: list[str] = []
    for s in digest.new_by_topic:
        items = [
            t("digest-new-item", ref=ref(p), text=field(p.text, TEXT_LIMIT),
              author=field(p.author_name) or t("privacy-a-member"),
              unit=field(p.author_unit), supports=p.supports, group=field(p.group_title),
              time=local(p.submitted_at))
            for p in s.proposals
        ]
        new += _section(t("digest-topic", topic=field(s.topic), count=len(items)), items, gap=False)
    if new:
        count = sum(len(s.proposals) for s in digest.new_by_topic)
        new[0] = f"\n{t('digest-new-heading', count=count)}\n{new[0]}"
    blocks += new

    def card(p: ProposalLine) -> str:
        shown = [t(_CARDS[p.card])] if p.card in _CARDS else []
        if p.promised_by is not None:
            shown.append(t("digest-promise", date=local(p.promised_by - timedelta(seconds=1), "%m-%d")))
        return " · ".join(shown)

    owed = [
        t("digest-open-item", ref=ref(i.proposal), text=field(i.proposal.text, TEXT_LIMIT), days=i.days,
          card=card(i.proposal)).rstrip()
        for i in digest.open_items
    ]
    if digest.drafts:
        blocks.append("\n" + t("digest-drafts", count=digest.drafts))
    blocks += _section(t("digest-open-heading", count=len(owed)), owed)
    rating = [
        t("digest-rating-item", ref=ref(i.proposal), text=field(i.proposal.text, TEXT_LIMIT), days=i.days)
        for i in digest.awaiting_rating
    ]
    blocks += _section(t("digest-rating-heading", count=len(rating)), rating)
    adopted = [t("digest-adopted-item", ref=ref(p), text=field(p.text, TEXT_LIMIT)) for p in digest.adopted]
    blocks += _section(t("digest-adopted-heading", count=len(adopted)), adopted)
    days = [
        t("digest-group-item", title=field(g.title), messages=g.messages, active=g.active_members,
          joins=g.joins, removals=g.removals, name_problems=g.name_problems)
        for g in digest.groups
    ]
    blocks += _section(t("digest-groups-heading"), days)
    return split_message(blocks)


def _section(heading: str, items: list[str], gap: bool = True) -> list[str]:
    """Empty sections are left out."""
    if not items:
        return []
    return [("\n" if gap else "") + f"{heading}\n{items[0]}", *items[1:]]


def _percent(value: float | None) -> str:
    return UNKNOWN if value is None else f"{round(value * 100)}%"


def render_ranking(ranking: Ranking, t: Translate, tz: tzinfo | str = UTC) -> list[str]:
    """Telegram HTML parts: the table as one line per department, the method under it, then the
    departments listed apart and the two lists."""
    zone = ZoneInfo(tz) if isinstance(tz, str) else tz
    # the period is half-open, so the last day shown is the day before period_end
    start = ranking.period_start.astimezone(zone).strftime("%Y-%m-%d")
    end = (ranking.period_end.astimezone(zone) - timedelta(microseconds=1)).strftime("%Y-%m-%d")
    blocks = [t("ranking-header", start=start, end=end, count=ranking.total)]
    if not ranking.total:
        return [f"{blocks[0]}\n{t('ranking-no-proposals')}"]
    for r in ranking.ranked:
        median = (
            UNKNOWN if r.median_answer is None
            else t("ranking-days", days=f"{r.median_answer / timedelta(days=1):.1f}")
        )
        blocks.append(t(
            "ranking-row", rank=r.rank, name=field(r.name), received=r.received, answered=r.answered,
            on_time=_percent(r.on_time_share), median=median, satisfaction=_percent(r.satisfaction),
            completion=_percent(r.completion), kept=_percent(r.kept_share), unsatisfied=r.unsatisfied,
            adopted=r.adopted,
        ))
    blocks.append(t("ranking-method", min_items=ranking.min_items))
    apart = [t("ranking-unranked-row", name=field(r.name), received=r.received) for r in ranking.unranked]
    if apart:
        apart[0] = f"\n{t('ranking-unranked-heading', min_items=ranking.min_items)}\n{apart[0]}"
    blocks += apart
    names = {r.department_id: r.name for r in (*ranking.ranked, *ranking.unranked)}
    for key, listed in (("ranking-satisfied-heading", ranking.satisfied),
                        ("ranking-unsatisfied-heading", ranking.unsatisfied)):
        lines = [
            t("ranking-list-item", number=f"#{i.number}", snippet=field(i.snippet, SNIPPET_LIMIT),
              name=field(names.get(i.department_id, i.department_id)))
            for i in listed
        ]
        if lines:
            lines[0] = f"\n{t(key, count=len(lines))}\n{lines[0]}"
        blocks += lines
    return split_message(blocks)


def render_month(t: Translate, month: str, summary: MonthSummary) -> str:
    """The group's month, posted in the group: one short message."""
    score = "—" if summary.satisfaction is None else f"{round(summary.satisfaction * 100)}%"
    return t("digest-month", month=month, proposals=summary.proposals, answered=summary.answered,
             finished=summary.finished, rated=summary.rated, satisfaction=score)

