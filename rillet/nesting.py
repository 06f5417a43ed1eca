"""One ``Blocks`` drawn inside another: ``interface.render()`` in a ``with gr.Blocks():``, an
``Interface`` or ``ChatInterface`` made inside one, ``gr.TabbedInterface``.

The inner app's blocks move into the outer app's spec (new ids, same layout, under the
layout being filled), and its events are copied there with their targets, chains and
cancels re-pointed. Its API names stay when free, else get Gradio's ``_1`` suffixes. An
Interface's title and description become blocks at the top, as Gradio draws them.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rillet.core.spec import AppSpec, Dependency, current_parent, filling


def render_into(inner: AppSpec, outer: AppSpec, heading: list[Any]) -> None:
    """Move ``inner``'s blocks and events into ``outer``, under the current parent;
    ``heading`` holds blocks (already made, unrendered) to put first."""
    parent = current_parent()
    parent_id = parent._id if parent is not None else outer.root_id
    with filling(parent):
        for block in heading:
            block.render()
    ids = _move_blocks(inner, outer, parent_id)
    _copy_dependencies(inner, outer, ids)


def _move_blocks(inner: AppSpec, outer: AppSpec, parent_id: int) -> dict[int, int]:
    """Re-number ``inner``'s blocks into ``outer``; the map of old ids to new ones."""
    ids: dict[int, int] = {inner.root_id: parent_id}
    for old_id, block in list(inner.blocks.items()):
        block._id = None
        with filling(None):
            outer.add(block)
        outer.children[outer.root_id].remove(block._id)  # placed below, under its parent
        if not outer.children[outer.root_id]:
            del outer.children[outer.root_id]
        ids[old_id] = block._id
    for old_parent, kids in inner.children.items():
        outer.children.setdefault(ids[old_parent], []).extend(ids[k] for k in kids)
    return ids


def _copy_dependencies(inner: AppSpec, outer: AppSpec, ids: dict[int, int]) -> None:
    """Copy ``inner``'s events into ``outer``, re-pointed at the blocks' new ids."""
    offset = len(outer.dependencies)
    for dep in inner.dependencies:
        copy: Dependency = dataclasses.replace(
            dep,
            id=dep.id + offset,
            spec=outer,
            targets=[(ids.get(t, t), name) for t, name in dep.targets],
            cancels=[c + offset for c in dep.cancels],
            trigger_after=None if dep.trigger_after is None else dep.trigger_after + offset,
            api_name=None,
            frontend=_frontend_with(dep.frontend, ids),
            show_progress_on=(
                None
                if dep.show_progress_on is None
                else [ids.get(b, b) for b in dep.show_progress_on]
            ),
        )
        if dep.api_name is not None and dep.fn is not None:
            copy.api_name = outer._api_name(dep.fn, dep.api_name)
        outer.dependencies.append(copy)


def _frontend_with(frontend: dict[str, Any] | None, ids: dict[int, int]) -> dict[str, Any] | None:
    """A dependency's page actions re-pointed at the blocks' new ids: the Submit/Stop
    ``running_swap``, the blocks a ClearButton ``clear``s and the ``values`` it sets."""
    if frontend is None:
        return None
    moved = dict(frontend)
    if "running_swap" in moved:
        moved["running_swap"] = [ids.get(b, b) for b in moved["running_swap"]]
    if "clear" in moved:
        moved["clear"] = [ids.get(b, b) for b in moved["clear"]]
    if "values" in moved:
        moved["values"] = [[ids.get(b, b), value] for b, value in moved["values"]]
    return moved
