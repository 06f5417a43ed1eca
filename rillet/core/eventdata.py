"""Event data: what a listener may know of the event that called it (Gradio's ``gr.EventData``).

    def on_select(evt: gr.SelectData):
        return f"You picked {evt.value} at {evt.index}"

A parameter annotated with one of these classes is filled by the server from the event the
page sent (its ``event_data`` and ``trigger_id``), not from the event's inputs, and is left
out of the API's parameters, like ``gr.Request``. Called through the API without event data
(``gradio_client``), the fields are None.
"""

from __future__ import annotations

from typing import Any


class EventData:
    """Any event's data: ``target`` (the component that fired) and the raw ``_data``."""

    def __init__(self, target: Any, _data: Any) -> None:
        self.target = target
        self._data = _data

    def _get(self, key: str, default: Any = None) -> Any:
        return self._data.get(key, default) if isinstance(self._data, dict) else default

    def __getattr__(self, name: str) -> Any:
        """The event's own fields as attributes (``evt.key``, ``evt.clicked`` of a custom
        ``gr.HTML`` event), as in Gradio."""
        data = self.__dict__.get("_data")
        if isinstance(data, dict) and name in data:
            return data[name]
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __repr__(self) -> str:
        fields = {k: v for k, v in vars(self).items() if k not in ("target", "_data")}
        return f"{type(self).__name__}({fields!r})"


class SelectData(EventData):
    """A ``.select`` event: the ``index`` and ``value`` chosen (for a table also
    ``row_value`` and ``col_value``), and whether it was ``selected`` (or deselected)."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.index: Any = self._get("index")
        self.value: Any = self._get("value")
        self.row_value: Any = self._get("row_value")
        self.col_value: Any = self._get("col_value")
        self.selected: bool = bool(self._get("selected", True))


class KeyUpData(EventData):
    """A ``.key_up`` event: the ``key`` released and the input's ``input_value`` then."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.key: str | None = self._get("key")
        self.input_value: str | None = self._get("input_value")


class _IndexedData(EventData):
    """An event on one item (a chat message): its ``index`` and ``value``."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.index: Any = self._get("index")
        self.value: Any = self._get("value")


class LikeData(_IndexedData):
    """A chat message liked or disliked: ``liked`` is True, False or a feedback string."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.liked: bool | str = self._get("liked", True)


class RetryData(_IndexedData):
    """A chat message's retry button: the ``index`` and ``value`` of the message retried."""


class UndoData(_IndexedData):
    """A chat message's undo button: the ``index`` and ``value`` of the message undone."""


class EditData(_IndexedData):
    """A message or cell edited: its ``index``, new ``value`` and ``previous_value``."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.previous_value: Any = self._get("previous_value")


class CopyData(EventData):
    """A copy button used: the ``value`` copied."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.value: Any = self._get("value")


class EventFile:
    """A file an event names, with Gradio's ``FileData`` attributes: ``path``, ``url``,
    ``size``, ``orig_name``, ``mime_type``, ``is_stream``, ``meta``."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.path: str | None = data.get("path")
        self.url: str | None = data.get("url")
        self.size: int | None = data.get("size")
        self.orig_name: str | None = data.get("orig_name")
        self.mime_type: str | None = data.get("mime_type")
        self.is_stream: bool = bool(data.get("is_stream", False))
        self.meta: dict[str, Any] = data.get("meta") or {"_type": "gradio.FileData"}

    def __repr__(self) -> str:
        return f"EventFile(path={self.path!r}, orig_name={self.orig_name!r})"


class DeletedFileData(EventData):
    """A file removed from a file input: ``file``, its file data (``file.path``,
    ``file.orig_name``...), None without one."""

    def __init__(self, target: Any, data: Any) -> None:
        super().__init__(target, data)
        self.file: EventFile | None = EventFile(data) if isinstance(data, dict) else None


class DownloadData(DeletedFileData):
    """A file downloaded from a file output: ``file``, its file data."""


#: The classes by name, for string annotations (``from __future__ import annotations``).
EVENT_DATA_CLASSES: dict[str, type[EventData]] = {
    cls.__name__: cls
    for cls in (
        EventData,
        SelectData,
        KeyUpData,
        LikeData,
        RetryData,
        UndoData,
        EditData,
        CopyData,
        DeletedFileData,
        DownloadData,
    )
}
