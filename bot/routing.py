"""Which routers a button press visits.

aiogram offers a press to each router in turn, and each router to each of its handlers, whose
``CallbackData`` filter parses the button data to find it is not theirs: a 评议 answer was
parsed by the sixty-odd organizer handlers before it reached the ballot's. A router whose
every button handler, its sub-routers' included, is for a known kind of button (a
``CallbackData`` prefix) gets one router-level filter for those kinds, and aiogram skips the
whole router for any other press (bench/inprocess_throughput.py).
"""

from __future__ import annotations

from aiogram import Router
from aiogram.dispatcher.event.handler import FilterObject
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
    """Install ``ButtonKinds`` on ``router`` and the routers below it; the kinds it takes, or
    None if some handler in it takes any button (then it keeps no such filter)."""
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
    # Built again for every dispatcher (the tests build many): one such filter at a time.
    filters = observer._handler.filters or []
    observer._handler.filters = [f for f in filters if not isinstance(f.callback, ButtonKinds)]
    if kinds is None:
        return None
    observer._handler.filters.append(FilterObject(ButtonKinds(frozenset(kinds))))
    return frozenset(kinds)
