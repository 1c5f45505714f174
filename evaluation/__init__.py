"""The chat-agnostic core: questionnaires, campaigns, ballots, tallies. No Telegram here."""
