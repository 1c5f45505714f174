"""The Bot API is wrong or away: one line and exit 1 at start; once running, a lost connection
is retried and logged once as it goes and once as it comes back."""

from __future__ import annotations

import asyncio

import pytest

from support.deployments import PINGYI


async def silent_server(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await asyncio.sleep(3600)  # accepts the connection and never answers


async def captive_portal(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    await reader.readuntil(b"\r\n\r\n")
    body = "<html><body>请先登录 Wi-Fi</body></html>".encode()
    writer.write(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: "
        + str(len(body)).encode()
        + b"\r\nConnection: close\r\n\r\n"
        + body
    )
    await writer.drain()
    writer.close()


@pytest.mark.parametrize(
    ("server", "why"),
    [(silent_server, "no answer within 15 s"), (captive_portal, "not the Bot API")],
)
async def test_a_wrong_bot_api_is_one_line_and_exit_1(deployment, server, why):
    listening = await asyncio.start_server(server, "127.0.0.1", 0)
    url = f"http://127.0.0.1:{listening.sockets[0].getsockname()[1]}"
    env = {**deployment.env, "PINGYI_API_URL": url}
    process = await asyncio.create_subprocess_exec(
        PINGYI,
        "run",
        cwd=deployment.workdir,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        # Only a guard against hanging: how soon it gives up is the bot's own 15 s deadline,
        # which the line names; a loaded machine adds its start-up to that.
        _, stderr = await asyncio.wait_for(process.communicate(), 120)
    finally:
        listening.close()
    assert process.returncode == 1
    errors = [line for line in stderr.decode().splitlines() if line.startswith("错误")]
    assert errors == [errors[0]] and f"PINGYI_API_URL={url}" in errors[0] and why in errors[0]
    assert "Traceback" not in stderr.decode()


async def test_a_lost_connection_is_retried_and_logged_once_each_way(deployment):
    fake = deployment.fake
    await deployment.open_campaign()
    await deployment.start()
    fake.fail_next(count=4, code=502, method="getUpdates")
    await fake.wait_for(
        lambda: [c.status for c in fake.calls if c.method == "getUpdates"][-5:].count(502) == 4,
        timeout=60,
    )
    person = fake.person(31)
    [reply] = await person.send("/start", timeout=60)  # polling came back by itself
    assert reply["text"]
    log = deployment.log
    assert log.count("Failed to fetch updates") == 1, log
    assert log.count("Connection established") == 1 and "Sleep for" not in log
