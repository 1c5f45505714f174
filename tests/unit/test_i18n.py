"""The English catalog covers every marked sentence, no Chinese reaches the chat unmarked, and the
chat speaks the reader's language."""

import ast
import re
import string
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot import texts
from bot.i18n import DEFAULT, LANGUAGES, catalog_path, middleware, speaking
from bot.i18n import gettext as _
from bot.texts import ballots as ballots_texts
from evaluation.ballot_state import SUGGESTION_LIMIT, Reason
from evaluation.questionnaire import MEMBER_CRITERIA, RATING_LABELS, SIX_ASPECTS

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "N_": None}


def marked_sentences() -> set[str]:
    found = set()
    for package in ("bot", "evaluation", "exports"):
        for path in (ROOT / package).rglob("*.py"):
            for _line, message, _comments, _context in extract_from_file(
                "python", path, keywords=KEYWORDS
            ):
                found.add(message)
    return found


def catalog(language: str):
    with catalog_path(language).open("rb") as po:
        return read_po(po)


def fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def test_every_marked_sentence_has_an_english_translation_and_nothing_else_is_in_it():
    sentences = marked_sentences()
    assert len(sentences) > 100  # the extraction itself works
    english = {m.id: m for m in catalog("en") if m.id}
    missing = sorted(s for s in sentences if s not in english or not english[s].string)
    assert missing == [], f"{len(missing)} sentences have no English: {missing[:5]}"
    assert [m.id for m in english.values() if m.fuzzy] == []
    assert sorted(set(english) - sentences) == [], "entries no code uses any more"
    # The same placeholders, so filling in a translation never fails.
    assert {s: fields(english[s].string) for s in sentences} == {s: fields(s) for s in sentences}


CHINESE = re.compile(r"[\u3400-\u9fff]")
# The command line speaks Chinese to the operator at the server.
COMMAND_LINE = {"bot/demo.py", "bot/startup.py"}
# Chinese that never reaches a chat unmarked: names, headings and cells of the Chinese files
# (rosters, tally sheets, workbooks), audit-log details (recorded once, shown as recorded), stored
# values, the date pattern that accepts 「2026年12月31日」 and the workbook's grading rule.
NOT_CHAT = {
    "bot/handlers/organizing/campaigns.py": {"公示版", "评议"},
    "bot/handlers/organizing/roster.py": {
        "名册模板.xlsx",
        "纸质问卷汇总表-评议",
        "测评表-评议",  # file names
        "份.pdf",
    },
    "bot/webhook.py": {"--listen 应写作 HOST:PORT，收到「"},  # a command-line argument
    "evaluation/access.py": {"），经 ", " 的授权链接", "命令行"},
    "evaluation/activities.py": {"，合计 "},
    "evaluation/commitments.py": {" 项", "本组织"},  # the audit details
    "evaluation/comments.py": {"评议编号", "组织", "对象类别", "）点评 "},  # cells, audit
    "evaluation/commenters.py": {"按角色"},  # audit details
    "evaluation/review.py": {"（建议 ", " 名党员"},  # audit details
    "evaluation/feedback.py": {"私信 ", " 名党员，未认领 ", " 名", "补发 ", " 名党员"},  # audit
    "bot/notices.py": {"反馈单-", "组织反馈单-", "未认领党员反馈单-"},  # file names
    "bot/handlers/member.py": {"反馈单-"},  # the PDF's file name
    "bot/handlers/organizing/review.py": {"组织反馈单-"},  # the PDF's file name
    "evaluation/campaigns.py": {"，含下级组织 ", " 个", " 个测试评议", "，含党员互评"},
    "evaluation/paper.py": {
        "纸质问卷汇总表",
        "场次（如：第一次评议会）",
        "纸质问卷份数",
        "纸质问卷",
        "评议对象",
        "评议内容",
        "评议编号",
        "组织",
        "期次",
        "请在每行填写选择各项的问卷张数；未作答的可留空。",
        " 份",
        "，替换此前导入的同一场次",
    },
    "evaluation/periods.py": {"测试"},
    "evaluation/quarterly.py": {"模板：", "，评议期 ", " 天", "一季一评议自动开启"},
    # Sector names (stored values), and the word matched in a criterion, never shown.
    "evaluation/questionnaire.py": {
        *{"农村", "街道社区", "企业", "新社会组织", "学校医院", "机关"},
        "公开承诺",
    },
    "evaluation/rectification.py": {
        r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$",
        "无",  # what an organizer types for 涉及党员 in any language: nobody
    },
    "evaluation/roster.py": {
        "组织名称",
        "组织类别",
        "上级组织",
        "党员姓名",
        "角色（选填）",
        "新建",
        "更新",
        "组织",
        " 人",
        "本组织公开承诺（选填）",
        "公开承诺（选填，每行一项）",
        "设置公开承诺 ",
        " 个",
    },
    "evaluation/roles.py": {  # stored values and the words rosters write for them
        "书记",
        "党员",
        "党员领导干部",
        "党支部书记",
        "党支部委员",
        "副书记",
        "委员",
        "宣传委员",
        "支书",
        "支委",
        "支部书记",
        "支部副书记",
        "支部委员",
        "普通党员",
        "正式党员",
        "纪检委员",
        "组织委员",
        "统战委员",
        "青年委员",
        "预备党员",
        "领导干部",
    },
    "evaluation/tally.py": {
        "满意票超过有效票的",
        "为满意；满意与基本满意票合计超过",
        "为基本满意；否则为不满意，需整改。不了解不计入有效票。",
        "得分：满意 ",  # Scores.describe, for the workbook's 说明
        " 分，基本满意 ",
        " 分，不满意 ",
        " 分，取有效票的平均分；不了解不计分。",
    },
}


def unmarked_chinese(path: Path) -> set[str]:
    """String literals with Chinese in them outside ``_()``/``N_()`` calls and docstrings."""
    tree = ast.parse(path.read_text())
    skipped = set()
    for node in ast.walk(tree):
        marker = isinstance(node, ast.Call) and getattr(node.func, "id", None) in KEYWORDS
        if marker:
            skipped.update(id(inner) for inner in ast.walk(node))
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
            skipped.add(id(body[0].value))  # a docstring
    return {
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CHINESE.search(node.value)
        and id(node) not in skipped
    }


def test_no_chinese_reaches_the_chat_without_the_catalog():
    found = {}
    for package in ("bot", "evaluation"):
        for path in (ROOT / package).rglob("*.py"):
            name = path.relative_to(ROOT).as_posix()
            if name not in COMMAND_LINE and (literals := unmarked_chinese(path)):
                found[name] = literals
    assert {name: found[name] - NOT_CHAT.get(name, set()) for name in found} == {
        name: set() for name in found
    }, "Chinese that bypasses the catalog: mark it with _() or N_()"
    assert {name: NOT_CHAT[name] - found.get(name, set()) for name in NOT_CHAT} == {
        name: set() for name in NOT_CHAT
    }, "NOT_CHAT names literals that are gone"


@pytest.mark.parametrize(
    ("code", "forced", "language"),
    [
        ("en", None, "en"),
        ("en-GB", None, "en"),
        ("zh-hans", None, "zh"),
        ("ru", None, "zh"),
        ("not a code", None, "zh"),
        (None, None, "zh"),
        ("zh-hans", "en", "en"),
        ("en", "zh", "zh"),
    ],
)
async def test_the_language_is_the_users_unless_forced(code, forced, language):
    from aiogram.types import User

    user = User(id=1, is_bot=False, first_name="A", language_code=code)
    locale = await middleware(forced).get_locale(None, {"event_from_user": user})
    assert locale == language


def test_the_compiled_catalog_is_the_po_compiled():
    """What runs is the .mo: recompile with ``pybabel compile -d bot/locales -D pingyi``."""
    for language in LANGUAGES:
        if language == DEFAULT:
            continue
        compiled = BytesIO()
        write_mo(compiled, catalog(language))
        assert catalog_path(language).with_suffix(".mo").read_bytes() == compiled.getvalue()


def test_texts_follow_the_current_language():
    assert _(ballots_texts.BEGIN) == "开始评议" and _(RATING_LABELS[0]) == "满意"
    with speaking("en"):
        assert _(ballots_texts.BEGIN) == "Start"
        assert str(SUGGESTION_LIMIT) in ballots_texts.refused(Reason.TOO_LONG)
        assert texts.period_name("2026Q4") == "Q4 2026"
        assert texts.date_label(date(2026, 12, 4)) == "2026-12-04"
        assert _(SIX_ASPECTS[0]).startswith("Does it take") and _(MEMBER_CRITERIA[1]).endswith("?")
        assert (
            ballots_texts.help_text().startswith("This is the")
            and "anonymity promise" in ballots_texts.help_text()
        )
    assert texts.period_name("2026Q4") == "2026年第四季度"
    assert _(ballots_texts.BEGIN) == "开始评议"  # back to the default outside


async def test_the_middleware_sets_the_language_for_the_handler_only():
    from aiogram.types import User

    seen = []

    async def handler(event, data):
        seen.append(_(ballots_texts.BEGIN))

    english = User(id=1, is_bot=False, first_name="A", language_code="en")
    await middleware()(handler, None, {"event_from_user": english})
    await middleware(forced="zh")(handler, None, {"event_from_user": english})
    await middleware(forced="en")(handler, None, {})
    assert seen == ["Start", "开始评议", "Start"]
    assert _(ballots_texts.BEGIN) == "开始评议" and DEFAULT == "zh"
