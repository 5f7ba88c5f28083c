"""Small trend lines drawn on the server as inline SVG: no script, readable by screen readers.

A sparkline is a line through a few weekly values (oldest left), broken where a week has no
value, with a dot on the newest; ``values`` says the same in words for its ``aria-label``.
:func:`sparkline_svg` writes the element in one call (a roster draws two per athlete).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from markupsafe import Markup, escape

WIDTH: Final = 88
HEIGHT: Final = 24
PAD: Final = 3


@dataclass(frozen=True)
class Sparkline:
    segments: tuple[str, ...]
    """``points`` of each polyline: runs of consecutive weeks with a value."""
    dots: tuple[tuple[float, float], ...]
    """Weeks with a value but no neighbour to draw a line to, and the newest value."""
    values: str
    """The values in words, oldest first: ``12, 15, –, 20``."""


def _text(value: float | None, digits: int, locale: str) -> str:
    if value is None:
        return "–"
    shown = f"{value:.{digits}f}"
    return shown.replace(".", ",") if locale == "nl" else shown


def sparkline(
    values: Sequence[float | None], locale: str, top: float | None = None, digits: int = 0
) -> Sparkline | None:
    """None when no week has a value. ``top``: the value drawn at the top (the largest value
    when not given, so each line shows its own shape)."""
    defined = [v for v in values if v is not None]
    if not defined:
        return None
    ceiling = top if top is not None else max(defined)
    ceiling = ceiling if ceiling > 0 else 1.0
    step = (WIDTH - 2 * PAD) / max(len(values) - 1, 1)
    points: list[tuple[float, float] | None] = [
        None
        if v is None
        else (
            round(PAD + i * step, 1),
            round(HEIGHT - PAD - min(v, ceiling) / ceiling * (HEIGHT - 2 * PAD), 1),
        )
        for i, v in enumerate(values)
    ]
    runs: list[list[tuple[float, float]]] = [[]]
    for point in points:
        if point is None:
            runs.append([])
        else:
            runs[-1].append(point)
    segments = tuple(" ".join(f"{x},{y}" for x, y in run) for run in runs if len(run) > 1)
    single = [run[0] for run in runs if len(run) == 1]
    newest = next(p for p in reversed(points) if p is not None)
    dots = tuple(dict.fromkeys([*single, newest]))
    return Sparkline(segments, dots, ", ".join(_text(v, digits, locale) for v in values))


def sparkline_svg(
    values: Sequence[float | None],
    label: str,
    kind: str,
    locale: str,
    top: float | None = None,
    digits: int = 0,
) -> Markup:
    """The ``<svg>`` of :func:`sparkline` (nothing when no week has a value); ``label`` says
    what the line shows, and its values follow it in the ``aria-label`` and the tooltip."""
    spark = sparkline(values, locale, top, digits)
    if spark is None:
        return Markup("")
    said = escape(f"{label}: {spark.values}")
    lines = "".join(f'<polyline points="{points}"/>' for points in spark.segments)
    dots = "".join(f'<circle cx="{x}" cy="{y}" r="2"/>' for x, y in spark.dots)
    # Only numbers and the escaped words go in: ``Markup.format`` would cost a roster of fifty
    # athletes about a tenth of its time.
    return Markup(  # noqa: S704  # nosec B704: numbers and escaped words only
        f'<svg class="spark spark-{escape(kind)}" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}"'
        f' height="{HEIGHT}" role="img" aria-label="{said}"><title>{said}</title>'
        f"{lines}{dots}</svg>"
    )
