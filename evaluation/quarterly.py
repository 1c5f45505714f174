"""一季一评议: campaigns that open by themselves each quarter, and the scheduled work around
every campaign (invitations to subscribers, reminder rounds before the deadline).

``run_due`` does whatever has fallen due at ``now`` and is safe to call at any time, any number
of times: each piece of work writes its ``cycle_events`` key in the transaction that does it,
and every message goes through the outbox, whose (recipient, reason) is UNIQUE. What fell due
while the bot was down is done once at the next call; overdue reminder rounds of one campaign
are coalesced into the latest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from evaluation import access, audit, reach, summaries
from evaluation.access import as_utc
from evaluation.callers import SCHEDULER, Caller
from evaluation.campaigns import DEFAULT_DURATION, CampaignError, CampaignRequest, open_campaign
from evaluation.cycle import CycleRules, Round
from evaluation.organizations import load_tree
from evaluation.outgoing import (
    CAMPAIGN_MESSAGES,
    NOTHING,
    Kind,
    NotOpened,
    Payload,
    Reminder,
    outbox_row,
)
from evaluation.pseudonyms import Pseudonyms
from evaluation.questionnaire import TEMPLATES, Questionnaire
from evaluation.tally import Scores
from evaluation.wording import N_, Phrase
from storage import cycle as cycle_repo
from storage import organizations as organization_repo
from storage import outbox as outbox_repo
from storage.models import Campaign, Cycle, CycleEvent


@dataclass(frozen=True)
class CycleRow:
    organization_id: int
    organization: str
    enabled: bool
    template: str
    duration_days: int
    next_opening: datetime | None


@dataclass
class DueReport:
    opened: list[int] = field(default_factory=list)  # root campaign ids
    summaries: int = 0  # summary workbooks queued
    not_opened: list[str] = field(default_factory=list)  # why, one line per organization
    invited: int = 0
    reminded: int = 0


# --- turning the cycle on and off --------------------------------------------------------


async def set_cycle(
    session: AsyncSession,
    caller: Caller,
    organization_id: int,
    enabled: bool,
    now: datetime,
    rules: CycleRules,
) -> CycleRow:
    """Turn 一季一评议 on (with the settings of the organization's latest campaign) or off."""
    await access.require(session, caller, organization_id)
    organization = await organization_repo.organization(session, organization_id)
    cycle = await cycle_repo.cycle(session, organization_id)
    if not enabled:
        if cycle is None or not cycle.enabled:
            raise CampaignError(
                Phrase(N_("「{name}」没有开启一季一评议。"), name=organization.name)
            )
        cycle.enabled = False
    else:
        settings = await _settings_from_latest(session, organization_id, rules)
        if cycle is None:
            cycle = Cycle(organization_id=organization_id, **settings)
            session.add(cycle)
        else:
            for name, value in settings.items():
                setattr(cycle, name, value)
        if not cycle.enabled:
            cycle.enabled, cycle.enabled_by, cycle.enabled_at = True, caller.user_id, now
    detail = f"模板：{TEMPLATES[cycle.template].name}，评议期 {cycle.duration_days} 天"
    action = audit.CYCLE_ON if enabled else audit.CYCLE_OFF
    audit.record(session, caller, action, now, organization_id=organization_id, detail=detail)
    await session.commit()
    return await _row(session, cycle, organization.name, rules, now)


async def list_cycles(
    session: AsyncSession, caller: Caller, now: datetime, rules: CycleRules
) -> list[CycleRow]:
    """The cycles of the organizations the caller manages, in tree order."""
    tree = await load_tree(session)
    managed = await access.managed_ids(session, caller, tree)
    by_id = {c.organization_id: c for c in await cycle_repo.cycles(session, managed)}
    return [await _row(session, by_id[o], tree.name(o), rules, now) for o in managed if o in by_id]


async def _row(
    session: AsyncSession, cycle: Cycle, name: str, rules: CycleRules, now: datetime
) -> CycleRow:
    opening = await _next_opening(session, cycle, rules, now) if cycle.enabled else None
    return CycleRow(
        cycle.organization_id, name, cycle.enabled, cycle.template, cycle.duration_days, opening
    )


async def _next_opening(
    session: AsyncSession, cycle: Cycle, rules: CycleRules, now: datetime
) -> datetime:
    """When this cycle next opens a campaign: this quarter's opening if it is still to be
    done (already past, so at once), else next quarter's."""
    period = rules.period_due(now)
    opening = rules.opening(period)
    if as_utc(cycle.enabled_at) <= opening and not await cycle_repo.done_events(
        session, [_open_key(cycle, period)]
    ):
        return opening
    return rules.next_opening(now)


def _open_key(cycle: Cycle, period: str) -> str:
    return f"open:{cycle.organization_id}:{period}"


async def _settings_from_latest(
    session: AsyncSession, organization_id: int, rules: CycleRules
) -> dict:
    latest = await cycle_repo.latest_campaign_of(session, organization_id)
    if latest is None:
        return {
            "template": "six_aspects",
            "sector_goal": False,
            "duration_days": DEFAULT_DURATION.days,
            "expected": None,
            "ask_category": True,
            "peer_review": TEMPLATES["six_aspects"].peer_review,
            "scores": None,
        }
    questionnaire = Questionnaire.from_snapshot(latest.questionnaire)
    template = TEMPLATES[latest.template]
    opened_day = rules.local_day(as_utc(latest.opened_at))
    duration = (latest.deadline - opened_day).days if latest.deadline else DEFAULT_DURATION.days
    return {
        "template": latest.template,
        "sector_goal": len(questionnaire.subjects[0].criteria) > len(template.organization),
        "duration_days": max(1, duration),
        "expected": latest.expected,
        "ask_category": questionnaire.ask_category,
        "peer_review": latest.peer_review,
        "scores": latest.scores,
    }


# --- what falls due ----------------------------------------------------------------------


async def run_due(
    session: AsyncSession, rules: CycleRules, pseudonyms: Pseudonyms, now: datetime
) -> DueReport:
    report = DueReport()
    await _open_quarters(session, rules, pseudonyms, now, report)
    for campaign in await cycle_repo.open_real_campaigns(session):
        await _invite_and_remind(session, rules, pseudonyms, campaign, now, report)
    report.summaries += await summaries.queue_summaries(session, rules, pseudonyms, now)
    return report


async def next_due(session: AsyncSession, rules: CycleRules, now: datetime) -> datetime | None:
    """The earliest moment at which ``run_due`` will have something new to do."""
    moments: list[datetime] = []
    for cycle in await cycle_repo.cycles(session):
        if cycle.enabled:
            moments.append(await _next_opening(session, cycle, rules, now))
            moments.append(await summaries.next_summary(session, cycle, rules, now))
    for campaign in await cycle_repo.open_real_campaigns(session):
        invite_due, rounds = await _campaign_work(session, rules, campaign, now)
        if invite_due:
            moments.append(now)
        moments += [r.moment for r in rounds]
    return min(moments) if moments else None


async def _open_quarters(
    session: AsyncSession,
    rules: CycleRules,
    pseudonyms: Pseudonyms,
    now: datetime,
    report: DueReport,
) -> None:
    period = rules.period_due(now)
    opening = rules.opening(period)
    for cycle in await cycle_repo.cycles(session):
        # A cycle turned on after this quarter's opening starts with the next quarter.
        if not cycle.enabled or as_utc(cycle.enabled_at) > opening:
            continue
        key = _open_key(cycle, period)
        if await cycle_repo.done_events(session, [key]):
            continue
        session.add(CycleEvent(key=key, done_at=now))
        if await cycle_repo.campaign_for_period(session, cycle.organization_id, period):
            await session.commit()  # opened by hand already: nothing to do
            continue
        today = rules.local_day(now)
        request = CampaignRequest(
            organization_id=cycle.organization_id,
            period=period,
            template=cycle.template,
            sector_goal=cycle.sector_goal,
            deadline=today + timedelta(days=cycle.duration_days),
            expected=cycle.expected,
            ask_category=cycle.ask_category,
            peer_review=cycle.peer_review,
            scores=Scores.stored(cycle.scores) if cycle.scores else None,
        )
        told = await reach.cycle_organizers(session, cycle)
        try:
            campaign = await open_campaign(
                session, SCHEDULER, request, today, now, "一季一评议自动开启"
            )
        except CampaignError as error:
            reason = f"{await _name(session, cycle.organization_id)}：{error}"
            report.not_opened.append(reason)
            rows = [
                outbox_row(
                    pseudonyms,
                    user,
                    f"{Kind.NOT_OPENED}:{key}",
                    Kind.NOT_OPENED,
                    now,
                    None,
                    NotOpened(reason),
                )
                for user in told
            ]
        else:
            report.opened.append(campaign.id)
            rows = [
                outbox_row(pseudonyms, user, f"{kind}:{campaign.id}", kind, now, campaign.id)
                for user in told
                for kind in (Kind.OPENED, Kind.POSTER)
            ]
        await outbox_repo.enqueue(session, rows)
        await session.commit()


async def _name(session: AsyncSession, organization_id: int) -> str:
    organization = await organization_repo.organization(session, organization_id)
    return organization.name


def _round_key(campaign: Campaign, days: int) -> str:
    return f"remind:{campaign.id}:{days}"


def _invite_key(campaign: Campaign) -> str:
    return f"invite:{campaign.id}"


async def _campaign_work(
    session: AsyncSession, rules: CycleRules, campaign: Campaign, now: datetime
) -> tuple[bool, list[Round]]:
    """What is still to do for an open campaign: its invitation (owed?) and its reminder
    rounds not yet done, earliest first. Nothing once its last day has passed."""
    if campaign.deadline is not None and rules.local_day(now) > campaign.deadline:
        return False, []
    opened = as_utc(campaign.opened_at)
    scheduled = rules.rounds(campaign.deadline) if campaign.deadline is not None else []
    rounds = [r for r in scheduled if r.moment >= opened]  # none before it opened
    keys = [_invite_key(campaign)] + [_round_key(campaign, r.days) for r in rounds]
    done = await cycle_repo.done_events(session, keys)
    return keys[0] not in done, [r for r in rounds if _round_key(campaign, r.days) not in done]


async def _invite_and_remind(
    session: AsyncSession,
    rules: CycleRules,
    pseudonyms: Pseudonyms,
    campaign: Campaign,
    now: datetime,
    report: DueReport,
) -> None:
    invite_due, rounds = await _campaign_work(session, rules, campaign, now)
    if invite_due:
        session.add(CycleEvent(key=_invite_key(campaign), done_at=now))
        people = await reach.to_invite(session, pseudonyms, campaign)
        report.invited += await _queue(
            session, rules, pseudonyms, campaign, people, _invite_key(campaign), Kind.INVITE, now
        )
        report.invited += await _invite_members(session, pseudonyms, campaign, now)
        await session.commit()
    due = [r for r in rounds if r.moment <= now]
    if not due:
        return
    for overdue in due:  # only the latest round is sent; the earlier ones are spent
        session.add(CycleEvent(key=_round_key(campaign, overdue.days), done_at=now))
    latest = due[-1]
    people = await reach.to_remind(session, pseudonyms, campaign)
    reason = _round_key(campaign, latest.days)
    report.reminded += await _queue(
        session,
        rules,
        pseudonyms,
        campaign,
        people,
        reason,
        Kind.REMIND,
        now,
        Reminder(latest.days),
    )
    await session.commit()


async def _invite_members(
    session: AsyncSession, pseudonyms: Pseudonyms, campaign: Campaign, now: datetime
) -> int:
    """Each member bound in the campaign's organization is asked, once, for their 党员自我评价
    (and 党员互评); counts new."""
    bindings = await organization_repo.bindings_of(session, campaign.organization_id)
    active = {m.id for m in await organization_repo.members_of(session, campaign.organization_id)}
    reason = f"{Kind.MEMBER_INVITE}:{campaign.id}"
    rows = [
        outbox_row(
            pseudonyms, pseudonyms.unseal(b.address), reason, Kind.MEMBER_INVITE, now, campaign.id
        )
        for member_id, b in bindings.items()
        if member_id in active
    ]
    return await outbox_repo.enqueue(session, rows)


async def _queue(
    session: AsyncSession,
    rules: CycleRules,
    pseudonyms: Pseudonyms,
    campaign: Campaign,
    people: dict[str, int],
    reason: str,
    kind: Kind,
    now: datetime,
    payload: Payload = NOTHING,
) -> int:
    """Queue one message about the campaign to each person still under the cap; counts new."""
    sent = await outbox_repo.messages_about(session, campaign.id, CAMPAIGN_MESSAGES)
    rows = [
        outbox_row(pseudonyms, user, reason, kind, now, campaign.id, payload)
        for person, user in sorted(people.items())
        if sent.get(person, 0) < rules.max_messages
    ]
    return await outbox_repo.enqueue(session, rows)


def describe(report: DueReport) -> str:
    """One line for the log: counts only, never who."""
    parts = []
    if report.opened:
        parts.append(f"opened campaigns {report.opened}")
    if report.not_opened:
        parts.append(f"could not open {len(report.not_opened)}")
    if report.invited:
        parts.append(f"queued {report.invited} invitations")
    if report.reminded:
        parts.append(f"queued {report.reminded} reminders")
    if report.summaries:
        parts.append(f"queued {report.summaries} summary workbooks")
    return ", ".join(parts)
