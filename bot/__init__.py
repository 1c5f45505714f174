"""The Telegram front end (aiogram) and the command line."""
