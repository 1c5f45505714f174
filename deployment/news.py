"""What changed, told to the process that runs the scheduler and the sender: a handler of
another webhook worker, or the command line, announces it on PostgreSQL's NOTIFY channel
(bot/leadership.py listens); on SQLite there is one process, and the scheduler looks for the
command line's changes every few seconds (bot/scheduler.py)."""

CHANNEL = "pingyi_news"
SCHEDULE, OUTBOX = "schedule", "outbox"  # a campaign opened or a cycle switched; a message queued
