"""党员自我评价 and 党员互评 for a bound member, and members' figures on /status."""

from __future__ import annotations

from datetime import date

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts import date_label, period_name
from bot.texts.ballots import NOT_BOUND
from evaluation.self_evaluation import TEXT_LIMIT, SelfReason

SELF_BEGIN = N_("📝 填写自我评价")
PEER_BEGIN = N_("🤝 党员互评")
SELF_KEEP = N_("保留已填写的内容")
SELF_BACK = N_("⬅ 上一项")
SELF_REVIEW_RATINGS = N_("【自评】")
SELF_SUBMITTED = N_("✅ 自我评价已提交。")
SELF_SUBMITTED_NOTE = N_(
    "已提交，组织者可以看到（署名）。评议结束前仍可点「修改」更改，改动即时保存。"
)
SELF_REVIEW_NOTE = N_("请核对后点「提交」。自我评价署名提交，组织者可以看到；评议结束前仍可修改。")
SELF_PICK = N_("请选择要修改的内容：")
SELF_NONE = N_(
    "现在没有您可以填写的自我评价：需要先认领本人（向组织者索取认领链接），"
    "并且您所在组织有进行中的评议。"
)
_SELF_TOO_LONG = N_("每项最多 {limit} 字，请精简后重新发送。")
SELF_REFUSALS: dict[SelfReason, str] = {
    SelfReason.NOT_MEMBER: NOT_BOUND,
    SelfReason.CLOSED: N_("本次评议已结束，自我评价不能再修改。"),
    SelfReason.STALE: N_("这个按钮已过期，已为您显示当前进度。"),
    SelfReason.INVALID: N_("按钮无效，请在最新一条消息上操作。"),
    SelfReason.TOO_LONG: _SELF_TOO_LONG,
    SelfReason.EMPTY_TEXT: N_("没有收到文字内容，请重新发送。"),
}


def self_refused(reason: SelfReason) -> str:
    """Why the self-evaluation refused, in the reader's language."""
    text = _(SELF_REFUSALS[reason])
    return text.format(limit=TEXT_LIMIT) if reason is SelfReason.TOO_LONG else text


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
