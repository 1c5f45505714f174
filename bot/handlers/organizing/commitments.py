"""公开承诺 in the organizer's chat: /commitments lists an organization's subjects (itself and
each member) with how many 承诺事项 each has; a subject shows its items, each button moving one
to its next 践诺 state, and 修改承诺事项 takes the next text as the subject's whole list."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters
from bot.callbacks.organizing import Act, OrganizerButton
from bot.handlers.organizing.common import Now, organization_page, pressed
from bot.handlers.organizing.pickers import only_organization, organization_picker
from bot.i18n import gettext as _
from bot.replies import answer, edit
from bot.screens import commitments as commitments_screens
from bot.screens import organizing as organizing_screens
from bot.texts import commitments as commitments_texts
from evaluation import commitments, prompts
from evaluation.callers import Caller

router = Router(name="organizer-commitments")
# The list an organizer was asked to send: included after every organizer command.
replies = Router(name="organizer-commitments-text")


@router.message(Command("commitments"))
async def commitments_command(message: Message, session: AsyncSession, caller: Caller) -> None:
    organization_id = await only_organization(session, caller)
    if organization_id is None:
        await answer(message, await organization_picker(session, caller, Act.COMMITMENTS, 0))
        return
    await answer(message, await subjects_screen(session, caller, organization_id, 0))


@router.callback_query(pressed(Act.COMMITMENTS))
@router.callback_query(pressed(Act.COMMITMENT_SUBJECTS_PAGE))
async def subjects(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    organization_id, page = organization_page(callback_data, Act.COMMITMENTS)
    await edit(query, *await subjects_screen(session, caller, organization_id, page))
    await query.answer()


async def subjects_screen(session: AsyncSession, caller: Caller, organization_id: int, page: int):
    """An organization's subjects (itself and each member) and how many 承诺事项 each has."""
    listing = await commitments.listing(session, caller, organization_id)
    items = [
        (
            commitments_texts.commitment_subject_label(subject.member, len(subject.items)),
            OrganizerButton(a=Act.COMMITMENT_SUBJECT, v=organization_id, w=subject.member_id or 0),
        )
        for subject in listing
    ]

    def turn(page: int) -> OrganizerButton:
        return OrganizerButton(a=Act.COMMITMENT_SUBJECTS_PAGE, v=page, w=organization_id)

    return organizing_screens.picker(_(commitments_texts.COMMITMENTS_TITLE), items, page, turn)


@router.callback_query(pressed(Act.COMMITMENT_SUBJECT))
async def subject_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    await answer(
        query.message, await subject_screen(session, caller, callback_data.v, callback_data.w)
    )
    await query.answer()


async def subject_screen(session: AsyncSession, caller: Caller, organization_id: int, member: int):
    listing = await commitments.listing(session, caller, organization_id)
    subject = next((s for s in listing if (s.member_id or 0) == member), None)
    if subject is None:
        return _(commitments_texts.NO_SUCH_MEMBER), None
    return commitments_screens.commitments_of(organization_id, subject)


@router.callback_query(pressed(Act.COMMITMENT_STATE))
async def state_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
) -> None:
    index = callback_data.w - 1  # -1: an older button, of one item: the screen is drawn again
    organization_id, member_id, _state = await commitments.choose_state(
        session, caller, callback_data.v, index, now(), change=index >= 0
    )
    await edit(query, *await subject_screen(session, caller, organization_id, member_id or 0))
    await query.answer()


@router.callback_query(pressed(Act.COMMITMENT_EDIT))
async def edit_list(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    organization_id, member = callback_data.v, callback_data.w
    await subject_screen(session, caller, organization_id, member)  # rights first
    await prompts.ask(session, caller.user_id, prompts.COMMITMENTS, f"{organization_id}:{member}")
    await query.message.answer(_(commitments_texts.COMMITMENTS_PROMPT))
    await query.answer()


async def awaiting_commitments(message: Message, session: AsyncSession) -> bool:
    if (message.text or "").startswith("/"):
        return False  # a command is never the answer to a question
    prompt = await prompts.pending(session, message.from_user.id)
    return prompt is not None and prompt.field == prompts.COMMITMENTS


@replies.message(filters.has_text, awaiting_commitments)
async def list_sent(message: Message, session: AsyncSession, caller: Caller, now: Now) -> None:
    """The subject's new list, one 承诺事项 a line; a refusal keeps the question open."""
    prompt = await prompts.pending(session, caller.user_id)
    organization_id, member = (int(part) for part in prompt.target.split(":"))
    listing = await commitments.listing(session, caller, organization_id)
    subject = next(s for s in listing if (s.member_id or 0) == member)
    lines = commitments.lines_of(message.text)
    await commitments.set_list(session, caller, organization_id, subject.member, lines, now())
    await prompts.clear(session, caller.user_id)
    await answer(message, await subject_screen(session, caller, organization_id, member))
