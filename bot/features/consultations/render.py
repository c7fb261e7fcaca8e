"""What a consultation shows: the post with its background and tag, the closing notice, the
summary the official receives, and its lines in the digest."""

from __future__ import annotations

from collections.abc import Sequence

from bot.i18n import Translate
from bot.texts import esc, excerpt
from bot.timefmt import local_text
from deliberation.consultations import ConsultationRecord, Opinion, PollResult, Summary

PART_LIMIT = 3900  # each part of the summary stays under Telegram's 4096 characters
SUMMARY_TEXT = 160  # characters of an opinion shown in the summary


def tag(t: Translate, number: int) -> str:
    return "#" + t("consult-tag", number=str(number))


def post_text(t: Translate, record: ConsultationRecord, tz: str) -> str:
    background = t("consult-background", text=esc(record.background)) if record.background else ""
    return t("consult-post", tag=tag(t, record.id), topic=esc(record.topic), question=esc(record.question),
             background=background, closes=local_text(record.closes_at, tz))


def author_text(t: Translate, opinion: Opinion) -> str:
    """"王小明（海淀区）"; an erased author as "一位成员（海淀区）", or "一位成员" where the group
    keeps not even the unit (``deliberation.privacy``): as proposals show theirs. Plain text."""
    name = opinion.author_name or t("privacy-a-member")
    return t("consult-author", name=name, unit=opinion.author_unit) if opinion.author_unit else name


def opinion_author(t: Translate, opinion: Opinion) -> str:
    return esc(author_text(t, opinion))


def poll_lines(t: Translate, poll: PollResult) -> list[str]:
    lines = [t("consult-summary-poll", voters=poll.voters)]
    lines += [t("consult-summary-poll-option", option=esc(option), votes=votes)
              for option, votes in poll.options]
    return lines


def summary_parts(t: Translate, record: ConsultationRecord, summary: Summary) -> list[str]:
    """The official's summary: the count, the poll, then the opinions by topic, most supported
    first, each with a link; split into whole lines so no part breaks its HTML."""
    lines = [t("consult-summary-title", tag=tag(t, record.id), question=excerpt(record.question, 120),
               count=summary.count)]
    if summary.poll is not None:
        lines += poll_lines(t, summary.poll)
    for group in summary.groups:
        topic = f"#{esc(group.topic)}" if group.topic else t("consult-summary-other")
        lines.append(t("consult-summary-topic", topic=topic, count=str(len(group.opinions))))
        lines += [t("consult-summary-opinion", rank=str(i), name=opinion_author(t, o),
                    text=excerpt(o.text, SUMMARY_TEXT), supports=str(o.supports), link=esc(o.link))
                  for i, o in enumerate(group.opinions, 1)]
    lines.append(t("consult-summary-next", number=str(record.id)))
    return split(lines)


def split(lines: Sequence[str], limit: int = PART_LIMIT) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        if current and size + len(line) + 1 > limit:
            parts.append("\n".join(current))
            current, size = [], 0
        current.append(line[:limit])
        size += len(line) + 1
    if current:
        parts.append("\n".join(current))
    return parts


def digest_lines(t: Translate, records: Sequence[ConsultationRecord], titles: dict[int, str],
                 tz: str) -> list[str]:
    lines = []
    for r in records:
        lines.append(t("consult-digest-line", tag=tag(t, r.id), group=esc(titles.get(r.chat_id, "")),
                       question=excerpt(r.question, 60), state=t("consult-state", state=r.state.value),
                       count=r.opinions, closes=local_text(r.closes_at, tz)))
    return lines
