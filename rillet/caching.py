"""Caching a function's results: ``@gr.cache`` and ``gr.Cache()``.

``@gr.cache`` keeps what a function returned (or, for a generator, everything it yielded)
under a hash of the values of its arguments; a later call with equal arguments returns
(or yields again) the kept results without running the function::

    @gr.cache
    def classify(image):            # numpy arrays, PIL images, DataFrames... are hashed
        return model(image)         # by content, so the same upload is a hit

``gr.Cache()`` is the same store under the user's control: a parameter whose default is a
``gr.Cache()`` is not an input; the function reads and writes it::

    def lookup(city, c=gr.Cache()):
        hit = c.get(city.lower())
        if hit is not None:
            return hit["forecast"]
        ...
        c.set(city.lower(), forecast=forecast)

Both evict the least recently used entry past ``max_size`` entries (0: no limit) or past
``max_memory`` bytes (an int, or text such as "512mb"). The store lives in the process,
held by the decorated function (or the ``Cache`` object): nothing is written to disk.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import inspect
import sys
import threading
import warnings
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

from rillet.core.settings import parse_size

__all__ = ["Cache", "cache"]

F = TypeVar("F", bound=Callable[..., Any])

#: Where a function keeps its cached wrappers (one per cache configuration), so that
#: ``gr.cache(fn)(...)`` called on every request shares one cache instead of a new one.
_WRAPPERS_ATTRIBUTE = "__rillet_cache_wrappers__"


class _Store:
    """Entries by key hash, least recently used first; thread-safe."""

    def __init__(self, max_size: int, max_memory: str | int | None, per_session: bool) -> None:
        self.max_size = max_size
        self.max_memory = parse_size(max_memory)
        self.disabled = per_session
        self._entries: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._lock = threading.Lock()

    def get(self, key_hash: str) -> dict[str, Any] | None:
        """The entry under ``key_hash`` (now the most recently used), or None."""
        with self._lock:
            entry = self._entries.get(key_hash)
            if entry is not None:
                self._entries.move_to_end(key_hash)
            return entry

    def put(self, key_hash: str, entry: dict[str, Any]) -> None:
        """Keep ``entry`` under ``key_hash``, then evict past the limits."""
        if self.disabled:
            return
        size = _size_of(entry) if self.max_memory is not None else 0
        with self._lock:
            self._entries[key_hash] = entry
            self._entries.move_to_end(key_hash)
            self._sizes[key_hash] = size
            self._evict()

    def _evict(self) -> None:
        while self._entries:
            too_many = 0 < self.max_size < len(self._entries)
            too_big = (
                self.max_memory is not None
                and sum(self._sizes.values()) > self.max_memory
                and len(self._entries) > 1
            )
            if not (too_many or too_big):
                return
            oldest, _ = self._entries.popitem(last=False)
            self._sizes.pop(oldest, None)

    def values(self) -> list[dict[str, Any]]:
        with self._lock:
            return list(self._entries.values())

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._sizes.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def cache(
    fn: Callable[..., Any] | None = None,
    *,
    key: Callable[[dict[str, Any]], Any] | None = None,
    max_size: int = 128,
    max_memory: str | int | None = None,
    per_session: bool = False,
) -> Any:
    """Cache ``fn``'s results by the content of its arguments (a decorator, with or without
    arguments, or ``gr.cache(fn)(...)`` inside another function).

    Works on functions, async functions, generators and async generators (a generator's
    yields are all kept, and replayed in order on a hit; a generator stopped early is not
    kept). ``key`` receives the arguments by name (defaults filled in) and returns what to
    hash instead of all of them, e.g. ``key=lambda kw: kw["prompt"]``. ``max_size``: the
    most entries kept (0: no limit). ``max_memory``: the most bytes kept, estimated.
    ``per_session``: each session's own entries, in Gradio; warned and not honoured yet in
    rillet, where it turns caching off rather than share one user's results with another.
    The cache is on the returned function as ``.cache``."""
    if per_session:
        _warn_per_session("gr.cache")
    if fn is not None and not callable(fn):
        raise TypeError(
            "gr.cache(...) expected a function: write gr.cache(fn)(*args), not gr.cache(fn(*args))"
        )

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        return _shared_wrapper(func, key, max_size, max_memory, per_session)

    return decorate(fn) if fn is not None else decorate


class Cache:
    """A cache the function reads and writes itself, given as a parameter's default
    (``def f(x, c=gr.Cache()):``): that parameter takes no input. Keys are hashed by
    content like ``@gr.cache``'s arguments (text, numbers, numpy arrays, PIL images,
    DataFrames...); each entry holds the keyword data given to :meth:`set`.

    ``max_size``, ``max_memory``, ``per_session``: as for :func:`cache`."""

    def __init__(
        self,
        *,
        max_size: int = 128,
        max_memory: str | int | None = None,
        per_session: bool = False,
    ) -> None:
        if per_session:
            _warn_per_session("gr.Cache")
        self._store = _Store(max_size, max_memory, per_session)

    def get(self, key: Any) -> dict[str, Any] | None:
        """The data stored under ``key`` (a dict of what :meth:`set` was given), or None."""
        entry = self._store.get(cache_hash(key))
        return None if entry is None else {k: v for k, v in entry.items() if k != "_key"}

    def set(self, key: Any, **data: Any) -> None:
        """Store the keyword ``data`` under ``key`` (replacing what was there)."""
        self._store.put(cache_hash(key), {"_key": key, **data})

    def keys(self) -> list[Any]:
        """The keys stored, least recently used first."""
        return [entry.get("_key") for entry in self._store.values()]

    def clear(self) -> None:
        """Remove every entry."""
        self._store.clear()

    def __len__(self) -> int:
        return len(self._store)

    def __repr__(self) -> str:
        return f"gr.Cache({len(self)} entries)"


def _warn_per_session(name: str) -> None:
    warnings.warn(
        f"{name}: `per_session=True` is not honoured yet in rillet: to keep one user's "
        "results from another's, nothing is cached",
        UserWarning,
        stacklevel=3,
    )


def cache_hash(value: Any) -> str:
    """A hex digest of ``value``'s content: equal values (an equal numpy array, PIL image,
    DataFrame, dict in any order...) give the same digest. ``TypeError`` for a value that
    can be neither read by content nor hashed."""
    return hashlib.sha256(_describe(value).encode("utf-8")).hexdigest()


def _shared_wrapper(
    func: Callable[..., Any],
    key: Callable[[dict[str, Any]], Any] | None,
    max_size: int,
    max_memory: str | int | None,
    per_session: bool,
) -> Callable[..., Any]:
    """``func``'s caching wrapper for this configuration: made once and kept on ``func``
    itself (a callable that cannot hold attributes gets a new wrapper each time)."""
    config = (id(key) if key is not None else None, max_size, parse_size(max_memory), per_session)
    kept = getattr(func, _WRAPPERS_ATTRIBUTE, None)
    if isinstance(kept, dict) and config in kept:
        return kept[config]
    wrapper = _wrapper(func, _Store(max_size, max_memory, per_session), key)
    try:
        kept = func.__dict__.setdefault(_WRAPPERS_ATTRIBUTE, {})
    except AttributeError:
        return wrapper
    return kept.setdefault(config, wrapper)


def _wrapper(
    func: Callable[..., Any], store: _Store, key: Callable[[dict[str, Any]], Any] | None
) -> Callable[..., Any]:
    """The function that looks ``func``'s arguments up in ``store`` before calling it."""
    signature = inspect.signature(func)

    def lookup(args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        bound = signature.bind(*args, **kwargs)
        bound.apply_defaults()
        named = dict(bound.arguments)
        return cache_hash(key(named) if key is not None else named)

    if inspect.isgeneratorfunction(func):
        wrapper: Callable[..., Any] = _sync_generator(func, store, lookup)
    elif inspect.isasyncgenfunction(func):
        wrapper = _async_generator(func, store, lookup)
    elif inspect.iscoroutinefunction(func):
        wrapper = _coroutine(func, store, lookup)
    else:
        wrapper = _plain(func, store, lookup)
    wrapper = functools.wraps(func)(wrapper)
    wrapper.cache = store  # type: ignore[attr-defined]
    return wrapper


_Lookup = Callable[[tuple[Any, ...], dict[str, Any]], str]


def _plain(func: Callable[..., Any], store: _Store, lookup: _Lookup) -> Callable[..., Any]:
    def cached(*args: Any, **kwargs: Any) -> Any:
        key_hash = lookup(args, kwargs)
        entry = store.get(key_hash)
        if entry is not None:
            return entry["value"]
        result = func(*args, **kwargs)
        store.put(key_hash, {"value": result})
        return result

    return cached


def _coroutine(func: Callable[..., Any], store: _Store, lookup: _Lookup) -> Callable[..., Any]:
    async def cached(*args: Any, **kwargs: Any) -> Any:
        key_hash = lookup(args, kwargs)
        entry = store.get(key_hash)
        if entry is not None:
            return entry["value"]
        result = await func(*args, **kwargs)
        store.put(key_hash, {"value": result})
        return result

    return cached


def _sync_generator(func: Callable[..., Any], store: _Store, lookup: _Lookup) -> Callable[..., Any]:
    def cached(*args: Any, **kwargs: Any) -> Iterator[Any]:
        key_hash = lookup(args, kwargs)
        entry = store.get(key_hash)
        if entry is not None:
            yield from entry["yields"]
            return
        kept = []
        for value in func(*args, **kwargs):
            kept.append(copy.deepcopy(value))  # the caller may change what it was given
            yield value
        store.put(key_hash, {"yields": kept})

    return cached


def _async_generator(
    func: Callable[..., Any], store: _Store, lookup: _Lookup
) -> Callable[..., Any]:
    async def cached(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        key_hash = lookup(args, kwargs)
        entry = store.get(key_hash)
        if entry is not None:
            for value in entry["yields"]:
                yield value
            return
        kept = []
        async for value in func(*args, **kwargs):
            kept.append(copy.deepcopy(value))
            yield value
        store.put(key_hash, {"yields": kept})

    return cached


def _describe(value: Any) -> str:
    """A text that stands for ``value``'s content (what :func:`cache_hash` digests)."""
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    if isinstance(value, bytes | bytearray):
        return "B" + hashlib.sha256(value).hexdigest()
    if isinstance(value, list | tuple):
        tag = "L" if isinstance(value, list) else "T"
        return tag + "[" + ",".join(_describe(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = sorted((repr(k), _describe(v)) for k, v in value.items())
        return "D{" + ",".join(f"{k}:{v}" for k, v in pairs) + "}"
    if isinstance(value, set | frozenset):
        return "S{" + ",".join(sorted(_describe(v) for v in value)) + "}"
    described = _describe_library_value(value)
    if described is not None:
        return described
    try:
        return f"H{hash(value)!r}"
    except TypeError:
        pass
    if hasattr(value, "__dict__"):
        return type(value).__qualname__ + _describe(vars(value))
    raise TypeError(
        f"gr.cache: cannot hash a {type(value).__name__}: turn the input into text, "
        "numbers, lists or arrays first"
    )


def _describe_library_value(value: Any) -> str | None:
    """numpy arrays, PIL images, pandas frames and series, pydantic models by content; None
    for anything else. Their libraries are looked up only if already imported."""
    numpy, image, pandas = (sys.modules.get(m) for m in ("numpy", "PIL.Image", "pandas"))
    if numpy is not None and isinstance(value, numpy.ndarray):
        digest = hashlib.sha256(numpy.ascontiguousarray(value).tobytes()).hexdigest()
        return f"np({value.shape},{value.dtype},{digest})"
    if image is not None and isinstance(value, image.Image):
        return f"PIL({value.mode},{value.size},{hashlib.sha256(value.tobytes()).hexdigest()})"
    if pandas is not None and isinstance(value, pandas.DataFrame | pandas.Series):
        name = list(value.columns) if isinstance(value, pandas.DataFrame) else value.name
        rows = pandas.util.hash_pandas_object(value, index=True).to_numpy().tobytes()
        return f"PD({_describe(name)},{hashlib.sha256(rows).hexdigest()})"
    dump = getattr(value, "model_dump", None)
    if callable(dump) and type(value).__module__ != "builtins":
        return "M" + _describe(dump())
    return None


def _size_of(value: Any) -> int:
    """About how many bytes ``value`` holds (arrays, images, frames by their data)."""
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int):
        return nbytes
    if isinstance(value, bytes | bytearray | str):
        return len(value)
    if isinstance(value, dict):
        return sum(_size_of(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(_size_of(v) for v in value)
    memory = getattr(value, "memory_usage", None)
    if callable(memory):
        try:
            used = memory(deep=True)
            return int(used.sum() if hasattr(used, "sum") else used)
        except TypeError:
            pass
    size = getattr(value, "size", None)
    bands = getattr(value, "getbands", None)
    if isinstance(size, tuple) and callable(bands):
        return int(size[0] * size[1] * len(bands()))
    return sys.getsizeof(value)
