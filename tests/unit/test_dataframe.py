"""Dataframe: Gradio's arguments, conversions, schema, warnings and the append stream."""

from __future__ import annotations

import inspect
import warnings

import pytest

from rillet.components import shortcuts
from rillet.components.dataframe import Dataframe, FrameDiffStream, appended_rows
from rillet.core import diff

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

GRADIO_PARAMETERS = [
    ("value", None),
    ("headers", None),
    ("row_count", None),
    ("row_limits", None),
    ("col_count", None),
    ("column_count", None),
    ("column_limits", None),
    ("datatype", "str"),
    ("type", "pandas"),
    ("latex_delimiters", None),
    ("label", None),
    ("show_label", None),
    ("every", None),
    ("inputs", None),
    ("max_height", 500),
    ("scale", None),
    ("min_width", 160),
    ("interactive", None),
    ("visible", True),
    ("elem_id", None),
    ("elem_classes", None),
    ("render", True),
    ("key", None),
    ("preserved_by_key", "value"),
    ("wrap", False),
    ("line_breaks", True),
    ("column_widths", None),
    ("buttons", None),
    ("show_row_numbers", False),
    ("max_chars", None),
    ("show_search", "none"),
    ("pinned_columns", None),
    ("static_columns", None),
]


def make(value=None, **options):
    return Dataframe(value, render=False, **options)


def test_arguments_match_gradio_in_order_and_defaults():
    params = list(inspect.signature(Dataframe.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] == GRADIO_PARAMETERS


def test_block_name_events_and_config_are_gradios():
    df = make()
    assert df.get_block_name() == "dataframe"
    assert Dataframe.EVENTS == ("change", "input", "select", "edit")
    config = df.get_config()
    assert config["value"] == {"headers": ["1", "2", "3"], "data": [], "metadata": None}
    assert config["row_count"] == [3, "dynamic"]
    assert config["column_count"] == config["col_count"] == [3, "dynamic"]
    assert config["latex_delimiters"] == [{"left": "$$", "right": "$$", "display": True}]
    assert config["show_search"] == "none"
    assert config["preserved_by_key"] == ["value"]
    assert "container" not in config


def test_api_info_and_example():
    info = make().api_info()
    assert info["title"] == "DataframeData"
    assert info["required"] == ["headers", "data"]
    assert make().example_payload() == {"headers": ["a", "b"], "data": [["foo", "bar"]]}
    assert make().api_python_type() == (
        "dict(headers: list[Any], data: list[list[Any]], "
        "metadata: dict(str, list[Any] | None) | None)"
    )


def test_pandas_cells_become_json():
    frame = pd.DataFrame(
        {
            "a": [1, 2],
            "b": [1.5, np.nan],
            "t": pd.to_datetime(["2024-01-01 00:00", "2024-01-02 10:00"]),
            "s": ["x", None],
            "ok": [True, False],
        }
    )
    assert make().postprocess(frame) == {
        "headers": ["a", "b", "t", "s", "ok"],
        "data": [
            [1, 1.5, "2024-01-01 00:00:00", "x", True],
            [2, None, "2024-01-02 10:00:00", None, False],
        ],
        "metadata": None,
    }


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.array([[1, 2], [3, 4]]), {"headers": ["1", "2"], "data": [[1, 2], [3, 4]]}),
        ([1, 2, 3], {"headers": ["1"], "data": [[1], [2], [3]]}),
        ([(1, "a")], {"headers": ["1", "2"], "data": [[1, "a"]]}),
        (None, {"headers": ["1", "2", "3"], "data": []}),
        ({"data": [[1]], "headers": ["q"]}, {"headers": ["q"], "data": [[1]]}),
        ({"data": [[]]}, {"headers": ["1", "2", "3"], "data": []}),
    ],
)
def test_other_values(value, expected):
    assert make().postprocess(value) == {**expected, "metadata": None}


def test_headers_are_cut_or_numbered_to_the_rows_width():
    assert make(headers=["a", "b"]).postprocess([[1, 2, 3]])["headers"] == ["a", "b", "3"]
    assert make(headers=["a", "b"]).postprocess([[1]])["headers"] == ["a"]


def test_csv_path(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("x,y\n1,2\n")
    assert make().postprocess(str(path)) == {
        "headers": ["x", "y"],
        "data": [[1, 2]],
        "metadata": None,
    }


def test_styler_keeps_colours_and_shown_text():
    frame = pd.DataFrame({"a": [1, 5], "b": [3.0, 2.0]})
    styler = frame.style.highlight_max(color="lightgreen").format("{:.1f}", subset=["b"])
    payload = make().postprocess(styler)
    assert payload["data"] == [[1, 3.0], [5, 2.0]]
    assert payload["metadata"]["display_value"] == [["1", "3.0"], ["5", "2.0"]]
    assert payload["metadata"]["styling"] == [
        ["", "background-color: lightgreen"],
        ["background-color: lightgreen", ""],
    ]


def test_styler_in_an_interactive_frame_warns():
    styler = pd.DataFrame({"a": [1]}).style
    with pytest.warns(UserWarning, match="Styler"):
        make(interactive=True).postprocess(styler)


def test_preprocess_by_type():
    payload = {"headers": ["a", "b"], "data": [[1, "x"], [2, "y"]]}
    frame = make().preprocess(payload)
    assert list(frame.columns) == ["a", "b"] and frame["a"].tolist() == [1, 2]
    assert make(type="array").preprocess(payload) == [[1, "x"], [2, "y"]]
    assert make(type="numpy").preprocess({"headers": ["a"], "data": [[1], [2]]}).shape == (2, 1)
    empty = make().preprocess({"headers": ["a", "b"], "data": [[]]})
    assert empty.empty and list(empty.columns) == ["a", "b"]
    assert make().preprocess(None) is None


def test_polars_type_needs_polars():
    try:
        import polars  # noqa: F401
    except ImportError:
        with pytest.raises(ImportError, match="polars"):
            make(type="polars")
    else:
        frame = make(type="polars").preprocess({"headers": ["a"], "data": [[1], [2]]})
        assert frame.columns == ["a"]


def test_invalid_arguments():
    with pytest.raises(ValueError, match="type"):
        make(type="dict")
    with pytest.raises(ValueError, match="headers"):
        make(headers=["a", "b"], column_count=3)
    with pytest.raises(ValueError, match="datatype"):
        make(datatype="colour")


def test_counts_and_widths():
    df = make(headers=["a", "b"], row_count=5, column_widths=[100, "20%", "auto"])
    assert df.row_count == (5, "dynamic")
    assert df.column_count == (2, "dynamic")
    assert df.column_widths == ["100px", "20%", "auto"]
    with pytest.warns(DeprecationWarning):
        fixed = make(row_count=(2, "fixed"), col_count=(2, "fixed"))
    assert fixed.row_count == (2, "fixed") and fixed.column_count == (2, "fixed")


def test_auto_datatype():
    frame = pd.DataFrame(
        {"n": [1], "f": [1.0], "s": ["x"], "b": [True], "t": pd.to_datetime(["2024-01-01"])}
    )
    assert make(frame, datatype="auto").datatype == ["number", "number", "str", "bool", "date"]
    assert make([[1, "a", False]], datatype="auto").datatype == ["number", "str", "bool"]
    assert make(np.zeros((1, 2)), datatype="auto").datatype == ["number", "number"]


def test_unhonoured_arguments_warn_by_name():
    with pytest.warns(UserWarning, match="`every`"):
        make(every=1.0)
    with pytest.warns(UserWarning, match="latex_delimiters"):
        make(latex_delimiters=[])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        make(pd.DataFrame({"a": [1]}), headers=["a"], wrap=True, buttons=["copy"])


def test_grown_frame_sends_only_its_new_rows():
    df = make()
    stream = FrameDiffStream(df.postprocess)
    rows = [[i, f"r{i}"] for i in range(1000)]
    first = stream.commit(stream.prepare({"headers": ["i", "s"], "data": rows}))
    assert first == [["replace", [], {"headers": ["i", "s"], "data": rows, "metadata": None}]]
    grown = rows + [[i, f"r{i}"] for i in range(1000, 1010)]
    edits = stream.commit(stream.prepare({"headers": ["i", "s"], "data": grown}))
    assert edits == [["add", ["data", 1000 + k], [1000 + k, f"r{1000 + k}"]] for k in range(10)]
    assert diff.apply(first[0][2], edits)["data"] == grown


def test_changed_frame_falls_back_to_edits():
    df = make()
    stream = FrameDiffStream(df.postprocess)
    stream.commit(stream.prepare([[1], [2]]))
    edits = stream.commit(stream.prepare([[1], [3], [4]]))
    assert ["replace", ["data", 1, 0], 3] in edits
    assert appended_rows({"headers": [], "data": [[1]], "metadata": None}, [[1]]) is None


def test_shortcut_templates():
    exported = {"dataframe": Dataframe}
    cls, args = shortcuts.resolve("numpy", exported)
    assert cls is Dataframe and args == {"row_count": (1, "dynamic"), "type": "numpy"}
    cls, args = shortcuts.resolve("list", exported)
    assert args["col_count"] == 1 and args["type"] == "array"
    assert shortcuts.resolve("DataFrame", exported)[0] is Dataframe


def test_polars_values():
    pl = pytest.importorskip("polars")
    frame = pl.DataFrame({"a": [1, 2], "b": ["x", None]})
    payload = make().postprocess(frame)
    assert payload == {"headers": ["a", "b"], "data": [[1, "x"], [2, None]], "metadata": None}
    back = make(type="polars").preprocess(payload)
    assert back.equals(frame)
    assert make(frame, datatype="auto").datatype == ["number", "str"]
