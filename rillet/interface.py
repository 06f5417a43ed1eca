"""``Interface``: a whole app around one function, inputs on the left, outputs on the right.

A preset built on :class:`~rillet.blocks.Blocks`, as in Gradio. When the function is a
generator, Submit turns into Stop while it runs; Stop cancels the run and closes the
generator. With no inputs (``inputs=None``: Gradio's "output_only" interface) the outputs
take the whole width above Clear and Generate; with no outputs ("input_only") the inputs do,
above Clear and Submit.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from typing import Any, Literal

from rillet.blocks import Blocks
from rillet.components import Accordion, Button, Column, Row, Textbox, get_component
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
        cache_mode: Literal["eager", "lazy"] | None = None,
        examples_per_page: int = 10,
        example_labels: list[str] | None = None,
        preload_example: int | Literal[False] = 0,
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
        additional_inputs: Any = None,
        additional_inputs_accordion: str | Accordion | None = None,
        flagging_options: Any = None,
        flagging_dir: str | None = None,
        flagging_callback: Any = None,
        analytics_enabled: bool | None = None,
        batch: bool = False,
        max_batch_size: int = 4,
        api_description: Any = None,
        allow_duplication: bool = False,
        delete_cache: tuple[int, int] | None = None,
        fill_width: bool = False,
        deep_link: Any = None,
        validator: Callable[..., Any] | None = None,
        _api_mode: bool = False,
        **blocks_options: Any,
    ) -> None:
        if _empty(inputs) and _empty(outputs):
            raise ValueError("Must provide at least one of `inputs` or `outputs`")
        super().__init__(
            mode="interface",
            title=title or "Gradio",
            analytics_enabled=analytics_enabled,
            delete_cache=delete_cache,
            fill_width=fill_width,
            **blocks_options,
        )
        _warn_unhonoured(
            flagging_mode=flagging_mode not in (None, "never") or None,
            flagging_options=flagging_options,
            flagging_dir=flagging_dir,
            flagging_callback=flagging_callback,
            allow_duplication=allow_duplication or None,
            deep_link=deep_link,
        )
        self.batch = batch
        self.fn = fn
        self._flag_names = _flag_buttons(flagging_mode, flagging_options)
        #: Gradio's ``interface_type``: "standard", "output_only" or "input_only".
        self.interface_type = (
            "output_only" if _empty(inputs) else "input_only" if _empty(outputs) else "standard"
        )
        self.settings.description, self.settings.article = description, article
        self.live = live
        self.time_limit, self.stream_every = time_limit, stream_every
        self.examples = examples
        self.main_input_components = [get_component(c, render=False) for c in as_list(inputs)]
        #: ``additional_inputs``: more of the function's inputs, after the main ones, drawn
        #: in an accordion ("Additional Inputs") under them.
        self.additional_input_components = [
            get_component(c, render=False) for c in as_list(additional_inputs)
        ]
        self.additional_inputs_accordion = additional_inputs_accordion
        #: All the function's inputs, in its parameters' order.
        self.input_components = self.main_input_components + self.additional_input_components
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
                batch=batch,
                max_batch_size=max_batch_size,
                api_description=api_description,
                validator=validator,
            )
            self._examples(
                cache_examples, cache_mode, examples_per_page, example_labels, preload_example
            )

    def _layout(self, submit: str | Button, stop: str | Button, clear: str | Button | None) -> None:
        with Row(equal_height=False):
            if self.interface_type != "output_only":
                with Column(variant="panel"):
                    for component in self.main_input_components:
                        component.render()
                    self._buttons(submit, stop, clear)
                    self._additional_inputs()
            if self.interface_type != "input_only":
                with Column(variant="panel"):
                    for component in self.output_components:
                        component.render()
                    if self.interface_type == "output_only":
                        self._buttons("Generate", stop, clear)

    def _additional_inputs(self) -> None:
        """The additional inputs, in a closed accordion: Gradio's, or the one given (or
        its label)."""
        if not self.additional_input_components:
            return
        accordion = self.additional_inputs_accordion
        if not isinstance(accordion, Accordion):
            accordion = Accordion(accordion or "Additional Inputs", open=False, render=False)
        accordion.render()
        with accordion:
            for component in self.additional_input_components:
                component.render()

    def _buttons(
        self, submit: str | Button, stop: str | Button, clear: str | Button | None
    ) -> None:
        """Clear, Stop (shown while a generator runs) and Submit; an output-only interface
        keeps its Generate button when live, as in Gradio."""
        with Row():
            self.clear_btn = _button(clear, "secondary") if clear else None
            self.stop_btn = _button(stop, "stop", visible=False)
            keep = not self.live or self.interface_type == "output_only"
            self.submit_btn = _button(submit, "primary") if keep else None

    def _wire(self, **options: Any) -> None:
        if self.live:  # names not reserved (yet) for a live Interface's events
            self._wire_predict(**options)
            return
        stoppable = is_generator(self.fn)
        if stoppable:
            self._reserve_api_names("lambda")  # Gradio: the step that shows Stop
        self._wire_predict(**options)
        if stoppable:
            self._reserve_api_names("cleanup", "cleanup")  # and those that hide it
        if self.clear_btn is not None:
            self._reserve_api_names("js_fn", "js_fn")  # Gradio's Clear: two page steps
        if self.interface_type != "input_only":
            for _ in self._flag_names:
                self._reserve_api_names("lambda", "Flag", "reset")

    def _reserve_api_names(self, *names: str) -> None:
        """Take the API names of steps Gradio's Interface wires and rillet does not (its
        Clear button's page-side steps, a Stop button's show and hide, each Flag button's
        three steps; rillet's Clear and Stop are done on the page, and it draws no Flag
        button): each name is held by a private dependency that nothing triggers, so that
        the endpoints named after them are numbered as in Gradio (a ``lambda`` the app
        wires after an Interface is ``/lambda_3`` when that Interface has three flagging
        options, in Gradio and here)."""
        for name in names:
            self.spec.listen([], _placeholder(name), None, None, api_visibility="private")

    def _wire_predict(self, **options: Any) -> None:
        if self.live and self.interface_type == "output_only":
            self.load(self.fn, None, self.output_components)  # then Generate runs it again
        if self.live and self.interface_type != "output_only":
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

    def _examples(
        self,
        cache_examples: bool | None,
        cache_mode: Literal["eager", "lazy"] | None,
        per_page: int,
        labels: list[str] | None,
        preload: int | Literal[False],
    ) -> None:
        """``examples=``: a ``gr.Examples`` under the inputs and outputs for the inputs
        that are not ``gr.State`` (caching is off with a State, as in Gradio). A click
        fills the inputs; with ``cache_examples`` it also shows the cached outputs."""
        from rillet.examples import Examples

        self.examples_handler: Examples | None = None
        if not self.examples:
            return
        inputs = [c for c in self.input_components if not getattr(c, "stateful", False)]
        outputs = [c for c in self.output_components if not getattr(c, "stateful", False)]
        if len(inputs) < len(self.input_components) or len(outputs) < len(self.output_components):
            if cache_examples:
                warnings.warn(
                    "Cache examples cannot be used with state inputs and outputs. "
                    "Setting cache_examples to False.",
                    UserWarning,
                    stacklevel=4,
                )
            cache_examples = False
        self.examples_handler = Examples(
            self.examples,
            inputs,
            outputs,
            fn=self.fn,
            cache_examples=cache_examples,
            cache_mode=cache_mode,
            examples_per_page=per_page,
            batch=getattr(self, "batch", False),
            example_labels=labels,
            preload=preload,
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


def _flag_buttons(mode: str | None, options: Any) -> list[str]:
    """The Flag buttons Gradio's Interface draws: one per ``flagging_options`` (one "Flag"
    by default) when ``flagging_mode`` is "manual", Gradio's default (or the
    ``GRADIO_FLAGGING_MODE`` environment variable's)."""
    mode = mode if mode is not None else os.getenv("GRADIO_FLAGGING_MODE", "manual")
    if mode != "manual":
        return []
    return [str(o) for o in as_list(options)] if options else ["Flag"]


def _placeholder(name: str) -> Callable[..., None]:
    """A function named ``name`` that holds an API name (see ``_reserve_api_names``)."""

    def hold() -> None:
        return None

    hold.__name__ = hold.__qualname__ = name
    return hold


def _warn_unhonoured(**arguments: Any) -> None:
    """Warn, naming each, about the Interface arguments given that rillet does not act on."""
    for name, value in arguments.items():
        if value is not None:
            warnings.warn(
                f"gr.Interface: `{name}` has no effect in rillet (accepted for "
                "compatibility with Gradio)",
                UserWarning,
                stacklevel=4,
            )


def _empty(components: Any) -> bool:
    return components is None or (isinstance(components, list | tuple) and len(components) == 0)


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
