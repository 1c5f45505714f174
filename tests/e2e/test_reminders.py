"""Reminder rounds through the real bot and the Bot API fake: 2,000 people, 20% of sends answered
429, 5% of people blocked, and a SIGKILL in the middle of the round. Everyone reachable who has
not submitted gets exactly one message per round; nobody who submitted gets any."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from evaluation import reach
from evaluation.ballot_state import Respondent
from evaluation.pseudonyms import Pseudonyms
from storage import campaigns as campaign_repo
from storage import outbox as outbox_repo
from storage.db import make_engine, make_sessionmaker
from storage.models import Recipient, Subscription
from support.script import QUESTIONS
from tests.factories import all_satisfied, fill_ballot

SECRET = "e2e-reminder-secret"
PSEUDONYMS = Pseudonyms(SECRET.encode())
SEEDED = range(100_000, 100_600)  # 600 people who can be reached
SUBSCRIBERS = SEEDED[:300]  # pressed 订阅提醒 after an earlier campaign
BLOCKED = set(SEEDED[::20])  # 30 people, 5%, who have since blocked the bot
OPENED = "2027-03-01T09:00:00+08:00"
ROUND_3_DAYS = "2027-03-10T09:30:00+08:00"  # the deadline is 13 March
ROUND_1_DAY = "2027-03-12T09:30:00+08:00"
REMINDER_MARK = "⏰"


def reminders_of(fake, user_id: int) -> list[dict]:
    chat = fake.chats.get(user_id)
    if chat is None:
        return []
    return [m for m in chat.messages.values() if m.get("text", "").startswith(REMINDER_MARK)]


def invited(fake) -> int:
    return sum(
        m.get("text", "").startswith("📣")
        for chat in fake.chats.values()
        for m in chat.messages.values()
    )


def delivered(fake) -> int:
    return sum(len(reminders_of(fake, user)) for user in fake.chats)


async def wait_until(condition, timeout: float, what: str) -> None:
    for _ in range(int(timeout * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


async def seed(url: str, campaign_id: int) -> None:
    """300 subscribers of the organization and 300 people who began this ballot."""
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            campaign = await campaign_repo.campaign(session, campaign_id)
            for user in SUBSCRIBERS:
                session.add(
                    Subscription(
                        person=PSEUDONYMS.person(user),
                        organization_id=campaign.organization_id,
                        contact=PSEUDONYMS.seal(user),
                    )
                )
            for user in SEEDED[len(SUBSCRIBERS) :]:
                await reach.note_start(session, PSEUDONYMS, campaign_id, user)
            await session.commit()
    finally:
        await engine.dispose()


async def submit_in_core(url: str, campaign_id: int, user_id: int) -> None:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            respondent = Respondent(user_id, PSEUDONYMS)
            await fill_ballot(session, campaign_id, respondent, all_satisfied(QUESTIONS))
    finally:
        await engine.dispose()


async def outbox_counts(url: str) -> tuple[dict[str, int], int]:
    engine = make_engine(url)
    try:
        async with make_sessionmaker(engine)() as session:
            states = await outbox_repo.outbox_states(session, "remind:")
            unreachable = await session.scalar(
                select(func.count()).select_from(Recipient).where(Recipient.unreachable.is_(True))
            )
            return states, unreachable
    finally:
        await engine.dispose()


async def recorded_as_sent(url: str, fake, timeout: float = 30) -> None:
    """Wait until the bot has marked sent every reminder the fake delivered. (A request
    Telegram accepted in the instant before a crash is the one documented repeat; a fixed
    pause made that instant seconds long on a loaded machine.)"""
    for _ in range(int(timeout * 10)):
        states, _ = await outbox_counts(url)
        if states.get("sent", 0) >= delivered(fake):
            return
        await asyncio.sleep(0.1)
    raise AssertionError("the bot did not record the delivered reminders as sent")


async def vote(person, token: str, finish: bool, subscribe: bool | None = None) -> None:
    await person.send(f"/start {token}")
    await person.press("开始评议")
    await person.press("群众代表")
    for _ in range(QUESTIONS if finish else 7):
        await person.press("满意")
    if not finish:
        return
    await person.press(gettext(ballots_texts.SKIP))
    await person.press("✅ 提交")
    assert gettext(ballots_texts.SUBSCRIBE) in person.buttons()
    await person.press(
        gettext(ballots_texts.SUBSCRIBE) if subscribe else gettext(ballots_texts.NO_SUBSCRIPTION)
    )
    outcome = (
        gettext(ballots_texts.SUBSCRIBED).split("：")[0]
        if subscribe
        else gettext(ballots_texts.NOT_SUBSCRIBED)
    )
    assert person.buttons() == [] and outcome in person.last["text"]


async def test_reminder_rounds_exactly_once_through_429s_403s_and_a_kill(deployment):
    fake = deployment.fake
    url = deployment.database_url
    deployment.env.update(PINGYI_SECRET=SECRET, PINGYI_SEND_RATE="150", PINGYI_CLOCK_START=OPENED)
    campaign_id, token = await deployment.open_campaign(
        "--period", "2027Q1", "--deadline", "2027-03-13"
    )
    await seed(url, campaign_id)

    # The campaign opened: the 300 subscribers are invited. Before the rounds, three people
    # vote (two subscribe) and one begins and stops at question 8.
    fake.started_users(SEEDED)
    deployment.env["PINGYI_CLOCK_START"] = "2027-03-02T10:00:00+08:00"
    await deployment.start()
    voters = [fake.person(7001 + n) for n in range(3)]
    for number, voter in enumerate(voters):
        await vote(voter, token, finish=True, subscribe=number < 2)
    unfinished = fake.person(7100)
    await vote(unfinished, token, finish=False)
    await wait_until(lambda: invited(fake) == len(SUBSCRIBERS), 60, "the invitations")
    await deployment.stop()

    # Round "3 days before": the bot starts after 09:00 and catches up, with 20% of sends
    # answered 429 and the blocked people answering 403.
    fake.started_users(SEEDED)
    for user in BLOCKED:
        fake.block(user)
    fake.random_429(0.2)
    expected = (set(SEEDED) - BLOCKED) | {unfinished.id}
    deployment.env["PINGYI_CLOCK_START"] = ROUND_3_DAYS
    await deployment.start()
    await wait_until(lambda: delivered(fake) >= 250, 60, "250 reminders")
    fake.hold_sends()  # what is in flight now is never delivered …
    await recorded_as_sent(url, fake)  # … and every answer already given is recorded
    await deployment.kill()
    fake.release_sends()
    at_kill = delivered(fake)
    assert 250 <= at_kill < len(expected), at_kill

    await deployment.start()
    await wait_until(lambda: delivered(fake) >= len(expected), 120, "the rest of the round")
    await asyncio.sleep(2)  # anything sent twice would arrive now
    assert delivered(fake) == len(expected)
    for user in expected:
        assert len(reminders_of(fake, user)) == 1, user
    for user in BLOCKED | {v.id for v in voters}:
        assert reminders_of(fake, user) == [], user
    states, unreachable = await outbox_counts(url)
    assert states == {"sent": len(expected), "unreachable": len(BLOCKED)}
    assert unreachable == len(BLOCKED)
    assert fake.floods > 50  # the 429s really happened, and were waited out
    assert "in flight at the last stop" in deployment.log

    # 继续评议 on the reminder resumes the ballot where it stopped.
    [reminder] = reminders_of(fake, unfinished.id)
    assert gettext(ballots_texts.RESUME) in unfinished.buttons(reminder)
    await unfinished.press(gettext(ballots_texts.RESUME), reminder)
    resumed = unfinished.chat.messages[reminder["message_id"]]  # edited in place
    assert resumed["text"].startswith(f"第 8/{QUESTIONS} 题")

    # Between the rounds one person says /stop and one submits.
    stopper, submitter = SEEDED[1], SEEDED[2]
    [reply] = await fake.person(stopper).send("/stop")
    assert reply["text"] == gettext(ballots_texts.STOPPED)
    # /status: the reachable are the unblocked seeded people, the unfinished ballot and the
    # two voters who subscribed, less the one who just said /stop.
    [report] = await fake.person(900).send(f"/status {campaign_id}")
    reachable = len(set(SEEDED) - BLOCKED) + 1 + 2 - 1
    assert f"可提醒 {reachable} 人（订阅提醒或已开始未提交）" in report["text"]
    await deployment.stop()
    await submit_in_core(url, campaign_id, submitter)

    # Round "1 day before": one more each, for everyone still waiting (the cap is 3).
    fake.random_429(0)
    deployment.env["PINGYI_CLOCK_START"] = ROUND_1_DAY
    await deployment.start()
    second = expected - {stopper, submitter}
    # The unfinished person's first reminder became their ballot when they pressed 继续评议.
    total = len(expected) + len(second) - 1
    await wait_until(lambda: delivered(fake) >= total, 60, "the second round")
    await asyncio.sleep(1)
    assert delivered(fake) == total
    for user in expected:
        count = (2 if user in second else 1) - (user == unfinished.id)
        assert len(reminders_of(fake, user)) == count, user
    states, _ = await outbox_counts(url)
    assert states["sent"] == len(expected) + len(second)
    # The log says how many were queued, never to whom.
    assert str(stopper) not in deployment.log and str(submitter) not in deployment.log
