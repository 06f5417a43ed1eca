"""Layouts: ``Row``, ``Column``, ``Group``, ``Tabs``, ``Tab`` (``TabItem``), ``Form``,
``Accordion``, ``Sidebar``.

Each is used as ``with gr.Row(): ...``; the blocks made inside become its children.
"""

from __future__ import annotations

from typing import Any, ClassVar, Literal

from rillet.components._common import warn_unhonoured
from rillet.components.base import Component, Layout, _listener

Visible = bool | Literal["hidden"]


class _ListeningLayout(Layout):
    """A layout with event listeners (``tabs.select(...)``) generated from ``EVENTS``."""

    EVENTS: ClassVar[tuple[str, ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for event in cls.EVENTS:
            if event not in cls.__dict__:
                setattr(cls, event, _listener(event))

    _listen = Component._listen


class Row(Layout):
    """Children side by side (they wrap when narrower than their ``min_width``)."""

    def __init__(
        self,
        *,
        variant: Literal["default", "panel", "compact"] = "default",
        visible: Visible = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        scale: int | None = None,
        render: bool = True,
        height: int | str | None = None,
        max_height: int | str | None = None,
        min_height: int | str | None = None,
        equal_height: bool = False,
        show_progress: bool = False,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        self.variant = variant
        self.scale = scale
        self.height = height
        self.max_height = max_height
        self.min_height = min_height
        self.equal_height = equal_height
        self.show_progress = show_progress
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(
            visible=visible, elem_id=elem_id, elem_classes=elem_classes, render=render, key=key
        )

    def props(self) -> dict[str, Any]:
        return {
            "variant": self.variant,
            "scale": self.scale,
            "height": self.height,
            "max_height": self.max_height,
            "min_height": self.min_height,
            "equal_height": self.equal_height,
            "show_progress": self.show_progress,
        }


class Column(Layout):
    """Children stacked vertically; ``scale`` sets its width relative to its siblings."""

    def __init__(
        self,
        *,
        scale: int = 1,
        min_width: int = 320,
        variant: Literal["default", "panel", "compact"] = "default",
        visible: Visible = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        show_progress: bool = False,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        self.scale = scale
        self.min_width = min_width
        self.variant = variant
        self.show_progress = show_progress
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(
            visible=visible, elem_id=elem_id, elem_classes=elem_classes, render=render, key=key
        )

    def props(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "min_width": self.min_width,
            "variant": self.variant,
            "show_progress": self.show_progress,
        }


class Group(Layout):
    """Children drawn as one box, without gaps between them."""

    def __init__(
        self,
        *,
        visible: Visible = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(
            visible=visible, elem_id=elem_id, elem_classes=elem_classes, render=render, key=key
        )


class Tabs(_ListeningLayout):
    """A set of ``Tab``s; ``selected`` is the ``id`` of the open one (the first by default)."""

    EVENTS: ClassVar[tuple[str, ...]] = ("change", "select")
    #: Consecutive Tabs placed elsewhere get one made around them (AppSpec.fill_expected_parents).
    made_around_children: ClassVar[bool] = True

    def __init__(
        self,
        *,
        selected: int | str | None = None,
        visible: Visible = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        self.selected = selected
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(
            visible=visible, elem_id=elem_id, elem_classes=elem_classes, render=render, key=key
        )

    def props(self) -> dict[str, Any]:
        return {"selected": self.selected}


class Tab(_ListeningLayout):
    """One tab: its children show while it is selected. Belongs in a ``Tabs``.

    Gradio wraps consecutive Tabs placed elsewhere in one implicit ``Tabs``; see
    :meth:`get_expected_parent`.
    """

    EVENTS: ClassVar[tuple[str, ...]] = ("select",)

    def __init__(
        self,
        label: str | None = None,
        visible: Visible = True,
        interactive: bool = True,
        *,
        id: int | str | None = None,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        scale: int | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
        render_children: bool = False,
    ) -> None:
        self.label = label
        self.interactive = interactive
        self.id = id
        self.scale = scale
        self.render_children = render_children
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(
            visible=visible, elem_id=elem_id, elem_classes=elem_classes, render=render, key=key
        )

    def get_expected_parent(self) -> type[Tabs]:
        """The layout a Tab must sit in; Gradio adds one around Tabs placed elsewhere."""
        return Tabs

    def props(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "interactive": self.interactive,
            "id": self.id,
            "scale": self.scale,
            "render_children": self.render_children,
        }


#: Gradio's alias of ``Tab``.
TabItem = Tab


class Form(Layout):
    """The box Gradio puts around neighbouring form fields (Textbox, Slider...) placed in
    another layout, drawing them as one: made when their container closes
    (``AppSpec.fill_expected_parents``), so it takes the id after theirs, as in Gradio."""

    #: Made around neighbouring form fields (their ``get_expected_parent()``).
    made_around_children: ClassVar[bool] = True

    def __init__(
        self,
        *,
        scale: int = 0,
        min_width: int = 0,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        self.scale = scale
        self.min_width = min_width
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(render=render, key=key)

    def adopt(self, child: Any, parent: Any, grandparent: Any, fill_height: bool) -> None:
        """Grow with a field put into it, as Gradio sizes its implicit Form: in a ``Row``
        (or a ``Column`` of an equal-height ``Row``) by the field's ``scale`` (1 when
        unset), in a ``Row`` also by its ``min_width``; at the top of a
        ``Blocks(fill_height=True)`` by its ``scale`` (0 when unset)."""
        scale = getattr(child, "scale", None)
        if isinstance(parent, Row):
            self.scale += 1 if scale is None else scale
            self.min_width += getattr(child, "min_width", 0) or 0
        elif isinstance(parent, Column) and isinstance(grandparent, Row):
            if grandparent.equal_height:
                self.scale += 1 if scale is None else scale
        elif parent is None and fill_height:
            self.scale += scale or 0

    def props(self) -> dict[str, Any]:
        return {"scale": self.scale, "min_width": self.min_width}


class Accordion(_ListeningLayout):
    """A titled box its user opens and closes; ``open`` is its state at first (and through
    ``gr.update(open=...)``). Opening fires ``expand``, closing fires ``collapse``."""

    EVENTS: ClassVar[tuple[str, ...]] = ("expand", "collapse")

    def __init__(
        self,
        label: str | None = None,
        *,
        open: bool = True,
        height: int | str | None = None,
        max_height: int | str | None = None,
        visible: Visible = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        self.label = label
        self.open = open
        self.height = height
        self.max_height = max_height
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(
            visible=visible, elem_id=elem_id, elem_classes=elem_classes, render=render, key=key
        )

    def props(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "open": self.open,
            "height": self.height,
            "max_height": self.max_height,
        }


class Sidebar(_ListeningLayout):
    """A panel along the left (or right, ``position="right"``) edge of the page, ``width``
    wide, that its user opens and closes with a toggle button; ``open`` is its state at
    first (and through ``gr.update(open=...)``). On a narrow screen it lies over the page.
    Opening fires ``expand``, closing fires ``collapse``."""

    EVENTS: ClassVar[tuple[str, ...]] = ("expand", "collapse")

    def __init__(
        self,
        label: str | None = None,
        *,
        open: bool = True,
        visible: Visible = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        width: int | str = 320,
        position: Literal["left", "right"] = "left",
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        if position not in ("left", "right"):
            raise ValueError(f"Sidebar position must be 'left' or 'right', not {position!r}")
        self.label = label
        self.open = open
        self.width = width
        self.position = position
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(
            visible=visible, elem_id=elem_id, elem_classes=elem_classes, render=render, key=key
        )

    def props(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "open": self.open,
            "width": self.width,
            "position": self.position,
        }


class Draggable(Layout):
    """Children its user reorders by dragging them: stacked (``orientation="column"``, the
    default) or side by side (``"row"``). The new order lives in the page only, as in
    Gradio: it fires no event and does not reach the server."""

    def __init__(
        self,
        *,
        orientation: Literal["row", "column"] = "column",
        visible: Visible = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        if orientation not in ("row", "column"):
            raise ValueError(
                f"Draggable orientation must be 'row' or 'column', not {orientation!r}"
            )
        self.orientation = orientation
        warn_unhonoured(self, preserved_by_key=preserved_by_key)
        super().__init__(
            visible=visible, elem_id=elem_id, elem_classes=elem_classes, render=render, key=key
        )

    def props(self) -> dict[str, Any]:
        return {"orientation": self.orientation}


class Walkthrough(Tabs):
    """A set of ``Step``s shown one at a time under a numbered header, a wizard: ``selected``
    is the ``id`` of the step shown (the first by default); moving on is the app's job,
    ``gr.Walkthrough(selected=...)`` from an event. The user may also click a step's
    number to go back or forth. Changing step fires ``change`` and ``select``."""

    def __init__(
        self,
        *,
        selected: int | None = None,
        visible: bool = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        super().__init__(
            selected=selected,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
            preserved_by_key=preserved_by_key,
        )


class Step(Tab):
    """One step of a ``Walkthrough``: its children show while it is the selected one.

    Gradio wraps consecutive Steps placed elsewhere in one implicit ``Walkthrough``; see
    :meth:`get_expected_parent`.
    """

    def __init__(
        self,
        label: str | None = None,
        visible: bool = True,
        interactive: bool = True,
        *,
        id: int | None = None,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        scale: int | None = None,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = None,
    ) -> None:
        super().__init__(
            label,
            visible,
            interactive,
            id=id,
            elem_id=elem_id,
            elem_classes=elem_classes,
            scale=scale,
            render=render,
            key=key,
            preserved_by_key=preserved_by_key,
        )

    def get_expected_parent(self) -> type[Tabs]:
        """The layout a Step must sit in; Gradio adds one around Steps placed elsewhere."""
        return Walkthrough

    def props(self) -> dict[str, Any]:
        config = super().props()
        del config["render_children"]  # not a Step argument in Gradio
        return config
