"""MultimodalTextbox against Gradio 6.31: signature, config props, API schema, value
conversions, warnings; and ChatInterface(multimodal=True)'s handling of a message."""

from __future__ import annotations

import inspect
import warnings
from pathlib import Path

import pytest

from rillet.chat import _add_user_multimodal, _args, _as_messages, _turn_before
from rillet.components.chatbot import ChatMessage
from rillet.components.file import NamedString
from rillet.components.multimodaltextbox import MultimodalTextbox
from rillet.core.files import FILE_META, FileOut

#: Gradio 6.31's parameters, in order (from inspect.signature under bench/.gradio-venv).
GRADIO_PARAMS = [
    "value", "sources", "file_types", "file_count", "lines", "max_lines", "placeholder",
    "label", "info", "every", "inputs", "show_label", "container", "scale", "min_width",
    "interactive", "visible", "elem_id", "autofocus", "autoscroll", "elem_classes", "render",
    "key", "preserved_by_key", "text_align", "rtl", "submit_btn", "stop_btn",
    "max_plain_text_length", "html_attributes",
]  # fmt: skip


def file_data(path: str) -> dict:
    return {"path": path, "meta": dict(FILE_META), "orig_name": Path(path).name}


def test_signature_matches_gradio():
    params = list(inspect.signature(MultimodalTextbox.__init__).parameters)[1:]
    assert params == GRADIO_PARAMS
    defaults = {
        k: p.default for k, p in inspect.signature(MultimodalTextbox.__init__).parameters.items()
    }
    assert defaults["file_count"] == "single"
    assert defaults["submit_btn"] is True and defaults["stop_btn"] is False
    assert defaults["max_lines"] == 20 and defaults["max_plain_text_length"] == 1000


def test_config_props_and_events_as_gradio():
    box = MultimodalTextbox()
    config = box.get_config()
    assert box.get_block_name() == "multimodaltextbox"
    assert config["value"] == {"text": "", "files": []}
    assert config["sources"] == ["upload"]
    for key, value in {
        "file_types": None, "file_count": "single", "lines": 1, "max_lines": 20,
        "submit_btn": True, "stop_btn": False, "max_plain_text_length": 1000, "rtl": False,
    }.items():  # fmt: skip
        assert config[key] == value, key
    assert MultimodalTextbox.EVENTS == (
        "change", "input", "select", "submit", "focus", "blur", "stop",
    )  # fmt: skip


def test_api_info_is_gradios_multimodal_data():
    info = MultimodalTextbox().api_info()
    assert info["title"] == "MultimodalData"
    assert info["required"] == ["text"]
    assert info["properties"]["files"]["items"] == {"$ref": "#/$defs/FileData"}
    assert set(info["$defs"]) == {"FileData", "FileDataMeta"}
    assert MultimodalTextbox().api_python_type() == "dict(text: str, files: list[filepath])"


def test_preprocess_gives_text_and_paths():
    value = MultimodalTextbox().preprocess({"text": "hi", "files": [file_data("/tmp/a.png")]})
    assert value == {"text": "hi", "files": ["/tmp/a.png"]}
    assert isinstance(value["files"][0], NamedString)
    assert MultimodalTextbox().preprocess(None) is None
    with pytest.raises(ValueError, match="FileData"):
        MultimodalTextbox().preprocess({"text": "x", "files": [{"path": "/etc/passwd"}]})


def test_postprocess_strings_dicts_and_none(tmp_path):
    box = MultimodalTextbox()
    assert box.postprocess(None) == {"text": "", "files": []}
    assert box.postprocess("hello") == {"text": "hello", "files": []}
    image = tmp_path / "a.png"
    image.write_bytes(b"x")
    out = box.postprocess({"text": "t", "files": [str(image)]})
    assert out["text"] == "t"
    assert isinstance(out["files"][0], FileOut) and out["files"][0].orig_name == "a.png"
    with pytest.raises(ValueError, match="MultimodalTextbox"):
        box.postprocess(3)


def test_microphone_is_honoured_and_bad_sources_refused():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        MultimodalTextbox(sources=["microphone", "upload"])
        MultimodalTextbox(sources="upload", file_count="multiple", file_types=["image"])
    with pytest.raises(ValueError):
        MultimodalTextbox(sources=["camera"])
    with pytest.raises(ValueError):
        MultimodalTextbox(file_count="many")  # type: ignore[arg-type]


def test_html_attributes_become_a_dict():
    class Attrs:
        def __init__(self) -> None:
            self.spellcheck = False
            self.lang = None

    assert MultimodalTextbox(html_attributes=Attrs()).get_config()["html_attributes"] == {
        "spellcheck": False
    }


def test_add_user_shows_each_file_then_the_text():
    box, history, saved = _add_user_multimodal(
        {"text": "look", "files": ["/tmp/a.png", "/tmp/b.pdf"]}, []
    )
    assert box is None
    assert history == [  # one message, files then text, as Gradio 6 adds a turn
        {"role": "user", "content": [{"path": "/tmp/a.png"}, {"path": "/tmp/b.pdf"}, "look"]}
    ]
    assert saved == {"text": "look", "files": ["/tmp/a.png", "/tmp/b.pdf"]}
    assert _turn_before(saved, history) == []


def test_empty_multimodal_message_adds_nothing():
    assert (
        _add_user_multimodal({"text": "  ", "files": []}, [{"role": "user", "content": "x"}])[2]
        is None
    )


def test_fn_receives_text_and_files():
    args = _args(True, {"text": "hi", "files": ["/tmp/a.png"]}, [], ())
    assert args[0] == {"text": "hi", "files": ["/tmp/a.png"]}
    assert _args(True, "plain", [], ())[0] == {"text": "plain", "files": []}
    assert _args(False, "plain", [], ())[0] == "plain"


def test_replies_keep_metadata_components_and_files():
    from rillet.components.image import Image

    image = Image("/tmp/x.png")
    thought = ChatMessage("step", metadata={"title": "Tool", "status": "done"})
    messages = _as_messages([thought, image, {"path": "/tmp/y.pdf"}])
    assert messages[0] == {
        "role": "assistant",
        "content": "step",
        "metadata": {"title": "Tool", "status": "done"},
        "options": [],
    }
    assert messages[1] == {"role": "assistant", "content": image}
    assert messages[2] == {"role": "assistant", "content": {"path": "/tmp/y.pdf"}}
