"""What the bot process loads only on first use (bot/lazy.py) is not loaded at start, and
aiogram's models, deferred there, all build when first used."""

import json
import subprocess
import sys

# A fresh interpreter: in the test process aiogram may already have been imported.
CHECK = """
import asyncio
import json
import bot
import aiogram.methods, aiogram.types
from aiogram.client.session.base import Response
from pydantic import BaseModel

models = {
    model
    for module in (aiogram.types, aiogram.methods)
    for model in vars(module).values()
    if isinstance(model, type) and issubclass(model, BaseModel)
    and model.__module__.startswith("aiogram.")
}
unbuilt = [model.__name__ for model in models if not model.__pydantic_complete__]
returned = {getattr(model, "__returning__", None) for model in models} - {None}
returned = {result for result in returned if not isinstance(result, property)}  # abstract
failed = []


async def first_use():  # in the event loop, where the bot first uses them
    # Every Bot API answer is parsed as Response[<what the method returns>]; the first one
    # (getUpdates) builds Update with it, before anything else is built.
    for model in [*(Response[result] for result in returned), *models]:
        try:
            model.__pydantic_validator__.validate_python  # builds the schema
        except Exception as error:
            failed.append(f"{model.__name__}: {error}")


asyncio.run(first_use())
print(json.dumps({"models": len(models), "unbuilt": len(unbuilt), "failed": failed}))
"""


def test_every_aiogram_model_builds_on_first_use():
    done = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["failed"] == []
    # Most were left unbuilt at import (457 of 591 with aiogram 3.31), so they were deferred.
    assert result["unbuilt"] > 400


STARTED = """
import json, sys
import bot.app, cli.app, bot.notices, bot.scheduler, bot.sender, bot.webhook

print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_starting_the_bot_leaves_the_workbook_and_picture_libraries_unloaded():
    done = subprocess.run([sys.executable, "-c", STARTED], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "aiogram" in loaded  # the check sees what was imported
    assert loaded & {"openpyxl", "PIL", "segno", "lxml", "matplotlib"} == set()


COMMAND_LINE = """
import json, sys
import cli.app

print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_the_command_line_starts_without_aiogram():
    """`pingyi --help` and the commands that only use the database never import aiogram (it
    took 0.85 s of CPU of every call when the command line lived in bot/)."""
    done = subprocess.run([sys.executable, "-c", COMMAND_LINE], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    loaded = set(json.loads(done.stdout.splitlines()[-1]))
    assert "typer" in loaded and "evaluation" in loaded  # the check sees what was imported
    assert loaded & {"aiogram", "bot", "openpyxl", "PIL", "matplotlib"} == set()
