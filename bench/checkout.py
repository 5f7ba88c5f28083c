"""The benchmarks reuse helpers of the test suite (``tests.support``, the tests' mail receiver
and seeders), which are not installed with loadwatch: importing this module puts the checkout
on ``sys.path`` so that ``python bench/NAME.py`` finds them."""

from __future__ import annotations

import sys
from pathlib import Path

CHECKOUT = str(Path(__file__).resolve().parents[1])
if CHECKOUT not in sys.path:
    sys.path.insert(0, CHECKOUT)
