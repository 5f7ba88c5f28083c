"""Imported first by ``tests/conftest.py``: the test run keeps its compiled modules.

Where ``PYTHONDONTWRITEBYTECODE`` is set (as the Dockerfile does, and development machines set
up like it), Python compiles every module of ``service/`` and ``tests/`` afresh in each test
process, and pytest rewrites the asserts of every test module again: at the start of each run,
in each xdist worker. That costs more than many of the tests themselves. The test process writes
those caches regardless, into the ``__pycache__`` folders git ignores, so a second run reads
them. Processes the tests start (a server, a worker) keep the environment's setting.
"""

from __future__ import annotations

import sys

sys.dont_write_bytecode = False
