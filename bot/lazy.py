"""What the bot process loads only when it is first needed.

The idle bot is measured by bench/idle.py. Two things made most of its memory, and neither
is needed until a user does something that uses it:

- the workbook and picture libraries (openpyxl, Pillow, segno: about 15 MiB; matplotlib for
  /status's chart, more). bot/ imports the ``exports`` modules and segno inside the
  functions that use them.
  tests/unit/test_lazy.py checks that starting the bot does not load them.
- aiogram's pydantic models, which ``defer_schemas`` below builds on first use, not all at
  import. bot/__init__.py runs it, before anything in bot/ imports aiogram.

aiogram.types ends its import by calling ``model_rebuild`` on each of its ~450 models, and
each of those builds its own copy of every model nested in it. That costs 3.5 s and about
155 MiB before the bot has done anything (measured here: ``import aiogram`` 165 MiB, 3.5 s;
with this module 59 MiB, 0.8 s). pingyi validates and sends a few dozen of those models.

``defer_schemas`` imports aiogram with those calls turned into no-ops. The namespace they
were given (every aiogram type by name) is then set as the parent namespace of each aiogram
model. That is where pydantic looks up names when it builds a model's schema on first use,
and what a parametrized model such as ``Response[list[Update]]`` inherits. So each model
gets the same schema it would have had at import, built only when it is first needed.
tests/unit/test_lazy.py builds every aiogram model, and every Bot API answer's
``Response``, this way.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel


def defer_schemas() -> None:
    """Import aiogram without building its schemas; a no-op once aiogram is imported."""
    if "aiogram" in sys.modules:
        return
    rebuild = BaseModel.__dict__["model_rebuild"]
    namespace: dict[str, Any] = {}

    def deferred(cls, *args: Any, _types_namespace: Any = None, **kwargs: Any) -> Any:
        if _types_namespace is not None and cls.__module__.startswith("aiogram.types."):
            namespace.update(_types_namespace)
            return None
        return rebuild.__func__(cls, *args, _types_namespace=_types_namespace, **kwargs)

    BaseModel.model_rebuild = classmethod(deferred)
    try:
        import aiogram  # noqa: F401  (its types and methods, with the rebuilds deferred)
    finally:
        BaseModel.model_rebuild = rebuild
    for model in _subclasses(BaseModel):
        if model.__module__.startswith("aiogram."):
            model.__pydantic_parent_namespace__ = namespace


def _subclasses(cls: type) -> Iterator[type]:
    for subclass in cls.__subclasses__():
        yield subclass
        yield from _subclasses(subclass)
