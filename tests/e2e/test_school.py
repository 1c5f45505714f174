"""民主评议 part 2 end to end, with the real ``pingyi run`` over HTTP: the seed's school branch
under the county 教育党委. 逐级点评 (the county's leader on the branch, typed in the chat across
a SIGKILL; the 书记 on the 支委 in the chat; a 支委 on the members from the desk workbook),
20 masses' and 8 peer ballots with known answers, scores and composites against the script,
审定 with one override (its missing reason refused), and /feedback across a SIGKILL: each
member gets exactly one 反馈单, theirs alone."""

from __future__ import annotations

import asyncio

from openpyxl import load_workbook

from bot import texts
from bot.demo import Ballot, vote
from evaluation import feedback
from evaluation.ballots import Reason
from evaluation.questionnaire import MEMBER_CRITERIA, RATING_LABELS, Rating
from exports.feedback_sheet import member_png
from exports.poster import find_font
from storage import repositories as repo
from storage.db import make_engine, make_sessionmaker
from tests.e2e.conftest import ADMIN
from tests.e2e.organizing import grant
from tests.e2e.test_democratic import link_in

COUNTY, SCHOOL = "县教育党委", "实验小学党支部"
ROSTER = [
    ("赵书记", "党支部书记"),
    ("钱委员", "组织委员"),
    ("孙委员", "支委"),
    ("李老师", None),
    ("周老师", None),
    ("吴老师", None),
    ("郑老师", None),
    ("王老师", "党小组长"),
]
NAMES = [name for name, _ in ROSTER]
SHOWN = {  # as the campaign shows them (roles by their own names)
    "赵书记": "赵书记（党支部书记）",
    "钱委员": "钱委员（党支部委员）",
    "孙委员": "孙委员（党支部委员）",
    "王老师": "王老师（党小组长）",
}
ACCOUNT = {name: 7300 + n for n, name in enumerate(NAMES)}
LEADER = 7400  # 吴副书记 of the county committee
MASSES = 20
POINTS = {Rating.SATISFIED: 100, Rating.BASIC: 60, Rating.UNSATISFIED: 0}
OVERRIDDEN = "周老师"


def shown(name: str) -> str:
    return SHOWN.get(name, name)


def masses_rating(ballot: int, member: int, criterion: int) -> Rating:
    return Rating((ballot + member + criterion) % 3)


def peer_rating(rater: int, subject: int, criterion: int) -> Rating:
    return Rating((rater * subject + criterion) % 2)


def expected_scores() -> dict[str, tuple[float, float, float]]:
    """(masses' score, 互评 score, composite) of each member, from the script."""
    result = {}
    for m, name in enumerate(NAMES):
        masses = [
            POINTS[masses_rating(n, m, c)]
            for n in range(MASSES)
            for c in range(len(MEMBER_CRITERIA))
        ]
        peer = [
            POINTS[peer_rating(r, m, c)]
            for r in range(len(NAMES))
            if r != m
            for c in range(len(MEMBER_CRITERIA))
        ]
        ms, ps = sum(masses) / len(masses), sum(peer) / len(peer)
        result[name] = (ms, ps, (60 * ms + 40 * ps) / 100)  # as the core weighs them
    return result


def suggested(composite: float) -> str:
    for grade, floor in (("优秀", 90), ("合格", 70), ("基本合格", 60)):
        if composite >= floor:
            return grade
    return "不合格"


async def member_link(admin, name: str) -> str:
    await admin.send("/members")
    await admin.press_containing(SCHOOL)
    await admin.press_containing(name)
    return link_in(admin.last)


async def fill_comment(person, subject: str, strengths: str, improvements: str) -> None:
    """/comment, the subject, 完成 (to the first required field), 优点, 需改进, 完成."""
    await person.send("/comment")
    await person.press_containing(subject)
    await person.press(texts.COMMENT_DONE)
    await person.send(strengths)
    [review] = await person.send(improvements)
    await person.press(texts.COMMENT_DONE, review)
    assert person.last["text"].startswith(texts.COMMENT_SAVED)


async def test_the_school_branchs_campaign_as_its_secretary_lives_it(deployment):
    fake = deployment.fake
    roster = deployment.workdir / "roster.xlsx"
    from exports.roster import fill_template, write_template

    write_template(roster)
    roster.write_bytes(fill_template(roster.read_bytes(), SCHOOL, ROSTER, COUNTY, "学校医院"))
    await deployment.cli("roster", "import", str(roster))
    await deployment.start()
    admin = fake.person(ADMIN)
    leader = fake.person(LEADER, "吴副书记")
    await grant(admin, leader, COUNTY)
    people = {name: fake.person(ACCOUNT[name], name) for name in NAMES}
    for name in NAMES:
        await people[name].send(f"/start {await member_link(admin, name)}")
    await deployment.stop()
    _, output = await deployment.cli(
        "campaign", "start", "--org", SCHOOL, "--no-category", "--peer-review"
    )
    campaign_id = int(output.split("campaign id:")[1].split()[0])
    token = output.split("invitation link:")[1].split()[0].rsplit("=", 1)[1]
    await deployment.start()
    for person in people.values():
        await fake.wait_for(lambda p=person: "请填写您的党员自我评价" in p.last.get("text", ""), 30)

    # 8 peer ballots, as the script says; nobody is asked about themself.
    for rater, name in enumerate(NAMES):
        person = people[name]
        await person.press(texts.PEER_BEGIN)
        while "评议对象：" in person.last["text"]:
            lines = person.last["text"].split("\n")
            subject = next(n for n in NAMES if lines[1] == f"评议对象：{shown(n)}")
            assert subject != name
            criterion = int(lines[2].removeprefix("（").split("/")[0]) - 1
            rating = peer_rating(rater, NAMES.index(subject), criterion)
            await person.press(RATING_LABELS[rating])
        await person.press(texts.SUBMIT)
        assert "党员互评已提交" in person.last["text"]

    # 20 masses' ballots: the organization all 满意, each member as the script says.
    for n in range(MASSES):
        ballot = Ballot(None)
        for q in range(6):
            ballot.answers[q] = Rating.SATISFIED
        for m in range(len(NAMES)):
            for c in range(len(MEMBER_CRITERIA)):
                ballot.answers[6 + m * 5 + c] = masses_rating(n, m, c)
        assert await vote(fake.person(8200 + n), token, ballot)

    # 逐级点评. The county's leader on the branch, typed in the chat, across a SIGKILL.
    await leader.send("/comment")
    assert leader.buttons()[0] == SCHOOL  # from above: the branch (and, as organizer, its members)
    await leader.press(SCHOOL)
    [reply] = await leader.send("支部班子团结，组织领导有力")
    assert "第 2/8 项" in reply["text"]
    await deployment.kill()
    await deployment.start()
    [reply] = await leader.send("公开承诺事项大多兑现")  # still the second field
    assert "第 3/8 项" in reply["text"]
    message = leader.last
    await leader.press(texts.COMMENT_DONE, message)  # to 优点, the first required field
    await leader.send("创建活动开展扎实，教学质量稳步提升")
    [review] = await leader.send("创建活动与教学结合还不够紧密，要在课堂上见成效")
    await leader.press(texts.COMMENT_DONE, review)
    # The 书记 on each 支委, in the chat.
    secretary = people["赵书记"]
    await secretary.send("/comment")
    assert secretary.buttons() == [shown("钱委员"), shown("孙委员")]
    for name in ("钱委员", "孙委员"):
        await fill_comment(secretary, name, f"{name}工作认真负责", f"{name}要加强理论学习")
    # 钱委员 on the five members, from the desk workbook.
    sheet_path = deployment.workdir / "点评.xlsx"
    await deployment.cli("comment", "template", str(campaign_id), "--out", str(sheet_path))
    workbook = load_workbook(sheet_path)
    sheet = workbook["普通党员"]
    rows = {sheet.cell(r, 1).value: r for r in range(5, 12) if sheet.cell(r, 1).value}
    assert set(rows) == {shown(n) for n in NAMES[3:]}
    for name in NAMES[3:]:
        row = rows[shown(name)]
        sheet.cell(row, 2).value, sheet.cell(row, 3).value = "钱委员", "党支部委员"
        sheet.cell(row, 10).value = f"{name}教学认真"
        sheet.cell(row, 11).value = f"{name}需加强家校联系"
    workbook.save(sheet_path)
    _, output = await deployment.cli("comment", "import", str(sheet_path))
    assert "已导入 5 条点评" in output

    # Scores and composites against the script.
    expected = expected_scores()
    _, listing = await deployment.cli("review", "list", str(campaign_id))
    for name in NAMES:
        ms, ps, composite = expected[name]
        rank = 1 + sum(other[2] > composite for other in expected.values())
        line = (
            f"{shown(name)}\t{ms:.1f}\t{ps:.1f}\t{composite:.1f}\t{rank}\t{suggested(composite)}\t-"
        )
        assert line in listing, (line, listing)

    # 审定 in the chat: every suggestion taken, one override with its reason. Without one, the
    # command line refuses it.
    other = "优秀" if suggested(expected[OVERRIDDEN][2]) != "优秀" else "合格"
    code, output = await deployment.cli(
        "review", "set", str(campaign_id), "--member", OVERRIDDEN, "--grade", other, check=False
    )
    assert code == 2 and "请写一句理由" in output
    await admin.send(f"/review {campaign_id}")
    for name in NAMES:
        screen = admin.last
        assert f"党员：{shown(name)}" in screen["text"]
        grade = other if name == OVERRIDDEN else suggested(expected[name][2])
        await admin.press(grade, screen)
        if name == OVERRIDDEN:
            assert "请发送一句理由" in admin.last["text"]
            [screen] = await admin.send("带领学生获省级竞赛一等奖，表现突出")
            assert f"审定等次：{other}" in screen["text"]
        if name != NAMES[-1]:
            await admin.press("下一人 ▶", admin.last)
    # The campaign is still open: 审定完成 closes it first, in the same press.
    await admin.press(texts.REVIEW_FINISH, admin.last)
    assert admin.last["text"].startswith(texts.REVIEW_STILL_OPEN)
    assert texts.REVIEW_FINISH_YES not in admin.buttons()
    await admin.press(texts.REVIEW_CLOSE_AND_FINISH, admin.last)
    assert texts.REVIEW_DONE in admin.last["text"]
    _, listing = await deployment.cli("campaign", "list")
    assert "进行中" not in listing
    [late] = await fake.person(8300).send(f"/start {token}")  # no more ballots
    assert late["text"] == texts.REFUSALS[Reason.CLOSED]

    # 结果反馈, across a SIGKILL in the middle of the round.
    await admin.send(f"/feedback {campaign_id}")
    await admin.press(texts.FEEDBACK_YES)

    def told(person) -> list[str]:
        return [m["text"] for m in person.messages if "民主评议结果反馈" in m.get("text", "")]

    # Every member's message is out; their pictures wait for the chat's next slot (a second
    # later): the kill falls between the two rounds, with no request in flight.
    def organization_told() -> list[dict]:
        return [m for m in admin.messages if "民主评议组织反馈" in m.get("text", "")]

    await fake.wait_for(lambda: all(told(p) for p in people.values()) and organization_told(), 30)
    await asyncio.sleep(0.3)
    await deployment.kill()
    await deployment.start()

    def sheets(person) -> list[dict]:
        return [
            m
            for m in person.messages
            if m.get("document", {}).get("file_name", "").startswith("反馈单")
        ]

    await fake.wait_for(lambda: all(sheets(p) for p in people.values()), 60)
    await asyncio.sleep(2)  # nothing more comes
    engine = make_engine(deployment.database_url)
    font = find_font()
    try:
        async with make_sessionmaker(engine)() as session:
            campaign = await repo.campaign(session, campaign_id)
            ids = {m.name: m.id for m in await repo.members_of(session, campaign.organization_id)}
            for name in NAMES:
                person = people[name]
                [document] = sheets(person)
                [text] = told(person)
                commenters = {"赵书记"} if name in ("钱委员", "孙委员") else {"钱委员"}
                assert f"党员：{shown(name)}" in text
                strangers = set(NAMES) - {name} - commenters
                assert not [n for n in strangers if n in text], (name, text)
                grade = other if name == OVERRIDDEN else suggested(expected[name][2])
                assert f"审定等次：{grade}" in text
                ms, ps, composite = expected[name]
                assert f"群众评分 {ms:.1f}，互评评分 {ps:.1f}，综合得分 {composite:.1f}" in text
                # The picture is this member's own sheet, byte for byte.
                own = await feedback.member_feedback(session, campaign, ids[name])
                drawn = member_png(own, texts.period_name(campaign.period), font, lambda s: s)
                sent = fake.files[document["document"]["file_id"]][0]
                assert sent == drawn, name
    finally:
        await engine.dispose()
    [organization] = organization_told()
    assert "创建活动与教学结合还不够紧密" in organization["text"]
