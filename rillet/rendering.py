"""``@gr.render``: a part of the page drawn by a function, again whenever its inputs change.

with gr.Blocks() as demo:
    text = gr.Textbox()

    @gr.render(inputs=text)
    def words(s):
        for word in s.split():
            box = gr.Textbox(word, key=word)
            gr.Button("x").click(lambda: "", None, box)

The function runs per session (core/render.py): the blocks and events it makes belong to
that session only, and replace the ones its previous run made. A block made with
``key=`` keeps its id across runs, so the page keeps what the user typed into it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from rillet.core import spec as specs
from rillet.core.files import INITIAL, FileStore
from rillet.core.render import Renderable
from rillet.triggers import _target


def render(
    inputs: Sequence[Any] | Any | None = None,
    triggers: Sequence[Callable[..., Any]] | Callable[..., Any] | None = None,
    *,
    queue: bool = True,
    trigger_mode: Literal["once", "multiple", "always_last"] | None = "always_last",
    concurrency_limit: int | Literal["default"] | None = None,
    concurrency_id: str | None = None,
    show_progress: Literal["full", "minimal", "hidden"] = "full",
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Draw the decorated function's blocks here, and draw them again when ``triggers``
    fire (by default: when the page loads and whenever one of ``inputs`` changes), with
    the values of ``inputs`` as its arguments. The events the function binds work like any
    other; they are the session's own and are replaced at the next draw. ``key=`` on a
    block keeps its value (the props in its ``preserved_by_key``) across draws. The other
    arguments are those of a listener (Gradio's defaults: ``"always_last"``, no
    concurrency limit)."""
    spec = specs.current_spec()
    if spec is None:
        raise ValueError("Reactive render must be inside a Blocks context.")
    blocks = specs.as_list(inputs)
    if triggers is None:
        targets: list[tuple[Any, str]] = [(spec.root_id, "load")]
        targets += [(b, "change") for b in blocks if hasattr(b, "change")]
    else:
        listeners = list(triggers) if isinstance(triggers, Sequence) else [triggers]
        targets = [_target(spec, listener) for listener in listeners]

    def decorate(fn: Callable[..., Any]) -> Callable[..., Any]:
        make = _container_maker()
        container = make(True)
        renderable = Renderable(
            id=sum(d.render is not None for d in spec.dependencies),
            fn=fn,
            container=container,
            make_container=lambda: make(False),
            describe=_describe,
        )
        spec.listen(
            targets,
            fn,
            blocks,
            [container],
            api_name="apply",
            api_visibility="undocumented",
            queue=queue,
            trigger_mode=trigger_mode,
            concurrency_limit=concurrency_limit,
            concurrency_id=concurrency_id,
            show_progress=show_progress,
            render=renderable,
        )
        return fn

    return decorate


def _container_maker() -> Callable[[bool], Any]:
    """Makes the render block's container: a Row inside a Row, else a Column (Gradio's)."""
    from rillet.components.layout import Column, Row

    kind = Row if isinstance(specs.current_parent(), Row) else Column

    def make(placed: bool) -> Any:
        return kind(show_progress=True, render=placed)

    return make


def _describe(block: Any, store: FileStore | None, root_url: str, owner: str) -> dict[str, Any]:
    """A block's entry in ``render_config["components"]``, as in ``/config``."""
    from rillet.server.config import component_config

    return component_config(block, store, root_url, owner or INITIAL)
