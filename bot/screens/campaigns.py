"""A campaign's screens for its organizers: the /start_campaign wizard, /status, closing,
exports, the test campaign's wipe."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.campaigns import WizardButton
from bot.callbacks.organizing import Act
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.screens.organizing import PAGE_SIZE, chunks, indented, organizer_button, page_row, pages
from bot.texts import campaigns as campaigns_texts
from bot.texts import organizing as organizing_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation.organizations import OrganizationTree
from evaluation.questionnaire import MEMBER, TEMPLATES
from evaluation.status import CampaignStatus
from evaluation.wizard import DEADLINE_CHOICES, TEMPLATE_CODES, Choice, Step, WizardScreen


def _wizard_button(text: str, step: Step, choice: Choice, value: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=WizardButton(s=int(step), a=choice.value, v=value).pack()
    )


def wizard(screen: WizardScreen, tree: OrganizationTree | None = None) -> Rendered:
    step = screen.step
    rows: list[list[InlineKeyboardButton]] = []
    if step == Step.ORGANIZATION:
        text = _(campaigns_texts.WIZARD_ORGANIZATION)
        page = min(screen.page, pages(len(screen.organizations)) - 1)
        shown = screen.organizations[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        for organization in shown:
            label = indented(tree, organization) if tree else organization.name
            rows.append([_wizard_button(label, step, Choice.ORGANIZATION, organization.id)])
        pager = page_row(
            page,
            len(screen.organizations),
            lambda label, value: _wizard_button(label, step, Choice.PAGE, value),
        )
        if pager:
            rows.append(pager)
    elif step == Step.TEMPLATE:
        text = _(campaigns_texts.WIZARD_TEMPLATE).format(screen.organization.name)
        for index, code in enumerate(TEMPLATE_CODES):
            rows.append([_wizard_button(_(TEMPLATES[code].name), step, Choice.TEMPLATE, index)])
        goal = screen.sector_goal
        if goal:
            chosen = screen.data.get("sector_goal", False)
            label = (_(texts.CHOSEN) if chosen else "") + _(campaigns_texts.WIZARD_ADD_GOAL).format(
                _(goal)
            )
            rows.append([_wizard_button(label, step, Choice.SECTOR_GOAL, int(not chosen))])
    elif step == Step.PERIOD:
        text = _(campaigns_texts.WIZARD_PERIOD)
        for value, period in enumerate(screen.periods):
            rows.append([_wizard_button(texts.period_name(period), step, Choice.PERIOD, value)])
    elif step == Step.DEADLINE:
        text = _(campaigns_texts.WIZARD_DEADLINE).format(texts.date_label(screen.deadline))
        for days in DEADLINE_CHOICES:
            day = screen.today.toordinal() + days
            label = _(campaigns_texts.WIZARD_DEADLINE_CHOICE).format(
                days, texts.date_label(type(screen.today).fromordinal(day))
            )
            rows.append([_wizard_button(label, step, Choice.DEADLINE, days)])
    elif step == Step.EXPECTED:
        text = _(campaigns_texts.WIZARD_EXPECTED)
        rows.append([_wizard_button(_(campaigns_texts.NO_EXPECTED), step, Choice.NO_EXPECTED)])
    elif step == Step.CONFIRM:
        data = screen.data
        text = (
            _(campaigns_texts.WIZARD_CONFIRM)
            + "\n\n"
            + campaigns_texts.wizard_summary(
                screen.organization.name,
                TEMPLATES[data["template"]].name,
                screen.sector_goal if data.get("sector_goal") else None,
                data["period"],
                screen.deadline,
                data.get("expected"),
                screen.peer_review,
                screen.scores,
            )
        )
        peer = screen.peer_review
        label = (_(texts.CHOSEN) if peer else "") + _(campaigns_texts.WIZARD_PEER_REVIEW)
        rows.append([_wizard_button(label, step, Choice.PEER_REVIEW, int(not peer))])
        rows.append([_wizard_button(_(campaigns_texts.WIZARD_SCORES), step, Choice.SCORES)])
        rows.append([_wizard_button(_(campaigns_texts.CONFIRM_OPEN), step, Choice.CONFIRM)])
    elif step == Step.SCORES:
        text = campaigns_texts.wizard_scores(screen.scores)
        rows.append(
            [_wizard_button(_(campaigns_texts.WIZARD_DEFAULT_SCORES), step, Choice.DEFAULT_SCORES)]
        )
    last = []
    if step != Step.ORGANIZATION:
        last.append(_wizard_button(_(organizing_texts.PREVIOUS_STEP), step, Choice.BACK))
    last.append(_wizard_button(_(organizing_texts.CANCEL), step, Choice.CANCEL))
    rows.append(last)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def status(report: CampaignStatus, closing: bool = False) -> list[str]:
    """The status as one or more messages, each under the message limit."""
    state = _(campaigns_texts.STATUS_OPEN) if report.open else _(campaigns_texts.STATUS_CLOSED)
    expected = report.expected if report.expected is not None else _("未设定")
    heading = _("📋 评议汇总") if closing else _("📊 评议进度")
    lines = [
        _("{heading}：{title}（编号 {id}，{state}，截止 {deadline}）").format(
            heading=heading,
            title=texts.say(report.title),
            id=report.id,
            state=state,
            deadline=texts.date_label(report.deadline),
        ),
        _("已提交 {submitted} 人{sources}，应参评 {expected} 人，参评率 {rate}").format(
            submitted=report.submitted,
            sources=campaigns_texts.sources(report.chat, report.paper),
            expected=expected,
            rate=texts.percent(report.participation_rate),
        ),
        _(
            "网上问卷已开始未提交 {unfinished} 人；可提醒 {reachable} 人（订阅提醒或已开始未提交）"
        ).format(unfinished=report.unfinished, reachable=report.reachable),
        _("按身份类别（网上问卷）：")
        + " · ".join(f"{_(label)} {count}" for label, count in report.by_category)
        + (_("；纸质问卷 {paper} 份不分类别").format(paper=report.paper) if report.paper else ""),
        *self_evaluation_texts.member_figures(report.members),
        "",
        _("评议结果（每项有效票不少于 {threshold} 份才显示等次）：").format(
            threshold=report.threshold
        ),
    ]
    for subject in report.subjects:
        if subject.grade is None:
            grade = _(campaigns_texts.BELOW_THRESHOLD)
        else:
            grade = _(subject.grade) + _("（满意+基本满意 {rate}，得分 {score}）").format(
                rate=texts.percent(subject.approval_rate),
                score=self_evaluation_texts.points(subject.score),
            )
        marker = _("【组织】") if subject.kind != MEMBER else ""
        lines.append("· " + texts.labelled(marker + subject.name, grade))
    group = report.group
    if group.is_group:
        lines += ["", _(campaigns_texts.GROUP_TITLE)]
        for branch in group.branches:
            lines.append("　" * branch.depth + campaigns_texts.branch_line(branch))
        lines.append(campaigns_texts.group_total(group.submitted, group.total_grade))
    lines += ["", campaigns_texts.statistics(group.statistics)]
    return chunks(lines)


def status_keyboard(report: CampaignStatus) -> InlineKeyboardMarkup:
    row = [
        organizer_button(_(organizing_texts.REFRESH), Act.STATUS, report.id),
        organizer_button(_(campaigns_texts.EXPORT), Act.EXPORT, report.id),
    ]
    if report.open:
        row.append(organizer_button(_(campaigns_texts.CLOSE), Act.CLOSE, report.id))
    return InlineKeyboardMarkup(inline_keyboard=[row])


def export_again(campaign_id: int, public: bool) -> InlineKeyboardMarkup:
    """Under the notice that an export did not come: ask for it again."""
    act = Act.PUBLIC if public else Act.EXPORT
    return InlineKeyboardMarkup(
        inline_keyboard=[[organizer_button(_(texts.EXPORT_AGAIN), act, campaign_id)]]
    )


def printable(act: str, campaign_id: int) -> InlineKeyboardMarkup:
    """Under a workbook or a 公示版: its 打印版 PDF."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[organizer_button(_(campaigns_texts.PRINT_PDF), act, campaign_id)]]
    )


def close_confirmation(campaign_id: int, title: str) -> Rendered:
    keyboard = [
        [
            organizer_button(_(campaigns_texts.CLOSE_YES), Act.CLOSE_CONFIRMED, campaign_id),
            organizer_button(_(campaigns_texts.CLOSE_NO), Act.CLOSE_KEPT, campaign_id),
        ]
    ]
    return _(campaigns_texts.CLOSE_CONFIRM).format(
        texts.say(title), campaign_id
    ), InlineKeyboardMarkup(inline_keyboard=keyboard)


def wipe_confirmation(count: int) -> Rendered:
    keyboard = [
        [
            organizer_button(_(campaigns_texts.WIPE_YES), Act.WIPE),
            organizer_button(_(campaigns_texts.WIPE_NO), Act.WIPE_KEPT),
        ]
    ]
    return _(campaigns_texts.WIPE_CONFIRM).format(count), InlineKeyboardMarkup(
        inline_keyboard=keyboard
    )
