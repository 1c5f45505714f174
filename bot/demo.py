"""``pingyi demo``: a whole campaign through the real bot, offline, in one process.

The project's Bot API fake stands in for Telegram on a local port; the bot runs against it
with a database in the demo's folder. A super-organizer imports a roster and opens a campaign
in the chat, 30 simulated respondents answer (some leave their ballot unfinished), the clock
moves to the first reminder round, the reminded finish, and the organizer closes the campaign.
What the bot sent the organizer (QR code, poster, workbook, 公示版) is written to the folder.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.app import Application
from bot.i18n import gettext
from bot.texts import ballots as ballots_texts
from bot.texts import campaigns as campaigns_texts
from deployment.clock import Clock
from deployment.settings import Settings
from evaluation.questionnaire import RATING_LABELS, RESPONDENT_CATEGORIES, Rating
from exports.roster import fill_template
from fake_telegram import FakeTelegram, Person

TOKEN = "123456789:DemoTokenThatTelegramNeverSees_000000"
ADMIN = 1000  # the demo's super-organizer
FIRST_RESPONDENT = 20_000
ORGANIZATION = "演示社区第一党支部"
SECTOR = "街道社区"  # its 行业目标 is "和谐安定"
MEMBERS = [
    ("孙志强", "党支部书记"),
    ("何丽华", "党支部委员"),
    ("马国庆", "党小组长"),
    ("郭晓燕", None),
    ("林海涛", None),
    ("罗文斌", None),
    ("高秀兰", None),
    ("郑建军", None),
    ("谢春梅", None),
]
ORGANIZATION_QUESTIONS = 6  # 六个方面; then 五看 for each member
CRITERIA = 5
RESPONDENTS = 30
UNFINISHED = 6  # stop halfway; the reminder round brings most of them back
RESUMING = 4
EXPECTED = 35
OPINIONS = [
    "希望支部多组织党员到小区走访，听听老人和残疾人家庭的困难。",
    "社区停车难的问题反映多次了，建议支部牵头和物业一起想办法。",
    "党员志愿服务可以固定时间，方便群众知道什么时候能找到人。",
    "政务公开栏更新太慢，建议每月更新一次并写清楚办理进度。",
    "个别党员开会迟到早退，希望加强纪律。",
    "感谢支部帮助解决了楼道照明问题，希望继续保持。",
    "建议组织一次防诈骗宣传进小区，特别针对老年人。",
    "群众反映的问题希望有回音，办没办好都告诉大家。",
]
# Most answers are 满意; one member is judged harder, so the workbook has something to 整改.
WEIGHTS = (0.64, 0.24, 0.05, 0.07)
HARDER_MEMBER = 7
HARDER_WEIGHTS = (0.18, 0.27, 0.5, 0.05)
ANSWER_TIMEOUT = 30.0


class DemoError(Exception):
    """The bot did not do what the simulated person expected."""


def expect(condition: bool, what: str) -> None:
    if not condition:
        raise DemoError(what)


@dataclass
class Ballot:
    """What one simulated respondent means to answer."""

    category: str | None
    answers: dict[int, Rating] = field(default_factory=dict)  # by question, from 0
    unknown_members: set[int] = field(default_factory=set)  # 不了解此人: 五看 skipped at once
    suggestion: str | None = None
    wants_reply: bool = False  # with a suggestion: 提交，愿意接收答复
    organization_questions: int = ORGANIZATION_QUESTIONS

    def member_of(self, question: int) -> int | None:
        if question < self.organization_questions:
            return None
        return (question - self.organization_questions) // CRITERIA


def varied_ballots(count: int, members: int, seed: int = 2026) -> list[Ballot]:
    """Plausible, repeatable ballots: mostly 满意, one member judged harder, some opinions."""
    chance = random.Random(seed)
    ratings = list(Rating)
    ballots = []
    for _ in range(count):
        ballot = Ballot(chance.choice(RESPONDENT_CATEGORIES))
        for question in range(ORGANIZATION_QUESTIONS + members * CRITERIA):
            member = ballot.member_of(question)
            weights = HARDER_WEIGHTS if member == HARDER_MEMBER else WEIGHTS
            ballot.answers[question] = chance.choices(ratings, weights)[0]
        for member in range(members):
            if chance.random() < 0.08:
                ballot.unknown_members.add(member)
                first = ORGANIZATION_QUESTIONS + member * CRITERIA
                for question in range(first, first + CRITERIA):
                    ballot.answers[question] = Rating.UNKNOWN
        if chance.random() < 0.4:
            ballot.suggestion = chance.choice(OPINIONS)
            ballot.wants_reply = chance.random() < 0.5
        ballots.append(ballot)
    return ballots


async def vote(person: Person, token: str, ballot: Ballot, stop_after: int | None = None):
    """Open the link and answer like a person would; returns the receipt text, or None when
    the person stops after ``stop_after`` questions."""
    [welcome] = await person.send(f"/start {token}", timeout=ANSWER_TIMEOUT)
    expect("匿名" in welcome["text"], f"no welcome: {welcome['text'][:80]!r}")
    await person.press(gettext(ballots_texts.BEGIN))
    if ballot.category:
        await person.press(ballot.category)
    return await answer_from(person, ballot, 0, stop_after)


async def answer_from(
    person: Person, ballot: Ballot, question: int, stop_after: int | None = None
) -> str | None:
    """Answer from ``question`` (0-based) on, then the opinion and submission."""
    total = len(ballot.answers)
    while question < total:
        if stop_after is not None and question >= stop_after:
            return None
        text = person.last["text"]
        expect(
            text.startswith(f"第 {question + 1}/{total} 题"),
            f"expected question {question + 1}, the bot showed {text[:60]!r}",
        )
        if ballot.member_of(question) in ballot.unknown_members:
            await person.press(gettext(ballots_texts.UNKNOWN_PERSON))
            question += CRITERIA
            continue
        await person.press(RATING_LABELS[ballot.answers[question]])
        question += 1
    expect("意见建议" in person.last["text"], "no opinion step after the last question")
    if ballot.suggestion:
        [review] = await person.send(ballot.suggestion, timeout=ANSWER_TIMEOUT)
    else:
        await person.press(gettext(ballots_texts.SKIP))
        review = person.last
    expect("请核对" in review["text"], "no review before submission")
    if not ballot.suggestion:
        await person.press(gettext(ballots_texts.SUBMIT), review)
    elif ballot.wants_reply:
        await person.press(gettext(ballots_texts.SUBMIT_WITH_REPLY), review)
    else:
        await person.press(gettext(ballots_texts.SUBMIT_WITHOUT_REPLY), review)
    return person.last["text"]


def current_question(message: dict) -> int:
    """The 0-based question a ballot screen shows (「第 8/51 题」 → 7)."""
    found = re.match(r"第 (\d+)/\d+ 题", message.get("text", ""))
    expect(found is not None, f"not a question: {message.get('text', '')[:60]!r}")
    return int(found.group(1)) - 1


@dataclass
class Outcome:
    folder: Path
    files: list[Path]
    submitted: int
    reminded: int
    summary: str  # the bot's closing summary, as the organizer read it


Step = Callable[[str, int], None]  # what is happening, and how many units of work it was


DATABASE_FILE, LOG_FILE = "pingyi-demo.db", "bot.log"


class Demo:
    def __init__(self, folder: Path, on_step: Step = lambda what, units: None) -> None:
        self.folder = folder
        self.on_step = on_step
        self.fake = FakeTelegram(TOKEN, username="pingyi_demo_bot")
        self.files: list[Path] = []

    def save(self, message: dict, kind: str, name: str | None = None) -> Path:
        """Write a photo or document the bot sent into the folder."""
        sent = message["photo"][-1] if kind == "photo" else message[kind]  # largest photo size
        content, stored = self.fake.files[sent["file_id"]]
        path = self.folder / (name or stored.split("_", 1)[1])
        path.write_bytes(content)
        self.files.append(path)
        return path

    async def run(self) -> Outcome:
        self.folder.mkdir(parents=True, exist_ok=True)
        await self.fake.start()
        settings = Settings(
            bot_token=TOKEN,
            api_url=self.fake.base_url,
            database_url=f"sqlite+aiosqlite:///{self.folder / DATABASE_FILE}",
            admin_ids=[ADMIN],
            secret=secrets.token_hex(32),
            polling_timeout=1,
            send_rate=50,
            clock_start=None,
            locale=None,  # the simulated people read Chinese, whatever PINGYI_LOCALE says
        )
        clock = Clock()
        application = Application(settings, clock)
        polling: asyncio.Task | None = None
        try:
            await application.start()
            await application.lead()
            polling = asyncio.create_task(application.poll(handle_signals=False))
            self.on_step("机器人已启动 / bot started", 1)
            return await self.campaign(application, clock)
        finally:
            if polling is not None:
                await application.dispatcher.stop_polling()
                await polling
            await application.close()
            await self.fake.stop()

    async def campaign(self, application: Application, clock: Clock) -> Outcome:
        admin = self.fake.person(ADMIN, "组织委员")
        [template] = await admin.send("/roster_template", timeout=ANSWER_TIMEOUT)
        blank, _ = self.fake.files[template["document"]["file_id"]]
        roster = fill_template(blank, ORGANIZATION, MEMBERS, parent="演示街道党工委", sector=SECTOR)
        [imported] = await admin.send_document("名册.xlsx", roster, timeout=ANSWER_TIMEOUT)
        expect(ORGANIZATION in imported["text"], f"roster not imported: {imported['text']!r}")
        self.on_step("名册已导入 / roster imported", 1)

        campaign_id, token, deadline = await self.open_campaign(admin)
        self.on_step("评议已开启 / campaign opened", 1)

        people = [
            self.fake.person(FIRST_RESPONDENT + n, f"群众{n + 1}") for n in range(RESPONDENTS)
        ]
        ballots = varied_ballots(RESPONDENTS, len(MEMBERS))
        stops = {n: 8 + 5 * n for n in range(UNFINISHED)}  # the first few stop halfway
        gate = asyncio.Semaphore(10)

        async def respond(n: int) -> None:
            async with gate:
                await vote(people[n], token, ballots[n], stops.get(n))
            self.on_step("群众作答中 / respondents answering", 1)

        await asyncio.gather(*(respond(n) for n in range(RESPONDENTS)))

        reminded = await self.reminder_round(application, clock, deadline, people[:UNFINISHED])
        for n in range(RESUMING):
            person = people[n]
            reminder = next(
                m for m in person.messages if gettext(ballots_texts.RESUME) in person.buttons(m)
            )
            await person.press(gettext(ballots_texts.RESUME), reminder)
            await answer_from(person, ballots[n], current_question(person.last))
            self.on_step("被提醒者完成作答 / the reminded finish", 1)

        summary = await self.close(admin, campaign_id)
        submitted = RESPONDENTS - UNFINISHED + RESUMING
        files = [*self.files, self.folder / DATABASE_FILE]
        return Outcome(self.folder, files, submitted, reminded, summary)

    async def open_campaign(self, admin: Person) -> tuple[int, str, date]:
        """The /start_campaign wizard: 六个方面 + 五看, this quarter, 7 days, 35 expected."""
        await admin.send("/start_campaign", timeout=ANSWER_TIMEOUT)
        await admin.press_containing(ORGANIZATION)
        await admin.press("六个方面 + 五看")
        await admin.press_data(admin.last["reply_markup"]["inline_keyboard"][0][0]["callback_data"])
        await admin.press_containing("7 天后")
        [confirm] = await admin.send(str(EXPECTED), timeout=ANSWER_TIMEOUT)
        before = len(admin.messages)
        await admin.press(gettext(campaigns_texts.CONFIRM_OPEN), confirm)
        await self.fake.wait_for(lambda: len(admin.messages) >= before + 3, ANSWER_TIMEOUT)
        announcement, qr, poster = admin.messages[-3:]
        text = announcement["text"]
        link = re.search(r"https://t\.me/\S+\?start=(\S+)", text)
        number = re.search(r"编号 (\d+)", text)
        deadline = re.search(r"截止 (\d{4})年(\d{1,2})月(\d{1,2})日", text)
        expect(bool(link and number and deadline), f"not an announcement: {text[:120]!r}")
        self.save(qr, "photo", "邀请二维码.png")
        if "document" in poster:  # without a CJK font the bot sends link and QR code only
            self.save(poster, "document", "A4邀请海报.png")
        return int(number.group(1)), link.group(1), date(*map(int, deadline.groups()))

    async def reminder_round(
        self, application: Application, clock: Clock, deadline: date, unfinished: list[Person]
    ) -> int:
        """Move the clock to the first reminder round and wait until every reminder is out."""
        rules = application.settings.cycle_rules()
        first_round = rules.rounds(deadline)[0].moment
        clock.move_to(max(first_round, clock.now()) + timedelta(minutes=1))
        application.scheduler.changed()

        def reminded() -> int:
            return sum(
                any(gettext(ballots_texts.RESUME) in p.buttons(m) for m in p.messages)
                for p in unfinished
            )

        await self.fake.wait_for(lambda: reminded() == len(unfinished), 60)
        self.on_step("提醒已发出 / reminders sent", 1)
        return reminded()

    async def close(self, admin: Person, campaign_id: int) -> str:
        await admin.send(f"/close_campaign {campaign_id}", timeout=ANSWER_TIMEOUT)
        before = len(admin.messages)
        await admin.press(gettext(campaigns_texts.CLOSE_YES))
        await self.fake.wait_for(lambda: any("document" in m for m in admin.messages[before:]), 120)
        sent = admin.messages[before - 1 :]
        self.save(next(m for m in sent if "document" in m), "document")
        summary = next((m["text"] for m in sent if "评议汇总" in m.get("text", "")), "")
        self.on_step("评议已关闭，统计表已生成 / closed, workbook written", 1)

        [_, public] = await admin.send(f"/public {campaign_id}", replies=2, timeout=120)
        expect("document" in public, "no 公示版 document")
        self.save(public, "document")
        self.on_step("公示版已生成 / public version written", 1)
        return summary


STEPS = 3 + RESPONDENTS + 1 + RESUMING + 2  # what on_step reports, in units, over a demo


def default_folder(now: datetime) -> Path:
    return Path(f"pingyi-demo-{now:%Y%m%d-%H%M%S}")


def quiet_logging(folder: Path) -> None:
    """The bot's log goes to a file in the folder; the terminal keeps the progress bar."""
    handler = logging.FileHandler(folder / LOG_FILE, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
