"""``@checked_arguments``: a public function's (or class's) arguments checked against its type
hints before it runs, so that a wrong kind of value ends in one clear ``ArgumentTypeError`` that
names the parameter, what it needs and what it got, not in a ``TypeError`` from deep inside torch.

Only what a hint states is checked, two levels deep (``Sequence[str]``: a sequence of strings;
``tuple[float, float]``: two numbers; ``list[dict[str, float]]``: a list of dicts), plus two
rules no entry point breaks: a float is finite (not NaN or infinite), and an integer (a count, a
size) is never negative, except a seed. Meaning-level checks (a batch larger than the data, a
shape the network cannot take) stay in the functions. Accepted beside the hint: NumPy integers
and floats where Python's are meant, an int where a float is meant, a ``str`` or
``os.PathLike`` for a ``Path``."""

from __future__ import annotations

import collections.abc
import functools
import inspect
import math
import numbers
import os
import types
import typing
from pathlib import Path

import numpy as np

from .errors import ArgumentError, ArgumentTypeError

MAY_BE_NEGATIVE = {"seed"}


def checked_arguments(target):
    """Check the arguments of ``target`` (a function, or a class's ``__init__``) on every call."""
    if inspect.isclass(target):
        target.__init__ = checked_arguments(target.__init__)
        return target
    signature = inspect.signature(target)
    hints: dict[str, object] = {}

    @functools.wraps(target)
    def checked(*args, **kwargs):
        if not hints:
            hints.update(_hints(target, signature))
        try:
            bound = signature.bind(*args, **kwargs)
        except TypeError as error:
            raise ArgumentTypeError(f"{_name(target)}: {error}") from None
        for name, value in bound.arguments.items():
            hint = hints.get(name)
            if hint is not None and signature.parameters[name].kind not in (
                inspect.Parameter.VAR_POSITIONAL,
                inspect.Parameter.VAR_KEYWORD,
            ):
                _check(target, name, value, hint)
        return target(*args, **kwargs)

    return checked


def _name(target) -> str:
    name = target.__qualname__
    return name.removesuffix(".__init__")


def _hints(target, signature: inspect.Signature) -> dict[str, object]:
    """The resolvable hints; a hint that names something imported only for type checkers is
    left unchecked. ``{"": None}`` when there is none, so that the search runs once."""
    namespace = {**vars(typing), **inspect.unwrap(target).__globals__}
    found: dict[str, object] = {"": None}
    for name, parameter in signature.parameters.items():
        if parameter.annotation is inspect.Parameter.empty or name == "self":
            continue
        try:
            hint = parameter.annotation
            found[name] = eval(hint, namespace) if isinstance(hint, str) else hint
        except Exception:  # noqa: BLE001 - an unresolvable hint is not checked
            continue
    return found


def _check(target, name: str, value: object, hint: object) -> None:
    if not _matches(value, hint):
        shown = repr(value)
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        raise ArgumentTypeError(
            f"{_name(target)}: {name} must be {_describe(hint)}, got {type(value).__name__} {shown}"
        )
    if isinstance(value, float | np.floating) and not math.isfinite(value):
        raise ArgumentError(f"{_name(target)}: {name} is {value}: give a finite number")
    if (
        isinstance(value, numbers.Integral)
        and not isinstance(value, bool)
        and value < 0
        and name not in MAY_BE_NEGATIVE
    ):
        raise ArgumentError(f"{_name(target)}: {name} must not be negative, got {value}")


def _matches(value: object, hint: object) -> bool:
    if hint is typing.Any or hint is object or isinstance(hint, typing.TypeVar):
        return True
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(_matches(value, member) for member in typing.get_args(hint))
    if hint is None or hint is type(None):
        return value is None
    if hint is bool:
        return isinstance(value, bool | np.bool_)
    if hint is int:
        return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)
    if hint is float:
        return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)
    if hint is Path:
        return isinstance(value, str | os.PathLike)
    if origin is not None:
        if origin is collections.abc.Callable:
            return callable(value)
        if origin in (tuple, list, collections.abc.Sequence):
            is_sequence = isinstance(value, list | tuple | range) or (
                origin is collections.abc.Sequence
                and isinstance(value, collections.abc.Sequence)
                and not isinstance(value, str)
            )
            return is_sequence and _items_match(value, typing.get_args(hint))
        if origin in (dict, collections.abc.Mapping):
            return isinstance(value, collections.abc.Mapping)
        if origin is collections.abc.Iterable:
            return isinstance(value, collections.abc.Iterable) and not isinstance(value, str)
        return isinstance(value, origin)
    if hint is collections.abc.Callable:
        return callable(value)
    if hint in (collections.abc.Sequence, tuple, list):
        return isinstance(value, list | tuple | range)
    if isinstance(hint, type):
        if getattr(hint, "_is_protocol", False) and not getattr(
            hint, "_is_runtime_protocol", False
        ):
            return True  # a static Protocol: what it needs is checked where it is used
        return isinstance(value, hint)
    return True


def _items_match(value, items: tuple) -> bool:
    """A sequence's items against ``tuple[int, int]`` (that many, each its type),
    ``tuple[int, ...]`` or ``Sequence[str]`` (each its type), one level deep."""
    if len(items) == 2 and items[1] is Ellipsis:
        items = items[:1]
    elif len(items) > 1:
        return len(value) == len(items) and all(map(_shallow, value, items))
    return not items or all(_shallow(item, items[0]) for item in value)


def _shallow(value: object, hint: object) -> bool:
    origin = typing.get_origin(hint)
    if origin in (dict, collections.abc.Mapping):
        return isinstance(value, collections.abc.Mapping)
    if origin in (tuple, list, collections.abc.Sequence):
        return isinstance(value, list | tuple)
    return _matches(value, hint)


def _describe(hint: object) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(member) for member in typing.get_args(hint))
    if hint is None or hint is type(None):
        return "None"
    if hint is float:
        return "a number"
    if hint is int:
        return "an integer"
    if hint is bool:
        return "True or False"
    if hint is str:
        return "a string"
    if hint is Path:
        return "a path (str or Path)"
    if origin is collections.abc.Callable or hint is collections.abc.Callable:
        return "a function"
    if origin in (tuple, list, collections.abc.Sequence) or hint in (tuple, list):
        return f"a list or tuple ({_plain(hint)})"
    if origin in (dict, collections.abc.Mapping):
        return f"a dict ({_plain(hint)})"
    if isinstance(hint, type):
        module = hint.__module__
        prefix = {"torch": "torch.", "torch.nn.modules.module": "torch.nn."}.get(module, "")
        if module.startswith("torch.optim"):
            prefix = "torch.optim."
        elif module.startswith("ganhelpers"):
            prefix = "gh."
        return f"a {prefix}{hint.__name__}"
    return _plain(hint)


def _plain(hint: object) -> str:
    return str(hint).replace("typing.", "").replace("collections.abc.", "")
