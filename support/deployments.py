"""An installation of the real bot (``pingyi run``) against the Bot API fake: as a process over
HTTP, or whole in the caller's own process on the fake's in-process face. Tests and benchmarks
drive it; its command line runs as a process either way."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
from pathlib import Path

from bot.app import Application, run_polling
from deployment.settings import Settings
from exports.roster import fill_template, write_template
from fake_telegram import FakeTelegram, Person
from support.offline import release_routers
from support.sample import MEMBERS, ORG, TOKEN

PINGYI = str(Path(sys.executable).with_name("pingyi"))
ADMIN = 900  # the super-organizer of every deployment (PINGYI_ADMIN_IDS)


async def terminate(process: asyncio.subprocess.Process | None, patience: float) -> None:
    """SIGTERM, as systemd would; SIGKILL if the process is still there after ``patience``."""
    if process and process.returncode is None:
        process.send_signal(signal.SIGTERM)
        try:
            await asyncio.wait_for(process.wait(), patience)
        except TimeoutError:
            process.kill()
            await process.wait()


class Deployment:
    """One installation: a working directory, its database, the bot process and the CLI."""

    def __init__(self, fake: FakeTelegram, workdir: Path, database_url: str) -> None:
        self.fake = fake
        self.workdir = workdir
        self.database_url = database_url
        self.process: asyncio.subprocess.Process | None = None
        self.runs = 0
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("PINGYI_")},
            "PINGYI_BOT_TOKEN": TOKEN,
            "PINGYI_API_URL": fake.base_url,
            "PINGYI_DATABASE_URL": database_url,
            "PINGYI_POLLING_TIMEOUT": "1",
            "PINGYI_ADMIN_IDS": str(ADMIN),
        }

    @property
    def log(self) -> str:
        return "".join(p.read_text() for p in sorted(self.workdir.glob("bot-*.log")))

    async def start(self) -> None:
        self.runs += 1
        polls = sum(call.method == "getUpdates" for call in self.fake.calls)
        log = open(self.workdir / f"bot-{self.runs}.log", "w")  # noqa: SIM115 - child keeps it
        self.process = await asyncio.create_subprocess_exec(
            PINGYI, "run", cwd=self.workdir, env=self.env, stdout=log, stderr=log
        )
        log.close()
        try:
            await self.fake.wait_for(
                lambda: sum(c.method == "getUpdates" for c in self.fake.calls) > polls, 60
            )
        except TimeoutError:
            raise AssertionError(f"the bot did not start polling:\n{self.log}") from None

    async def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        await terminate(self.process, 15)

    async def cli(self, *args: str, check: bool = True) -> tuple[int, str]:
        process = await asyncio.create_subprocess_exec(
            PINGYI,
            *args,
            cwd=self.workdir,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await process.communicate()
        text = output.decode()
        if check and process.returncode != 0:
            raise AssertionError(f"pingyi {' '.join(args)} failed ({process.returncode}):\n{text}")
        return process.returncode, text

    async def import_roster(
        self, organization: str = ORG, members=MEMBERS, parent: str | None = None
    ) -> None:
        roster = self.workdir / "roster.xlsx"
        write_template(roster)
        roster.write_bytes(fill_template(roster.read_bytes(), organization, members, parent))
        await self.cli("roster", "import", str(roster))

    async def open_campaign(self, *options: str, organization: str = ORG) -> tuple[int, str]:
        """Import the 9-member roster and open a campaign; returns (campaign id, token)."""
        await self.import_roster(organization)
        return await self.start_campaign(organization, *options)

    async def start_campaign(self, organization: str, *options: str) -> tuple[int, str]:
        """``pingyi campaign start`` on an imported organization; returns (id, token)."""
        _, output = await self.cli("campaign", "start", "--org", organization, *options)
        campaign_id = int(output.split("campaign id:")[1].split()[0])
        link = output.split("invitation link:")[1].split()[0]
        assert link.startswith(f"https://t.me/{self.fake.username}?start=")
        return campaign_id, link.rsplit("=", 1)[1]

    async def ballot_started(self, user_id: int, *options: str) -> tuple[Person, int, str]:
        """Open a campaign, start the bot, and have one person press 开始评议."""
        campaign_id, token = await self.open_campaign(*options)
        await self.start()
        person = self.fake.person(user_id)
        await person.send(f"/start {token}")
        await person.press("开始评议")
        return person, campaign_id, token


class InProcessDeployment(Deployment):
    """The same installation with the bot run whole (polling, sender, scheduler) in the test's
    process, its Bot API calls going to the fake without a socket. It cannot be killed; the
    command line still runs as a process, on the same database."""

    def __init__(self, fake: FakeTelegram, workdir: Path, database_url: str) -> None:
        super().__init__(fake, workdir, database_url)
        self.application: Application | None = None
        self.polling: asyncio.Task | None = None
        self._log: logging.Handler | None = None

    async def start(self) -> None:
        self.runs += 1
        settings = self.settings()
        self._log = logging.FileHandler(self.workdir / f"bot-{self.runs}.log")
        self._log.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        logging.getLogger().addHandler(self._log)
        logging.getLogger().setLevel(logging.INFO)
        polls = sum(call.method == "getUpdates" for call in self.fake.calls)
        self.application = Application(settings, api=self.fake.session)
        self.polling = asyncio.create_task(run_polling(self.application, handle_signals=False))
        started = asyncio.create_task(
            self.fake.wait_for(
                lambda: sum(c.method == "getUpdates" for c in self.fake.calls) > polls, 60
            )
        )
        await asyncio.wait({started, self.polling}, return_when=asyncio.FIRST_COMPLETED)
        if not started.done():
            started.cancel()
            await self.polling  # raises what stopped the bot
        await started

    def settings(self) -> Settings:
        """The settings the process would read from ``env`` (the PINGYI_ variables a test
        set included), read the same way."""
        ours = {k: v for k, v in self.env.items() if k.startswith("PINGYI_")}
        saved = {k: v for k, v in os.environ.items() if k.startswith("PINGYI_")}
        for name in saved:
            del os.environ[name]
        os.environ.update(ours)
        try:
            return Settings(_env_file=None)
        finally:
            for name in ours:
                del os.environ[name]
            os.environ.update(saved)

    async def kill(self) -> None:
        raise NotImplementedError("a bot in the test's process cannot be killed: `deployment`")

    async def stop(self) -> None:
        if self.polling is None:
            return
        if not self.polling.done():
            await self.application.dispatcher.stop_polling()
        await self.polling
        release_routers(self.application.dispatcher)
        logging.getLogger().removeHandler(self._log)
        self._log.close()
        self.polling = None
