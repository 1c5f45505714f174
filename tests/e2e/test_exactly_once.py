"""Sends a person started, across a SIGKILL: each goes out once, or at most the requests that
were in flight at the kill go out twice, as the log says after the restart."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime

from bot.i18n import gettext
from bot.texts import feedback as feedback_texts
from bot.texts import members as members_texts
from evaluation import members, review
from evaluation.callers import OPERATOR
from storage import organizations as organization_repo
from storage.db import make_engine, make_sessionmaker
from support.deployments import ADMIN
from support.sample import MEMBERS, ORG

BOUND = [name for name, _ in MEMBERS[:8]]
ACCOUNT = {name: 7400 + n for n, name in enumerate(BOUND)}


async def test_feedback_killed_just_after_confirming_repeats_only_what_was_in_flight(
    any_deployment,
):
    deployment = any_deployment
    fake = deployment.fake
    campaign_id, _ = await deployment.open_campaign()
    await deployment.start()
    admin = fake.person(ADMIN)
    people = {name: fake.person(ACCOUNT[name], name) for name in BOUND}
    # Links issued and grades decided as the chat and the command line would, on the core.
    now = datetime.now(UTC)
    engine = make_engine(deployment.database_url)
    try:
        async with make_sessionmaker(engine)() as session:
            organization = await organization_repo.organization_by_name(session, ORG)
            ids = {
                m.name: m.id for m in await organization_repo.members_of(session, organization.id)
            }
            links = {n: await members.issue_link(session, OPERATOR, ids[n], now) for n in BOUND}
            for member_id in ids.values():
                await review.decide(session, OPERATOR, campaign_id, member_id, "合格", "日常", now)
            await review.finish(session, OPERATOR, campaign_id, now, close=True)
    finally:
        await engine.dispose()
    for name, person in people.items():
        [reply] = await person.send(f"/start {links[name].token}")
        assert reply["text"] == members_texts.member_claimed(name, ORG)

    await admin.send(f"/feedback {campaign_id}")
    await admin.press(gettext(feedback_texts.FEEDBACK_YES))
    await asyncio.sleep(0.4)
    await deployment.kill()
    await deployment.start()

    def told(person) -> list[dict]:
        return [m for m in person.messages if "民主评议结果反馈" in m.get("text", "")]

    def pictures(person) -> list[dict]:
        return [m for m in person.messages if "photo" in m or "document" in m]

    everyone = list(people.values())
    await fake.wait_for(lambda: all(told(p) and pictures(p) for p in everyone), 90)
    await asyncio.sleep(3)  # what would come twice has come by now
    in_flight = re.findall(r"outbox: (\d+) messages were in flight", deployment.log)
    repeated = sum(len(told(p)) - 1 + len(pictures(p)) - 1 for p in everyone)
    rows = 2 * len(BOUND)  # each member's message and picture, the organizers' besides
    in_flight_count = int(in_flight[0]) if in_flight else 0
    assert repeated <= in_flight_count < rows, (repeated, in_flight, deployment.log[-2000:])


async def test_an_export_cut_short_by_a_kill_is_reported_after_the_restart(deployment):
    """/export is being sent when the bot is killed: after the restart the organizer is told
    it did not go out, and its button brings the workbook."""
    fake = deployment.fake
    deployment.env["PINGYI_EXPORT_PATIENCE"] = "3"
    campaign_id, _ = await deployment.open_campaign()
    await deployment.start()
    admin = fake.person(ADMIN)
    fake.hold_sends(methods={"sendDocument"})
    asked = asyncio.create_task(admin.send(f"/export {campaign_id}", replies=2))
    await fake.wait_for(lambda: fake.held_calls == 1, 60)  # made, its upload in flight
    await deployment.kill()
    fake.release_sends()
    asked.cancel()
    assert not [m for m in admin.messages if "document" in m]

    await deployment.start()
    await fake.wait_for(lambda: "没有发出" in admin.last.get("text", ""), 60)
    assert "评议工作簿" in admin.last["text"]
    await admin.press("📥 重新导出")
    await fake.wait_for(lambda: "document" in admin.last, 60)
    assert admin.last["document"]["file_name"].endswith(".xlsx")
    await asyncio.sleep(4)  # the notice's patience again: nothing more comes for this one
    assert sum("没有发出" in m.get("text", "") for m in admin.messages) == 1
