"""The native plots (LinePlot, ScatterPlot, BarPlot): Gradio's block name, props, events,
API info, the PlotData a pandas frame becomes, warnings and the append-only stream."""

from __future__ import annotations

import inspect
import warnings

import pytest

import rillet as gr
from rillet.components._nativeplot import PlotDiffStream, plot_data
from rillet.components.barplot import BarPlot
from rillet.components.lineplot import LinePlot
from rillet.components.plot import Plot
from rillet.components.scatterplot import ScatterPlot

pd = pytest.importorskip("pandas")

PLOTS = [(LinePlot, "line"), (ScatterPlot, "point"), (BarPlot, "bar")]
#: Gradio 6.31's constructor arguments, in order, with their defaults.
GRADIO_ARGUMENTS = [
    ("value", None), ("x", None), ("y", None), ("color", None), ("title", None),
    ("x_title", None), ("y_title", None), ("color_title", None), ("x_bin", None),
    ("y_aggregate", None), ("color_map", None), ("colors_in_legend", None), ("x_lim", None),
    ("y_lim", None), ("x_label_angle", 0), ("y_label_angle", 0), ("x_axis_format", None),
    ("y_axis_format", None), ("x_axis_labels_visible", True), ("caption", None),
    ("sort", None), ("tooltip", "axis"), ("height", None), ("label", None),
    ("show_label", None), ("container", True), ("scale", None), ("min_width", 160),
    ("every", None), ("inputs", None), ("visible", True), ("elem_id", None),
    ("elem_classes", None), ("render", True), ("buttons", None), ("key", None),
    ("preserved_by_key", "value"),
]  # fmt: skip
#: Gradio 6.31's /config props of ``LinePlot(x="a", y="b")`` (name and _selectable aside).
GRADIO_PROPS = {
    "value": None, "x": "a", "y": "b", "color": None, "title": None, "x_title": None,
    "y_title": None, "color_title": None, "x_bin": None, "y_aggregate": None,
    "color_map": None, "colors_in_legend": None, "x_lim": None, "y_lim": None,
    "x_label_angle": 0, "y_label_angle": 0, "x_axis_format": None, "y_axis_format": None,
    "x_axis_labels_visible": True, "caption": None, "sort": None, "tooltip": "axis",
    "height": None, "label": None, "show_label": False, "container": True, "scale": None,
    "min_width": 160, "visible": True, "elem_id": None, "elem_classes": [], "buttons": [],
    "key": None, "preserved_by_key": ["value"], "proxy_url": None,
}  # fmt: skip


@pytest.mark.parametrize(("cls", "mark"), PLOTS)
def test_signature_matches_gradio(cls, mark):
    params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] == GRADIO_ARGUMENTS
    assert [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD] == ["value", "x", "y"]


@pytest.mark.parametrize(("cls", "mark"), PLOTS)
def test_block_name_events_and_api_info(cls, mark):
    plot = cls(x="a", y="b")
    assert plot.get_block_name() == "nativeplot"
    assert plot.get_mark() == mark
    assert cls.EVENTS == ("change", "select", "double_click")
    assert plot.api_info() == {"type": {}, "description": "any valid json"}
    assert plot.example_payload() is None
    assert plot.example_value() is None
    assert plot.api_python_type() == "str | float | bool | list | dict"


@pytest.mark.parametrize(("cls", "mark"), PLOTS)
def test_config_props_match_gradio(cls, mark):
    config = cls(x="a", y="b").get_config()
    assert {k: config[k] for k in GRADIO_PROPS} == GRADIO_PROPS
    assert config["name"] == cls.__name__.lower()
    assert config["_selectable"] is False


def test_a_select_listener_makes_the_plot_selectable():
    with gr.Blocks():
        plot = ScatterPlot(x="a", y="b")
        other = ScatterPlot(x="a", y="b")
        plot.select(lambda: None)
        other.double_click(lambda: None)
    assert plot.get_config()["_selectable"] is True
    assert other.get_config()["_selectable"] is False


def test_postprocess_gives_columns_rows_types_and_mark():
    frame = pd.DataFrame(
        {
            "t": pd.to_datetime(["2024-01-01", "2024-01-02"]),
            "v": [1.5, float("nan")],
            "c": pd.Categorical(["a", "b"]),
            "s": ["x", "y"],
        }
    )
    assert LinePlot(x="t", y="v").postprocess(frame) == {
        "columns": ["t", "v", "c", "s"],
        "data": [[1704067200000, 1.5, "a", "x"], [1704153600000, None, "b", "y"]],
        "datatypes": {"t": "temporal", "v": "quantitative", "c": "nominal", "s": "nominal"},
        "mark": "line",
    }


def test_postprocess_passes_none_and_dicts_through_and_refuses_other_values():
    plot = BarPlot(x="a", y="b")
    assert plot.postprocess(None) is None
    payload = plot_data(pd.DataFrame({"a": [1], "b": [2]}), "bar")
    assert plot.postprocess(payload) is payload
    with pytest.raises(ValueError, match="pandas DataFrame"):
        plot.postprocess([[1, 2]])


def test_preprocess_gives_the_payload():
    payload = {"columns": ["a"], "data": [[1]], "datatypes": {"a": "quantitative"}}
    assert LinePlot().preprocess(payload) == payload
    assert LinePlot().preprocess(None) is None


def test_unhonoured_arguments_warn_naming_themselves():
    with pytest.warns(UserWarning, match="`every`"):
        LinePlot(x="a", y="b", every=1.0)
    with pytest.warns(UserWarning, match="`y_aggregate='avg'`"):
        LinePlot(x="a", y="b", y_aggregate="avg")
    with pytest.warns(UserWarning, match="custom gr.Button"):
        LinePlot(x="a", y="b", buttons=[object()])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        LinePlot(x="a", y="b", buttons=["fullscreen", "export"], sort="-y", tooltip="all")


def frame_of(n):
    return pd.DataFrame({"x": list(range(n)), "y": [i * 2 for i in range(n)]})


def test_a_grown_frame_streams_only_its_new_rows():
    plot = LinePlot(x="x", y="y")
    stream = PlotDiffStream(plot.postprocess)
    ((op, path, first),) = stream.commit(stream.prepare(frame_of(3)))
    assert (op, path, first["data"]) == ("replace", [], [[0, 0], [1, 2], [2, 4]])
    edits = stream.commit(stream.prepare(frame_of(5)))
    assert edits == [["add", ["data", 3], [3, 6]], ["add", ["data", 4], [4, 8]]]


def test_a_changed_frame_is_not_an_append():
    old = plot_data(frame_of(3), "line")
    assert PlotDiffStream.appended(old, plot_data(frame_of(2), "line")) is None
    changed = frame_of(4)
    changed.loc[0, "y"] = 99
    assert PlotDiffStream.appended(old, plot_data(changed, "line")) is None
    assert PlotDiffStream.appended(old, plot_data(frame_of(4), "bar")) is None
    assert (
        PlotDiffStream.appended(old, plot_data(frame_of(4).rename(columns={"y": "z"}), "line"))
        is None
    )
    assert PlotDiffStream.appended(old, plot_data(frame_of(4), "line")) == [[3, 6]]


# -- gr.Plot ----------------------------------------------------------------------------

PLOT_ARGUMENTS = [
    ("value", None), ("format", "webp"), ("label", None), ("every", None), ("inputs", None),
    ("show_label", None), ("container", True), ("scale", None), ("min_width", 160),
    ("visible", True), ("elem_id", None), ("elem_classes", None), ("render", True),
    ("key", None), ("preserved_by_key", "value"), ("buttons", None),
]  # fmt: skip
PLOT_PROPS = {
    "value": None, "format": "webp", "label": None, "show_label": True, "container": True,
    "scale": None, "min_width": 160, "visible": True, "elem_id": None, "elem_classes": [],
    "key": None, "preserved_by_key": ["value"], "buttons": [], "proxy_url": None,
    "name": "plot", "_selectable": False, "bokeh_version": None,
}  # fmt: skip


def test_plot_matches_gradio():
    params = list(inspect.signature(Plot.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] == PLOT_ARGUMENTS
    plot = Plot()
    assert plot.get_block_name() == "plot"
    assert Plot.EVENTS == ("change",)
    config = plot.get_config()
    assert {k: config[k] for k in PLOT_PROPS} == PLOT_PROPS
    assert plot.api_info()["title"] == "PlotData"
    assert plot.api_info()["properties"]["type"]["enum"] == [
        "altair",
        "bokeh",
        "plotly",
        "matplotlib",
    ]


def test_plot_passes_plot_data_through():
    payload = {"type": "altair", "plot": '{"mark": "bar"}'}
    assert Plot().postprocess(payload) is payload
    assert Plot().preprocess(payload) is payload
    assert Plot().postprocess(None) is None


@pytest.mark.parametrize(("fmt", "prefix"), [("webp", "data:image/webp;base64,UklGR"),
                                             ("png", "data:image/png;base64,iVBORw0KGgo"),
                                             ("svg", "data:image/svg+xml;base64,")])  # fmt: skip
def test_a_matplotlib_figure_is_an_image_data_url_and_is_closed(fmt, prefix):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure = plt.figure()
    plt.plot([1, 3, 2])
    got = Plot(format=fmt).postprocess(figure)
    assert got["type"] == "matplotlib"
    assert got["plot"].startswith(prefix)
    assert figure.number not in plt.get_fignums()


def test_plot_warns_about_what_it_does_not_do():
    with pytest.warns(UserWarning, match="`every`"):
        Plot(every=2)
    with pytest.warns(UserWarning, match="custom gr.Button"):
        Plot(buttons=[object()])
