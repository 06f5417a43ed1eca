"""``@gr.render``'s core: per-session ids and dependency tables, keys, re-renders, and the
per-session state going with its session."""

from __future__ import annotations

import gc
import inspect
from pathlib import Path
from typing import Any

import pytest

import rillet as gr
from rillet.core.render import Renders
from rillet.core.session import Session
from rillet.rendering import render

ROOT = Path(__file__).resolve().parents[2]


def app() -> tuple[gr.Blocks, Any]:
    with gr.Blocks() as demo:
        text = gr.Textbox()
        gr.Textbox().change(lambda s: s, text, text)

        @render(inputs=[text], triggers=[text.submit])
        def show(s: str) -> None:
            for word in s.split():
                box = gr.Textbox(word, key=word)
                gr.Button("x").click(lambda v: v, box, box)

    return demo, text


def draw(renders: Renders, session: Session, words: str) -> dict[str, Any]:
    dep = next(d for d in renders.app.dependencies if d.render is not None)
    rendered = dep.render.run(renders.of(session), (None, "", "owner"), words)
    config: dict[str, Any] = rendered.config
    return config


def test_the_render_dependency_is_gradios():
    demo, text = app()
    dep = next(d for d in demo.dependencies if d.render is not None)
    config = dep.config()
    assert config["targets"] == [[text._id, "submit"]]
    assert config["api_name"] == "apply" and config["api_visibility"] == "undocumented"
    assert config["trigger_mode"] == "always_last" and config["concurrency_limit"] is None
    assert config["render_id"] == 0 and config["rendered_in"] is None
    container = demo.blocks[dep.outputs[0]._id]
    assert container.get_block_name() == "column"


def test_without_triggers_it_draws_on_load_and_on_each_inputs_change():
    with gr.Blocks() as demo:
        a, b = gr.Textbox(), gr.Number()

        @render(inputs=[a, b])
        def show(x: str, y: float) -> None:
            pass

    dep = next(d for d in demo.dependencies if d.render is not None)
    assert dep.targets == [(0, "load"), (a._id, "change"), (b._id, "change")]


def test_inside_a_row_the_container_is_a_row():
    with gr.Blocks() as demo, gr.Row():

        @render()
        def show() -> None:
            pass

    dep = next(d for d in demo.dependencies if d.render is not None)
    assert dep.outputs[0].get_block_name() == "row"


def test_outside_blocks_it_is_an_error():
    with pytest.raises(ValueError, match="Blocks context"):
        render()


#: ``inspect.signature(gradio.render)`` in Gradio 6.31 (read under bench/.gradio-venv).
GRADIO_SIGNATURE = [
    ("inputs", "POSITIONAL_OR_KEYWORD", "None"),
    ("triggers", "POSITIONAL_OR_KEYWORD", "None"),
    ("queue", "KEYWORD_ONLY", "True"),
    ("trigger_mode", "KEYWORD_ONLY", "'always_last'"),
    ("concurrency_limit", "KEYWORD_ONLY", "None"),
    ("concurrency_id", "KEYWORD_ONLY", "None"),
    ("show_progress", "KEYWORD_ONLY", "'full'"),
]


def test_signature_matches_gradios():
    ours = [
        (n, p.kind.name, repr(p.default)) for n, p in inspect.signature(render).parameters.items()
    ]
    assert ours == GRADIO_SIGNATURE


def test_a_render_makes_session_ids_past_the_apps():
    demo, _ = app()
    renders = Renders(demo.spec)
    config = draw(renders, Session("s"), "a b")
    new = {c["id"] for c in config["components"]} - {config["layout"]["id"]}
    assert min(new) > max(demo.blocks)
    deps = [d["id"] for d in config["dependencies"]]
    assert min(deps) >= len(demo.dependencies)
    assert not set(new) & set(demo.blocks)  # the app's spec is untouched
    assert len(demo.dependencies) == 2


def test_a_rerender_replaces_blocks_and_events_but_a_key_keeps_its_id():
    demo, _ = app()
    renders, session = Renders(demo.spec), Session("s")
    first = draw(renders, session, "keep gone")
    ids = {c["props"].get("key"): c["id"] for c in first["components"]}
    second = draw(renders, session, "keep new")
    again = {c["props"].get("key"): c["id"] for c in second["components"]}
    assert again["keep"] == ids["keep"] and again["new"] != ids["gone"]
    table = renders.of(session)
    assert {d["id"] for d in first["dependencies"]}.isdisjoint(
        {d["id"] for d in second["dependencies"]}
    )
    for dep in first["dependencies"]:
        assert table.dependency(dep["id"]) is None
    for dep in second["dependencies"]:
        assert table.dependency(dep["id"]) is not None
    assert ids["gone"] not in table.spec.own_blocks  # bounded: the old blocks are gone


def test_sessions_do_not_see_each_others_renders():
    demo, _ = app()
    renders = Renders(demo.spec)
    mine, theirs = Session("mine"), Session("theirs")
    config = draw(renders, mine, "private")
    fn = config["dependencies"][0]["id"]
    assert renders.dependency(mine, fn) is not None
    assert renders.dependency(theirs, fn) is None
    assert renders.dependency(None, fn) is None
    assert renders.dependency(theirs, 0) is demo.dependencies[0]


def test_a_sessions_renders_go_with_the_session():
    demo, _ = app()
    renders = Renders(demo.spec)
    session = Session("s")
    draw(renders, session, "a b c")
    assert len(renders.by_session) == 1
    del session
    gc.collect()
    assert renders.by_session == {}


def test_an_error_in_the_render_function_leaves_an_empty_render():
    with gr.Blocks() as demo:
        text = gr.Textbox()

        @render(inputs=text)
        def show(s: str) -> None:
            gr.Textbox(s)
            if s == "boom":
                raise ValueError("boom")

    renders, session = Renders(demo.spec), Session("s")
    dep = next(d for d in demo.dependencies if d.render is not None)
    dep.render.run(renders.of(session), (None, "", "o"), "fine")
    with pytest.raises(ValueError):
        dep.render.run(renders.of(session), (None, "", "o"), "boom")
    config = dep.render.run(renders.of(session), (None, "", "o"), "ok")
    # the render's column, the textbox and the Form Gradio puts around it
    assert sorted(c["type"] for c in config.config["components"]) == ["column", "form", "textbox"]


def test_an_app_drawn_inside_a_render_brings_its_events_into_the_session():
    with gr.Blocks() as demo:

        @render()
        def inner() -> None:
            gr.Interface(lambda x: x, gr.Textbox(label="input"), gr.Textbox())

    renders, session = Renders(demo.spec), Session("s")
    config = draw_first(renders, session)
    ids = {c["id"] for c in config["components"]}
    assert set(layout_ids(config["layout"])) <= ids  # every block the layout names is sent
    table = renders.of(session)
    assert config["dependencies"]
    for dep in config["dependencies"]:
        assert table.dependency(dep["id"]) is not None
        assert dep["id"] >= len(demo.dependencies) and dep["rendered_in"] == 0


def draw_first(renders: Renders, session: Session) -> dict[str, Any]:
    dep = next(d for d in renders.app.dependencies if d.render is not None)
    config: dict[str, Any] = dep.render.run(renders.of(session), (None, "", "o")).config
    return config


def layout_ids(node: dict[str, Any]) -> list[int]:
    return [node["id"], *(i for kid in node.get("children", []) for i in layout_ids(kid))]
