"""``@gr.cache`` and ``gr.Cache()``: hits by content, the four function shapes, eviction."""

from __future__ import annotations

import asyncio
import inspect

import numpy as np
import pytest
from PIL import Image

from rillet.caching import Cache, cache, cache_hash

from . import aio


def test_signatures_match_gradio() -> None:
    params = inspect.signature(cache).parameters
    assert list(params) == ["fn", "key", "max_size", "max_memory", "per_session"]
    assert [params[n].default for n in ("key", "max_size", "max_memory", "per_session")] == [
        None,
        128,
        None,
        False,
    ]
    assert list(inspect.signature(Cache).parameters) == ["max_size", "max_memory", "per_session"]


def test_sync_function_runs_once_per_distinct_arguments() -> None:
    calls = []

    @cache
    def double(x, scale=2):
        calls.append(x)
        return x * scale

    assert double(3) == 6 and double(3) == 6 and double(x=3, scale=2) == 6
    assert double(4) == 8
    assert calls == [3, 4]
    assert double.__name__ == "double" and len(double.cache) == 2


def test_async_function() -> None:
    calls = []

    @cache()
    async def translate(text):
        calls.append(text)
        await asyncio.sleep(0)
        return text.upper()

    async def main() -> list[str]:
        return [await translate("hi"), await translate("hi")]

    assert aio.run(main()) == ["HI", "HI"]
    assert calls == ["hi"]
    assert inspect.iscoroutinefunction(translate)


def test_generator_yields_are_replayed_in_order() -> None:
    calls = []

    @cache
    def chat(history):
        calls.append(1)
        history.append({"role": "assistant", "content": ""})
        for word in ("a", "b"):
            history[-1]["content"] += word
            yield history

    first = [[m["content"] for m in h] for h in chat([{"role": "user", "content": "x"}])]
    again = [[m["content"] for m in h] for h in chat([{"role": "user", "content": "x"}])]
    assert first == [["x", "a"], ["x", "ab"]] == again  # each yield as it was then
    assert calls == [1]
    assert inspect.isgeneratorfunction(chat)


def test_a_generator_stopped_early_is_not_kept() -> None:
    @cache
    def count(n):
        yield from range(n)

    steps = count(3)
    next(steps)
    steps.close()
    assert len(count.cache) == 0
    assert list(count(3)) == [0, 1, 2] and len(count.cache) == 1


def test_async_generator() -> None:
    calls = []

    @cache
    async def summarize(text):
        calls.append(text)
        for i in range(1, 3):
            yield text[:i]

    async def collect() -> list[str]:
        return [x async for x in summarize("abc")]

    assert aio.run(collect()) == ["a", "ab"] == aio.run(collect())
    assert calls == ["abc"]
    assert inspect.isasyncgenfunction(summarize)


def test_arrays_and_images_hit_by_content() -> None:
    calls = []

    @cache
    def mean(image):
        calls.append(1)
        return float(np.asarray(image).mean())

    mean(np.zeros((4, 4, 3), np.uint8))
    mean(np.zeros((4, 4, 3), np.uint8))  # another array, equal content: a hit
    mean(np.ones((4, 4, 3), np.uint8))
    mean(Image.new("RGB", (4, 4)))
    mean(Image.new("RGB", (4, 4)))
    assert len(calls) == 3
    assert cache_hash({"a": 1, "b": [1, 2]}) == cache_hash({"b": [1, 2], "a": 1})
    assert cache_hash([1, 2]) != cache_hash((1, 2))


def test_key_picks_what_is_hashed() -> None:
    calls = []

    @cache(key=lambda kw: kw["prompt"])
    def generate(prompt, seed):
        calls.append(seed)
        return f"{prompt}-{seed}"

    assert generate("p", 1) == "p-1" and generate("p", 2) == "p-1"
    assert calls == [1]


def test_max_size_evicts_the_least_recently_used() -> None:
    calls = []

    @cache(max_size=2)
    def square(x):
        calls.append(x)
        return x * x

    square(1), square(2), square(1), square(3)  # 2 is the least recently used
    square(1)
    square(2)
    assert calls == [1, 2, 3, 2]


def test_max_memory_evicts_past_its_bytes() -> None:
    @cache(max_memory="1kb")
    def block(n):
        return np.zeros(n, np.uint8)

    block(600)
    block(600)
    block(700)
    assert len(block.cache) == 1  # 1300 bytes is more than 1 KiB: the oldest went


def test_runtime_use_shares_one_cache() -> None:
    calls = []

    def retrieve(q):
        calls.append(q)
        return [q]

    assert cache(retrieve)("a") == ["a"]
    assert cache(retrieve)("a") == ["a"]  # gr.cache(fn)(...) inside a handler, twice
    assert calls == ["a"]
    assert cache(retrieve) is cache(retrieve)
    assert cache(retrieve, max_size=5) is not cache(retrieve)
    with pytest.raises(TypeError, match=r"gr\.cache"):
        cache(retrieve("b"))  # type: ignore[arg-type]


def test_unhashable_arguments_are_refused() -> None:
    class Slotted:
        __slots__ = ("x",)
        __hash__ = None  # type: ignore[assignment]

    with pytest.raises(TypeError, match="cannot hash"):
        cache_hash(Slotted())


def test_manual_cache_get_set_keys_clear() -> None:
    c = Cache(max_size=2)
    assert c.get("tokyo") is None
    c.set("tokyo", forecast="Sunny", temperature=78)
    assert c.get("tokyo") == {"forecast": "Sunny", "temperature": 78}
    c.set(np.arange(3), kv="state")
    assert c.get(np.arange(3)) == {"kv": "state"}
    c.set("london", forecast="Rainy")
    assert len(c) == 2 and c.keys()[-1] == "london"  # tokyo was the least recently used
    c.clear()
    assert len(c) == 0 and c.get("london") is None


def test_per_session_is_warned_and_caches_nothing() -> None:
    calls = []
    with pytest.warns(UserWarning, match="per_session"):

        @cache(per_session=True)
        def f(x):
            calls.append(x)
            return x

    f(1), f(1)
    assert calls == [1, 1]
    with pytest.warns(UserWarning, match="per_session"):
        c = Cache(per_session=True)
    c.set("k", v=1)
    assert c.get("k") is None
