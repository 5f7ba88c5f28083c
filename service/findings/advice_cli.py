"""``loadwatch advice check``: a what-if for a coach or physio (DOMAIN §1.5).

Reads a scenario (athlete, policy overrides, activities, check-ins, a date range), runs the same
``evaluate`` the workers run, with no database, and writes ``{"findings": [...]}`` in date order.
Invalid input prints one line naming the field on standard error, exits 2 and writes nothing to
standard output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from service.training.input_errors import InputError
from service.training.json_fields import ScenarioError

advice_app = typer.Typer(
    help="Advice rules: check a what-if scenario against an athlete's advice policy.",
    no_args_is_help=True,
)

LANGS = ("en", "nl")


@advice_app.callback()
def advice() -> None:
    """Advice rules for runners, coaches and physiotherapists."""


def _read(path: Path) -> object:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ScenarioError("input", "is not UTF-8 text", "is geen UTF-8-tekst") from None
    except OSError as exc:
        raise ScenarioError(
            "input", f"cannot be read: {exc.strerror}", f"kan niet worden gelezen: {exc.strerror}"
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            "input",
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            f"is geen geldige JSON (regel {exc.lineno}, kolom {exc.colno}: {exc.msg})",
        ) from None


@advice_app.command()
def check(
    input_path: Annotated[
        Path, typer.Option("--input", help="Scenario JSON (DOMAIN §1.5); '-' reads stdin.")
    ],
    lang: Annotated[str, typer.Option(help="Language of error messages: en or nl.")] = "en",
) -> None:
    """Write the scenario's findings as JSON to standard output."""
    from service.findings.scenario import parse_scenario, run_scenario  # the rules: numpy

    language = lang if lang in LANGS else "en"
    try:
        if lang not in LANGS:
            raise ScenarioError(
                "--lang", f"must be en or nl, got {lang!r}", f"moet en of nl zijn, niet {lang!r}"
            )
        findings = run_scenario(parse_scenario(_read(input_path)))
    except InputError as error:
        prefix = "fout" if language == "nl" else "error"
        typer.echo(f"{prefix}: {error.message(language)}", err=True)
        raise typer.Exit(2) from None
    output = {"findings": [finding.to_json() for finding in findings]}
    sys.stdout.write(json.dumps(output, ensure_ascii=False, indent=2) + "\n")
