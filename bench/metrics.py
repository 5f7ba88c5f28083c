"""Benchmark of the training-load engine against pandas and the memory floor.

    .venv/bin/python bench/metrics.py [--athletes 10000] [--days 730] [--seed 1]

Synthetic sessions for N athletes × D days (seeded): most days one run, some two, a third rest
days, 1 % of days marked missing. Each contender starts from the same session table and produces
all 19 columns of the daily series:

(a) the engine: ``LoadGrid.from_sessions`` + ``compute_batch``;
(b) pandas written the usual way: groupby + rolling + ewm on a long (athlete, date) frame;
(c) the memory floor: one numpy copy of the engine's output bytes, into a new array (c) and
    into an existing buffer (c'); the engine also runs into an existing buffer (a'), as a
    worker computing batch after batch would.

It checks that (a) and (b) agree on every value, then prints athlete-days per second (by CPU
time of this process and by wall time: the machine is shared), the ratios a/b and a/c (a/c of
0.2 means the engine takes 5× the copy), peak memory (tracemalloc) and the time of an
incremental one-day update for 100,000 athletes.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
import pandas as pd

from service.training.columns import SERIES_COLUMNS
from service.training.engine import BatchResult, LoadGrid, compute_batch, output_shape

Sessions = dict[str, np.ndarray]


def synthetic_sessions(n_athletes: int, n_days: int, seed: int) -> tuple[Sessions, Sessions]:
    """A session table (athlete, day, load in km) and a missing-day table, sorted by athlete."""
    rng = np.random.default_rng(seed)
    level = rng.gamma(4.0, 2.0, n_athletes)[:, None]
    runs = rng.random((n_athletes, n_days)) < 0.65
    doubles = runs & (rng.random((n_athletes, n_days)) < 0.1)
    athlete, day = np.nonzero(runs)
    extra_athlete, extra_day = np.nonzero(doubles)
    athlete, day = np.concatenate((athlete, extra_athlete)), np.concatenate((day, extra_day))
    order = np.lexsort((day, athlete))
    athlete, day = athlete[order], day[order]
    load = np.round(level[athlete, 0] * rng.gamma(3.0, 0.5, athlete.size), 2)
    gaps = np.nonzero(rng.random((n_athletes, n_days)) < 0.01)
    sessions = {"athlete": athlete, "day": day, "load": load}
    return sessions, {"athlete": gaps[0], "day": gaps[1]}


def run_engine(
    sessions: Sessions,
    missing: Sessions,
    shape: tuple[int, int],
    out: np.ndarray | None = None,
) -> BatchResult:
    grid = LoadGrid.from_sessions(
        sessions["athlete"],
        sessions["day"],
        sessions["load"],
        shape=shape,
        missing=(missing["athlete"], missing["day"]),
    )
    return compute_batch(grid, out=out)


def pandas_daily(sessions: Sessions, missing: Sessions, shape: tuple[int, int]) -> pd.DataFrame:
    """Sessions → one row per athlete and day: load (sum, NaN when missing) and top session."""
    frame = pd.DataFrame(sessions)
    daily = frame.groupby(["athlete", "day"])["load"].agg(load="sum", top="max")
    full = pd.MultiIndex.from_product([range(shape[0]), range(shape[1])], names=["athlete", "day"])
    daily = daily.reindex(full)
    daily["load"] = daily["load"].fillna(0.0)
    gaps = pd.MultiIndex.from_arrays([missing["athlete"], missing["day"]])
    daily.loc[gaps, ["load", "top"]] = np.nan
    return daily.reset_index()


def rolling(df: pd.DataFrame, column: str, window: int, how: str = "sum") -> pd.Series:
    """Per-athlete trailing window; ``max`` skips NaN, the others need a full window."""
    roll = df.groupby("athlete")[column].rolling(window, min_periods=window if how != "max" else 1)
    values = roll.std(ddof=0) if how == "std" else getattr(roll, how)()
    return values.reset_index(level=0, drop=True)


def pandas_rolling_columns(df: pd.DataFrame, out: pd.DataFrame) -> None:
    by = df.groupby("athlete")
    history = by.cumcount() + 1
    sum7, miss7 = rolling(df, "filled", 7), rolling(df, "miss", 7)
    sum28, miss28 = rolling(df, "filled", 28), rolling(df, "miss", 28)
    sum21 = rolling(df, "filled", 21).groupby(df["athlete"]).shift(7)
    miss21 = rolling(df, "miss", 21).groupby(df["athlete"]).shift(7)
    out["acute_7d"] = (sum7 / (7 - miss7)).where((history >= 7) & (miss7 <= 1))
    chronic_ok = (history >= 28) & (miss28 <= 3)
    out["chronic_28d"] = (sum28 / (28 - miss28)).where(chronic_ok)
    out["chronic_21d"] = (sum21 / (21 - miss21)).where(chronic_ok)
    out["acwr_rolling"] = (out["acute_7d"] / out["chronic_28d"]).where(out["chronic_28d"] != 0)
    out["acwr_uncoupled"] = (out["acute_7d"] / out["chronic_21d"]).where(out["chronic_21d"] != 0)
    last7 = sum7.groupby(df["athlete"]).shift(7)
    out["week_change_pct"] = ((sum7 - last7) / last7 * 100).where(
        (history >= 14) & (rolling(df, "miss", 14) == 0) & (last7 != 0)
    )
    sum14 = rolling(df, "filled", 14)
    last14 = sum14.groupby(df["athlete"]).shift(14)
    out["two_week_change_pct"] = ((sum14 - last14) / last14 * 100).where(
        (history >= 28) & (miss28 == 0) & (last14 != 0)
    )
    mean7, sd7 = rolling(df, "load", 7, "mean"), rolling(df, "load", 7, "std")
    out["monotony_7d"] = (mean7 / sd7).where(rolling(df, "load", 7) != 0)
    out["strain_7d"] = rolling(df, "load", 7) * out["monotony_7d"]
    longest = rolling(df, "top", 30, "max").groupby(df["athlete"]).shift(1)
    out["longest_session_30d"] = longest
    out["session_spike_pct"] = ((df["top"] / longest - 1) * 100).where(longest != 0)


def pandas_ewm(df: pd.DataFrame, column: str, alpha: float) -> pd.Series:
    by = df.groupby("athlete")[column]
    return by.ewm(alpha=alpha, adjust=False, ignore_na=True).mean().reset_index(level=0, drop=True)


def pandas_pmc(df: pd.DataFrame, days: int) -> pd.Series:
    """CTL / ATL from 0 on the day before the first day: prepend a zero day, ewm, drop it."""
    zero = pd.DataFrame({"athlete": df["athlete"].unique(), "day": -1, "load": 0.0})
    padded = pd.concat([zero, df[["athlete", "day", "load"]]]).sort_values(["athlete", "day"])
    padded = padded.reset_index(drop=True)
    values = pandas_ewm(padded, "load", 1 - np.exp(-1 / days))
    return pd.Series(values[padded["day"] >= 0].to_numpy(), index=df.index)


def run_pandas(sessions: Sessions, missing: Sessions, shape: tuple[int, int]) -> pd.DataFrame:
    df = pandas_daily(sessions, missing, shape)
    df["miss"] = df["load"].isna().astype(float)
    df["filled"] = df["load"].fillna(0.0)
    out = pd.DataFrame({"athlete": df["athlete"], "day": df["day"], "load": df["load"]})
    pandas_rolling_columns(df, out)
    out["ewma_acute"] = pandas_ewm(df, "load", 0.25)
    out["ewma_chronic"] = pandas_ewm(df, "load", 2 / 29)
    history = df.groupby("athlete").cumcount() + 1
    ratio = out["ewma_acute"] / out["ewma_chronic"]
    out["acwr_ewma"] = ratio.where((history >= 28) & (out["ewma_chronic"] != 0))
    out["ctl"], out["atl"] = pandas_pmc(df, 42), pandas_pmc(df, 7)
    form = out["ctl"] - out["atl"]
    out["tsb"] = form.groupby(df["athlete"]).shift(1).fillna(0.0)
    out["ramp_7d"] = out["ctl"] - out["ctl"].groupby(df["athlete"]).shift(7).fillna(0.0)
    return out[["athlete", "day", *SERIES_COLUMNS]]


def check_agreement(engine: BatchResult, frame: pd.DataFrame) -> str:
    """Same undefined and infinite days, and values within 1e-9 (relative) everywhere else."""
    worst = 0.0
    for name in SERIES_COLUMNS:
        ours = engine.columns[name].reshape(-1)
        theirs = frame[name].to_numpy(dtype=float)
        if not np.array_equal(np.isnan(ours), np.isnan(theirs)):
            raise AssertionError(f"{name}: undefined days differ")
        if not np.array_equal(np.isinf(ours), np.isinf(theirs)):
            raise AssertionError(f"{name}: infinite days differ")
        finite = np.isfinite(ours)
        gap = np.abs(ours[finite] - theirs[finite]) / np.maximum(1.0, np.abs(theirs[finite]))
        worst = max(worst, float(gap.max(initial=0.0)))
    if worst > 1e-9:
        raise AssertionError(f"engine and pandas differ by up to {worst:.3g}")
    return (
        f"all {len(SERIES_COLUMNS)} columns agree on every athlete-day (max rel diff {worst:.1e})"
    )


class Timing(NamedTuple):
    """Shortest wall time and shortest CPU time (user + system of this process) over the runs.

    The machine is shared with other work, so CPU time is the steadier of the two; both print.
    """

    wall: float
    cpu: float


def best_time[T](call: Callable[[], T], repeat: int) -> tuple[Timing, T]:
    """Timing of ``repeat`` calls, and the last call's result."""
    walls, cpus = [], []
    for _ in range(repeat):
        began, began_cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - began)
        cpus.append(time.process_time() - began_cpu)
    return Timing(min(walls), min(cpus)), result


def copy_floor(result: BatchResult, repeat: int) -> tuple[Timing, Timing, int]:
    """A numpy copy of the engine's output bytes: into a new array (``copy()``, which like the
    engine must also obtain its memory) and into an existing one (``copyto``)."""
    output = np.stack([result.columns[name] for name in SERIES_COLUMNS])
    fresh = best_time(output.copy, repeat)[0]
    target = np.empty_like(output)
    reused = best_time(lambda: np.copyto(target, output), repeat)[0]
    return fresh, reused, output.nbytes


def engine_into_buffer(
    sessions: Sessions, missing: Sessions, shape: tuple[int, int], repeat: int
) -> Timing:
    """The engine writing into one output buffer that it reuses from run to run."""
    buffer = np.zeros(output_shape(*shape))
    return best_time(lambda: run_engine(sessions, missing, shape, buffer), repeat)[0]


def peak_bytes(call: Callable[[], object]) -> int:
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def one_day_update(n_athletes: int, seed: int, repeat: int) -> Timing:
    """Seconds for one more day of all columns for ``n_athletes`` from their stored state."""
    sessions, missing = synthetic_sessions(n_athletes, 60, seed)
    state = run_engine(sessions, missing, (n_athletes, 60)).state
    rng = np.random.default_rng(seed + 1)
    runs = rng.random((n_athletes, 1)) < 0.65
    today = np.where(runs, np.round(rng.gamma(3.0, 3.0, (n_athletes, 1)), 2), 0.0)
    grid = LoadGrid(load=today, top_session=np.where(today > 0, today, np.nan))
    return best_time(lambda: compute_batch(grid, state), repeat)[0]


def warm_memory(n_bytes: int) -> None:
    """Touch ``n_bytes`` once, so every contender runs in a long-lived process's steady state.

    This VM backs guest memory lazily: the first write to a page the guest has never used costs
    about a nanosecond per byte (1.1 GB took 1.6 s), later reuse of freed pages a tenth of that.
    Without this the first timed contender would pay the host's first-touch cost for everyone.
    """
    block = np.empty(n_bytes // 8)
    block.fill(1.0)
    del block


def rate_line(label: str, athlete_days: int, timing: Timing, note: str = "") -> str:
    per_cpu, per_wall = athlete_days / timing.cpu / 1e6, athlete_days / timing.wall / 1e6
    return (
        f"{label:<27}{per_cpu:7.2f} M athlete-days/s CPU ({timing.cpu:.3f} s)   "
        f"wall {per_wall:6.2f} M/s ({timing.wall:.3f} s){note}"
    )


def ratio_line(name: str, engine: Timing, other: Timing) -> str:
    """Throughput ratio engine / other (= other's time / engine's time)."""
    by_cpu, by_wall = other.cpu / engine.cpu, other.wall / engine.wall
    return f"{name} = {by_cpu:6.2f} by CPU time, {by_wall:6.2f} by wall time"


def compare_contenders(args: argparse.Namespace) -> None:
    shape = (args.athletes, args.days)
    athlete_days = args.athletes * args.days
    sessions, missing = synthetic_sessions(args.athletes, args.days, args.seed)
    print(
        f"{args.athletes:,} athletes × {args.days} days = {athlete_days:,} athlete-days, "
        f"{sessions['load'].size:,} sessions, {missing['day'].size:,} missing days"
    )
    warm_memory(4 * len(SERIES_COLUMNS) * athlete_days * 8)
    engine, result = best_time(lambda: run_engine(sessions, missing, shape), args.repeat)
    reusing = engine_into_buffer(sessions, missing, shape, args.repeat)
    pandas, frame = best_time(lambda: run_pandas(sessions, missing, shape), 1)
    print("check:", check_agreement(result, frame))
    del frame
    fresh, reused, output_bytes = copy_floor(result, args.repeat)
    print(rate_line("(a)  engine", athlete_days, engine))
    print(rate_line("(a') engine, into a buffer", athlete_days, reusing))
    print(rate_line("(b)  pandas", athlete_days, pandas))
    size = f"   [{output_bytes / 1e9:.2f} GB]"
    print(rate_line("(c)  copy, new array", athlete_days, fresh, size))
    print(rate_line("(c') copy, into a buffer", athlete_days, reused))
    print(ratio_line("a/b  ", engine, pandas))
    print(ratio_line("a/c  ", engine, fresh))
    print(ratio_line("a'/c'", reusing, reused))
    del result
    engine_peak = peak_bytes(lambda: run_engine(sessions, missing, shape))
    pandas_peak = peak_bytes(lambda: run_pandas(sessions, missing, shape))
    print(
        f"peak memory (tracemalloc): engine {engine_peak / 1e9:.2f} GB "
        f"({engine_peak / output_bytes:.2f}× its output), pandas {pandas_peak / 1e9:.2f} GB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--athletes", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--update-athletes", type=int, default=100_000)
    args = parser.parse_args()
    compare_contenders(args)
    update = one_day_update(args.update_athletes, args.seed, args.repeat)
    print(
        f"incremental one-day update for {args.update_athletes:,} athletes: "
        f"{update.cpu * 1e3:.1f} ms CPU, {update.wall * 1e3:.1f} ms wall"
    )


if __name__ == "__main__":
    main()
