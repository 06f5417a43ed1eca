"""An event's inputs: the browser's payloads turned into the function's arguments."""

from __future__ import annotations

from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from rillet.core.contract import ValueBlock
from rillet.core.errors import Error, InputError
from rillet.core.files import FileRefused, FileStore, check_inputs, writing_to


def arguments(
    blocks: Sequence[ValueBlock],
    data: list[Any],
    store: FileStore,
    owner: str,
    state: dict[int, Any],
) -> list[Any]:
    """The function's arguments for the payloads ``data`` (may run in a worker thread):
    each block's preprocessed payload, or for a ``gr.State`` the session's value (``state``,
    by block id, where its first use puts a copy of the initial value). Files the client
    names must be ones it may read; files made go in ``owner``'s folder of ``store``.
    :class:`InputError` for a payload a block cannot read."""
    if len(data) < len(blocks):
        raise InputError(f"expected {len(blocks)} input values, got {len(data)}")
    with writing_to(store, owner):
        return [
            _argument(block, payload, store, state)
            for block, payload in zip(blocks, data, strict=False)
        ]


def session_value(block: ValueBlock, state: dict[int, Any]) -> Any:
    """A ``gr.State``'s value in the session ``state``; its first use puts a copy of the
    initial value there."""
    assert block._id is not None
    if block._id not in state:
        state[block._id] = deepcopy(block.value)
    return state[block._id]


def _argument(block: ValueBlock, payload: Any, store: FileStore, state: dict[int, Any]) -> Any:
    if block.stateful and block._id is not None:
        return session_value(block, state)
    try:
        return block.preprocess(check_inputs(payload, store))
    except FileRefused as error:
        raise InputError(
            f"Invalid value for {_name(block)!r}: this app may not read that file"
        ) from error
    except Error as error:  # worded for the user by the component, as in Gradio
        raise InputError(error.message) from error
    except (ValueError, TypeError, OSError) as error:
        raise InputError(f"Invalid value for {_name(block)!r}: {error}") from error


def _name(block: ValueBlock) -> str:
    return block.label or block.get_block_name()


def heavy(blocks: Sequence[ValueBlock]) -> bool:
    """True when preprocessing ``blocks`` is better done in a worker thread."""
    return any(b.heavy for b in blocks)
