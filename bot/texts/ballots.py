"""The masses' ballot and the 党员互评 ballot: welcome, questions, review, 提交, receipts,
reminder subscriptions, /help, the respondent's command menu, and the ballot's refusals.
"""

from __future__ import annotations

from datetime import date

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts import date_label, period_name
from evaluation.ballot_state import SUGGESTION_LIMIT, Reason

_ANONYMITY = N_(
    "🔒 匿名承诺：您的答案与您的 Telegram 账号分开保存，提交后无法对应到任何人；"
    "导出和统计中不会出现您的姓名、账号或答题时间，组织者看不到谁填了什么。"
)
_HELP = N_(
    "这是群众评议机器人。请点击组织者发给您的邀请链接（或扫描二维码）参加评议，"
    "按提示逐题作答，最后核对并提交。"
)
_MEMBER_HELP = N_(
    "党员认领本人后（组织者发给您的个人认领链接）：/my_commitments 查看和更新公开承诺，"
    "/self_evaluation 填写党员自我评价、参加党员互评。"
)
_TOO_LONG = N_("意见建议最多 {limit} 字，请精简后重新发送。")
# The 党员互评 ballot and the self-evaluation say it alike.
NOT_BOUND = N_("只有已认领的本组织党员才能参加党员自我评价和党员互评。请向组织者索取您的认领链接。")
BEGIN = N_("开始评议")
RESUME = N_("继续评议")
BACK = N_("⬅ 上一题")
SHOW_COMMITMENTS = N_("📜 查看承诺")
BACK_TO_QUESTION = N_("⬅ 返回题目")
UNKNOWN_PERSON = N_("不了解此人")
SKIP = N_("跳过")
KEEP = N_("保留原意见")
CLEAR = N_("清空意见")
SUBMIT = N_("✅ 提交")
SUBMIT_WITH_REPLY = N_("✅ 提交，愿意接收答复")
SUBMIT_WITHOUT_REPLY = N_("✅ 提交，不需答复")
REPLY_QUESTION = N_(
    "\n\n您提了意见建议。是否愿意接收组织对这条意见的答复？选「愿意接收答复」，"
    "答复后机器人会私信发给您；组织者看不到您是谁，答复发出后即删除送达信息。"
)
EDIT = N_("✏️ 修改")
BACK_TO_REVIEW = N_("返回核对")
EDIT_CATEGORY = N_("身份类别")
EDIT_SUGGESTION = N_("意见建议")


def help_text() -> str:
    """/help for everyone but organizers."""
    return _(_HELP) + "\n\n" + _(_MEMBER_HELP) + "\n\n" + _(_ANONYMITY)


NO_TOKEN = N_("请通过组织者提供的邀请链接或二维码参加评议。")
PRIVATE_ONLY = N_("为保护匿名，请在与机器人的私聊中参加评议。")
REFUSALS: dict[Reason, str] = {
    Reason.UNKNOWN_CAMPAIGN: N_("邀请链接无效，请向组织者核对链接。"),
    Reason.CLOSED: N_("本次评议已结束，不能再作答。感谢您的关注！"),
    Reason.ALREADY_SUBMITTED: N_("您已提交过本次评议，每人只能提交一次。感谢参与！"),
    Reason.NOT_STARTED: N_("您还没有进行中的评议，请通过组织者的邀请链接开始。"),
    Reason.STALE: N_("这个按钮已过期，已为您显示当前进度，请接着作答。"),
    Reason.INVALID: N_("按钮无效，请在最新一条题目消息上作答。"),
    Reason.BUTTON_EXPECTED: N_("请点击题目下方的按钮作答。当前题目："),
    Reason.TOO_LONG: _TOO_LONG,
    Reason.EMPTY_TEXT: N_("没有收到文字内容，请重新发送，或点击「跳过」。"),
    Reason.NO_PEER_REVIEW: N_("本次评议没有党员互评，或本组织没有其他党员可以互评。"),
    Reason.NOT_MEMBER: NOT_BOUND,
    Reason.NOT_LISTED: N_("您在本次评议开始后才列入名册，不参加本次党员互评。"),
}


def refused(reason: Reason) -> str:
    """Why the ballot refused, in the reader's language."""
    text = _(REFUSALS[reason])
    return text.format(limit=SUGGESTION_LIMIT) if reason is Reason.TOO_LONG else text


CATEGORY_PROMPT = N_("请选择您的身份（仅用于分类统计，不会记录您是谁）：")
ORGANIZATION_SECTION = N_("组织评议")
MEMBER_SECTION = N_("党员评议")
PEER_SECTION = N_("党员互评")  # the 党员互评 ballot's section and review
REVIEW_PEERS = N_("【党员互评】依次为各项（基本＝基本满意，不满＝不满意）")
REVIEW_TITLE = N_("请核对您的评议，确认无误后点击「提交」（提交后不能修改）：")
REVIEW_CATEGORY = N_("身份类别：{}")
REVIEW_ORGANIZATION = N_("【组织评议】{}")
REVIEW_MEMBERS = N_("【党员评议】依次为各项（基本＝基本满意，不满＝不满意）")
REVIEW_SUGGESTION = N_("【意见建议】{}")
REVIEW_NO_SUGGESTION = N_("无")
REVIEW_PAGE = N_("（第 {}/{} 页）")
PICK_SUBJECT = N_("请选择要修改的评议对象：")
PICK_CRITERION = N_("「{}」：请选择要修改的题目：")
RECEIPT_USAGE = N_("请在 /receipt 后附上提交时显示的意见编号，例如：/receipt ABCD-EFGH")
RECEIPT_NOT_FOUND = N_("没有找到这个意见编号，请核对后重试（编号形如 ABCD-EFGH）。")
SUBSCRIBE = N_("🔔 下次评议时提醒我")
NO_SUBSCRIPTION = N_("不用了")
STOP_REMINDERS = N_("不再提醒")
SUBSCRIBE_QUESTION = N_("\n\n下个季度本组织开始评议时，是否提醒您参加？随时发送 /stop 可停止提醒。")
SUBSCRIBED = N_("🔔 已订阅：{}下次评议开始时会通知您。随时发送 /stop 可停止提醒。")
NOT_SUBSCRIBED = N_("好的，不会提醒您。")
CANNOT_SUBSCRIBE = N_("只有提交过本次评议的人可以订阅提醒。")
STOPPED = N_("🔕 已停止提醒，之后不会再主动给您发消息。提交评议后可以重新订阅。")
RESPONDENT_COMMANDS = {  # the command menu everyone sees
    "start": N_("开始或继续评议"),
    "receipt": N_("凭意见编号查看整改进展"),
    "stop": N_("停止提醒"),
    "my_commitments": N_("我的公开承诺（已认领的党员）"),
    "self_evaluation": N_("党员自我评价与党员互评（已认领的党员）"),
    "comment": N_("逐级点评（书记、支委和组织者）"),
    "help": N_("使用说明"),
}


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
        _("您好！欢迎参加「{organization}」{period}群众评议。").format(
            organization=organization, period=period
        ),
        _(
            "共 {questions} 道评议题（组织评议 {organization_questions} 题，"
            "党员评议 {member_questions} 题），每题一屏，点按钮即可作答；"
            "最后可填写意见建议（选填）并核对后提交。"
        ).format(
            questions=questions,
            organization_questions=organization_questions,
            member_questions=questions - organization_questions,
        ),
    ]
    if ask_category:
        parts.append(_("开始前会请您选择身份类别，仅用于分类统计。"))
    parts.append(_("截止日期：{deadline}。").format(deadline=date_label(deadline)))
    parts.append(_(_ANONYMITY))
    if resuming:
        parts.append(_("您有尚未完成的评议，点击「继续评议」从第一道未答的题目接着作答。"))
    return "\n\n".join(parts)


def group_welcome(organization: str, period: str, branches: int, deadline: date | None) -> str:
    return "\n\n".join(
        [
            _("您好！欢迎参加「{organization}」{period}群众评议。").format(
                organization=organization, period=period
            ),
            _(
                "本次评议包括 {branches} 个组织。请先选择您要评议的组织（一般是您所在或"
                "服务您的党组织），然后逐题作答。"
            ).format(branches=branches),
            _("截止日期：{deadline}。").format(deadline=date_label(deadline)),
            _(_ANONYMITY),
        ]
    )


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
        _("第 {number}/{total} 题 · {section}").format(number=number, total=total, section=section),
        _("评议对象：{subject}").format(subject=subject),
        f"（{criterion_number}/{criteria_total}）{criterion}",
    ]
    if current:
        lines.append(_("当前选择：{rating}").format(rating=current))
    return "\n".join(lines)


def suggestion_prompt(current: str | None) -> str:
    text = _(
        "意见建议（选填）：请直接发送文字，最多 {limit} 字。"
        "您的意见将匿名转交组织整改。没有意见可点「跳过」。"
    ).format(limit=SUGGESTION_LIMIT)
    if current:
        text += _("\n\n已填写：\n{current}\n\n重新发送文字可替换。").format(current=current)
    return text


def peer_submitted(organization: str) -> str:
    """The 党员互评 ballot's thank-you: no receipt, nothing kept of who rated whom."""
    return _(
        "✅ 党员互评已提交，感谢！\n\n"
        "互评不记名：您的答卷已计入「{organization}」各党员的得票统计后删除，"
        "不保存谁评了谁，组织者也看不到。"
    ).format(organization=organization)


def submitted(receipt: str, suggestion_code: str | None) -> str:
    text = _(
        "✅ 提交成功，感谢您参与评议！\n\n"
        "回执码：{receipt}\n"
        "回执码只证明您的评议已收到，不包含您的身份。\n\n"
    ).format(receipt=receipt)
    if suggestion_code:
        text += _(
            "意见编号：{code}\n"
            "您的意见已转入整改台账。"
            "随时发送 /receipt {code} 可查看整改进展和答复。\n\n"
        ).format(code=suggestion_code)
    return text + _(_ANONYMITY)


def late_receipt(organization: str, period: str, receipt: str, suggestion_code: str | None):
    """The thank-you the outbox sends when the screen could not show it (a restart)."""
    heading = _("您在「{organization} {period}」的评议已经提交，以下是您的回执：\n\n").format(
        organization=organization, period=period
    )
    return heading + submitted(receipt, suggestion_code)


def receipt(item) -> str:
    lines = [
        _("📋 意见编号 {code}（{organization} {period}群众评议）").format(
            code=item.code, organization=item.organization, period=period_name(item.period)
        ),
        _("意见：{text}").format(text=item.text),
        _("整改状态：{status}").format(status=_(item.status)),
    ]
    if item.owner:
        lines.append(_("负责人：{owner}").format(owner=item.owner))
    if item.deadline:
        lines.append(_("整改期限：{deadline}").format(deadline=date_label(item.deadline)))
    if item.response:
        lines.append(_("答复：{response}").format(response=item.response))
    else:
        lines.append(_("答复：尚未答复"))
    return "\n".join(lines)


MEMBER_ON_MASSES_BALLOT = N_(
    "您是本组织已认领的党员：问卷不会问到您本人，评价您自己请用 /self_evaluation。"
)
MEMBER_ON_MASSES_BALLOT_PEER = N_(
    "您是本组织已认领的党员：问卷不会问到您本人。本次评议开展党员互评，作为党员评价"
    "其他党员，请在「党员互评」中进行；评价您自己请用 /self_evaluation。"
)
REVIEW_ONESELF = N_("（您本人，不评价）")
