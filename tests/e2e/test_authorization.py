"""Every organizer command and button, tried by people who must not get through.

Actors: a stranger, a respondent who voted, organizers of a sibling branch (支部A2) and of
another committee (党委B) — against a campaign of 支部A1. The owner (支部A1), the parent
(党委A) and a super-organizer run the same probes to prove each probe can succeed. The
matrix is printed.
"""

from __future__ import annotations

import asyncio
import io
import sqlite3

import pytest

from bot.callbacks.organizing import LEGACY_PAGES, Act
from bot.callbacks.rectification import LedgerAct
from bot.demo import vote
from bot.handlers.organizing.pickers import CAMPAIGN_PICKERS, ORGANIZATION_PICKERS
from bot.i18n import gettext
from bot.texts import organizing as organizing_texts
from exports.roster import fill_template, write_template
from support.deployments import ADMIN
from support.script import Script
from tests.e2e.organizing import A1, build_tree, filled, grant, organization_id

# Handler cases: the bot runs in the test's process (tests/e2e/conftest.py).
pytestmark = pytest.mark.in_process

REFUSED, SERVED = "拒绝", "允许"
SUPER_ACTS = {Act.GRANT, Act.REVOKE, Act.REVOKE_ORGANIZER, Act.AUDIT_PAGE}
SUPER_PICKERS = {Act.GRANT, Act.REVOKE}
# A picker's page, as PageButton turns it and as the buttons drawn before it still do.
LEGACY_PAGE_CODES = {act: code for code, act in LEGACY_PAGES.items()}
SUPER_PAGES = {f"l:{act}" for act in SUPER_PICKERS}
SUPER_PAGES |= {f"o:{LEGACY_PAGE_CODES[act]}" for act in SUPER_PICKERS}
SUPER_ONLY = {"/grant", "/revoke", "/audit", *(f"o:{act}" for act in SUPER_ACTS), *SUPER_PAGES}
# Commands that work for any organizer, showing only what they manage.
OWN_SCOPE = {
    "/start_campaign",
    "/campaigns",
    "/roster",
    "/members",
    "/commitments",
    "/roster_template",
    "/test_campaign",
    "/wipe_test",
    "/paper",
    "/cycle",
    "/summary",
    "/signature",
}
# Buttons every organizer may press, showing only what they manage: the pickers' pages and
# wiping their own practice campaigns. Every other button names a campaign or organization.
PICKERS = CAMPAIGN_PICKERS | ORGANIZATION_PICKERS
OWN_SCOPE_ACTS = {Act.WIPE, Act.WIPE_KEPT}
OWN_SCOPE_BUTTONS = {f"o:{act}" for act in OWN_SCOPE_ACTS}
OWN_SCOPE_BUTTONS |= {f"l:{act}" for act in PICKERS} | {f"o:{code}" for code in LEGACY_PAGES}
OWN_SCOPE_BUTTONS -= SUPER_PAGES
# Buttons whose value is an organization (the rest name a campaign, or nothing).
ORGANIZATION_ACTS = {Act.ROSTER, Act.PRACTICE, Act.GRANT, Act.REVOKE}
ORGANIZATION_ACTS |= {Act.CYCLE_ON, Act.CYCLE_OFF, Act.HALF_SUMMARY, Act.YEAR_SUMMARY}
ORGANIZATION_ACTS |= {Act.MEMBERS, Act.COMMITMENTS, Act.COMMITMENT_SUBJECT, Act.COMMITMENT_EDIT}
# These answer with new messages rather than an alert.
ANSWERED_BY_MESSAGES = {Act.STATUS, Act.INVITATION_LINK, Act.EXPORT, Act.PUBLIC, Act.PAPER}
ANSWERED_BY_MESSAGES |= {Act.PRACTICE, Act.HALF_SUMMARY, Act.YEAR_SUMMARY, Act.MEMBER_LINK}
ANSWERED_BY_MESSAGES |= {Act.MEMBER_REISSUE, Act.MEMBER_RENEW, Act.FEEDBACK_PDF}
# Changes something: only tried by those who must be refused.
DESTRUCTIVE = {"o:cy", "上传A1名册", "上传A1纸质汇总"}
# Runs LibreOffice for every insider (seconds each): only tried by those who must be refused;
# tests/db/test_export_chat.py presses it as the organizer.
EXPENSIVE = {f"o:{Act.EXPORT_PDF}", f"o:{Act.PUBLIC_PDF}"}
SUPER = "管理员(超级组织者)"


# Buttons whose value is one of 支部A1's members.
MEMBER_ACTS = {Act.MEMBER_LINK, Act.MEMBER_REISSUE, Act.MEMBER_KEPT, Act.MEMBER_RENEW}


def organizer_probe(
    act: Act, campaign_id: int, a1: int, owner: int, member: int, commitment: int
) -> str:
    """Every action the enum has, so a new one is probed without anyone adding it here."""
    if act == Act.REVOKE_ORGANIZER:
        return f"o:{act}:{a1}:{owner}"
    if act in (Act.MEMBER_LIST_PAGE, Act.COMMITMENT_SUBJECTS_PAGE):
        return f"o:{act}:0:{a1}"
    if act == Act.COMMITMENT_STATE:
        return f"o:{act}:{commitment}:3"  # to 已完成
    if act in MEMBER_ACTS:
        return f"o:{act}:{member}:0"
    if act in ORGANIZATION_ACTS:
        return f"o:{act}:{a1}:0"
    if act in OWN_SCOPE_ACTS or act in SUPER_ACTS:
        return f"o:{act}:0:0"
    return f"o:{act}:{campaign_id}:0"


def ledger_probe(act: LedgerAct, campaign_id: int, code: str) -> str:
    if act in (LedgerAct.ITEM, LedgerAct.SET_STATUS, LedgerAct.ASK_FIELD):
        return f"k:{act}:0:{int(act == LedgerAct.SET_STATUS)}:0:{code}"
    return f"k:{act}:{campaign_id}:0:0:"


def probes(
    campaign_id: int, a1: int, owner: int, code: str, member: int, commitment: int
) -> list[tuple[str, str]]:
    commands = [
        "/start_campaign",
        "/campaigns",
        f"/status {campaign_id}",
        f"/close_campaign {campaign_id}",
        f"/export {campaign_id}",
        "/roster",
        "/members",
        "/commitments",
        "/roster_template",
        "/test_campaign",
        "/wipe_test",
        "/paper",
        "/grant",
        "/revoke",
        "/audit",
        "/cycle on",
        "/summary year",
        f"/suggestions {campaign_id}",
        f"/record {campaign_id}",
        f"/public {campaign_id}",
        "/signature",
    ]
    buttons = [organizer_probe(act, campaign_id, a1, owner, member, commitment) for act in Act]
    buttons += [ledger_probe(act, campaign_id, code) for act in LedgerAct]
    buttons += [f"l:{act}:0" for act in sorted(PICKERS)]  # every picker's page button
    buttons += [f"o:{code}:0:0" for code in sorted(LEGACY_PAGES)]  # and its earlier twin
    buttons.append(f"w:0:org:{a1}")
    return [("command", c) for c in commands] + [("button", b) for b in buttons]


def key(probe: str) -> str:
    return probe.split()[0] if probe.startswith("/") else ":".join(probe.split(":")[:2])


async def test_authorization_matrix(deployment):
    fake = deployment.fake
    await build_tree(deployment)
    campaign_id, token = await deployment.start_campaign(A1, "--expected", "10")
    await deployment.start()
    admin = fake.person(ADMIN)
    a1 = await organization_id(admin, A1)
    _, promised = await deployment.cli("commitments", "set", "--org", A1, "年内办实事 3 件")
    commitment = int(promised.splitlines()[1].split()[0])
    with sqlite3.connect(deployment.workdir / "pingyi.db") as connection:
        [(member,)] = connection.execute(
            "SELECT id FROM members WHERE organization_id = ? ORDER BY position LIMIT 1", (a1,)
        ).fetchall()
    people = {
        "陌生人": fake.person(801),
        "参评群众": fake.person(802),
        "同级组织者(支部A2)": fake.person(803),
        "其他党委组织者(党委B)": fake.person(804),
        "本支部组织者(支部A1)": fake.person(805),
        "上级组织者(党委A)": fake.person(806),
        SUPER: admin,
    }
    for name, organization in (
        ("同级组织者(支部A2)", "支部A2"),
        ("其他党委组织者(党委B)", "党委B"),
        ("本支部组织者(支部A1)", A1),
        ("上级组织者(党委A)", "党委A"),
    ):
        await grant(admin, people[name], organization)
    ballot = Script.make(1)
    ballot.suggestion = "希望延长办公时间。"
    receipt = await vote(people["参评群众"], token, ballot)
    code = receipt.split("意见编号：")[1].split()[0]
    owner = people["本支部组织者(支部A1)"].id
    template = io.BytesIO()
    write_template(template)
    a1_roster = fill_template(template.getvalue(), A1, [("冒名顶替", None)], parent="党委A")
    paper_sheet = deployment.workdir / "paper.xlsx"
    await deployment.cli("paper", "template", str(campaign_id), "--out", str(paper_sheet))
    a1_paper = filled(paper_sheet.read_bytes(), "冒名场次", 1, (1, 0, 0, 0))

    outsiders = ["陌生人", "参评群众", "同级组织者(支部A2)", "其他党委组织者(党委B)"]
    insiders = ["本支部组织者(支部A1)", "上级组织者(党委A)", SUPER]
    matrix: dict[str, dict[str, str]] = {}

    async def probe_as(actor: str) -> None:
        person = people[actor]
        is_organizer = actor not in ("陌生人", "参评群众")
        if is_organizer:
            await person.send("/start_campaign")  # a wizard of their own, for the forged press
        before = len(person.messages)
        commands_sent = 0
        uploads = [("upload", "上传A1名册"), ("upload", "上传A1纸质汇总")]
        listed = probes(campaign_id, a1, owner, code, member, commitment)
        for kind, probe in [*listed, *uploads]:
            if actor in insiders and key(probe) in DESTRUCTIVE | EXPENSIVE:
                continue
            if actor == SUPER and key(probe) == "o:ru":  # would revoke the owner
                continue
            if kind == "command":
                two = probe.startswith(("/export", "/public"))
                replies = 2 if two and actor in insiders else 1
                reply = (await person.send(probe, replies=replies))[0]
                outcome = (
                    REFUSED
                    if reply.get("text") == gettext(organizing_texts.NOT_ALLOWED)
                    else SERVED
                )
                commands_sent += replies
            elif kind == "upload":
                content = a1_roster if probe == "上传A1名册" else a1_paper
                [reply] = await person.send_document("A1.xlsx", content)
                outcome = (
                    REFUSED
                    if reply.get("text") == gettext(organizing_texts.NOT_ALLOWED)
                    else SERVED
                )
                commands_sent += 1
            else:
                shown = len(person.messages)
                answer = await person.press_data(probe, person.messages[-1])
                # Someone who is no organizer is told the button is an organizer's; an organizer
                # without the right, the same neutral line as for a command.
                refusal = (
                    gettext(organizing_texts.NOT_ALLOWED)
                    if is_organizer
                    else gettext(organizing_texts.ORGANIZERS_BUTTON)
                )
                outcome = REFUSED if answer.get("text") == refusal else SERVED
                answered_by_messages = {f"o:{act}" for act in ANSWERED_BY_MESSAGES}
                if key(probe) in answered_by_messages and outcome == SERVED:
                    # these answer by sending new messages, after the press is answered
                    await fake.wait_for(lambda shown=shown: len(person.messages) > shown)
            matrix.setdefault(probe, {})[actor] = outcome
        if actor in outsiders:
            # The chat's updates are handled in order: once /help is answered, everything
            # before it was. One neutral line per refused command, and nothing else.
            await person.send("/help")
            assert len(person.messages) - before == commands_sent + 1, actor

    # Each actor in their own chat, at the same time: the bot serves chats concurrently.
    # The outsiders first (they change nothing), then the insiders.
    await asyncio.gather(*(probe_as(actor) for actor in outsiders))
    await asyncio.gather(*(probe_as(actor) for actor in insiders))

    for probe, row in matrix.items():
        k = key(probe)
        for actor, outcome in row.items():
            if actor == SUPER:
                expected = SERVED
            elif actor in ("陌生人", "参评群众") or k in SUPER_ONLY:
                expected = REFUSED
            elif k in OWN_SCOPE or k in OWN_SCOPE_BUTTONS:
                expected = SERVED
            else:
                expected = SERVED if actor in insiders else REFUSED
            assert outcome == expected, (probe, actor, outcome)

    # What the outsiders were shown of their own scope never includes 支部A1.
    for actor in ("同级组织者(支部A2)", "其他党委组织者(党委B)"):
        person = people[actor]
        shown = " ".join(
            m.get("text", "") + str(m.get("reply_markup", "")) for m in person.messages
        )
        assert A1 not in shown and f"#{campaign_id}" not in shown, actor

    # Nothing happened: still open, no roster change, no grants, no exports by outsiders.
    _, listing = await deployment.cli("campaign", "list")
    assert "进行中" in listing
    _, first = await deployment.cli("audit")
    pages = int(first.rsplit("第 1/", 1)[1].split()[0])
    log = first + "".join(
        [(await deployment.cli("audit", "--page", str(p)))[1] for p in range(2, pages + 1)]
    )
    assert f"第 {pages}/{pages} 页" in log  # every entry read
    for actor in outsiders:
        assert f"Telegram {people[actor].id}\t导出" not in log
        assert f"Telegram {people[actor].id}\t导入" not in log
    assert "撤销组织者" not in log and log.count("生成授权链接") == 5  # 4 + the admin's probe
    assert "并入纸质问卷" not in log

    table = ["| probe | " + " | ".join(outsiders + insiders) + " |"]
    table.append("|---" * (1 + len(outsiders + insiders)) + "|")
    for probe, row in matrix.items():
        cells = [row.get(a, "—") for a in outsiders + insiders]
        table.append(f"| `{probe}` | " + " | ".join(cells) + " |")
    print("\n" + "\n".join(table))
