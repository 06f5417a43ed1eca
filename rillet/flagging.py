"""Flagging: keep the inputs and outputs a user marks, one CSV row each (``gr.CSVLogger``).

A flagging callback is set up once with the components whose values it logs and a folder,
then called with one value per component each time something is flagged::

    callback = gr.CSVLogger()
    callback.setup([img_input, strength, img_output], "flagged_data_points")
    btn.click(lambda *args: callback.flag(list(args)), [img_input, strength, img_output],
              None, preprocess=False)

Values are the components' payloads (what ``preprocess=False`` hands a function): files
they name (``FileData``) are copied into the folder, under a sub-folder named after the
component's label, and the row holds the copy's path. As in Gradio 6.31:

- :class:`CSVLogger` writes ``dataset1.csv`` with a header row (the labels, then "flag" and
  "username" when the first flag gave them, then "timestamp"); when the labels change, the
  next number (``dataset2.csv``) is started.
- :class:`ClassicCSVLogger` writes ``log.csv`` with the labels, "flag", "username",
  "timestamp" always.
- :class:`SimpleCSVLogger` writes ``log.csv`` rows without a header.

Cells a spreadsheet would run as a formula get a leading quote (CSV injection).
"""

from __future__ import annotations

import csv
import datetime
import json
import re
import secrets
import shutil
import threading
from abc import ABC, abstractmethod
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["CSVLogger", "ClassicCSVLogger", "FlaggingCallback", "SimpleCSVLogger"]

#: Characters a file name may not hold (path separators, controls, shell specials).
_UNSAFE_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f`$!{}]')
#: What a cell may not start with, and may not hold after a comma: a spreadsheet would
#: read it as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\n")
#: A ``FileData``'s fields in Gradio's order, with their defaults (a copy is logged whole).
_FILE_DATA_FIELDS: dict[str, Any] = {
    "path": None,
    "url": None,
    "size": None,
    "orig_name": None,
    "mime_type": None,
    "is_stream": False,
    "meta": {"_type": "gradio.FileData"},
}


class FlaggingCallback(ABC):
    """What every flagging callback has: :meth:`setup` once, then :meth:`flag` per flag."""

    @abstractmethod
    def setup(self, components: Sequence[Any], flagging_dir: str | Path) -> None:
        """Remember the ``components`` whose values :meth:`flag` logs, and where."""

    @abstractmethod
    def flag(
        self, flag_data: list[Any], flag_option: str | None = None, username: str | None = None
    ) -> int:
        """Log one value per component (``flag_data``), with the option pressed and the
        user logged in, if any. Returns how many samples have been flagged so far."""


class CSVLogger(FlaggingCallback):
    """Gradio's default flagging callback: each flag is a row of ``dataset<N>.csv`` in the
    flagging folder, under a header of the components' labels.

    ``simplify_file_data``: a file is written as its path, not as its whole ``FileData``.
    ``verbose``: say which dataset file is used. ``dataset_file_name``: that file's name,
    instead of the next free ``dataset<N>.csv``. Safe to call from several threads."""

    def __init__(
        self,
        simplify_file_data: bool = True,
        verbose: bool = True,
        dataset_file_name: str | None = None,
    ) -> None:
        self.simplify_file_data = simplify_file_data
        self.verbose = verbose
        self.dataset_file_name = dataset_file_name
        self.lock = threading.Lock()
        self.components: Sequence[Any] = ()
        self.flagging_dir = Path(".")
        self.dataset_filepath: Path | None = None
        self.first_time = True

    def setup(self, components: Sequence[Any], flagging_dir: str | Path) -> None:
        """Remember the components and the folder; the dataset file is chosen (and the
        folder made) at the first :meth:`flag`, whose arguments decide its columns."""
        self.components = list(components)
        self.flagging_dir = Path(flagging_dir)
        self.dataset_filepath = None
        self.first_time = True

    def flag(
        self, flag_data: list[Any], flag_option: str | None = None, username: str | None = None
    ) -> int:
        """Append one row: each component's value (files copied into the folder), then
        ``flag_option`` and ``username`` when given, then the time. Returns the number of
        rows under the header."""
        with self.lock:
            if self.dataset_filepath is None:
                extra = ["flag"] * (flag_option is not None) + ["username"] * (username is not None)
                self.dataset_filepath = self._dataset_file(extra)
                self.first_time = False
            row = _cells(self.components, flag_data, self.flagging_dir, self.simplify_file_data)
            row += [x for x in (flag_option, username) if x is not None]
            row.append(str(datetime.datetime.now()))
            return _append_row(self.dataset_filepath, row)

    def _dataset_file(self, extra_headers: list[str]) -> Path:
        """The file rows go to, made with its header row if new: ``dataset_file_name``, or
        the newest ``dataset<N>.csv`` when its header is this one, else the next number."""
        self.flagging_dir.mkdir(parents=True, exist_ok=True)
        headers = _sanitized([*_headers(self.components), *extra_headers, "timestamp"])
        path = (
            self.flagging_dir / self.dataset_file_name
            if self.dataset_file_name
            else _numbered_file(self.flagging_dir, headers)
        )
        if path.exists():
            if self.verbose:
                print("Using existing dataset file at:", path)
            return path
        with path.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerow(headers)
        if self.verbose:
            print("Created dataset file at:", path)
        return path


class _LogCSV(FlaggingCallback):
    """A callback appending rows to ``log.csv`` in its folder, one writer at a time."""

    def __init__(self) -> None:
        self.components: Sequence[Any] = ()
        self.flagging_dir = Path(".")
        self._lock = threading.Lock()

    def setup(self, components: Sequence[Any], flagging_dir: str | Path) -> None:
        """Remember the components, and make the folder."""
        self.components = list(components)
        self.flagging_dir = Path(flagging_dir)
        self.flagging_dir.mkdir(parents=True, exist_ok=True)


class ClassicCSVLogger(_LogCSV):
    """Gradio 4's flagging callback: rows in ``log.csv`` with the labels, "flag",
    "username" and "timestamp" columns, always."""

    def __init__(self, simplify_file_data: bool = True) -> None:
        super().__init__()
        self.simplify_file_data = simplify_file_data

    def flag(
        self, flag_data: list[Any], flag_option: str | None = None, username: str | None = None
    ) -> int:
        """Append a row (and the header first, to a new file); the number of rows."""
        path = self.flagging_dir / "log.csv"
        row = _cells(self.components, flag_data, self.flagging_dir, self.simplify_file_data)
        row += [flag_option, username if username is not None else ""]
        row.append(str(datetime.datetime.now()))
        with self._lock:
            if not path.exists():
                headers = [*_headers(self.components), "flag", "username", "timestamp"]
                _append_row(path, headers)
            return _append_row(path, row)


class SimpleCSVLogger(_LogCSV):
    """The smallest flagging callback: rows of the values in ``log.csv``, no header."""

    def flag(
        self,
        flag_data: list[Any],
        flag_option: str | None = None,  # not logged, as in Gradio
        username: str | None = None,
    ) -> int:
        """Append a row of the values; the number of rows after the first."""
        row = _cells(self.components, flag_data, self.flagging_dir, simplify=False)
        with self._lock:
            return _append_row(self.flagging_dir / "log.csv", row)


def _headers(components: Sequence[Any]) -> list[str]:
    """Each component's label, or ``component <index>`` for one without."""
    return [_label(c, i) for i, c in enumerate(components)]


def _label(component: Any, index: int) -> str:
    return str(getattr(component, "label", None) or f"component {index}")


def _cells(
    components: Sequence[Any], values: Sequence[Any], folder: Path, simplify: bool
) -> list[Any]:
    """One cell per component with a value (extra values, or components, are left out)."""
    return [
        _cell(value, folder / _folder_name(_label(component, i), i), simplify)
        for i, (component, value) in enumerate(zip(components, values, strict=False))
    ]


def _cell(value: Any, folder: Path, simplify: bool) -> Any:
    """A value as a CSV cell: "" for None; an update dict as its ``str``; else text as it
    is and anything else as JSON, files it names copied into ``folder`` first (and, with
    ``simplify``, written as the copy's path only)."""
    if value is None:
        return ""
    if isinstance(value, dict) and "update" in str(value.get("__type__", "")):
        return str(value)
    value = _copy_files(value, folder)
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    return _simplified(text) if simplify else text


def _copy_files(value: Any, folder: Path) -> Any:
    """``value`` with each ``FileData`` in it pointing at a copy of its file, each copy
    in a fresh sub-folder of ``folder`` (files of the same name do not overwrite)."""
    if _is_file_data(value):
        target = folder / secrets.token_hex(10)
        target.mkdir(parents=True, exist_ok=True)
        copied = {**_FILE_DATA_FIELDS, **value, "path": shutil.copy(value["path"], target)}
        return {k: copied[k] for k in (*_FILE_DATA_FIELDS, *value)}
    if isinstance(value, list | tuple):
        return [_copy_files(v, folder) for v in value]
    if isinstance(value, dict):
        return {k: _copy_files(v, folder) for k, v in value.items()}
    return value


def _is_file_data(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and isinstance(value.get("path"), str)
        and (value.get("meta") or {}).get("_type") == "gradio.FileData"
    )


def _simplified(text: str) -> str:
    """JSON ``text`` with each ``FileData`` replaced by its path (a lone file: the path)."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    value = _paths_only(value)
    return value if isinstance(value, str) else json.dumps(value)


def _paths_only(value: Any) -> Any:
    if _is_file_data(value):
        return value["path"]
    if isinstance(value, list):
        return [_paths_only(v) for v in value]
    if isinstance(value, dict):
        return {k: _paths_only(v) for k, v in value.items()}
    return value


def _folder_name(label: str, index: int) -> str:
    """A label as one safe folder name (never a path, never ``..``)."""
    name = _UNSAFE_NAME.sub("", label).rstrip(" .")
    return name if name not in ("", ".", "..") else f"component {index}"


def _sanitized(cells: list[Any]) -> list[Any]:
    """Cells a spreadsheet will not run: numbers as they are, JSON normalised, text that
    would start a formula (at its start or after a comma) with a leading quote."""
    return [_safe_cell(c) for c in cells]


def _safe_cell(cell: Any) -> Any:
    if isinstance(cell, bool) or not isinstance(cell, int | float):
        cell = cell if isinstance(cell, str) else str(cell)
    else:
        return cell
    if cell.startswith(("{", "[")):
        try:
            return json.dumps(json.loads(cell))
        except ValueError:
            pass
    if cell.startswith(_FORMULA_STARTS) or any("," + s in cell for s in _FORMULA_STARTS):
        return "'" + cell
    return cell


def _append_row(path: Path, row: list[Any]) -> int:
    """Append ``row`` (sanitized) to the CSV file ``path``; its number of rows after the
    first (the header, in files that have one)."""
    with path.open("a", newline="", encoding="utf-8") as out:
        csv.writer(out).writerow(_sanitized(row))
    with path.open(newline="", encoding="utf-8") as source:
        return sum(1 for _ in csv.reader(source)) - 1


def _numbered_file(folder: Path, headers: list[Any]) -> Path:
    """The newest ``dataset<N>.csv`` in ``folder`` when its header is ``headers``, else
    the next number (``dataset1.csv`` in a new folder)."""
    numbered = [(int(m.group(1)), p) for p in folder.glob("dataset*.csv") if (m := _number_in(p))]
    if not numbered:
        return folder / "dataset1.csv"
    number, newest = max(numbered)
    with newest.open(newline="", encoding="utf-8") as source:
        existing = next(csv.reader(source), None)
    return newest if existing == headers else folder / f"dataset{number + 1}.csv"


def _number_in(path: Path) -> re.Match[str] | None:
    """The first number in a dataset file's name."""
    return re.search(r"(\d+)", path.stem)
