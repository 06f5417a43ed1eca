"""Tabs placed outside a ``gr.Tabs`` are grouped into one made for them, as in Gradio."""

from __future__ import annotations

import rillet as gr


def kinds(demo: gr.Blocks, node: dict) -> list:
    out = []
    for child in node.get("children", []):
        block = demo.spec.blocks[child["id"]]
        name = type(block).__name__
        inner = kinds(demo, child)
        out.append([name, inner] if name in ("Tabs", "Walkthrough") else name)
    return out


def test_consecutive_tabs_share_one_tabs_and_others_split_them():
    with gr.Blocks() as demo:
        with gr.Tab("a"):
            gr.Textbox()
        with gr.Tab("b"):
            gr.Textbox()
        gr.Markdown("between")
        with gr.Tab("c"):
            gr.Textbox()
        with gr.Tabs(), gr.Tab("d"):
            gr.Textbox()
    assert kinds(demo, demo.spec.layout()) == [
        ["Tabs", ["Tab", "Tab"]],
        "Markdown",
        ["Tabs", ["Tab"]],
        ["Tabs", ["Tab"]],
    ]
    # the Tab keeps its own children
    tab_a = next(b for b in demo.spec.blocks.values() if getattr(b, "label", None) == "a")
    assert len(demo.spec.children[tab_a._id]) == 1


def test_steps_outside_a_walkthrough_get_one():
    with gr.Blocks() as demo:
        with gr.Step("one"):
            gr.Textbox()
        with gr.Step("two"):
            gr.Textbox()
    assert kinds(demo, demo.spec.layout()) == [["Walkthrough", ["Step", "Step"]]]
