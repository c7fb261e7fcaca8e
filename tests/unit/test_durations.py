"""Every duration key takes "a number and a unit" (SPEC.md, Durations)."""

from datetime import timedelta

import pytest

from deliberation.durations import DurationError, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("90s", timedelta(seconds=90)),
        ("15m", timedelta(minutes=15)),
        ("12h", timedelta(hours=12)),
        ("30d", timedelta(days=30)),
        ("2w", timedelta(weeks=2)),
        ("1d12h", timedelta(days=1, hours=12)),
        ("1.5h", timedelta(minutes=90)),
        ("1d 12h", timedelta(days=1, hours=12)),
        ("  30d  ", timedelta(days=30)),
        ("12H", timedelta(hours=12)),
    ],
)
def test_a_number_with_a_unit_is_a_duration(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["thirty days", "", "   ", "10", "5x", "1d1d", "-5m", "d", "1.d", "30 days"])
def test_text_that_is_not_a_number_and_a_unit_is_refused_with_the_text(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert caught.value.text == text


def test_a_value_that_is_not_text_is_refused() -> None:
    with pytest.raises(DurationError):
        parse_duration(30)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["90s", "15m", "12h", "30d", "1d12h", "2d3h4m5s"])
def test_a_formatted_duration_reads_back_as_the_same_duration(text: str) -> None:
    value = parse_duration(text)
    assert parse_duration(format_duration(value)) == value


def test_nothing_is_formatted_as_zero_seconds() -> None:
    assert format_duration(timedelta(0)) == "0s"
