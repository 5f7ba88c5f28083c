"""Where the shared corpus of real FIT files and recorded provider responses lives."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
CORPUS_DIR = (REPO_ROOT.parent / "shared" / "corpus").resolve()


def corpus_path(*parts: str) -> Path:
    """Path inside the corpus; fails loudly when the corpus is not beside the checkout."""
    path = CORPUS_DIR.joinpath(*parts)
    if not CORPUS_DIR.is_dir():
        raise FileNotFoundError(
            f"the shared corpus is missing: expected it at {CORPUS_DIR} (beside the checkout)"
        )
    return path
