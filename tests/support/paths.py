"""Where the checkout the tests run in lies (its ``.venv``, ``docs`` and ``bench`` beside them)."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
