"""The file store: files the app produced or users uploaded, and nothing else.

Components hand their media to core as :class:`FileOut` (bytes or a path); the store keeps
it in its own temporary folder and describes it as Gradio's ``FileData``. Only files inside
that folder, or inside folders the app allowed (``launch(allowed_paths=...)``), are served
or accepted as inputs; any other path, however it is spelled, is refused, and so are
hidden files and folders (names starting with ``.``: ``.env``, ``.git/``) unless an
``allowed_paths`` entry names them.

Stored files have a lifetime and the store a size limit: :class:`~rillet.core.store_usage.Usage`
counts what each file's folder holds and when it was last made or used;
:mod:`rillet.core.lifetime` deletes the old ones no event uses.
"""

from __future__ import annotations

import base64
import binascii
import mimetypes
import os
import secrets
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from rillet import protocol
from rillet.core.errors import Error
from rillet.core.store_usage import InUse, Item, Usage, disk_cost, folder_size

FILE_META = {"_type": "gradio.FileData"}
#: Stored names are cut to this many bytes (most file systems allow 255).
MAX_NAME_BYTES = 200
#: The folder of files that belong to no session (initial values, uploads).
SHARED = "shared"
#: The folder of the components' initial values: made once, kept while the server runs.
INITIAL = "initial"
#: Seconds after a file was made or used during which it is never deleted to make room
#: under ``max_store_size`` (an upload about to be used by the event its page starts).
EVICT_GRACE = 60.0
#: Where components write the files they make while core runs them (see :func:`new_file`).
_writing_to: ContextVar[tuple[FileStore, str] | None] = ContextVar(
    "rillet_writing_to", default=None
)


class FileRefused(Error, ValueError):
    """A path outside the places the app allowed. An event whose function returned such
    a path fails with this message, shown to the user as a ``gr.Error`` is (a streamed
    chunk naming one is skipped with a warning, as any chunk a component cannot read)."""

    def __str__(self) -> str:
        return self.message


class StoreFull(Exception):
    """The store holds ``max_store_size`` bytes and nothing can be deleted to make room."""


@dataclass
class FileOut:
    """Media a component produced: ``data`` bytes or an existing ``path``."""

    data: bytes | None = None
    path: str | os.PathLike[str] | None = None
    orig_name: str | None = None
    mime_type: str | None = None
    is_stream: bool = False


def is_file_data(value: Any) -> bool:
    """True for a Gradio ``FileData`` dict."""
    return (
        isinstance(value, dict)
        and isinstance(value.get("path"), str)
        and (value.get("meta", {}) or {}).get("_type") == "gradio.FileData"
    )


@dataclass
class FileStore:
    """A temporary folder of served files, plus the app's allowed folders."""

    allowed_paths: list[str] = field(default_factory=list)
    blocked_paths: list[str] = field(default_factory=list)
    max_file_size: int | None = None
    #: Bytes the store may hold (``launch(max_store_size=...)``); None: no limit.
    max_store_size: int | None = None
    #: See :data:`EVICT_GRACE`.
    evict_grace: float = EVICT_GRACE
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="rillet-")).resolve())
    #: Owners whose files were deleted, and when: a late write for them is refused.
    _dropped: dict[str, float] = field(default_factory=dict)
    #: Each stored file's folder: its size and when it was last made or used.
    usage: Usage = field(default_factory=Usage)
    #: Called (from any thread) when outputs took the store past ``max_store_size``:
    #: the server then deletes old unused files (see :meth:`make_room`).
    on_over: Callable[[], None] | None = None

    def new_path(self, name: str, owner: str = SHARED) -> Path:
        """A fresh path for a file called ``name``, in ``owner``'s folder: a new folder
        with an unguessable (128-bit random) name, so its URL is a capability."""
        if owner in self._dropped:
            raise FileRefused(f"the files of {owner} were deleted (its session ended)")
        folder = self.root / owner / secrets.token_hex(16)
        folder.mkdir(parents=True)
        self.usage.add(folder, owner)
        return folder / safe_name(name)

    def drop(self, owner: str) -> None:
        """Delete every file stored for ``owner`` (a session that ended); later writes
        for it are refused (a cancelled run's last step may still be writing)."""
        if owner and owner not in (SHARED, INITIAL, ".", "..") and "/" not in owner:
            shutil.rmtree(self.root / owner, ignore_errors=True)
            self.usage.forget_owner(owner)
            self._dropped[owner] = time.monotonic()

    def purge_dropped(self, older_than: float) -> None:
        """Forget owners dropped more than ``older_than`` seconds ago, deleting again
        what a write racing with :meth:`drop` may have left."""
        horizon = time.monotonic() - older_than
        for owner, when in list(self._dropped.items()):
            if when < horizon:
                shutil.rmtree(self.root / owner, ignore_errors=True)
                del self._dropped[owner]

    def put_bytes(self, data: bytes, name: str, owner: str = SHARED) -> Path:
        """Store ``data`` as a new file called ``name``."""
        path = self.new_path(name, owner)
        path.write_bytes(data)
        self._charge(path.parent, len(data))
        return path

    def put_file(
        self, source: str | os.PathLike[str], name: str | None = None, owner: str = SHARED
    ) -> Path:
        """Copy an app-produced file into the store (files already in it are kept)."""
        src = Path(source).resolve()
        if self.holds(src):
            folder = self.folder_of(src)
            if folder is not None:  # a file a component wrote: count it now it is whole
                self._charge(folder, folder_size(folder))
            return src
        if not src.is_file():
            raise FileNotFoundError(f"the app returned a file that does not exist: {source}")
        refusal = self.refusal(src)
        if refusal:
            raise FileRefused(f"The app returned {source}: {refusal}")
        path = self.new_path(name or src.name, owner)
        shutil.copyfile(src, path)
        self._charge(path.parent, path.stat().st_size)
        return path

    def holds(self, path: Path) -> bool:
        """True if ``path`` (resolved) is inside the store's folder."""
        return path.is_relative_to(self.root)

    def _may_read(self, path: Path) -> bool:
        return self.refusal(path) is None

    def refusal(self, path: Path) -> str | None:
        """Why the app may not read the resolved ``path`` for an output (None: it may)."""
        places = [Path.cwd(), Path(tempfile.gettempdir()), *map(Path, self.allowed_paths)]
        inside = [p.resolve() for p in places if path.is_relative_to(p.resolve())]
        if self._blocked(path) or not inside:
            return (
                "it is not in a folder the app may read (the working directory, the "
                "temporary directory, launch(allowed_paths=...), minus blocked_paths)"
            )
        if not any(_visible_under(path, place) for place in inside):
            return (
                "it is a hidden file or in a hidden folder (a name starting with '.'), "
                "which rillet serves only when launch(allowed_paths=...) names it"
            )
        return None

    def _blocked(self, path: Path) -> bool:
        return any(path.is_relative_to(Path(p).resolve()) for p in self.blocked_paths)

    def servable(self, requested: str) -> Path:
        """The file a ``file=`` URL may serve, or :class:`FileRefused`
        (:class:`FileNotFoundError` for an allowed place with no file)."""
        if not isinstance(requested, str) or "\0" in requested:
            raise FileRefused(repr(requested))
        if requested.lower().startswith(("http:/", "https:/")):
            # a web address: rillet fetches none for a client (as Gradio refuses the
            # addresses it does not proxy: 403, not 404)
            raise FileRefused(requested)
        try:
            path = Path(requested)
            if not path.is_absolute():
                path = self.root / path
            path = path.resolve()
            allowed = (Path(p).resolve() for p in self.allowed_paths)
            if self._blocked(path) or not (
                self.holds(path) or any(_visible_under(path, p) for p in allowed)
            ):
                raise FileRefused(requested)
            if not path.is_file():
                raise FileNotFoundError(requested)
        except (OSError, ValueError) as error:  # too long, a loop of links...
            if isinstance(error, (FileNotFoundError, FileRefused)):
                raise
            raise FileNotFoundError(requested) from error
        return path

    def file_data(self, out: FileOut, root_url: str = "", owner: str = SHARED) -> dict[str, Any]:
        """Store ``out`` and describe it as a ``FileData`` dict with a URL."""
        name = out.orig_name or (Path(out.path).name if out.path else "file")
        if out.data is not None:
            path = self.put_bytes(out.data, name, owner)
        elif out.path is not None:
            path = self.put_file(out.path, name, owner)
        else:
            raise ValueError("FileOut needs data or a path")
        return self.describe(path, name, out.mime_type, root_url, is_stream=out.is_stream)

    def describe(
        self,
        path: Path,
        orig_name: str,
        mime_type: str | None,
        root_url: str = "",
        *,
        is_stream: bool = False,
    ) -> dict[str, Any]:
        """The ``FileData`` dict for a stored file."""
        return {
            "path": str(path),
            "url": f"{root_url}{protocol.API_PREFIX}/file={quote(str(path))}",
            "size": path.stat().st_size,
            "orig_name": orig_name,
            "mime_type": mime_type or mimetypes.guess_type(orig_name)[0],
            "is_stream": is_stream,
            "meta": dict(FILE_META),
        }

    def folder_of(self, path: Path) -> Path | None:
        """The folder of its own that holds the stored file at ``path`` (resolved)."""
        try:
            parts = path.relative_to(self.root).parts
        except ValueError:
            return None
        return self.root / parts[0] / parts[1] if len(parts) >= 2 else None

    def touch(self, path: Path) -> None:
        """The stored file at ``path`` was just used: its age starts again."""
        folder = self.folder_of(path)
        if folder is not None:
            self.usage.touch(folder)

    def _charge(self, folder: Path, size: int) -> None:
        self.usage.charge(folder, size)
        limit = self.max_store_size
        if limit is not None and self.usage.total > limit and self.on_over is not None:
            self.on_over()

    def keep(self, in_use: InUse) -> Callable[[Path, Item], bool]:
        """Whether a stored file's folder must stay: an initial value, or in use."""
        return lambda folder, item: item.owner == INITIAL or in_use.holds(folder, item)

    def reserve(self, path: Path, size: int, in_use: Callable[[], InUse]) -> None:
        """Count ``size`` bytes about to be written at ``path`` (a new path of this
        store), deleting old unused files to make room; :class:`StoreFull` when the
        store would go past ``max_store_size`` anyway."""
        folder = path.parent
        limit = self.max_store_size
        if self.usage.reserve(folder, size, limit):
            return
        if limit is not None and size <= limit:
            using = in_use()
            using.folders.add(folder)  # not the file being written
            self.make_room(size, using)
            if self.usage.reserve(folder, size, limit):
                return
        total = self.usage.total
        raise StoreFull(
            f"The server's file store is full: it holds {total} of its {limit} bytes "
            f"(launch(max_store_size=...)) and this upload needs {size} more; files are "
            "freed as they age or stop being used. Try again later."
        )

    def make_room(self, size: int, in_use: InUse) -> int:
        """Delete the least recently used files that no event uses (and none made or
        used in the last ``evict_grace`` seconds) so that a file of ``size`` more bytes
        fits under ``max_store_size``: none if that cannot be done; with ``size`` 0 (the
        store went past its size), as many as it takes or as there are. Returns how many
        were deleted."""
        limit = self.max_store_size
        if limit is None:
            return 0
        need = self.usage.total + (disk_cost(size) if size else 0) - limit
        if need <= 0:
            return 0
        found = self.usage.oldest(self.keep(in_use), self.evict_grace, need)
        if size and sum(disk_cost(item.size) for _, item in found) < need:
            return 0
        self.remove([folder for folder, _ in found])
        return len(found)

    def remove(self, folders: list[Path]) -> None:
        """Delete these stored files (their folders)."""
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        self.usage.forget(folders)

    def close(self) -> None:
        """Delete every stored file."""
        shutil.rmtree(self.root, ignore_errors=True)


def _visible_under(path: Path, place: Path) -> bool:
    """True if ``path`` is ``place`` or inside it with no hidden part on the way
    (``place`` itself may be hidden: an allowed path that names a hidden folder)."""
    if not path.is_relative_to(place):
        return False
    return not any(part.startswith(".") for part in path.relative_to(place).parts)


def safe_name(name: str) -> str:
    """``name`` as a stored file's name: its last part, without control characters,
    at most :data:`MAX_NAME_BYTES` bytes (the extension kept); "file" when nothing is left."""
    base = "".join(c for c in name.replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable())
    if base.strip(". ") == "":
        return "file"
    if len(base.encode()) > MAX_NAME_BYTES:
        stem, dot, ext = base.rpartition(".")
        ext = ext if dot and 0 < len(ext.encode()) <= 16 else ""
        keep = MAX_NAME_BYTES - len(ext.encode()) - 1
        stem = (stem if ext else base).encode()[:keep].decode(errors="ignore")
        base = f"{stem}.{ext}" if ext else stem
    return base


@contextmanager
def writing_to(store: FileStore, owner: str = SHARED) -> Iterator[None]:
    """Within this block, :func:`new_file` gives paths in ``owner``'s folder of ``store``."""
    token = _writing_to.set((store, owner))
    try:
        yield
    finally:
        _writing_to.reset(token)


def new_file(name: str) -> Path:
    """A fresh path for a file a component makes (a converted upload, a joined stream).

    While core runs the component for a session, the path is in that session's folder of
    the app's store, so it is served, and deleted with the session; anywhere else (a
    component used on its own) it is in a new temporary folder."""
    target = _writing_to.get()
    if target is None:
        return Path(tempfile.mkdtemp(prefix="rillet-")) / (Path(name).name or "file")
    store, owner = target
    return store.new_path(name, owner)


def keep_bytes(data: bytes, value: dict[str, Any]) -> Path:
    """``data`` stored as a new file named after ``value``'s ``orig_name``: in the session's
    folder of the store while core runs the component (as :func:`new_file`), else in a new
    temporary folder."""
    name = str(value.get("orig_name") or "file")
    target = _writing_to.get()
    if target is None:
        path = new_file(name)
        path.write_bytes(data)
        return path
    store, owner = target
    return store.put_bytes(data, name, owner)


def _is_inline_file_data(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and value.get("path") is None
        and isinstance(value.get("url"), str)
        and value["url"].startswith("data:")
        and (value.get("meta", {}) or {}).get("_type") == "gradio.FileData"
    )


def _data_url_bytes(url: str) -> bytes:
    """The bytes of a base64 ``data:`` URL; ValueError for anything else."""
    head, sep, body = url.partition(",")
    if not sep or not head.endswith(";base64"):
        raise ValueError("a file's data: URL must be base64")
    try:
        return base64.b64decode(body, validate=True)
    except binascii.Error as error:
        raise ValueError(f"a file's data: URL is not valid base64 ({error})") from error


def may_read(path: str | os.PathLike[str]) -> bool:
    """Whether a component may read ``path`` for an output while core runs it: the same rule
    as for returned files (the store, the working directory, the temporary directory,
    ``launch(allowed_paths=...)``, minus ``blocked_paths``). Outside a run, any path."""
    target = _writing_to.get()
    if target is None:
        return True
    store, resolved = target[0], Path(path).resolve()
    return store.holds(resolved) or store._may_read(resolved)


def check_readable(path: str | os.PathLike[str]) -> None:
    """:class:`FileRefused`, with the reason, if a component may not read ``path`` for
    an output (the rule of :func:`may_read`)."""
    target = _writing_to.get()
    if target is None:
        return
    store, resolved = target[0], Path(path).resolve()
    refusal = None if store.holds(resolved) else store.refusal(resolved)
    if refusal:
        raise FileRefused(f"The app returned {path}: {refusal}")


def resolve_outputs(value: Any, store: FileStore, root_url: str, owner: str = SHARED) -> Any:
    """``value`` with every :class:`FileOut` inside stored (in ``owner``'s folder) and
    replaced by ``FileData``."""
    if isinstance(value, FileOut):
        return store.file_data(value, root_url, owner)
    if isinstance(value, list):
        return [resolve_outputs(v, store, root_url, owner) for v in value]
    if isinstance(value, dict):
        return {k: resolve_outputs(v, store, root_url, owner) for k, v in value.items()}
    return value


def inline_file_data(out: FileOut) -> dict[str, Any]:
    """``FileData`` carrying ``out``'s bytes in a ``data:`` URL: for the frames of a live
    stream, which are shown once and replaced, so writing and fetching a file per frame
    would only add latency and disk use."""
    assert out.data is not None
    name = out.orig_name or "file"
    mime = out.mime_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
    return {
        "path": None,
        "url": f"data:{mime};base64,{base64.b64encode(out.data).decode()}",
        "size": len(out.data),
        "orig_name": name,
        "mime_type": mime,
        "is_stream": False,
        "meta": dict(FILE_META),
    }


def check_inputs(value: Any, store: FileStore) -> Any:
    """Refuse input ``FileData`` whose path the client may not name; make paths absolute.
    A ``FileData`` that carries its bytes in a ``data:`` URL instead of a path (a live
    stream's frame, sent inline, that the page now sends back as an input) is stored as a
    file first, as an upload would be."""
    if _is_inline_file_data(value):
        return {**value, "path": str(keep_bytes(_data_url_bytes(value["url"]), value)), "url": None}
    if is_file_data(value):
        path = store.servable(value["path"])
        store.touch(path)
        return {**value, "path": str(path)}
    if isinstance(value, list):
        return [check_inputs(v, store) for v in value]
    if isinstance(value, dict):
        return {k: check_inputs(v, store) for k, v in value.items()}
    return value
