"""Edits between two JSON values, in the shape Gradio's clients apply.

An edit is ``[op, path, value]`` with ``op`` one of ``replace``, ``append`` (string grew
at the end), ``add`` and ``delete``; ``path`` is a list of dict keys and list indices.
Applying the edits of ``diff(old, new)`` to ``old`` in order gives ``new``.
"""

from __future__ import annotations

import copy
from typing import Any

Edit = list[Any]


def diff(old: Any, new: Any) -> list[Edit]:
    """The edits that turn ``old`` into ``new``."""
    edits: list[Edit] = []
    _diff(old, new, [], edits)
    return edits


def _diff(old: Any, new: Any, path: list[Any], edits: list[Edit]) -> None:
    if old is new:
        return  # the same object: a payload part reused unchanged (payloads are not mutated)
    if type(old) is not type(new):
        edits.append(["replace", path, new])
    elif isinstance(new, str):
        if old != new:
            if new.startswith(old):
                edits.append(["append", path, new[len(old) :]])
            else:
                edits.append(["replace", path, new])
    elif isinstance(new, list):
        _diff_list(old, new, path, edits)
    elif isinstance(new, dict):
        _diff_dict(old, new, path, edits)
    elif old != new:
        edits.append(["replace", path, new])


def _diff_list(old: list[Any], new: list[Any], path: list[Any], edits: list[Edit]) -> None:
    common = min(len(old), len(new))
    for i in range(common):
        if old[i] is not new[i]:
            _diff(old[i], new[i], [*path, i], edits)
    # Delete from the end so each index is still right when applied in order.
    for i in range(len(old) - 1, common - 1, -1):
        edits.append(["delete", [*path, i], None])
    for i in range(common, len(new)):
        edits.append(["add", [*path, i], new[i]])


def _diff_dict(
    old: dict[str, Any], new: dict[str, Any], path: list[Any], edits: list[Edit]
) -> None:
    for key, value in new.items():
        if key in old:
            _diff(old[key], value, [*path, key], edits)
        else:
            edits.append(["add", [*path, key], value])
    for key in old:
        if key not in new:
            edits.append(["delete", [*path, key], None])


def apply(value: Any, edits: list[Edit]) -> Any:
    """``value`` with ``edits`` applied; ``value`` itself is not changed."""
    result = copy.deepcopy(value)
    for op, path, item in edits:
        result = _apply_one(result, op, path, item)
    return result


def _apply_one(target: Any, op: str, path: list[Any], item: Any) -> Any:
    if not path:
        if op == "replace":
            return item
        if op == "append":
            return target + item
        raise ValueError(f"cannot {op} at the root")
    parent = target
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if op == "replace":
        parent[key] = item
    elif op == "append":
        parent[key] += item
    elif op == "add":
        if isinstance(parent, list):
            parent.insert(key, item)
        else:
            parent[key] = item
    elif op == "delete":
        del parent[key]
    else:
        raise ValueError(f"unknown edit {op!r}")
    return target


def merge(first: list[Edit], then: list[Edit]) -> list[Edit]:
    """Edits that do what ``first`` then ``then`` do (two messages merged into one), each of
    ``then`` folded into the edit before it where it can be: a new whole value drops all
    edits before it, text appended to the path just edited joins that edit, a value set
    twice keeps the second."""
    merged = list(first)
    for edit in then:
        if edit[0] == "replace" and not edit[1]:
            merged = [edit]
        elif merged and merged[-1][1] == edit[1] and (folded := _fold(merged[-1], edit)):
            merged[-1] = folded
        else:
            merged.append(edit)
    return merged


def _fold(last: Edit, edit: Edit) -> Edit | None:
    """One edit doing ``last`` then ``edit`` (on the same path), or None."""
    op, path, item = edit
    kept = "add" if last[0] == "add" else "replace"
    if op == "replace" and last[0] in ("replace", "append", "add"):
        return [kept, path, item]
    if op == "append" and isinstance(last[2], str) and isinstance(item, str):
        if last[0] == "append":
            return ["append", path, last[2] + item]
        if last[0] in ("replace", "add"):
            return [last[0], path, last[2] + item]
    return None
