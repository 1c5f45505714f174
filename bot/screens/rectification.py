"""The 整改台账: pages of items by status, one item and its fields."""

from __future__ import annotations

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from bot import texts
from bot.callbacks.rectification import LedgerAct, LedgerButton
from bot.i18n import gettext as _
from bot.screens import Rendered
from bot.texts import rectification as rectification_texts
from evaluation.prompts import DEADLINE, MEMBER, OWNER, RESPONSE
from evaluation.rectification import PAGE_SIZE, STATUSES, Item, ItemPage

ITEM_FIELDS = (OWNER, DEADLINE, RESPONSE, MEMBER)


def ledger_button(text: str, **data) -> InlineKeyboardButton:
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
            ledger_button(
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
        ledger_button(
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
            ledger_button(
                _(texts.PREVIOUS_PAGE), a=LedgerAct.LIST, c=campaign_id, f=selected, p=page.page - 1
            )
        )
    if page.page + 1 < page.pages:
        pager.append(
            ledger_button(
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
        ledger_button(
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
    fields = [
        ledger_button(label, a=LedgerAct.ASK_FIELD, p=n, x=code) for n, label in enumerate(labels)
    ]
    back = [
        ledger_button(
            _(rectification_texts.LEDGER_BACK), a=LedgerAct.LIST, c=campaign, f=selected, p=page
        )
    ]
    rows = [statuses[:2], statuses[2:], fields[:2], fields[2:], back]
    keyboard = InlineKeyboardMarkup(inline_keyboard=rows)
    return rectification_texts.ledger_item(item), keyboard
