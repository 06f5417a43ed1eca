"""A pandas frame that grows at its end, streamed into a Dataframe: converted by its new
rows only (the last frame kept and compared), sent as one ``add`` per new row, and any
other change (in place too) seen and sent whole."""

from __future__ import annotations

from typing import Any

import pytest

from rillet.components.dataframe import Dataframe, FrameDiffStream, grown_rows

pd = pytest.importorskip("pandas")


def frame(n: int) -> Any:
    return pd.DataFrame(
        {"i": range(n), "x": [i / 4 for i in range(n)], "s": [f"r{i}" for i in range(n)]}
    )


class Recorded:
    """A Dataframe's postprocess that notes how many rows each call converts."""

    def __init__(self) -> None:
        self.table = Dataframe()
        self.sizes: list[int] = []

    def __call__(self, value: Any) -> Any:
        self.sizes.append(len(getattr(value, "data", value)))
        return self.table.postprocess(value)


def test_a_grown_frame_is_converted_by_its_new_rows_only():
    convert = Recorded()
    stream = FrameDiffStream(convert)
    stream.commit(stream.prepare(frame(1000)))
    payload = stream.prepare(frame(1010))
    assert convert.sizes == [1000, 10]
    assert payload == Dataframe().postprocess(frame(1010))
    edits = stream.commit(payload)
    assert [e[:2] for e in edits] == [["add", ["data", 1000 + k]] for k in range(10)]
    assert edits[0][2] == [1000, 250.0, "r1000"]


def test_the_same_frame_again_converts_nothing_and_sends_nothing():
    convert = Recorded()
    stream = FrameDiffStream(convert)
    stream.commit(stream.prepare(frame(50)))
    again = stream.prepare(frame(50))
    assert convert.sizes == [50, 0]
    assert again["data"] == Dataframe().postprocess(frame(50))["data"]
    assert stream.commit(again) == []


def test_a_frame_changed_in_place_is_seen():
    convert = Recorded()
    stream = FrameDiffStream(convert)
    data = frame(20)
    stream.commit(stream.prepare(data))
    data.loc[5, "s"] = "changed"
    payload = stream.prepare(data)
    assert convert.sizes == [20, 20]
    assert payload["data"][5] == [5, 1.25, "changed"]
    assert stream.commit(payload) == [["replace", ["data", 5, 2], "changed"]]


@pytest.mark.parametrize(
    "change",
    [
        lambda f: f.iloc[:5],  # shorter
        lambda f: f.rename(columns={"s": "t"}),  # a column renamed
        lambda f: f.astype({"i": "float64"}),  # a dtype changed
        lambda f: f.set_axis(range(100, 100 + len(f))),  # another index
        lambda f: f.iloc[::-1],  # reordered
    ],
)
def test_anything_but_rows_at_the_end_is_not_a_growth(change):
    old = frame(10)
    assert grown_rows(old, change(frame(12))) is None
    assert grown_rows(old, frame(12)) == 10
    assert grown_rows(old, [[1]]) is None


def test_styled_and_other_values_are_converted_whole():
    convert = Recorded()
    stream = FrameDiffStream(convert)
    stream.commit(stream.prepare(frame(5)))
    styled = frame(6).style.highlight_max(color="red")
    payload = stream.prepare(styled)
    assert payload["metadata"] is not None
    assert stream.prepare(frame(7))["data"] == Dataframe().postprocess(frame(7))["data"]
    assert convert.sizes[-1] == 7
