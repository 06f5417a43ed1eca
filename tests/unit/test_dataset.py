"""Dataset: Gradio's arguments, props, click payloads and sample updates (no sockets)."""

from __future__ import annotations

import inspect
from typing import ClassVar

import pytest

import rillet as gr
from rillet.components.dataset import Dataset
from rillet.core.files import FileOut

GRADIO_PARAMETERS = [
    ("label", None),
    ("show_label", True),
    ("components", None),
    ("component_props", None),
    ("samples", None),
    ("headers", None),
    ("type", "values"),
    ("layout", None),
    ("samples_per_page", 10),
    ("visible", True),
    ("elem_id", None),
    ("elem_classes", None),
    ("render", True),
    ("key", None),
    ("preserved_by_key", "value"),
    ("container", True),
    ("scale", None),
    ("min_width", 160),
    ("proxy_url", None),
    ("sample_labels", None),
]


class FakeRun:
    generator = False
    live = False
    state: ClassVar[dict] = {}


def test_signature_is_gradios():
    params = list(inspect.signature(Dataset.__init__).parameters.values())[1:]
    assert [(p.name, p.default) for p in params] == GRADIO_PARAMETERS
    assert all(p.kind is p.KEYWORD_ONLY for p in params)


def test_props_like_gradio():
    with gr.Blocks():
        text = gr.Textbox(label="Text", visible=False)
        num = gr.Number(visible=False)
        ds = gr.Dataset(components=[text, num], samples=[["a", 1], ["b", 2]])
    assert ds.get_block_name() == "dataset"
    assert Dataset.EVENTS == ("change", "click", "select")
    config = ds.get_config()
    assert config["components"] == [
        {"name": "textbox", "class_id": "Textbox"},
        {"name": "number", "class_id": "Number"},
    ]
    assert config["component_ids"] == [text._id, num._id]
    assert config["samples"] == [["a", 1], ["b", 2]]
    assert config["headers"] == ["Text", ""]
    assert config["type"] == "values"
    assert config["samples_per_page"] == 10
    assert config["layout"] is None
    assert config["sample_labels"] is None
    assert config["value"] is None
    assert "value" not in config["component_props"][0]
    assert config["component_props"][0]["visible"] is False


def test_shortcut_components_are_not_placed():
    with gr.Blocks() as demo:
        ds = gr.Dataset(components=["textbox"], samples=[["x"]])
    assert [c["name"] for c in ds.get_config()["components"]] == ["textbox"]
    assert ds.get_config()["component_ids"] == [None]
    assert ds.headers == []
    assert len(demo.spec.blocks) == 1


def test_headers_given_win():
    ds = Dataset(components=["textbox"], samples=[["x"]], headers=["H"], render=False)
    assert ds.headers == ["H"]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("values", ["b", 2]), ("index", 1), ("tuple", (1, ["b", 2]))],
)
def test_preprocess_by_type(kind, expected):
    ds = Dataset(
        components=["textbox", "number"], samples=[["a", 1], ["b", 2]], type=kind, render=False
    )
    assert ds.preprocess(1) == expected
    assert ds.preprocess(None) is None


def test_preprocess_refuses_a_bad_index():
    ds = Dataset(components=["textbox"], samples=[["a"]], render=False)
    with pytest.raises(ValueError, match="no sample 3"):
        ds.preprocess(3)
    with pytest.raises(ValueError, match="index"):
        ds.preprocess("0")


def test_refuses_another_type():
    with pytest.raises(ValueError, match=r"values.*index.*tuple"):
        Dataset(type="value", render=False)  # type: ignore[arg-type]


def test_postprocess_index_or_sample():
    ds = Dataset(components=["textbox"], samples=[["a"], ["b"]], render=False)
    assert ds.postprocess(1) == 1
    assert ds.postprocess(["b"]) == 1
    assert ds.postprocess(None) is None
    with pytest.warns(UserWarning, match="samples"):
        assert ds.postprocess(["zzz"]) is None


def test_api_info_like_gradio():
    ds = Dataset(render=False)
    assert ds.api_info() == {"type": "integer", "description": "index of selected example"}
    assert ds.example_payload() == 0
    assert ds.example_value() == []


def test_update_samples_are_processed_like_the_constructors():
    ds = Dataset(components=["checkbox", "textbox"], samples=[[True, "a"]], render=False)
    stream = ds.output_stream(FakeRun())  # type: ignore[arg-type]
    payload = stream.prepare(gr.update(samples=[[False, "b"], [1, 2]]))
    assert payload["samples"] == [[False, "b"], [True, "2"]]
    assert stream.prepare(0) == 0


def test_file_samples_are_named_without_their_path(tmp_path):
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    ds = Dataset(components=["file"], samples=[[str(picture)]], render=False)
    shown = ds.get_config()["samples"][0][0]
    assert shown["orig_name"] == "cat.png"
    assert str(tmp_path) not in str(shown)


def test_proxy_url_is_warned():
    with pytest.warns(UserWarning, match="proxy_url"):
        Dataset(proxy_url="https://example.invalid", render=False)


def test_updated_file_samples_keep_their_files_for_the_server(tmp_path):
    picture = tmp_path / "cat.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    ds = Dataset(components=["file"], samples=[], render=False)
    payload = ds.output_stream(FakeRun()).prepare(gr.update(samples=[[str(picture)]]))  # type: ignore[arg-type]
    (file,) = payload["samples"][0]
    assert isinstance(file, FileOut)
    assert file.orig_name == "cat.png"


def test_an_index_past_the_first_samples_is_passed_on_as_in_gradio():
    # samples updated in the page (gr.update(samples=...)) may be more than the first ones
    dataset = gr.Dataset(components=[gr.Textbox(render=False)], samples=[["a"]], type="index")
    assert dataset.preprocess(3) == 3
    values = gr.Dataset(components=[gr.Textbox(render=False)], samples=[["a"]], type="values")
    with pytest.raises(ValueError, match="no sample 3"):
        values.preprocess(3)
