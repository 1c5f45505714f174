"""What organizer screens share: paged pickers, labels of campaigns and organizations, the
audit log, long lists cut into messages."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.organizing import Act, OrganizerButton
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.texts import campaigns as campaigns_texts
from bot.texts import organizing as organizing_texts
from evaluation.audit import AuditRow
from evaluation.campaigns import CampaignRow
from evaluation.organizations import OrganizationTree
from storage.models import Organization

PAGE_SIZE = 8


CHUNK_LIMIT = 3800  # under 4,096 UTF-16 units, CJK included


Item = tuple[str, OrganizerButton]


def organizer_button(text: str, act: str, value: int = 0, second: int = 0) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=text, callback_data=OrganizerButton(a=act, v=value, w=second).pack()
    )


def pages(count: int) -> int:
    return max(1, -(-count // PAGE_SIZE))


def page_row(
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
    pager = page_row(
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
        _(campaigns_texts.STATUS_OPEN) if row.status == "open" else _(campaigns_texts.STATUS_CLOSED)
    )
    label = _("#{id} {title} · {status} · 已提交 {submitted}").format(
        id=row.id, title=texts.say(row.title), status=status, submitted=row.submitted
    )
    return label + (_("（纸质 {paper}）").format(paper=row.paper) if row.paper else "")


def organization_items(
    tree: OrganizationTree, organizations: Sequence[Organization], act: str
) -> list[Item]:
    return [(indented(tree, o), OrganizerButton(a=act, v=o.id)) for o in organizations]


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
        pager.append(organizer_button(_(texts.PREVIOUS_PAGE), Act.AUDIT_PAGE, page - 1))
    if page + 1 < total_pages:
        pager.append(organizer_button(_(texts.NEXT_PAGE), Act.AUDIT_PAGE, page + 1))
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
