"""What every feature's texts share: the core's wording translated (``say``), dates, periods,
the page and choice marks, and the failures any update can meet.

Every feature's sentences are in the module of its name beside this one. Sentences are marked
``N_`` where they are named (translate them with ``_`` where they are used) and ``_`` where a
function builds them (bot/i18n.py).
"""

from __future__ import annotations

from datetime import date

from bot.i18n import N_
from bot.i18n import gettext as _
from evaluation.periods import period_label

PREVIOUS_PAGE = N_("◀ 上一页")
NEXT_PAGE = N_("下一页 ▶")
CHOSEN = N_("✓ ")
FAILURE = N_(
    "抱歉，处理时出现错误，这次操作没有记录（之前已保存的答案都在）。"
    "请稍后再试，或重新点击邀请链接继续。"
)
FAILURE_AFTER_SAVING = N_(
    "已经保存，但显示结果时出现错误。请重新发送刚才的命令查看最新情况，不需要重做。"
)
EXPORT_AGAIN = N_("📥 重新导出")
DATABASE_DOWN = N_(
    "系统暂时无法保存，您刚才的操作没有记录（之前已保存的答案都在）。请过一会儿再点一次。"
)


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


PAGE = N_("第 {}/{} 页")


def percent(rate: float | None) -> str:
    return "—" if rate is None else f"{rate:.1%}"
