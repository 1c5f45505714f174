"""Process-wide settings that keep the bot's per-update CPU cost down, applied once at start.

Both were found with bench/inprocess_throughput.py and py-spy (numbers in the closing note
of the scale issue):
- aiogram parses every Bot API answer as ``Response[<the method's result type>]``. pydantic
  keeps such parametrized models only in a weak cache, so each garbage collection dropped
  them and the next answer rebuilt the model's schema (about 5-15 ms). Holding them here
  keeps them built.
- After start, the imported libraries are tens of thousands of long-lived objects. Freezing
  them takes them out of every later collection, and a larger first-generation threshold
  collects less often while hundreds of updates are in flight.
"""

from __future__ import annotations

import gc

from aiogram import methods
from aiogram.client.session.base import Response

USED_METHODS = (  # every Bot API method pingyi calls
    methods.AnswerCallbackQuery,
    methods.DeleteMessage,
    methods.DeleteMyCommands,
    methods.DeleteWebhook,
    methods.EditMessageReplyMarkup,
    methods.EditMessageText,
    methods.GetFile,
    methods.GetMe,
    methods.GetUpdates,
    methods.SendDocument,
    methods.SendMessage,
    methods.SendPhoto,
    methods.SetMyCommands,
    methods.SetWebhook,
)
_RESPONSE_MODELS: list[type] = []


def tune() -> None:
    if not _RESPONSE_MODELS:
        results = {method.__returning__ for method in USED_METHODS}
        _RESPONSE_MODELS.extend(Response[result] for result in results)
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
