"""The ``loadwatch`` command."""

from __future__ import annotations

import typer

app = typer.Typer(help="loadwatch: training-load and symptom monitoring for runners.", no_args_is_help=True)
