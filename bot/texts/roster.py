"""Rosters: imports, the roster shown, the template, uploads."""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _
from evaluation.wording import LIST_SEPARATOR

NAMES_SHOWN = 30  # names listed per change after a roster import


def roster_imported(
    organization: str,
    created: bool,
    members: int,
    parent: str | None,
    changes: list[tuple[str, list[str]]],
) -> str:
    done = (
        _("已新建组织「{organization}」，党员 {members} 人。")
        if created
        else _("已更新组织「{organization}」，党员 {members} 人。")
    )
    lines = [done.format(organization=organization, members=members)]
    if parent:
        lines.append(_("新建上级组织：{parent}").format(parent=parent))
    for label, names in changes:
        if names:  # a screenful at most: a 600-member roster is counted, not listed
            shown = _(LIST_SEPARATOR).join(names[:NAMES_SHOWN])
            if len(names) > NAMES_SHOWN:
                shown += _("等")
            lines.append(
                _("{change} {count} 人：{names}").format(
                    change=_(label), count=len(names), names=shown
                )
            )
    if not any(names for _label, names in changes) and not created:
        lines.append(_("名单没有变化。"))
    return "\n".join(lines)


ROSTER_ERRORS = N_("名册有错误，未导入任何内容：\n")
UPLOAD_NOT_XLSX = N_(
    "请发送 .xlsx 格式的名册或纸质问卷汇总表（/roster_template、/paper 下载模板）。"
)
UPLOAD_TOO_BIG = N_("文件太大（超过 2 MB），请检查后重发。")
ROSTER_EMPTY = N_("「{}」的名册里还没有党员。")
ROSTER_TITLE = N_("「{}」党员名册（{} 人）：")
TEMPLATE_CAPTION = N_("名册模板：填好后直接发送给我即可导入。")
