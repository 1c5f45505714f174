"""Every Chinese sentence the respondent sees, in one place."""

from __future__ import annotations

from datetime import date

from evaluation.ballots import SUGGESTION_LIMIT, Reason

ANONYMITY = (
    "🔒 匿名承诺：您的答案与您的 Telegram 账号分开保存，提交后无法对应到任何人；"
    "导出和统计中不会出现您的姓名、账号或答题时间，组织者看不到谁填了什么。"
)

BEGIN = "开始评议"
RESUME = "继续评议"
BACK = "⬅ 上一题"
UNKNOWN_PERSON = "不了解此人"
SKIP = "跳过"
KEEP = "保留原意见"
CLEAR = "清空意见"
PREVIOUS_PAGE = "◀ 上一页"
NEXT_PAGE = "下一页 ▶"
SUBMIT = "✅ 提交"
EDIT = "✏️ 修改"
BACK_TO_REVIEW = "返回核对"
CHOSEN = "✓ "
EDIT_CATEGORY = "身份类别"
EDIT_SUGGESTION = "意见建议"

HELP = (
    "这是群众评议机器人。请点击组织者发给您的邀请链接（或扫描二维码）参加评议，"
    "按提示逐题作答，最后核对并提交。\n\n" + ANONYMITY
)
NO_TOKEN = "请通过组织者提供的邀请链接或二维码参加评议。"
PRIVATE_ONLY = "为保护匿名，请在与机器人的私聊中参加评议。"

REFUSALS = {
    Reason.UNKNOWN_CAMPAIGN: "邀请链接无效，请向组织者核对链接。",
    Reason.CLOSED: "本次评议已结束，不能再作答。感谢您的关注！",
    Reason.ALREADY_SUBMITTED: "您已提交过本次评议，每人只能提交一次。感谢参与！",
    Reason.NOT_STARTED: "您还没有进行中的评议，请通过组织者的邀请链接开始。",
    Reason.STALE: "这个按钮已过期，已为您显示当前进度，请接着作答。",
    Reason.INVALID: "按钮无效，请在最新一条题目消息上作答。",
    Reason.BUTTON_EXPECTED: "请点击题目下方的按钮作答。当前题目：",
    Reason.TOO_LONG: f"意见建议最多 {SUGGESTION_LIMIT} 字，请精简后重新发送。",
    Reason.EMPTY_TEXT: "没有收到文字内容，请重新发送，或点击「跳过」。",
}


def date_label(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else "未设定"


def welcome(
    organization: str,
    period: str,
    questions: int,
    organization_questions: int,
    deadline: date | None,
    ask_category: bool,
    resuming: bool,
) -> str:
    parts = [
        f"您好！欢迎参加「{organization}」{period}群众评议。",
        f"共 {questions} 道评议题（组织评议 {organization_questions} 题，"
        f"党员评议 {questions - organization_questions} 题），每题一屏，点按钮即可作答；"
        "最后可填写意见建议（选填）并核对后提交。",
    ]
    if ask_category:
        parts.append("开始前会请您选择身份类别，仅用于分类统计。")
    parts.append(f"截止日期：{date_label(deadline)}。")
    parts.append(ANONYMITY)
    if resuming:
        parts.append("您有尚未完成的评议，点击「继续评议」从第一道未答的题目接着作答。")
    return "\n\n".join(parts)


CATEGORY_PROMPT = "请选择您的身份（仅用于分类统计，不会记录您是谁）："


def question(
    number: int,
    total: int,
    section: str,
    subject: str,
    criterion: str,
    criterion_number: int,
    criteria_total: int,
    current: str | None,
) -> str:
    lines = [
        f"第 {number}/{total} 题 · {section}",
        f"评议对象：{subject}",
        f"（{criterion_number}/{criteria_total}）{criterion}",
    ]
    if current:
        lines.append(f"当前选择：{current}")
    return "\n".join(lines)


ORGANIZATION_SECTION = "组织评议"
MEMBER_SECTION = "党员评议（五看）"


def suggestion_prompt(current: str | None) -> str:
    text = (
        f"意见建议（选填）：请直接发送文字，最多 {SUGGESTION_LIMIT} 字。"
        "您的意见将匿名转交组织整改。没有意见可点「跳过」。"
    )
    if current:
        text += f"\n\n已填写：\n{current}\n\n重新发送文字可替换。"
    return text


REVIEW_TITLE = "请核对您的评议，确认无误后点击「提交」（提交后不能修改）："
REVIEW_CATEGORY = "身份类别：{}"
REVIEW_ORGANIZATION = "【组织评议】{}"
REVIEW_MEMBERS = "【党员评议】依次为五看各项（基本＝基本满意，不满＝不满意）"
REVIEW_SUGGESTION = "【意见建议】{}"
REVIEW_NO_SUGGESTION = "无"
REVIEW_PAGE = "（第 {}/{} 页）"

PICK_SUBJECT = "请选择要修改的评议对象："
PICK_CRITERION = "「{}」：请选择要修改的题目："


def submitted(receipt: str) -> str:
    return (
        "✅ 提交成功，感谢您参与评议！\n\n"
        f"回执码：{receipt}\n"
        "回执码只证明您的评议已收到，不包含您的身份。\n\n" + ANONYMITY
    )


FAILURE = "抱歉，处理时出现错误，您的答案没有丢失。请稍后重试，或重新点击邀请链接继续。"
