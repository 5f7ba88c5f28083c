"""Puts the checkout's root on the import path, so a benchmark run as ``python bench/NAME.py``
can use the test servers and helpers in ``tests/`` (the installed package carries no tests).

Imported for that effect by ``support`` and ``seeding``, which every benchmark imports before
anything from ``tests``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
