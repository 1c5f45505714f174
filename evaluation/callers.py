"""Who is asking: a Telegram user (maybe a super-organizer) or the command line."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass


class Forbidden(PermissionError):
    """The caller may not do this; the chat answers with one neutral line."""


@dataclass(frozen=True)
class Caller:
    user_id: int | None  # None: the command line
    is_super: bool

    @classmethod
    def telegram(cls, user_id: int, admin_ids: Collection[int]) -> Caller:
        return cls(user_id, user_id in admin_ids)


# The command line runs as the operator of the server: it may do what a super-organizer may.
OPERATOR = Caller(None, True)
# The quarterly cycle acts on its own; 0 is never a Telegram user id.
SCHEDULER = Caller(0, True)
# A bound member acting for themself. Their account is kept only sealed, so the audit log
# names the member, never the account.
MEMBER = Caller(-1, False)


def require_super(caller: Caller) -> None:
    if not caller.is_super:
        raise Forbidden
