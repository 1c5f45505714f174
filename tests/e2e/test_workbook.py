"""The workbook an organizer hands upward: every figure on every sheet against scripted answers.

党委A → 支部A1 (9 members). Last quarter 支部A1 alone had 5 ballots, all 满意 (the trend's
first period). This quarter a campaign on 党委A covers both: 7 scripted ballots on 支部A1's
link plus one paper 场次 of 6, and 3 ballots on 党委A itself (under the threshold of 5).
Organizers record 统计单 figures in the chat and on the command line. The workbook is then
converted to PDF by LibreOffice, to prove it opens and prints.
"""

from __future__ import annotations

import asyncio
import re
from collections import Counter
from datetime import date

import pytest
from openpyxl import load_workbook

from bot.demo import vote
from evaluation.periods import local_today
from evaluation.questionnaire import RATING_LABELS, Rating
from exports.details import DETAIL_CODES
from exports.pdf import to_pdf
from fake_telegram import Person
from support.deployments import ADMIN
from support.sample import MEMBERS
from support.script import QUESTIONS, Script, expected_counts, tally_rows
from tests.e2e.organizing import A1, filled
from tests.pages import read

# No kill or restart: the bot runs in the test's process (tests/e2e/conftest.py).
pytestmark = pytest.mark.in_process

THRESHOLD = 5
PAPER = (3, 2, 1, 0)  # per question: 满意, 基本满意, 不满意, 不了解 on the 6 paper questionnaires
ORGANIZATION_QUESTIONS = 6
MEMBER_NAMES = [f"{name}（{role}）" if role else name for name, role in MEMBERS]


def grade(counts: Counter) -> str:
    """The default rule, written out again: more than half 满意, or 满意 + 基本满意."""
    valid = counts[Rating.SATISFIED] + counts[Rating.BASIC] + counts[Rating.UNSATISFIED]
    if counts[Rating.SATISFIED] * 2 > valid:
        return "满意"
    if (counts[Rating.SATISFIED] + counts[Rating.BASIC]) * 2 > valid:
        return "基本满意"
    return "不满意"


def valid(counts: Counter) -> int:
    return sum(n for rating, n in counts.items() if rating != Rating.UNKNOWN)


def subjects(per_question: list[Counter]) -> list[tuple[str, list[Counter]]]:
    """(subject, its criteria's counts) for 支部A1's questionnaire."""
    found = [(A1, per_question[:ORGANIZATION_QUESTIONS])]
    for n, name in enumerate(MEMBER_NAMES):
        first = ORGANIZATION_QUESTIONS + n * 5
        found.append((name, per_question[first : first + 5]))
    return found


def overall(criteria: list[Counter]) -> Counter:
    total = Counter()
    for counts in criteria:
        total.update(counts)
    return total


def shown(criteria: list[Counter]) -> bool:
    return all(valid(c) >= THRESHOLD for c in criteria)


def rate(counts: Counter) -> float:
    return (counts[Rating.SATISFIED] + counts[Rating.BASIC]) / valid(counts)


def scripts() -> list[Script]:
    """Seven ballots: five 群众代表, two 服务对象; the third and the sixth write an opinion."""
    found = []
    for n in range(7):
        script = Script.make(n + 1)
        script.category = "群众代表" if n < 5 else "服务对象"
        found.append(script)
    return found


async def all_satisfied(person: Person, token: str) -> None:
    await person.send(f"/start {token}")
    await person.press("开始评议")
    await person.press("党员")
    while "意见建议" not in person.last["text"]:
        await person.press("满意")
    await person.press("跳过")
    await person.press("✅ 提交")


async def test_the_workbook_matches_the_scripted_answers_sheet_by_sheet(deployment, tmp_path):
    fake = deployment.fake
    started_on = local_today("Asia/Shanghai")  # the test may run across midnight there
    await deployment.import_roster(A1, MEMBERS, parent="党委A")

    # Last quarter: 支部A1 alone, five ballots all 满意.
    earlier_id, earlier_token = await deployment.start_campaign(A1, "--period", "2026Q3")
    await deployment.start()
    await asyncio.gather(*(all_satisfied(fake.person(700 + n), earlier_token) for n in range(5)))
    await deployment.cli("campaign", "close", str(earlier_id))

    # This quarter: a campaign on 党委A covers 支部A1.
    _, output = await deployment.cli(
        "campaign", "start", "--org", "党委A", "--period", "2026Q4", "--expected", "30"
    )
    root_id = int(output.split("campaign id:")[1].split()[0])
    root_token = output.split("invitation link:")[1].split()[0].rsplit("=", 1)[1]
    branch_token = dict(re.findall(r"  (\S+): https://t\.me/\S+\?start=(\S+)", output))[A1]
    admin = fake.person(ADMIN)
    await admin.send("/campaigns")
    branch_id = int(
        next(b for b in _buttons(admin) if A1 in b[0] and "2026年第四季度" in b[0])[1].split(":")[2]
    )

    plans = scripts()
    receipts = await asyncio.gather(
        *(vote(fake.person(800 + n), branch_token, s) for n, s in enumerate(plans))
    )
    assert all("提交成功" in r for r in receipts)
    for n in range(3):  # 党委A itself: 3 ballots, under the threshold
        person = fake.person(850 + n)
        await person.send(f"/start {root_token}")
        await person.press_containing("党委A")
        await person.press("群众代表")
        while "意见建议" not in person.last["text"]:
            await person.press("满意")
        await person.press("跳过")
        await person.press("✅ 提交")

    # One paper 场次 of 6 questionnaires on 支部A1.
    template = tmp_path / "paper.xlsx"
    await deployment.cli("paper", "template", str(branch_id), "--out", str(template))
    template.write_bytes(filled(template.read_bytes(), "第一场", 6, PAPER))
    await deployment.cli("paper", "import", str(template))

    # 统计单 figures: in the chat on 党委A's campaign, and on the command line on both.
    await admin.send(f"/record {root_id}")
    await admin.press_containing("召开群众评议会议总数")
    assert "请发送「召开群众评议会议总数」的数量" in admin.last["text"]
    [refused] = await admin.send("三次")
    assert "整数" in refused["text"]
    [done] = await admin.send("3")
    assert done["text"] == "✅ 已登记：召开群众评议会议总数 +3个，合计 3个。"
    await admin.send(f"/record {root_id}")
    await admin.press_containing("召开群众评议会议总数")
    [done] = await admin.send("-1")
    assert "合计 2个" in done["text"]
    await deployment.cli("record", str(root_id), "visits", "5")
    await deployment.cli("record", str(branch_id), "visits", "2")
    await deployment.cli("record", str(root_id), "attendees", "45")
    _, totals = await deployment.cli("record", str(root_id), "deeds", "4")
    assert "为群众办实事、做好事、解难事\t4 件(项)" in totals

    # An organizer moves one opinion on in the chat.
    await admin.send(f"/suggestions {branch_id}")
    ledger = admin.last
    assert (
        "整改台账：共 2 条（待处理 2，整改中 0，已办结 0，无需整改 0），未办结 2 条"
        in ledger["text"]
    )
    first_code = re.search(r"【待处理】(\w{4}-\w{4})", ledger["text"]).group(1)
    await admin.press_containing(first_code)
    await admin.press("整改中")
    await admin.press("填写负责人")
    [item] = await admin.send("=办公室王主任")
    assert "负责人：=办公室王主任" in item["text"] and "整改状态：整改中" in item["text"]

    branch_book = tmp_path / "branch.xlsx"
    root_book = tmp_path / "root.xlsx"
    await deployment.cli("export", str(branch_id), "--out", str(branch_book))
    await deployment.cli("export", str(root_id), "--out", str(root_book))
    await deployment.stop()

    expected = expected_counts(plans)
    for counts in expected:
        for rating, n in zip(Rating, PAPER, strict=True):
            counts[rating] += n
    workbook = load_workbook(branch_book)
    assert workbook.sheetnames == [
        "说明",
        "组织评议",
        "组织评议图",
        "党员评议",
        "党员评议图",
        "统计单",
        "分类统计",
        "意见建议",
        "公开承诺",
        "自我评价",
        "领导点评",
        "综合评定",
        "明细",
        "趋势",
        "趋势图",  # there was a campaign before this one
    ]

    # 说明
    about = {row[0]: row[1] for row in workbook["说明"].iter_rows(values_only=True) if row}
    assert about["组织"] == A1 and about["评议期次"] == "2026年第四季度（2026Q4）"
    assert about["实际参评人数"] == 13 and about["其中网上问卷（Telegram）"] == 7
    assert about["其中纸质问卷（已并入统计）"] == 6
    assert "少于 5 份" in about["样本门槛"] and "满意票超过" in about["评定规则"]

    # 组织评议 and 党员评议: every count, rate and grade.
    per_subject = subjects(expected)
    rows = tally_rows(workbook["组织评议"]) + tally_rows(workbook["党员评议"])
    rows_by_subject: dict[str, list[tuple]] = {}
    for row in rows:
        rows_by_subject.setdefault(row[0], []).append(row)
    for name, criteria in per_subject:
        found = rows_by_subject[name]
        if not shown(criteria):
            assert len(found) == 1 and found[0][9] == "样本不足" and found[0][2] is None
            continue
        assert len(found) == len(criteria) + 1
        for row, counts in zip(found, criteria, strict=False):
            assert list(row[2:6]) == [counts[r] for r in Rating], (name, row[1])
            assert row[6] == valid(counts) and row[8] == rate(counts)
        total = overall(criteria)
        assert found[-1][1] == "合计" and found[-1][9] == grade(total)
        assert (found[-1][10] == "是") == (grade(total) == "不满意")
    organization_shown = shown(per_subject[0][1])
    assert organization_shown  # the scripts and the paper give every aspect 5 valid answers
    assert len(workbook["组织评议图"]._charts) == 1 and len(workbook["党员评议图"]._charts) == 1

    # 党员综合情况: one row per member, in the table's columns.
    member_rows = list(workbook["党员评议"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(member_rows) if r and r[0] == "党员") + 1
    summary = {r[0]: r for r in member_rows[start : start + len(MEMBERS)]}
    for name, criteria in per_subject[1:]:
        if shown(criteria):
            total = overall(criteria)
            assert summary[name][6] == valid(total) and summary[name][8] == rate(total)
            assert summary[name][9] == grade(total)
        else:
            assert summary[name][9] == "样本不足" and summary[name][6] == "—"

    # 分类统计: 群众代表 (5 ballots), 服务对象 (2) and the paper 场次 (6) per subject.
    by_category = {
        (r[0], r[1]): r
        for r in workbook["分类统计"].iter_rows(min_row=4, values_only=True)
        if r[1] in ("群众代表", "服务对象")
    }
    for index, (name, _) in enumerate(per_subject):
        for category in ("群众代表", "服务对象"):
            group = [s for s in plans if s.category == category]
            criteria = subjects(expected_counts(group))[index][1]
            row = by_category[name, category]
            if shown(criteria):
                total = overall(criteria)
                assert list(row[2:6]) == [total[r] for r in Rating] and row[8] == grade(total)
            else:
                assert row[8] == "样本不足" and row[2] == "—"
    paper_rows = [
        r for r in workbook["分类统计"].iter_rows(min_row=4, values_only=True) if r[1] == "纸质问卷"
    ]
    assert [r[0] for r in paper_rows] == [name for name, _ in per_subject]
    for row, (_, criteria) in zip(paper_rows, per_subject, strict=True):
        on_paper = Counter({r: n * len(criteria) for r, n in zip(Rating, PAPER, strict=True)})
        assert list(row[2:6]) == [on_paper[r] for r in Rating] and row[8] == grade(on_paper)

    # 意见建议: every opinion with its 整改 state; the one moved on in the chat.
    opinions = list(workbook["意见建议"].iter_rows(min_row=4, values_only=True))
    assert sorted(r[2] for r in opinions) == sorted(s.suggestion for s in plans if s.suggestion)
    moved = next(r for r in opinions if r[1] == first_code)
    assert moved[3] == "整改中" and moved[4] == "=办公室王主任"
    assert workbook["意见建议"].cell(3 + opinions.index(moved) + 1, 5).data_type == "s"
    assert sorted(r[3] for r in opinions) == ["待处理", "整改中"]

    # 明细: one row per chat ballot; 服务对象 (2 < 5 ballots) is hidden; the paper 场次 below.
    detail = list(workbook["明细"].iter_rows(min_row=5, values_only=True))
    chat_rows = [r for r in detail if r and r[2] == "网上问卷"]
    assert len(chat_rows) == 7
    assert sorted(tuple(r[4 : 4 + QUESTIONS]) for r in chat_rows) == sorted(
        tuple(DETAIL_CODES[RATING_LABELS[s.answers[q]]] for q in range(QUESTIONS)) for s in plans
    )
    assert Counter(r[1] for r in chat_rows) == {"群众代表": 5, "—": 2}
    # The day of submission in the bot's zone (Asia/Shanghai), not the machine's.
    days = {_label(started_on), _label(local_today("Asia/Shanghai"))}
    assert {r[3] for r in chat_rows} <= days
    assert all(re.fullmatch(r"[0-9a-f]{12}", r[0]) for r in chat_rows)
    assert any(r[2] == "纸质问卷" and r[4] == "第一场：6 份" for r in detail if r)

    # 趋势: last quarter 100 % for everyone, this quarter from the expected counts.
    trend = {r[0]: r for r in workbook["趋势"].iter_rows(min_row=4, values_only=True) if r}
    header = [c.value for c in workbook["趋势"][3]][:3]
    assert [h.replace("\n", "") for h in header] == ["评议对象", "2026年第三季度", "2026年第四季度"]
    for name, criteria in per_subject:
        now = rate(overall(criteria)) if shown(criteria) else None
        assert trend[name][1] == 1.0 and trend[name][2] == now
        assert trend[name][3] == (None if now is None else round((now - 1.0) * 100, 1))
    assert sum(len(chart.series) for chart in workbook["趋势图"]._charts) == len(per_subject)

    # The root's workbook: the 统计单 over the subtree, and 下级汇总.
    root = load_workbook(root_book)
    assert "下级汇总" in root.sheetnames
    statistics = []
    for row in root["统计单"].iter_rows(min_row=4, values_only=True):
        if not row or row[1] is None:
            break  # the table ends; the note below it explains the figures
        statistics.append((row[0], row[1].strip("　"), *row[2:]))  # 其中… rows are indented
    values = {(n, r[1]): r[2] for n, r in enumerate(statistics)}
    labels = [r[1] for r in statistics]
    organization_total = overall(per_subject[0][1])
    organization_grade = grade(organization_total) if shown(per_subject[0][1]) else None
    member_grades = [grade(overall(c)) for _, c in per_subject[1:] if shown(c)]
    assert labels[:7] == [
        "评议组织数",
        "其中基本满意(含)以上",
        "其中满意(含)以上",
        "党员总数",
        "参加评议党员数",
        "其中基本满意(含)以上",
        "其中满意(含)以上",
    ]
    assert [values[n, labels[n]] for n in range(7)] == [
        1 if organization_grade else 0,  # 党委A is under the threshold
        int(organization_grade in ("满意", "基本满意")),
        int(organization_grade == "满意"),
        9,
        len(member_grades),
        sum(g in ("满意", "基本满意") for g in member_grades),
        sum(g == "满意" for g in member_grades),
    ]
    recorded = {r[1]: r[2] for r in statistics[7:]}
    assert recorded == {
        "召开群众评议会议总数": 2,
        "参加评议的群众总数": 45,
        "走访调研": 7,  # 5 on 党委A's campaign + 2 on 支部A1's
        "个别谈话": "未填报",
        "座谈交流": "未填报",
        "发放征求意见表": "未填报",
        "主要负责人通报的": "未填报",
        "上级党组织指派人参加评议": "未填报",
        "自我介绍参加活动情况的党员总数": "未填报",
        "为群众办实事、做好事、解难事": 4,
    }
    assert [r[0] for r in statistics if r[0]] == [1, 2, 3, 4, 5, 6]
    organization_rows = tally_rows(root["组织评议"])
    assert organization_rows[0][0] == "党委A" and organization_rows[0][9] == "样本不足"

    _, log = await deployment.cli("audit")
    assert log.count("登记评议活动") == 6 and "更新整改台账" in log

    # LibreOffice prints both workbooks (the root's with 下级汇总) without text over text.
    for pdf in await to_pdf([branch_book, root_book], tmp_path / "pdf"):
        pages = read(pdf)
        assert len(pages) >= len(workbook.sheetnames), pdf
        for page in pages:
            assert page.overprints() == [], (pdf.name, page.number, page.overprints()[:3])


def _buttons(person: Person) -> list[tuple[str, str]]:
    keyboard = person.last.get("reply_markup", {}).get("inline_keyboard", [])
    return [(b["text"], b["callback_data"]) for row in keyboard for b in row]


def _label(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"
