"""Which routers a button press visits.

aiogram offers a press to each router in turn, and each router to each of its handlers, whose
``CallbackData`` filter parses the button data to find it is not theirs: a 评议 answer was
parsed by the sixty-odd organizer handlers before it reached the ballot's. A router whose
every button handler, its sub-routers' included, is for a known kind of button (a
``CallbackData`` prefix) gets one router-level filter for those kinds, and aiogram skips the
whole router for any other press (bench/inprocess_throughput.py).
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from aiogram import Router
from aiogram.filters import Filter
from aiogram.filters.callback_data import CallbackQueryFilter
from aiogram.types import CallbackQuery

SEPARATOR = ":"


class ButtonKinds(Filter):
    """True for a press on a button of one of these kinds. A ``Filter``: aiogram awaits those;
    any other callable, even one with an async ``__call__``, it runs in a thread."""

    def __init__(self, prefixes: frozenset[str]) -> None:
        self.prefixes = prefixes

    async def __call__(self, query: CallbackQuery) -> bool:
        return query.data is not None and query.data.partition(SEPARATOR)[0] in self.prefixes


def route_buttons_by_kind(router: Router) -> frozenset[str] | None:
    """Install ``ButtonKinds`` on ``router`` and the routers below it, through aiogram's public
    router filters; the kinds it takes, or None if some handler in it takes any button (then it
    keeps no such filter). Routers are built once and used by every dispatcher (the tests build
    many): each gets its filter the first time only."""
    if router in _ROUTED:
        return _ROUTED[router]
    kinds: set[str] | None = set()
    for child in router.sub_routers:
        below = route_buttons_by_kind(child)
        kinds = None if below is None or kinds is None else kinds | below
    observer = router.callback_query
    for handler in observer.handlers:
        typed = [
            f.callback.callback_data
            for f in handler.filters or ()
            if isinstance(f.callback, CallbackQueryFilter)
        ]
        if not typed or any(t.__separator__ != SEPARATOR for t in typed):
            kinds = None
        elif kinds is not None:
            kinds.update(t.__prefix__ for t in typed)
    found = None if kinds is None else frozenset(kinds)
    if found is not None:
        observer.filter(ButtonKinds(found))
    _ROUTED[router] = found
    return found


_ROUTED: WeakKeyDictionary[Router, frozenset[str] | None] = WeakKeyDictionary()
