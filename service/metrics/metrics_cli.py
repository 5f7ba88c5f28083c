"""``loadwatch metrics``: the daily series from a spreadsheet of sessions (DOMAIN §1.2)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

metrics_app = typer.Typer(
    help="Training-load metrics from a CSV of sessions, for coaches' spreadsheets.",
    no_args_is_help=True,
)

LANGS = ("en", "nl")


def _read(path: Path) -> str:
    from service.training.metrics_csv import MetricsCsvError

    try:
        return sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise MetricsCsvError(f"{path} is not UTF-8 text", f"{path} is geen UTF-8-tekst") from None
    except OSError as exc:
        raise MetricsCsvError(
            f"cannot read {path}: {exc.strerror}", f"kan {path} niet lezen: {exc.strerror}"
        ) from None


@metrics_app.command()
def compute(
    input_path: Annotated[
        Path,
        typer.Option("--input", help="Sessions CSV: date,load or athlete,date,load ('-' = stdin)."),
    ],
    start: Annotated[str | None, typer.Option(help="First day, YYYY-MM-DD.")] = None,
    end: Annotated[str | None, typer.Option(help="Last day, YYYY-MM-DD.")] = None,
    decimals: Annotated[
        int | None, typer.Option(min=0, max=17, help="Round for display to N places.")
    ] = None,
    lang: Annotated[str, typer.Option(help="Language of error messages: en or nl.")] = "en",
) -> None:
    """Write the daily series (one row per day, the columns of DOMAIN §1.1) to standard output."""
    # The series engine (numpy) only when the command runs, not for every ``loadwatch`` start.
    from service.training.metrics_csv import MetricsCsvError, metrics_csv, parse_option_date

    language = lang if lang in LANGS else "en"
    try:
        if lang not in LANGS:
            raise MetricsCsvError(
                f"--lang must be en or nl, got {lang!r}",
                f"--lang moet en of nl zijn, niet {lang!r}",
            )
        text = _read(input_path)
        first = parse_option_date(start, "--start")
        last = parse_option_date(end, "--end")
        output = metrics_csv(text, first, last, decimals)
    except MetricsCsvError as exc:
        prefix = "fout" if language == "nl" else "error"
        typer.echo(f"{prefix}: {exc.message(language)}", err=True)
        raise typer.Exit(2) from None
    sys.stdout.write(output)
