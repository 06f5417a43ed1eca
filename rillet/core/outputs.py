"""What a function returned, per output: splitting it over the output blocks, Gradio's
update dicts, and how the outputs of an event stream together."""

from __future__ import annotations

from typing import Any

from rillet.core.errors import Error

#: ``gr.skip()``: leave the output as it is.
SKIP = {"__type__": "update"}


def stream_policy(outputs: list[Any]) -> str:
    """``keep`` if any output keeps every value; else ``latest`` if any keeps only the
    newest (an image: the diffs of the other outputs cover the skipped values); else
    ``diff``."""
    policies = {getattr(b, "stream_policy", "diff") for b in outputs}
    if "keep" in policies:
        return "keep"
    return "latest" if "latest" in policies else "diff"


def is_update(value: Any) -> bool:
    """True for ``gr.update(...)`` / ``gr.skip()`` values."""
    return isinstance(value, dict) and value.get("__type__") == "update"


def postprocess_one(block: Any, value: Any) -> Any:
    """The payload of ``value`` for ``block``; updates keep their props."""
    if is_update(value):
        update = dict(value)
        if "value" in update:
            update["value"] = block.postprocess(update["value"])
        return update
    return block.postprocess(value)


def split_outputs(value: Any, outputs: list[Any]) -> list[Any]:
    """One value per output block, from what the function returned or yielded."""
    if not outputs:
        return []
    if isinstance(value, dict) and not is_update(value) and value and all(
            hasattr(k, "_id") for k in value):
        # by id, not identity: from a Ray worker the keys are copies of the blocks
        by_id = {block._id: item for block, item in value.items()}
        return [by_id.get(block._id, SKIP) for block in outputs]
    if len(outputs) == 1:
        return [value]
    if not isinstance(value, (tuple, list)) or len(value) != len(outputs):
        got = len(value) if isinstance(value, (tuple, list)) else 1
        raise Error(f"The function returned {got} value(s) but there are "
                    f"{len(outputs)} outputs.")
    return list(value)
