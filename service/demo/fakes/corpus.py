"""Where the shared corpus of real FIT files and recorded provider responses lives: in
``shared/corpus`` beside a checkout of loadwatch.

The fakes read it only for their recorded answers (``RECORDED``), which the tests and benchmarks
use; the demo's fakes answer with built-in bodies and run from a fresh clone or an installed
package without it.
"""

from __future__ import annotations

from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[3]
CORPUS_DIR = (CHECKOUT.parent / "shared" / "corpus").resolve()


def corpus_path(*parts: str) -> Path:
    """Path inside the corpus; fails loudly when the corpus is not beside the checkout."""
    path = CORPUS_DIR.joinpath(*parts)
    if not CORPUS_DIR.is_dir():
        raise FileNotFoundError(
            f"the shared corpus is missing: expected it at {CORPUS_DIR} (beside the checkout); "
            "only the recorded answers need it, the demo does not"
        )
    return path
