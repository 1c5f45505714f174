"""支部审定: scores, grades, reasons, finishing."""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts.self_evaluation import points

REVIEW_PREVIOUS = N_("◀ 上一人")
REVIEW_NEXT = N_("下一人 ▶")
REVIEW_FINISH = N_("✅ 审定完成")
REVIEW_FINISH_YES = N_("确认审定完成")
REVIEW_BACK = N_("返回审定")
REVIEW_REASON_BACK = N_("◀ 返回（不改等次）")
FEEDBACK_PDF = N_("📄 打印版 PDF")
NOT_YOUR_FEEDBACK = N_("这份反馈单不是您的，或还没有发出。")
REVIEW_DONE = N_("本次评议已审定完成，等次和点评不再改动。")
REVIEW_FINISHED = N_("审定完成。")
REVIEW_STILL_OPEN = N_(
    "评议还在进行中：结束前，等次所依据的结果还会变化。确认后先结束评议（不再接收问卷），"
    "再按结束时的结果审定完成。"
)
REVIEW_CLOSE_AND_FINISH = N_("⏹ 结束评议并审定完成")
REVIEW_CLOSED_AND_FINISHED = N_("评议已结束，审定完成。")


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
