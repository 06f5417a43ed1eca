"""``gr.Dataset``: samples shown for clicking (what ``gr.Examples`` is built on)."""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component
from rillet.core.contract import OutputStream, Run
from rillet.core.files import FILE_META, FileOut
from rillet.core.streams import DiffStream, is_update

DatasetType = Literal["values", "index", "tuple"]


class Dataset(Component):
    """Samples for ``components``, one row each: a table (several components) or a gallery
    of cards (one component, or ``sample_labels``), ``samples_per_page`` at a time.

    A click sets the value to the sample's index and fires ``click`` and ``select``
    (``{"index", "value"}``). The function receives, by ``type``: the sample as given
    (``"values"``), its index (``"index"``) or both (``"tuple"``). Payload: the index.
    ``gr.update(samples=...)`` (or ``gr.Dataset(samples=...)``) replaces the samples.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "click", "select")

    def __init__(
        self,
        *,
        label: str | None = None,
        show_label: bool = True,
        components: Sequence[Any] | None = None,
        component_props: list[dict[str, Any]] | None = None,
        samples: list[list[Any]] | None = None,
        headers: list[str] | None = None,
        type: DatasetType = "values",
        layout: Literal["gallery", "table"] | None = None,
        samples_per_page: int = 10,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        proxy_url: str | None = None,
        sample_labels: list[str] | None = None,
    ) -> None:
        if type not in ("values", "index", "tuple"):
            raise ValueError(
                f"Invalid value for parameter `type`: {type!r}. "
                "Please choose from one of: ['values', 'index', 'tuple']"
            )
        self._components = [_component(c) for c in components or []]
        self.component_props = (
            component_props
            if component_props is not None
            else [_props_without_value(c) for c in self._components]
        )
        self.raw_samples: list[list[Any]] = [[]] if samples is None else samples
        self.type = type
        self.layout = layout
        self.samples_per_page = samples_per_page
        self.sample_labels = sample_labels
        if headers is not None:
            self.headers = headers
        elif all(c.label is None for c in self._components):
            self.headers = []
        else:
            self.headers = [c.label or "" for c in self._components]
        warn_unhonoured(self, preserved_by_key=preserved_by_key, proxy_url=proxy_url)
        super().__init__(
            None,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    @property
    def samples(self) -> list[list[Any]]:
        """The samples as the page shows them: each value as its component sends it."""
        return self.process_samples(self.raw_samples)

    def process_samples(
        self, samples: list[list[Any]], *, keep_files: bool = False
    ) -> list[list[Any]]:
        """``samples`` as the page shows them: each value as its component sends it. In
        ``/config`` a file is only named (``/config`` stores only ``value`` files); an
        output keeps its files (``keep_files``), which the server stores and serves, so
        the page previews them."""
        return [
            [_shown(c, v, keep_files) for c, v in zip(self._components, sample, strict=False)]
            for sample in samples
        ]

    def preprocess(self, payload: Any) -> Any:
        """The clicked sample, its index, or both, by ``type``."""
        if payload is None:
            return None
        index = payload[0] if isinstance(payload, (list, tuple)) and payload else payload
        if isinstance(index, bool) or not isinstance(index, int):
            raise ValueError(f"a Dataset's payload is a sample's index, not {payload!r}")
        if self.type == "index":  # as in Gradio: samples updated in the page may be more
            return index
        if not 0 <= index < len(self.raw_samples):
            raise ValueError(f"no sample {index}: the dataset has {len(self.raw_samples)}")
        if self.type == "tuple":
            return index, self.raw_samples[index]
        return self.raw_samples[index]

    def postprocess(self, value: Any) -> int | None:
        """An index stays; a sample (a list) becomes its index, or None (with a warning:
        new samples come through ``gr.update(samples=...)``)."""
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        if isinstance(value, list):
            for index, sample in enumerate(self.raw_samples):
                if sample == value:
                    return index
            warnings.warn(
                "gr.Dataset: that sample is not in the dataset; to replace the samples, "
                "return gr.Dataset(samples=...) or gr.update(samples=...)",
                UserWarning,
                stacklevel=2,
            )
            return None
        raise ValueError(f"a Dataset's value is a sample's index or values, not {value!r}")

    def output_stream(self, run: Run) -> OutputStream:
        """As edits against the last value; an update's new ``samples`` are processed as
        the constructor's are."""
        return _DatasetStream(self)

    def prepare_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """A ``gr.update(...)`` for this dataset as the page takes it."""
        out = dict(update)
        if "value" in out:
            out["value"] = self.postprocess(out["value"])
        if out.get("samples") is not None:
            out["samples"] = self.process_samples(out["samples"], keep_files=True)
        return out

    def api_info(self) -> dict[str, Any]:
        return {"type": "integer", "description": "index of selected example"}

    def example_payload(self) -> Any:
        return 0

    def example_value(self) -> Any:
        return []

    def api_python_type(self) -> str:
        return "int"

    def props(self) -> dict[str, Any]:
        config = super().props()
        for name in ("info", "interactive"):
            config.pop(name)
        return {
            **config,
            # Gradio's shape: each column's module name and class.
            "components": [
                {"name": c.get_block_name(), "class_id": type(c).__name__} for c in self._components
            ],
            "component_props": self.component_props,
            "component_ids": [c._id for c in self._components],
            "samples": self.samples,
            "headers": self.headers,
            "type": self.type,
            "layout": self.layout,
            "samples_per_page": self.samples_per_page,
            "sample_labels": self.sample_labels,
        }


class _DatasetStream(DiffStream):
    """A Dataset's output: an update's new samples are processed like the constructor's."""

    def __init__(self, dataset: Dataset) -> None:
        super().__init__(dataset.postprocess)
        self.dataset = dataset

    def prepare(self, value: Any) -> Any:
        if is_update(value):
            return self.dataset.prepare_update(value)
        return self.dataset.postprocess(value)


def _component(spec: Any) -> Component:
    """A sample column's component: an instance, or one made (not placed on the page) from
    a class or a shortcut string such as ``"textbox"``."""
    from rillet.components import get_component

    return get_component(spec, render=False)


def _props_without_value(component: Component) -> dict[str, Any]:
    config = component.get_config()
    config.pop("value", None)
    return config


def _shown(component: Component, value: Any, keep_files: bool) -> Any:
    """A sample's value as the page receives it: its component's payload, its files kept
    or only named (see :meth:`Dataset.process_samples`)."""
    try:
        payload = component.postprocess(value)
        return payload if keep_files else _named_files(payload)
    except (ValueError, TypeError, OSError):
        return value if isinstance(value, (str, int, float, bool)) or value is None else str(value)


def _named_files(value: Any) -> Any:
    """Every produced file in ``value`` as ``FileData`` naming it, without its path."""
    if isinstance(value, FileOut):
        name = value.orig_name or "file"
        return {
            "path": name,
            "url": None,
            "orig_name": name,
            "mime_type": value.mime_type,
            "size": None,
            "is_stream": False,
            "meta": dict(FILE_META),
        }
    if isinstance(value, list):
        return [_named_files(v) for v in value]
    if isinstance(value, tuple):
        return [_named_files(v) for v in value]
    if isinstance(value, dict):
        return {k: _named_files(v) for k, v in value.items()}
    return value
