"""统计单 figures organizers record."""

from __future__ import annotations

from bot.i18n import gettext as _


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
