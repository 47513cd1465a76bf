"""Where parlread keeps files: the imported library, the bundled samples, what opens with no paths."""

from __future__ import annotations

import os
from pathlib import Path

ENV = "PARLREAD_LIBRARY"  # overrides the library directory


def sample_dir() -> Path:
    """The bundled sample corpus (Open Parliament Licence v3.0)."""
    return Path(__file__).resolve().parent / "samples"


def library_dir() -> Path:
    env = os.environ.get(ENV)
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_data_dir("parlread")) / "library"


def files_dir(root: Path | None = None) -> Path:
    return (root or library_dir()) / "files"


def has_files(root: Path | None = None) -> bool:
    d = files_dir(root)
    return d.is_dir() and any(p.is_file() and not p.name.startswith(".") for p in d.iterdir())  # not temp files


def default_paths() -> list[Path]:
    """What opens with no paths: your imported library, else the samples."""
    return [files_dir()] if has_files() else [sample_dir()]
