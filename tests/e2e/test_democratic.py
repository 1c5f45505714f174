"""民主评议 part 1 end to end, with the real ``pingyi run`` over HTTP: the 9-member branch, 7 of
them claiming their accounts (one binding re-issued), 公开承诺 from the roster shown in their
questions, 6 self-evaluations (one interrupted by SIGKILL), 7 peer ballots and 20 masses'
ballots; then the workbook's new sheets and 统计单 item 5, cell by cell against the script."""

from __future__ import annotations

import re
import sqlite3
from collections import Counter

from openpyxl import load_workbook

from bot.demo import vote
from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from bot.texts import members as members_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation.pseudonyms import Pseudonyms
from evaluation.questionnaire import MEMBER_CRITERIA, RATING_LABELS, Rating
from evaluation.self_evaluation import TEXT_LABELS
from exports.cells import typeset
from exports.roster import fill_template, write_template
from support.deployments import ADMIN
from support.sample import MEMBERS, ORG
from support.script import Script

NAMES = [name for name, _ in MEMBERS]
BOUND = NAMES[:7]  # 周婷 and 黄勇 never claim theirs
ACCOUNT = {name: 7100 + n for n, name in enumerate(NAMES)}
REISSUED = NAMES[3]  # 刘洋's first account loses the binding to a second one
OLD_ACCOUNT = 7199
SELF_EVALUATORS = NAMES[:6]
KILLED_DURING = NAMES[2]
COMMITMENTS = {
    None: ["年内为群众办实事 5 件", "每月开展一次主题党日"],
    NAMES[0]: ["带头讲一次党课"],
    NAMES[1]: ["结对帮扶困难户 2 户", "推动林区防火宣传进村"],
    NAMES[4]: ["每季度走访辖区群众 10 户"],
}
SELF_RATINGS = (Rating.SATISFIED, Rating.BASIC, Rating.SATISFIED, Rating.SATISFIED, Rating.BASIC)
MASSES = 20


def self_texts(name: str) -> tuple[str, str, str]:
    return (f"{name}：按时完成巡护任务", f"{name}：理论学习不够系统", f"{name}：每周学习两小时")


def peer_rating(rater: int, subject: int, criterion: int) -> Rating | None:
    """What rater (an index into NAMES) gives subject on a criterion; None: 不了解此人."""
    if (rater + subject) % 5 == 0:
        return None
    return Rating((rater + 2 * subject + criterion) % 3)


def link_in(message: dict) -> str:
    return re.search(r"start=(member_[\w-]+)", message["text"]).group(1)


async def member_link(admin, name: str) -> str:
    await admin.send("/members")  # one organization: no picker
    await admin.press_containing(name)
    if (
        gettext(members_texts.MEMBER_REISSUE) in admin.buttons()
    ):  # bound already: a new link ends the binding
        await admin.press(gettext(members_texts.MEMBER_REISSUE))
    return link_in(admin.last)


async def test_the_branch_claims_commits_evaluates_itself_and_its_members(deployment):
    fake = deployment.fake
    roster = deployment.workdir / "roster.xlsx"
    write_template(roster)
    roster.write_bytes(fill_template(roster.read_bytes(), ORG, MEMBERS, commitments=COMMITMENTS))
    await deployment.cli("roster", "import", str(roster))
    await deployment.start()
    admin = fake.person(ADMIN)

    # 认领: seven members claim their accounts; 刘洋's is re-issued to a second account.
    people = {name: fake.person(ACCOUNT[name], name) for name in NAMES}
    old = fake.person(OLD_ACCOUNT, "旧手机")
    for name in BOUND:
        claimer = old if name == REISSUED else people[name]
        [reply] = await claimer.send(f"/start {await member_link(admin, name)}")
        assert reply["text"] == members_texts.member_claimed(name, ORG)
    [reply] = await people[REISSUED].send(f"/start {await member_link(admin, REISSUED)}")
    assert reply["text"] == members_texts.member_claimed(REISSUED, ORG)
    [reply] = await old.send("/self_evaluation")
    assert reply["text"] == gettext(
        self_evaluation_texts.SELF_NONE
    )  # the old account is no member any more

    # The campaign opens (六个方面 + 五看 with 互评 turned on); at the next start every bound
    # member is invited, once, through the outbox.
    await deployment.stop()
    _, output = await deployment.cli(
        "campaign", "start", "--org", ORG, "--peer-review", "--expected", "30"
    )
    assert "含党员互评" in output
    campaign_id = int(output.split("campaign id:")[1].split()[0])
    token = output.split("invitation link:")[1].split()[0].rsplit("=", 1)[1]
    await deployment.start()
    for name in BOUND:
        await fake.wait_for(lambda p=people[name]: len(p.messages) >= 2, 30)
        invitation = people[name].last
        assert "请填写您的党员自我评价" in invitation["text"] and "党员互评" in invitation["text"]
    assert len(old.messages) == 2  # its claim and the refusal: no invitation

    # 党员自我评价: six members, one of them across a SIGKILL.
    for name in SELF_EVALUATORS:
        person = people[name]
        begin = person.button(
            gettext(self_evaluation_texts.SELF_BEGIN)
        )  # the invitation's: its message is edited
        await person.press_data(begin)
        for number, rating in enumerate(SELF_RATINGS):
            if name == KILLED_DURING and number == 3:
                await deployment.kill()
                await deployment.start()
                await person.press_data(begin)  # the invitation's button resumes it
                assert "第 4/5 项（自评）" in person.last["text"]
            await person.press(RATING_LABELS[rating])
        for text in self_texts(name):
            await person.send(text)
        await person.press_containing("提交", person.last)
        assert person.last["text"].startswith(gettext(self_evaluation_texts.SELF_SUBMITTED))

    # 党员互评: seven ballots; nobody is ever asked about themself.
    expected_peer = {name: [Counter() for _ in MEMBER_CRITERIA] for name in NAMES}
    for rater_name in BOUND:
        rater = NAMES.index(rater_name)
        person = people[rater_name]
        await person.send("/self_evaluation")
        await person.press(gettext(self_evaluation_texts.PEER_BEGIN))
        asked = []
        while "评议对象：" in person.last["text"]:
            lines = person.last["text"].split("\n")
            subject_name = lines[1].removeprefix("评议对象：").split("（")[0]
            subject = NAMES.index(subject_name)
            criterion = int(lines[2].removeprefix("（").split("/")[0]) - 1
            asked.append(subject_name)
            rating = peer_rating(rater, subject, criterion)
            if rating is None:
                assert criterion == 0
                await person.press(gettext(ballots_texts.UNKNOWN_PERSON))
                for counts in expected_peer[subject_name]:
                    counts[Rating.UNKNOWN] += 1
                continue
            await person.press(RATING_LABELS[rating])
            expected_peer[subject_name][criterion][rating] += 1
        assert rater_name not in asked and set(asked) == set(NAMES) - {rater_name}
        await person.press(gettext(ballots_texts.SUBMIT))
        assert "党员互评已提交" in person.last["text"]

    # 20 masses' ballots; the 公开承诺 questions show what each subject promised.
    scripts = [Script.make(n) for n in range(MASSES)]
    for number, script in enumerate(scripts):
        assert await vote(fake.person(8000 + number), token, script)
    shown = [c.params.get("text", "") for c in fake.calls if c.method == "editMessageText"]
    for owner, items in COMMITMENTS.items():
        subject = f"评议对象：{owner}" if owner else f"评议对象：{ORG}"
        questions = [t for t in shown if subject in t and "公开承诺" in t.split("\n")[2]]
        assert questions and all(f"①{items[0]}（未开始）" in t for t in questions), owner
    silent = [t for t in shown if f"评议对象：{NAMES[2]}" in t and "公开承诺" in t.split("\n")[2]]
    assert silent and not any("①" in t for t in silent)  # 张伟 promised nothing

    # /status: members claimed, self-evaluations and peer ballots.
    await admin.send(f"/status {campaign_id}")
    status = admin.last["text"]
    assert "党员已认领 7/9 人，自我评价已提交 6 份" in status
    assert "党员互评已提交 7/7 份" in status

    # The workbook, sheet by sheet against the script.
    out = deployment.workdir / "export.xlsx"
    await deployment.cli("export", str(campaign_id), "--out", str(out))
    workbook = load_workbook(out)
    assert {"党员互评", "公开承诺", "自我评价"} <= set(workbook.sheetnames)

    statistics = {
        row[1]: row[2] for row in workbook["统计单"].iter_rows(min_row=5, values_only=True)
    }
    assert statistics["自我介绍参加活动情况的党员总数"] == len(SELF_EVALUATORS)

    promised, owner = [], None  # an owner's name heads its items (merged down the block)
    for row in workbook["公开承诺"].iter_rows(min_row=4, values_only=True):
        owner = row[0] or owner
        if any(row):
            promised.append((owner, *row[1:]))
    expected_rows = [
        (label, n, item, "未开始")
        for owner, label in [(None, f"本组织：{ORG}"), *_labels()]
        for n, item in enumerate(COMMITMENTS.get(owner, []), start=1)
    ]
    assert [r for r in promised if r[1] is not None] == expected_rows
    assert sum(r[2] == "未登记承诺事项" for r in promised) == len(NAMES) - 3

    blocks: dict[str, dict[str, str]] = {}  # one block per member: 党员, 自评 and the texts
    for first, second, *_ in workbook["自我评价"].iter_rows(min_row=3, values_only=True):
        if first == "党员":
            member, state = second.split("　")
            blocks[member] = {"状态": state}
        elif first:
            blocks[member][first] = second
    assert list(blocks) == [label for _, label in _labels()]
    for name, label in _labels():
        if name in SELF_EVALUATORS:
            ratings = "\n".join(
                f"{n}. {typeset(criterion)}：{RATING_LABELS[rating]}"
                for n, (criterion, rating) in enumerate(
                    zip(MEMBER_CRITERIA, SELF_RATINGS, strict=True), 1
                )
            )
            texts_ = dict(zip(TEXT_LABELS, self_texts(name), strict=True))
            assert blocks[label] == {"状态": "已提交", "自评": ratings, **texts_}, name
        else:
            assert blocks[label] == {"状态": "未填写"}, name

    tallies = [r for r in workbook["党员互评"].iter_rows(min_row=4, values_only=True) if r[0]]
    for name, label in _labels():
        subject_rows = [r for r in tallies if r[0] == label]
        assert len(subject_rows) == len(MEMBER_CRITERIA) + 1, name  # each criterion and 合计
        criteria = subject_rows[: len(MEMBER_CRITERIA)]
        for criterion, row, counts in zip(
            MEMBER_CRITERIA, criteria, expected_peer[name], strict=True
        ):
            assert row[1] == typeset(criterion)  # printed with “” quotes
            assert list(row[2:6]) == [counts[r] for r in Rating], (name, row)
    note = next(workbook["党员互评"].iter_rows(min_row=2, max_row=2, values_only=True))[0]
    assert "已提交互评 7 份，应评 7 份" in note

    # Anonymity of the peer ballots, for someone holding the database and the secret: no peer
    # ballot is left to join to anyone. What remains is the counts per question and rating,
    # and a roll of who submitted (keyed per member) that names no ballot.
    await deployment.stop()
    pseudonyms = Pseudonyms((deployment.workdir / "pingyi.secret").read_text().strip().encode())
    with sqlite3.connect(deployment.workdir / "pingyi.db") as connection:
        tables = {
            table: connection.execute(f'SELECT * FROM "{table}"').fetchall()
            for (table,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        columns = {
            table: [c[1] for c in connection.execute(f'PRAGMA table_info("{table}")')]
            for table in ("peer_counts", "peer_roll")
        }
        member_ids = dict(connection.execute("SELECT name, id FROM members"))
    assert columns == {
        "peer_counts": ["campaign_id", "question", "rating", "count"],
        "peer_roll": ["campaign_id", "rater"],
    }
    assert len(tables["ballots"]) == MASSES and not any(b[-1] for b in tables["ballots"])
    assert len(tables["answers"]) == MASSES * len(scripts[0].answers)  # the masses' only
    assert sum(n for *_, n in tables["peer_counts"]) == sum(
        sum(c.values()) for counts in expected_peer.values() for c in counts
    )
    rolled = {pseudonyms.peer_rater(campaign_id, member_ids[name]) for name in BOUND}
    assert {rater for _, rater in tables["peer_roll"]} == rolled
    secret_keys = {
        pseudonyms.peer_key(campaign_id, ACCOUNT[name], member_ids[name]) for name in BOUND
    }
    secret_keys |= {pseudonyms.key(campaign_id, ACCOUNT[name]) for name in BOUND}
    everything = {str(v) for rows in tables.values() for row in rows for v in row}
    assert not secret_keys & everything  # no draft, link or ballot keyed by a member remains
    assert not rolled & {str(v) for t in ("ballots", "answers") for r in tables[t] for v in r}


def _labels() -> list[tuple[str, str]]:
    """Each member with the label the sheets give them (name and role)."""
    return [(name, f"{name}（{role}）" if role else name) for name, role in MEMBERS]
