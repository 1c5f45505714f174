"""A respondent whose Telegram speaks English reads the whole ballot in English, beside one
who reads it in Chinese."""

import json
import re

from babel.messages.pofile import read_po

from bot.i18n import catalog_path
from tests.conftest import MEMBERS, ORG
from tests.e2e.conftest import ADMIN
from tests.e2e.script import ORGANIZATION_QUESTIONS, QUESTIONS

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
            texts += strings({k: v for k, v in params.items() if k in ("text", "reply_markup")})
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
