"""What ``gr.LinePlot``, ``gr.ScatterPlot`` and ``gr.BarPlot`` share: Gradio's arguments,
the conversion of a pandas ``DataFrame`` to the plot payload and the stream of a growing one.

The payload is Gradio's ``PlotData``: ``{"columns": [...], "data": [[...], ...],
"datatypes": {column: "quantitative" | "nominal" | "temporal"}, "mark": "line" | "point" |
"bar"}``; dates travel as milliseconds since the epoch. The page draws it with Vega-Lite
(``nativeplot.js``). When a generator yields a frame that is the last one plus rows at its
end, only the new rows travel (``add`` edits) and the page inserts them into the drawn view.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.components.dataframe import RowsDiffStream
from rillet.core import spec as specs
from rillet.core.contract import Run

AGGREGATES = ("sum", "mean", "median", "min", "max", "count")
SORTS = ("x", "y", "-x", "-y")
TOOLTIPS = ("axis", "none", "all")
#: The corner buttons the page draws for a plot.
HONOURED_BUTTONS = ("fullscreen", "export")


class NativePlot(Component):
    """A Vega-Lite chart of a pandas ``DataFrame``: ``x`` and ``y`` name its columns,
    ``color`` splits it into series. Value: a ``DataFrame`` in, ``PlotData`` on the wire.

    ``.select`` fires when a range of x is brushed (``SelectData.index`` is ``[min, max]``),
    ``.double_click`` when the plot is double-clicked (Gradio zooms back out there).
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "select", "double_click")
    #: Converting a large frame takes long enough to keep it off the event loop.
    heavy: ClassVar[bool] = True
    #: Vega-Lite's mark for this kind of plot (subclasses set it).
    MARK: ClassVar[str] = "point"

    def __init__(
        self,
        value: Any = None,
        x: str | None = None,
        y: str | None = None,
        *,
        color: str | None = None,
        title: str | None = None,
        x_title: str | None = None,
        y_title: str | None = None,
        color_title: str | None = None,
        x_bin: str | float | None = None,
        y_aggregate: Literal["sum", "mean", "median", "min", "max", "count"] | None = None,
        color_map: dict[str, str] | None = None,
        colors_in_legend: list[str] | None = None,
        x_lim: list[float | None] | None = None,
        y_lim: list[float | None] | None = None,
        x_label_angle: float = 0,
        y_label_angle: float = 0,
        x_axis_format: str | None = None,
        y_axis_format: str | None = None,
        x_axis_labels_visible: bool | Literal["hidden"] = True,
        caption: str | None = None,
        sort: Literal["x", "y", "-x", "-y"] | list[str] | None = None,
        tooltip: Literal["axis", "none", "all"] | list[str] = "axis",
        height: int | None = None,
        label: str | None = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        every: Any = None,
        inputs: Any = None,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        buttons: list[Any] | None = None,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
    ) -> None:
        _warn_unknown(self, "y_aggregate", y_aggregate, AGGREGATES)
        _warn_unknown(self, "sort", sort, SORTS)
        _warn_unknown(self, "tooltip", tooltip, TOOLTIPS)
        self.x = x
        self.y = y
        self.color = color
        self.title = title
        self.x_title = x_title
        self.y_title = y_title
        self.color_title = color_title
        self.x_bin = x_bin
        self.y_aggregate = y_aggregate
        self.color_map = color_map
        self.colors_in_legend = colors_in_legend
        self.x_lim = x_lim
        self.y_lim = y_lim
        self.x_label_angle = x_label_angle
        self.y_label_angle = y_label_angle
        self.x_axis_format = x_axis_format
        self.y_axis_format = y_axis_format
        self.x_axis_labels_visible = x_axis_labels_visible
        self.caption = caption
        self.sort = sort
        self.tooltip = tooltip
        self.height = height
        self.buttons = buttons
        self.preserved_by_key = preserved_by_key
        self._selectable = False
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        warn_unhonoured_buttons(self, buttons, HONOURED_BUTTONS)
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )
        #: The app this plot was made in: a ``gr.on([plot.select], ...)`` there makes it
        #: selectable too (that listener does not go through :meth:`_listen`).
        self._app = specs.current_spec()

    def selectable(self) -> bool:
        """Whether the app listens to this plot's ``.select`` (Gradio's ``_selectable``): the
        page lets a range of x be brushed only then."""
        if self._selectable:
            return True
        app = self._app
        return app is not None and any(
            (self._id, "select") in [tuple(t) for t in dep.targets] for dep in app.dependencies
        )

    def get_block_name(self) -> str:
        """Gradio's: all three native plots are ``"nativeplot"`` (drawn by nativeplot.js)."""
        return "nativeplot"

    def get_mark(self) -> str:
        """Vega-Lite's mark: ``"line"``, ``"point"`` or ``"bar"``."""
        return self.MARK

    def _listen(
        self,
        event: str,
        fn: Callable[..., Any] | Literal["decorator"] | None,
        inputs: Any,
        outputs: Any,
        **options: Any,
    ) -> Any:
        if event == "select":
            self._selectable = True
        return super()._listen(event, fn, inputs, outputs, **options)

    # -- conversions -------------------------------------------------------------------

    def preprocess(self, payload: Any) -> Any:
        """The payload as it is (Gradio gives the function the ``PlotData``)."""
        return payload

    def postprocess(self, value: Any) -> Any:
        """A pandas ``DataFrame`` as ``PlotData``; None and a dict (an update, or a payload
        already) pass through."""
        if value is None or isinstance(value, dict):
            return value
        return plot_data(value, self.get_mark())

    def api_info(self) -> dict[str, Any]:
        return {"type": {}, "description": "any valid json"}

    def example_payload(self) -> Any:
        return None

    def example_value(self) -> Any:
        """None: the ``example_input`` Gradio's ``/info`` gives for a plot."""
        return None

    def api_python_type(self) -> str:
        return "str | float | bool | list | dict"

    def output_stream(self, run: Run) -> PlotDiffStream:
        """Edits against the last frame; rows added at the end travel alone."""
        return PlotDiffStream(self.postprocess, heavy=self.heavy)

    def props(self) -> dict[str, Any]:
        props = super().props()
        for name in ("info", "interactive"):
            props.pop(name, None)
        return {
            **props,
            "show_label": False if self.show_label is None else self.show_label,
            "x": self.x,
            "y": self.y,
            "color": self.color,
            "title": self.title,
            "x_title": self.x_title,
            "y_title": self.y_title,
            "color_title": self.color_title,
            "x_bin": self.x_bin,
            "y_aggregate": self.y_aggregate,
            "color_map": self.color_map,
            "colors_in_legend": self.colors_in_legend,
            "x_lim": self.x_lim,
            "y_lim": self.y_lim,
            "x_label_angle": self.x_label_angle,
            "y_label_angle": self.y_label_angle,
            "x_axis_format": self.x_axis_format,
            "y_axis_format": self.y_axis_format,
            "x_axis_labels_visible": self.x_axis_labels_visible,
            "caption": self.caption,
            "sort": self.sort,
            "tooltip": self.tooltip,
            "height": self.height,
            "buttons": [b for b in self.buttons or [] if isinstance(b, str)],
            "key": self.key,
            "preserved_by_key": _as_list(self.preserved_by_key),
            "proxy_url": None,
            "name": type(self).__name__.lower(),
            "_selectable": self.selectable(),
        }


def plot_data(frame: Any, mark: str) -> dict[str, Any]:
    """``PlotData`` for a pandas ``DataFrame``: its columns, its rows as JSON (dates in
    milliseconds, NaN as null), each column's Vega-Lite type and the mark."""
    if not (hasattr(frame, "to_json") and hasattr(frame, "dtypes")):
        raise ValueError(
            f"A native plot's value must be a pandas DataFrame, not {type(frame).__name__}"
        )
    datatypes = {str(name): datatype(frame[name].dtype) for name in frame.columns}
    split = json.loads(_dates_as_ms(frame).to_json(orient="split"))
    return {
        "columns": split["columns"],
        "data": split["data"],
        "datatypes": datatypes,
        "mark": mark,
    }


def _dates_as_ms(frame: Any) -> Any:
    """``frame`` with its date columns as integer milliseconds since the epoch (UTC; a
    missing date as null), as Vega-Lite reads them."""
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    dates = [c for c in frame.columns if pd.api.types.is_datetime64_any_dtype(frame[c].dtype)]
    if not dates:
        return frame
    frame = frame.copy()
    for name in dates:
        series = frame[name]
        since = series - pd.Timestamp(0, tz=series.dt.tz)
        frame[name] = (since / pd.Timedelta(milliseconds=1)).round().astype("Int64")
    return frame


def datatype(dtype: Any) -> str:
    """Vega-Lite's type for a pandas dtype: numbers are quantitative, text and categories
    nominal, dates temporal."""
    import pandas as pd  # type: ignore[import-untyped, unused-ignore]

    types = pd.api.types
    if types.is_numeric_dtype(dtype):
        return "quantitative"
    if types.is_string_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
        return "nominal"
    if types.is_datetime64_any_dtype(dtype):
        return "temporal"
    raise ValueError(f"Unsupported data type: {dtype}")


class PlotDiffStream(RowsDiffStream):
    """A native plot's values as point appends while its columns, types and mark stay:
    the page inserts the new points into the drawn chart instead of drawing it again."""

    fixed: ClassVar[tuple[str, ...]] = ("columns", "datatypes", "mark")


def _warn_unknown(block: object, name: str, value: Any, known: tuple[str, ...]) -> None:
    """Gradio accepts any text here (and its page ignores what it does not know): warn."""
    if isinstance(value, str) and value not in known:
        warnings.warn(
            f"gr.{type(block).__name__}: `{name}={value!r}` is not one of {known}; ignored",
            UserWarning,
            stacklevel=4,
        )


def _as_list(value: list[str] | str | None) -> list[str] | None:
    return [value] if isinstance(value, str) else value
