"""``gr.TabbedInterface``: several apps (Interfaces, Blocks) as the tabs of one."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from rillet.blocks import Blocks


class TabbedInterface(Blocks):
    """One app whose tabs are ``interface_list`` (Interfaces or any Blocks), named by
    ``tab_names`` (``"Tab 0"``, ``"Tab 1"``... by default, as in Gradio), under an
    optional ``title``; ``tabs_kwargs`` go to the ``gr.Tabs`` that holds them."""

    def __init__(
        self,
        interface_list: Sequence[Blocks],
        tab_names: Sequence[str] | None = None,
        title: str | None = None,
        analytics_enabled: bool | None = None,
        tabs_kwargs: dict[str, Any] | None = None,
    ) -> None:
        from rillet.components import HTML, Tab, Tabs

        super().__init__(title=title or "Gradio")
        names = list(tab_names or [f"Tab {i}" for i in range(len(interface_list))])
        if len(names) != len(interface_list):
            raise ValueError(
                f"TabbedInterface: {len(interface_list)} interfaces but {len(names)} tab names"
            )
        with self:
            if title:
                HTML(
                    f"<h1 style='text-align: center; margin-bottom: 1rem'>{html.escape(title)}</h1>"
                )
            with Tabs(**(tabs_kwargs or {})):
                for app, name in zip(interface_list, names, strict=True):
                    with Tab(label=name):
                        app.render()
