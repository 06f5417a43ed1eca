"""``validator=``: checking an event's inputs before it joins the queue, as Gradio 6 does.

The validator takes the same arguments as the event's function and returns
``gr.validate(is_valid, message)`` for the inputs it checks (one, or a list in the inputs'
order; anything else counts as valid). When one is invalid the event is refused before it
is queued: the join answers 422 with one entry per input, each named after the function's
parameter, which ``gradio_client`` raises as a ``ValidationError`` and the page shows.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any

from rillet.core.spec import Dependency


def validate(is_valid: bool, message: str) -> dict[str, Any]:
    """What a ``validator=`` function returns for one input: whether it is valid and the
    message shown next to it when it is not."""
    return {"__type__": "validate", "is_valid": bool(is_valid), "message": message}


async def refusal(
    dep: Dependency,
    args: list[Any],
    named: dict[str, Any],
    in_thread: Callable[[Callable[[], Any]], Awaitable[Any]],
) -> list[dict[str, Any]] | None:
    """Run ``dep``'s validator on the event's arguments; the per-input verdicts when one is
    invalid, else None. A sync validator runs through ``in_thread``."""
    validator = dep.validator
    assert validator is not None
    if inspect.iscoroutinefunction(validator):
        result = await validator(*args, **named)
    else:
        result = await in_thread(lambda: validator(*args, **named))
        if inspect.isawaitable(result):
            result = await result
    verdicts = _verdicts(result, _parameter_names(dep))
    if all(v.get("is_valid") is True for v in verdicts):
        return None
    return verdicts


def _verdicts(result: Any, names: list[str]) -> list[dict[str, Any]]:
    if isinstance(result, tuple):
        result = list(result)
    if isinstance(result, list):
        return [
            {**item, "parameter_name": names[i] if i < len(names) else f"parameter_{i}"}
            if _is_verdict(item)
            else {"is_valid": True, "message": ""}
            for i, item in enumerate(result)
        ]
    if _is_verdict(result) and result.get("is_valid") is False:
        return [dict(result)]
    return [{"is_valid": True, "message": ""}]


def _is_verdict(item: Any) -> bool:
    return isinstance(item, dict) and item.get("__type__") == "validate"


def _parameter_names(dep: Dependency) -> list[str]:
    try:
        return list(inspect.signature(dep.fn).parameters) if dep.fn is not None else []
    except (TypeError, ValueError):
        return []
