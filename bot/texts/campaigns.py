"""A campaign, for its organizers: the /start_campaign wizard, links, /status, closing,
exports and the 公示版.
"""

from __future__ import annotations

from datetime import date

from bot.i18n import N_
from bot.i18n import gettext as _
from bot.texts import date_label, period_name, say
from evaluation.tally import DEFAULT_SCORES, Scores


def export_lost(title: str, public: bool) -> str:
    what = _("公示版") if public else _("评议工作簿")
    return _(
        "⚠️ 您请求的「{title}」{what}没有发出（机器人中途重启）。请点下面的按钮重新导出。"
    ).format(title=title, what=what)


WIZARD_ORGANIZATION = N_("开启评议 1/5：请选择组织")
WIZARD_TEMPLATE = N_("开启评议 2/5：「{}」\n请选择评议模板：")
WIZARD_ADD_GOAL = N_("加入行业目标「{}」")
WIZARD_PERIOD = N_("开启评议 3/5：请选择评议期次")
WIZARD_DEADLINE = N_("开启评议 4/5：请选择截止日期（默认 14 天后：{}）")
WIZARD_DEADLINE_CHOICE = N_("{} 天后（{}）")
WIZARD_EXPECTED = N_(
    "开启评议 5/5：请直接发送应参评人数（数字，用于计算参评率），例如 30。\n"
    "不确定可点「暂不设定」。"
)
NO_EXPECTED = N_("暂不设定")
WIZARD_CONFIRM = N_("请确认以下设置：")
CONFIRM_OPEN = N_("✅ 确认开启")
WIZARD_PEER_REVIEW = N_("党员互评（已认领的党员互相评价，不记名）")
WIZARD_SCORES = N_("修改计分")
WIZARD_DEFAULT_SCORES = N_("恢复默认（100 / 60 / 0）")
WIZARD_CANCELLED = N_("已取消，没有开启评议。")
WIZARD_OPENED = N_("✅ 评议已开启，邀请链接和二维码见下方。")


def wizard_summary(
    organization: str,
    template: str,
    goal: str | None,
    period: str,
    deadline: date,
    expected: int | None,
    peer_review: bool = False,
    scores: Scores = DEFAULT_SCORES,
) -> str:
    template = _(template)
    if goal:
        template += _(" + 行业目标「{goal}」").format(goal=_(goal))
    lines = [
        _("组织：{organization}").format(organization=organization),
        _("模板：{template}").format(template=template),
        _("期次：{period}").format(period=period_name(period)),
        _("截止：{deadline}").format(deadline=date_label(deadline)),
        _("应参评人数：{expected}").format(
            expected=expected if expected is not None else _("未设定")
        ),
        _("党员互评：{state}").format(state=_("开启") if peer_review else _("不开启")),
        _("计分：{scores}").format(scores=score_scale(scores)),
    ]
    return "\n".join(lines)


def score_scale(scores: Scores) -> str:
    return _("满意 {satisfied} 分、基本满意 {basic} 分、不满意 {unsatisfied} 分").format(
        satisfied=f"{scores.satisfied:g}",
        basic=f"{scores.basic:g}",
        unsatisfied=f"{scores.unsatisfied:g}",
    )


def wizard_scores(scores: Scores) -> str:
    return _(
        "规范评分：每张有效票按等次计分，取平均分；不了解不计分。\n当前：{scale}\n\n"
        "请发送三个分数（满意,基本满意,不满意），例如 100,80,0；或点击「恢复默认」。"
    ).format(scale=score_scale(scores))


def campaign_opened(campaign_id: int, title: str, deadline: date | None, link: str) -> str:
    return _(
        "✅ 已开启「{title}」（编号 {id}），截止 {deadline}。\n\n"
        "邀请链接：{link}\n\n"
        "请把链接或下方二维码发给参评群众；每人凭自己的 Telegram 账号匿名作答一次。"
        "\n查看进度：/status {id}"
    ).format(title=say(title), id=campaign_id, deadline=date_label(deadline), link=link)


PRACTICE_NOTE = N_("\n\n这是测试评议：不计入任何统计和报表，试用完请发送 /wipe_test 删除。")
NO_PRACTICE = N_("没有测试评议。")
WIPE_CONFIRM = N_("将删除 {} 个测试评议及其全部答卷，不可恢复。确认删除？")
WIPE_YES = N_("确认删除")
WIPE_NO = N_("取消")
WIPED = N_("已删除 {} 个测试评议。")
WIPE_KEPT = N_("已取消，测试评议保留。")
BRANCH_LINKS = N_(
    "这次评议覆盖下级组织。上面的链接先请参评群众选择组织；也可以把各组织自己的链接"
    "直接发给它的群众："
)
POSTER_CAPTION = N_("A4 海报：打印后张贴在公开栏或放在会场桌上，扫码即可参加。")
QR_CAPTION = N_("「{}」评议二维码：扫码即可参加")
STATUS_OPEN = N_("进行中")
STATUS_CLOSED = N_("已关闭")
CAMPAIGN_LIST_TITLE = N_("我管理的评议（进行中在前）：")
EXPORT = N_("📥 导出")
CLOSE = N_("🔒 关闭评议")
STATUS = N_("📊 进度")
BELOW_THRESHOLD = N_("样本不足")
CLOSE_CONFIRM = N_("确认关闭「{}」（编号 {}）？关闭后不能再作答，并会发送汇总和工作簿。")
CLOSE_YES = N_("确认关闭")
CLOSE_NO = N_("暂不关闭")
CLOSE_KEPT = N_("评议仍在进行中。")
CLOSED_DONE = N_("评议已关闭，汇总和工作簿见下方。")
EXPORT_WORKING = N_("正在生成「{}」的工作簿，请稍候……")
EXPORT_CAPTION = N_("「{}」评议工作簿（已提交 {} 份）")
PRINT_PDF = N_("🖨 打印版 PDF")
PDF_WORKING = N_("正在生成「{}」的打印版 PDF，请稍候……")
PDF_CAPTION = N_("「{}」打印版（A4，可直接打印）")
GROUP_TITLE = N_("各组织（含本级，提交数与组织等次）：")


def branch_line(branch) -> str:
    line = _("{organization}：已提交 {submitted} · 组织 {grade}").format(
        organization=branch.organization,
        submitted=branch.submitted,
        grade=_(branch.grade or BELOW_THRESHOLD),
    )
    if branch.members:
        line += _(" · 党员 {basic}/{members} 名基本满意(含)以上").format(
            basic=branch.members_basic, members=branch.members
        )
    return line


def group_total(submitted: int, grade: str | None) -> str:
    return _("合计：已提交 {submitted} · 组织综合 {grade}").format(
        submitted=submitted, grade=_(grade or BELOW_THRESHOLD)
    )


def statistics(figures) -> str:
    return _(
        "统计单：评议组织 {evaluated} 个（共 {organizations} 个），"
        "基本满意(含)以上 {basic} 个，其中满意(含)以上 {satisfied} 个；"
        "党员 {members} 名，参加评议 {members_evaluated} 名，"
        "基本满意(含)以上 {members_basic} 名，其中满意(含)以上 {members_satisfied} 名。"
    ).format(
        evaluated=figures.organizations_evaluated,
        organizations=figures.organizations,
        basic=figures.organizations_basic,
        satisfied=figures.organizations_satisfied,
        members=figures.members,
        members_evaluated=figures.members_evaluated,
        members_basic=figures.members_basic,
        members_satisfied=figures.members_satisfied,
    )


def sources(chat: int, paper: int) -> str:
    """Where counted ballots came from, said the same way on every surface."""
    return _("（网上问卷 {chat} 份，纸质问卷 {paper} 份）").format(chat=chat, paper=paper)


PUBLIC_CAPTION = N_("{}：公示版（组织评议结果和党员汇总数，不含个人数字），可张贴于党务公开栏。")
PUBLIC_INTERIM_CAPTION = N_(
    "{}：评议仍在进行，这是阶段性结果，不是公示版，不设公示期。"
    "评议结束后再导出，即为可张贴的公示版。"
)
