"""公开承诺 and 践诺."""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts import CHOSEN
from evaluation.commitments import STATES as COMMITMENT_STATES
from evaluation.commitments import item_mark


def commitments_compact(items, limit: int) -> str:
    """A subject's 承诺事项 with their 践诺 state, cut at ``limit`` characters."""
    lines = [f"{item_mark(n)}{text}（{_(state)}）" for n, (text, state) in enumerate(items)]
    body = "\n".join(lines)
    if len(body) > limit:
        body = body[: limit - 1] + "…"
    return _("公开承诺：") + "\n" + body


OWN_COMMITMENTS_USAGE = N_(
    "用每项下面的按钮标记践诺状态：未开始、进行中、已完成。\n"
    "修改承诺事项：发送 /my_commitments，换行后每行写一项（整份替换，最多 10 项）。"
)
OWN_COMMITMENTS_NONE = N_(
    "承诺事项在公开承诺时确定，由组织者录入，录入后会显示在这里；"
    "您也可以自己录入：发送 /my_commitments，换行后每行写一项（最多 10 项）。"
)
NOT_YOUR_COMMITMENT = N_("这不是您本人的承诺事项，无法修改。")
PICK_COMMITMENTS_ORGANIZATION = N_("查看或设置哪个组织的公开承诺？")
COMMITMENTS_TITLE = N_("公开承诺：点击组织或党员，查看并更新其承诺事项与践诺状态。")
COMMITMENTS_EDIT = N_("✏️ 修改承诺事项")
COMMITMENTS_PROMPT = N_(
    "请发送承诺事项，每行一项（整份替换，最多 10 项，每项不超过 100 字）。"
    "原有事项如保留原文，践诺状态不变。发送 /cancel 放弃。"
)
NO_SUCH_MEMBER = N_("没有这名党员。")


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
        (index, f"{number}. " + (_(CHOSEN) if name == state else "") + _(name))
        for index, name in enumerate(COMMITMENT_STATES)
    ]


def commitments_full(subject: str, items) -> str:
    """查看承诺: every 承诺事项 of a subject with its 践诺 state, as it stood at the opening."""
    heading = _("「{subject}」的公开承诺（评议开始时）：").format(subject=subject)
    return "\n".join([heading, *_commitment_lines(items)])
