"""The one base of every refusal the person asking can act on (a wrong name, a closed
campaign, a stale button, a file that is not a workbook, a setting to fix). Its ``reason`` is
written for them: a reason code of the flow that refused (``ballot_state.Reason``,
``self_evaluation.SelfReason``), a ``Phrase`` or plain text. Its ``screen``, when given, is
where they stand now: the chat shows it again with the refusal. The chat's root error
handler (bot/refusals.py) and the command line's error boundary each catch it once, instead
of an ``except`` per handler or command."""

from __future__ import annotations


class Refusal(ValueError):
    screen: object | None = None

    def __init__(self, reason: object = "", screen: object | None = None) -> None:
        super().__init__(reason)
        self.screen = screen

    @property
    def reason(self) -> object:
        return self.args[0] if self.args else ""
