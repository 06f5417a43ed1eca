"""``gr.FileExplorer``: a tree of the files under ``root_dir`` to pick from.

Only what lies under ``root_dir`` is ever listed, accepted or returned: a selection is a
list of path parts below it, and a part that is empty, ``.``, ``..``, holds a separator,
or names a hidden file (``.env``), or a path that resolves outside ``root_dir`` (through
a symlink), is refused. Symlinks are listed only when they point inside ``root_dir``;
linked folders are not followed (no loops).
"""

from __future__ import annotations

import copy
import fnmatch
import logging
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.core.contract import OutputStream, Run
from rillet.core.streams import DiffStream, is_update

#: Most entries the tree sent to the page lists (a ``root_dir`` of a whole disk stops here).
MAX_ENTRIES = 5000
FILE_COUNTS = ("single", "multiple")

log = logging.getLogger("rillet")


class FileExplorer(Component):
    """A tree of files to pick. Input: an absolute path (``file_count="single"``) or a
    list of them. Output: a path or a list of paths under ``root_dir`` (absolute, or
    relative to it) to show as selected.

    The tree is listed when the page's configuration is made (at the server's start),
    files matching ``glob`` and not ``ignore_glob`` (both matched against the full path,
    as Gradio does), with the folders that lead to them; at most :data:`MAX_ENTRIES`.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "select")

    def __init__(
        self,
        glob: str = "**/*",
        *,
        value: str | list[str] | Callable[..., Any] | None = None,
        file_count: Literal["single", "multiple"] = "multiple",
        root_dir: str | Path = ".",
        ignore_glob: str | None = None,
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        height: int | str | None = None,
        max_height: int | str | None = 500,
        min_height: int | str | None = None,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        buttons: Sequence[Any] | None = None,
    ) -> None:
        root = os.path.abspath(root_dir)
        if not os.path.exists(root):
            raise ValueError(f"The specified root_dir does not exist: {root_dir}")
        if not os.path.isdir(root):
            raise ValueError(f"The specified root_dir is not a directory: {root_dir}")
        if file_count not in FILE_COUNTS:
            raise ValueError(
                f"Invalid value for parameter `file_count`: {file_count}. "
                f"Please choose from one of: {list(FILE_COUNTS)}"
            )
        self.root_dir = root
        self.glob = glob
        self.ignore_glob = ignore_glob
        self.file_count = file_count
        self.height = height
        self.max_height = max_height
        self.min_height = min_height
        warn_unhonoured(
            self, every=every, inputs=inputs, preserved_by_key=preserved_by_key, buttons=buttons
        )
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            interactive=interactive,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    # ---- where a path may be ----

    def safe_path(self, parts: Sequence[Any]) -> str:
        """The absolute path of ``parts`` below ``root_dir``, or ValueError when it is not
        one the explorer may give (see the module's rule)."""
        if not isinstance(parts, (list, tuple)):
            raise ValueError("a selected file must be a list of path parts")
        for part in parts:
            if (
                not isinstance(part, str)
                or part in ("", ".", "..")
                or "/" in part
                or "\\" in part
                or "\0" in part
                or part.startswith(".")
            ):
                raise ValueError(f"{part!r} is not a file or folder name under root_dir")
        path = os.path.join(self.root_dir, *parts)
        real_root = os.path.realpath(self.root_dir)
        real = os.path.realpath(path)
        if real != real_root and not real.startswith(real_root.rstrip(os.sep) + os.sep):
            raise ValueError(f"{'/'.join(parts)} is not under root_dir")
        return path

    def _shown(self, full: str, is_file: bool) -> bool:
        if self.ignore_glob and fnmatch.fnmatch(full, self.ignore_glob):
            return False
        return not is_file or fnmatch.fnmatch(full, self.glob)

    def ls(self, subdirectory: list[str] | None = None) -> list[dict[str, Any]]:
        """Gradio's listing of one folder below ``root_dir`` (``subdirectory``: its parts):
        its folders, then its files, each ``{"name", "type": "file"|"folder", "valid"}``
        (valid: it matches ``glob``). Hidden names and links leading out are left out."""
        folder = self.safe_path(subdirectory or [])
        try:
            names = sorted(os.listdir(folder))
        except OSError:
            return []
        folders: list[dict[str, Any]] = []
        files: list[dict[str, Any]] = []
        for name in names:
            entry = self._entry(folder, name)
            if entry is not None:
                (files if entry["type"] == "file" else folders).append(entry)
        return folders + files

    def _entry(self, folder: str, name: str) -> dict[str, Any] | None:
        full = os.path.join(folder, name)
        if name.startswith("."):
            return None
        try:
            link = os.path.islink(full)
            is_file = not os.path.isdir(full)
            if link:
                self.safe_path(Path(os.path.relpath(full, self.root_dir)).parts)
                if not is_file:
                    return None  # linked folders are not followed
        except (OSError, ValueError):
            return None
        if not self._shown(full, is_file):
            return None
        valid = fnmatch.fnmatch(full, self.glob)
        return {"name": name, "type": "file" if is_file else "folder", "valid": valid}

    def tree(self) -> list[dict[str, Any]]:
        """The files to show, nested: ``{"name", "type", "children"?}``, folders kept only
        when they lead to a file shown; at most :data:`MAX_ENTRIES` entries looked at."""
        budget = [MAX_ENTRIES]
        nodes = self._subtree([], budget)
        if budget[0] <= 0:
            log.warning(
                "gr.FileExplorer: %s holds more than %d entries; the tree shows only the first",
                self.root_dir,
                MAX_ENTRIES,
            )
        return nodes

    def _subtree(self, parts: list[str], budget: list[int]) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for entry in self.ls(parts):
            if budget[0] <= 0:
                break
            budget[0] -= 1
            if entry["type"] == "file":
                if entry["valid"]:
                    out.append({"name": entry["name"], "type": "file"})
                continue
            children = self._subtree([*parts, entry["name"]], budget)
            if children:
                out.append({"name": entry["name"], "type": "folder", "children": children})
        return out

    # ---- values ----

    def preprocess(self, payload: Any) -> str | list[str] | None:
        """The selected files (lists of path parts below ``root_dir``) as absolute paths:
        one (or None) for ``file_count="single"``, a list otherwise."""
        if payload is None:
            return None
        if not isinstance(payload, list):
            raise ValueError("expected a list of selected files, each a list of path parts")
        paths = [self.safe_path(parts) for parts in payload]
        if self.file_count == "single":
            if len(paths) > 1:
                raise ValueError(f"Expected only one file, but {len(paths)} were selected.")
            return paths[0] if paths else None
        return paths

    def postprocess(self, value: Any) -> list[list[str]] | None:
        """A path or a list of paths under ``root_dir`` (absolute, or relative to it) as
        the selection: each a list of path parts. ValueError for a path outside it."""
        if value is None:
            return None
        values = [value] if isinstance(value, (str, Path)) else list(value)
        selection = []
        for item in values:
            if not isinstance(item, (str, Path)):
                raise ValueError(f"gr.FileExplorer: expected a path, got {type(item).__name__}")
            path = Path(item) if os.path.isabs(item) else Path(self.root_dir, item)
            try:
                parts = list(Path(os.path.normpath(path)).relative_to(self.root_dir).parts)
            except ValueError:
                raise ValueError(f"gr.FileExplorer: {item} is not under {self.root_dir}") from None
            self.safe_path(parts)
            selection.append(parts)
        return selection

    def output_stream(self, run: Run) -> OutputStream:
        """As any value, except that an update of ``glob`` or ``ignore_glob``
        (``return gr.FileExplorer(glob="*.txt")``) sends the tree listed again."""
        return _ExplorerStream(self)

    def relisted(self, update: dict[str, Any]) -> dict[str, Any]:
        """``update`` with the tree its ``glob``/``ignore_glob`` give. A new ``root_dir`` is
        left out, with a warning: the server reads selections under the app's
        ``root_dir``, the same for every session, so the page must keep showing that one."""
        out = dict(update)
        root = out.pop("root_dir", None)
        if root is not None and os.path.abspath(root) != self.root_dir:
            log.warning(
                "gr.FileExplorer: changing root_dir in an update is not supported by rillet "
                "(the explorer keeps %s)",
                self.root_dir,
            )
        if "glob" in out or "ignore_glob" in out:
            other = copy.copy(self)
            other.glob = out.get("glob", self.glob) or "**/*"
            other.ignore_glob = out.get("ignore_glob", self.ignore_glob)
            out["tree"] = other.tree()
        return out

    def api_info(self) -> dict[str, Any]:
        return {
            "items": {"items": {"type": "string"}, "type": "array"},
            "title": "FileExplorerData",
            "type": "array",
            "additional_description": None,
        }

    def example_payload(self) -> Any:
        return [["gradio", "app.py"]]

    def example_value(self) -> Any:
        return os.sep.join(["gradio", "app.py"])

    def api_python_type(self) -> str:
        return "list[str] | str"

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "glob": self.glob,
            "file_count": self.file_count,
            "root_dir": self.root_dir,
            "ignore_glob": self.ignore_glob,
            "height": self.height,
            "max_height": self.max_height,
            "min_height": self.min_height,
            "buttons": [],
            "server_fns": [],
            "tree": self.tree(),
        }


class _ExplorerStream(DiffStream):
    """Values as edits (:class:`DiffStream`); updates of the listing relisted first."""

    def __init__(self, block: FileExplorer) -> None:
        super().__init__(block.postprocess)
        self.block = block

    def prepare(self, value: Any) -> Any:
        if is_update(value) and {"glob", "ignore_glob", "root_dir"} & value.keys():
            value = self.block.relisted(value)
        return super().prepare(value)
