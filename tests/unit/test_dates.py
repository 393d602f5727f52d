from datetime import date

import pytest

from assistant.dates import answer_deadline, format_dutch, parse_dutch_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(ingezonden 1 oktober 2021)", date(2021, 10, 1)),
        ("ingezonden 30 mei\n2024", date(2024, 5, 30)),
        ("1 okt. 2021", date(2021, 10, 1)),
        ("5 sept 2020", date(2020, 9, 5)),
        ("01-10-2021", date(2021, 10, 1)),
        ("2021-10-01", date(2021, 10, 1)),
        ("31 februari 2021", None),
        ("geen datum", None),
    ],
)
def test_parse_dutch_date(text, expected):
    assert parse_dutch_date(text) == expected


def test_deadline_is_three_weeks_with_weekday():
    deadline = answer_deadline(date(2021, 10, 1))
    assert deadline == date(2021, 10, 22)
    assert format_dutch(deadline, weekday=True) == "vrijdag 22 oktober 2021"
