"""``gr.on``: one listener for several triggers (``gr.on([btn.click, box.submit], fn, ...)``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from rillet.core import spec as specs


def on(
    triggers: Sequence[Callable[..., Any]] | Callable[..., Any] | None = None,
    fn: Callable[..., Any] | Literal["decorator"] | None = "decorator",
    inputs: Any = None,
    outputs: Any = None,
    **options: Any,
) -> Any:
    """Run ``fn`` when any of ``triggers`` fires: listener methods such as ``btn.click``,
    ``textbox.submit`` or ``demo.load``. With ``triggers=None`` it runs when the page loads
    and whenever one of ``inputs`` changes, as in Gradio. Without ``fn`` it is a decorator:
    ``@gr.on(triggers=[...], inputs=..., outputs=...)``. Takes the listeners' other
    arguments (``api_name``, ``show_progress``...)."""
    spec = specs.current_spec()
    if spec is None:
        raise RuntimeError("gr.on() must be called inside 'with gr.Blocks():'")
    if triggers is None:
        targets = [(block, "change") for block in specs.as_list(inputs)]
        targets.append((spec.root_id, "load"))
    else:
        listeners = triggers if isinstance(triggers, Sequence) else [triggers]
        targets = [_target(spec, listener) for listener in listeners]
    if any(event == "stream" for _, event in targets):
        options = {"connection": "stream", "show_progress": "minimal", **options}
    if fn == "decorator":

        def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
            spec.listen(targets, func, inputs, outputs, **options)
            return func

        return decorate
    return spec.listen(targets, fn, inputs, outputs, **options)


def _target(spec: specs.AppSpec, listener: Callable[..., Any]) -> tuple[Any, str]:
    """The (block, event) pair a listener method stands for: ``btn.click`` is the button's
    click; ``demo.load`` the page's load."""
    owner, event = getattr(listener, "__self__", None), getattr(listener, "__name__", None)
    if owner is None or not isinstance(event, str):
        raise TypeError(
            f"gr.on() triggers are listener methods such as btn.click or demo.load; "
            f"got {listener!r}"
        )
    if getattr(owner, "spec", None) is spec and event in ("load", "unload"):
        return spec.root_id, event
    if event == "stream":
        owner.streaming = True
    return owner, event
