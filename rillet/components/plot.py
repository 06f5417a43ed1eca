"""``gr.Plot``: a figure made by a plotting library, shown as it is.

The payload is Gradio's ``PlotData``: ``{"type": "matplotlib" | "altair" | "plotly" |
"bokeh", "plot": ...}``. A matplotlib figure (or ``matplotlib.pyplot`` itself) travels as an
image data URL in ``format`` (``"webp"`` by default; ``"png"``, ``"svg"``, ``"jpeg"``...); an
altair chart as its Vega-Lite JSON, drawn by vega-embed in the page; a plotly figure as its
JSON (``fig.to_json()``), drawn by plotly.js in the page (loaded on the first one). Bokeh
figures travel as Gradio sends them, but the page does not draw them (it says so): bokeh's
library is not part of rillet's page.
"""

from __future__ import annotations

import base64
import io
import json
import warnings
from types import ModuleType
from typing import Any, ClassVar, Literal

from rillet.components._buttons import warn_unhonoured_buttons
from rillet.components._common import warn_unhonoured
from rillet.components.base import Component

#: Image formats whose data URL needs a MIME type other than ``image/<format>``.
_MIME = {"svg": "image/svg+xml", "jpg": "image/jpeg"}
#: Libraries whose figures the page cannot draw (it shows a note instead).
_NOT_DRAWN = ("bokeh",)


class Plot(Component):
    """A plot from matplotlib (an image), altair (Vega-Lite) or plotly (plotly.js), drawn
    in the page; a generator of figures updates it in place. Value: the figure object on
    output; the ``PlotData`` dict on input."""

    EVENTS: ClassVar[tuple[str, ...]] = ("change",)
    #: Rendering a figure to an image takes long enough to keep it off the event loop.
    heavy: ClassVar[bool] = True

    def __init__(
        self,
        value: Any | None = None,
        *,
        format: str = "webp",
        label: str | None = None,
        every: Any = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        buttons: list[Any] | None = None,
    ) -> None:
        self.format = format
        self.buttons = buttons
        self.preserved_by_key = preserved_by_key
        warn_unhonoured(self, every=every, inputs=inputs, preserved_by_key=preserved_by_key)
        warn_unhonoured_buttons(self, buttons, ())
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

    def preprocess(self, payload: Any) -> Any:
        """The ``PlotData`` dict as it is (Gradio gives the function the same)."""
        return payload

    def postprocess(self, value: Any) -> dict[str, Any] | None:
        """A figure as ``PlotData``: matplotlib as an image data URL (the figure is closed
        afterwards, as Gradio does), altair and plotly as their JSON, bokeh as its
        ``json_item``. A ``PlotData`` dict passes through."""
        if value is None:
            return None
        if isinstance(value, dict) and "type" in value and "plot" in value:
            return value
        module = value.__name__ if isinstance(value, ModuleType) else type(value).__module__
        if "matplotlib" in module:
            return {"type": "matplotlib", "plot": figure_data_url(value, self.format)}
        if "bokeh" in module:
            from bokeh.embed import json_item  # type: ignore[import-not-found, unused-ignore]

            self._warn_not_drawn("bokeh")
            return {"type": "bokeh", "plot": json.dumps(json_item(value))}
        kind = "altair" if "altair" in module else "plotly"
        return {"type": kind, "plot": value.to_json()}

    def _warn_not_drawn(self, library: str) -> None:
        if library not in _NOT_DRAWN:
            return
        warnings.warn(
            f"gr.Plot: {library} figures are sent as Gradio sends them but rillet's page does "
            "not draw them (use matplotlib, altair or plotly)",
            UserWarning,
            stacklevel=3,
        )

    def api_info(self) -> dict[str, Any]:
        return {
            "properties": {
                "type": {
                    "enum": ["altair", "bokeh", "plotly", "matplotlib"],
                    "title": "Type",
                    "type": "string",
                },
                "plot": {"title": "Plot", "type": "string"},
            },
            "required": ["type", "plot"],
            "title": "PlotData",
            "type": "object",
            "additional_description": None,
        }

    def api_python_type(self) -> str:
        return "dict(type: Literal['altair', 'bokeh', 'plotly', 'matplotlib'], plot: str)"

    def props(self) -> dict[str, Any]:
        props = super().props()
        for name in ("info", "interactive"):
            props.pop(name, None)
        return {
            **props,
            "show_label": True if self.show_label is None else self.show_label,
            "format": self.format,
            "key": self.key,
            "preserved_by_key": [self.preserved_by_key]
            if isinstance(self.preserved_by_key, str)
            else self.preserved_by_key,
            "buttons": [],
            "proxy_url": None,
            "name": "plot",
            "_selectable": False,
            "bokeh_version": None,
        }


def figure_data_url(figure: Any, fmt: str) -> str:
    """A matplotlib figure (or ``pyplot``'s current one) as a ``data:`` URL in ``fmt``;
    a ``Figure`` is closed once drawn, so a generator of figures does not pile them up."""
    fmt = fmt or "png"
    with io.BytesIO() as out:
        figure.savefig(out, format=fmt)
        data = out.getvalue()
    mime = _MIME.get(fmt.lower(), f"image/{fmt.lower()}")
    _close(figure)
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _close(figure: Any) -> None:
    try:
        import matplotlib.pyplot as plt  # type: ignore[import-not-found, unused-ignore]
        from matplotlib.figure import Figure  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        return
    if isinstance(figure, Figure):
        plt.close(figure)
