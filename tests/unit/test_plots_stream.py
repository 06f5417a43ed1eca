"""A pandas frame that grows at its end, streamed into a native plot: converted by its new
rows only and sent as ``add`` edits; a changed frame is converted and sent whole."""

from __future__ import annotations

from typing import Any

import pytest

from rillet.components._nativeplot import PlotDiffStream
from rillet.components.lineplot import LinePlot

pd = pytest.importorskip("pandas")


def frame(n: int) -> Any:
    start = pd.Timestamp("2026-01-01")
    return pd.DataFrame(
        {
            "t": [start + pd.Timedelta(seconds=i) for i in range(n)],
            "y": [float(i % 7) for i in range(n)],
            "run": ["a" if i % 2 else "b" for i in range(n)],
        }
    )


class Recorded:
    """A LinePlot's postprocess that notes how many rows each call converts."""

    def __init__(self) -> None:
        self.plot = LinePlot(x="t", y="y", color="run")
        self.sizes: list[int] = []

    def __call__(self, value: Any) -> Any:
        self.sizes.append(len(value))
        return self.plot.postprocess(value)


def test_a_grown_frame_is_converted_by_its_new_rows_only():
    convert = Recorded()
    stream = PlotDiffStream(convert)
    stream.commit(stream.prepare(frame(500)))
    payload = stream.prepare(frame(510))
    assert convert.sizes == [500, 10]
    assert payload == convert.plot.postprocess(frame(510))
    edits = stream.commit(payload)
    assert [e[:2] for e in edits] == [["add", ["data", 500 + k]] for k in range(10)]
    # dates travel as milliseconds since the epoch
    assert edits[0][2][0] == pd.Timestamp("2026-01-01 00:08:20").value // 1_000_000


def test_a_changed_frame_is_converted_whole():
    convert = Recorded()
    stream = PlotDiffStream(convert)
    data = frame(30)
    stream.commit(stream.prepare(data))
    data.loc[3, "y"] = 99.0
    payload = stream.prepare(data)
    assert convert.sizes == [30, 30]
    assert payload["data"][3][1] == 99.0
    assert stream.commit(payload) == [["replace", ["data", 3, 1], 99.0]]


def test_new_columns_are_not_a_growth():
    convert = Recorded()
    stream = PlotDiffStream(convert)
    stream.commit(stream.prepare(frame(10)))
    wider = frame(12).assign(z=1)
    payload = stream.prepare(wider)
    assert convert.sizes == [10, 12]
    assert payload["columns"] == ["t", "y", "run", "z"]
