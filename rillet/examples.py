"""``gr.Examples``: sample inputs shown as a clickable table under a ``gr.Blocks`` app.

    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox()
        gr.Examples([["Ann"], ["Bob"]], name, out, fn=greet, run_on_click=True)

A click loads the sample into the inputs (a server event named ``/load_example``, hidden
from the API page but callable, as in Gradio); ``run_on_click`` then runs ``fn``. With
``cache_examples`` the outputs are computed once (eagerly, or on first use with
``cache_mode="lazy"``) and a click shows them without calling ``fn``; a generator's
results are kept and replayed in order, as a stream.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import csv
import inspect
import os
import tempfile
import threading
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from rillet.components import Dataset
from rillet.components._common import warn_unhonoured
from rillet.core import spec as specs
from rillet.core.backends import in_process
from rillet.core.files import FILE_META, FileOut

#: The CSV file of a directory of examples with several inputs (Gradio's flagging log).
LOG_FILE = "log.csv"
CacheMode = Literal["eager", "lazy"]


def _update(**props: Any) -> dict[str, Any]:
    return {"__type__": "update", **props}


class Examples:
    """Sample inputs for ``inputs``, drawn as a :class:`~rillet.components.Dataset`.

    ``examples``: a list of samples (one list per sample, a value per input; a flat list
    when there is one input), or a directory (its files, for one input; its ``log.csv``
    for several). Clicking a sample loads it into the inputs; ``run_on_click`` (or a
    cache) also fills ``outputs`` from ``fn``. ``cache_examples`` (default: the
    ``GRADIO_CACHE_EXAMPLES`` environment variable, "true" or "lazy") computes the
    outputs once: when the Examples are made (``cache_mode="eager"``) or on a sample's
    first click (``"lazy"``, or ``GRADIO_CACHE_MODE``). Example files are served as
    copies in the file store, made only for the exact files the samples name.
    """

    def __init__(
        self,
        examples: list[Any] | list[list[Any]] | str,
        inputs: Any,
        outputs: Any = None,
        fn: Callable[..., Any] | None = None,
        cache_examples: bool | Literal["lazy"] | None = None,
        cache_mode: CacheMode | None = None,
        examples_per_page: int = 10,
        _api_mode: bool = False,
        label: str | None = None,
        elem_id: str | None = None,
        run_on_click: bool = False,
        preprocess: bool = True,
        postprocess: bool = True,
        api_visibility: Literal["public", "private", "undocumented"] = "undocumented",
        api_name: str | None = "load_example",
        api_description: str | Literal[False] | None = None,
        batch: bool = False,
        *,
        example_labels: list[str] | None = None,
        visible_columns: list[int] | None = None,
        visible: bool | Literal["hidden"] = True,
        preload: int | Literal[False] = 0,
    ) -> None:
        self.inputs: list[Any] = _as_components(inputs)
        self.outputs: list[Any] = _as_components(outputs)
        self.fn = fn
        self.cache_examples = _cache_setting(cache_examples, cache_mode, fn, self.outputs)
        self.examples, self.working_directory = _load_examples(examples, len(self.inputs))
        if example_labels is not None and len(example_labels) != len(self.examples):
            raise ValueError(
                "If `example_labels` are provided, the length of `example_labels` must be "
                "the same as the number of examples."
            )
        self.example_labels = example_labels
        self.run_on_click = run_on_click
        self.preprocess, self.postprocess, self.batch = preprocess, postprocess, batch
        self.api_name, self.api_visibility = api_name, api_visibility
        self.preload = preload
        self._api_mode = _api_mode
        self._columns(visible_columns)
        warn_unhonoured(
            self,
            api_description=api_description,
            postprocess=None if postprocess else False,
        )
        #: Each cached sample's results (a list: one per yield of a generator ``fn``).
        self._cache: dict[int, list[Any]] = {}
        self._locks = [threading.Lock() for _ in self.examples]
        self.dataset = Dataset(
            components=self.visible_inputs,
            samples=copy.deepcopy(self.visible_examples),
            type="tuple",
            label=label,
            samples_per_page=examples_per_page,
            elem_id=elem_id,
            visible=visible,
            sample_labels=example_labels,
            render=specs.current_spec() is not None,
        )
        self.load_input_event: Any = None
        self.cache_event: Any = None
        self.create()

    # -- which columns are shown ---------------------------------------------------------

    def _columns(self, visible_columns: list[int] | None) -> None:
        """Inputs with at least one example value; of those, the columns drawn."""
        has = [
            any(i < len(e) and e[i] is not None for e in self.examples)
            for i in range(len(self.inputs))
        ]
        self.input_has_examples = has
        self.inputs_with_examples = [c for c, keep in zip(self.inputs, has, strict=True) if keep]
        with_examples = [i for i, keep in enumerate(has) if keep]
        self.non_none_examples = [
            [e[i] if i < len(e) else None for i in with_examples] for e in self.examples
        ]
        if visible_columns is not None:
            if not visible_columns:
                raise ValueError("`visible_columns` must contain at least one column index.")
            if any(
                isinstance(i, bool) or not isinstance(i, int) or not 0 <= i < len(self.inputs)
                for i in visible_columns
            ):
                raise ValueError(
                    "Each index in `visible_columns` must correspond to an input component."
                )
        shown = set(range(len(self.inputs)) if visible_columns is None else visible_columns)
        if not shown.intersection(with_examples):
            shown = set(with_examples)
        self.visible_positions = [p for p, i in enumerate(with_examples) if i in shown]
        self.visible_inputs = [self.inputs[i] for i in with_examples if i in shown]
        self.visible_examples = [
            [e[i] if i < len(e) else None for i in with_examples if i in shown]
            for e in self.examples
        ]

    # -- events ---------------------------------------------------------------------------

    def create(self) -> None:
        """Wire the dataset's click (and, when cached, the preload on page load) in the
        ``gr.Blocks`` being built; outside one, warn: the dataset must be rendered and
        ``create()`` called where the app is built."""
        spec = specs.current_spec()
        if spec is None:
            warnings.warn(
                "gr.Examples made outside a `with gr.Blocks():`: call `examples.dataset.render()` "
                "and `examples.create()` inside one to show them",
                UserWarning,
                stacklevel=3,
            )
            return
        if self.load_input_event is not None:
            return
        if self.cache_examples:
            self._wire_cached(spec)
        else:
            self._wire_plain()
        self._wire_previews(spec)

    def _wire_previews(self, spec: Any) -> None:
        """Samples with files (images, videos...) get their previews when the page loads:
        ``/config`` only names a sample's files, so a load event sends the samples again as
        an update, whose files the server stores (copies of exactly those files) and
        serves. Samples without files need nothing."""
        if not _has_files(self.dataset.process_samples(self.visible_examples, keep_files=True)):
            return
        samples = copy.deepcopy(self.visible_examples)

        def show_example_files() -> dict[str, Any]:
            return _update(samples=samples)

        spec.listen(
            [(spec.root_id, "load")],
            in_process(show_example_files),
            None,
            [self.dataset],
            api_name=False,
            queue=False,
            show_progress="hidden",
        )

    def _wire_plain(self) -> None:
        load_example = in_process(self._loader(with_props=True))
        self.load_input_event = self.dataset._listen(
            "click",
            load_example,
            [self.dataset],
            self.inputs_with_examples,
            show_progress="hidden",
            queue=False,
            api_name=self.api_name,
            api_visibility=self.api_visibility,
        )
        if self.run_on_click:
            if self.fn is None:
                raise ValueError("Cannot run_on_click if no function is provided")
            self.load_input_event.then(
                self.fn, self.inputs, self.outputs, api_visibility="undocumented", batch=self.batch
            )

    def _wire_cached(self, spec: Any) -> None:
        load_example_input = in_process(self._loader(with_props=False))
        self.load_input_event = self.dataset._listen(
            "click",
            load_example_input,
            [self.dataset],
            self.inputs_with_examples,
            show_progress="hidden",
            queue=False,
            api_visibility="undocumented",
        )
        self.cache_event = self.load_input_event.then(
            in_process(self._output_loader()),
            [self.dataset],
            self.outputs,
            api_name=self.api_name,
            api_visibility=self.api_visibility,
        )
        if self.cache_examples is True:
            self.cache()
            if self.preload is not False and not any(
                _has_value(c) for c in self.inputs_with_examples
            ):
                self._wire_preload(spec, self.preload)

    def _wire_preload(self, spec: Any, index: int) -> None:
        """Gradio's ``preload``: the page opens with sample ``index`` and its outputs."""
        sample = (index, self.visible_examples[index])
        inputs_fn, outputs_fn = self._loader(with_props=False), self._output_loader()

        def load_example_input() -> Any:
            return inputs_fn(sample)

        def load_example_output() -> Any:
            return outputs_fn(sample)

        if inspect.isgeneratorfunction(outputs_fn):

            def load_example_output_stream() -> Any:
                yield from outputs_fn(sample)

            load_example_output_stream.__name__ = "load_example_output"
            output_fn: Callable[..., Any] = load_example_output_stream
        else:
            output_fn = load_example_output
        root = [(spec.root_id, "load")]
        spec.listen(
            root,
            in_process(load_example_input),
            None,
            self.inputs_with_examples,
            show_progress="hidden",
            queue=False,
            api_visibility="undocumented",
        )
        spec.listen(
            root,
            in_process(output_fn),
            None,
            self.outputs,
            show_progress="hidden",
            api_visibility="undocumented",
        )

    def _loader(self, *, with_props: bool) -> Callable[[Any], Any]:
        """The click's function: the sample (from the dataset's ``(index, sample)``) as an
        update of each input with examples; a hidden column keeps its example value, and
        a column the sample lacks is left as it is."""
        inputs = self.inputs_with_examples

        def load_example(example: tuple[int, list[Any]]) -> Any:
            values = self._example_values(example)
            if with_props:
                updates = [_update() if v is _UNCHANGED else _update(value=v) for v in values]
            else:  # as Gradio's cached loader: the values themselves
                updates = [_update() if v is _UNCHANGED else v for v in values]
            return updates[0] if len(inputs) == 1 else tuple(updates)

        if not with_props:
            load_example.__name__ = "load_example_input"
        return load_example

    def _example_values(self, example: tuple[int, list[Any]]) -> list[Any]:
        index, sample = example
        if len(self.visible_positions) == len(self.inputs_with_examples):
            return list(sample)
        if index < len(self.non_none_examples) and sample == self.visible_examples[index]:
            return list(self.non_none_examples[index])
        if len(sample) == len(self.inputs_with_examples):
            return list(sample)
        values: list[Any] = [_UNCHANGED] * len(self.inputs_with_examples)
        for position, value in zip(self.visible_positions, sample, strict=False):
            values[position] = value
        return values

    def _output_loader(self) -> Callable[[Any], Any]:
        """The cached outputs of the clicked sample: returned, or (for a generator ``fn``)
        each cached result yielded in order."""
        if _is_generator(self.fn):

            def load_example(example: tuple[int, list[Any]]) -> Any:
                yield from self.load_from_cache(example[0])

            return load_example

        def load_example_once(example: tuple[int, list[Any]]) -> Any:
            return self.load_from_cache(example[0])[-1]

        load_example_once.__name__ = "load_example"
        return load_example_once

    # -- the cache ------------------------------------------------------------------------

    def cache(self, example_id: int | None = None) -> None:
        """Compute and keep the outputs of sample ``example_id`` (every sample when None)
        by calling ``fn`` on the sample's inputs, as the inputs would hand them over."""
        ids = range(len(self.examples)) if example_id is None else [example_id]
        for index in ids:
            with self._locks[index]:
                if index not in self._cache:
                    self._cache[index] = self._compute(index)

    def load_from_cache(self, example_id: int) -> list[Any]:
        """The results kept for sample ``example_id``, computed first if they are not
        (``cache_mode="lazy"``)."""
        if not 0 <= example_id < len(self.examples):
            raise IndexError(f"no example {example_id}: there are {len(self.examples)}")
        self.cache(example_id)
        return self._cache[example_id]

    def _compute(self, index: int) -> list[Any]:
        assert self.fn is not None, "checked when caching was set"
        example = self.examples[index]
        args = [
            _input_value(
                c, example[i] if i < len(example) else None, self.preprocess, self.working_directory
            )
            for i, c in enumerate(self.inputs)
        ]
        if self.batch:
            args = [[a] for a in args]
        results = _results(self.fn, args)
        if self.batch:
            results = [_first_of_batch(r, len(self.outputs)) for r in results]
        return results


#: An input a sample leaves as it is (a hidden column of updated samples).
_UNCHANGED = object()


def _as_components(blocks: Any) -> list[Any]:
    from rillet.components import get_component

    if blocks is None:
        return []
    items = list(blocks) if isinstance(blocks, (list, tuple)) else [blocks]
    return [get_component(b) if isinstance(b, str) else b for b in items]


def _cache_setting(
    cache_examples: bool | str | None, cache_mode: str | None, fn: Any, outputs: list[Any]
) -> bool | Literal["lazy"]:
    """``True``, ``"lazy"`` or ``False``, from the arguments and Gradio's environment
    variables (``GRADIO_CACHE_EXAMPLES``, ``GRADIO_CACHE_MODE``). ``cache_examples="lazy"``
    (Gradio 4's spelling) means ``True`` with ``cache_mode="lazy"``."""
    if cache_examples == "lazy":
        cache_examples, cache_mode = True, "lazy"
    if cache_examples is None:
        env = os.getenv("GRADIO_CACHE_EXAMPLES", "").lower()
        cached = env in ("true", "lazy") and fn is not None and bool(outputs)
    elif cache_examples in (True, False):
        cached = bool(cache_examples)
    else:
        raise ValueError(
            f"The `cache_examples` parameter should be either True or False, not {cache_examples}"
        )
    if cached and (fn is None or not outputs):
        raise ValueError("If caching examples, `fn` and `outputs` must be provided")
    mode = cache_mode or os.getenv("GRADIO_CACHE_MODE", "").lower() or "eager"
    if mode not in ("eager", "lazy"):
        warnings.warn(
            "The `GRADIO_CACHE_MODE` environment variable must be either 'eager' or 'lazy'. "
            "Defaulting to 'eager'.",
            UserWarning,
            stacklevel=4,
        )
        mode = "eager"
    if not cached:
        return False
    return "lazy" if mode == "lazy" else True


def _load_examples(examples: Any, n_inputs: int) -> tuple[list[list[Any]], Path | None]:
    """The samples as lists, and the directory they came from (their file paths are
    made absolute from it)."""
    if examples is None:
        raise ValueError("The parameter `examples` cannot be None")
    if isinstance(examples, list) and (not examples or isinstance(examples[0], list)):
        return [list(e) for e in examples], None
    if isinstance(examples, list) and n_inputs == 1:
        return [[e] for e in examples], None
    if isinstance(examples, (str, Path)):
        folder = Path(examples)
        if not folder.exists():
            raise FileNotFoundError(f"Could not find examples directory: {examples}")
        log = folder / LOG_FILE
        if log.exists():
            with open(log, encoding="utf-8", newline="") as f:
                rows = list(csv.reader(f))[1:]
            return [[_in_folder(folder, v) for v in row[:n_inputs]] for row in rows], folder
        if n_inputs != 1:
            raise FileNotFoundError(
                f"Could not find log file (required for multiple inputs): {LOG_FILE}"
            )
        return [[str(folder / name)] for name in sorted(os.listdir(folder))], folder
    raise ValueError(
        "The parameter `examples` must either be a string directory or a list (if there is "
        "only 1 input component) or (more generally), a nested list, where each sublist "
        "represents a set of inputs."
    )


def _in_folder(folder: Path, value: str) -> str:
    """A log.csv cell: a file in ``folder`` becomes its path, other text stays."""
    candidate = folder / value
    return str(candidate) if value and candidate.is_file() else value


def _has_files(value: Any) -> bool:
    if isinstance(value, FileOut):
        return True
    if isinstance(value, (list, tuple)):
        return any(_has_files(v) for v in value)
    if isinstance(value, dict):
        return any(_has_files(v) for v in value.values())
    return False


def _has_value(component: Any) -> bool:
    """Whether the app gave ``component`` an initial value (then Gradio preloads nothing)."""
    value = getattr(component, "value", None)
    return not (value is None or value == "" or value == [])


def _input_value(component: Any, value: Any, preprocess: bool, folder: Path | None) -> Any:
    """``value`` as ``component`` would hand it to ``fn`` after the page loaded it:
    converted to the component's payload, then preprocessed."""
    if not preprocess or getattr(component, "stateful", False):
        return value
    if value is None:
        try:
            return component.preprocess(None)
        except (ValueError, TypeError):
            return None
    payload = _as_upload(component.postprocess(value))
    return component.preprocess(payload)


def _as_upload(payload: Any) -> Any:
    """A payload with each produced file (:class:`FileOut`) as the ``FileData`` of an
    uploaded one, which ``preprocess`` reads."""
    if isinstance(payload, FileOut):
        path = payload.path
        if path is None:
            suffix = Path(payload.orig_name or "file").suffix
            with tempfile.NamedTemporaryFile(delete=False, suffix=suffix) as f:
                f.write(payload.data or b"")
            path = f.name
        return {
            "path": str(path),
            "url": None,
            "orig_name": payload.orig_name or Path(path).name,
            "mime_type": payload.mime_type,
            "size": None,
            "is_stream": False,
            "meta": dict(FILE_META),
        }
    if isinstance(payload, (list, tuple)):
        return [_as_upload(v) for v in payload]
    if isinstance(payload, dict):
        return {k: _as_upload(v) for k, v in payload.items()}
    return payload


def _is_generator(fn: Any) -> bool:
    while hasattr(fn, "func"):
        fn = fn.func
    return inspect.isgeneratorfunction(fn) or inspect.isasyncgenfunction(fn)


def _results(fn: Callable[..., Any], args: list[Any]) -> list[Any]:
    """Every result of ``fn(*args)``: its yields, or its one return value."""
    result = fn(*args)
    if inspect.isawaitable(result) or inspect.isasyncgen(result):
        return _run_async(_gather(result))
    if inspect.isgenerator(result):
        return [copy.copy(r) for r in result]
    return [result]


def _run_async(coroutine: Any) -> list[Any]:
    """Run ``coroutine`` to its end from sync code: here, or in a helper thread when an
    event loop already runs in this one (Jupyter, or a cache made inside a running app)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _gather(result: Any) -> list[Any]:
    if inspect.isawaitable(result):
        return [await result]
    return [r async for r in result]


def _first_of_batch(result: Any, n_outputs: int) -> Any:
    """The first item of each output of a ``batch=True`` function's result (a list per
    output)."""
    firsts = tuple(column[0] for column in result)
    return firsts[0] if n_outputs == 1 else firsts


__all__: Sequence[str] = ("Examples",)
