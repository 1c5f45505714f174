"""Who comments on whom (逐级点评): /commenters lists a campaign's members with their
commenters; a member's screen has a toggle per other member and 恢复默认 (the roles' rule).
/signature: how an organizer signs their comments (asked once, before their first one)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot import filters
from bot.callbacks.organizing import Act, OrganizerButton
from bot.handlers.organizing.common import pressed
from bot.handlers.organizing.pickers import campaign_picker
from bot.replies import answer, edit
from bot.screens import comments as comments_screens
from bot.texts import comments as comments_texts
from evaluation import comment_flow, commenters, comments, prompts, signatures
from evaluation.callers import Caller
from evaluation.campaigns import managed_campaign
from evaluation.pseudonyms import Pseudonyms

Now = Callable[[], datetime]
router = Router(name="organizer-commenters")
# The signature an organizer was asked for: included after every organizer command.
replies = Router(name="organizer-signature-text")
SUBJECT_SHIFT = 2**24  # COMMENTER_TOGGLE's second value: subject × 2^24 + commenter


@router.message(Command("commenters"))
async def commenters_command(message: Message, session: AsyncSession, caller: Caller) -> None:
    await answer(message, await campaign_picker(session, caller, Act.COMMENTERS, 0))


async def _overview(session, caller: Caller, campaign_id: int):
    campaign = await managed_campaign(session, caller, campaign_id)
    found = [
        (subject, await commenters.commenters_of(session, campaign, subject))
        for subject in (await comments.subjects(session, campaign))[1:]
    ]
    return comments_screens.commenters(campaign.id, found)


async def _subject(session, caller: Caller, campaign_id: int, subject_key: int):
    campaign = await managed_campaign(session, caller, campaign_id)
    subject = next(s for s in await comments.subjects(session, campaign) if s.key == subject_key)
    chosen = {m.id for m in await commenters.commenters_of(session, campaign, subject)}
    roster = [m for m in await commenters.roster(session, campaign) if m.id != subject.key]
    return comments_screens.commenters_of(campaign.id, subject, roster, chosen)


@router.callback_query(pressed(Act.COMMENTERS))
async def overview_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    await edit(query, *await _overview(session, caller, callback_data.v))
    await query.answer()


@router.callback_query(pressed(Act.COMMENTERS_SUBJECT))
async def subject_pressed(
    query: CallbackQuery, callback_data: OrganizerButton, session: AsyncSession, caller: Caller
) -> None:
    await commenters.check_member_subject(session, caller, callback_data.v, callback_data.w)
    await edit(query, *await _subject(session, caller, callback_data.v, callback_data.w))
    await query.answer()


@router.callback_query(pressed(Act.COMMENTER_TOGGLE))
async def toggle_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
) -> None:
    subject, member = divmod(callback_data.w, SUBJECT_SHIFT)
    await commenters.toggle_commenter(session, caller, callback_data.v, subject, member, now())
    await edit(query, *await _subject(session, caller, callback_data.v, subject))
    await query.answer()


@router.callback_query(pressed(Act.COMMENTERS_DEFAULT))
async def default_pressed(
    query: CallbackQuery,
    callback_data: OrganizerButton,
    session: AsyncSession,
    caller: Caller,
    now: Now,
) -> None:
    campaign_id, subject = callback_data.v, callback_data.w
    await commenters.choose_commenters(session, caller, campaign_id, subject, None, now())
    await edit(query, *await _subject(session, caller, campaign_id, subject))
    await query.answer()


@router.message(Command("signature"))
async def signature_command(message: Message, session: AsyncSession, caller: Caller) -> None:
    current = await signatures.signature(session, caller)
    await prompts.ask(session, caller.user_id, prompts.SIGNATURE, "")
    await message.answer(comments_texts.signature_question(current))


async def awaiting_signature(message: Message, session: AsyncSession) -> bool:
    if (message.text or "").startswith("/"):
        return False  # a command is never the answer to a question
    prompt = await prompts.pending(session, message.from_user.id)
    return prompt is not None and prompt.field == prompts.SIGNATURE


@replies.message(filters.has_text, awaiting_signature)
async def signature_sent(
    message: Message, session: AsyncSession, caller: Caller, pseudonyms: Pseudonyms, now: Now
) -> None:
    """The name and title; a refusal keeps the question open. The comment that asked for it
    opens next."""
    prompt = await prompts.pending(session, caller.user_id)
    name, title = signatures.parse_signature(message.text)
    await signatures.sign(session, caller.user_id, name, title, now())
    await prompts.clear(session, caller.user_id)
    await message.answer(comments_texts.signed(name, title))
    if prompt.target:
        campaign_id, subject = (int(part) for part in prompt.target.split(":"))
        screen = await comment_flow.open_comment(
            session, pseudonyms, caller, campaign_id, subject, now()
        )
        await answer(message, comments_screens.comment(screen))
