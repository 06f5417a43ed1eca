"""``gr.ScatterPlot``: one point per row of a pandas ``DataFrame``, drawn with Vega-Lite."""

from __future__ import annotations

from typing import ClassVar

from rillet.components._nativeplot import NativePlot


class ScatterPlot(NativePlot):
    """One point per row at its ``x`` and ``y`` columns of a pandas ``DataFrame`` (one
    colour per value of ``color``). See :class:`NativePlot` for the arguments."""

    MARK: ClassVar[str] = "point"
