"""Every limit on typed text counts as Telegram counts a message (UTF-16 code units: an emoji
outside the Basic Multilingual Plane is two), so what is accepted can always be shown again;
and a screen that gathers many texts is cut with 「…」 instead of being refused by Telegram."""

from __future__ import annotations

import pytest

from bot.sending import CUT, MESSAGE_LIMIT, fitted
from evaluation import comments, commitments, rectification, review
from evaluation.ballot_state import Reason, Refused
from evaluation.callers import OPERATOR
from evaluation.commitments import CommitmentError
from evaluation.rectification import RectificationError
from evaluation.review import ReviewError
from evaluation.text import telegram_length
from storage import organizations as organization_repo
from support.sample import MEMBERS, NOW, ORG
from tests.factories import PSEUDONYMS, all_satisfied, fill_ballot, open_campaign, person

EMOJI = "😀"  # two UTF-16 code units
QUESTIONS = 6 + 9 * 5


def test_lengths_are_counted_and_cut_in_utf16_units():
    assert telegram_length(EMOJI * 3) == 6 and telegram_length("长" * 3) == 3
    assert fitted("短", MESSAGE_LIMIT) == "短"
    for text in ("长" * 5000, EMOJI * 3000, "a" * 4095 + EMOJI):
        cut = fitted(text, MESSAGE_LIMIT)
        assert telegram_length(cut) <= MESSAGE_LIMIT and cut.endswith(CUT), len(cut)
        assert text.startswith(cut.removesuffix("\n" + CUT))  # never half an emoji


async def test_the_opinion_and_its_response(session, roster):
    campaign = await open_campaign(session)
    with pytest.raises(Refused) as refused:
        await fill_ballot(
            session, campaign.id, person(1), all_satisfied(QUESTIONS), suggestion=EMOJI * 501
        )
    assert refused.value.reason == Reason.TOO_LONG
    screen = await fill_ballot(
        session, campaign.id, person(2), all_satisfied(QUESTIONS), suggestion=EMOJI * 500
    )
    code = screen.suggestion_code
    with pytest.raises(RectificationError):
        await rectification.update(session, OPERATOR, code, NOW, PSEUDONYMS, response=EMOJI * 501)
    with pytest.raises(RectificationError):
        await rectification.update(session, OPERATOR, code, NOW, PSEUDONYMS, owner=EMOJI * 26)
    item = await rectification.update(
        session, OPERATOR, code, NOW, PSEUDONYMS, response=EMOJI * 500, owner=EMOJI * 25
    )
    assert item.response == EMOJI * 500


async def test_commitments_comments_and_the_reason_of_a_grade(session, roster):
    campaign = await open_campaign(session)
    organization = await organization_repo.organization_by_name(session, ORG)
    with pytest.raises(CommitmentError):
        await commitments.set_list(session, OPERATOR, organization.id, None, [EMOJI * 51], NOW)
    await commitments.set_list(session, OPERATOR, organization.id, None, [EMOJI * 50], NOW)

    [subject, *_] = await comments.subjects(session, campaign)
    items = ["好"] * len(subject.items)
    assert comments.errors_in(subject, comments.cleaned(items, EMOJI * 251, "改进"))
    assert comments.errors_in(subject, comments.cleaned([EMOJI * 101] * len(items), "好", "改"))
    assert not comments.errors_in(subject, comments.cleaned([EMOJI * 100] * len(items), "好", "改"))

    member = (await organization_repo.members_of(session, organization.id))[0]
    with pytest.raises(ReviewError) as refused:
        await review.decide(session, OPERATOR, campaign.id, member.id, "合格", EMOJI * 101, NOW)
    assert "理由不超过 200 字" in str(refused.value)
    assert MEMBERS[0][0] == member.name
