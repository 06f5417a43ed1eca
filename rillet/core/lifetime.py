"""How long stored files live, and how much of the disk the store may take.

Uploads and outputs are deleted once they were made, or last used as an input, more
than ``delete_cache``'s age ago (Gradio's ``delete_cache=(frequency, age)``; one hour when
unset), and the oldest go first when the store reaches ``max_store_size``. Never deleted:
the files of a session whose events wait or run (a stream in progress keeps its chunks
until it ends), the uploads those events were given, and the components' initial values.
"""

from __future__ import annotations

import asyncio
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from rillet.core.files import FileStore, is_file_data
from rillet.core.job import Job
from rillet.core.store_usage import InUse

#: Without a setting, the store may take this share of the disk space free at start.
DEFAULT_SHARE_OF_FREE = 0.5
#: Folders deleted per step of a sweep (the event loop serves others in between).
BATCH = 500


def default_store_size(root: Path) -> int:
    """Half the free space of the file system holding ``root``, as it is now."""
    return int(
        shutil.disk_usage(root if root.exists() else root.parent).free * DEFAULT_SHARE_OF_FREE
    )


def files_in_use(jobs: Iterable[Job], store: FileStore) -> InUse:
    """What the events that wait or run use: their sessions' files and their inputs."""
    in_use = InUse()
    for job in list(jobs):
        in_use.owners.add(job.session.files_key)
        _add_inputs(job.data, store, in_use)
        if job.feed is not None and job.feed.pending is not None:
            _add_inputs(job.feed.pending, store, in_use)
    return in_use


def _add_inputs(data: Any, store: FileStore, in_use: InUse) -> None:
    stack = [data]  # no recursion: a payload may be nested deeply
    while stack:
        value = stack.pop()
        if is_file_data(value):
            folder = _folder(value["path"], store)
            if folder is not None:
                in_use.folders.add(folder)
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, dict):
            stack.extend(value.values())


def _folder(raw: str, store: FileStore) -> Path | None:
    try:
        path = Path(raw)
        path = (path if path.is_absolute() else store.root / path).resolve()
    except (OSError, ValueError):
        return None
    return store.folder_of(path)


async def expire(store: FileStore, age: float, in_use: Callable[[], InUse]) -> int:
    """Delete the stored files made or last used more than ``age`` seconds ago that no
    event uses; returns how many. Works in steps of :data:`BATCH`, checking what is in
    use again before each (an event may have started meanwhile)."""
    store.usage.measure_unmeasured()
    found = store.usage.oldest(store.keep(in_use()), age)
    deleted = 0
    for start in range(0, len(found), BATCH):
        batch = found[start : start + BATCH]
        if start:
            await asyncio.sleep(0)
            keep, horizon = store.keep(in_use()), time.monotonic() - age
            batch = [(f, item) for f, item in batch if item.touched < horizon and not keep(f, item)]
        store.remove([folder for folder, _ in batch])
        deleted += len(batch)
    return deleted
