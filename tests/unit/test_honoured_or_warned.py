"""Every argument is honoured or warned, never dropped.

Walks the constructors of every public block (components, layouts) and of Interface,
ChatInterface and TabbedInterface: each argument, given a value other than its default,
must either change what the block is (its ``/config`` props, its attributes, its events,
whether it is placed) or warn, naming itself. Then ``launch()``, ``queue()`` and the event
listeners: every argument Gradio 6.31 has is taken, and those rillet does not act on warn.
"""

from __future__ import annotations

import inspect
import re
import warnings
from collections.abc import Callable
from typing import Any

import pytest

import rillet as gr
from rillet.blocks import LAUNCH_UNHONOURED, QUEUE_UNHONOURED
from rillet.components.base import Block
from rillet.core import settings as settings_mod
from rillet.core.spec import QUIET_OPTIONS, Dependency

#: Arguments that do nothing in Gradio either (so doing nothing is being compatible).
AS_IN_GRADIO = {
    ("DeepLinkButton", "elem_id"): "Gradio gives every deep link button its own fixed id",
    ("Dialogue", "info"): "Gradio's /config has no info for Dialogue either",
}

#: Values tried for arguments whose type the default does not tell.
PLAIN = ["x-test", 2, True, False, ["a", "b"], {"a": 1}, 0.5, (1, 2)]
SPECIAL: dict[str, list[Any]] = {
    "sources": [["upload"], ["microphone"], ["webcam"]],
    "components": [lambda: [gr.Textbox()]],
    "chatbot": [lambda: gr.Chatbot()],
    "textbox": [lambda: gr.Textbox()],
    "additional_inputs": [lambda: [gr.Textbox()]],
    "additional_outputs": [lambda: [gr.Textbox()]],
    "latex_delimiters": [[{"left": "%%", "right": "%%", "display": False}]],
    "language": ["python"],
    "datatype": ["number", ["number"]],
    "type": ["tuple", "index", "values"],
    "format": ["mp4", "webm"],
    "root_dir": ["sub"],
    "webcam_options": [{"mirror": False}],
    "waveform_options": [lambda: gr.WaveformOptions(waveform_color="#123456")],
    "tabs_kwargs": [{"elem_id": "t"}],
}
#: What each class needs to be made at all.
REQUIRED: dict[str, Callable[[], dict[str, Any]]] = {
    "Interface": lambda: {"fn": lambda x: x, "inputs": "text", "outputs": "text"},
    "ChatInterface": lambda: {"fn": lambda message, history: message},
    "TabbedInterface": lambda: {"interface_list": [gr.Interface(lambda x: x, "text", "text")]},
}
APPS = ("Interface", "ChatInterface", "TabbedInterface")


def public_classes() -> list[type]:
    found = {getattr(gr, name) for name in gr.__all__ if inspect.isclass(getattr(gr, name, None))}
    chosen = [c for c in found if issubclass(c, Block) or c.__name__ in APPS]
    return sorted(chosen, key=lambda c: c.__name__)


def tries(name: str, parameter: inspect.Parameter) -> list[Any]:
    """Values other than the default, likeliest to be accepted first."""
    default = parameter.default
    values = [v() if callable(v) else v for v in SPECIAL.get(name, [])]
    annotation = parameter.annotation if isinstance(parameter.annotation, str) else ""
    values += [text.strip("'\"") for text in re.findall(r"'[^']*'|\"[^\"]*\"", annotation)]
    if isinstance(default, bool):
        values.insert(0, not default)
    elif isinstance(default, int | float):
        values += [default + 1, default * 2 + 3]
    values += PLAIN
    return [v for v in values if not (type(v) is type(default) and v == default)]


def make(cls: type, arguments: dict[str, Any]) -> tuple[Any, list[str]]:
    """The block (inside an app unless it is one) and the warnings making it gave."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        if cls.__name__ in APPS:
            made = cls(**arguments)
            app = made
        else:
            with gr.Blocks() as app:
                made = cls(**arguments)
    return (made, app), [str(w.message) for w in caught]


def look(made: tuple[Any, Any]) -> dict[str, str]:
    """What can be seen of a block: its props, attributes, events and whether it is placed."""
    block, app = made
    seen = {"placed": str(getattr(block, "_id", None) is not None)}
    if hasattr(block, "get_config"):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            seen["config"] = repr(block.get_config())
    attributes = {k: v for k, v in vars(block).items() if k not in ("_given_arguments", "_id")}
    seen["attributes"] = repr(sorted((k, repr(v)[:400]) for k, v in attributes.items()))
    seen["events"] = repr([_event(d) for d in app.spec.dependencies])
    return seen


def _event(dep: Dependency) -> dict[str, Any]:
    config = dep.config()
    return {k: v for k, v in config.items() if k not in ("id", "api_name")}


@pytest.mark.parametrize("cls", public_classes(), ids=lambda c: c.__name__)
def test_each_constructor_argument_is_honoured_or_warned(cls, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # FileExplorer's root_dir="." lists the working directory
    (tmp_path / "sub").mkdir()
    required = REQUIRED.get(cls.__name__, dict)
    reference = look(make(cls, required())[0])
    dropped = []
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if (
            name in ("self", "value")  # values: each component's own tests
            or name.startswith("_")
            or parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD)
            or name in required()
            or (cls.__name__, name) in AS_IN_GRADIO
        ):
            continue
        accepted = False
        for value in tries(name, parameter):
            try:
                made, warned = make(cls, {**required(), name: value})
                seen = look(made)
            except Exception:  # noqa: BLE001 - a value of the wrong kind: try the next
                continue
            accepted = True
            if any(name in message for message in warned) or seen != reference:
                break
        else:
            dropped.append(name if accepted else f"{name} (no value tried was accepted)")
    assert dropped == [], f"gr.{cls.__name__} drops these arguments silently: {dropped}"


#: Gradio 6.31's launch() and queue() arguments (inspect.signature in Gradio's venv).
GRADIO_LAUNCH = [
    "inline",
    "inbrowser",
    "share",
    "debug",
    "max_threads",
    "auth",
    "auth_message",
    "prevent_thread_lock",
    "show_error",
    "server_name",
    "server_port",
    "height",
    "width",
    "favicon_path",
    "ssl_keyfile",
    "ssl_certfile",
    "ssl_keyfile_password",
    "ssl_verify",
    "quiet",
    "footer_links",
    "run_history",
    "allowed_paths",
    "blocked_paths",
    "root_path",
    "app_kwargs",
    "state_session_capacity",
    "share_server_address",
    "share_server_protocol",
    "share_server_tls_certificate",
    "auth_dependency",
    "max_file_size",
    "enable_monitoring",
    "strict_cors",
    "node_server_name",
    "node_port",
    "ssr_mode",
    "pwa",
    "mcp_server",
    "num_workers",
    "_app",
    "_frontend",
    "i18n",
    "theme",
    "css",
    "css_paths",
    "js",
    "head",
    "head_paths",
]
GRADIO_QUEUE = ["status_update_rate", "api_open", "max_size", "default_concurrency_limit"]
GRADIO_LISTENER = [
    "fn",
    "inputs",
    "outputs",
    "api_name",
    "api_description",
    "scroll_to_output",
    "show_progress",
    "show_progress_on",
    "queue",
    "batch",
    "max_batch_size",
    "preprocess",
    "postprocess",
    "cancels",
    "trigger_mode",
    "js",
    "concurrency_limit",
    "concurrency_id",
    "api_visibility",
    "time_limit",
    "stream_every",
    "key",
    "validator",
    "inputs_kwargs",
]


def test_every_gradio_launch_and_queue_argument_is_taken():
    launch = set(inspect.signature(gr.Blocks.launch).parameters) | set(LAUNCH_UNHONOURED)
    queue = set(inspect.signature(gr.Blocks.queue).parameters) | set(QUEUE_UNHONOURED)
    assert [n for n in GRADIO_LAUNCH if n not in launch] == []
    assert [n for n in GRADIO_QUEUE if n not in queue] == []


@pytest.mark.parametrize("name", sorted(LAUNCH_UNHONOURED))
def test_unhonoured_launch_arguments_warn_naming_themselves(name):
    with gr.Blocks() as demo:
        gr.Textbox()
    token = settings_mod.reload_mode.set(True)  # settings only: no server starts
    try:
        with pytest.warns(UserWarning, match=f"launch\\({name}=...\\) has no effect"):
            demo.launch(**{name: "x"})
    finally:
        settings_mod.reload_mode.reset(token)


def test_queue_arguments_warn_and_unknown_ones_fail():
    demo = gr.Blocks()
    with pytest.warns(UserWarning, match="status_update_rate"):
        demo.queue(status_update_rate=1.0)
    with pytest.warns(UserWarning, match="api_open"):
        demo.queue(api_open=False)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        demo.queue(status_update_rate="auto", max_size=3)  # the defaults: no warning
    with pytest.raises(TypeError, match="no_such_option"):
        demo.queue(no_such_option=1)
    with pytest.raises(TypeError, match="no_such_option"):
        token = settings_mod.reload_mode.set(True)
        try:
            demo.launch(no_such_option=1)
        finally:
            settings_mod.reload_mode.reset(token)


def test_every_gradio_listener_argument_is_taken_by_a_field():
    fields = set(Dependency.__dataclass_fields__)
    handled = {"fn", "inputs", "outputs", "api_name", "cancels", "inputs_kwargs"}
    assert [n for n in GRADIO_LISTENER if n not in fields | handled | QUIET_OPTIONS] == []
    with gr.Blocks():
        box = gr.Textbox()
        with pytest.raises(TypeError, match="no_such_option"):
            box.change(str.upper, box, box, no_such_option=1)
