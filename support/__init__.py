"""What the tests and the benchmarks share, and nothing shipped imports: the reference branch
(``sample``), the test databases (``databases``), an installation of the bot against the Bot API
fake (``deployments``), the dispatcher fed in process (``offline``), scripted respondents
(``script``, walking the ballot with ``bot.demo.vote`` as the demo does) and hostile
workbooks (``workbooks``)."""
