"""``Interface``: a whole app around one function, inputs on the left, outputs on the right.

A preset built on :class:`~rillet.blocks.Blocks`, as in Gradio. When the function is a
generator, Submit turns into Stop while it runs; Stop cancels the run and closes the
generator.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from rillet.blocks import Blocks
from rillet.components import Button, Column, Row, Textbox, get_component
from rillet.core.request import input_parameter_names
from rillet.core.spec import as_list, is_generator


class Interface(Blocks):
    """Wrap ``fn`` in a page with ``inputs`` and ``outputs`` (components or shortcuts such
    as ``"text"`` and ``"image"``). The page shows ``title``, ``description`` (Markdown)
    above and ``article`` below. ``ray_options`` are Ray's options for ``fn``'s calls when
    the app runs with ``backend="ray"`` (docs/scale-out.md)."""

    def __init__(
        self,
        fn: Callable[..., Any],
        inputs: Any,
        outputs: Any,
        examples: list[Any] | None = None,
        *,
        cache_examples: bool | None = None,
        live: bool = False,
        title: str | None = None,
        description: str | None = None,
        article: str | None = None,
        flagging_mode: str | None = None,
        api_name: str | None = None,
        concurrency_limit: int | str | None = "default",
        concurrency_id: str | None = None,
        submit_btn: str | Button = "Submit",
        stop_btn: str | Button = "Stop",
        clear_btn: str | Button | None = "Clear",
        show_progress: str = "full",
        api_visibility: str = "public",
        time_limit: float | None = 30,
        stream_every: float = 0.5,
        ray_options: dict[str, Any] | None = None,
        **blocks_options: Any,
    ) -> None:
        super().__init__(mode="interface", title=title or "Gradio", **blocks_options)
        self.fn = fn
        self.settings.description, self.settings.article = description, article
        self.live = live
        self.time_limit, self.stream_every = time_limit, stream_every
        self.examples = examples
        self.input_components = [get_component(c, render=False) for c in as_list(inputs)]
        self.output_components = [get_component(c, render=False) for c in as_list(outputs)]
        _share_states(self.input_components, self.output_components)
        _default_labels(fn, self.input_components, self.output_components)
        with self:
            self._layout(submit_btn, stop_btn, clear_btn)
            self._wire(
                api_name=api_name,
                concurrency_limit=concurrency_limit,
                concurrency_id=concurrency_id,
                show_progress=show_progress,
                api_visibility=api_visibility,
                ray_options=ray_options,
            )

    def _layout(self, submit: str | Button, stop: str | Button, clear: str | Button | None) -> None:
        with Row(equal_height=False):
            with Column(variant="panel"):
                for component in self.input_components:
                    component.render()
                with Row():
                    self.clear_btn = _button(clear, "secondary") if clear else None
                    self.stop_btn = _button(stop, "stop", visible=False)
                    self.submit_btn = None if self.live else _button(submit, "primary")
            with Column(variant="panel"):
                for component in self.output_components:
                    component.render()

    def _wire(self, **options: Any) -> None:
        if self.live:
            self._wire_live(**options)
        else:
            assert self.submit_btn is not None, "made by _layout unless live"
            targets = [(self.submit_btn, "click")] + [
                (c, "submit") for c in self.input_components if isinstance(c, Textbox)
            ]
            frontend = None
            if is_generator(self.fn):
                frontend = {"running_swap": [self.submit_btn._id, self.stop_btn._id]}
            self.predict_event = self.spec.listen(
                targets,
                self.fn,
                self.input_components,
                self.output_components,
                frontend=frontend,
                **options,
            )
        self.spec.listen([(self.stop_btn, "click")], None, cancels=[self.predict_event])
        if self.clear_btn is not None:
            ids = [c._id for c in self.input_components + self.output_components]
            self.spec.listen(
                [(self.clear_btn, "click")],
                None,
                api_name=False,
                queue=False,
                frontend={"clear": ids},
            )

    def _wire_live(self, **options: Any) -> None:
        """``live=True``: streaming inputs (webcam, microphone) send chunks to a
        ``.stream()`` event; every other input reruns the function when it changes, and
        the page cancels a run made stale by a newer change (its generator is closed)."""
        streaming = [c for c in self.input_components if getattr(c, "streaming", False)]
        changing = [
            c
            for c in self.input_components
            if c not in streaming and not getattr(c, "stateful", False) and "change" in c.EVENTS
        ]
        io = (self.fn, self.input_components, self.output_components)
        for component in streaming:
            self.predict_event = self.spec.listen(
                [(component, "stream")],
                *io,
                **{**options, "show_progress": "hidden"},
                connection="stream",
                trigger_mode="multiple",
                time_limit=self.time_limit,
                stream_every=self.stream_every,
            )
        if changing or not streaming:
            self.predict_event = self.spec.listen(
                [(c, "change") for c in changing],
                *io,
                trigger_mode="always_last",
                frontend={"cancel_stale": True},
                **options,
            )


def _share_states(inputs: list[Any], outputs: list[Any]) -> None:
    """A ``"state"`` output is the same session value as the ``"state"`` input in the
    same order (as in Gradio), so what the function returns comes back next call."""
    states = [c for c in inputs if getattr(c, "stateful", False)]
    for i, component in enumerate(outputs):
        if getattr(component, "stateful", False) and states:
            outputs[i] = states.pop(0)


def _default_labels(fn: Callable[..., Any], inputs: list[Any], outputs: list[Any]) -> None:
    """Label unlabelled inputs with the function's parameter names and outputs "output"."""
    names = input_parameter_names(fn)  # a gr.Request parameter takes no input
    for name, component in zip(names, inputs, strict=False):
        if getattr(component, "label", "") is None:
            component.label = name
    for i, component in enumerate(outputs):
        if getattr(component, "label", "") is None:
            component.label = "output" if len(outputs) == 1 else f"output {i}"


def _button(
    value: str | Button, variant: Literal["primary", "secondary", "stop"], **options: Any
) -> Button:
    if isinstance(value, Button):
        return value.render()  # type: ignore[return-value]
    return Button(value, variant=variant, **options)
