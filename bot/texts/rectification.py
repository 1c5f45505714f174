"""The 整改台账: opinions as items, their statuses, and responses sent to writers."""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts import date_label, period_name, say
from evaluation.rectification import OPEN_STATUSES


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


ALL_STATUSES = N_("全部")
LEDGER_NONE = N_("没有符合条件的意见建议。")
LEDGER_BACK = N_("返回台账")
SET_OWNER = N_("填写负责人")
SET_DEADLINE = N_("设置期限")
SET_RESPONSE = N_("填写答复")
SET_MEMBER = N_("涉及党员")
NOT_FILLED = N_("未填写")
PROMPT_CANCELLED = N_("已取消。")
NOTHING_TO_CANCEL = N_("没有需要取消的操作。")
RECORD_PICK = N_("请选择要登记的统计单项目（括号内为当前合计）：")


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
        _("负责人：{owner}").format(owner=item.owner or _(NOT_FILLED)),
        _("整改期限：{deadline}").format(deadline=date_label(item.deadline)),
        _("涉及党员：{member}").format(member=item.member or _(NOT_FILLED)),
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
