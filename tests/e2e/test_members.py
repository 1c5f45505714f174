"""认领 in the chat: an organizer gives each member a personal link; the member opens it."""

from __future__ import annotations

import re
import sqlite3

import pytest

from bot.i18n import gettext
from bot.texts import commitments as commitments_texts
from bot.texts import members as members_texts
from evaluation.pseudonyms import Pseudonyms
from support.deployments import ADMIN
from support.sample import MEMBERS, ORG

# No kill or restart: the bot runs in the test's process (tests/e2e/conftest.py).
pytestmark = pytest.mark.in_process


def link_in(message: dict) -> str:
    return re.search(r"start=(member_[\w-]+)", message["text"]).group(1)


async def test_members_claim_their_accounts_and_a_new_link_moves_the_binding(deployment):
    fake = deployment.fake
    await deployment.import_roster()
    await deployment.start()
    admin = fake.person(ADMIN)
    await admin.send("/members")  # one organization: no picker
    listing = admin.last
    assert f"「{ORG}」党员 {len(MEMBERS)} 人，已认领 0 人" in listing["text"]
    wang = MEMBERS[0][0]
    answer = await admin.press_containing(wang, listing)
    assert "text" not in answer  # no alert: the link came as a message
    first = link_in(admin.last)
    assert f"党员「{wang}」的认领链接" in admin.last["text"]

    phone, other = fake.person(501), fake.person(502)
    [reply] = await phone.send(f"/start {first}")
    assert reply["text"] == members_texts.member_claimed(wang, ORG)
    [reply] = await other.send(f"/start {first}")  # spent
    assert "无效或已失效" in reply["text"]

    # Listed as claimed; pressing asks before a new link withdraws the binding.
    await admin.send("/members")  # one organization: no picker
    assert "已认领 1 人" in admin.last["text"] and f"✅ {wang}" in str(admin.last)
    await admin.press_containing(wang)
    assert admin.last["text"] == members_texts.member_reissue_question(wang)
    await admin.press(gettext(members_texts.MEMBER_KEEP))
    assert admin.last["text"] == gettext(members_texts.MEMBER_KEPT)
    await admin.send("/members")  # one organization: no picker
    await admin.press_containing(wang)
    question = admin.last
    await admin.press(gettext(members_texts.MEMBER_REISSUE), question)
    second = link_in(admin.last)
    assert second != first and members_texts.member_unbound(wang) in str(admin.messages)
    [reply] = await other.send(f"/start {second}")
    assert reply["text"] == members_texts.member_claimed(wang, ORG)

    # The binding is the new account's now, kept sealed: no Telegram id in the table.
    secret = (deployment.workdir / "pingyi.secret").read_text().strip().encode()
    pseudonyms = Pseudonyms(secret)
    with sqlite3.connect(deployment.workdir / "pingyi.db") as connection:
        [row] = connection.execute("SELECT * FROM member_bindings").fetchall()
    _member, _organization, account, address, _bound_at = row
    assert account == pseudonyms.member_account(502) and pseudonyms.unseal(address) == 502
    # Hex strings may contain the digits by chance: compare whole values, never substrings.
    assert not {502, "502", 501, "501"} & set(row)
    assert len(account) == 64 and len(address) == 32


async def test_a_member_keeps_their_own_commitments_and_no_one_elses(deployment):
    fake = deployment.fake
    await deployment.import_roster()
    await deployment.start()
    admin = fake.person(ADMIN)
    accounts = {}
    for n, (name, _) in enumerate(MEMBERS[:2]):
        await admin.send("/members")  # one organization: no picker
        await admin.press_containing(name)
        accounts[name] = fake.person(601 + n)
        await accounts[name].send(f"/start {link_in(admin.last)}")
    wang, li = (accounts[name] for name, _ in MEMBERS[:2])
    stranger = fake.person(699)

    [reply] = await stranger.send("/my_commitments")
    assert "还没有认领党员身份" in reply["text"]
    [empty] = await wang.send("/my_commitments")
    assert f"「{MEMBERS[0][0]}」还没有承诺事项" in empty["text"]
    assert (
        gettext(commitments_texts.OWN_COMMITMENTS_NONE) in empty["text"]
        and "reply_markup" not in empty
    )
    [mine] = await wang.send("/my_commitments 带头学习党的理论\n结对帮扶困难群众 2 户")
    assert "1. 带头学习党的理论（未开始）" in mine["text"]
    assert "2. 结对帮扶困难群众 2 户（未开始）" in mine["text"]
    # One button per state, the current one ticked: 已完成 is one press, and a second press
    # on it changes nothing (no walk back to 未开始).
    assert wang.buttons(mine)[:3] == ["1. ✓ 未开始", "1. 进行中", "1. 已完成"]
    await wang.press("1. 已完成", mine)
    assert "1. 带头学习党的理论（已完成）" in mine["text"]
    await wang.press("1. ✓ 已完成", mine)
    assert "1. 带头学习党的理论（已完成）" in mine["text"]
    await wang.press("1. 进行中", mine)
    assert "1. 带头学习党的理论（进行中）" in mine["text"]

    # Someone else's button, replayed: refused, nothing changes.
    data = wang.button_containing("1. 未开始", mine)
    for other in (li, stranger):
        [held] = await other.send("/help")
        answer = await other.press_data(data, held)
        assert answer["text"] == gettext(commitments_texts.NOT_YOUR_COMMITMENT)
    [again] = await wang.send("/my_commitments")
    assert "1. 带头学习党的理论（进行中）" in again["text"]
    [too_many] = await wang.send("/my_commitments " + "\n".join(f"第{n}项" for n in range(11)))
    assert "最多 10 项" in too_many["text"]
    _, listing = await deployment.cli("commitments", "list", "--org", ORG)
    assert "进行中\t带头学习党的理论" in listing


async def test_an_organizer_sets_and_updates_commitments_in_the_chat(deployment):
    fake = deployment.fake
    await deployment.import_roster()
    await deployment.start()
    admin = fake.person(ADMIN)
    wang = MEMBERS[0][0]
    await admin.send("/commitments")  # one organization: no picker
    assert f"{wang} · 0 项" in admin.buttons()
    await admin.press(f"{wang} · 0 项")
    assert admin.last["text"] == commitments_texts.commitments_text(wang, ())
    await admin.press(gettext(commitments_texts.COMMITMENTS_EDIT))
    assert admin.last["text"] == gettext(commitments_texts.COMMITMENTS_PROMPT)
    [refused] = await admin.send("\n".join(f"第{n}项" for n in range(11)))
    assert "最多 10 项" in refused["text"]  # the question stays open: send it again
    [shown] = await admin.send("带头学习党的理论\n\n结对帮扶困难群众 2 户")
    assert "1. 带头学习党的理论（未开始）" in shown["text"]
    await admin.press("1. 已完成", shown)
    assert "1. 带头学习党的理论（已完成）" in shown["text"]
    await admin.press("1. ✓ 已完成", shown)  # again: still 已完成
    await admin.press("1. 进行中", shown)
    assert "1. 带头学习党的理论（进行中）" in shown["text"]
    # The organization's own list, and the campaign that opens afterwards asks about both.
    await admin.send("/commitments")  # one organization: no picker
    await admin.press("本组织 · 0 项")
    await admin.press(gettext(commitments_texts.COMMITMENTS_EDIT))
    await admin.send("年内为群众办实事 3 件")
    _, token = await deployment.start_campaign(ORG, "--no-category")
    respondent = fake.person(650)
    await respondent.send(f"/start {token}")
    await respondent.press("开始评议")
    for _ in range(2):
        await respondent.press("满意")
    assert "公开承诺：\n①年内为群众办实事 3 件（未开始）" in respondent.last["text"]
