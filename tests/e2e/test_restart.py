"""Nothing is lost when the bot process dies: progress lives in the database."""

import asyncio

from evaluation.questionnaire import RATING_LABELS
from tests.e2e.script import QUESTIONS, Script, assert_tallies


async def test_killed_between_answers_resumes_and_tallies_stay_exact(deployment):
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign()
    await deployment.start()
    script = Script.make(5)  # answered one question at a time, 不了解 included
    person = fake.person(777, "重启用户")

    await person.send(f"/start {token}")
    await person.press("开始评议")
    await person.press(script.category)
    for q in range(20):
        await person.press(RATING_LABELS[script.answers[q]])

    await deployment.kill()
    # A tap while the bot is down waits in Telegram's queue and is handled after the restart.
    question_21 = person.last
    assert question_21["text"].startswith(f"第 21/{QUESTIONS} 题")
    tap = person.button(RATING_LABELS[script.answers[20]], question_21)
    # Answered once the bot is back: a restart takes seconds on a busy machine.
    pending = asyncio.create_task(person.press_data(tap, question_21, timeout=90))
    await fake.wait_for(lambda: "callback_query" in (fake.pending_updates or [{}])[-1])
    await deployment.start()
    answer = await pending
    assert "text" not in answer  # accepted silently, not refused
    assert person.last["text"].startswith(f"第 22/{QUESTIONS} 题")

    await deployment.kill()
    await deployment.start()
    # Coming back through the invitation link resumes at the first unanswered question.
    [welcome] = await person.send(f"/start {token}")
    assert "继续评议" in person.buttons(welcome)
    await person.press("继续评议", welcome)
    assert person.last["text"].startswith(f"第 22/{QUESTIONS} 题")
    for q in range(21, QUESTIONS):
        await person.press(RATING_LABELS[script.answers[q]])
    await person.press("跳过")
    await person.press("✅ 提交")
    assert "回执码" in person.last["text"]

    # The pseudonym key was generated on the first start only, and said so once.
    assert deployment.log.count("generated a pseudonym key") == 1
    assert (deployment.workdir / "pingyi.secret").stat().st_mode & 0o777 == 0o600

    out = deployment.workdir / "export.xlsx"
    deployment.env["PINGYI_MIN_RESPONDENTS"] = "0"  # one ballot: show every figure to compare
    await deployment.cli("export", str(campaign_id), "--out", str(out))
    script.suggestion = None
    assert_tallies(out, [script])
