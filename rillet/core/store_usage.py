"""What the file store holds: each stored file's size and when it was last made or used.

The store keeps every file in a folder of its own (``<root>/<owner>/<random>/<name>``);
this index has one :class:`Item` per such folder, least recently used first. It gives the
store's total size (for ``max_store_size``) without walking the disk, and the files to
delete first. A file is counted as the disk it takes (:func:`disk_cost`), so that a
flood of tiny files cannot fill the disk under a cap that counts only their bytes. The
index is shared by the event loop (uploads, the sweep) and worker threads (outputs), so
every method takes its lock. It costs about 300 bytes of memory per stored file.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

#: A file takes whole blocks of the disk, and its folder one more.
BLOCK = 4096


def disk_cost(size: int) -> int:
    """Bytes of disk a stored file of ``size`` bytes takes, its folder included."""
    return -(-size // BLOCK) * BLOCK + BLOCK


@dataclass(slots=True)
class Item:
    """One stored file's folder."""

    owner: str
    #: Bytes of its file (reserved or written through the store, or found on disk).
    size: int = 0
    #: ``time.monotonic()`` when it was made or last used as an input.
    touched: float = field(default_factory=time.monotonic)
    #: False while its size is only known from the disk (a component wrote the file).
    measured: bool = False


@dataclass
class InUse:
    """Files that must not be deleted: every file of these owners (sessions whose events
    wait or run) and these folders (inputs those events name)."""

    owners: set[str] = field(default_factory=set)
    folders: set[Path] = field(default_factory=set)

    def holds(self, folder: Path, item: Item) -> bool:
        return item.owner in self.owners or folder in self.folders


def _key(folder: Path) -> str:
    return os.fspath(folder)


class Usage:
    """The index of a store's folders, and the disk they take in all."""

    def __init__(self) -> None:
        self._items: dict[str, Item] = {}  # by folder, least recently used first
        self._by_owner: dict[str, set[str]] = {}
        self.total = 0
        self._lock = threading.Lock()

    def add(self, folder: Path, owner: str) -> None:
        """A new, still empty folder."""
        key = _key(folder)
        with self._lock:
            self._items[key] = Item(owner)
            self._by_owner.setdefault(owner, set()).add(key)
            self.total += disk_cost(0)

    def charge(self, folder: Path, size: int) -> None:
        """``folder``'s file now has ``size`` bytes (written through the store)."""
        with self._lock:
            item = self._items.get(_key(folder))
            if item is not None:
                self.total += disk_cost(size) - disk_cost(item.size)
                item.size, item.measured = size, True

    def reserve(self, folder: Path, size: int, limit: int | None) -> bool:
        """Count ``size`` more bytes for ``folder``'s file if the total stays within
        ``limit``; False (nothing counted) if it would not."""
        with self._lock:
            item = self._items.get(_key(folder))
            if item is None:
                return False
            more = disk_cost(item.size + size) - disk_cost(item.size)
            if limit is not None and self.total + more > limit:
                return False
            item.size += size
            item.measured = True
            self.total += more
            return True

    def touch(self, folder: Path) -> None:
        """``folder``'s file was just used: its age starts again."""
        key = _key(folder)
        with self._lock:
            item = self._items.pop(key, None)
            if item is not None:
                item.touched = time.monotonic()
                self._items[key] = item  # now the most recently used

    def forget(self, folders: Iterable[Path]) -> None:
        with self._lock:
            for key in map(_key, folders):
                item = self._items.pop(key, None)
                if item is not None:
                    self.total -= disk_cost(item.size)
                    owned = self._by_owner.get(item.owner)
                    if owned is not None:
                        owned.discard(key)
                        if not owned:
                            del self._by_owner[item.owner]

    def forget_owner(self, owner: str) -> None:
        with self._lock:
            folders = [Path(key) for key in self._by_owner.get(owner, ())]
        self.forget(folders)

    def oldest(
        self, keep: Callable[[Path, Item], bool], unused_for: float = 0.0, need: int | None = None
    ) -> list[tuple[Path, Item]]:
        """Folders unused for more than ``unused_for`` seconds and not kept by ``keep``,
        least recently used first; with ``need``, only enough of them to free that
        many bytes of disk."""
        horizon = time.monotonic() - unused_for
        found: list[tuple[Path, Item]] = []
        freed = 0
        with self._lock:
            for key, item in self._items.items():
                if item.touched >= horizon or (need is not None and freed >= need):
                    break
                folder = Path(key)
                if not keep(folder, item):
                    found.append((folder, item))
                    freed += disk_cost(item.size)
        return found

    def measure_unmeasured(self) -> None:
        """Count from the disk the files components wrote themselves."""
        with self._lock:
            pending = [key for key, item in self._items.items() if not item.measured]
        for key in pending:
            size = folder_size(Path(key))
            with self._lock:
                item = self._items.get(key)
                if item is not None and not item.measured:
                    self.total += disk_cost(size) - disk_cost(item.size)
                    item.size = size


def folder_size(folder: Path) -> int:
    """Bytes of the files directly in ``folder`` (0 if it is gone)."""
    try:
        with os.scandir(folder) as entries:
            return sum(
                e.stat(follow_symlinks=False).st_size
                for e in entries
                if e.is_file(follow_symlinks=False)
            )
    except OSError:
        return 0
