"""``gr.Dataframe``: a table of values, shown, sorted, searched and (interactive) edited.

The payload is Gradio's ``DataframeData``: ``{"headers": [...], "data": [[...], ...],
"metadata": None | {"display_value": [[...]], "styling": [[...]]}}``. Values come from
pandas (and a pandas ``Styler``, whose cell styles and shown text travel as ``metadata``),
polars, numpy, a list of lists (or a flat list: one column), a ``{"data", "headers"}`` dict
or the path of a CSV file. pandas and polars are imported only when a value needs them.

When a generator yields a frame that is the last one plus rows at the end, only the new
rows travel (one ``add`` edit per row): see :class:`FrameDiffStream`.
"""

from __future__ import annotations

import datetime
import math
import warnings
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.core.contract import Run
from rillet.core.streams import DiffStream, is_update

Count = tuple[int, str]
TYPES = ("pandas", "numpy", "array", "polars")
DATATYPES = ("str", "number", "bool", "date", "markdown", "html", "image", "auto")
#: dtype names (as pandas and polars spell them, lower case, without sizes) by datatype.
_DTYPE_KINDS = (
    ("bool", "bool"),
    ("int", "number"),
    ("uint", "number"),
    ("float", "number"),
    ("decimal", "number"),
    ("datetime", "date"),
    ("date", "date"),
    ("timedelta", "date"),
    ("duration", "date"),
    ("timestamp", "date"),
)


class Dataframe(Component):
    """A table. Value: ``{"headers", "data", "metadata"}`` on the wire; a pandas
    ``DataFrame`` for the function by default (``type="numpy"``, ``"array"`` or
    ``"polars"`` for the others).

    Large frames are drawn a screenful at a time, so 100,000 rows scroll smoothly; a frame
    that grows at its end (a generator adding rows) sends only its new rows.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "input", "select", "edit")
    #: Converting a large frame takes long enough (100,000 rows: about 0.2 s) to keep it off
    #: the event loop.
    heavy: ClassVar[bool] = True

    def __init__(
        self,
        value: Any = None,
        *,
        headers: list[str] | None = None,
        row_count: int | tuple[int, str] | None = None,
        row_limits: tuple[int | None, int | None] | None = None,
        col_count: int | tuple[int, str] | None = None,
        column_count: int | tuple[int, str] | None = None,
        column_limits: tuple[int | None, int | None] | None = None,
        datatype: str | Sequence[str] = "str",
        type: Literal["pandas", "numpy", "array", "polars"] = "pandas",
        latex_delimiters: list[dict[str, str | bool]] | None = None,
        label: str | None = None,
        show_label: bool | None = None,
        every: Any = None,
        inputs: Any = None,
        max_height: int | str = 500,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        wrap: bool = False,
        line_breaks: bool = True,
        column_widths: list[str | int] | None = None,
        buttons: list[str] | None = None,
        show_row_numbers: bool = False,
        max_chars: int | None = None,
        show_search: Literal["none", "search", "filter"] = "none",
        pinned_columns: int | None = None,
        static_columns: list[int] | None = None,
    ) -> None:
        if type not in TYPES:
            raise ValueError(
                f"Invalid value for parameter `type`: {type}. "
                f"Please choose from one of: {list(TYPES)}"
            )
        if type == "polars":
            _require_polars()
        _warn_deprecated_counts(row_count, col_count)
        self.row_count = _count(row_count, 3)
        if column_count is None and col_count is not None:
            column_count = col_count
        self.column_count = self.col_count = _count(column_count, len(headers) if headers else 3)
        if headers is not None and len(headers) != self.column_count[0]:
            raise ValueError(
                "The length of the headers list must be equal to the column_count.\n"
                f"The column count is set to {self.column_count[0]} but `headers` has "
                f"{len(headers)} items. Check the values passed to `column_count` and `headers`."
            )
        self.row_limits = row_limits
        self.column_limits = column_limits
        self.headers = list(headers) if headers is not None else _numbered(self.column_count[0])
        self.type = type
        self.datatype: str | list[str] = (
            auto_datatype(value) if datatype == "auto" else _check_datatype(datatype)
        )
        if latex_delimiters is not None:
            warnings.warn(
                "gr.Dataframe: `latex_delimiters` has no effect in rillet (markdown cells "
                "do not render LaTeX)",
                UserWarning,
                stacklevel=2,
            )
        self.latex_delimiters = latex_delimiters or [{"left": "$$", "right": "$$", "display": True}]
        self.max_height = max_height
        self.wrap = wrap
        self.line_breaks = line_breaks
        self.column_widths = [_css_width(w) for w in column_widths or []]
        self.buttons = buttons
        self.show_row_numbers = show_row_numbers
        self.max_chars = max_chars
        if show_search not in ("none", "search", "filter"):
            raise ValueError(f"show_search must be 'none', 'search' or 'filter': {show_search!r}")
        self.show_search = show_search
        self.pinned_columns = pinned_columns
        self.static_columns = list(static_columns or [])
        self.preserved_by_key = preserved_by_key
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            scale=scale,
            min_width=min_width,
            interactive=interactive,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    # -- conversions -------------------------------------------------------------------

    def preprocess(self, payload: Any) -> Any:
        """The payload as a pandas/polars frame, a numpy array or a list of lists."""
        if payload is None:
            return None
        headers = payload.get("headers")
        data = payload.get("data") or []
        if data == [[]]:
            data = []
        if self.type == "array":
            return data
        if self.type == "numpy":
            import numpy as np

            return np.array(data)
        if self.type == "polars":
            pl = _require_polars()
            if headers is None:
                return pl.DataFrame(data)
            return pl.DataFrame(data, schema=list(headers), orient="row")
        pd = _require_pandas()
        if headers is None:
            return pd.DataFrame(data)
        return pd.DataFrame(data, columns=list(headers))

    def postprocess(self, value: Any) -> dict[str, Any]:
        """Any supported value as ``{"headers", "data", "metadata"}`` with JSON-safe cells
        (numpy scalars as numbers, NaN as null, dates as text)."""
        if _is_styler(value) and self.interactive:
            warnings.warn(
                "gr.Dataframe: a Styler is shown as a plain table when the Dataframe is "
                "interactive (its styles need a read-only table)",
                UserWarning,
                stacklevel=2,
            )
        headers, data, metadata = table_of(value)
        headers = headers or list(self.headers)
        if not data:
            return {"headers": [str(h) for h in headers], "data": [], "metadata": None}
        width = len(data[0])
        if len(headers) > width:
            headers = headers[:width]
        elif len(headers) < width:
            headers = [*headers, *_numbered(width)[len(headers) :]]
        return {"headers": [_cell(h) for h in headers], "data": data, "metadata": metadata}

    def api_info(self) -> dict[str, Any]:
        return {
            "properties": {
                "headers": {"items": {}, "title": "Headers", "type": "array"},
                "data": {
                    "items": {"items": {}, "type": "array"},
                    "title": "Data",
                    "type": "array",
                },
                "metadata": {
                    "anyOf": [
                        {
                            "additionalProperties": {
                                "anyOf": [{"items": {}, "type": "array"}, {"type": "null"}]
                            },
                            "type": "object",
                        },
                        {"type": "null"},
                    ],
                    "default": None,
                    "title": "Metadata",
                },
            },
            "required": ["headers", "data"],
            "title": "DataframeData",
            "type": "object",
            "additional_description": None,
        }

    def example_payload(self) -> Any:
        return {"headers": ["a", "b"], "data": [["foo", "bar"]]}

    def example_value(self) -> Any:
        return {"headers": ["a", "b"], "data": [["foo", "bar"]]}

    def api_python_type(self) -> str:
        return (
            "dict(headers: list[Any], data: list[list[Any]], "
            "metadata: dict(str, list[Any] | None) | None)"
        )

    def output_stream(self, run: Run) -> FrameDiffStream:
        """Edits against the last frame; rows added at the end travel alone."""
        return FrameDiffStream(self.postprocess, heavy=self.heavy)

    def props(self) -> dict[str, Any]:
        props = super().props()
        for name in ("info", "container"):
            props.pop(name, None)
        return {
            **props,
            "headers": self.headers,
            "row_count": list(self.row_count),
            "row_limits": self.row_limits,
            "col_count": list(self.col_count),
            "column_count": list(self.column_count),
            "column_limits": self.column_limits,
            "datatype": self.datatype,
            "type": self.type,
            "latex_delimiters": self.latex_delimiters,
            "max_height": self.max_height,
            "preserved_by_key": _as_list(self.preserved_by_key),
            "wrap": self.wrap,
            "line_breaks": self.line_breaks,
            "column_widths": self.column_widths,
            "buttons": self.buttons,
            "show_row_numbers": self.show_row_numbers,
            "max_chars": self.max_chars,
            "show_search": self.show_search,
            "pinned_columns": self.pinned_columns,
            "static_columns": self.static_columns,
        }


class RowsDiffStream(DiffStream):
    """Tables of rows (a Dataframe's or a native plot's payload) sent as edits against the
    last one. When the new table is the last one with rows added at its end (its
    :attr:`fixed` keys unchanged), the edits are one ``add`` per new row, found by
    comparing the old rows as a whole (fast) rather than cell by cell: the page appends
    them instead of drawing the table again.

    A pandas frame that grew at its end is also converted by its new rows only: the last
    frame prepared is kept (a copy, so changes made to it in place are seen) and compared
    with the new one's first rows, which costs far less than converting every cell again.
    """

    #: The payload's keys besides ``data``; rows are appended only while these stay.
    fixed: ClassVar[tuple[str, ...]] = ()

    def __init__(self, postprocess: Callable[[Any], Any], *, heavy: bool = False) -> None:
        # cells and points are plain JSON, never files: nothing to look for in a payload
        super().__init__(postprocess, heavy=heavy, holds_files=False)
        #: The last pandas frame prepared (a copy) and its payload.
        self._last: tuple[Any, dict[str, Any]] | None = None

    @classmethod
    def is_rows(cls, value: Any) -> bool:
        """Whether ``value`` is a payload that rows can be appended to."""
        return (
            isinstance(value, dict)
            and not is_update(value)
            and isinstance(value.get("data"), list)
            and all(k in value for k in cls.fixed)
        )

    @classmethod
    def appended(cls, old: Any, new: Any) -> list[list[Any]] | None:
        """The rows ``new`` adds at the end of ``old``, or None when it changes anything
        else."""
        if not (cls.is_rows(old) and cls.is_rows(new)):
            return None
        if any(old[k] != new[k] for k in cls.fixed):
            return None
        before, after = old["data"], new["data"]
        if len(after) < len(before) or after[: len(before)] != before:
            return None
        return list(after[len(before) :])

    def prepare(self, value: Any) -> Any:
        payload = self._grown(value)
        if payload is None:
            payload = super().prepare(value)
        keep = _is_pandas(value) and self.is_rows(payload)
        self._last = (value.copy(), payload) if keep else None
        return payload

    def _grown(self, value: Any) -> dict[str, Any] | None:
        """The payload of ``value`` made from the last one and its new rows, or None."""
        if self._last is None:
            return None
        frame, payload = self._last
        kept = grown_rows(frame, value)
        if kept is None:
            return None
        tail = self.postprocess(value.iloc[kept:])
        if not tail["data"]:
            return {**payload, "data": list(payload["data"])}
        if not self.is_rows(tail) or any(tail[k] != payload[k] for k in self.fixed):
            return None
        return {**payload, "data": [*payload["data"], *tail["data"]]}

    def commit(self, payload: Any) -> Any:
        old = self.value
        rows = self.appended(old, payload)
        if rows is None:
            return super().commit(payload)
        self.value = payload
        start = len(old["data"])
        return [["add", ["data", start + i], row] for i, row in enumerate(rows)]


class FrameDiffStream(RowsDiffStream):
    """A Dataframe's values as row appends while its headers stay and it has no styles."""

    fixed: ClassVar[tuple[str, ...]] = ("headers", "metadata")

    @classmethod
    def is_rows(cls, value: Any) -> bool:
        return super().is_rows(value) and value["metadata"] is None


def appended_rows(old: Any, new: Any) -> list[list[Any]] | None:
    """The rows ``new`` adds at the end of ``old`` (two frame payloads), or None when it
    changes anything else."""
    return FrameDiffStream.appended(old, new)


def grown_rows(last: Any, value: Any) -> int | None:
    """The number of rows of ``last`` when ``value`` is ``last`` with rows added at its end
    (two pandas frames: same columns, dtypes and index for those rows), else None."""
    if not (_is_pandas(last) and _is_pandas(value)):
        return None
    kept = len(last)
    if len(value) < kept or not value.columns.equals(last.columns):
        return None
    if not (value.dtypes == last.dtypes).all():
        return None
    return kept if value.iloc[:kept].equals(last) else None


# -- reading values ---------------------------------------------------------------------


def table_of(value: Any) -> tuple[list[Any], list[list[Any]], dict[str, Any] | None]:
    """Headers (empty when the value has none), JSON-safe rows and metadata of any value a
    Dataframe shows."""
    if value is None:
        return [], [], None
    if isinstance(value, dict):
        data = value.get("data") or []
        rows = [] if data == [[]] else _rows(data)
        return list(value.get("headers") or []), rows, value.get("metadata")
    if isinstance(value, str):
        value = _require_pandas().read_csv(value)
    if _is_styler(value):
        return _styler_table(value)
    if _is_pandas(value):
        return list(value.columns), _rows(value.to_numpy(dtype=object).tolist()), None
    if _is_polars(value):
        return list(value.columns), _rows(value.rows()), None
    if hasattr(value, "tolist") and hasattr(value, "ndim"):
        value = value.tolist()
    if isinstance(value, (list, tuple)):
        return [], _rows(value), None
    raise ValueError(f"Cannot process value of type {type(value)} in gr.Dataframe")


def _rows(data: Sequence[Any]) -> list[list[Any]]:
    """Rows of JSON-safe cells; a flat list is one column."""
    rows: list[list[Any]] = []
    for row in data:
        if isinstance(row, (list, tuple)):
            rows.append([_cell(c) for c in row])
        elif hasattr(row, "tolist") and getattr(row, "ndim", 0) >= 1:
            rows.append([_cell(c) for c in row.tolist()])
        else:
            rows.append([_cell(row)])
    return rows


_PLAIN = (str, int, bool)


def _cell(value: Any) -> Any:
    """One cell as JSON: numbers, text, booleans and null as they are; numpy scalars as
    Python ones; NaN and missing values as null; dates and anything else as text."""
    if value is None or isinstance(value, _PLAIN):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        return _missing_or(value, str)
    item = getattr(value, "item", None)
    if callable(item) and getattr(value, "ndim", 1) == 0:
        try:
            return _cell(item())
        except (TypeError, ValueError):
            pass
    return _missing_or(value, str)


def _missing_or(value: Any, convert: Callable[[Any], Any]) -> Any:
    """None for pandas' missing values (NaT, NA), else ``convert(value)``."""
    if type(value).__name__ in ("NaTType", "NAType"):
        return None
    return convert(value)


def _styler_table(styler: Any) -> tuple[list[Any], list[list[Any]], dict[str, Any] | None]:
    """A pandas Styler's frame (without hidden columns), with its shown text and cell styles
    as ``metadata`` (Gradio's ``display_value`` and ``styling``)."""
    frame = styler.data
    hidden = {int(c) for c in getattr(styler, "hidden_columns", [])}
    keep = [i for i in range(frame.shape[1]) if i not in hidden]
    shown = frame.iloc[:, keep]
    rows = _rows(shown.to_numpy(dtype=object).tolist())
    return list(shown.columns), rows, _styler_metadata(styler, hidden)


def _styler_metadata(styler: Any, hidden: set[int]) -> dict[str, Any] | None:
    """Each body cell's shown text and CSS from the Styler's rendering, or None (with a
    warning) when this pandas cannot give them."""
    try:
        translated = styler._compute()._translate(None, None)
    except (AttributeError, KeyError, TypeError, ValueError) as error:  # pandas internals
        warnings.warn(
            f"gr.Dataframe: the Styler's styles could not be read ({error}); the table is "
            "shown without them",
            UserWarning,
            stacklevel=3,
        )
        return None
    css: dict[str, str] = {}
    for style in translated.get("cellstyle", []):
        text = "; ".join(f"{prop}: {val}" for prop, val in style.get("props", []))
        for selector in style.get("selectors", []):
            css[selector] = text
    display: list[list[Any]] = []
    styling: list[list[str]] = []
    for row in translated.get("body", []):
        cells = [c for c in row if c.get("type") == "td"]
        cells = [c for i, c in enumerate(cells) if i not in hidden]
        display.append([_cell(c.get("display_value")) for c in cells])
        styling.append([css.get(c.get("id", ""), "") for c in cells])
    return {"display_value": display, "styling": styling}


def auto_datatype(value: Any) -> str | list[str]:
    """Gradio's ``datatype="auto"``: a datatype per column from the value's dtypes (or its
    first row's Python types); ``"str"`` when it cannot tell."""
    frame = value.data if _is_styler(value) else value
    if _is_pandas(frame) or _is_polars(frame):
        return [_kind(str(t)) for t in frame.dtypes]
    if hasattr(frame, "ndim") and hasattr(frame, "tolist"):
        if frame.ndim < 2 or frame.size == 0:
            return "str"
        return [_kind(type(v).__name__) for v in frame[0].tolist()]
    if isinstance(frame, list) and frame and isinstance(frame[0], (list, tuple)):
        return [_kind(type(v).__name__) for v in frame[0]]
    return "str"


def _kind(dtype: str) -> str:
    """A datatype for a dtype's name (``int64``, ``Float32``, ``datetime64[ns]``...)."""
    name = dtype.lower().split("[", 1)[0].split("(", 1)[0].rstrip("0123456789 ")
    for prefix, kind in _DTYPE_KINDS:
        if name == prefix or (prefix != "date" and name.startswith(prefix)):
            return kind
    return "str"


# -- arguments ---------------------------------------------------------------------------


def _count(count: int | tuple[int, str] | list[Any] | None, default: int) -> Count:
    """Gradio's ``(n, "fixed" | "dynamic")`` from a count or such a pair."""
    if count is None:
        return (default, "dynamic")
    if isinstance(count, (int, float)):
        return (int(count), "dynamic")
    n, mode = count
    if mode not in ("fixed", "dynamic"):
        raise ValueError(f"a count's mode must be 'fixed' or 'dynamic': {mode!r}")
    return (int(n), mode)


def _warn_deprecated_counts(row_count: Any, col_count: Any) -> None:
    """Gradio 6's warnings for its older forms of the counts (still honoured here)."""
    if isinstance(row_count, tuple):
        warnings.warn(
            "gr.Dataframe: `row_count` as a (count, mode) tuple is deprecated; pass "
            "`row_count=n` and `row_limits=(min, max)`",
            DeprecationWarning,
            stacklevel=3,
        )
    if col_count is not None:
        warnings.warn(
            "gr.Dataframe: `col_count` is deprecated; use `column_count` (and "
            "`column_limits`) instead",
            DeprecationWarning,
            stacklevel=3,
        )


def _check_datatype(datatype: str | Sequence[str]) -> str | list[str]:
    kinds = [datatype] if isinstance(datatype, str) else list(datatype)
    for kind in kinds:
        if kind not in DATATYPES:
            raise ValueError(f"gr.Dataframe: unknown datatype {kind!r}; one of {DATATYPES}")
    return datatype if isinstance(datatype, str) else kinds


def _css_width(width: str | int) -> str:
    """A column width as CSS: numbers are pixels; ``px``, ``%`` and ``auto`` kept."""
    if isinstance(width, str) and (width.endswith(("px", "%")) or width == "auto"):
        return width
    return f"{width}px"


def _numbered(n: int) -> list[str]:
    return [str(i) for i in range(1, n + 1)]


def _as_list(value: list[str] | str | None) -> list[str] | None:
    return [value] if isinstance(value, str) else value


def _module_of(value: Any) -> str:
    return type(value).__module__.split(".", 1)[0]


def _is_pandas(value: Any) -> bool:
    return _module_of(value) == "pandas" and type(value).__name__ == "DataFrame"


def is_pandas_frame(value: Any) -> bool:
    """Whether ``value`` is a pandas ``DataFrame`` (without importing pandas)."""
    return _is_pandas(value)


def _is_styler(value: Any) -> bool:
    return _module_of(value) == "pandas" and type(value).__name__ == "Styler"


def _is_polars(value: Any) -> bool:
    return _module_of(value) == "polars" and type(value).__name__ == "DataFrame"


def _require_pandas() -> Any:
    try:
        import pandas  # type: ignore[import-untyped, unused-ignore]
    except ImportError as error:
        raise ImportError(
            "gr.Dataframe needs pandas for this (type='pandas' or a CSV file): pip install pandas"
        ) from error
    return pandas


def _require_polars() -> Any:
    try:
        import polars  # type: ignore[import-not-found, unused-ignore]
    except ImportError as error:
        raise ImportError(
            "Polars is not installed. Please install using `pip install polars`."
        ) from error
    return polars
