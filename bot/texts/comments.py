"""逐级点评, its signatures, and who comments on whom."""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _

COMMENT_NONE = N_(
    "现在没有您可以点评的对象：逐级点评由上级组织者点评本组织，党支部书记点评支部委员，"
    "支部委员点评党员（需先认领本人），且评议正在进行中。"
)
COMMENT_PICK = N_("请选择要点评的对象（✓ 为已完成，可再次打开修改）：")
SIGNATURE_FIRST = N_(
    "点评要署名。第一次点评前，请发送您的姓名和职务，中间空一格，例如：张建军 "
    "县农业农村局党组书记。只问这一次，以后可用 /signature 修改。"
)
COMMENT_BACK = N_("⬅ 上一项")
COMMENT_SKIP = N_("跳过")
COMMENT_DONE = N_("✅ 完成")
COMMENT_EMPTY = N_("（未填）")
COMMENT_SAVED = N_("✅ 点评已保存。")
COMMENT_REVIEW_NOTE = N_("请核对后点「完成」。点评署名保存，可随时再打开修改。")
COMMENT_COMPLETED_NOTE = N_("已完成。点击一项可修改，改动即时保存。")


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


COMMENTERS_TITLE = N_("逐级点评的点评人（默认：书记点评支委，支委点评党员）。点击一名党员可修改：")
COMMENTERS_DEFAULT = N_("恢复默认")
COMMENTERS_BACK = N_("返回名单")
NOBODY = N_("（无）")


def commenters_prompt(name: str) -> str:
    return _("谁点评「{name}」？点击切换（✓ 为点评人），评议关闭前可改。").format(name=name)
