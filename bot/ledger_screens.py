"""整改台账 and 统计单 records as chat messages: core results → text + keyboard."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.rectification import LedgerAct, LedgerButton
from bot.i18n import gettext as _
from bot.texts import activities as activities_texts
from bot.texts import rectification as rectification_texts
from evaluation.activities import ITEMS
from evaluation.prompts import DEADLINE, MEMBER, OWNER, RESPONSE
from evaluation.rectification import PAGE_SIZE, STATUSES, Item, ItemPage

Rendered = tuple[str, InlineKeyboardMarkup | None]
ITEM_FIELDS = (OWNER, DEADLINE, RESPONSE, MEMBER)


def _button(text: str, **data) -> InlineKeyboardButton:
    return InlineKeyboardButton(text=text, callback_data=LedgerButton(**data).pack())


def status_filter(value: int) -> str | None:
    """The ledger's filter from a button: 0 all, else 1 + a status's index."""
    return STATUSES[value - 1] if 1 <= value <= len(STATUSES) else None


def ledger_page(page: ItemPage, campaign_id: int) -> Rendered:
    selected = STATUSES.index(page.status) + 1 if page.status else 0
    lines = [rectification_texts.ledger_title(page.campaign, page.counts, page.status)]
    first = page.page * PAGE_SIZE
    lines += [
        rectification_texts.ledger_line(first + n, item)
        for n, item in enumerate(page.items, start=1)
    ]
    if not page.items:
        lines.append(_(rectification_texts.LEDGER_NONE))
    rows = [
        [
            _button(
                f"{item.code}【{_(item.status)}】",
                a=LedgerAct.ITEM,
                c=campaign_id,
                f=selected,
                p=page.page,
                x=item.code,
            )
        ]
        for item in page.items
    ]
    filters = [
        _button(
            _(texts.CHOSEN) + label if n == selected else label,
            a=LedgerAct.LIST,
            c=campaign_id,
            f=n,
        )
        for n, label in enumerate((_(rectification_texts.ALL_STATUSES), *map(_, STATUSES)))
    ]
    rows += [filters[:3], filters[3:]]  # five labels in one row would be cut short on a phone
    pager = []
    if page.page > 0:
        pager.append(
            _button(
                _(texts.PREVIOUS_PAGE), a=LedgerAct.LIST, c=campaign_id, f=selected, p=page.page - 1
            )
        )
    if page.page + 1 < page.pages:
        pager.append(
            _button(
                _(texts.NEXT_PAGE), a=LedgerAct.LIST, c=campaign_id, f=selected, p=page.page + 1
            )
        )
    if pager:
        rows.append(pager)
        lines.append(_(texts.PAGE).format(page.page + 1, page.pages))
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=rows)


def ledger_item(item: Item, selected: int = 0, page: int = 0) -> Rendered:
    code, campaign = item.code, item.campaign_id
    statuses = [
        _button(
            _(texts.CHOSEN) + _(name) if name == item.status else _(name),
            a=LedgerAct.SET_STATUS,
            p=n,
            x=code,
        )
        for n, name in enumerate(STATUSES)
    ]
    labels = (
        _(rectification_texts.SET_OWNER),
        _(rectification_texts.SET_DEADLINE),
        _(rectification_texts.SET_RESPONSE),
        _(rectification_texts.SET_MEMBER),
    )
    fields = [_button(label, a=LedgerAct.ASK_FIELD, p=n, x=code) for n, label in enumerate(labels)]
    back = [
        _button(
            _(rectification_texts.LEDGER_BACK), a=LedgerAct.LIST, c=campaign, f=selected, p=page
        )
    ]
    rows = [statuses[:2], statuses[2:], fields[:2], fields[2:], back]
    keyboard = InlineKeyboardMarkup(inline_keyboard=rows)
    return rectification_texts.ledger_item(item), keyboard


def activity_picker(campaign_id: int, title: str, totals: dict[str, int | None]) -> Rendered:
    rows = [
        [
            _button(
                activities_texts.record_button(item, totals.get(item.code)),
                a=LedgerAct.ASK_FIGURE,
                c=campaign_id,
                p=n,
            )
        ]
        for n, item in enumerate(ITEMS)
    ]
    return f"{texts.say(title)}\n{_(rectification_texts.RECORD_PICK)}", InlineKeyboardMarkup(
        inline_keyboard=rows
    )
