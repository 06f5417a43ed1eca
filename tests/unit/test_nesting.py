"""An app drawn inside another: ``interface.render()``, an Interface made inside a Blocks, and
``gr.TabbedInterface`` keep their layout and events, re-numbered into the outer app."""

from __future__ import annotations

import pytest

import rillet as gr


def test_render_moves_blocks_and_events_under_the_current_layout():
    io = gr.Interface(str.upper, "text", "text", title="Upper", description="*loud*")
    with gr.Blocks() as demo:
        gr.Markdown("first")
        with gr.Tab("tab") as tab:
            io.render()
        io.render()  # once only
    spec = demo.spec
    under_tab = spec.children[tab._id]
    heading, description = (spec.blocks[i] for i in under_tab[:2])
    assert isinstance(heading, gr.HTML) and "Upper" in heading.value
    assert isinstance(description, gr.Markdown) and description.value == "*loud*"
    predict = next(d for d in spec.dependencies if d.api_name == "upper")
    assert all(spec.blocks[t] is not None for t, _ in predict.targets)
    assert all(b._id in spec.blocks for b in predict.inputs + predict.outputs)
    ids = [i for kids in spec.children.values() for i in kids]
    assert len(ids) == len(set(ids)) == len(spec.blocks)


def test_an_app_made_inside_blocks_is_drawn_there_with_free_api_names():
    with gr.Blocks() as demo:
        gr.Interface(str.upper, "text", "text", api_name="shout")
        gr.Interface(str.lower, "text", "text", api_name="shout")
    names = [d.api_name for d in demo.spec.dependencies if d.api_name]
    assert names[:1] == ["shout"] and "shout_1" in names


def test_chains_and_cancels_point_at_the_copied_events():
    with gr.Blocks() as inner:
        box, out = gr.Textbox(), gr.Textbox()
        first = box.submit(str.upper, box, out)
        first.then(str.lower, out, out)
        gr.Button("stop").click(None, None, None, cancels=[first])
    with gr.Blocks() as outer:
        gr.Textbox()
        gr.Textbox().change(str.strip, None, None)
        inner.render()
    deps = outer.spec.dependencies
    then = next(d for d in deps if d.fn is str.lower)
    assert deps[then.trigger_after].fn is str.upper
    canceller = next(d for d in deps if d.cancels)
    assert [deps[i].fn for i in canceller.cancels] == [str.upper]


def test_tabbed_interface_names_its_tabs_as_gradio():
    a = gr.Interface(str.upper, "text", "text")
    b = gr.Interface(str.lower, "text", "text")
    demo = gr.TabbedInterface([a, b], title="Two")
    tabs = [blk for blk in demo.spec.blocks.values() if isinstance(blk, gr.Tab)]
    assert [t.label for t in tabs] == ["Tab 0", "Tab 1"]
    c, d = (gr.Interface(str.title, "text", "text") for _ in range(2))
    named = gr.TabbedInterface([c, d], ["Up", "Down"])
    assert [t.label for t in named.spec.blocks.values() if isinstance(t, gr.Tab)] == ["Up", "Down"]
    with pytest.raises(ValueError, match="2 interfaces but 1 tab names"):
        gr.TabbedInterface([a, b], ["only"])


def test_clear_empties_an_app_to_build_it_again():
    with gr.Blocks() as demo:
        box = gr.Textbox()
        box.submit(str.upper, box, box)
    with demo.clear():
        gr.Markdown("again")
    assert [type(b).__name__ for b in demo.spec.blocks.values()] == ["Markdown"]
    assert demo.spec.dependencies == []


def test_page_actions_follow_the_blocks_new_ids():
    # a ChatInterface drawn inside Blocks: its Submit/Stop swap names the copied buttons
    with gr.Blocks() as demo:
        gr.Markdown("first")
        chat = gr.ChatInterface(lambda message, history: message)
    swaps = [
        d.frontend["running_swap"]
        for d in demo.spec.dependencies
        if d.frontend and "running_swap" in d.frontend
    ]
    assert swaps
    for submit_id, stop_id in swaps:
        assert demo.spec.blocks[submit_id] is chat.submit_btn
        assert demo.spec.blocks[stop_id] is chat.stop_btn
