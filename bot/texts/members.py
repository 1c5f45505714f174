"""Members the bot knows (认领): links, bindings, re-issues."""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _

MEMBER_RENEW = N_("🔄 作废并重新生成")
MEMBER_LINK_WITHDRAWN = N_("原认领链接已作废，新的链接见下一条消息。")
MEMBER_REISSUE = N_("重新生成（解除原绑定）")
MEMBER_KEEP = N_("保留原绑定")
MEMBER_KEPT = N_("已保留原绑定，未生成新链接。")
PICK_MEMBERS_ORGANIZATION = N_("查看哪个组织的党员认领情况？")


def member_label(row) -> str:
    state = _("已认领") if row.bound else _("未认领")
    role = f"（{row.role}）" if row.role else ""
    return f"{'✅' if row.bound else '⬜'} {row.name}{role} · {state}"


def members_title(organization: str, total: int, bound: int) -> str:
    return _(
        "「{organization}」党员 {total} 人，已认领 {bound} 人。\n"
        "点击党员姓名，取得其个人认领链接（一次有效，仅限本人使用）。"
    ).format(organization=organization, total=total, bound=bound)


def member_link(name: str, organization: str, link: str) -> str:
    return _(
        "「{organization}」党员「{name}」的认领链接（一次有效，仅限本人）：\n{link}\n\n"
        "请私下转交本人：本人用 Telegram 打开链接并点「开始」即完成认领。"
        "如转交有误，可重新生成，旧链接随即失效。"
    ).format(organization=organization, name=name, link=link)


def member_link_again(name: str, organization: str, link: str) -> str:
    return _(
        "「{organization}」党员「{name}」的认领链接此前已生成，还没有人使用，仍然有效：\n"
        "{link}\n\n如链接已转交有误或外泄，可作废并重新生成。"
    ).format(organization=organization, name=name, link=link)


def member_reissue_question(name: str) -> str:
    return _(
        "「{name}」已认领账号。重新生成认领链接会解除现有绑定，原账号将不能再以该党员身份操作。"
        "确定重新生成吗？"
    ).format(name=name)


def member_unbound(name: str) -> str:
    return _("已解除「{name}」原有的绑定，新的认领链接见下一条消息。").format(name=name)


def member_claimed(name: str, organization: str) -> str:
    return _(
        "✅ 认领成功：您已认领「{organization}」的党员「{name}」。\n"
        "此后您的公开承诺、自我评价等将通过本账号办理；您参加群众评议时仍然是匿名的。"
    ).format(organization=organization, name=name)
