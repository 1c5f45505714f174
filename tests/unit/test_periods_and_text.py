from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from evaluation.periods import current_quarter, parse_period, period_label, today_in
from evaluation.text import clean_text


def test_current_quarter_follows_the_configured_timezone():
    new_year_utc = datetime(2026, 12, 31, 17, 30, tzinfo=UTC)  # 01:30 on 1 January in Beijing
    assert current_quarter(new_year_utc, "Asia/Shanghai") == "2027Q1"
    assert current_quarter(new_year_utc, "UTC") == "2026Q4"
    assert today_in(new_year_utc, "Asia/Shanghai").isoformat() == "2027-01-01"


def test_period_parsing_and_label():
    assert parse_period("2026q4") == (2026, 4)
    assert period_label("2026Q4") == "2026年第四季度"
    for bad in ("2026Q5", "26Q1", "2026-Q1", ""):
        with pytest.raises(ValueError):
            parse_period(bad)


def test_clean_text_drops_control_characters_but_keeps_lines():
    assert clean_text("  意见\x00一\x1b[31m\n第二行\t!  ") == "意见一[31m\n第二行\t!"
    assert clean_text("\ud800坏") == "坏"
    assert clean_text("👨‍👩‍👧 家庭") == "👨‍👩‍👧 家庭"  # joiners are kept


@given(st.text())
def test_clean_text_output_is_always_storable(text):
    cleaned = clean_text(text)
    cleaned.encode("utf-8")  # no lone surrogates
    assert all(c in "\n\t" or ord(c) >= 0x20 for c in cleaned)
    assert len(cleaned) <= len(text)
