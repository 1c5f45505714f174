"""The one base of every refusal the person asking can act on (a wrong name, a closed
campaign, a file that is not a workbook, a setting to fix): its message is written for them,
a ``Phrase`` or plain text. The chat's error router and the command line's error boundary each
catch it once, instead of an ``except`` per handler or command."""


class Refusal(ValueError):
    pass
