"""Paper ballots: the blank 测评表 and the merged tally sheets."""

from __future__ import annotations

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts import say

PAPER_ERRORS = N_("汇总表有错误，没有并入任何数据：\n")
PAPER_CAPTION = N_(
    "纸质问卷汇总表：填写场次、问卷份数和每项的张数后直接发送给我，即并入本次评议的统计。"
    "同一场次重复发送只会替换，不会重复计数。"
)
PAPER_BALLOTS_PROMPT = N_(
    "🖨 空白测评表（每人一份，不记名，供不用 Telegram 的群众填写）：请选择打印份数。"
)


def copies(count: int) -> str:
    return _("{count} 份").format(count=count)


def paper_ballots(count: int, pages: int) -> str:
    """The caption of the blank 测评表 PDF."""
    return _(
        "空白测评表 {count} 份，每份 {pages} 页（双面打印为一张），右上角编号随机、互不相同。"
        "收回后按题统计，填入纸质问卷汇总表再发送给我。"
    ).format(count=count, pages=pages)


def paper_imported(merged) -> str:
    if merged.replaced:
        template = _(
            "✅ 已替换此前导入的同一场次：「{title}」（编号 {id}）场次「{label}」纸质问卷 "
            "{ballots} 份。发送 /status {id} 查看。"
        )
    else:
        template = _(
            "✅ 已并入：「{title}」（编号 {id}）场次「{label}」纸质问卷 {ballots} 份。"
            "发送 /status {id} 查看。"
        )
    return template.format(
        title=say(merged.title), id=merged.campaign_id, label=merged.label, ballots=merged.ballots
    )
