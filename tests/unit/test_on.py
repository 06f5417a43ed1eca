"""``gr.on``: several triggers for one listener, the decorator form, and ``triggers=None``
(page load and every input's change)."""

from __future__ import annotations

import pytest

import rillet as gr


def test_listener_methods_become_targets():
    with gr.Blocks() as demo:
        box, btn, out = gr.Textbox(), gr.Button(), gr.Textbox()
        dep = gr.on([box.submit, btn.click, demo.load], str.upper, box, out, api_name="up")
    assert dep.targets == [(box._id, "submit"), (btn._id, "click"), (demo.spec.root_id, "load")]
    assert dep.api_name == "up" and dep.inputs == [box] and dep.outputs == [out]


def test_no_triggers_means_load_and_each_input_change():
    with gr.Blocks() as demo:
        a, b, out = gr.Number(), gr.Number(), gr.Number()

        @gr.on(inputs=[a, b], outputs=out)
        def add(x, y):
            return x + y

    (dep,) = demo.spec.dependencies
    assert dep.fn is add
    assert dep.targets == [(a._id, "change"), (b._id, "change"), (demo.spec.root_id, "load")]


def test_a_stream_trigger_makes_a_live_event():
    with gr.Blocks():
        mic, out = gr.Audio(sources=["microphone"]), gr.Audio()
        dep = gr.on([mic.stream], lambda x: x, mic, out)
    assert dep.connection == "stream" and mic.streaming is True


def test_wrong_triggers_and_outside_blocks_are_clear_errors():
    with pytest.raises(RuntimeError, match="inside 'with gr\\.Blocks"):
        gr.on(None, print)
    with gr.Blocks(), pytest.raises(TypeError, match="listener methods"):
        gr.on(["click"], print)


def test_demo_load_is_also_a_decorator():
    with gr.Blocks() as demo:
        out = gr.Textbox()

        @demo.load(inputs=None, outputs=out)
        def hello():
            return "hi"

    (dep,) = demo.spec.dependencies
    assert dep.fn is hello and dep.targets == [(demo.spec.root_id, "load")]


def test_failure_chains_after_an_error_only():
    with gr.Blocks():
        box = gr.Textbox()
        first = box.submit(str.upper, box, box)
        after = first.failure(str.lower, box, box)
    config = after.config()
    assert (config["trigger_after"], config["trigger_only_on_failure"]) == (first.id, True)
    assert config["trigger_only_on_success"] is False
    assert first.config()["trigger_only_on_failure"] is False
