"""A function as a component's value with ``every=`` or ``inputs=`` is recomputed by an event
of its own, as in Gradio 6.31 (same targets, inputs and outputs in /config); without a
function they do nothing and say so."""

from __future__ import annotations

import pytest

import rillet as gr


def test_the_events_match_gradios():
    with gr.Blocks() as demo:
        timer = gr.Timer(2)
        text = gr.Textbox()
        ticking = gr.Number(lambda: 1, every=1)
        following = gr.Number(lambda x: len(x or ""), inputs=[text])
        shared = gr.Number(lambda: 3, every=timer)
    spec = demo.spec
    made_timer = next(b for b in spec.blocks.values() if isinstance(b, gr.Timer) and b is not timer)
    got = [(d.targets, d.inputs, d.outputs, d.show_progress) for d in spec.dependencies]
    assert got == [
        ([(made_timer._id, "tick"), (spec.root_id, "load")], [], [ticking], "hidden"),
        ([(text._id, "change"), (spec.root_id, "load")], [text], [following], "hidden"),
        ([(timer._id, "tick"), (spec.root_id, "load")], [], [shared], "hidden"),
    ]
    assert made_timer.value == 1
    # the Gradio ids of the same program: the made timer comes right after its component
    assert [ticking._id, made_timer._id, following._id, shared._id] == [3, 4, 5, 6]


def test_a_value_with_inputs_starts_empty():
    with gr.Blocks():
        text = gr.Textbox()
        number = gr.Number(lambda x: 5, inputs=[text])
    assert number.get_config()["value"] is None


@pytest.mark.parametrize("argument", [{"every": 1.0}, {"inputs": []}])
def test_without_a_function_they_warn_and_make_no_event(argument):
    with gr.Blocks() as demo, pytest.warns(UserWarning, match="not a function"):
        gr.Number(5, **argument)
    assert demo.spec.dependencies == []
