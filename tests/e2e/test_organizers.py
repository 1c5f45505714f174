"""Organizers in the chat: the wizard, rosters, status, closing, export, the audit log."""

from __future__ import annotations

import asyncio
import copy
import io
import re
import struct

import pytest
from openpyxl import load_workbook

from bot import texts
from bot.demo import vote
from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from bot.texts import campaigns as campaigns_texts
from bot.texts import organizing as organizing_texts
from bot.texts import roster as roster_texts
from evaluation.ballot_state import Reason
from evaluation.questionnaire import Rating
from exports.roster import fill_template
from support.deployments import ADMIN
from support.sample import ORG
from support.script import ORGANIZATION_QUESTIONS, Script
from tests.e2e.organizing import A1, A2, build_tree, grant


def png_size(content: bytes) -> tuple[int, int]:
    assert content[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", content[16:24])


async def test_wizard_with_back_and_cancel_opens_a_campaign_with_link_and_qr(deployment):
    fake = deployment.fake
    await build_tree(deployment)
    await deployment.start()
    admin, organizer = fake.person(ADMIN), fake.person(501)
    await admin.send("/help")
    await grant(admin, organizer, "党委A")
    assert "start_campaign" in fake.menu_of(organizer.id)
    assert "start_campaign" not in fake.menu_of(777)  # everyone else: the respondent menu

    [step1] = await organizer.send("/start_campaign")
    offered = organizer.buttons(step1)
    assert [b.strip("　") for b in offered[:3]] == ["党委A", A1, A2] and len(offered) == 4
    await organizer.press_containing(A1)
    assert "2/5" in organizer.last["text"]
    await organizer.press(gettext(organizing_texts.PREVIOUS_STEP))
    assert "1/5" in organizer.last["text"]
    await organizer.press_containing(A1)
    await organizer.press(gettext(campaigns_texts.WIZARD_ADD_GOAL).format("服务发展"))
    assert (
        gettext(texts.CHOSEN) + gettext(campaigns_texts.WIZARD_ADD_GOAL).format("服务发展")
        in organizer.buttons()
    )
    stale = copy.deepcopy(organizer.last)  # the fake edits messages in place
    await organizer.press("六个方面 + 五看")
    answer = await organizer.press_data(organizer.button("四个方面 + 五看", stale), stale)
    assert "过期" in answer["text"]  # a button of an earlier step changes nothing
    assert "3/5" in organizer.last["text"]
    await organizer.press_data(
        organizer.last["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    )
    await organizer.press_containing("14 天后")
    # One reply, as for every refused text: why, above the step again, whose buttons work.
    [refusal] = await organizer.send("三十")
    assert "正整数" in refusal["text"] and "5/5" in refusal["text"]
    assert gettext(organizing_texts.CANCEL) in organizer.buttons(refusal)
    [confirm] = await organizer.send("30")
    assert "应参评人数：30" in confirm["text"] and "A1" in confirm["text"]
    assert "服务发展" in confirm["text"]
    await organizer.press(gettext(organizing_texts.CANCEL))
    assert organizer.last["text"] == gettext(campaigns_texts.WIZARD_CANCELLED)
    _, listing = await deployment.cli("campaign", "list")
    assert "还没有评议活动" in listing

    await organizer.send("/start_campaign")
    await organizer.press_containing(A1)
    await organizer.press(gettext(campaigns_texts.WIZARD_ADD_GOAL).format("服务发展"))
    await organizer.press("六个方面 + 五看")
    # A crash mid-wizard loses nothing: the answers so far are in the database.
    await deployment.kill()
    await deployment.start()
    await organizer.press_data(
        organizer.last["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    )
    await organizer.press_containing("7 天后")
    await organizer.press(gettext(campaigns_texts.NO_EXPECTED))
    # 计分 is typed on its own step; a bad scale gets the rule and the step again.
    await organizer.press(gettext(campaigns_texts.WIZARD_SCORES))
    assert "当前：满意 100 分、基本满意 60 分、不满意 0 分" in organizer.last["text"]
    [refusal] = await organizer.send("100,120,0")
    assert "满意 ≥ 基本满意 ≥ 不满意" in refusal["text"] and "规范评分" in refusal["text"]
    [confirm] = await organizer.send("100,80,0")
    assert "计分：满意 100 分、基本满意 80 分、不满意 0 分" in confirm["text"]
    before = len(organizer.messages)
    await organizer.press(gettext(campaigns_texts.CONFIRM_OPEN))
    await fake.wait_for(lambda: len(organizer.messages) >= before + 3)
    announcement, photo, poster = organizer.messages[-3:]
    link = re.search(r"https://t\.me/\S+\?start=(\S+)", announcement["text"])
    assert link and "photo" in photo
    content, _ = fake.files[photo["photo"][0]["file_id"]]
    assert png_size(content) == (820, 820)
    content, _ = fake.files[poster["document"]["file_id"]]
    assert png_size(content) == (1240, 1754)  # A4 at 150 dpi

    # The link works, and the ballot has the sector aspect: 6 + 1 + 9 × 5 questions.
    respondent = fake.person(601)
    [welcome] = await respondent.send(f"/start {link.group(1)}")
    assert "共 52 道评议题" in welcome["text"] and "组织评议 7 题" in welcome["text"]
    _, listing = await deployment.cli("campaign", "list")
    assert A1 in listing and "进行中" in listing


@pytest.mark.in_process
async def test_roster_template_upload_errors_and_listing(deployment):
    fake = deployment.fake
    await build_tree(deployment)
    await deployment.start()
    admin, organizer = fake.person(ADMIN), fake.person(502)
    await grant(admin, organizer, A2)

    [document] = await organizer.send("/roster_template")
    template, _ = fake.files[document["document"]["file_id"]]
    assert load_workbook(io.BytesIO(template)).active["A1"].value == "组织名称"

    roster = fill_template(template, A2, [("孙强", "党小组长"), ("钱亮", None)], parent="党委A")
    [summary] = await organizer.send_document("A2名册.xlsx", roster)
    assert "更新组织「支部A2」，党员 2 人" in summary["text"]
    assert "新增 1 人：钱亮" in summary["text"] and "更新 1 人：孙强" in summary["text"]

    broken = fill_template(template, A2, [("钱亮", None), ("钱亮", None)], parent="党委A")
    [errors] = await organizer.send_document("坏名册.xlsx", broken)
    assert "第7行" in errors["text"] and "重复" in errors["text"]
    [not_xlsx] = await organizer.send_document("名册.csv", b"a,b")
    assert not_xlsx["text"] == gettext(roster_texts.UPLOAD_NOT_XLSX)
    [garbage] = await organizer.send_document("名册.xlsx", b"not a workbook")
    assert "这不是 Excel 工作簿" in garbage["text"]
    sibling = fill_template(template, A1, [("冒名", None)], parent="党委A")
    [refused] = await organizer.send_document("A1名册.xlsx", sibling)
    assert refused["text"] == gettext(organizing_texts.NOT_ALLOWED)

    await organizer.send("/roster")
    assert [b.strip("　") for b in organizer.buttons()] == [A2]
    await organizer.press_data(organizer.button_containing(A2))
    await fake.wait_for(lambda: "党员名册" in organizer.last.get("text", ""))
    assert organizer.last["text"].splitlines()[1:] == ["1. 孙强（党小组长）", "2. 钱亮"]
    _, listing = await deployment.cli("audit")
    assert "导入名册" in listing and f"Telegram {organizer.id}" in listing
    assert "冒名" not in (await deployment.cli("audit"))[1]


def scripted(number: int, unknown_first_member: bool = False) -> Script:
    script = Script.make(number)
    script.answers = dict.fromkeys(script.answers, Rating.SATISFIED)
    script.unknown_members = set()
    script.suggestion = None
    if unknown_first_member:
        script.unknown_members = {0}
        for q in range(ORGANIZATION_QUESTIONS, ORGANIZATION_QUESTIONS + 5):
            script.answers[q] = Rating.UNKNOWN
    return script


@pytest.mark.in_process
async def test_status_hides_grades_below_five_then_close_sends_summary_and_workbook(
    deployment,
):
    fake = deployment.fake
    await build_tree(deployment)
    campaign_id, token = await deployment.start_campaign(A1, "--expected", "10")
    await deployment.start()
    admin, organizer = fake.person(ADMIN), fake.person(503)
    await grant(admin, organizer, A1)

    people = [fake.person(700 + n) for n in range(5)]
    scripts = [scripted(n, unknown_first_member=(n == 4)) for n in range(5)]
    await asyncio.gather(*(vote(p, token, s) for p, s in zip(people[:4], scripts, strict=False)))
    [status] = await organizer.send("/status")  # the only open campaign
    text = status["text"]
    assert "已提交 4 人（网上问卷 4 份，纸质问卷 0 份），应参评 10 人，参评率 40.0%" in text
    assert text.count(gettext(campaigns_texts.BELOW_THRESHOLD)) == 10 and "满意率" not in text
    assert "满意+基本满意" not in text
    await asyncio.sleep(0.5)
    assert "photo" not in organizer.last  # nothing to chart yet

    await vote(people[4], token, scripts[4])
    status, chart = await organizer.send(f"/status {campaign_id}", replies=2)
    assert "photo" in chart  # some subjects have figures now: the chart follows the text
    lines = status["text"].splitlines()
    assert (
        "已提交 5 人（网上问卷 5 份，纸质问卷 0 份），应参评 10 人，参评率 50.0%" in status["text"]
    )
    assert any(line.startswith("· 王建国（党支部书记）：样本不足") for line in lines)  # 4 valid
    assert any(line.startswith("· 李秀英（党员领导干部）：满意") for line in lines)
    assert any(line.startswith(f"· 【组织】{A1}：满意") for line in lines)
    categories = {s.category for s in scripts}
    assert all(f"{c} " in status["text"] for c in categories)

    [question] = await organizer.send(f"/close_campaign {campaign_id}")
    assert "确认关闭" in question["text"]
    await organizer.press(gettext(campaigns_texts.CLOSE_NO))
    assert organizer.last["text"] == gettext(campaigns_texts.CLOSE_KEPT)
    [question] = await organizer.send("/close_campaign")
    await organizer.press_containing(f"#{campaign_id}")
    before = len(organizer.messages)
    await organizer.press(gettext(campaigns_texts.CLOSE_YES))
    await fake.wait_for(lambda: any("document" in m for m in organizer.messages[before:]), 20)
    sent = organizer.messages[before - 1 :]
    assert any("评议汇总" in m.get("text", "") and "已关闭" in m.get("text", "") for m in sent)
    workbook_message = next(m for m in sent if "document" in m)
    content, _ = fake.files[workbook_message["document"]["file_id"]]
    header = {
        row[0]: row[1]
        for row in load_workbook(io.BytesIO(content))["说明"].iter_rows(values_only=True)
        if row and row[0]
    }
    assert header["实际参评人数"] == 5 and header["应参评人数"] == 10

    # Closed: the ballot refuses, and /export still sends the workbook.
    late = fake.person(799)
    [refusal] = await late.send(f"/start {token}")
    assert refusal["text"] == ballots_texts.refused(Reason.CLOSED)
    [working, document] = await organizer.send(f"/export {campaign_id}", replies=2)
    assert "正在生成" in working["text"] and document["document"]["file_name"].endswith(".xlsx")
    _, listing = await deployment.cli("audit")
    assert "关闭评议" in listing and listing.count("导出工作簿") == 2


@pytest.mark.in_process
async def test_grant_links_are_one_time_revoke_withdraws_rights_and_audit_shows_it(deployment):
    fake = deployment.fake
    await build_tree(deployment)
    await deployment.start()
    admin, first, second = fake.person(ADMIN), fake.person(511), fake.person(512)
    assert "grant" not in fake.menu_of(admin.id)  # never opened the bot when it started
    [help_text] = await admin.send("/help")
    assert "/grant" in help_text["text"] and "/audit" in help_text["text"]
    assert "grant" in fake.menu_of(admin.id)
    [plain_help] = await first.send("/help")
    assert (
        plain_help["text"] == ballots_texts.help_text()
    )  # not an organizer yet: the respondent's help

    await admin.send("/grant")
    await admin.press_containing(A2)
    token = re.search(r"start=(grant_[\w-]+)", admin.last["text"]).group(1)
    [welcome] = await first.send(f"/start {token}")
    assert welcome["text"] == gettext(organizing_texts.GRANT_ACCEPTED).format(A2)
    [reused] = await second.send(f"/start {token}")
    assert "已被使用" in reused["text"]
    [forged] = await second.send("/start grant_AAAAAAAAAAAAAAAAAAAAAA")
    assert "无效" in forged["text"]
    [organizer_help] = await first.send("/help")
    assert "/start_campaign" in organizer_help["text"] and "/grant" not in organizer_help["text"]
    assert "/status" in organizer_help["text"]

    # The command line is the same core: a link from `pingyi organizer grant` works too.
    _, output = await deployment.cli("organizer", "grant", "--org", "党委B")
    cli_token = re.search(r"start=(grant_[\w-]+)", output).group(1)
    [welcome] = await second.send(f"/start {cli_token}")
    assert welcome["text"] == gettext(organizing_texts.GRANT_ACCEPTED).format("党委B")
    _, listing = await deployment.cli("organizer", "list", "--org", "党委B")
    assert str(second.id) in listing

    await admin.send("/revoke")
    await admin.press_containing(A2)
    await admin.press_containing(str(first.id))
    assert admin.last["text"] == gettext(organizing_texts.REVOKED).format(first.id, A2)
    assert "start_campaign" not in fake.menu_of(first.id)
    [refused] = await first.send("/campaigns")
    assert refused["text"] == gettext(organizing_texts.NOT_ALLOWED)

    code, output = await deployment.cli(
        "organizer", "revoke", "--org", "党委B", "--user", str(second.id)
    )
    assert code == 0
    code, output = await deployment.cli(
        "organizer", "revoke", "--org", "党委B", "--user", str(second.id), check=False
    )
    assert code == 1 and "不是" in output
    [refused] = await second.send("/campaigns")
    assert refused["text"] == gettext(organizing_texts.NOT_ALLOWED)

    [log] = await admin.send("/audit")
    for action in ("生成授权链接", "成为组织者", "撤销组织者", "导入名册"):
        assert action in log["text"], action
    assert f"Telegram {first.id}" in log["text"] and "命令行" in log["text"]
    _, cli_log = await deployment.cli("audit")
    assert cli_log.count("撤销组织者") == 2 and cli_log.count("成为组织者") == 2


@pytest.mark.in_process
async def test_a_practice_campaign_runs_the_whole_flow_and_is_wiped(deployment):
    fake = deployment.fake
    await build_tree(deployment)
    await deployment.start()
    admin, organizer = fake.person(ADMIN), fake.person(521)
    await grant(admin, organizer, A1)
    await organizer.send("/test_campaign")
    before = len(organizer.messages)
    await organizer.press_containing(A1)
    await fake.wait_for(lambda: len(organizer.messages) >= before + 3)
    announcement = organizer.messages[-3]
    assert "测试评议" in announcement["text"] and "/wipe_test" in announcement["text"]
    token = re.search(r"start=(\S+)", announcement["text"]).group(1)
    await vote(fake.person(722), token, scripted(1))

    # A real campaign for this quarter is not blocked by the practice one.
    real_id, _ = await deployment.start_campaign(A1)
    [listing] = await organizer.send("/campaigns")
    labels = organizer.buttons(listing)
    assert any("测试评议" in label for label in labels) and any(f"#{real_id}" in b for b in labels)

    [question] = await organizer.send("/wipe_test")
    assert question["text"] == gettext(campaigns_texts.WIPE_CONFIRM).format(1)
    await organizer.press(gettext(campaigns_texts.WIPE_YES))
    assert organizer.last["text"] == gettext(campaigns_texts.WIPED).format(1)
    [gone] = await fake.person(723).send(f"/start {token}")
    assert gone["text"] == ballots_texts.refused(Reason.UNKNOWN_CAMPAIGN)
    [nothing] = await organizer.send("/wipe_test")
    assert nothing["text"] == gettext(campaigns_texts.NO_PRACTICE)
    _, listing = await deployment.cli("campaign", "list")
    assert "测试" not in listing and str(real_id) in listing
    _, log = await deployment.cli("audit")
    assert "删除测试评议" in log


@pytest.mark.in_process
async def test_the_invitation_link_again_from_the_campaign_list(deployment):
    fake = deployment.fake
    campaign_id, token = await deployment.open_campaign()
    closed_id, _ = await deployment.start_campaign(ORG, "--period", "2026Q3")
    await deployment.cli("campaign", "close", str(closed_id))
    await deployment.start()
    admin = fake.person(ADMIN)
    [listing] = await admin.send("/campaigns")
    rows = listing["reply_markup"]["inline_keyboard"]
    open_row = next(r for r in rows if f"#{campaign_id} " in r[0]["text"])
    closed_row = next(r for r in rows if f"#{closed_id} " in r[0]["text"])
    assert [b["text"] for b in open_row[1:]] == [gettext(organizing_texts.INVITATION_LINK_BUTTON)]
    assert len(closed_row) == 1  # a closed campaign's link no longer works: no button

    before = len(admin.messages)
    await admin.press_data(open_row[1]["callback_data"], listing)
    await fake.wait_for(lambda: len(admin.messages) >= before + 3)
    link, qr, poster = admin.messages[before : before + 3]
    assert f"start={token}" in link["text"]
    assert "photo" in qr and poster["document"]["file_name"] == f"campaign-{campaign_id}-poster.png"

    # A forged press on the closed campaign: refused, nothing sent.
    answer = await admin.press_data(f"o:ln:{closed_id}:0", listing)
    assert "已关闭" in answer["text"] and len(admin.messages) == before + 3
