"""The Bot API fake is strict where Telegram is: checked with aiogram's own client."""

import asyncio

import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
)

from support.sample import TOKEN


@pytest.fixture
async def bot(fake):
    session = AiohttpSession(api=TelegramAPIServer.from_base(fake.base_url))
    bot = Bot(TOKEN, session=session)
    yield bot
    await bot.session.close()


def keyboard(data: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="x", callback_data=data)]]
    )


async def test_identity_and_token(fake, bot):
    me = await bot.get_me()
    assert me.is_bot and me.username == fake.username
    stranger = Bot("43:AAsomeoneElsesTokenNotTheFakes_01234", session=bot.session)
    with pytest.raises(TelegramUnauthorizedError):
        await stranger.get_me()


async def test_messages_are_checked_like_telegram(fake, bot):
    person = fake.person(5)
    with pytest.raises(TelegramForbiddenError, match="can't initiate"):
        await bot.send_message(5, "你好")
    person.chat.started = True
    await bot.send_message(5, "x" * 4096, reply_markup=keyboard("d" * 64))
    with pytest.raises(TelegramBadRequest, match="too long"):
        await bot.send_message(5, "x" * 4097)
    with pytest.raises(TelegramBadRequest, match="too long"):
        await bot.send_message(5, "😀" * 2049)  # Telegram counts UTF-16 units
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(5, "x", reply_markup=keyboard("长" * 22))  # 66 bytes
    message = await bot.send_message(5, "题目", reply_markup=keyboard("a"))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            chat_id=5, message_id=message.message_id, text="题目", reply_markup=keyboard("a")
        )
    await bot.edit_message_text(chat_id=5, message_id=message.message_id, text="下一题")
    assert person.last["text"] == "下一题" and "reply_markup" not in person.last
    with pytest.raises(TelegramBadRequest, match="not found"):
        await bot.edit_message_text(chat_id=5, message_id=99999, text="x")
    fake.block(5)
    with pytest.raises(TelegramForbiddenError, match="blocked"):
        await bot.send_message(5, "x")


async def test_429_carries_retry_after(fake, bot):
    fake.fail_next(count=1, code=429, retry_after=3)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.get_me()
    assert caught.value.retry_after == 3
    assert (await bot.get_me()).is_bot  # only the next call was refused


async def test_callback_answers_are_recorded_once(fake, bot):
    person = fake.person(6)
    person.chat.started = True
    await bot.send_message(6, "q", reply_markup=keyboard("b:1"))
    task = asyncio.create_task(person.press("x"))
    [update] = await bot.get_updates(timeout=5)
    query = update.callback_query
    assert query.data == "b:1" and query.chat_instance and query.message.message_id
    assert await bot.answer_callback_query(query.id, text="好")
    assert (await task)["text"] == "好"
    with pytest.raises(TelegramBadRequest, match="query ID is invalid"):
        await bot.answer_callback_query(query.id)


async def test_get_updates_offset_limit_and_long_polling(fake, bot):
    person = fake.person(7)
    for text in ("一", "二", "三"):
        await person.send(text, replies=0)
    first = await bot.get_updates(offset=0, limit=2)
    assert [u.message.text for u in first] == ["一", "二"]
    rest = await bot.get_updates(offset=first[-1].update_id + 1, timeout=1)
    assert [u.message.text for u in rest] == ["三"]
    again = await bot.get_updates(offset=0)
    assert [u.message.text for u in again] == ["三"]  # confirmed updates are gone
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await bot.get_updates(offset=rest[-1].update_id + 1, timeout=1) == []
    assert loop.time() - started >= 0.9  # it waited, it did not spin


async def test_files_round_trip_and_commands(fake, bot):
    person = fake.person(8)
    person.chat.started = True
    document = await bot.send_document(
        8, BufferedInputFile(b"PK\x03\x04xlsx", "统计.xlsx"), caption="导出"
    )
    assert document.document.file_name == "统计.xlsx"
    photo = await bot.send_photo(8, BufferedInputFile(b"\x89PNG", "qr.png"))
    for file_id, content in (
        (document.document.file_id, b"PK\x03\x04xlsx"),
        (photo.photo[-1].file_id, b"\x89PNG"),
    ):
        file = await bot.get_file(file_id)
        assert (await bot.download_file(file.file_path)).read() == content
    assert await bot.set_my_commands([BotCommand(command="start", description="开始")])
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    with pytest.raises(TelegramBadRequest):
        await bot.set_my_commands([BotCommand(command="Bad-Name", description="x")])


async def test_flood_limits_per_second_and_per_chat(fake, bot):
    fake.started_users([1, 2, 3])
    fake.flood_limits(per_second=2, per_chat=1.0)
    await bot.send_message(1, "a")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(1, "b")  # the same chat within a second
    await bot.send_message(2, "c")
    with pytest.raises(TelegramRetryAfter):
        await bot.send_message(3, "d")  # a third message within the same second
    await asyncio.sleep(1.05)
    await bot.send_message(3, "d")
    assert fake.floods == 2
    assert [len(fake.person(u).messages) for u in (1, 2, 3)] == [1, 1, 1]


async def test_random_429_share_and_held_sends(fake, bot):
    fake.started_users(range(100, 300))
    fake.random_429(0.2, seed=1)
    refused = 0
    for user in range(100, 300):
        try:
            await bot.send_message(user, "x")
        except TelegramRetryAfter as error:
            assert error.retry_after == 1
            refused += 1
    assert 25 <= refused <= 55 and fake.floods == refused  # about a fifth of 200
    fake.random_429(0)
    fake.hold_sends()
    held = asyncio.create_task(bot.send_message(100, "held"))
    await asyncio.sleep(0.2)
    assert not held.done()
    fake.release_sends()
    with pytest.raises(Exception, match="Bad Gateway"):
        await held
    assert all(m["text"] != "held" for m in fake.person(100).messages)
