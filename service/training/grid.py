"""The engine's input: daily loads and largest sessions of many athletes, ``(athletes, days)``."""

from __future__ import annotations

from dataclasses import InitVar, dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _check_within(
    athletes: IntArray, n_athletes: int, days: IntArray, n_days: int, what: str
) -> None:
    for index, size in ((athletes, n_athletes), (days, n_days)):
        if index.size and not (index.min() >= 0 and index.max() < size):
            raise ValueError(f"{what} lies outside the grid")


@dataclass(frozen=True)
class LoadGrid:
    """Daily inputs of many athletes, each ``(athletes, days)`` float64.

    ``load`` is the sum of the day's session loads, NaN on a missing day. ``top_session`` is the
    day's largest single session, NaN when the day had none (the spike columns need it). Sessions
    on a missing day are ignored: the day has no data.
    """

    load: FloatArray
    top_session: FloatArray
    check: InitVar[bool] = True

    def __post_init__(self, check: bool) -> None:
        if self.load.ndim != 2 or self.load.shape != self.top_session.shape:
            raise ValueError("load and top_session must both have shape (athletes, days)")
        for name in ("load", "top_session") if check else ():
            values = getattr(self, name)
            if values.size == 0:
                continue
            lowest = np.fmin.reduce(values, axis=None)  # NaN only when every value is NaN
            highest = np.fmax.reduce(values, axis=None)
            if lowest < 0 or highest == np.inf:
                raise ValueError(f"{name} must hold finite values >= 0 (or NaN)")

    @property
    def n_athletes(self) -> int:
        return int(self.load.shape[0])

    @property
    def n_days(self) -> int:
        return int(self.load.shape[1])

    @classmethod
    def from_sessions(
        cls,
        athlete: npt.ArrayLike,
        day: npt.ArrayLike,
        session_load: npt.ArrayLike,
        shape: tuple[int, int],
        missing: tuple[npt.ArrayLike, npt.ArrayLike] = ((), ()),
    ) -> LoadGrid:
        """Aggregate a session table (athlete index, day index, load) into a grid of ``shape``.

        ``missing`` is a pair (athlete indices, day indices) of days marked as having no data.
        Same-day loads are summed in table order. The buffers are built time-major, so the
        engine reads them without a transposing copy.
        """
        n_athletes, n_days = shape
        athletes = np.asarray(athlete, dtype=np.int64)
        days = np.asarray(day, dtype=np.int64)
        loads = np.asarray(session_load, dtype=np.float64)
        _check_within(athletes, n_athletes, days, n_days, "a session")
        if loads.size and not (loads.min() >= 0 and loads.max() < np.inf):  # NaN fails both
            raise ValueError("session loads must be finite values >= 0")
        cell = np.multiply(days, n_athletes)
        cell += athletes
        size = n_athletes * n_days
        sums = np.bincount(cell, weights=loads, minlength=size).astype(np.float64, copy=False)
        daily = sums.reshape(n_days, n_athletes)
        top = np.full(size, -np.inf)
        np.maximum.at(top, cell, loads)
        np.copyto(top, np.nan, where=np.isneginf(top))
        top_rows = top.reshape(n_days, n_athletes)
        gap_athletes = np.asarray(missing[0], dtype=np.int64)
        gap_days = np.asarray(missing[1], dtype=np.int64)
        _check_within(gap_athletes, n_athletes, gap_days, n_days, "a missing day")
        daily[gap_days, gap_athletes] = np.nan
        top_rows[gap_days, gap_athletes] = np.nan
        return cls(load=daily.T, top_session=top_rows.T, check=False)  # checked the sessions
