"""一季一评议: invitations, reminders, the cycle's switches and notices."""

from __future__ import annotations

from datetime import date

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts import date_label


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


CYCLE_OPENED = N_("🗓 一季一评议：本季度评议已按计划自动开启。\n\n")


def cycle_not_opened(why: str) -> str:
    return _(
        "⚠️ 一季一评议：本季度评议未能自动开启。\n{why}\n请处理后用 /start_campaign 手动开启。"
    ).format(why=why)


CYCLE_PICK_ON = N_(
    "为哪个组织开启一季一评议？每季度第一个工作日上午自动开启评议，沿用其最近一次评议的模板和设置。"
)
CYCLE_PICK_OFF = N_("停止哪个组织的一季一评议？")
CYCLE_NONE = N_("还没有开启一季一评议的组织。\n发送 /cycle on 开启，/cycle off 停止。")
CYCLE_LIST_TITLE = N_("🗓 一季一评议\n")
CYCLE_USAGE = N_("\n\n发送 /cycle on 开启，/cycle off 停止。")


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
