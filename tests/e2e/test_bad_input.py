"""Bad input gets a clear answer and changes nothing."""

import asyncio
import sqlite3

import pytest
from openpyxl import load_workbook

from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from evaluation.ballot_state import Reason
from support.sample import ORG
from support.script import QUESTIONS

# Handler cases: the bot runs in the test's process (tests/e2e/conftest.py).
pytestmark = pytest.mark.in_process


def ballot_rows(deployment) -> dict[str, list[tuple]]:
    """Everything stored about ballots, to compare before and after a bad input."""
    database = deployment.workdir / "pingyi.db"
    with sqlite3.connect(database) as connection:
        return {
            "ballots": connection.execute(
                "SELECT id, category, step, submitted, suggestion FROM ballots ORDER BY id"
            ).fetchall(),
            "answers": connection.execute(
                "SELECT ballot_id, question, rating FROM answers ORDER BY 1, 2"
            ).fetchall(),
        }


def is_empty(rows: dict[str, list[tuple]]) -> bool:
    return not any(rows.values())


async def test_links_that_lead_nowhere(deployment):
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign()
    await deployment.start()
    person = fake.person(1)
    [reply] = await person.send("/start")
    assert reply["text"] == gettext(ballots_texts.NO_TOKEN)
    [reply] = await person.send("/start notARealToken123")
    assert reply["text"] == ballots_texts.refused(Reason.UNKNOWN_CAMPAIGN)
    [reply] = await person.send("/start " + "x" * 300)
    assert reply["text"] == ballots_texts.refused(Reason.UNKNOWN_CAMPAIGN)
    [reply] = await person.send("/help")
    assert "邀请链接" in reply["text"]
    assert is_empty(ballot_rows(deployment))

    await deployment.cli("campaign", "close", str(campaign_id))
    [reply] = await person.send(f"/start {token}")
    assert reply["text"] == ballots_texts.refused(Reason.CLOSED)
    assert is_empty(ballot_rows(deployment))


async def test_text_stale_forged_and_double_taps(deployment):
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign()
    await deployment.start()
    alice, mallory = fake.person(11), fake.person(66)
    [ballot] = await alice.send(f"/start {token}")
    await alice.press("开始评议")
    await alice.press("党员")
    await alice.press("满意")
    state = ballot_rows(deployment)

    # Text where a button is expected: say so and show the current question again.
    [again] = await alice.send("我觉得都挺好")
    hint = ballots_texts.refused(Reason.BUTTON_EXPECTED)
    assert again["text"].startswith(f"{hint}\n\n第 2/{QUESTIONS} 题")
    assert ballot_rows(deployment) == state

    # Answer on the new copy; the older copy's buttons are now stale.
    await alice.press("基本满意", again)
    state = ballot_rows(deployment)
    old_button = alice.button("不满意", ballot)
    answer = await alice.press_data(old_button, ballot)
    assert answer["text"] == ballots_texts.refused(Reason.STALE) and answer["show_alert"] == "true"
    assert ballot_rows(deployment) == state
    # ...and the old message now shows where Alice really is, so it is no dead end.
    assert ballot["text"].startswith(f"第 3/{QUESTIONS} 题")

    step = f"{campaign_id}:2"
    forged = {
        "garbage": Reason.INVALID,
        "b:1:2": Reason.INVALID,
        "b:x:y:ans:0": Reason.INVALID,
        f"b:{campaign_id}:2:ans:9": Reason.INVALID,  # no such option
        f"b:{campaign_id}:2:zz:0": Reason.INVALID,  # no such action
        f"b:{campaign_id}:2:unk:0": Reason.INVALID,  # not a member's first screen
        f"b:{campaign_id}:2:sub:0": Reason.INVALID,  # submit from a question
        f"b:{campaign_id + 5}:2:ans:0": Reason.UNKNOWN_CAMPAIGN,
        f"b:{campaign_id}:40:ans:0": Reason.STALE,  # another question
        f"b:{step}:ans:0:extra": Reason.INVALID,
    }
    for data, reason in forged.items():
        answer = await alice.press_data(data, again)
        assert answer["text"] == ballots_texts.refused(reason), data
    assert ballot_rows(deployment) == state

    # Another person replaying Alice's button touches nothing of hers.
    answer = await mallory.press_data(alice.button("不满意", again), again)
    assert answer["text"] == ballots_texts.refused(Reason.NOT_STARTED)
    assert ballot_rows(deployment) == state

    # Two fast taps on one button record one answer, in order.
    first = asyncio.create_task(alice.press("不满意", again))
    second = asyncio.create_task(alice.press("满意", again))
    answers = await asyncio.gather(first, second)
    assert "text" not in answers[0]
    assert answers[1]["text"] == ballots_texts.refused(Reason.STALE)
    answers = {question: rating for _, question, rating in ballot_rows(deployment)["answers"]}
    assert answers == {0: 0, 1: 1, 2: 2}  # 满意, 基本满意, then the first tap's 不满意

    # The campaign closes while Alice's message is on screen.
    await deployment.cli("campaign", "close", str(campaign_id))
    state = ballot_rows(deployment)
    answer = await alice.press("满意", again)
    assert answer["text"] == ballots_texts.refused(Reason.CLOSED)
    assert ballot_rows(deployment) == state


async def test_opinions_odd_text_and_second_ballots(deployment):
    bob, campaign_id, token = await deployment.ballot_started(21, "--no-category")
    for _ in range(QUESTIONS):
        await bob.press("满意")
    assert "意见建议" in bob.last["text"]
    state = ballot_rows(deployment)

    [reply] = await bob.send("长" * 1001)
    assert "1000" in reply["text"]
    [reply] = await bob.send("😀" * 4000)  # 8,000 UTF-16 units: still refused cleanly
    assert "1000" in reply["text"]
    assert ballot_rows(deployment) == state

    odd = "=CMD|' /C calc'!A0 \u202e反转\u200b零宽 👨‍👩‍👧 \x07铃"
    [review] = await bob.send(odd)
    assert "请核对" in review["text"]
    [(_, _, _, _, stored)] = ballot_rows(deployment)["ballots"]
    assert stored == "=CMD|' /C calc'!A0 \u202e反转\u200b零宽 👨‍👩‍👧 铃"

    submit = bob.button("✅ 提交，不需答复", review)
    await bob.press_data(submit, review)
    assert "回执码" in review["text"]  # the review message itself became the thank-you
    [reply] = await bob.send(f"/start {token}")
    assert reply["text"] == ballots_texts.refused(Reason.ALREADY_SUBMITTED)
    answer = await bob.press_data(submit, review)  # submitting twice
    assert answer["text"] == ballots_texts.refused(Reason.ALREADY_SUBMITTED)
    assert len(ballot_rows(deployment)["ballots"]) == 1

    # The opinion is a 整改 item now; in the workbook it is text, never a formula.
    with sqlite3.connect(deployment.workdir / "pingyi.db") as connection:
        [(code, text)] = connection.execute("SELECT code, text FROM suggestions").fetchall()
    assert text == stored and f"意见编号：{code}" in review["text"]
    out = deployment.workdir / "export.xlsx"
    await deployment.cli("export", str(campaign_id), "--out", str(out))
    cell = load_workbook(out)["意见建议"]["C4"]
    assert cell.value == stored and cell.data_type == "s"


async def test_flood_control_is_waited_out_not_lost(deployment):
    fake = deployment.fake
    person, _, _ = await deployment.ballot_started(31, "--no-category")
    fake.fail_next(count=1, code=429, retry_after=1, method="editMessageText")
    before = len(fake.calls)
    answer = await person.press("满意")
    assert "text" not in answer
    assert person.last["text"].startswith(f"第 2/{QUESTIONS} 题")
    statuses = [(c.method, c.status) for c in fake.calls[before:] if c.method != "getUpdates"]
    assert statuses == [
        ("editMessageText", 429),
        ("editMessageText", 200),
        ("answerCallbackQuery", 200),
    ]
    answers = ballot_rows(deployment)["answers"]
    assert [(q, r) for _, q, r in answers] == [(0, 0)]


async def test_a_ballot_begins_only_from_a_button_the_bot_gave_that_person(deployment):
    """Ids are sequential, so 开始评议's data alone must not open a questionnaire."""
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign()
    closed_id, _ = await deployment.start_campaign(ORG, "--period", "2026Q3")
    await deployment.cli("campaign", "close", str(closed_id))
    await deployment.start()
    alice, mallory = fake.person(11), fake.person(66)
    [invitation] = await alice.send(f"/start {token}")
    alices_begin = alice.button("开始评议", invitation)
    [held] = await mallory.send("/start")  # any message of hers to press on

    not_started = ballots_texts.refused(Reason.NOT_STARTED)
    for data in (
        f"b:{campaign_id}:0:go:0",
        f"b:{campaign_id}:0:go:123456789",
        alices_begin,  # replayed: it was drawn for Alice
        f"b:{closed_id}:0:go:0",  # closed, and unknown: the same answer, nothing learned
        f"b:{campaign_id + 99}:0:go:0",
        f"g:{campaign_id}:1:0",  # the branch picker's pages too
    ):
        answer = await mallory.press_data(data, held)
        assert answer["text"] == not_started, data
    assert (
        mallory.last["text"] == held["text"] == gettext(ballots_texts.NO_TOKEN)
    )  # nothing was shown
    assert ORG not in str(mallory.messages)
    assert is_empty(ballot_rows(deployment))

    # Opening the link is what admits her.
    [own] = await mallory.send(f"/start {token}")
    await mallory.press("开始评议", own)
    assert gettext(ballots_texts.CATEGORY_PROMPT) in mallory.last["text"]
    await alice.press_data(alices_begin, invitation)
    assert len(ballot_rows(deployment)["ballots"]) == 2
