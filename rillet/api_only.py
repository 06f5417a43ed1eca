"""``gr.api(fn)``: an endpoint with no user interface, for ``gradio_client``, the REST API
and the MCP server only.

Its parameters and results are :class:`Api` values whose JSON schemas come from ``fn``'s
type hints (``int`` is an integer, ``list[str]`` an array of strings, ``X | None`` one of
X or null, ``Literal["a", "b"]`` an enum; no hint is any value). They are not drawn on the
page: the blocks stay out of the layout.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable
from typing import Any, ClassVar, Literal

from rillet.components.base import Component
from rillet.core import spec as specs

#: JSON schemas of the plain types.
PLAIN: dict[Any, dict[str, Any]] = {
    int: {"type": "integer"},
    float: {"type": "number"},
    str: {"type": "string"},
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    list: {"type": "array"},
    tuple: {"type": "array"},
    dict: {"type": "object"},
}


def schema_of(hint: Any) -> dict[str, Any]:
    """The JSON schema of a type hint (``{}``, any value, for none or one it cannot say)."""
    if hint in PLAIN:
        return dict(PLAIN[hint])
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin in (typing.Union, types.UnionType):
        return {"oneOf": [schema_of(a) for a in args]}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (list, set, frozenset) or (origin is tuple and len(args) == 2 and args[1] is ...):
        return {"type": "array", "items": schema_of(args[0])} if args else {"type": "array"}
    if origin is tuple:
        return {"type": "array", "prefixItems": [schema_of(a) for a in args]}
    if origin is dict:
        extra = schema_of(args[1]) if len(args) == 2 else {}
        return {"type": "object", "additionalProperties": extra or True}
    return {}


class Api(Component):
    """One parameter or result of a ``gr.api`` endpoint: its value goes to the function
    (and back to the client) as JSON, unchanged. Never drawn on the page."""

    EVENTS: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, schema: dict[str, Any] | None = None, *, value: Any = None, label: str | None = None
    ) -> None:
        self.schema = dict(schema or {})
        super().__init__(value, label=label, render=False)

    def api_info(self) -> dict[str, Any]:
        return dict(self.schema)

    def example_payload(self) -> Any:
        return "..."


def ordinal(n: int) -> str:
    """``1st``, ``2nd``, ``3rd``, ``4th``... (the labels of gr.api's values, as Gradio's)."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _values(fn: Callable[..., Any]) -> tuple[list[Api], list[Api]]:
    """The :class:`Api` inputs (one per positional parameter) and outputs (one, or one per
    item of a ``tuple[...]`` return hint) of ``fn``."""
    try:
        hints = typing.get_type_hints(fn)
    except (NameError, TypeError):
        hints = {}
    params = [
        p
        for p in inspect.signature(fn).parameters.values()
        if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]
    inputs = [
        Api(
            schema_of(hints.get(p.name, Any)),
            value=None if p.default is p.empty else p.default,
            label=ordinal(i + 1),
        )
        for i, p in enumerate(params)
    ]
    returned = hints.get("return", Any)
    if returned is None or returned is type(None):
        return inputs, []
    items = typing.get_args(returned) if typing.get_origin(returned) is tuple else ()
    if items and ... not in items:
        return inputs, [Api(schema_of(h), label=ordinal(i + 1)) for i, h in enumerate(items)]
    return inputs, [Api(schema_of(returned), label=ordinal(1))]


def api(
    fn: Callable[..., Any] | Literal["decorator"] = "decorator",
    *,
    api_name: str | None = None,
    api_description: str | None = None,
    queue: bool = True,
    batch: bool = False,
    max_batch_size: int = 4,
    concurrency_limit: int | Literal["default"] | None = "default",
    concurrency_id: str | None = None,
    api_visibility: Literal["public", "private", "undocumented"] = "public",
    time_limit: int | None = None,
    stream_every: float = 0.5,
) -> Any:
    """Add ``fn`` to the ``Blocks`` being built as an API endpoint with no user interface
    (named ``api_name``, else after the function): ``gradio_client``, curl and MCP clients
    can call it; the page shows nothing. Without ``fn``, a decorator. The options are the
    event listeners' ones. Returns the endpoint's dependency."""
    options = {
        "api_name": api_name,
        "api_description": api_description,
        "queue": queue,
        "batch": batch,
        "max_batch_size": max_batch_size,
        "concurrency_limit": concurrency_limit,
        "concurrency_id": concurrency_id,
        "api_visibility": api_visibility,
        "time_limit": time_limit,
        "stream_every": stream_every,
    }
    if fn == "decorator":

        def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
            _add(func, options)
            return func

        return decorate
    return _add(fn, options)


def _add(fn: Callable[..., Any], options: dict[str, Any]) -> Any:
    spec = specs.current_spec()
    if spec is None:
        raise RuntimeError("gr.api() must be called inside a `with gr.Blocks():` block")
    inputs, outputs = _values(fn)
    dep = spec.listen([], fn, inputs, outputs, **options)
    hidden = {b._id for b in inputs + outputs}
    for parent, children in spec.children.items():
        spec.children[parent] = [c for c in children if c not in hidden]
    return dep
