"""String options as enums: any case in, and an error that lists what is allowed."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from matcher.errors import OptionError


class OptionEnum(StrEnum):
    """A :class:`StrEnum` whose :meth:`parse` names the option in its error.

    Subclasses set ``__option__`` (dunder names are not enum members) to the option's
    name as users see it, e.g. ``"encoder"``.

    Examples
    --------
    >>> class Colour(OptionEnum):
    ...     __option__ = "colour"
    ...     RED = "red"
    >>> Colour.parse(" RED ")
    <Colour.RED: 'red'>
    """

    @classmethod
    def parse(cls, value: str | Self) -> Self:
        if isinstance(value, cls):
            return value
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            name = getattr(cls, "__option__", cls.__name__.lower())
            raise OptionError(name, value, [m.value for m in cls]) from None
