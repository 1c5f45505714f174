"""The /start_campaign wizard's buttons."""

from aiogram.filters.callback_data import CallbackData

from bot.callbacks import Code, Number


class WizardButton(CallbackData, prefix="w"):
    s: Number  # evaluation.wizard.Step the button was drawn on
    a: Code  # evaluation.wizard.Choice
    v: Number = 0
