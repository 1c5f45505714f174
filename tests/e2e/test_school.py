"""民主评议 end to end, with the real ``pingyi run`` over HTTP: the seed's school branch under the
county 教育党委, run as its organizer, its members and the county's leader would. 认领 links
from the chat that the command line's slips leave alone; the campaign opened from the command
line while the bot runs (the invitations come at once); 8 peer ballots, and a bound member on
the masses' ballot never asked about themself; 20 masses' ballots with known answers; 逐级点评
(the county's leader on the branch, signed once with a name and title, typed across a SIGKILL;
the 书记 on the 支委 in the chat, required fields only; a 支委 on the members from the desk
workbook) and an audit log that names members, not accounts; scores against the script; 审定
on one screen per member with one override, finished in one step with the campaign's close;
/feedback across a SIGKILL, each member's 反馈单 a photo of theirs alone with its PDF on request,
the 组织反馈单 to everyone who manages or commented on the branch; and a second /feedback that
sends only to the member bound since. Presses are counted where the issue counted them."""

from __future__ import annotations

import asyncio

from openpyxl import load_workbook

from bot import texts
from bot.demo import Ballot, vote
from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from bot.texts import comments as comments_texts
from bot.texts import commitments as commitments_texts
from bot.texts import feedback as feedback_texts
from bot.texts import members as members_texts
from bot.texts import organizing as organizing_texts
from bot.texts import review as review_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation import feedback
from evaluation.ballot_state import Reason
from evaluation.questionnaire import MEMBER_CRITERIA, RATING_LABELS, Rating
from exports.feedback_sheet import member_pages
from exports.poster import find_font
from storage import campaigns as campaign_repo
from storage import organizations as organization_repo
from storage.db import make_engine, make_sessionmaker
from support.deployments import ADMIN
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
ORGANIZER = 7401  # the school branch's own organizer
SIGNATURE = ("吴建国", "县教育党委副书记")
REBOUND = "王老师"  # unbound before the release, bound again after it
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


async def member_link(organizer, name: str) -> str:
    """/members (one organization: its list at once), the member: their 认领 link."""
    [listing] = await organizer.send("/members")
    assert "已认领" in listing["text"]  # no picker of one organization
    await organizer.press_containing(name, listing)
    return link_in(organizer.last)


async def fill_comment(person, subject: str, strengths: str, improvements: str) -> int:
    """/comment, the subject, 优点, 需改进, ✅ 完成; the presses it took."""
    before = person.presses
    await person.send("/comment")
    await person.press_containing(subject)
    [field] = await person.send(strengths)
    assert gettext(comments_texts.COMMENT_DONE) not in person.buttons(
        field
    )  # 需改进 is required too
    [optional] = await person.send(improvements)
    assert "第 3/" in optional["text"]  # the optional items follow: no 跳过 needed
    await person.press(gettext(comments_texts.COMMENT_DONE), optional)
    assert person.last["text"].startswith(gettext(comments_texts.COMMENT_SAVED))
    return person.presses - before


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
    organizer = fake.person(ORGANIZER, "孙主任")
    await grant(admin, leader, COUNTY)
    await grant(admin, organizer, SCHOOL)
    people = {name: fake.person(ACCOUNT[name], name) for name in NAMES}

    # 认领 links from the chat. Pressing a member again shows the same live link; the
    # command line's slips leave every live link alone and print none.
    links = {name: await member_link(organizer, name) for name in NAMES}
    assert await member_link(organizer, NAMES[0]) == links[NAMES[0]]
    assert "仍然有效" in organizer.last["text"]
    slips = deployment.workdir / "slips"
    _, output = await deployment.cli("member", "links", "--org", SCHOOL, "--out", str(slips))
    assert f"{len(NAMES)} 名党员已有发出而未使用的认领链接，保留不变" in output
    assert not slips.exists()
    for name in NAMES:
        [claimed] = await people[name].send(f"/start {links[name]}")
        assert "链接无效" not in claimed["text"]
    # No commitments yet: /my_commitments says who sets them.
    [none] = await people["李老师"].send("/my_commitments")
    assert gettext(commitments_texts.OWN_COMMITMENTS_NONE) in none["text"]

    # The campaign opened from the command line while the bot runs: the invitations come at
    # once (NOTIFY, or the scheduler's 5 s look on SQLite), not at the minute's refresh.
    _, output = await deployment.cli(
        "campaign", "start", "--org", SCHOOL, "--no-category", "--peer-review"
    )
    campaign_id = int(output.split("campaign id:")[1].split()[0])
    token = output.split("invitation link:")[1].split()[0].rsplit("=", 1)[1]
    for person in people.values():
        await fake.wait_for(lambda p=person: "请填写您的党员自我评价" in p.last.get("text", ""), 40)

    # A member pressing an organizer's button is told it is an organizer's.
    answer = await people["李老师"].press_data(f"o:rf:{campaign_id}:0")
    assert answer["text"] == gettext(organizing_texts.ORGANIZERS_BUTTON)

    # 8 peer ballots, as the script says; nobody is asked about themself.
    for rater, name in enumerate(NAMES):
        person = people[name]
        await person.press(gettext(self_evaluation_texts.PEER_BEGIN))
        while "评议对象：" in person.last["text"]:
            lines = person.last["text"].split("\n")
            subject = next(n for n in NAMES if lines[1] == f"评议对象：{shown(n)}")
            assert subject != name
            criterion = int(lines[2].removeprefix("（").split("/")[0]) - 1
            rating = peer_rating(rater, NAMES.index(subject), criterion)
            await person.press(RATING_LABELS[rating])
        await person.press(gettext(ballots_texts.SUBMIT))
        assert "党员互评已提交" in person.last["text"]

    # A bound member on the masses' ballot is told what it is for them and never asked about
    # themself; 不了解此人 for each colleague keeps the script's figures as they are.
    teacher = people["李老师"]
    [welcome] = await teacher.send(f"/start {token}")
    assert gettext(ballots_texts.MEMBER_ON_MASSES_BALLOT_PEER) in welcome["text"]
    await teacher.press(gettext(ballots_texts.BEGIN))
    asked = []
    while "评议对象：" in teacher.last["text"]:
        subject = teacher.last["text"].split("\n")[1].removeprefix("评议对象：")
        asked.append(subject)
        if subject == SCHOOL:
            await teacher.press(RATING_LABELS[Rating.SATISFIED])
        else:
            await teacher.press(gettext(ballots_texts.UNKNOWN_PERSON))
    assert asked == [SCHOOL] * 6 + [shown(n) for n in NAMES if n != "李老师"]
    await teacher.press(gettext(ballots_texts.SKIP))
    assert f"{shown('李老师')}：{gettext(ballots_texts.REVIEW_ONESELF)}" in teacher.last["text"]
    await teacher.press(gettext(ballots_texts.SUBMIT))
    assert "回执码" in teacher.last["text"]

    # 20 masses' ballots: the organization all 满意, each member as the script says.
    for n in range(MASSES):
        ballot = Ballot(None)
        for q in range(6):
            ballot.answers[q] = Rating.SATISFIED
        for m in range(len(NAMES)):
            for c in range(len(MEMBER_CRITERIA)):
                ballot.answers[6 + m * 5 + c] = masses_rating(n, m, c)
        assert await vote(fake.person(8200 + n), token, ballot)

    # 逐级点评. The county's leader on the branch: asked once for a name and title to sign
    # with, then the required fields first; typed across a SIGKILL.
    await leader.send("/comment")
    assert leader.buttons()[0] == SCHOOL  # from above: the branch (and, as organizer, its members)
    await leader.press(SCHOOL)
    assert leader.last["text"] == gettext(comments_texts.SIGNATURE_FIRST)
    [signed, first] = await leader.send(" ".join(SIGNATURE), replies=2)
    assert signed["text"] == comments_texts.signed(*SIGNATURE)
    assert (
        "第 1/8 项：优点（必填）" in first["text"] and "吴建国（县教育党委副书记）" in first["text"]
    )
    [reply] = await leader.send("创建活动开展扎实，教学质量稳步提升")
    assert "第 2/8 项：需改进（必填）" in reply["text"]
    await deployment.kill()
    await deployment.start()
    [reply] = await leader.send("创建活动与教学结合还不够紧密，要在课堂上见成效")
    assert "第 3/8 项" in reply["text"]  # still the comment's next field after the restart
    [reply] = await leader.send("支部班子团结，组织领导有力")
    await leader.press(gettext(comments_texts.COMMENT_DONE), reply)
    assert leader.last["text"].startswith(gettext(comments_texts.COMMENT_SAVED))
    # The 书记 on each 支委, in the chat: two presses and two texts each.
    secretary = people["赵书记"]
    await secretary.send("/comment")
    assert secretary.buttons() == [shown("钱委员"), shown("孙委员")]
    for name in ("钱委员", "孙委员"):
        typed = secretary.typed
        assert (
            await fill_comment(secretary, name, f"{name}工作认真负责", f"{name}要加强理论学习") == 2
        )
        assert secretary.typed - typed == 2
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
    # The audit log names the 书记 who commented, never their account.
    _, log = await deployment.cli("audit")
    commented = [line for line in log.splitlines() if "逐级点评" in line]
    assert any("党员本人" in line and "赵书记（党支部书记）点评" in line for line in commented)
    assert not [line for line in commented if str(ACCOUNT["赵书记"]) in line]
    assert any(
        f"Telegram {LEADER}" in line and "吴建国（县教育党委副书记）" in line for line in commented
    )

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
    presses = organizer.presses
    await organizer.send("/review")  # one campaign: its first member at once
    for name in NAMES:
        screen = organizer.last
        assert f"党员：{shown(name)}" in screen["text"]
        grade = other if name == OVERRIDDEN else suggested(expected[name][2])
        await organizer.press(grade, screen)
        if name == OVERRIDDEN:  # the reason is asked on the screen itself
            assert "请发送一句理由" in screen["text"]
            [screen] = await organizer.send("带领学生获省级竞赛一等奖，表现突出")
            assert f"审定等次：{other}" in screen["text"]
            # The question keeps no live buttons once answered (edited right after the reply).
            [asked] = [m for m in organizer.messages if "请发送一句理由" in m.get("text", "")]
            await fake.wait_for(lambda asked=asked: "reply_markup" not in asked, 10)
        if name != NAMES[-1]:
            await organizer.press("下一人 ▶", organizer.last)
    # The campaign is still open: 审定完成 closes it first, in the same press.
    await organizer.press(gettext(review_texts.REVIEW_FINISH), organizer.last)
    assert organizer.last["text"].startswith(gettext(review_texts.REVIEW_STILL_OPEN))
    assert gettext(review_texts.REVIEW_FINISH_YES) not in organizer.buttons()
    await organizer.press(gettext(review_texts.REVIEW_CLOSE_AND_FINISH), organizer.last)
    assert gettext(review_texts.REVIEW_DONE) in organizer.last["text"]
    # A grade a member, the next member a member but the last, and the two to finish.
    assert organizer.presses - presses == len(NAMES) + (len(NAMES) - 1) + 2
    _, listing = await deployment.cli("campaign", "list")
    assert "进行中" not in listing
    [late] = await fake.person(8300).send(f"/start {token}")  # no more ballots
    assert late["text"] == ballots_texts.refused(Reason.CLOSED)

    # One member is unbound when the results go out (a new link withdrew the binding).
    await organizer.send("/members")
    await organizer.press_containing(REBOUND)
    await organizer.press(gettext(members_texts.MEMBER_REISSUE))
    relink = link_in(organizer.last)

    # 结果反馈, across a SIGKILL in the middle of the round.
    await organizer.send("/feedback")  # one campaign: its question at once
    await organizer.press(gettext(feedback_texts.FEEDBACK_YES))
    bound = [name for name in NAMES if name != REBOUND]

    def told(person) -> list[str]:
        return [m["text"] for m in person.messages if "民主评议结果反馈" in m.get("text", "")]

    # Every message is out; the sends after it are held undelivered (a request Telegram never
    # got), so the kill leaves no request it accepted unrecorded: each goes out once.
    def organization_told(person) -> list[dict]:
        return [m for m in person.messages if "民主评议组织反馈" in m.get("text", "")]

    readers = (organizer, admin, leader)  # its organizer, the super-organizer, who commented
    await fake.wait_for(
        lambda: all(told(people[n]) for n in bound) and all(map(organization_told, readers)), 30
    )
    fake.hold_sends()
    await asyncio.sleep(1)  # what Telegram took before the hold is recorded as sent meanwhile
    await deployment.kill()
    fake.release_sends()
    await deployment.start()

    def sheets(person) -> list[dict]:
        return [m for m in person.messages if "photo" in m]

    await fake.wait_for(lambda: all(sheets(people[n]) for n in bound), 60)
    await asyncio.sleep(2)  # nothing more comes
    assert not told(people[REBOUND])
    engine = make_engine(deployment.database_url)
    font = find_font()
    try:
        async with make_sessionmaker(engine)() as session:
            campaign = await campaign_repo.campaign(session, campaign_id)
            ids = {
                m.name: m.id
                for m in await organization_repo.members_of(session, campaign.organization_id)
            }
            for name in bound:
                person = people[name]
                photos = sheets(person)  # a photo per A4 page
                [text] = told(person)
                commenters = {"赵书记"} if name in ("钱委员", "孙委员") else {"钱委员"}
                assert f"党员：{shown(name)}" in text
                strangers = set(NAMES) - {name} - commenters
                assert not [n for n in strangers if n in text], (name, text)
                grade = other if name == OVERRIDDEN else suggested(expected[name][2])
                assert f"审定等次：{grade}" in text
                ms, ps, composite = expected[name]
                assert f"群众评分 {ms:.1f}，互评评分 {ps:.1f}，综合得分 {composite:.1f}" in text
                # The pictures are this member's own sheet, byte for byte, as photos.
                own = await feedback.member_feedback(session, campaign, ids[name])
                drawn = member_pages(own, texts.period_name(campaign.period), font, lambda s: s)
                sent = [fake.files[photo["photo"][-1]["file_id"]][0] for photo in photos]
                assert sent == drawn, name
    finally:
        await engine.dispose()
    for person in readers:
        [organization] = organization_told(person)  # once each
        assert "创建活动与教学结合还不够紧密" in organization["text"]
        assert "吴建国（县教育党委副书记）" in organization["text"]

    # The PDF on request, from the photo: one's own sheet.
    teacher_photo = sheets(teacher)[0]
    await teacher.press(gettext(review_texts.FEEDBACK_PDF), teacher_photo)
    await fake.wait_for(lambda: "document" in teacher.last, 15)
    assert teacher.last["document"]["file_name"] == "反馈单-李老师.pdf"
    assert fake.files[teacher.last["document"]["file_id"]][0].startswith(b"%PDF")
    stranger = fake.person(8400)
    [hello] = await stranger.send("/help")
    refused = await stranger.press_data(
        teacher_photo["reply_markup"]["inline_keyboard"][0][0]["callback_data"], hello
    )
    assert refused["text"] == gettext(review_texts.NOT_YOUR_FEEDBACK)

    # A second /feedback: said at once, with the member bound since, sent to them alone.
    [claimed] = await people[REBOUND].send(f"/start {relink}")
    [again] = await organizer.send("/feedback")
    assert again["text"] == feedback_texts.feedback_unsent([shown(REBOUND)], 0)
    await organizer.press(feedback_texts.feedback_unsent_button(1), again)
    await fake.wait_for(lambda: told(people[REBOUND]) and sheets(people[REBOUND]), 30)
    await asyncio.sleep(1)
    assert all(len(told(people[n])) == 1 for n in NAMES)
    [done] = await organizer.send("/feedback")
    assert done["text"] == feedback_texts.feedback_all_sent(0)
