"""Every sentence the bot says, in one place.

Everything is catalogued (bot/i18n.py): the constants in ``_NAMED`` are looked up in the
reader's language each time they are read (``texts.BEGIN``), and the functions translate their
templates before filling them in. ``say`` does the same for what the core words itself: its
refusals and ``Phrase``s (evaluation/wording.py).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.i18n import N_
from bot.i18n import gettext as _
from evaluation.ballot_state import SUGGESTION_LIMIT, Reason
from evaluation.commitments import STATES as COMMITMENT_STATES
from evaluation.commitments import item_mark
from evaluation.periods import period_label
from evaluation.rectification import OPEN_STATUSES
from evaluation.self_evaluation import TEXT_LIMIT as SELF_TEXT_LIMIT
from evaluation.self_evaluation import SelfReason
from evaluation.tally import DEFAULT_SCORES, Scores, needs_rectification
from evaluation.wording import LIST_SEPARATOR

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

_NOT_BOUND = N_(
    "只有已认领的本组织党员才能参加党员自我评价和党员互评。请向组织者索取您的认领链接。"
)

_NAMED: dict[str, Any] = {
    "ANONYMITY": _ANONYMITY,
    "BEGIN": N_("开始评议"),
    "RESUME": N_("继续评议"),
    "BACK": N_("⬅ 上一题"),
    "SHOW_COMMITMENTS": N_("📜 查看承诺"),
    "BACK_TO_QUESTION": N_("⬅ 返回题目"),
    "UNKNOWN_PERSON": N_("不了解此人"),
    "SKIP": N_("跳过"),
    "KEEP": N_("保留原意见"),
    "CLEAR": N_("清空意见"),
    "PREVIOUS_PAGE": N_("◀ 上一页"),
    "NEXT_PAGE": N_("下一页 ▶"),
    "SUBMIT": N_("✅ 提交"),
    "SUBMIT_WITH_REPLY": N_("✅ 提交，愿意接收答复"),
    "SUBMIT_WITHOUT_REPLY": N_("✅ 提交，不需答复"),
    "REPLY_QUESTION": N_(
        "\n\n您提了意见建议。是否愿意接收组织对这条意见的答复？选「愿意接收答复」，"
        "答复后机器人会私信发给您；组织者看不到您是谁，答复发出后即删除送达信息。"
    ),
    "EDIT": N_("✏️ 修改"),
    "BACK_TO_REVIEW": N_("返回核对"),
    "CHOSEN": N_("✓ "),
    "EDIT_CATEGORY": N_("身份类别"),
    "EDIT_SUGGESTION": N_("意见建议"),
    "HELP": lambda: _(_HELP) + "\n\n" + _(_MEMBER_HELP) + "\n\n" + _(_ANONYMITY),
    "NO_TOKEN": N_("请通过组织者提供的邀请链接或二维码参加评议。"),
    "PRIVATE_ONLY": N_("为保护匿名，请在与机器人的私聊中参加评议。"),
    "REFUSALS": {
        Reason.UNKNOWN_CAMPAIGN: N_("邀请链接无效，请向组织者核对链接。"),
        Reason.CLOSED: N_("本次评议已结束，不能再作答。感谢您的关注！"),
        Reason.ALREADY_SUBMITTED: N_("您已提交过本次评议，每人只能提交一次。感谢参与！"),
        Reason.NOT_STARTED: N_("您还没有进行中的评议，请通过组织者的邀请链接开始。"),
        Reason.STALE: N_("这个按钮已过期，已为您显示当前进度，请接着作答。"),
        Reason.INVALID: N_("按钮无效，请在最新一条题目消息上作答。"),
        Reason.BUTTON_EXPECTED: N_("请点击题目下方的按钮作答。当前题目："),
        Reason.TOO_LONG: lambda: _(_TOO_LONG).format(limit=SUGGESTION_LIMIT),
        Reason.EMPTY_TEXT: N_("没有收到文字内容，请重新发送，或点击「跳过」。"),
        Reason.NO_PEER_REVIEW: N_("本次评议没有党员互评，或本组织没有其他党员可以互评。"),
        Reason.NOT_MEMBER: _NOT_BOUND,
        Reason.NOT_LISTED: N_("您在本次评议开始后才列入名册，不参加本次党员互评。"),
    },
    "CATEGORY_PROMPT": N_("请选择您的身份（仅用于分类统计，不会记录您是谁）："),
    "ORGANIZATION_SECTION": N_("组织评议"),
    "MEMBER_SECTION": N_("党员评议"),
    "REVIEW_TITLE": N_("请核对您的评议，确认无误后点击「提交」（提交后不能修改）："),
    "REVIEW_CATEGORY": N_("身份类别：{}"),
    "REVIEW_ORGANIZATION": N_("【组织评议】{}"),
    "REVIEW_MEMBERS": N_("【党员评议】依次为各项（基本＝基本满意，不满＝不满意）"),
    "REVIEW_SUGGESTION": N_("【意见建议】{}"),
    "REVIEW_NO_SUGGESTION": N_("无"),
    "REVIEW_PAGE": N_("（第 {}/{} 页）"),
    "PICK_SUBJECT": N_("请选择要修改的评议对象："),
    "PICK_CRITERION": N_("「{}」：请选择要修改的题目："),
    "RECEIPT_USAGE": N_("请在 /receipt 后附上提交时显示的意见编号，例如：/receipt ABCD-EFGH"),
    "RECEIPT_NOT_FOUND": N_("没有找到这个意见编号，请核对后重试（编号形如 ABCD-EFGH）。"),
    "SUBSCRIBE": N_("🔔 下次评议时提醒我"),
    "NO_SUBSCRIPTION": N_("不用了"),
    "STOP_REMINDERS": N_("不再提醒"),
    "SUBSCRIBE_QUESTION": N_(
        "\n\n下个季度本组织开始评议时，是否提醒您参加？随时发送 /stop 可停止提醒。"
    ),
    "SUBSCRIBED": N_("🔔 已订阅：{}下次评议开始时会通知您。随时发送 /stop 可停止提醒。"),
    "NOT_SUBSCRIBED": N_("好的，不会提醒您。"),
    "CANNOT_SUBSCRIBE": N_("只有提交过本次评议的人可以订阅提醒。"),
    "STOPPED": N_("🔕 已停止提醒，之后不会再主动给您发消息。提交评议后可以重新订阅。"),
    "RESPONDENT_COMMANDS": {  # the command menu everyone sees
        "start": N_("开始或继续评议"),
        "receipt": N_("凭意见编号查看整改进展"),
        "stop": N_("停止提醒"),
        "my_commitments": N_("我的公开承诺（已认领的党员）"),
        "self_evaluation": N_("党员自我评价与党员互评（已认领的党员）"),
        "comment": N_("逐级点评（书记、支委和组织者）"),
        "help": N_("使用说明"),
    },
    "FAILURE": N_(
        "抱歉，处理时出现错误，这次操作没有记录（之前已保存的答案都在）。"
        "请稍后再试，或重新点击邀请链接继续。"
    ),
    "FAILURE_AFTER_SAVING": N_(
        "已经保存，但显示结果时出现错误。请重新发送刚才的命令查看最新情况，不需要重做。"
    ),
    "INVITATION_LINK_BUTTON": N_("🔗 邀请链接"),
    "EXPORT_AGAIN": N_("📥 重新导出"),
    "DATABASE_DOWN": N_(
        "系统暂时无法保存，您刚才的操作没有记录（之前已保存的答案都在）。请过一会儿再点一次。"
    ),
}


def _translated(value: Any) -> Any:
    if callable(value):
        return value()
    if isinstance(value, dict):
        return {key: _translated(item) for key, item in value.items()}
    return _(value)


def __getattr__(name: str) -> Any:
    """``texts.BEGIN`` and the like: the sentence in the current reader's language."""
    try:
        return _translated(_NAMED[name])
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None


def say(value: object) -> str:
    """What the core said (a refusal, a ``Phrase``, a marked word) in the reader's language."""
    if isinstance(value, BaseException):
        value = value.args[0] if value.args else ""
    translated = getattr(value, "translated", None)
    return translated(_) if translated else _(str(value))


def labelled(label: str, value: object) -> str:
    """「label：value」 with the reader's colon."""
    return _("{label}：{value}").format(label=label, value=value)


def date_label(day: date | None) -> str:
    if day is None:
        return _("未设定")
    return _("{year}年{month}月{day}日").format(year=day.year, month=day.month, day=day.day)


def period_name(period: str) -> str:
    """「2026年第四季度」 in the reader's language."""
    return period_label(period, _)


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


def export_lost(title: str, public: bool) -> str:
    what = _("公示版") if public else _("评议工作簿")
    return _(
        "⚠️ 您请求的「{title}」{what}没有发出（机器人中途重启）。请点下面的按钮重新导出。"
    ).format(title=title, what=what)


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


def reply_notice(item) -> str:
    return _(
        "📬 您在{organization} {period}群众评议中提出的意见（编号 {code}）有了答复：\n\n"
        "答复：{response}\n整改状态：{status}\n\n"
        "您的意见：{text}\n\n"
        "这是对您意见的唯一一次私信答复，送达信息现已删除；"
        "之后的进展可随时发送 /receipt {code} 查看。"
    ).format(
        organization=item.organization,
        period=period_name(item.period),
        code=item.code,
        response=item.response,
        status=_(item.status),
        text=item.text,
    )


# --- reminders (一季一评议) -----------------------------------------------------------------


def invitation_notice(organization: str, period: str, deadline: date | None) -> str:
    return _(
        "📣 {organization}{period}群众评议已经开始，诚邀您参加。\n"
        "截止日期：{deadline}。\n\n"
        "点击下方按钮开始；您的评议匿名保存。"
    ).format(organization=organization, period=period, deadline=date_label(deadline))


def reminder(organization: str, period: str, deadline: date | None, days: int) -> str:
    if days == 0:
        when = _("今天截止")
    else:
        when = _("还有 {days} 天截止（{deadline}）").format(
            days=days, deadline=date_label(deadline)
        )
    return _(
        "⏰ 提醒：{organization}{period}群众评议{when}，您还没有提交。\n\n"
        "点击下方按钮，从上次停下的地方继续；不想再收到提醒请点「不再提醒」。"
    ).format(organization=organization, period=period, when=when)


_NAMED.update(
    {
        "CYCLE_OPENED": N_("🗓 一季一评议：本季度评议已按计划自动开启。\n\n"),
    }
)


def cycle_not_opened(why: str) -> str:
    return _(
        "⚠️ 一季一评议：本季度评议未能自动开启。\n{why}\n请处理后用 /start_campaign 手动开启。"
    ).format(why=why)


# --- organizers ---------------------------------------------------------------------------

_ORGANIZER_HELP = N_(
    "组织者命令：\n"
    "/start_campaign 开启评议（向导）\n"
    "/campaigns 我管理的评议\n"
    "/status [编号] 参评进度与结果\n"
    "/close_campaign [编号] 关闭评议并发送汇总\n"
    "/export [编号] 导出 Excel 工作簿（上报版）\n"
    "/public [编号] 导出公示版（只含组织结果和党员汇总数）\n"
    "/suggestions 意见建议整改台账：状态、负责人、期限、答复\n"
    "/record 登记统计单数字（会议、走访、办实事等）\n"
    "/roster [组织] 查看党员名册；直接发送名册 .xlsx 即可导入\n"
    "/members 党员认领：每名党员一个认领链接\n"
    "/paper 下载纸质问卷汇总表；填好后直接发送即并入统计\n"
    "/roster_template 下载名册模板\n"
    "/test_campaign 开启测试评议（先试用全流程）\n"
    "/wipe_test 删除测试评议\n"
    "/cycle on|off 一季一评议：每季度自动开启评议\n"
    "/summary half|year 半年一小结 / 年终一总评 工作簿\n"
    "/help 本说明"
)
_APPRAISAL_HELP = N_(
    "民主评议：\n"
    "/commitments 公开承诺与践诺状态\n"
    "/comment 逐级点评（上级点评本组织，也可点评本组织党员）\n"
    "/commenters 指定谁点评谁（默认：书记点评支委，支委点评党员）\n"
    "/signature 点评署名：您的姓名和职务\n"
    "/review [编号] 支部审定：综合得分、建议等次，逐人审定\n"
    "/feedback [编号] 审定完成后，向每名党员私信反馈本人结果（每人一次）"
)

_NAMED.update(
    {
        "NOT_ALLOWED": N_("您没有执行此操作的权限。"),
        "MEMBER_ON_MASSES_BALLOT": N_(
            "您是本组织已认领的党员：问卷不会问到您本人，评价您自己请用 /self_evaluation。"
        ),
        "MEMBER_ON_MASSES_BALLOT_PEER": N_(
            "您是本组织已认领的党员：问卷不会问到您本人。本次评议开展党员互评，作为党员评价"
            "其他党员，请在「党员互评」中进行；评价您自己请用 /self_evaluation。"
        ),
        "REVIEW_ONESELF": N_("（您本人，不评价）"),
        "MEMBER_RENEW": N_("🔄 作废并重新生成"),
        "MEMBER_LINK_WITHDRAWN": N_("原认领链接已作废，新的链接见下一条消息。"),
        "ORGANIZERS_BUTTON": N_(
            "这个按钮是给组织者用的（只在组织者与机器人的私聊中有效），按了没有任何改变。"
        ),
        "ORGANIZER_HELP": lambda: _(_ORGANIZER_HELP) + "\n\n" + _(_APPRAISAL_HELP),
        "SUPER_HELP": N_(
            "\n\n管理员命令：\n/grant 生成组织者授权链接\n/revoke 撤销组织者\n/audit 审计日志"
        ),
        "ORGANIZER_COMMANDS": {
            "start_campaign": N_("开启评议（向导）"),
            "campaigns": N_("我管理的评议"),
            "status": N_("参评进度与结果"),
            "close_campaign": N_("关闭评议并发送汇总"),
            "export": N_("导出 Excel 工作簿"),
            "public": N_("导出公示版"),
            "suggestions": N_("意见建议整改台账"),
            "record": N_("登记统计单数字"),
            "roster": N_("查看党员名册"),
            "members": N_("党员认领情况与认领链接"),
            "roster_template": N_("下载名册模板"),
            "paper": N_("纸质问卷汇总表"),
            "test_campaign": N_("开启测试评议"),
            "wipe_test": N_("删除测试评议"),
            "cycle": N_("一季一评议（每季度自动开启）"),
            "summary": N_("半年一小结 / 年终一总评"),
            "commitments": N_("公开承诺与践诺"),
            "review": N_("支部审定（综合评定与等次）"),
            "feedback": N_("审定后向党员反馈结果"),
            "commenters": N_("指定逐级点评的点评人"),
            "signature": N_("点评署名（姓名和职务）"),
        },
        "SUPER_COMMANDS": {
            "grant": N_("生成组织者授权链接"),
            "revoke": N_("撤销组织者"),
            "audit": N_("审计日志"),
        },
        "CYCLE_PICK_ON": N_(
            "为哪个组织开启一季一评议？每季度第一个工作日上午自动开启评议，沿用其最近一次评议的模板和设置。"
        ),
        "CYCLE_PICK_OFF": N_("停止哪个组织的一季一评议？"),
        "CYCLE_NONE": N_("还没有开启一季一评议的组织。\n发送 /cycle on 开启，/cycle off 停止。"),
        "CYCLE_LIST_TITLE": N_("🗓 一季一评议\n"),
        "CYCLE_USAGE": N_("\n\n发送 /cycle on 开启，/cycle off 停止。"),
    }
)


def cycle_state(organization: str, enabled: bool, template: str, days: int, opening) -> str:
    if not enabled:
        return _("⏹ {organization}：已停止一季一评议。已开启的评议不受影响。").format(
            organization=organization
        )
    return _(
        "✅ {organization}：一季一评议已开启（{template}，评议期 {days} 天）。\n"
        "下次自动开启：{opening}。"
    ).format(
        organization=organization,
        template=_(template),
        days=days,
        opening=f"{date_label(opening.date())} {opening:%H:%M}",
    )


_NAMED.update(
    {
        "SUMMARY_USAGE": N_("用法：/summary half 生成半年一小结，/summary year 生成年终一总评。"),
        "SUMMARY_PICK": {
            "sh": N_("生成哪个组织的半年一小结（本半年各季度对比）？"),
            "sy": N_("生成哪个组织的年终一总评（本年四个季度）？"),
        },
        "SUMMARY_WORKING": N_("正在生成工作簿，请稍候…"),
        "CANCEL": N_("✖ 取消"),
        "PREVIOUS_STEP": N_("⬅ 上一步"),
        "NO_ORGANIZATIONS": N_(
            "还没有您可以管理的组织。请先发送名册 .xlsx 导入（/roster_template 下载模板）。"
        ),
        "NO_CAMPAIGNS": N_("还没有评议活动。发送 /start_campaign 开启一个。"),
        "NO_OPEN_CAMPAIGNS": N_("没有进行中的评议。"),
        "CAMPAIGN_ID_EXPECTED": N_("评议编号应为数字，例如 /status 3。发送 /campaigns 查看编号。"),
        "WIZARD_ORGANIZATION": N_("开启评议 1/5：请选择组织"),
        "WIZARD_TEMPLATE": N_("开启评议 2/5：「{}」\n请选择评议模板："),
        "WIZARD_ADD_GOAL": N_("加入行业目标「{}」"),
        "WIZARD_PERIOD": N_("开启评议 3/5：请选择评议期次"),
        "WIZARD_DEADLINE": N_("开启评议 4/5：请选择截止日期（默认 14 天后：{}）"),
        "WIZARD_DEADLINE_CHOICE": N_("{} 天后（{}）"),
        "WIZARD_EXPECTED": N_(
            "开启评议 5/5：请直接发送应参评人数（数字，用于计算参评率），例如 30。\n"
            "不确定可点「暂不设定」。"
        ),
        "NO_EXPECTED": N_("暂不设定"),
        "WIZARD_CONFIRM": N_("请确认以下设置："),
        "CONFIRM_OPEN": N_("✅ 确认开启"),
        "WIZARD_PEER_REVIEW": N_("党员互评（已认领的党员互相评价，不记名）"),
        "WIZARD_SCORES": N_("修改计分"),
        "WIZARD_DEFAULT_SCORES": N_("恢复默认（100 / 60 / 0）"),
        "WIZARD_CANCELLED": N_("已取消，没有开启评议。"),
        "WIZARD_OPENED": N_("✅ 评议已开启，邀请链接和二维码见下方。"),
    }
)


def wizard_summary(
    organization: str,
    template: str,
    goal: str | None,
    period: str,
    deadline: date,
    expected: int | None,
    peer_review: bool = False,
    scores: Scores = DEFAULT_SCORES,
) -> str:
    template = _(template)
    if goal:
        template += _(" + 行业目标「{goal}」").format(goal=_(goal))
    lines = [
        _("组织：{organization}").format(organization=organization),
        _("模板：{template}").format(template=template),
        _("期次：{period}").format(period=period_name(period)),
        _("截止：{deadline}").format(deadline=date_label(deadline)),
        _("应参评人数：{expected}").format(
            expected=expected if expected is not None else _("未设定")
        ),
        _("党员互评：{state}").format(state=_("开启") if peer_review else _("不开启")),
        _("计分：{scores}").format(scores=score_scale(scores)),
    ]
    return "\n".join(lines)


def score_scale(scores: Scores) -> str:
    return _("满意 {satisfied} 分、基本满意 {basic} 分、不满意 {unsatisfied} 分").format(
        satisfied=f"{scores.satisfied:g}",
        basic=f"{scores.basic:g}",
        unsatisfied=f"{scores.unsatisfied:g}",
    )


def wizard_scores(scores: Scores) -> str:
    return _(
        "规范评分：每张有效票按等次计分，取平均分；不了解不计分。\n当前：{scale}\n\n"
        "请发送三个分数（满意,基本满意,不满意），例如 100,80,0；或点击「恢复默认」。"
    ).format(scale=score_scale(scores))


def campaign_opened(campaign_id: int, title: str, deadline: date | None, link: str) -> str:
    return _(
        "✅ 已开启「{title}」（编号 {id}），截止 {deadline}。\n\n"
        "邀请链接：{link}\n\n"
        "请把链接或下方二维码发给参评群众；每人凭自己的 Telegram 账号匿名作答一次。"
        "\n查看进度：/status {id}"
    ).format(title=say(title), id=campaign_id, deadline=date_label(deadline), link=link)


_NAMED.update(
    {
        "PRACTICE_NOTE": N_(
            "\n\n这是测试评议：不计入任何统计和报表，试用完请发送 /wipe_test 删除。"
        ),
        "NO_PRACTICE": N_("没有测试评议。"),
        "WIPE_CONFIRM": N_("将删除 {} 个测试评议及其全部答卷，不可恢复。确认删除？"),
        "WIPE_YES": N_("确认删除"),
        "WIPE_NO": N_("取消"),
        "WIPED": N_("已删除 {} 个测试评议。"),
        "WIPE_KEPT": N_("已取消，测试评议保留。"),
        "BRANCH_LINKS": N_(
            "这次评议覆盖下级组织。上面的链接先请参评群众选择组织；也可以把各组织自己的链接"
            "直接发给它的群众："
        ),
        "POSTER_CAPTION": N_("A4 海报：打印后张贴在公开栏或放在会场桌上，扫码即可参加。"),
        "QR_CAPTION": N_("「{}」评议二维码：扫码即可参加"),
        "STATUS_OPEN": N_("进行中"),
        "STATUS_CLOSED": N_("已关闭"),
        "CAMPAIGN_LIST_TITLE": N_("我管理的评议（进行中在前）："),
        "PICK_CAMPAIGN": N_("请选择评议："),
        "PICK_ORGANIZATION": N_("请选择组织："),
        "PAGE": N_("第 {}/{} 页"),
        "REFRESH": N_("🔄 刷新"),
        "EXPORT": N_("📥 导出"),
        "CLOSE": N_("🔒 关闭评议"),
        "STATUS": N_("📊 进度"),
        "BELOW_THRESHOLD": N_("样本不足"),
        "CLOSE_CONFIRM": N_("确认关闭「{}」（编号 {}）？关闭后不能再作答，并会发送汇总和工作簿。"),
        "CLOSE_YES": N_("确认关闭"),
        "CLOSE_NO": N_("暂不关闭"),
        "CLOSE_KEPT": N_("评议仍在进行中。"),
        "CLOSED_DONE": N_("评议已关闭，汇总和工作簿见下方。"),
        "EXPORT_WORKING": N_("正在生成「{}」的工作簿，请稍候……"),
        "EXPORT_CAPTION": N_("「{}」评议工作簿（已提交 {} 份）"),
        "PRINT_PDF": N_("🖨 打印版 PDF"),
        "PDF_WORKING": N_("正在生成「{}」的打印版 PDF，请稍候……"),
        "PDF_CAPTION": N_("「{}」打印版（A4，可直接打印）"),
        "GROUP_TITLE": N_("各组织（含本级，提交数与组织等次）："),
    }
)


def branch_line(branch) -> str:
    line = _("{organization}：已提交 {submitted} · 组织 {grade}").format(
        organization=branch.organization,
        submitted=branch.submitted,
        grade=_(branch.grade or _NAMED["BELOW_THRESHOLD"]),
    )
    if branch.members:
        line += _(" · 党员 {basic}/{members} 名基本满意(含)以上").format(
            basic=branch.members_basic, members=branch.members
        )
    return line


def group_total(submitted: int, grade: str | None) -> str:
    return _("合计：已提交 {submitted} · 组织综合 {grade}").format(
        submitted=submitted, grade=_(grade or _NAMED["BELOW_THRESHOLD"])
    )


def statistics(figures) -> str:
    return _(
        "统计单：评议组织 {evaluated} 个（共 {organizations} 个），"
        "基本满意(含)以上 {basic} 个，其中满意(含)以上 {satisfied} 个；"
        "党员 {members} 名，参加评议 {members_evaluated} 名，"
        "基本满意(含)以上 {members_basic} 名，其中满意(含)以上 {members_satisfied} 名。"
    ).format(
        evaluated=figures.organizations_evaluated,
        organizations=figures.organizations,
        basic=figures.organizations_basic,
        satisfied=figures.organizations_satisfied,
        members=figures.members,
        members_evaluated=figures.members_evaluated,
        members_basic=figures.members_basic,
        members_satisfied=figures.members_satisfied,
    )


def sources(chat: int, paper: int) -> str:
    """Where counted ballots came from, said the same way on every surface."""
    return _("（网上问卷 {chat} 份，纸质问卷 {paper} 份）").format(chat=chat, paper=paper)


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"


NAMES_SHOWN = 30  # names listed per change after a roster import


def roster_imported(
    organization: str,
    created: bool,
    members: int,
    parent: str | None,
    changes: list[tuple[str, list[str]]],
) -> str:
    done = (
        _("已新建组织「{organization}」，党员 {members} 人。")
        if created
        else _("已更新组织「{organization}」，党员 {members} 人。")
    )
    lines = [done.format(organization=organization, members=members)]
    if parent:
        lines.append(_("新建上级组织：{parent}").format(parent=parent))
    for label, names in changes:
        if names:  # a screenful at most: a 600-member roster is counted, not listed
            shown = _(LIST_SEPARATOR).join(names[:NAMES_SHOWN])
            if len(names) > NAMES_SHOWN:
                shown += _("等")
            lines.append(
                _("{change} {count} 人：{names}").format(
                    change=_(label), count=len(names), names=shown
                )
            )
    if not any(names for _label, names in changes) and not created:
        lines.append(_("名单没有变化。"))
    return "\n".join(lines)


_NAMED.update(
    {
        "ROSTER_ERRORS": N_("名册有错误，未导入任何内容：\n"),
        "UPLOAD_NOT_XLSX": N_(
            "请发送 .xlsx 格式的名册或纸质问卷汇总表（/roster_template、/paper 下载模板）。"
        ),
        "UPLOAD_TOO_BIG": N_("文件太大（超过 2 MB），请检查后重发。"),
        "PAPER_ERRORS": N_("汇总表有错误，没有并入任何数据：\n"),
        "PAPER_CAPTION": N_(
            "纸质问卷汇总表：填写场次、问卷份数和每项的张数后直接发送给我，即并入本次评议的统计。"
            "同一场次重复发送只会替换，不会重复计数。"
        ),
        "PAPER_BALLOTS_PROMPT": N_(
            "🖨 空白测评表（每人一份，不记名，供不用 Telegram 的群众填写）：请选择打印份数。"
        ),
    }
)


def copies(count: int) -> str:
    return _("{count} 份").format(count=count)


def paper_ballots(count: int, pages: int) -> str:
    """The caption of the blank 测评表 PDF."""
    return _(
        "空白测评表 {count} 份，每份 {pages} 页（双面打印为一张），右上角编号随机、互不相同。"
        "收回后按题统计，填入纸质问卷汇总表再发送给我。"
    ).format(count=count, pages=pages)


def paper_imported(merged) -> str:
    if merged.replaced:
        template = _(
            "✅ 已替换此前导入的同一场次：「{title}」（编号 {id}）场次「{label}」纸质问卷 "
            "{ballots} 份。发送 /status {id} 查看。"
        )
    else:
        template = _(
            "✅ 已并入：「{title}」（编号 {id}）场次「{label}」纸质问卷 {ballots} 份。"
            "发送 /status {id} 查看。"
        )
    return template.format(
        title=say(merged.title), id=merged.campaign_id, label=merged.label, ballots=merged.ballots
    )


_NAMED.update(
    {
        "ROSTER_EMPTY": N_("「{}」的名册里还没有党员。"),
        "ROSTER_TITLE": N_("「{}」党员名册（{} 人）："),
        "TEMPLATE_CAPTION": N_("名册模板：填好后直接发送给我即可导入。"),
        "GRANT_LINK": N_(
            "授权链接（仅可使用一次，7 天内有效）：\n{}\n\n"
            "请把它私下发给新的组织者；对方打开后即可管理「{}」及其下级组织。"
        ),
        "GRANT_ACCEPTED": N_(
            "✅ 您已成为「{}」的组织者，可管理它及其下级组织。发送 /help 查看组织者命令。"
        ),
        "PICK_ORGANIZER": N_("「{}」的组织者（点击即撤销）："),
        "NO_ORGANIZERS": N_("「{}」还没有直接授权的组织者。"),
        "REVOKED": N_("已撤销 {} 在「{}」的组织者权限。"),
        "NOT_REVOKED": N_("该用户已不是「{}」的组织者。"),
        "AUDIT_EMPTY": N_("审计日志为空。"),
        "AUDIT_TITLE": N_("审计日志（最新在前）："),
    }
)


# --- 整改台账 and 统计单 records -------------------------------------------------------------

_NAMED.update(
    {
        "PUBLIC_CAPTION": N_(
            "{}：公示版（组织评议结果和党员汇总数，不含个人数字），可张贴于党务公开栏。"
        ),
        "PUBLIC_INTERIM_CAPTION": N_(
            "{}：评议仍在进行，这是阶段性结果，不是公示版，不设公示期。"
            "评议结束后再导出，即为可张贴的公示版。"
        ),
        "ALL_STATUSES": N_("全部"),
        "LEDGER_NONE": N_("没有符合条件的意见建议。"),
        "LEDGER_BACK": N_("返回台账"),
        "SET_OWNER": N_("填写负责人"),
        "SET_DEADLINE": N_("设置期限"),
        "SET_RESPONSE": N_("填写答复"),
        "SET_MEMBER": N_("涉及党员"),
        "NOT_FILLED": N_("未填写"),
        "PROMPT_CANCELLED": N_("已取消。"),
        "NOTHING_TO_CANCEL": N_("没有需要取消的操作。"),
        "RECORD_PICK": N_("请选择要登记的统计单项目（括号内为当前合计）："),
    }
)


def ledger_title(campaign: str, counts: dict[str, int], status: str | None) -> str:
    shares = _("，").join(f"{_(name)} {n}" for name, n in counts.items())
    title = _("📋 {campaign} 整改台账：共 {total} 条（{shares}），未办结 {open} 条").format(
        campaign=say(campaign),
        total=sum(counts.values()),
        shares=shares,
        open=sum(counts.get(name, 0) for name in OPEN_STATUSES),
    )
    if status:
        title += "\n" + _("筛选：{status}").format(status=_(status))
    return title


def ledger_line(number: int, item) -> str:
    text = item.text if len(item.text) <= 40 else item.text[:40] + "…"
    return f"{number}. 【{_(item.status)}】{item.code} {text}"


def ledger_item(item) -> str:
    lines = [
        _("📋 意见编号 {code}（{campaign}）").format(code=item.code, campaign=say(item.campaign)),
        _("意见：{text}").format(text=item.text),
        "",
        _("整改状态：{status}").format(status=_(item.status)),
        _("负责人：{owner}").format(owner=item.owner or _(_NAMED["NOT_FILLED"])),
        _("整改期限：{deadline}").format(deadline=date_label(item.deadline)),
        _("涉及党员：{member}").format(member=item.member or _(_NAMED["NOT_FILLED"])),
        _("答复：{response}").format(response=item.response)
        if item.response
        else _("答复：尚未答复"),
    ]
    if item.reply_pending:
        lines += [
            "",
            _("📬 提出人愿意接收答复：记录答复后，机器人会私信送达（您看不到提出人是谁）。"),
        ]
    return "\n".join(lines)


def prompt(field: str, code: str, reply_pending: bool = False) -> str:
    asks = {
        "owner": _("请发送「{code}」的负责人（最多 50 字）。"),
        "deadline": _("请发送「{code}」的整改期限，例如 2026-12-31。"),
        "response": _("请发送对「{code}」的答复（最多 1000 字）。")
        + (_("提出人愿意接收答复，答复将私信送达。") if reply_pending else ""),
        "member": _(
            "请发送「{code}」涉及的党员姓名（与名册一致），该事项未办结时会列入其反馈单；"
            "不涉及具体党员请发送「无」。"
        ),
    }
    return asks[field].format(code=code) + _("发送 /cancel 取消。")


def record_button(item, total: int | None) -> str:
    shown = _("未填报") if total is None else quantity(total, item.unit)
    return f"{item.number}. {_(item.label)}（{shown}）"


def record_prompt(item, total: int | None) -> str:
    return _(
        "请发送「{label}」的数量（{unit}），将加到当前合计 {total} 上；"
        "更正时发送负数，例如 -2。发送 /cancel 取消。"
    ).format(label=_(item.label), unit=_(item.unit), total=total or 0)


def recorded(item, count: int, total: int) -> str:
    return _("✅ 已登记：{label} {count}，合计 {total}。").format(
        label=_(item.label),
        count=quantity(f"{count:+d}", item.unit),
        total=quantity(total, item.unit),
    )


def quantity(count: object, unit: str) -> str:
    """「12个」, 「12 in all」: a count with its 统计单 unit."""
    return _("{count}{unit}").format(count=count, unit=_(unit))


# --- members the bot knows (认领) -----------------------------------------------------------

_NAMED.update(
    {
        "MEMBER_REISSUE": N_("重新生成（解除原绑定）"),
        "MEMBER_KEEP": N_("保留原绑定"),
        "MEMBER_KEPT": N_("已保留原绑定，未生成新链接。"),
        "PICK_MEMBERS_ORGANIZATION": N_("查看哪个组织的党员认领情况？"),
    }
)


def member_label(row) -> str:
    state = _("已认领") if row.bound else _("未认领")
    role = f"（{row.role}）" if row.role else ""
    return f"{'✅' if row.bound else '⬜'} {row.name}{role} · {state}"


def members_title(organization: str, total: int, bound: int) -> str:
    return _(
        "「{organization}」党员 {total} 人，已认领 {bound} 人。\n"
        "点击党员姓名，取得其个人认领链接（一次有效，仅限本人使用）。"
    ).format(organization=organization, total=total, bound=bound)


def member_link(name: str, organization: str, link: str) -> str:
    return _(
        "「{organization}」党员「{name}」的认领链接（一次有效，仅限本人）：\n{link}\n\n"
        "请私下转交本人：本人用 Telegram 打开链接并点「开始」即完成认领。"
        "如转交有误，可重新生成，旧链接随即失效。"
    ).format(organization=organization, name=name, link=link)


def member_link_again(name: str, organization: str, link: str) -> str:
    return _(
        "「{organization}」党员「{name}」的认领链接此前已生成，还没有人使用，仍然有效：\n"
        "{link}\n\n如链接已转交有误或外泄，可作废并重新生成。"
    ).format(organization=organization, name=name, link=link)


def member_reissue_question(name: str) -> str:
    return _(
        "「{name}」已认领账号。重新生成认领链接会解除现有绑定，原账号将不能再以该党员身份操作。"
        "确定重新生成吗？"
    ).format(name=name)


def member_unbound(name: str) -> str:
    return _("已解除「{name}」原有的绑定，新的认领链接见下一条消息。").format(name=name)


def member_claimed(name: str, organization: str) -> str:
    return _(
        "✅ 认领成功：您已认领「{organization}」的党员「{name}」。\n"
        "此后您的公开承诺、自我评价等将通过本账号办理；您参加群众评议时仍然是匿名的。"
    ).format(organization=organization, name=name)


# --- 公开承诺 -----------------------------------------------------------------------------


def commitments_compact(items, limit: int) -> str:
    """A subject's 承诺事项 with their 践诺 state, cut at ``limit`` characters."""
    lines = [f"{item_mark(n)}{text}（{_(state)}）" for n, (text, state) in enumerate(items)]
    body = "\n".join(lines)
    if len(body) > limit:
        body = body[: limit - 1] + "…"
    return _("公开承诺：") + "\n" + body


_NAMED.update(
    {
        "OWN_COMMITMENTS_USAGE": N_(
            "用每项下面的按钮标记践诺状态：未开始、进行中、已完成。\n"
            "修改承诺事项：发送 /my_commitments，换行后每行写一项（整份替换，最多 10 项）。"
        ),
        "OWN_COMMITMENTS_NONE": N_(
            "承诺事项在公开承诺时确定，由组织者录入，录入后会显示在这里；"
            "您也可以自己录入：发送 /my_commitments，换行后每行写一项（最多 10 项）。"
        ),
        "NOT_YOUR_COMMITMENT": N_("这不是您本人的承诺事项，无法修改。"),
    }
)


_NAMED.update(
    {
        "PICK_COMMITMENTS_ORGANIZATION": N_("查看或设置哪个组织的公开承诺？"),
        "COMMITMENTS_TITLE": N_("公开承诺：点击组织或党员，查看并更新其承诺事项与践诺状态。"),
        "COMMITMENTS_EDIT": N_("✏️ 修改承诺事项"),
        "COMMITMENTS_PROMPT": N_(
            "请发送承诺事项，每行一项（整份替换，最多 10 项，每项不超过 100 字）。"
            "原有事项如保留原文，践诺状态不变。发送 /cancel 放弃。"
        ),
        "NO_SUCH_MEMBER": N_("没有这名党员。"),
    }
)


def commitment_subject_label(member: str | None, count: int) -> str:
    owner = member if member is not None else _("本组织")
    return _("{owner} · {count} 项").format(owner=owner, count=count)


def commitments_text(member: str | None, items) -> str:
    owner = member if member is not None else _("本组织")
    if not items:
        return _("「{owner}」还没有承诺事项。").format(owner=owner)
    heading = _("「{owner}」的公开承诺（用每项下面的按钮标记践诺状态）：").format(owner=owner)
    return "\n".join([heading, *_commitment_lines((i.text, i.state) for i in items)])


def _commitment_lines(items) -> list[str]:
    """「1. 承诺事项（践诺 state）」 for each (text, state)."""
    return [f"{n}. {text}（{_(state)}）" for n, (text, state) in enumerate(items, 1)]


def commitment_state_buttons(number: int, state: str) -> list[tuple[int, str]]:
    """An item's row of buttons, one per 践诺 state, the current one ticked: (the state's
    index, label)."""
    return [
        (index, f"{number}. " + (_(_NAMED["CHOSEN"]) if name == state else "") + _(name))
        for index, name in enumerate(COMMITMENT_STATES)
    ]


def commitments_full(subject: str, items) -> str:
    """查看承诺: every 承诺事项 of a subject with its 践诺 state, as it stood at the opening."""
    heading = _("「{subject}」的公开承诺（评议开始时）：").format(subject=subject)
    return "\n".join([heading, *_commitment_lines(items)])


# --- 党员自我评价 and 党员互评 --------------------------------------------------------------

_NAMED.update(
    {
        "PEER_SECTION": N_("党员互评"),
        "SELF_BEGIN": N_("📝 填写自我评价"),
        "PEER_BEGIN": N_("🤝 党员互评"),
        "SELF_KEEP": N_("保留已填写的内容"),
        "SELF_BACK": N_("⬅ 上一项"),
        "REVIEW_PEERS": N_("【党员互评】依次为各项（基本＝基本满意，不满＝不满意）"),
        "SELF_REVIEW_RATINGS": N_("【自评】"),
        "SELF_SUBMITTED": N_("✅ 自我评价已提交。"),
        "SELF_SUBMITTED_NOTE": N_(
            "已提交，组织者可以看到（署名）。评议结束前仍可点「修改」更改，改动即时保存。"
        ),
        "SELF_REVIEW_NOTE": N_(
            "请核对后点「提交」。自我评价署名提交，组织者可以看到；评议结束前仍可修改。"
        ),
        "SELF_PICK": N_("请选择要修改的内容："),
        "SELF_NONE": N_(
            "现在没有您可以填写的自我评价：需要先认领本人（向组织者索取认领链接），"
            "并且您所在组织有进行中的评议。"
        ),
        "SELF_REFUSALS": {
            SelfReason.NOT_MEMBER: _NOT_BOUND,
            SelfReason.CLOSED: N_("本次评议已结束，自我评价不能再修改。"),
            SelfReason.STALE: N_("这个按钮已过期，已为您显示当前进度。"),
            SelfReason.INVALID: N_("按钮无效，请在最新一条消息上操作。"),
            SelfReason.TOO_LONG: lambda: _(_SELF_TOO_LONG).format(limit=SELF_TEXT_LIMIT),
            SelfReason.EMPTY_TEXT: N_("没有收到文字内容，请重新发送。"),
        },
    }
)
_SELF_TOO_LONG = N_("每项最多 {limit} 字，请精简后重新发送。")


def member_invitation(organization: str, period: str, deadline: date | None, peer: bool) -> str:
    """A bound member, when their organization's campaign opens (or on /self_evaluation)."""
    lines = [
        _("「{organization}」{period}评议已开始。").format(
            organization=organization, period=period
        ),
        _(
            "📝 请填写您的党员自我评价：对照各项标准自评，并写出主要表现、存在不足和整改措施。"
            "自我评价署名，组织者可以看到，评议结束前可以修改。"
        ),
    ]
    if peer:
        lines.append(
            _(
                "🤝 本次还有党员互评：请对本组织其他党员逐一评价。互评不记名，"
                "提交后只计入各人的得票统计，任何人都看不出您对谁作何评价。"
            )
        )
    if deadline:
        lines.append(_("截止日期：{deadline}。").format(deadline=date_label(deadline)))
    return "\n\n".join(lines)


def peer_submitted(organization: str) -> str:
    return _(
        "✅ 党员互评已提交，感谢！\n\n"
        "互评不记名：您的答卷已计入「{organization}」各党员的得票统计后删除，"
        "不保存谁评了谁，组织者也看不到。"
    ).format(organization=organization)


def self_heading(organization: str, period: str, member: str) -> str:
    return _("📝 党员自我评价 · {organization} {period}\n党员：{member}").format(
        organization=organization, period=period_name(period), member=member
    )


def self_rating(heading: str, number: int, total: int, criterion: str, current: str | None):
    lines = [heading, "", _("第 {number}/{total} 项（自评）").format(number=number, total=total)]
    lines.append(criterion)
    if current:
        lines.append(_("当前选择：{rating}").format(rating=current))
    return "\n".join(lines)


def self_text_prompt(heading: str, label: str, limit: int, current: str | None) -> str:
    text = (
        heading
        + "\n\n"
        + _("请直接发送文字，填写「{label}」（最多 {limit} 字）。").format(label=label, limit=limit)
    )
    if current:
        text += _("\n\n已填写：\n{current}\n\n重新发送文字可替换。").format(current=current)
    return text


def points(score: float | None) -> str:
    """A 规范评分 mean score, to one decimal."""
    return "—" if score is None else f"{score:.1f}"


def member_figures(figures) -> list[str]:
    """/status: members the bot knows, their self-evaluations and 党员互评 ballots."""
    if figures is None:
        return []
    lines = [
        _("党员已认领 {bound}/{members} 人，自我评价已提交 {submitted} 份").format(
            bound=figures.bound, members=figures.members, submitted=figures.self_evaluations
        )
    ]
    if figures.peer_submitted is not None:
        lines.append(
            _("党员互评已提交 {submitted}/{expected} 份（应评：已认领的党员）").format(
                submitted=figures.peer_submitted, expected=figures.peer_expected
            )
        )
    return lines


# --- 逐级点评 ----------------------------------------------------------------------------------

_NAMED.update(
    {
        "COMMENT_NONE": N_(
            "现在没有您可以点评的对象：逐级点评由上级组织者点评本组织，党支部书记点评支部委员，"
            "支部委员点评党员（需先认领本人），且评议正在进行中。"
        ),
        "COMMENT_PICK": N_("请选择要点评的对象（✓ 为已完成，可再次打开修改）："),
        "SIGNATURE_FIRST": N_(
            "点评要署名。第一次点评前，请发送您的姓名和职务，中间空一格，例如：张建军 "
            "县农业农村局党组书记。只问这一次，以后可用 /signature 修改。"
        ),
        "COMMENT_BACK": N_("⬅ 上一项"),
        "COMMENT_SKIP": N_("跳过"),
        "COMMENT_DONE": N_("✅ 完成"),
        "COMMENT_EMPTY": N_("（未填）"),
        "COMMENT_SAVED": N_("✅ 点评已保存。"),
        "COMMENT_REVIEW_NOTE": N_("请核对后点「完成」。点评署名保存，可随时再打开修改。"),
        "COMMENT_COMPLETED_NOTE": N_("已完成。点击一项可修改，改动即时保存。"),
    }
)


def signature_question(current: tuple[str, str] | None) -> str:
    example = _("例如：张建军 县农业农村局党组书记")
    if current is None:
        return _("您的点评还没有署名。请发送姓名和职务，中间空一格，{example}。").format(
            example=example
        )
    return _("您的点评署名为：{name}（{title}）。发送新的姓名和职务即可修改，{example}。").format(
        name=current[0], title=current[1], example=example
    )


def signed(name: str, title: str) -> str:
    return _("署名已保存：{name}（{title}）。您的点评都将这样署名，可用 /signature 修改。").format(
        name=name, title=title
    )


def comment_more(count: int) -> str:
    return _("另有 {count} 个对象未列出，请先完成以上点评。").format(count=count)


def comment_heading(subject: str, name: str, role: str) -> str:
    return _("📝 逐级点评 · {subject}\n点评人：{name}（{role}）").format(
        subject=subject, name=name, role=role
    )


def comment_field(
    heading: str, number: int, total: int, label: str, required: bool, limit: int, current
) -> str:
    need = _("必填") if required else _("选填")
    text = (
        heading
        + "\n\n"
        + _("第 {number}/{total} 项：{label}（{need}）").format(
            number=number, total=total, label=label, need=need
        )
    )
    text += "\n" + _("请直接发送文字，最多 {limit} 字。").format(limit=limit)
    if current:
        text += _("\n\n已填写：\n{current}\n\n重新发送文字可替换。").format(current=current)
    return text


# --- 支部审定 -----------------------------------------------------------------------------------

_NAMED.update(
    {
        "REVIEW_PREVIOUS": N_("◀ 上一人"),
        "REVIEW_NEXT": N_("下一人 ▶"),
        "REVIEW_FINISH": N_("✅ 审定完成"),
        "REVIEW_FINISH_YES": N_("确认审定完成"),
        "REVIEW_BACK": N_("返回审定"),
        "REVIEW_REASON_BACK": N_("◀ 返回（不改等次）"),
        "FEEDBACK_PDF": N_("📄 打印版 PDF"),
        "NOT_YOUR_FEEDBACK": N_("这份反馈单不是您的，或还没有发出。"),
        "REVIEW_DONE": N_("本次评议已审定完成，等次和点评不再改动。"),
        "REVIEW_FINISHED": N_("审定完成。"),
        "REVIEW_STILL_OPEN": N_(
            "评议还在进行中：结束前，等次所依据的结果还会变化。确认后先结束评议（不再接收问卷），"
            "再按结束时的结果审定完成。"
        ),
        "REVIEW_CLOSE_AND_FINISH": N_("⏹ 结束评议并审定完成"),
        "REVIEW_CLOSED_AND_FINISHED": N_("评议已结束，审定完成。"),
    }
)


def review_heading(organization: str, period: str, number: int, total: int, decided: int) -> str:
    return _(
        "⚖️ 支部审定 · {organization} {period}（第 {number}/{total} 人，已审定 {decided} 人）"
    ).format(organization=organization, period=period, number=number, total=total, decided=decided)


def review_figures(masses, peer, composite, rank, weights, peer_review: bool) -> str:
    """One member's scores: the masses', the 互评's (未开展 in a campaign without 互评), the
    composite and its rank."""
    line = _("群众评分 {masses}").format(masses=points(masses) if masses is not None else _(_BELOW))
    if weights.peer:
        shown = points(peer) if peer is not None else _(_BELOW)
        if not peer_review:
            shown = _(_NOT_HELD)
        line += _("，互评评分 {peer}").format(peer=shown)
    if composite is None:
        return line + _("，综合得分：样本不足")
    return line + _("，综合得分 {composite}（第 {rank} 名）").format(
        composite=points(composite), rank=rank
    )


_BELOW = N_("样本不足")
_NOT_HELD = N_("未开展")  # a campaign without 党员互评


def review_reason_prompt(name: str, grade: str) -> str:
    return _("「{name}」审定为「{grade}」与建议等次不同：请发送一句理由（200 字以内）。").format(
        name=name, grade=_(grade)
    )


def review_finish_question(decided: int, total: int) -> str:
    return _(
        "已审定 {decided}/{total} 人。审定完成后，等次和点评都不能再改，"
        "之后可以向党员反馈结果。确认审定完成？"
    ).format(decided=decided, total=total)


# --- 结果反馈 ------------------------------------------------------------------------------------

_NAMED.update(
    {
        "UNBOUND_SHEETS": N_("未认领党员的反馈单（打印后发给本人）"),
        "FEEDBACK_ASK": N_(
            "确认向每名已认领的党员私信发送本人的反馈单？每人只发一次；未认领党员的反馈单"
            "和组织反馈单发给组织者。"
        ),
        "FEEDBACK_YES": N_("✅ 确认发送"),
        "FEEDBACK_NO": N_("暂不发送"),
        "FEEDBACK_KEPT": N_("好的，没有发送。"),
    }
)


def _feedback_remarks(remarks) -> list[str]:
    lines = [_("领导点评：")]
    for remark in remarks:
        lines.append(f"· {remark.commenter}")
        lines.append("  " + _("优点：{text}").format(text=_cut(remark.strengths)))
        lines.append("  " + _("需改进：{text}").format(text=_cut(remark.improvements)))
    if not remarks:
        lines.append(_("（无）"))
    return lines


def _cut(text: str | None, limit: int = 300) -> str:
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def member_feedback(found, period: str) -> str:
    """A member's own results, as the message beside their 反馈单."""
    lines = [
        _("📋 民主评议结果反馈 · {organization} {period}").format(
            organization=found.organization, period=period
        ),
        _("党员：{name}").format(name=found.name),
        _("审定等次：{grade}").format(grade=_(found.final) if found.final else _("未审定")),
        *_decided_otherwise(found),
        _("群众评议等次：{grade}").format(grade=_masses_grade(found.masses_grade)),
        _("群众评分 {masses}，互评评分 {peer}，综合得分 {composite}").format(
            masses=_points_or_below(found.masses_score),
            peer=_points_or_below(found.peer_score) if found.peer is not None else "—",
            composite=_points_or_below(found.composite),
        ),
        "",
        *_feedback_remarks(found.remarks),
    ]
    if found.open_items:
        lines += ["", _("待整改事项：")]
        lines += [f"· {_open_item(item)}" for item in found.open_items]
    lines += ["", _("分项数字见附件反馈单。本反馈只发给您本人。")]
    return "\n".join(lines)


def _decided_otherwise(found) -> list[str]:
    """The branch's reason, where its 审定 differs from the grade the scores suggest."""
    if not (found.final and found.suggested) or found.final == found.suggested:
        return []
    line = _("按综合得分建议为「{suggested}」，支部审定为「{final}」。理由：{reason}")
    reason = found.reason or "—"
    return [line.format(suggested=_(found.suggested), final=_(found.final), reason=reason)]


def _masses_grade(grade: str | None) -> str:
    if grade is None:
        return _(_BELOW)
    return _(grade) + (_("（需整改）") if needs_rectification(grade) else "")


def _open_item(item) -> str:
    """An open 整改 item on a 反馈单: its text, state and deadline."""
    state = _(item.status)
    if item.deadline:
        state += _("，期限 {deadline}").format(deadline=date_label(item.deadline))
    return f"{_cut(item.text, 120)}（{state}）"


def organization_feedback(own, period: str, unbound: int) -> str:
    lines = [
        _("📋 民主评议组织反馈 · {organization} {period}").format(
            organization=own.organization, period=period
        ),
        _("群众评议等次：{grade}，得分 {score}").format(
            grade=_(own.grade) if own.grade else _(_BELOW), score=_points_or_below(own.score)
        ),
        "",
        *_feedback_remarks(own.remarks),
    ]
    if unbound:
        lines += [
            "",
            _("另有 {count} 名党员未认领，他们的反馈单在附件中，请打印后发给本人。").format(
                count=unbound
            ),
        ]
    return "\n".join(lines)


def _points_or_below(score: float | None) -> str:
    return points(score) if score is not None else _(_BELOW)


def feedback_released(sent: int, unbound: int) -> str:
    return _(
        "✅ 已开始发送：{sent} 名已认领党员各收到本人的反馈单；"
        "组织反馈单和 {unbound} 名未认领党员的反馈单发给组织者。"
    ).format(sent=sent, unbound=unbound)


def feedback_all_sent(unbound: int) -> str:
    return _(
        "本次评议的结果已经反馈过了：每名已认领党员都已收到（或正在收到）本人的反馈单；"
        "{unbound} 名未认领党员的反馈单在组织反馈单的附件里，可打印送达。"
    ).format(unbound=unbound)


def feedback_unsent(names: list[str], unbound: int) -> str:
    return _(
        "本次评议的结果已经反馈过了。还没收到本人反馈单的已认领党员 {count} 名"
        "（如反馈之后才认领的）：{names}。未认领党员 {unbound} 名。"
    ).format(count=len(names), names="、".join(names), unbound=unbound)


def feedback_unsent_button(count: int) -> str:
    return _("📨 只发给这 {count} 人").format(count=count)


def feedback_sent_to_unsent(count: int) -> str:
    return _("✅ 已开始补发：{count} 名已认领党员各收到本人的反馈单。").format(count=count)


_NAMED.update(
    {
        "COMMENTERS_TITLE": N_(
            "逐级点评的点评人（默认：书记点评支委，支委点评党员）。点击一名党员可修改："
        ),
        "COMMENTERS_DEFAULT": N_("恢复默认"),
        "COMMENTERS_BACK": N_("返回名单"),
        "NOBODY": N_("（无）"),
    }
)


def commenters_prompt(name: str) -> str:
    return _("谁点评「{name}」？点击切换（✓ 为点评人），评议关闭前可改。").format(name=name)
