"""The components' entries in ``/config``, their initial values prepared once per server.

An initial value that is a file (``gr.Image(value="cat.png")``, an audio file converted to
``format``...) is stored once, in the store's folder of initial values, which no sweep
deletes; every ``/config`` answer points at the same stored files. Only the URLs change
with the request (the root URL a client reached the server by), so the entries are made
with URLs relative to the server root and given that root per request.

A callable ``value`` is called again for each ``/config`` (each page load, as in Gradio);
the files it gives are stored like outputs, with their lifetime (docs/security.md#disk).
"""

from __future__ import annotations

import logging
from typing import Any

from rillet import protocol
from rillet.core.files import INITIAL, SHARED, FileStore, is_file_data, writing_to
from rillet.core.spec import AppSpec
from rillet.server.config import component_config

log = logging.getLogger("rillet")
#: How a stored file's URL starts when made with no root URL.
FILE_URL = protocol.API_PREFIX + "/file="
#: Each block with its entry made once, or None when its value is made per request.
Prepared = list[tuple[Any, "dict[str, Any] | None"]]


def prepare(spec: AppSpec, store: FileStore) -> Prepared:
    """Every block's ``config["components"]`` entry, its files stored in ``store`` (files
    components make meanwhile, such as a converted audio file, go there too)."""
    with writing_to(store, INITIAL):
        return [
            (block, None if _made_per_request(block) else _entry(block, store, INITIAL))
            for block in spec.blocks.values()
        ]


def components(prepared: Prepared, store: FileStore, root_url: str) -> list[dict[str, Any]]:
    """The entries for a client that reached the server at ``root_url``."""
    fresh = [block for block, entry in prepared if entry is None]
    made: dict[int, dict[str, Any]] = {}
    if fresh:
        with writing_to(store, SHARED):
            made = {id(block): _entry(block, store, SHARED) for block in fresh}
    return [
        _rooted(made[id(block)] if entry is None else entry, root_url) for block, entry in prepared
    ]


def _made_per_request(block: Any) -> bool:
    return callable(getattr(block, "value", None))


def _entry(block: Any, store: FileStore, owner: str) -> dict[str, Any]:
    try:
        return component_config(block, store, "", owner)
    except Exception as error:
        if not hasattr(block, "value"):
            raise
        log.warning(
            "the initial value of %s %s cannot be shown, it is left empty: %s",
            type(block).__name__,
            block._id,
            error,
        )
        return _without_value(block)


def _without_value(block: Any) -> dict[str, Any]:
    value = block.value
    block.value = None
    try:
        return component_config(block, None, "")
    finally:
        block.value = value


def _rooted(entry: dict[str, Any], root_url: str) -> dict[str, Any]:
    """``entry`` with the URLs of stored files under ``root_url`` (a copy if it holds
    files)."""
    props = entry.get("props") or {}
    if not root_url or not _holds_files(props.get("value")):
        return entry
    return {**entry, "props": {**props, "value": _prefixed(props["value"], root_url)}}


def _holds_files(value: Any) -> bool:
    if is_file_data(value):
        return True
    if isinstance(value, list):
        return any(_holds_files(v) for v in value)
    if isinstance(value, dict):
        return any(_holds_files(v) for v in value.values())
    return False


def _prefixed(value: Any, root_url: str) -> Any:
    if is_file_data(value):
        url = value.get("url")
        if isinstance(url, str) and url.startswith(FILE_URL):
            return {**value, "url": root_url + url}
        return value
    if isinstance(value, list):
        return [_prefixed(v, root_url) for v in value]
    if isinstance(value, dict):
        return {k: _prefixed(v, root_url) for k, v in value.items()}
    return value
