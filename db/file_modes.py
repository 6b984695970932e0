"""Owner-only file modes for the SQLite database, its directory and the secret key file.

The database holds every registrant's personal data: it is created 0600 in a
0700 directory, and `init` repairs wider modes (see werkstatt/bootstrap.py).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from sqlalchemy.engine import make_url

FILE_MODE = 0o600
DIR_MODE = 0o700
SIDE_FILES = ("-wal", "-shm", "-journal")


def sqlite_file(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other backends and in-memory databases."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def ensure_private_dir(path: Path) -> None:
    """Create a missing directory with mode 0700 (an existing one is left as it is)."""
    if not path.exists():
        path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)


def prepare_sqlite_file(path: Path) -> None:
    """Create the directory (0700) and an empty database file (0600) before SQLite opens it."""
    ensure_private_dir(path.parent)
    if not path.exists():
        try:
            os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, FILE_MODE))
        except FileExistsError:
            pass  # another process created it a moment ago


def _own_private_dir(path: Path) -> bool:
    """Only a directory we own and that is not shared (no sticky bit, unlike /tmp) is ours to tighten."""
    info = path.stat()
    return info.st_uid == os.getuid() and not info.st_mode & stat.S_ISVTX


def repair_modes(files: list[Path]) -> list[str]:
    """Tighten group/other bits on `files` (and their side files) and their directory; German notes."""
    notes: list[str] = []
    targets: list[tuple[Path, int]] = []
    for file in files:
        targets += [(file.parent, DIR_MODE)] if _own_private_dir(file.parent) else []
        targets += [(file, FILE_MODE)] + [(Path(f"{file}{side}"), FILE_MODE) for side in SIDE_FILES]
    seen: set[Path] = set()
    for path, wanted in targets:
        if path in seen or not path.exists():
            continue
        seen.add(path)
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(wanted)
            notes.append(f"Zugriffsrechte von {path} von {mode:04o} auf {wanted:04o} korrigiert.")
    return notes
