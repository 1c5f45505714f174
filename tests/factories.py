"""Helpers that drive the core the way the bot does."""

from __future__ import annotations

from evaluation import ballots, navigation, submission
from evaluation.ballot_state import Action, Respondent
from evaluation.callers import OPERATOR
from evaluation.campaigns import CampaignRequest, start_campaign
from evaluation.pseudonyms import Pseudonyms
from evaluation.questionnaire import Rating
from storage import organizations as organization_repo
from support.sample import NOW, ORG, TODAY

PSEUDONYMS = Pseudonyms(b"test-secret")


def person(user_id: int) -> Respondent:
    return Respondent(user_id, PSEUDONYMS)


async def begin(session, campaign_id: int, respondent: Respondent, today=TODAY):
    """开始评议 on the button the bot gave this person (after the link, or in an invitation)."""
    return await ballots.begin(
        session, campaign_id, respondent, today, respondent.admission(campaign_id)
    )


async def open_campaign(session, organization=ORG, caller=OPERATOR, **options):
    """Open a 2026Q4 campaign on ``organization`` (by name) as ``caller``."""
    options.setdefault("expected", 30)
    options.setdefault("period", "2026Q4")
    found = await organization_repo.organization_by_name(session, organization)
    request = CampaignRequest(found.id, **options)
    return await start_campaign(session, caller, request, TODAY, NOW)


async def fill_ballot(
    session,
    campaign_id,
    respondent,
    ratings,
    category=0,
    suggestion=None,
    submit=True,
    wants_reply=False,
):
    """Answer every question with ``ratings[i]`` in order; returns the last screen."""
    screen = await begin(session, campaign_id, respondent)
    if screen.step == navigation.CATEGORY_STEP:
        screen = await ballots.act(
            session, campaign_id, respondent, screen.step, Action.CATEGORY, category, TODAY
        )
    for rating in ratings:
        screen = await ballots.act(
            session, campaign_id, respondent, screen.step, Action.ANSWER, int(rating), TODAY
        )
    if suggestion is None:
        screen = await ballots.act(
            session, campaign_id, respondent, screen.step, Action.SKIP_SUGGESTION, 0, TODAY
        )
    else:
        screen = await ballots.write_text(session, respondent, suggestion, TODAY)
    if submit:
        screen = await ballots.act(
            session, campaign_id, respondent, screen.step, Action.SUBMIT, int(wants_reply), TODAY
        )
        await submission.receipt_shown(session, respondent, campaign_id)  # as the bot does
    return screen


def all_satisfied(n: int) -> list[Rating]:
    return [Rating.SATISFIED] * n
