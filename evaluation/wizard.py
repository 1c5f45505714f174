"""The /start_campaign wizard: organization, template, period, deadline, expected, confirm
(where 党员互评 can be turned on or off, and 计分 opens a step where the scores are typed).

The answers so far live in ``wizard_drafts`` (one row per organizer), so a restart loses
nothing. Each button carries the step it was drawn on; a button from another step is stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import IntEnum, StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import access
from evaluation.callers import Caller, Forbidden
from evaluation.campaigns import (
    DEFAULT_DURATION,
    CampaignError,
    CampaignRequest,
    parse_scores,
    start_campaign,
)
from evaluation.periods import next_period, quarter_of
from evaluation.questionnaire import SECTOR_GOALS, TEMPLATES
from evaluation.refusals import Refusal
from evaluation.tally import Scores
from evaluation.text import clean_text
from evaluation.wording import N_
from storage import organizations as organization_repo
from storage import wizard as wizard_repo
from storage.models import Campaign, Organization, WizardDraft

DEADLINE_CHOICES = (7, 14, 21, 30)  # days from today
EXPECTED_LIMIT = 1_000_000
TEMPLATE_CODES = tuple(TEMPLATES)


class Step(IntEnum):
    ORGANIZATION = 0
    TEMPLATE = 1
    PERIOD = 2
    DEADLINE = 3
    EXPECTED = 4
    CONFIRM = 5
    SCORES = 6  # 规范评分 typed as 「100,60,0」; 上一步 returns to the confirmation


class Choice(StrEnum):
    ORGANIZATION = "org"
    PAGE = "pg"
    TEMPLATE = "tpl"
    SECTOR_GOAL = "goal"
    PEER_REVIEW = "peer"  # 党员互评 on (1) or off (0), on the confirmation
    SCORES = "pts"  # from the confirmation to the scores step
    DEFAULT_SCORES = "pts0"  # back to 100 / 60 / 0
    PERIOD = "per"
    DEADLINE = "due"
    NO_EXPECTED = "noexp"
    BACK = "back"
    CANCEL = "cancel"
    CONFIRM = "ok"


class WizardRefused(Refusal):
    """A press or text the wizard cannot take; ``screen`` is where the organizer is now."""

    def __init__(self, message: str, screen: WizardScreen | None = None) -> None:
        super().__init__(message, screen)


@dataclass
class WizardScreen:
    step: Step
    data: dict
    today: date
    organizations: list[Organization] = field(default_factory=list)  # the ones offered
    organization: Organization | None = None  # the one chosen
    page: int = 0

    @property
    def periods(self) -> tuple[str, str]:
        current = quarter_of(self.today)
        return current, next_period(current)

    @property
    def deadline(self) -> date:
        return date.fromisoformat(self.data["deadline"])

    @property
    def peer_review(self) -> bool:
        """党员互评: as the organizer set it, else the template's default."""
        return self.data.get("peer_review", TEMPLATES[self.data["template"]].peer_review)

    @property
    def scores(self) -> Scores:
        return Scores.stored(self.data.get("scores"))

    @property
    def sector_goal(self) -> str | None:
        sector = self.organization.sector if self.organization else None
        return SECTOR_GOALS.get(sector) if sector else None


async def begin(session: AsyncSession, caller: Caller, today: date) -> WizardScreen:
    organizations = await access.managed(session, caller)
    if not organizations:
        raise Forbidden
    await wizard_repo.delete_wizard_draft(session, caller.user_id)
    session.add(WizardDraft(user_id=caller.user_id, step=Step.ORGANIZATION, data={}))
    await session.commit()
    return WizardScreen(Step.ORGANIZATION, {}, today, organizations)


async def awaiting_text(session: AsyncSession, user_id: int) -> bool:
    """Whether the organizer's next text is the wizard's: the expected number or the scores."""
    draft = await wizard_repo.wizard_draft(session, user_id)
    return draft is not None and draft.step in (Step.EXPECTED, Step.SCORES)


async def choose(
    session: AsyncSession,
    caller: Caller,
    step: int,
    choice: str,
    value: int,
    today: date,
    now: datetime,
) -> WizardScreen | Campaign | None:
    """Apply one button. Returns the next screen, the opened campaign, or None if cancelled."""
    draft = await wizard_repo.wizard_draft(session, caller.user_id)
    if draft is None:
        raise WizardRefused(N_("这个向导已结束，请重新发送 /start_campaign。"))
    if step != draft.step:
        raise WizardRefused(
            N_("这个按钮已过期，已显示当前步骤。"), await _screen(session, caller, draft, today)
        )
    data = dict(draft.data)
    if choice == Choice.CANCEL:
        await wizard_repo.delete_wizard_draft(session, caller.user_id)
        await session.commit()
        return None
    if choice == Choice.BACK:
        return await _save(
            session, caller, draft, max(Step.ORGANIZATION, draft.step - 1), data, today
        )
    if choice == Choice.PAGE and draft.step == Step.ORGANIZATION:
        screen = await _screen(session, caller, draft, today)
        screen.page = max(0, value)
        return screen
    if choice == Choice.ORGANIZATION and draft.step == Step.ORGANIZATION:
        await access.require(session, caller, value)
        data = {"organization_id": value, "sector_goal": False}
        return await _save(session, caller, draft, Step.TEMPLATE, data, today)
    if choice == Choice.SECTOR_GOAL and draft.step == Step.TEMPLATE:
        data["sector_goal"] = bool(value)
        return await _save(session, caller, draft, Step.TEMPLATE, data, today)
    if (
        choice == Choice.TEMPLATE
        and draft.step == Step.TEMPLATE
        and 0 <= value < len(TEMPLATE_CODES)
    ):
        data["template"] = TEMPLATE_CODES[value]
        data.pop("peer_review", None)  # the new template's default until it is set
        return await _save(session, caller, draft, Step.PERIOD, data, today)
    if choice == Choice.PERIOD and draft.step == Step.PERIOD and value in (0, 1):
        data["period"] = quarter_of(today) if value == 0 else next_period(quarter_of(today))
        return await _save(session, caller, draft, Step.DEADLINE, data, today)
    if choice == Choice.DEADLINE and draft.step == Step.DEADLINE and value in DEADLINE_CHOICES:
        data["deadline"] = (today + timedelta(days=value)).isoformat()
        return await _save(session, caller, draft, Step.EXPECTED, data, today)
    if choice == Choice.NO_EXPECTED and draft.step == Step.EXPECTED:
        data["expected"] = None
        return await _save(session, caller, draft, Step.CONFIRM, data, today)
    if choice == Choice.PEER_REVIEW and draft.step == Step.CONFIRM and value in (0, 1):
        data["peer_review"] = bool(value)
        return await _save(session, caller, draft, Step.CONFIRM, data, today)
    if choice == Choice.SCORES and draft.step == Step.CONFIRM:
        return await _save(session, caller, draft, Step.SCORES, data, today)
    if choice == Choice.DEFAULT_SCORES and draft.step == Step.SCORES:
        data.pop("scores", None)
        return await _save(session, caller, draft, Step.CONFIRM, data, today)
    if choice == Choice.CONFIRM and draft.step == Step.CONFIRM:
        return await _open(session, caller, data, today, now)
    raise WizardRefused(N_("按钮无效。"), await _screen(session, caller, draft, today))


async def type_text(session: AsyncSession, caller: Caller, text: str, today: date) -> WizardScreen:
    """The expected number of respondents (EXPECTED), or the scores (SCORES)."""
    draft = await wizard_repo.wizard_draft(session, caller.user_id)
    if draft is None or draft.step not in (Step.EXPECTED, Step.SCORES):
        raise WizardRefused(N_("现在不需要输入数字。"))
    if draft.step == Step.SCORES:
        try:
            scores = parse_scores(text)
        except CampaignError as error:
            screen = await _screen(session, caller, draft, today)
            raise WizardRefused(error.args[0], screen) from None
        data = {**draft.data, "scores": scores.to_stored()}
        return await _save(session, caller, draft, Step.CONFIRM, data, today)
    digits = clean_text(text).replace(",", "").replace("，", "")
    plausible = digits.isascii() and digits.isdigit() and len(digits) <= 7  # int() caps digits
    if not plausible or not 0 < int(digits) <= EXPECTED_LIMIT:
        raise WizardRefused(
            N_("请发送一个正整数作为应参评人数，例如 30；或点击「暂不设定」。"),
            await _screen(session, caller, draft, today),
        )
    data = {**draft.data, "expected": int(digits)}
    return await _save(session, caller, draft, Step.CONFIRM, data, today)


async def _open(session, caller, data, today, now) -> Campaign:
    request = CampaignRequest(
        organization_id=data["organization_id"],
        period=data["period"],
        template=data["template"],
        sector_goal=data.get("sector_goal", False),
        deadline=date.fromisoformat(data["deadline"]),
        expected=data.get("expected"),
        peer_review=data.get("peer_review"),
        scores=Scores.stored(data["scores"]) if data.get("scores") else None,
    )
    campaign = await start_campaign(session, caller, request, today, now)
    await wizard_repo.delete_wizard_draft(session, caller.user_id)
    await session.commit()
    return campaign


async def _save(session, caller, draft: WizardDraft, step: int, data: dict, today) -> WizardScreen:
    if step == Step.DEADLINE and "deadline" not in data:
        data["deadline"] = (today + DEFAULT_DURATION).isoformat()
    draft.step, draft.data = int(step), data
    await session.commit()
    return await _screen(session, caller, draft, today)


async def _screen(session, caller, draft: WizardDraft, today: date) -> WizardScreen:
    step = Step(draft.step)
    data = dict(draft.data)
    if step == Step.ORGANIZATION:
        return WizardScreen(step, data, today, await access.managed(session, caller))
    organization = await organization_repo.organization(session, data["organization_id"])
    return WizardScreen(step, data, today, organization=organization)
