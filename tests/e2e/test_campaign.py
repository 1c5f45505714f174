"""A whole campaign through the running bot: invitation, ballots, export."""

import asyncio

import pytest

from bot.demo import vote
from support.script import QUESTIONS, Script, assert_tallies


async def test_25_respondents_tallies_equal_the_script(any_deployment):
    deployment = any_deployment
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign("--expected", "30")
    await deployment.start()
    scripts = [Script.make(n) for n in range(25)]
    people = [fake.person(10_000 + n, f"用户{n}") for n in range(25)]
    receipts = await asyncio.gather(
        *(vote(p, token, s) for p, s in zip(people, scripts, strict=True))
    )
    assert all("回执码" in r for r in receipts)
    codes = {r.split("回执码：")[1].split()[0] for r in receipts}
    assert len(codes) == 25

    # Each ballot stayed one message, edited in place from welcome to thank-you; typing an
    # opinion is the only thing that brings a new one (the review, as the reply to it).
    for person, script in zip(people, scripts, strict=True):
        assert len(person.messages) == (2 if script.suggestion else 1)
    out = deployment.workdir / "export.xlsx"
    # Every figure, even of a member few could judge, so each can be compared to the script.
    deployment.env["PINGYI_MIN_RESPONDENTS"] = "0"
    _, output = await deployment.cli("export", str(campaign_id), "--out", str(out))
    assert "25" in output
    assert_tallies(out, scripts)


@pytest.mark.in_process
async def test_each_answer_costs_one_callback_answer_and_one_edit(deployment):
    fake = deployment.fake
    person, _, _ = await deployment.ballot_started(42, "--no-category")
    per_answer = []
    for q in range(QUESTIONS):
        before = len(fake.calls)
        await person.press("满意" if q % 2 else "基本满意")
        per_answer.append(fake.count(before))
    assert all(c == {"answerCallbackQuery": 1, "editMessageText": 1} for c in per_answer), (
        per_answer
    )
    total = sum(sum(c.values()) for c in per_answer)
    print(f"Bot API calls per answered question: {total / QUESTIONS:.2f} ({total}/{QUESTIONS})")
