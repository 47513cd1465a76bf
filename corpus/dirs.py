"""Where parlread keeps files: library, notes store, caches, bundled samples; what opens with no paths.

The one place that reads ``$PARLREAD_LIBRARY``, ``$PARLREAD_STORE`` and
``$PARLREAD_CACHE`` and asks platformdirs (imported only when needed):

* library  ``$PARLREAD_LIBRARY`` or ``<user data dir>/parlread/library``
* store    ``$PARLREAD_STORE``   or ``<user data dir>/parlread/store``
* cache    ``$PARLREAD_CACHE``   or ``<user cache dir>/parlread``; ``off`` (or 0/no/none/false/empty)
  switches caching off, and ``cache_root()`` is then ``None``.
"""

from __future__ import annotations

import os
from pathlib import Path

ENV = "PARLREAD_LIBRARY"  # overrides the library directory
STORE_ENV = "PARLREAD_STORE"
CACHE_ENV = "PARLREAD_CACHE"
_OFF = ("", "0", "off", "no", "none", "false")
_cache_roots: dict[tuple, Path] = {}  # memo: cache_root() is asked once per file loaded


def sample_dir() -> Path:
    """The bundled sample corpus (Open Parliament Licence v3.0)."""
    return Path(__file__).resolve().parent / "samples"


def library_dir() -> Path:
    env = os.environ.get(ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    # (appauthor left as it was when the library was introduced: on Windows it is …/parlread/parlread/library)
    return Path(platformdirs.user_data_dir("parlread")) / "library"


def store_dir() -> Path:
    """Where tags and notes are kept (``annotations.AnnotationStore``)."""
    env = os.environ.get(STORE_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("parlread", appauthor=False)) / "store"


def cache_root() -> Path | None:
    """The cache directory (record cache in ``records/``, search indexes beside it); None when off."""
    env = os.environ.get(CACHE_ENV)
    if env is not None and env.strip().lower() in _OFF:
        return None
    key = (env, os.environ.get("XDG_CACHE_HOME"), os.environ.get("HOME"))
    root = _cache_roots.get(key)
    if root is None:
        if env:
            root = Path(env).expanduser()
        else:
            import platformdirs

            root = Path(platformdirs.user_cache_dir("parlread"))
        _cache_roots[key] = root
    return root


def files_dir(root: Path | None = None) -> Path:
    return (root or library_dir()) / "files"


def has_files(root: Path | None = None) -> bool:
    d = files_dir(root)
    return d.is_dir() and any(p.is_file() and not p.name.startswith(".") for p in d.iterdir())  # not temp files


def default_paths() -> list[Path]:
    """What opens with no paths: your imported library, else the samples."""
    return [files_dir()] if has_files() else [sample_dir()]
