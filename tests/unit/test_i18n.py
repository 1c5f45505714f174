"""The English catalog covers every marked sentence, and the chat speaks the reader's language."""

import string
from datetime import date
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

from bot import texts
from bot.i18n import DEFAULT, catalog_path, language_of, speaking
from bot.i18n import gettext as _
from bot.middlewares import LanguageMiddleware
from evaluation.ballots import SUGGESTION_LIMIT, Reason
from evaluation.questionnaire import MEMBER_CRITERIA, RATING_LABELS, SIX_ASPECTS

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None}


def marked_sentences() -> set[str]:
    found = set()
    for package in ("bot", "evaluation"):
        for path in (ROOT / package).rglob("*.py"):
            for _line, message, _comments, _context in extract_from_file(
                "python", path, keywords=KEYWORDS
            ):
                found.add(message)
    return found


def catalog(language: str):
    with catalog_path(language).open("rb") as po:
        return read_po(po)


def fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_every_marked_sentence_has_an_english_translation_and_nothing_else_is_in_it():
    sentences = marked_sentences()
    assert len(sentences) > 100  # the extraction itself works
    english = {m.id: m for m in catalog("en") if m.id}
    missing = sorted(s for s in sentences if s not in english or not english[s].string)
    assert missing == [], f"{len(missing)} sentences have no English: {missing[:5]}"
    assert [m.id for m in english.values() if m.fuzzy] == []
    assert sorted(set(english) - sentences) == [], "entries no code uses any more"
    # The same placeholders, so filling in a translation never fails.
    assert {s: fields(english[s].string) for s in sentences} == {s: fields(s) for s in sentences}


@pytest.mark.parametrize(
    ("code", "forced", "language"),
    [
        ("en", None, "en"),
        ("en-GB", None, "en"),
        ("zh-hans", None, "zh"),
        ("ru", None, "zh"),
        (None, None, "zh"),
        ("zh-hans", "en", "en"),
        ("en", "zh", "zh"),
    ],
)
def test_the_language_is_the_users_unless_forced(code, forced, language):
    assert language_of(code, forced) == language


def test_texts_follow_the_current_language():
    assert texts.BEGIN == "开始评议" and _(RATING_LABELS[0]) == "满意"
    with speaking("en"):
        assert texts.BEGIN == "Start"
        assert str(SUGGESTION_LIMIT) in texts.REFUSALS[Reason.TOO_LONG]
        assert texts.period_name("2026Q4") == "Q4 2026"
        assert texts.date_label(date(2026, 12, 4)) == "2026-12-04"
        assert _(SIX_ASPECTS[0]).startswith("Does it take") and _(MEMBER_CRITERIA[1]).endswith("?")
        assert texts.HELP.startswith("This is the") and "anonymity promise" in texts.HELP
    assert texts.period_name("2026Q4") == "2026年第四季度"
    assert texts.BEGIN == "开始评议"  # back to the default outside


async def test_the_middleware_sets_the_language_for_the_handler_only():
    from aiogram.types import User

    seen = []

    async def handler(event, data):
        seen.append(texts.BEGIN)

    english = User(id=1, is_bot=False, first_name="A", language_code="en")
    await LanguageMiddleware()(handler, None, {"event_from_user": english})
    await LanguageMiddleware(forced="zh")(handler, None, {"event_from_user": english})
    await LanguageMiddleware(forced="en")(handler, None, {})
    assert seen == ["Start", "开始评议", "Start"]
    assert texts.BEGIN == "开始评议" and DEFAULT == "zh"
