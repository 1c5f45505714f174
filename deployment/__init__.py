"""What a deployment is set up with and how its processes keep in step, shared by both front
ends (the chat in bot/, the command line in cli/): the PINGYI_ settings, the clock, and the
news one process gives the others (PostgreSQL NOTIFY). No aiogram here: the command line
starts without it."""
