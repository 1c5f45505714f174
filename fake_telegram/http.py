"""The fake's HTTP face: a real aiohttp server at ``base_url`` for the bot process under test
(``PINGYI_API_URL``), file downloads, and, after setWebhook, each update POSTed to the webhook
with the secret-token header: one chat's updates one after another, each retried until it is
answered 200, spread over ``webhook_targets`` when a test puts several workers behind one URL,
and, with ``deliver_twice``, sent to two of them at once.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import Any

from aiohttp import ClientError, ClientSession, ClientTimeout, TCPConnector, web

from fake_telegram.api import BotApi
from fake_telegram.model import SECRET_HEADER, ApiError, chat_of


class HttpFace(BotApi):
    _runner: web.AppRunner | None = None
    _client: ClientSession | None = None

    async def start(self) -> str:
        app = web.Application(client_max_size=60 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        for task in self._delivering.values():
            task.cancel()
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        params = await self._params(request)
        try:
            result = await self.call(
                request.match_info["token"], request.match_info["method"], params
            )
        except ApiError as error:
            return web.json_response(error.body(), status=error.code)
        return web.json_response({"ok": True, "result": result})

    async def _params(self, request: web.Request) -> dict[str, Any]:
        params: dict[str, Any] = dict(request.query)
        if request.content_type == "application/json":
            params.update(await request.json())
        elif request.can_read_body:
            for key, value in (await request.post()).items():
                if isinstance(value, web.FileField):
                    params[key] = (value.file.read(), value.filename)
                else:
                    params[key] = value
        return params

    async def _download(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        content = self.file_at(request.match_info["path"])
        return web.Response(status=404) if content is None else web.Response(body=content)

    def _enqueue(self, update: dict[str, Any]) -> None:
        chat = chat_of(update)
        self._queued.setdefault(chat, deque()).append(update)
        if chat not in self._delivering:
            self._delivering[chat] = asyncio.create_task(self._deliver_chat(chat))

    async def _deliver_chat(self, chat: int) -> None:
        """One chat's updates in order: the next is sent once this one was answered 200."""
        queue = self._queued[chat]
        try:
            while queue:
                update = queue[0]
                copies = 2 if self.deliver_twice else 1
                first = next(self._targets)
                await asyncio.gather(*(self._deliver(update, first + n) for n in range(copies)))
                queue.popleft()
                self._notify()
        finally:
            del self._delivering[chat]

    async def _deliver(self, update: dict[str, Any], turn: int) -> None:
        if self._client is None:
            # A new connection per delivery, so workers sharing a port all get some.
            self._client = ClientSession(
                connector=TCPConnector(force_close=True), timeout=ClientTimeout(total=120)
            )
        pause = 0.1
        while True:
            webhook = self.webhook
            if webhook is None:  # deleted meanwhile: getUpdates will hand it out
                self._updates.append(update)
                self._notify()
                return
            targets = self.webhook_targets or [webhook["url"]]
            target = targets[turn % len(targets)]
            headers = {SECRET_HEADER: webhook["secret_token"]} if webhook["secret_token"] else {}
            try:
                async with self._client.post(target, json=update, headers=headers) as response:
                    status = response.status
            except (ClientError, OSError, TimeoutError):
                status = 0  # refused or cut off: a worker that died
            self.deliveries.append((update["update_id"], target, status))
            self._notify()
            if status == 200:
                return
            turn += 1  # as a load balancer would: the next backend
            await asyncio.sleep(pause)
            pause = min(pause * 2, 1.0)

    @property
    def undelivered(self) -> int:
        return sum(len(queue) for queue in self._queued.values())

    # --- Bot API methods --------------------------------------------------------------------
