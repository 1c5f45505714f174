"""Nothing is lost when the bot process dies: progress lives in the database."""

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

from bot.texts import ballots as ballots_texts
from evaluation.ballot_state import Reason
from evaluation.questionnaire import RATING_LABELS
from evaluation.submission import RECEIPT_GRACE
from support.sample import ORG
from support.script import QUESTIONS, Script, assert_tallies


async def test_killed_between_answers_resumes_and_tallies_stay_exact(any_deployment):
    deployment = any_deployment  # on both databases: their press paths differ
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


async def test_killed_before_the_thank_you_the_receipt_still_arrives_once(deployment):
    """The submit commits, the bot dies before the thank-you is on screen: the outbox sends
    it after the restart, with the ballot's 回执码 and the opinion's 意见编号, once."""
    fake = deployment.fake
    person, _, _ = await deployment.ballot_started(778, "--no-category")
    for _ in range(QUESTIONS):
        await person.press("满意")
    [review] = await person.send("食堂的饭菜可以再改进")
    fake.hold_sends(methods={"editMessageText", "sendMessage"})
    submit = person.button("✅ 提交，愿意接收答复", review)
    pending = asyncio.create_task(person.press_data(submit))
    await fake.wait_for(lambda: fake.held_calls == 1)  # committed, the thank-you on its way
    await deployment.kill()
    fake.release_sends()
    pending.cancel()
    assert "回执码" not in str(person.messages)

    # Restarted with its clock past the thank-you's 20 s grace: the outbox copy is due now.
    later = datetime.now(UTC) + RECEIPT_GRACE + timedelta(seconds=5)
    deployment.env["PINGYI_CLOCK_START"] = later.isoformat()
    await deployment.start()
    await fake.wait_for(lambda: "回执码" in person.last.get("text", ""), timeout=60)
    thanks = person.last["text"]
    database = deployment.workdir / "pingyi.db"
    with sqlite3.connect(database) as connection:
        [(receipt,)] = connection.execute("SELECT receipt FROM ballots").fetchall()
        [(code,)] = connection.execute("SELECT code FROM suggestions").fetchall()
    assert f"回执码：{receipt}" in thanks and f"意见编号：{code}" in thanks and ORG in thanks

    # The thank-you came in place of the review screen. Its old 提交 (sent again, as a slow
    # client might) says it was submitted; no second thank-you ever comes.
    assert person.last["message_id"] == review["message_id"]
    answer = await person.press_data(submit, review)
    assert answer["text"] == ballots_texts.refused(Reason.ALREADY_SUBMITTED)
    await asyncio.sleep(2)
    assert str(person.messages).count("回执码：") == 1
    with sqlite3.connect(database) as connection:  # sent, and no longer kept
        assert connection.execute("SELECT count(*) FROM outbox").fetchone() == (0,)


async def test_a_thank_you_shown_on_screen_leaves_nothing_in_the_outbox(deployment):
    person, _, _ = await deployment.ballot_started(779, "--no-category")
    for _ in range(QUESTIONS):
        await person.press("满意")
    await person.press("跳过")
    await person.press("✅ 提交")
    assert "回执码" in person.last["text"]
    with sqlite3.connect(deployment.workdir / "pingyi.db") as connection:
        assert connection.execute("SELECT count(*) FROM outbox").fetchone() == (0,)
    assert str(person.messages).count("回执码：") == 1


async def test_killed_after_the_thank_you_reached_the_screen_it_is_not_sent_again(deployment):
    """The thank-you's edit reached Telegram, the bot died before it knew (its outbox copy was
    not yet deleted): after the restart the outbox redraws that same screen instead of
    sending another message, so the person has the codes once."""
    fake = deployment.fake
    person, _, _ = await deployment.ballot_started(780, "--no-category")
    for _ in range(QUESTIONS):
        await person.press("满意")
    await person.press("跳过")
    fake.hold_sends(methods={"editMessageText"}, delivered=True)
    pending = asyncio.create_task(person.press_data(person.button("✅ 提交")))
    await fake.wait_for(lambda: fake.held_calls == 1)  # on screen, not yet answered
    await deployment.kill()
    fake.release_sends()
    pending.cancel()
    assert str(person.messages).count("回执码：") == 1

    # Restarted with its clock past the thank-you's 20 s grace: the outbox copy is due now.
    later = datetime.now(UTC) + RECEIPT_GRACE + timedelta(seconds=5)
    deployment.env["PINGYI_CLOCK_START"] = later.isoformat()
    await deployment.start()
    database = deployment.workdir / "pingyi.db"

    def outbox_empty() -> bool:
        with sqlite3.connect(database) as connection:
            return connection.execute("SELECT count(*) FROM outbox").fetchone() == (0,)

    deadline = asyncio.get_running_loop().time() + 60
    while not outbox_empty() and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.5)
    assert outbox_empty()  # its copy was delivered (by redrawing) and is gone
    assert str(person.messages).count("回执码：") == 1
    redraws = [c for c in fake.calls if c.method == "editMessageText" and "回执码" in str(c.params)]
    assert len(redraws) == 2 and not [
        c for c in fake.calls if c.method == "sendMessage" and "回执码" in str(c.params)
    ]
