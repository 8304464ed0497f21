"""The package's errors: everything ganhelpers raises on purpose is a ``GanHelpersError``, whose
message says what was wrong, with the value, and what to do instead. Each subclass also derives
from the builtin exception it refines (``ValueError``, ``TypeError``, ...), so code that catches
those keeps working."""

from __future__ import annotations


class GanHelpersError(Exception):
    """A mistake ganhelpers recognised: the message names it and the fix."""


class ArgumentError(GanHelpersError, ValueError):
    """An argument with a value the function cannot use."""


class ArgumentTypeError(GanHelpersError, TypeError):
    """An argument of a type the function cannot use."""


class DataError(GanHelpersError, ValueError):
    """Data (arrays, images, folders) that cannot be trained on as given."""


class DataNotFound(GanHelpersError, FileNotFoundError):
    """A file or folder that is not there."""


class DeviceError(GanHelpersError, RuntimeError):
    """A device that this machine does not have."""


class NotRecorded(GanHelpersError, KeyError):
    """A quantity a history never recorded."""

    def __str__(self) -> str:  # KeyError quotes its message; this one reads as a sentence
        return str(self.args[0]) if self.args else ""


class DataUnavailable(GanHelpersError, RuntimeError):
    """Data that cannot be had here (a download without internet)."""


class UsageError(GanHelpersError, RuntimeError):
    """A call made in the wrong order or context."""


class TrainingDiverged(GanHelpersError, FloatingPointError):
    """A loss became NaN or infinite."""
