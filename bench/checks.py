"""The per-message checks, in microseconds: what every ordinary group message pays.

* the real-name check (``NameChecker.check``): a cache hit (a member seen before, the usual case)
  and a miss (a name never seen: the full ``check_name``);
* the hashtag match (``TopicMatcher.hashtag_topics``) with 5, 50 and 500 keywords, on a typical
  message without ``#`` (the pre-check returns at once) and on a proposal with ``#``; the ratio is
  to 5 keywords, and the cost should stay flat (one Aho-Corasick pass whatever the list);
* the activity touch (``ActivityBuffer.touch``) that replaces a database write per message.
"""

from __future__ import annotations

from datetime import timedelta

from bench.production import START
from bench.report import Row, Run, median_time
from bench.traffic import CHATTER, real_name
from deliberation.keywords import TopicMatcher
from deliberation.nicknames import NameChecker
from deliberation.policy import NicknamePolicy
from deliberation.pruning import ActivityBuffer

_CHARS = "人才创新转型教育医疗交通住房环境养老文化体育科技产业金融农业水务安全社区治理服务就业"
PROPOSAL = "#人才 建议设立青年人才公寓，降低租房成本，完善配套服务设施"
ORDINARY = CHATTER[0]


def keywords(count: int) -> dict[str, list[str]]:
    """``count`` distinct keywords (topic names included) in topics of five, 人才 among them."""
    chars = "".join(dict.fromkeys(_CHARS))
    words = list(dict.fromkeys(["人才", *(a + b for a in chars for b in chars if a != b)]))[:count]
    return {words[i]: words[i + 1 : i + 5] for i in range(0, count, 5)}


def per_call_us(call: object, args: list[tuple], repeats: int) -> float:  # type: ignore[type-arg]
    fn = call

    def loop() -> None:
        for a in args:
            fn(*a)  # type: ignore[operator]

    return median_time(loop, repeats) / len(args) * 1e6


def run_sync(env: Run) -> list[Row]:
    n = env.size(100_000, 20_000)
    policy = NicknamePolicy()
    names = [(7, real_name(i), None) for i in range(n)]
    warm = NameChecker(policy, maxsize=n)
    for args in names[:1_000]:
        warm.check(*args)
    hit = per_call_us(warm.check, names[:1_000] * (n // 1_000), env.repeats)

    def misses() -> None:
        checker = NameChecker(policy, maxsize=n)
        for a in names:
            checker.check(*a)

    miss = median_time(misses, env.repeats) / n * 1e6
    rows = [
        Row("checks: real-name check, cache hit", hit, "µs"),
        Row("checks: real-name check, cache miss", miss, "µs", note="check_name on a name never seen"),
    ]
    base: dict[str, float] = {}
    for count in (5, 50, 500):
        matcher = TopicMatcher(keywords(count))
        assert matcher.keyword_count == count and "人才" in matcher.hashtag_topics(PROPOSAL)
        for label, text in (("without '#'", ORDINARY), ("with '#'", PROPOSAL)):
            us = per_call_us(matcher.hashtag_topics, [(text,)] * n, env.repeats)
            base.setdefault(label, us)
            flat = us / base[label]
            rows.append(Row(f"checks: hashtag topics, {count} keywords, {label}", us, "µs",
                            "flat from 5 to 500", flat, flat < 2 if count == 500 else None))
    buffer = ActivityBuffer()
    at = [(-1001000000000, 10_000_000 + i % 5_000, START + timedelta(seconds=i)) for i in range(n)]
    rows.append(Row("checks: activity touch", per_call_us(buffer.touch, at, env.repeats), "µs",
                    note="ActivityBuffer.touch, 5,000 members"))
    return rows


async def run(env: Run) -> list[Row]:
    return run_sync(env)
