"""Per-epoch training records: losses, D's outputs, timings and any metric a callback logs."""

from __future__ import annotations

import math

from .arguments import checked_arguments
from .errors import NotRecorded, UsageError


@checked_arguments
class History:
    """One dict of floats per finished epoch; ``history["d_loss"]`` gives that column."""

    def __init__(self, records: list[dict[str, float]] | None = None) -> None:
        self.records: list[dict[str, float]] = [dict(r) for r in records or []]
        self.interrupted = False

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, key: str) -> list[float]:
        """The values of ``key`` per epoch, NaN where an epoch did not log it."""
        if not any(key in record for record in self.records):
            raise NotRecorded(f"{key!r} was never logged; logged keys: {self.keys()}")
        return [record.get(key, math.nan) for record in self.records]

    def keys(self) -> list[str]:
        seen: dict[str, None] = {}
        for record in self.records:
            seen.update(dict.fromkeys(record))
        return list(seen)

    def append(self, **values: float) -> None:
        """Start the record of a new epoch."""
        self.records.append({k: float(v) for k, v in values.items()})

    def log(self, **values: float) -> None:
        """Add values (e.g. metrics) to the latest epoch's record."""
        if not self.records:
            raise UsageError("no epoch has finished yet: nothing to log into")
        self.records[-1].update({k: float(v) for k, v in values.items()})

    def last(self, key: str) -> float:
        """The most recent logged value of ``key``."""
        values = [v for v in self[key] if not math.isnan(v)]
        return values[-1]

    def __repr__(self) -> str:
        return f"History({len(self)} epochs, keys={self.keys()})"
