"""Organizer views (wizard steps, lists, status, audit) as message text and inline keyboards."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.campaigns import WizardButton
from bot.callbacks.organizing import Act, OrganizerButton
from bot.i18n import gettext as _
from bot.texts import campaign as campaign_texts
from bot.texts import commitments as commitments_texts
from bot.texts import cycle as cycle_texts
from bot.texts import members as members_texts
from bot.texts import organizing as organizing_texts
from bot.texts import paper as paper_texts
from bot.texts import self_evaluation as self_evaluation_texts
from evaluation import paper
from evaluation.audit import AuditRow
from evaluation.campaigns import CampaignRow
from evaluation.cycle import CycleRules
from evaluation.organizations import OrganizationTree
from evaluation.quarterly import CycleRow
from evaluation.questionnaire import MEMBER, TEMPLATES
from evaluation.status import CampaignStatus
from evaluation.wizard import DEADLINE_CHOICES, TEMPLATE_CODES, Choice, Step, WizardScreen
from storage.models import Organization

PAGE_SIZE = 8
CHUNK_LIMIT = 3800  # under 4,096 UTF-16 units, CJK included

Rendered = tuple[str, InlineKeyboardMarkup | None]
Item = tuple[str, OrganizerButton]


def _org_button(text: str, act: str, value: int = 0, second: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=OrganizerButton(a=act, v=value, w=second).pack()
    )


def _wizard_button(text: str, step: Step, choice: Choice, value: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=WizardButton(s=int(step), a=choice.value, v=value).pack()
    )


def pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def _page_row(
    page: int, count: int, make: Callable[[str, int], InlineKeyboardButton]
) -> list[InlineKeyboardButton]:
    row = []
    if page > 0:
        row.append(make(_(texts.PREVIOUS_PAGE), page - 1))
    if page + 1 < pages(count):
        row.append(make(_(texts.NEXT_PAGE), page + 1))
    return row


def indented(tree: OrganizationTree, organization: Organization) -> str:
    return "　" * tree.depth(organization.id) + organization.name


# --- the wizard ---------------------------------------------------------------------------


def wizard(screen: WizardScreen, tree: OrganizationTree | None = None) -> Rendered:
    step = screen.step
    rows: list[list[InlineKeyboardButton]] = []
    if step == Step.ORGANIZATION:
        text = _(campaign_texts.WIZARD_ORGANIZATION)
        page = min(screen.page, pages(len(screen.organizations)) - 1)
        shown = screen.organizations[page * PAGE_SIZE : (page + 1) * PAGE_SIZE]
        for organization in shown:
            label = indented(tree, organization) if tree else organization.name
            rows.append([_wizard_button(label, step, Choice.ORGANIZATION, organization.id)])
        pager = _page_row(
            page,
            len(screen.organizations),
            lambda label, value: _wizard_button(label, step, Choice.PAGE, value),
        )
        if pager:
            rows.append(pager)
    elif step == Step.TEMPLATE:
        text = _(campaign_texts.WIZARD_TEMPLATE).format(screen.organization.name)
        for index, code in enumerate(TEMPLATE_CODES):
            rows.append([_wizard_button(_(TEMPLATES[code].name), step, Choice.TEMPLATE, index)])
        goal = screen.sector_goal
        if goal:
            chosen = screen.data.get("sector_goal", False)
            label = (_(texts.CHOSEN) if chosen else "") + _(campaign_texts.WIZARD_ADD_GOAL).format(
                _(goal)
            )
            rows.append([_wizard_button(label, step, Choice.SECTOR_GOAL, int(not chosen))])
    elif step == Step.PERIOD:
        text = _(campaign_texts.WIZARD_PERIOD)
        for value, period in enumerate(screen.periods):
            rows.append([_wizard_button(texts.period_name(period), step, Choice.PERIOD, value)])
    elif step == Step.DEADLINE:
        text = _(campaign_texts.WIZARD_DEADLINE).format(texts.date_label(screen.deadline))
        for days in DEADLINE_CHOICES:
            day = screen.today.toordinal() + days
            label = _(campaign_texts.WIZARD_DEADLINE_CHOICE).format(
                days, texts.date_label(type(screen.today).fromordinal(day))
            )
            rows.append([_wizard_button(label, step, Choice.DEADLINE, days)])
    elif step == Step.EXPECTED:
        text = _(campaign_texts.WIZARD_EXPECTED)
        rows.append([_wizard_button(_(campaign_texts.NO_EXPECTED), step, Choice.NO_EXPECTED)])
    elif step == Step.CONFIRM:
        data = screen.data
        text = (
            _(campaign_texts.WIZARD_CONFIRM)
            + "\n\n"
            + campaign_texts.wizard_summary(
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
        label = (_(texts.CHOSEN) if peer else "") + _(campaign_texts.WIZARD_PEER_REVIEW)
        rows.append([_wizard_button(label, step, Choice.PEER_REVIEW, int(not peer))])
        rows.append([_wizard_button(_(campaign_texts.WIZARD_SCORES), step, Choice.SCORES)])
        rows.append([_wizard_button(_(campaign_texts.CONFIRM_OPEN), step, Choice.CONFIRM)])
    elif step == Step.SCORES:
        text = campaign_texts.wizard_scores(screen.scores)
        rows.append(
            [_wizard_button(_(campaign_texts.WIZARD_DEFAULT_SCORES), step, Choice.DEFAULT_SCORES)]
        )
    last = []
    if step != Step.ORGANIZATION:
        last.append(_wizard_button(_(organizing_texts.PREVIOUS_STEP), step, Choice.BACK))
    last.append(_wizard_button(_(organizing_texts.CANCEL), step, Choice.CANCEL))
    rows.append(last)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


# --- lists --------------------------------------------------------------------------------


def picker(
    title: str,
    items: Sequence[Item],
    page: int,
    turn: Callable[[int], CallbackData],
    beside: Callable[[int], Item | None] = lambda index: None,
) -> Rendered:
    """A paginated column of buttons; ``turn(page)`` is the button that redraws the list at
    another page. ``beside(index)``: a second button in an item's row, if any."""
    page = max(0, min(page, pages(len(items)) - 1))
    rows = []
    for index in range(page * PAGE_SIZE, min((page + 1) * PAGE_SIZE, len(items))):
        row = [items[index], *filter(None, [beside(index)])]
        rows.append([InlineKeyboardButton(text=t, callback_data=b.pack()) for t, b in row])
    pager = _page_row(
        page,
        len(items),
        lambda label, value: InlineKeyboardButton(text=label, callback_data=turn(value).pack()),
    )
    if pager:
        rows.append(pager)
    if pages(len(items)) > 1:
        title += "\n" + _(texts.PAGE).format(page + 1, pages(len(items)))
    return title, InlineKeyboardMarkup(inline_keyboard=rows)


def campaign_label(row: CampaignRow) -> str:
    status = (
        _(campaign_texts.STATUS_OPEN) if row.status == "open" else _(campaign_texts.STATUS_CLOSED)
    )
    label = _("#{id} {title} · {status} · 已提交 {submitted}").format(
        id=row.id, title=texts.say(row.title), status=status, submitted=row.submitted
    )
    return label + (_("（纸质 {paper}）").format(paper=row.paper) if row.paper else "")


def organization_items(
    tree: OrganizationTree, organizations: Sequence[Organization], act: str
) -> list[Item]:
    return [(indented(tree, o), OrganizerButton(a=act, v=o.id)) for o in organizations]


# --- status and summaries -----------------------------------------------------------------


def status(report: CampaignStatus, closing: bool = False) -> list[str]:
    """The status as one or more messages, each under the message limit."""
    state = _(campaign_texts.STATUS_OPEN) if report.open else _(campaign_texts.STATUS_CLOSED)
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
            sources=campaign_texts.sources(report.chat, report.paper),
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
            grade = _(campaign_texts.BELOW_THRESHOLD)
        else:
            grade = _(subject.grade) + _("（满意+基本满意 {rate}，得分 {score}）").format(
                rate=texts.percent(subject.approval_rate),
                score=self_evaluation_texts.points(subject.score),
            )
        marker = _("【组织】") if subject.kind != MEMBER else ""
        lines.append("· " + texts.labelled(marker + subject.name, grade))
    group = report.group
    if group.is_group:
        lines += ["", _(campaign_texts.GROUP_TITLE)]
        for branch in group.branches:
            lines.append("　" * branch.depth + campaign_texts.branch_line(branch))
        lines.append(campaign_texts.group_total(group.submitted, group.total_grade))
    lines += ["", campaign_texts.statistics(group.statistics)]
    return chunks(lines)


def status_keyboard(report: CampaignStatus) -> InlineKeyboardMarkup:
    row = [
        _org_button(_(organizing_texts.REFRESH), Act.STATUS, report.id),
        _org_button(_(campaign_texts.EXPORT), Act.EXPORT, report.id),
    ]
    if report.open:
        row.append(_org_button(_(campaign_texts.CLOSE), Act.CLOSE, report.id))
    return InlineKeyboardMarkup(inline_keyboard=[row])


def export_again(campaign_id: int, public: bool) -> InlineKeyboardMarkup:
    """Under the notice that an export did not come: ask for it again."""
    act = Act.PUBLIC if public else Act.EXPORT
    return InlineKeyboardMarkup(
        inline_keyboard=[[_org_button(_(texts.EXPORT_AGAIN), act, campaign_id)]]
    )


def printable(act: str, campaign_id: int) -> InlineKeyboardMarkup:
    """Under a workbook or a 公示版: its 打印版 PDF."""
    return InlineKeyboardMarkup(
        inline_keyboard=[[_org_button(_(campaign_texts.PRINT_PDF), act, campaign_id)]]
    )


def close_confirmation(campaign_id: int, title: str) -> Rendered:
    keyboard = [
        [
            _org_button(_(campaign_texts.CLOSE_YES), Act.CLOSE_CONFIRMED, campaign_id),
            _org_button(_(campaign_texts.CLOSE_NO), Act.CLOSE_KEPT, campaign_id),
        ]
    ]
    return _(campaign_texts.CLOSE_CONFIRM).format(
        texts.say(title), campaign_id
    ), InlineKeyboardMarkup(inline_keyboard=keyboard)


def wipe_confirmation(count: int) -> Rendered:
    keyboard = [
        [
            _org_button(_(campaign_texts.WIPE_YES), Act.WIPE),
            _org_button(_(campaign_texts.WIPE_NO), Act.WIPE_KEPT),
        ]
    ]
    return _(campaign_texts.WIPE_CONFIRM).format(count), InlineKeyboardMarkup(
        inline_keyboard=keyboard
    )


def reissue_confirmation(member_id: int, name: str) -> Rendered:
    """A bound member: a new 认领 link would withdraw the binding."""
    keyboard = [
        [
            _org_button(_(members_texts.MEMBER_REISSUE), Act.MEMBER_REISSUE, member_id),
            _org_button(_(members_texts.MEMBER_KEEP), Act.MEMBER_KEPT, member_id),
        ]
    ]
    return members_texts.member_reissue_question(name), InlineKeyboardMarkup(
        inline_keyboard=keyboard
    )


def live_link(member_id: int, text: str) -> Rendered:
    """An unbound member's unspent link, shown again, with the way to withdraw it."""
    renew = _org_button(_(members_texts.MEMBER_RENEW), Act.MEMBER_RENEW, member_id)
    return text, InlineKeyboardMarkup(inline_keyboard=[[renew]])


def paper_ballot_copies(campaign_id: int) -> Rendered:
    """How many blank 测评表 to print: a button per usual count."""
    buttons = [
        _org_button(paper_texts.copies(count), Act.PAPER_BALLOTS, campaign_id, count)
        for count in paper.COPY_CHOICES
    ]
    return _(paper_texts.PAPER_BALLOTS_PROMPT), InlineKeyboardMarkup(inline_keyboard=[buttons])


def commitments_of(organization_id: int, subject) -> Rendered:
    """One subject's 承诺事项, a row of buttons each, one per 践诺 state."""
    member = subject.member_id or 0
    rows = [
        [
            _org_button(label, Act.COMMITMENT_STATE, item.id, 1 + index)
            for index, label in commitments_texts.commitment_state_buttons(n, item.state)
        ]
        for n, item in enumerate(subject.items, start=1)
    ]
    rows.append(
        [
            _org_button(
                _(commitments_texts.COMMITMENTS_EDIT), Act.COMMITMENT_EDIT, organization_id, member
            )
        ]
    )
    text = commitments_texts.commitments_text(subject.member, subject.items)
    return text, InlineKeyboardMarkup(inline_keyboard=rows)


def audit_page(rows: Sequence[AuditRow], page: int, total_pages: int) -> Rendered:
    if not rows:
        return _(organizing_texts.AUDIT_EMPTY), None
    lines = [_(organizing_texts.AUDIT_TITLE)]
    for row in rows:
        target = "·".join(
            part
            for part in (
                row.organization,
                _("评议{id}").format(id=row.campaign_id) if row.campaign_id else None,
            )
            if part
        )
        detail = f"（{row.detail}）" if row.detail else ""
        lines.append(f"{row.at:%m-%d %H:%M} {_(row.actor)} {_(row.action)} {target}{detail}")
    lines.append(_(texts.PAGE).format(page + 1, total_pages))
    pager = []
    if page > 0:
        pager.append(_org_button(_(texts.PREVIOUS_PAGE), Act.AUDIT_PAGE, page - 1))
    if page + 1 < total_pages:
        pager.append(_org_button(_(texts.NEXT_PAGE), Act.AUDIT_PAGE, page + 1))
    markup = InlineKeyboardMarkup(inline_keyboard=[pager]) if pager else None
    return chunks(lines)[0], markup


def chunks(lines: Sequence[str]) -> list[str]:
    """Join lines into messages that each stay under the limit."""
    messages, current = [], ""
    for line in lines:
        line = line[:CHUNK_LIMIT]
        if current and len(current) + len(line) + 1 > CHUNK_LIMIT:
            messages.append(current)
            current = ""
        current = f"{current}\n{line}" if current else line
    if current:
        messages.append(current)
    return messages


def cycle_line(row: CycleRow, rules: CycleRules) -> str:
    opening = row.next_opening.astimezone(rules.zone) if row.next_opening else None
    template = TEMPLATES[row.template].name
    return cycle_texts.cycle_state(
        row.organization, row.enabled, template, row.duration_days, opening
    )
