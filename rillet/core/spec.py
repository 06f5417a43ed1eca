"""The app spec: blocks (components and layouts) and the event bindings between them.

Plain data built by ``Blocks`` (and its presets). The server turns it into ``/config`` and
``/gradio_api/info``; the queue runs its dependencies. Nothing here knows a concrete
component: blocks only need the small :class:`BlockLike` surface.
"""

from __future__ import annotations

import inspect
import warnings
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol

from rillet.core.warm import Warm

_building: ContextVar[AppSpec | None] = ContextVar("rillet_building", default=None)
_parent: ContextVar[Any] = ContextVar("rillet_parent", default=None)

#: Listener options that rillet takes and does not need: ``key`` (a render's listeners are
#: made again on each render and an event in progress runs to its end, which is what a key
#: gives in Gradio) and ``api_description`` (kept for ``/info``).
QUIET_OPTIONS = frozenset({"key"})


class BlockLike(Protocol):
    """What the spec needs of a block."""

    _id: int | None

    def get_block_name(self) -> str: ...

    def get_config(self) -> dict[str, Any]: ...


def current_spec() -> AppSpec | None:
    """The spec being built by the innermost open ``with Blocks()``, if any."""
    return _building.get()


def current_parent() -> Any:
    """The layout block being filled (``with gr.Row():``), if any."""
    return _parent.get()


@contextmanager
def building(spec: AppSpec, parent: Any) -> Iterator[None]:
    """Make ``spec`` the target of new blocks, with ``parent`` as their container."""
    spec_token = _building.set(spec)
    parent_token = _parent.set(parent)
    try:
        yield
        while spec.deferred:
            spec.deferred.pop(0)()
        spec.fill_expected_parents(parent._id if parent is not None else spec.root_id)
    finally:
        _parent.reset(parent_token)
        _building.reset(spec_token)


@contextmanager
def filling(parent: Any) -> Iterator[None]:
    """Put the blocks made inside into ``parent`` (a layout block)."""
    token = _parent.set(parent)
    try:
        yield
        spec = current_spec()
        if spec is not None and parent is not None and parent._id in spec.blocks:
            spec.fill_expected_parents(parent._id)
    finally:
        _parent.reset(token)


def is_generator(fn: Callable[..., Any] | None) -> bool:
    """True for sync and async generator functions (also behind ``functools.partial``)."""
    while hasattr(fn, "func") or isinstance(fn, Warm):
        fn = fn.call if isinstance(fn, Warm) else fn.func  # type: ignore[union-attr]
    return inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn)


@dataclass
class Dependency:
    """One event binding: when a target fires, call ``fn`` on ``inputs`` into ``outputs``."""

    id: int
    spec: AppSpec
    fn: Callable[..., Any] | None
    targets: list[tuple[int, str]]
    inputs: list[Any]
    outputs: list[Any]
    api_name: str | None
    queue: bool = True
    concurrency_limit: int | str | None = "default"
    concurrency_id: str | None = None
    cancels: list[int] = field(default_factory=list)
    trigger_after: int | None = None
    trigger_only_on_success: bool = False
    trigger_only_on_failure: bool = False
    show_progress: str = "full"
    api_visibility: str = "public"
    time_limit: float | None = None
    stream_every: float = 0.5
    connection: str = "sse"
    frontend: dict[str, Any] | None = None
    show_error: bool = False
    trigger_mode: str = "once"
    #: ``batch=True``: the function takes a list per input and returns a list per output;
    #: up to ``max_batch_size`` waiting events are run in one call (rillet/core/batching.py).
    batch: bool = False
    max_batch_size: int = 4
    #: False: the function gets the payloads as sent / its results are sent as returned.
    preprocess: bool = True
    postprocess: bool = True
    #: JavaScript run in the page: on the inputs before ``fn`` (its result becomes the
    #: inputs), or instead of it when ``fn`` is None (served as a module, see
    #: rillet/server/app_js.py).
    js: str | None = None
    #: ``validator=``: called with the inputs before the event joins the queue; a
    #: ``gr.validate(False, ...)`` among its results refuses the event (rillet/core/validation.py).
    validator: Callable[..., Any] | None = None
    #: The page scrolls to the first output when the event ends.
    scroll_to_output: bool = False
    #: The blocks that show the progress instead of the outputs (ids).
    show_progress_on: list[int] | None = None
    #: ``inputs`` given as a set: the function gets one dict, component -> value.
    inputs_as_dict: bool = False
    #: ``inputs_kwargs``: the names of the last inputs, passed to the function by name.
    keyword_inputs: list[str] = field(default_factory=list)
    #: ``api_description``: the endpoint's description in the API docs (None: the
    #: function's docstring; False: none).
    api_description: str | bool | None = None
    #: Ray options for this event's calls (``num_gpus``, ``resources``...), used by
    #: ``backend="ray"`` and ignored in-process.
    ray_options: dict[str, Any] | None = None
    # --- @gr.render (rillet/core/render.py) ---
    #: The render block this dependency draws (its function makes blocks and events).
    render: Any = None
    #: The render block whose render made this dependency (a per-session one).
    rendered_in: int | None = None
    # --- end @gr.render ---

    def __post_init__(self) -> None:
        if self.ray_options is not None and not isinstance(self.ray_options, dict):
            raise TypeError(
                "ray_options must be a dict of Ray options, such as "
                f"{{'num_gpus': 1}}; got {self.ray_options!r}"
            )

    @property
    def generator(self) -> bool:
        return is_generator(self.fn)

    @property
    def group(self) -> str:
        """The concurrency group this dependency's events share."""
        return self.concurrency_id or str(id(self.fn))

    def then(
        self,
        fn: Callable[..., Any] | None = None,
        inputs: Any = None,
        outputs: Any = None,
        **options: Any,
    ) -> Dependency:
        """Run ``fn`` after this event ends, whatever its outcome."""
        return self.spec.listen([], fn, inputs, outputs, trigger_after=self.id, **options)

    def success(
        self,
        fn: Callable[..., Any] | None = None,
        inputs: Any = None,
        outputs: Any = None,
        **options: Any,
    ) -> Dependency:
        """Run ``fn`` after this event ends without an error."""
        return self.spec.listen(
            [], fn, inputs, outputs, trigger_after=self.id, trigger_only_on_success=True, **options
        )

    def failure(
        self,
        fn: Callable[..., Any] | None = None,
        inputs: Any = None,
        outputs: Any = None,
        **options: Any,
    ) -> Dependency:
        """Run ``fn`` after this event ends with an error (not after a Stop)."""
        return self.spec.listen(
            [], fn, inputs, outputs, trigger_after=self.id, trigger_only_on_failure=True, **options
        )

    def config(self) -> dict[str, Any]:
        """This dependency as it appears in ``/config``."""
        return {
            "id": self.id,
            "targets": [list(t) for t in self.targets],
            "inputs": [b._id for b in self.inputs],
            "outputs": [b._id for b in self.outputs],
            "api_name": self.api_name,
            "api_visibility": self.api_visibility,
            "queue": self.queue,
            "backend_fn": self.fn is not None,
            "types": {
                "generator": self.generator,
                "cancel": bool(self.cancels) and self.fn is None,
            },
            "cancels": self.cancels,
            "trigger_after": self.trigger_after,
            "trigger_only_on_success": self.trigger_only_on_success,
            "trigger_only_on_failure": self.trigger_only_on_failure,
            "show_progress": self.show_progress,
            "connection": self.connection,
            "time_limit": self.time_limit,
            "stream_every": self.stream_every,
            "concurrency_limit": self.concurrency_limit,
            "frontend": self.frontend,
            "js": self.js,
            "trigger_mode": self.trigger_mode,
            "batch": self.batch,
            "max_batch_size": self.max_batch_size,
            "scroll_to_output": self.scroll_to_output,
            "show_progress_on": self.show_progress_on,
            "render_id": self.render.id if self.render is not None else None,  # @gr.render
            "rendered_in": self.rendered_in,  # @gr.render
        }


def listener_options(options: dict[str, Any]) -> dict[str, Any]:
    """A listener's options as :class:`Dependency` fields: Gradio's ones that need no field
    dropped, ``js=True`` (Gradio turns the Python function into JavaScript) and the
    ``every=`` of Gradio 4 warned."""
    options = {k: v for k, v in options.items() if k not in QUIET_OPTIONS}
    if options.get("js") is True:
        warnings.warn(
            "js=True (the function transpiled to JavaScript) is not supported by rillet: "
            "the function runs on the server",
            UserWarning,
            stacklevel=4,
        )
        options["js"] = None
    if options.get("every") is not None:
        warnings.warn(
            "every= on an event listener was removed in Gradio 5 and rillet ignores it: "
            "use gr.Timer(every).tick(...)",
            UserWarning,
            stacklevel=4,
        )
    options.pop("every", None)
    if "inputs_kwargs" in options and not isinstance(options["inputs_kwargs"], (dict, type(None))):
        raise TypeError("inputs_kwargs must be a dict of parameter name -> component")
    return options


def default_trigger_mode(targets: list[tuple[Any, str]]) -> str:
    """Gradio's default ``trigger_mode``, from the first trigger: ``"always_last"`` for
    ``change`` and ``key_up`` (the last change runs once the pending one ends),
    ``"multiple"`` for a live ``stream``, else ``"once"``."""
    event = targets[0][1] if targets else None
    if event in ("change", "key_up"):
        return "always_last"
    return "multiple" if event == "stream" else "once"


def as_list(blocks: Any) -> list[Any]:
    """Gradio accepts one block, a list, a set or None for ``inputs``/``outputs``."""
    if blocks is None:
        return []
    if isinstance(blocks, (list, tuple)):
        return list(blocks)
    if isinstance(blocks, (set, frozenset)):
        return sorted(blocks, key=lambda b: b._id)
    if isinstance(blocks, dict):
        return list(blocks)
    return [blocks]


@dataclass
class AppSpec:
    """All blocks of an app, in creation order, and its dependencies."""

    blocks: dict[int, Any] = field(default_factory=dict)
    children: dict[int, list[int]] = field(default_factory=dict)
    dependencies: list[Dependency] = field(default_factory=list)
    root_id: int = 0
    #: Work left for when the ``with Blocks()`` (or render) being built closes: the events
    #: of components whose value is a function, made after every listener the app wrote,
    #: as in Gradio (so their ids and api names come after those).
    deferred: list[Callable[[], None]] = field(default_factory=list)
    #: ``Blocks(fill_height=True)``: an implicit Form at the top grows with its fields' scale.
    fill_height: bool = False

    def add(self, block: Any) -> None:
        """Give ``block`` an id and put it into the current container."""
        if block._id is None:
            block._id = len(self.blocks) + 1 if self.blocks else self.root_id + 1
            while block._id in self.blocks or block._id == self.root_id:
                block._id += 1
        self.blocks[block._id] = block
        parent = current_parent()
        parent_id = parent._id if parent is not None else self.root_id
        self.children.setdefault(parent_id, []).append(block._id)

    def fill_expected_parents(self, parent_id: int) -> None:
        """Put the children of ``parent_id`` that must sit in a layout of another kind (a
        ``Tab`` outside a ``Tabs``, form fields outside a ``Form``) into one made for them,
        one per run of neighbours, as Gradio does when the container is closed: the new
        layout's id comes after its children's, which is what Gradio's ``parameter_N`` and
        ``value_N`` API labels count. A block that draws nothing (``State``) does not end
        a run; a compact ``Row``/``Column`` groups nothing."""
        parent = self.blocks.get(parent_id)
        if getattr(parent, "variant", None) == "compact":
            return
        kept: list[int] = []
        wrapper: Any = None
        grandparent: Any = ...
        for kid in list(self.children.get(parent_id, [])):
            block = self.blocks[kid]
            expected: Any = getattr(block, "get_expected_parent", lambda: None)()
            if not getattr(expected, "made_around_children", False) or isinstance(parent, expected):
                kept.append(kid)
                if getattr(block, "breaks_grouping", lambda: True)():
                    wrapper = None
                continue
            if not isinstance(wrapper, expected):
                wrapper = self._wrapper(expected, block)
                kept.append(wrapper._id)
            self.children.setdefault(wrapper._id, []).append(kid)
            if hasattr(wrapper, "adopt"):
                if grandparent is ...:
                    grandparent = self.parent_of(parent_id)
                wrapper.adopt(block, parent, grandparent, self.fill_height)
        if parent_id in self.children:
            self.children[parent_id] = kept

    def _wrapper(self, kind: Any, first: Any) -> Any:
        """A new layout of ``kind`` for ``first`` and its neighbours (keyed after ``first``
        inside a render, as Gradio keys it), with an id but not yet placed."""
        key = getattr(first, "key", None)
        if key is not None:
            key = (*key, "_parent") if isinstance(key, tuple) else (key, "_parent")
        wrapper = kind(render=False, key=key)
        with filling(None):
            self.add(wrapper)
        self.children[self.root_id].remove(wrapper._id)
        return wrapper

    def parent_of(self, block_id: int) -> Any:
        """The layout block holding ``block_id`` (None at the top)."""
        for parent_id, kids in self.children.items():
            if block_id in kids:
                return self.blocks.get(parent_id)
        return None

    def listen(
        self,
        targets: Iterable[tuple[Any, str]],
        fn: Callable[..., Any] | None,
        inputs: Any = None,
        outputs: Any = None,
        *,
        api_name: Any = None,
        cancels: Any = None,
        show_api: bool | None = None,
        api_visibility: str | None = None,
        **options: Any,
    ) -> Dependency:
        """Add a dependency; returns it so ``.then`` can chain."""
        options = listener_options(options)
        keyword = options.pop("inputs_kwargs", None) or {}
        unknown = set(options) - set(Dependency.__dataclass_fields__)
        if unknown:
            raise TypeError(f"unexpected listener argument(s): {', '.join(sorted(unknown))}")
        if isinstance(inputs, (set, frozenset)):
            options["inputs_as_dict"] = True
        inputs_list, outputs_list = as_list(inputs) + list(keyword.values()), as_list(outputs)
        options["keyword_inputs"] = list(keyword)
        if options.get("show_progress_on") is not None:
            options["show_progress_on"] = [b._id for b in as_list(options["show_progress_on"])]
        for block in inputs_list + outputs_list:
            if block._id is None or block._id not in self.blocks:
                block._id = None
                self.add(block)
        if fn is None and cancels:
            return self._add_canceller(targets, cancels, options.get("trigger_after"))
        targets = list(targets)
        if options.get("trigger_mode") is None:
            options["trigger_mode"] = default_trigger_mode(targets)
        visibility = api_visibility or ("undocumented" if show_api is False else "public")
        if api_name is False:
            visibility, api_name = "private", None
        dep = Dependency(
            id=len(self.dependencies),
            spec=self,
            fn=fn,
            targets=[(t._id if hasattr(t, "_id") else t, name) for t, name in targets],
            inputs=inputs_list,
            outputs=outputs_list,
            api_name=self._api_name(fn, api_name) if fn is not None else None,
            api_visibility=visibility,
            **options,
        )
        self.dependencies.append(dep)
        if cancels:
            self._add_canceller(dep.targets, cancels, dep.trigger_after)
        return dep

    def _add_canceller(
        self, targets: Iterable[tuple[Any, str]], cancels: Any, trigger_after: int | None
    ) -> Dependency:
        ids = [c.id for c in as_list(cancels)]
        dep = Dependency(
            id=len(self.dependencies),
            spec=self,
            fn=None,
            targets=[(t._id if hasattr(t, "_id") else t, name) for t, name in targets],
            inputs=[],
            outputs=[],
            api_name=None,
            queue=False,
            cancels=ids,
            trigger_after=trigger_after,
            api_visibility="private",
        )
        self.dependencies.append(dep)
        return dep

    def _api_name(self, fn: Callable[..., Any], wanted: str | None) -> str:
        base = wanted or getattr(fn, "__name__", None) or "predict"
        if base == "<lambda>":
            base = "lambda"
        taken = {d.api_name for d in self.dependencies}
        if wanted is not None and wanted not in taken:
            return wanted
        name, n = base, 0
        while name in taken:
            n += 1
            name = f"{base}_{n}"
        return name

    def layout(self, block_id: int | None = None) -> dict[str, Any]:
        """The layout tree under ``block_id`` (the root when None)."""
        node_id = self.root_id if block_id is None else block_id
        node: dict[str, Any] = {"id": node_id}
        kids = self.children.get(node_id)
        if kids is not None:
            node["children"] = [self.layout(k) for k in kids]
        return node
