"""A respondent whose Telegram speaks English reads the whole ballot in English, beside one
who reads it in Chinese."""

import json
import re

import pytest
from babel.messages.pofile import read_po

from bot.i18n import catalog_path
from exports.roster import fill_template
from support.deployments import ADMIN
from support.sample import MEMBERS, ORG
from support.script import ORGANIZATION_QUESTIONS, QUESTIONS
from tests.e2e.organizing import documents

# No kill or restart: the bot runs in the test's process (tests/e2e/conftest.py).
pytestmark = pytest.mark.in_process

CJK = re.compile(r"[\u4e00-\u9fff]+")


def allowed_chinese() -> set[str]:
    """Chinese the English reader may see: names from the roster, and the terms the English
    catalog keeps (with a gloss), like 群众评议 and 创先争优."""
    with catalog_path("en").open("rb") as po:
        kept = {run for m in read_po(po) if m.id for run in CJK.findall(m.string)}
    names = {run for member in MEMBERS for part in member if part for run in CJK.findall(part)}
    response = set(CJK.findall("已安排志愿者每周走访。"))  # the organizer's own words
    return kept | names | response | set(CJK.findall(ORG))


def strings(value) -> list[str]:
    """Every text in a Bot API parameter: plain, or inside a JSON reply_markup."""
    if isinstance(value, str) and value.startswith("{"):
        try:
            value = json.loads(value)
        except ValueError:
            return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings(item)]
    return [value] if isinstance(value, str) else []


def shown_to(fake, user_id: int) -> list[str]:
    texts = []
    for call in fake.calls:
        params = call.params
        mine = str(params.get("chat_id")) == str(user_id) or str(
            params.get("callback_query_id", "")
        ).startswith(f"{user_id}-")
        if mine and call.method != "getUpdates":
            texts += strings(
                {k: v for k, v in params.items() if k in ("text", "caption", "reply_markup")}
            )
    return texts


async def test_an_english_reader_gets_every_screen_in_english(deployment):
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign()
    await deployment.start()
    reader = fake.person(61, "Ann", language_code="en-GB")
    neighbour = fake.person(62)

    [welcome] = await reader.send(f"/start {token}")
    assert welcome["text"].startswith(f'Hello! Welcome to the Q4 2026 public evaluation of "{ORG}"')
    assert f"There are {QUESTIONS} questions" in welcome["text"]
    [chinese] = await neighbour.send(f"/start {token}")
    assert chinese["text"].startswith(f"您好！欢迎参加「{ORG}」2026年第四季度群众评议。")

    await reader.press("Start")
    await reader.press("Party member")
    assert reader.last["text"].startswith(f"Question 1/{QUESTIONS} · The organization")
    await reader.press("Satisfied")
    await reader.press("⬅ Previous question")
    assert "Your answer: Satisfied" in reader.last["text"]
    for _ in range(ORGANIZATION_QUESTIONS):
        await reader.press("Basically satisfied")
    assert "Evaluating: 王建国（党支部书记）" in reader.last["text"]
    await reader.press("I don't know this person")
    for _ in range(QUESTIONS - ORGANIZATION_QUESTIONS - 5):
        await reader.press("Satisfied")
    assert reader.last["text"].startswith("Opinion (optional)")
    [review] = await reader.send("More visits to the elderly, please.")
    assert review["text"].startswith("Please review your answers")
    await reader.press("✅ Submit, and send me the response", review)
    receipt = reader.last["text"]
    assert receipt.startswith("✅ Submitted. Thank you for taking part!")
    code = re.search(r"Opinion code: (\S+)", receipt).group(1)
    [followed] = await reader.send(f"/receipt {code}")
    assert "Status: Pending" in followed["text"] and "Response: none yet" in followed["text"]
    # The organizer (Chinese) answers the opinion; the reply reaches the reader in English,
    # the language they read their ballot in.
    admin = fake.person(ADMIN)
    await admin.send("/suggestions")
    await admin.press_containing(f"#{campaign_id}")
    await admin.press_containing(code)
    await admin.press_data(admin.button_containing("填写答复"))
    await admin.send("已安排志愿者每周走访。")
    await fake.wait_for(lambda: reader.last["text"].startswith("📬"), 15)
    assert reader.last["text"].startswith("📬 The opinion you gave in the Q4 2026 public")
    assert "Response: 已安排志愿者每周走访。" in reader.last["text"]
    assert "Status: Pending" in reader.last["text"]

    [stranger_link] = await reader.send("/start nonsense")
    assert (
        stranger_link["text"]
        == "This invitation link is not valid. Please check it with your organizer."
    )

    # The command menu is the English one for this reader, the Chinese one for the other.
    menu = {c["command"]: c["description"] for c in fake.full_menu_of(reader.id)}
    assert menu["stop"] == "Stop reminders" and menu["help"] == "How this works"
    assert {c["command"]: c["description"] for c in fake.full_menu_of(neighbour.id)}["stop"] == (
        "停止提醒"
    )

    # Nothing the bot sent this reader, text or button, holds an untranslated sentence.
    allowed = allowed_chinese()
    untranslated = {run for text in shown_to(fake, reader.id) for run in CJK.findall(text)}
    assert untranslated - allowed == set()
    assert any(CJK.search(t) for t in shown_to(fake, neighbour.id))


async def test_an_english_organizer_works_in_english(deployment):
    """Help, menus, the wizard, a refusal worded by the core, status, roster errors and the
    整改台账, all in English for an organizer whose Telegram speaks English."""
    fake = deployment.fake
    campaign_id, _token = await deployment.open_campaign()
    await deployment.start()
    admin = fake.person(ADMIN, "Ada", language_code="en")

    [help_] = await admin.send("/help")
    assert help_["text"].startswith("Organizer commands:\n/start_campaign open an evaluation")
    assert "Administrator commands:" in help_["text"]
    menu = {c["command"]: c["description"] for c in fake.full_menu_of(ADMIN)}
    assert menu["start_campaign"] == "Open an evaluation (step by step)"
    assert menu["audit"] == "Audit log" and menu["stop"] == "Stop reminders"

    [wrong] = await admin.send("/status soon")
    assert wrong["text"].startswith("An evaluation number is a number, for example /status 3.")
    [status] = await admin.send(f"/status {campaign_id}")
    assert status["text"].startswith(
        f"📊 Evaluation progress: {ORG} Q4 2026 (no. {campaign_id}, open, deadline 20"
    )
    assert "Results (a grade shows once a subject has at least 5 valid answers):" in status["text"]
    assert f"[Organization] {ORG}: too few answers" in status["text"]
    assert admin.buttons() == ["🔄 Refresh", "📥 Export", "🔒 Close"]

    # The wizard, up to the core's refusal: this quarter already has an open evaluation.
    await admin.send("/start_campaign")
    assert admin.last["text"] == "Open an evaluation 1/5: choose the organization"
    await admin.press(ORG)
    assert admin.buttons()[0] == "Six aspects + 五看 (five criteria)"
    await admin.press("Six aspects + 五看 (five criteria)")
    await admin.press("Q4 2026")
    assert admin.last["text"].startswith("Open an evaluation 4/5: choose the deadline")
    await admin.press_containing("In 7 days")
    await admin.press("Not now")
    assert (
        "Period: Q4 2026" in admin.last["text"]
        and "Expected to take part: not set" in (admin.last["text"])
    )
    refusal = await admin.press("✅ Open it")
    assert refusal["text"] == (
        f'"{ORG}" already has an open Q4 2026 evaluation (no. {campaign_id}). '
        "To open it again, close that one first."
    )

    [document] = await admin.send("/roster_template")
    template, _ = fake.files[document["document"]["file_id"]]
    broken = fill_template(template, ORG, [("钱亮", None), ("钱亮", None)])
    [errors] = await admin.send_document("roster.xlsx", broken)
    assert errors["text"] == (
        "The roster has errors; nothing was imported:\n\n"
        'Row 7: the Party member "钱亮" is already on row 6.'
    )

    await admin.send(f"/suggestions {campaign_id}")
    assert admin.last["text"].startswith(
        f"📋 {ORG} Q4 2026 整改台账 (opinions to act on): 0 in all (Pending 0, In progress 0"
    )
    assert admin.buttons() == ["✓ All", "Pending", "In progress", "Done", "No action needed"]

    # Nothing shown to the organizer holds Chinese the catalog does not keep on purpose.
    allowed = allowed_chinese() | set(CJK.findall("钱亮"))
    untranslated = {run for text in shown_to(fake, ADMIN) for run in CJK.findall(text)}
    assert untranslated - allowed == set()


async def test_what_an_english_organizer_is_sent_unasked_is_in_english(deployment):
    """The cycle's opening notice, poster and summaries, sent with no update to reply to, go
    out in the language the organizer last used the bot in."""
    fake = deployment.fake
    deployment.env["PINGYI_CLOCK_START"] = "2026-12-01T10:00:00+08:00"
    await deployment.open_campaign("--template", "four_aspects")
    await deployment.start()
    admin = fake.person(ADMIN, "Ada", language_code="en")
    await admin.send("/cycle on")
    await admin.press_containing(ORG)
    assert admin.last["text"].startswith(f"✅ {ORG}: 一季一评议 turned on (")
    await deployment.stop()

    # Down over the quarter boundary: the opening and the 31 December summaries are caught up.
    deployment.env["PINGYI_CLOCK_START"] = "2027-01-05T08:00:00+08:00"
    await deployment.start()
    await fake.wait_for(lambda: len(documents(admin)) == 3, 30)
    opened = "🗓 一季一评议 (quarterly evaluation): this quarter's evaluation has opened"
    [notice] = [m for m in admin.messages if m.get("text", "").startswith(opened)]
    assert f"{ORG} Q1 2027" in notice["text"]
    untranslated = {run for text in shown_to(fake, ADMIN) for run in CJK.findall(text)}
    assert untranslated - allowed_chinese() == set()
