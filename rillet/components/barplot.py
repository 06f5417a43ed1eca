"""``gr.BarPlot``: a bar chart of a pandas ``DataFrame``, drawn with Vega-Lite."""

from __future__ import annotations

from typing import ClassVar

from rillet.components._nativeplot import NativePlot


class BarPlot(NativePlot):
    """A bar chart of the ``x`` and ``y`` columns of a pandas ``DataFrame`` (one
    series per value of ``color``). See :class:`NativePlot` for the arguments."""

    MARK: ClassVar[str] = "bar"
