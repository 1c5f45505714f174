"""结果反馈: members' and organizations' 反馈单, their release and later sends."""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts import date_label
from bot.texts.review import _BELOW
from bot.texts.self_evaluation import points
from evaluation.tally import needs_rectification

UNBOUND_SHEETS = N_("未认领党员的反馈单（打印后发给本人）")
FEEDBACK_ASK = N_(
    "确认向每名已认领的党员私信发送本人的反馈单？每人只发一次；未认领党员的反馈单"
    "和组织反馈单发给组织者。"
)
FEEDBACK_YES = N_("✅ 确认发送")
FEEDBACK_NO = N_("暂不发送")
FEEDBACK_KEPT = N_("好的，没有发送。")


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
