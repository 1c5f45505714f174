"""PostgreSQL goes away (a proxy in front of it is cut) while a respondent keeps pressing:
each press is refused saying it was not recorded, the log says so once, and the first press
after the database is back is saved and logged as the end of the outage."""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import make_url

from bot import texts
from bot.i18n import gettext
from support.databases import POSTGRES_URL, reset_postgres
from support.offline import OfflineBot, OfflineUser
from support.script import QUESTIONS


class Proxy:
    """A TCP proxy to PostgreSQL that can be cut (connections dropped, new ones refused)."""

    def __init__(self, host: str, port: int) -> None:
        self.upstream = (host, port)
        self.port = 0
        self.server: asyncio.Server | None = None
        self.writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self.server = await asyncio.start_server(
            self._serve, "127.0.0.1", self.port, reuse_address=True
        )
        self.port = self.server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        self.server.close()
        await self.server.wait_closed()
        for writer in list(self.writers):
            writer.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        self.writers |= {writer, up_writer}

        async def pipe(source: asyncio.StreamReader, target: asyncio.StreamWriter) -> None:
            try:
                while data := await source.read(65536):
                    target.write(data)
                    await target.drain()
            except (ConnectionError, OSError):
                pass
            finally:
                target.close()
                self.writers.discard(target)

        await asyncio.gather(pipe(reader, up_writer), pipe(up_reader, writer))


async def test_a_database_outage_refuses_presses_honestly_and_logs_once(caplog):
    await reset_postgres(POSTGRES_URL)
    real = make_url(POSTGRES_URL)
    proxy = Proxy(real.host, real.port)
    await proxy.start()
    url = real.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    chat = await OfflineBot(url).start()
    try:
        campaign = await chat.open_campaign()
        person = OfflineUser(11, chat.fake)
        await chat.begin(person, campaign.token)
        await chat.feed(person.press(person.button("满意")))
        assert person.screen["text"].startswith(f"第 2/{QUESTIONS} 题")

        caplog.set_level(logging.INFO)
        await proxy.cut()
        for _ in range(30):
            calls = await chat.feed(person.press(person.button("满意")))
            assert [(c.method, c.params.get("text")) for c in calls] == [
                ("answerCallbackQuery", gettext(texts.DATABASE_DOWN))
            ]
        assert "没有记录" in gettext(texts.DATABASE_DOWN) and "没有丢失" not in gettext(
            texts.DATABASE_DOWN
        )
        assert person.screen["text"].startswith(f"第 2/{QUESTIONS} 题")

        await proxy.start()  # back, on the same port
        calls = await chat.feed(person.press(person.button("满意")))
        assert [c.method for c in calls] == ["editMessageText", "answerCallbackQuery"]
        assert person.screen["text"].startswith(f"第 3/{QUESTIONS} 题")
    finally:
        await chat.close()
        await proxy.cut()

    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(lines) == 2, lines
    assert lines[0].startswith("database unavailable (") and "updates fail" in lines[0]
    assert lines[1].startswith("database back after") and "30 updates failed" in lines[1]
    assert not [r for r in caplog.records if r.exc_info], "no traceback for an outage"
