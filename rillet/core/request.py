"""``gr.Request``: what an event function may know of the HTTP request that started it.

    def greet(name, request: gr.Request):
        return f"Hello {name}, from {request.client.host}"

A parameter annotated ``gr.Request`` (or ``gr.Request | None``, ``Optional[gr.Request]``) is
filled by the server, not from the event's inputs, and is left out of the API's
parameters. The request is the one that started the event (its ``queue/join``), copied
when the event joined the queue into plain values, so that it outlives that request and
can be pickled (``backend="ray"`` sends it to the worker with the other arguments).

Attributes, as Gradio's: ``headers`` (case-insensitive), ``client`` (``.host``, ``.port``),
``query_params`` (the page's own query string, which the page passes on), ``path_params``,
``cookies``, ``url``, ``session_hash`` and ``username`` (None unless ``launch(auth=...)``).
"""

from __future__ import annotations

import inspect
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple
from urllib.parse import urlencode

from rillet.core.eventdata import EVENT_DATA_CLASSES, EventData
from rillet.core.warm import Warm


class Address(NamedTuple):
    """The client's address (``request.client.host``, ``request.client.port``)."""

    host: str | None
    port: int | None


class MultiMap(Mapping[str, str]):
    """A read-only mapping that keeps repeated keys: ``m[key]`` is one value,
    ``m.getlist(key)`` all of them. ``fold_case`` makes keys case-insensitive (headers,
    whose keys are listed in lower case); then ``m[key]`` is the first value, else the last
    (as Starlette's headers and query parameters)."""

    def __init__(self, items: Iterable[tuple[str, str]] = (), *, fold_case: bool = False) -> None:
        self._fold = fold_case
        self._items = [(self._key(str(k)), str(v)) for k, v in items]
        self._first: dict[str, str] = {}
        for key, value in self._items:
            if not fold_case or key not in self._first:
                self._first[key] = value

    def _key(self, key: str) -> str:
        return key.lower() if self._fold else key

    def __getitem__(self, key: str) -> str:
        return self._first[self._key(key)]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._key(key) in self._first

    def __iter__(self) -> Iterator[str]:
        return iter(self._first)

    def __len__(self) -> int:
        return len(self._first)

    def getlist(self, key: str) -> list[str]:
        """Every value of ``key``, in order."""
        wanted = self._key(key)
        return [v for k, v in self._items if k == wanted]

    def multi_items(self) -> list[tuple[str, str]]:
        """Every (key, value) pair, repeated keys included."""
        return list(self._items)

    def __repr__(self) -> str:
        """As Starlette writes its own, which is what a Gradio app printing
        ``request.headers`` or ``request.query_params`` shows: ``Headers({...})`` (with
        repeated keys ``Headers(raw=[...])``) and ``QueryParams('a=1&b=2')``."""
        if not self._fold:
            return f"QueryParams({urlencode(self._items)!r})"
        if len(self._first) == len(self._items):
            return f"Headers({dict(self._items)!r})"
        raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in self._items]
        return f"Headers(raw={raw!r})"


def _pairs(value: Any) -> list[tuple[str, str]]:
    """(key, value) pairs of a mapping, a multi-mapping or a list of pairs."""
    if value is None:
        return []
    for name in ("multi_items", "items"):
        method = getattr(value, name, None)
        if callable(method):
            return [(str(k), str(v)) for k, v in method()]
    return [(str(k), str(v)) for k, v in value]


def _address(value: Any) -> Address:
    if value is None:
        return Address(None, None)
    if isinstance(value, Mapping):
        return Address(value.get("host"), value.get("port"))
    if hasattr(value, "host"):
        return Address(value.host, getattr(value, "port", None))
    host, port = value  # a (host, port) pair
    return Address(host, port)


class Request:
    """The HTTP request that started an event, for a parameter annotated ``gr.Request``.

    Made by the server; made by hand (``gr.Request(headers={...}, session_hash="s")``) to
    call such a function in a test. ``request`` may be a Starlette/FastAPI request to copy
    from; keyword arguments (``headers``, ``client``, ``query_params``, ``path_params``,
    ``cookies``, ``url`` and any other) set or override attributes."""

    def __init__(
        self,
        request: Any = None,
        username: str | None = None,
        session_hash: str | None = None,
        **kwargs: Any,
    ) -> None:
        def given(name: str, default: Any = None) -> Any:
            if name in kwargs:
                return kwargs.pop(name)
            return getattr(request, name, default) if request is not None else default

        self.username = username
        self.session_hash = session_hash
        self.headers = MultiMap(_pairs(given("headers")), fold_case=True)
        self.client = _address(given("client"))
        self.query_params = MultiMap(_pairs(given("query_params")))
        self.path_params: dict[str, Any] = dict(given("path_params") or {})
        self.cookies: dict[str, str] = dict(given("cookies") or {})
        self.url = str(given("url", "") or "")
        #: Other attributes given by keyword (Gradio's ``Request`` keeps them too).
        self.kwargs: dict[str, Any] = kwargs

    def __getattr__(self, name: str) -> Any:
        kwargs = self.__dict__.get("kwargs", {})
        if name in kwargs:
            return kwargs[name]
        raise AttributeError(
            f"'Request' object has no attribute {name!r} (it has headers, "
            "client, query_params, path_params, cookies, url, session_hash "
            "and username)"
        )

    def __repr__(self) -> str:
        return (
            f"Request(url={self.url!r}, client={tuple(self.client)!r}, "
            f"session_hash={self.session_hash!r}, username={self.username!r})"
        )


#: A string annotation (``from __future__ import annotations``, when the name cannot be
#: resolved) naming a class the server fills, maybe optional: its group ``name``.
_ANNOTATION = re.compile(
    r"^(?:(?:typing\.)?Optional\[\s*)?(?:None\s*\|\s*)?(?:(?:gr|gradio|rillet)\.)?"
    r"(?P<name>\w+)\s*(?:\|\s*None\s*)?\]?$"
)


def _server_filled(annotation: Any) -> type | None:
    """``Request`` or the ``EventData`` class that ``annotation`` names (maybe optional),
    else None."""
    if isinstance(annotation, type):
        return annotation if annotation is Request or issubclass(annotation, EventData) else None
    if isinstance(annotation, str):  # quoted once more under ``from __future__ import annotations``
        match = _ANNOTATION.match(annotation.strip().strip("'\"").strip())
        name = match.group("name") if match else ""
        return Request if name == "Request" else EVENT_DATA_CLASSES.get(name)
    members = [m for m in typing.get_args(annotation) if m is not type(None)]
    return _server_filled(members[0]) if len(members) == 1 else None


def _hints(fn: Callable[..., Any]) -> dict[str, Any]:
    target: Any = fn
    while hasattr(target, "func") or isinstance(target, Warm):
        target = target.call if isinstance(target, Warm) else target.func
    if not callable(target):
        return {}
    try:
        return typing.get_type_hints(target)
    except Exception:  # noqa: BLE001 - unresolvable names: read the strings instead
        return {}


def server_parameters(fn: Callable[..., Any] | None) -> list[tuple[inspect.Parameter, type]]:
    """The parameters of ``fn`` the server fills, in order, each with its class:
    ``gr.Request`` or an ``EventData`` class (``gr.SelectData``...)."""
    if fn is None:
        return []
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return []
    if all(p.annotation is inspect.Parameter.empty for p in params):
        return []
    hints = _hints(fn)
    found = ((p, _server_filled(hints.get(p.name, p.annotation))) for p in params)
    return [(p, kind) for p, kind in found if kind is not None]


def input_parameter_names(fn: Callable[..., Any] | None) -> list[str]:
    """The names of ``fn``'s parameters that take the event's inputs (not ``gr.Request``
    nor event data)."""
    if fn is None:
        return []
    try:
        params = inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return []
    skipped = {p.name for p, _ in server_parameters(fn)}
    return [name for name in params if name not in skipped]


def with_request(
    fn: Callable[..., Any],
    args: list[Any],
    request: Request | None,
    event: tuple[Any, Any] = (None, None),
) -> tuple[list[Any], dict[str, Any]]:
    """The positional and keyword arguments that call ``fn`` with ``args`` (the inputs),
    ``request`` in each of its ``gr.Request`` parameters and, in each event-data parameter,
    that class made of ``event`` (the target block and the data the page sent): in its
    place among the inputs when it comes before or right after them, by name otherwise
    (after parameters left to their defaults, such as ``gr.Progress()``)."""
    params = server_parameters(fn)
    if not params:
        return args, {}
    values, by_name = list(args), {}
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    order = list(inspect.signature(fn).parameters.values())
    for param, kind in params:
        value = request if kind is Request else kind(*event)
        index = order.index(param)
        if param.kind in positional and index <= len(values):
            values.insert(index, value)
        else:
            by_name[param.name] = value
    return values, by_name
