"""支部审定: one member per screen, the reason for a grade off the suggestion, finishing."""

from __future__ import annotations

from aiogram.types import InlineKeyboardMarkup

from bot import texts
from bot.callbacks.organizing import Act
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.screens.organizing import organizer_button
from bot.texts import campaigns as campaigns_texts
from bot.texts import comments as comments_texts
from bot.texts import review as review_texts
from evaluation.review import MemberReview

SHOWN = 160  # characters of each 点评 or self-evaluation text on the screen


GRADE_SLOTS = 8  # REVIEW_GRADE's second value: member id × 8 + the grade's index


def _cut(text: str | None) -> str:
    if not text:
        return _(comments_texts.COMMENT_EMPTY)
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def member(view: MemberReview) -> Rendered:
    found, m = view.review, view.member
    campaign = found.campaign
    lines = [
        review_texts.review_heading(
            campaign.questionnaire["organization"],
            texts.period_name(campaign.period),
            view.position + 1,
            view.total,
            found.decided,
        ),
        "",
        _("党员：{name}").format(name=m.name),
        review_texts.review_figures(
            m.masses_score, m.peer_score, m.composite, m.rank, found.weights, campaign.peer_review
        ),
        _("建议等次：{grade}").format(
            grade=_(m.suggested) if m.suggested else _(campaigns_texts.BELOW_THRESHOLD)
        ),
        _("审定等次：{grade}").format(grade=_(m.final) if m.final else _("未审定")),
    ]
    if m.reason:
        lines.append(_("理由：{reason}").format(reason=m.reason))
    lines += ["", _("【点评】")]
    for comment in view.comments or ():
        lines.append(f"· {comment.commenter_name}（{comment.commenter_role}）")
        lines.append("  " + _("优点：{text}").format(text=_cut(comment.written.strengths)))
        lines.append("  " + _("需改进：{text}").format(text=_cut(comment.written.improvements)))
    if not view.comments:
        lines.append(_("（还没有点评）"))
    lines += ["", _("【自我评价】")]
    own = view.self_evaluation
    if own is None:
        lines.append(_("（未填写）"))
    else:
        state = _("已提交") if own.submitted else _("填写中")
        lines.append(state + "：" + _cut(own.texts[0]))
    rows = []
    if not found.reviewed:
        grade_row = [
            organizer_button(
                (_(texts.CHOSEN) if grade == m.final else "") + _(grade),
                Act.REVIEW_GRADE,
                campaign.id,
                m.member_id * GRADE_SLOTS + index,
            )
            for index, grade in enumerate(found.grades)
        ]
        rows += [grade_row[:2], grade_row[2:]]
    turns = []
    if view.position > 0:
        turns.append(
            organizer_button(
                _(review_texts.REVIEW_PREVIOUS), Act.REVIEW_MEMBER, campaign.id, view.position - 1
            )
        )
    if view.position + 1 < view.total:
        turns.append(
            organizer_button(
                _(review_texts.REVIEW_NEXT), Act.REVIEW_MEMBER, campaign.id, view.position + 1
            )
        )
    if turns:
        rows.append(turns)
    if not found.reviewed:
        rows.append(
            [organizer_button(_(review_texts.REVIEW_FINISH), Act.REVIEW_FINISH, campaign.id)]
        )
    else:
        lines += ["", _(review_texts.REVIEW_DONE)]
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def reason_question(campaign_id: int, position: int, name: str, grade: str) -> Rendered:
    """A grade other than the suggestion, asked for its reason on the screen itself; 返回
    leaves the grade as it was."""
    back = [
        [
            organizer_button(
                _(review_texts.REVIEW_REASON_BACK), Act.REVIEW_MEMBER, campaign_id, position
            )
        ]
    ]
    return review_texts.review_reason_prompt(name, grade), InlineKeyboardMarkup(
        inline_keyboard=back
    )


def finish_question(campaign_id: int, decided: int, total: int, still_open: bool) -> Rendered:
    """审定完成, asked first; on a campaign still open, one press ends it and then finishes
    (``w`` 1: close first)."""
    yes = (
        _(review_texts.REVIEW_CLOSE_AND_FINISH) if still_open else _(review_texts.REVIEW_FINISH_YES)
    )
    rows = [
        [
            organizer_button(yes, Act.REVIEW_FINISH_CONFIRMED, campaign_id, int(still_open)),
            organizer_button(_(review_texts.REVIEW_BACK), Act.REVIEW, campaign_id),
        ]
    ]
    text = review_texts.review_finish_question(decided, total)
    if still_open:
        text = _(review_texts.REVIEW_STILL_OPEN) + "\n\n" + text
    return text, InlineKeyboardMarkup(inline_keyboard=rows)
