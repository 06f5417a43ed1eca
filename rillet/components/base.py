"""The base classes of every block: :class:`Block`, :class:`Component`, :class:`Layout`.

A component converts the browser's payload to a Python value (``preprocess``) and a Python
value to a payload (``postprocess``), lists its props for the page and its JSON schema for
``/gradio_api/info``, and says how its value streams as an output (``output_stream``). Its
listener methods (``.click``, ``.change``...) come from its ``EVENTS``.
"""

from __future__ import annotations

import copy
import inspect
import warnings
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rillet.core import spec as specs
from rillet.core.contract import OutputStream, Run
from rillet.core.streams import DiffStream


class Block:
    """Anything placed on the page.

    Its class names it: ``get_block_name()`` is the class name in lower case (``Textbox`` is
    ``"textbox"``), its ``type`` in ``/config`` and the page module that draws it,
    ``rillet/components/<name>.js``, so a new component is its ``x.py`` and ``x.js``.
    """

    #: A template (``TextArea``: a ``Textbox`` with other defaults) is drawn by its parent
    #: class's module, and named like it (Gradio's rule).
    is_template: ClassVar[bool] = False
    #: Its values never travel through the API (``skip_api`` in ``/config``): buttons,
    #: layouts, ``State``, and rillet's display-only ``Markdown`` and ``HTML``.
    skip_api: ClassVar[bool] = False
    #: The arguments the block was made with (see :meth:`as_update`).
    _given_arguments: tuple[tuple[Any, ...], dict[str, Any]] = ((), {})

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # The arguments given, so that a block returned by a function can act as an update
        # of just those (``return gr.Textbox(visible=True)``), as in Gradio.
        block = super().__new__(cls)
        block._given_arguments = (args, kwargs)
        return block

    def breaks_grouping(self) -> bool:
        """Whether this block ends a run of neighbouring form fields that Gradio draws in
        one ``Form``: blocks that draw nothing (``State``, ``Timer``) say no."""
        return True

    def as_update(self) -> dict[str, Any]:
        """This block as ``gr.update(...)`` of the arguments it was made with: what a
        function that returns ``gr.Textbox(visible=True, value="hi")`` means, as in Gradio
        (its props as ``/config`` shows them; its value as the raw value, postprocessed by
        the output)."""
        args, kwargs = getattr(self, "_given_arguments", ((), {}))
        try:
            named = next(c for c in type(self).__mro__ if not c.__dict__.get("is_template"))
            init = next(c.__dict__["__init__"] for c in named.__mro__ if "__init__" in c.__dict__)
            given = inspect.signature(init).bind_partial(self, *args, **kwargs)
        except TypeError:
            given = None
        names = [n for n in (given.arguments if given else kwargs) if n != "self"]
        config = self.get_config()
        update: dict[str, Any] = {"__type__": "update"}
        for name in names:
            if name == "value":
                update["value"] = getattr(self, "value", None)
            elif name in config:
                update[name] = config[name]
        return update

    def __init__(
        self,
        *,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        **_: Any,
    ) -> None:
        self._id: int | None = None
        self.visible = visible
        self.elem_id = elem_id
        self.elem_classes = (
            [elem_classes] if isinstance(elem_classes, str) else list(elem_classes or [])
        )
        self.key = key
        if render:
            self.render()

    def render(self) -> Block:
        """Place this block in the ``Blocks`` being built (if any)."""
        spec = specs.current_spec()
        if spec is not None and (self._id is None or self._id not in spec.blocks):
            self._id = None
            spec.add(self)
        return self

    def get_block_name(self) -> str:
        """The page module that draws this block (``rillet/components/<name>.js``) and its
        ``type`` in ``/config``: the class name in lower case (a template's: its parent's)."""
        named = next(c for c in type(self).__mro__ if not c.__dict__.get("is_template"))
        return named.__name__.lower()

    def props(self) -> dict[str, Any]:
        """Props specific to this block type (subclasses extend)."""
        return {}

    def get_config(self) -> dict[str, Any]:
        """All props for ``/config``."""
        return {
            "visible": self.visible,
            "elem_id": self.elem_id,
            "elem_classes": self.elem_classes,
            **self.props(),
        }

    def output_stream(self, run: Run) -> OutputStream:
        """How this block streams as an output: a block without a value takes
        ``gr.update(...)`` props only."""
        return DiffStream(_no_value(self))


def _no_value(block: Block) -> Callable[[Any], Any]:
    def refuse(value: Any) -> Any:
        raise TypeError(f"{type(block).__name__} has no value; return gr.update(...) for it")

    return refuse


def _listener(event: str) -> Callable[..., Any]:
    def listen(
        self: Component,
        fn: Callable[..., Any] | Literal["decorator"] | None = "decorator",
        inputs: Any = None,
        outputs: Any = None,
        **options: Any,
    ) -> Any:
        return self._listen(event, fn, inputs, outputs, **options)

    listen.__name__ = event
    listen.__doc__ = f"Run ``fn`` when the {event!r} event fires on this component."
    return listen


class Component(Block):
    """A block with a value."""

    EVENTS: ClassVar[tuple[str, ...]] = ()
    #: True when pre/postprocessing is slow enough to run in a worker thread.
    heavy: ClassVar[bool] = False
    #: True when the value stays on the server, one per session (``gr.State``).
    stateful: ClassVar[bool] = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for event in cls.EVENTS:
            if event not in cls.__dict__:
                setattr(cls, event, _listener(event))

    def __init__(
        self,
        value: Any = None,
        *,
        label: str | None = None,
        info: str | None = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        interactive: bool | None = None,
        **kwargs: Any,
    ) -> None:
        self.label = label
        self.info = info
        self.show_label = show_label
        self.container = container
        self.scale = scale
        self.min_width = min_width
        self.interactive = interactive
        self.value = value
        if not callable(value):
            self._warn_no_function(
                every=self.__dict__.get("_value_every"), inputs=self.__dict__.get("_value_inputs")
            )
        super().__init__(**kwargs)

    def _listen(
        self,
        event: str,
        fn: Callable[..., Any] | Literal["decorator"] | None,
        inputs: Any,
        outputs: Any,
        **options: Any,
    ) -> Any:
        spec = specs.current_spec()
        if spec is None:
            raise RuntimeError(
                f"{type(self).__name__}.{event}() must be called inside 'with gr.Blocks():'"
            )
        if event == "stream":
            # A live input: the page sends chunks to one running event (Gradio's defaults).
            self.streaming = True
            options = {
                "connection": "stream",
                "show_progress": "minimal",
                "trigger_mode": "multiple",
                **options,
            }
        if fn == "decorator":
            # Decorator use: @button.click(inputs=..., outputs=...)
            def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
                spec.listen([(self, event)], func, inputs, outputs, **options)
                return func

            return decorate
        return spec.listen([(self, event)], fn, inputs, outputs, **options)

    def with_props(self, props: dict[str, Any]) -> Component:
        """A copy of this component with the props of an update applied (``choices``...),
        so that the update's value is postprocessed as the updated component would."""
        from rillet.components._common import normalize_choices

        clone = copy.copy(self)
        for name, value in props.items():
            if name in ("value", "__type__") or not hasattr(clone, name):
                continue
            setattr(clone, name, normalize_choices(value) if name == "choices" else value)
        return clone

    def preprocess(self, payload: Any) -> Any:
        """The Python value the user's function receives for ``payload``."""
        return payload

    def postprocess(self, value: Any) -> Any:
        """The payload the page receives for the Python ``value``."""
        return value

    def api_info(self) -> dict[str, Any]:
        """JSON schema of the payload."""
        return {"type": {}, "description": "any valid value"}

    def example_payload(self) -> Any:
        return None

    def example_value(self) -> Any:
        return self.example_payload()

    def api_python_type(self) -> str:
        return "Any"

    def output_stream(self, run: Run) -> OutputStream:
        """How this component's values stream as an output (one stream per output of a
        job): by default, as edits against the last value (a grown string sends its end)."""
        return DiffStream(self.postprocess, heavy=self.heavy)

    def props(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "info": self.info,
            "show_label": self.show_label,
            "container": self.container,
            "scale": self.scale,
            "min_width": self.min_width,
            "interactive": self.interactive,
            "value": self.initial_payload(),
        }

    def render(self) -> Block:
        """Place this component; a callable ``value`` given ``every=`` or ``inputs=`` is
        recomputed by an event of its own (see :meth:`_recompute_value`)."""
        super().render()
        self._recompute_value()
        return self

    def _recompute_value(self) -> None:
        """Gradio's ``gr.Number(fn, every=2, inputs=[a])``: ``fn(*inputs)`` into this
        component on page load, on each tick of ``every`` (seconds, or a ``gr.Timer``) and
        when one of ``inputs`` changes."""
        every, inputs = self.__dict__.get("_value_every"), self.__dict__.get("_value_inputs")
        if every is None and inputs is None:
            return
        if not callable(self.value):
            return  # warned when made
        spec = specs.current_spec()
        if spec is None:
            return
        if self.__dict__.get("_value_wired") is spec:
            return
        self.__dict__["_value_wired"] = spec
        from rillet.components.timer import Timer

        sources = specs.as_list(inputs)
        targets: list[tuple[Any, str]] = [(block, "change") for block in sources]
        if every is not None:
            timer = every if isinstance(every, Timer) else Timer(every)
            targets.append((timer, "tick"))
        targets.append((spec.root_id, "load"))  # the order of Gradio's triggers
        value_fn = self.value

        def wire() -> None:
            spec.listen(targets, value_fn, sources, [self], show_progress="hidden")

        spec.deferred.append(wire)

    def _warn_no_function(self, **arguments: Any) -> None:
        """``every``/``inputs`` with a value that is not a function do nothing (as in
        Gradio): say so once, naming them."""
        if self.__dict__.get("_value_warned"):
            return
        self.__dict__["_value_warned"] = True
        for name, given in arguments.items():
            if given is not None:
                warnings.warn(
                    f"gr.{type(self).__name__}: `{name}` has no effect: the value is not a "
                    "function to recompute (as in Gradio)",
                    UserWarning,
                    stacklevel=4,
                )

    def initial_payload(self) -> Any:
        """The postprocessed initial value (a callable ``value`` is called once, unless it
        takes ``inputs``: then its first value comes from the page-load event)."""
        if callable(self.value) and self.__dict__.get("_value_inputs") is not None:
            return self.postprocess(None)
        value = self.value() if callable(self.value) else self.value
        return self.postprocess(value)


class Layout(Block):
    """A block that holds others: ``with gr.Row(): ...``."""

    skip_api: ClassVar[bool] = True

    def __enter__(self) -> Layout:
        self._filling = specs.filling(self)
        self._filling.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._filling.__exit__(*exc)
