"""Multipage apps: ``demo.route(name, path=None, show_in_navbar=True)``, as in Gradio.

An app is a list of pages, the main one (path ``""``, named "Home") first. ``route()``
opens a new page: blocks and events made from then on (``with demo.route("Up"):``, or a
later ``with demo:``) belong to it, until the next ``route()``, Gradio's rule. Which page a
block or a dependency belongs to is kept in a :class:`PageTable` beside the app's
:class:`AppSpec` (its ids, so the spec itself does not change).

``/config`` carries the pages as Gradio's does: ``pages`` (``[path, name, show_in_navbar]``
each) and ``page`` (per path: the root's children drawn on it, its components and its
dependencies); ``/config?page=<path>`` is the config of one page, which is what the page
served at ``/<path>`` draws (see :func:`page_config` and :func:`routes`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from rillet.core import spec as specs
from rillet.core.spec import AppSpec

#: First-level paths the server (Gradio's or ours) answers itself: a page generated from a
#: name cannot take them (it is prefixed with ``_``), one given as ``path=`` is refused.
INTERNAL_ROUTES = frozenset(
    {
        "theme.css",
        "robots.txt",
        "pwa_icon",
        "manifest.json",
        "login",
        "logout",
        "svelte",
        "config",
        "static",
        "assets",
        "favicon.ico",
        "gradio_api",
        "monitoring",
        "healthz",
        "metrics",
    }
)

#: The characters a page path may hold (URL-safe, no ``/``), as Gradio allows.
VALID_PATH = re.compile(r"^[a-zA-Z0-9\-._~!$&'()*+,;=:@\[\]]+$")

#: Where the table sits on the app's spec.
_ATTRIBUTE = "_rillet_pages"


@dataclass
class PageTable:
    """The pages of one app and what belongs to which.

    ``pages``: ``(path, name, show_in_navbar)`` in the order made, the main page first;
    ``current``: the path new blocks and events go to; ``blocks`` / ``dependencies``: the
    page of each id made before the last ``route()`` (later ones are ``current``'s)."""

    pages: list[tuple[str, str, bool]] = field(default_factory=lambda: [("", "Home", True)])
    current: str = ""
    blocks: dict[int, str] = field(default_factory=dict)
    dependencies: dict[int, str] = field(default_factory=dict)

    def settle(self, spec: AppSpec) -> None:
        """Give the blocks and events made so far without a page the current one."""
        for block_id in spec.blocks:
            self.blocks.setdefault(block_id, self.current)
        for dep in spec.dependencies:
            self.dependencies.setdefault(dep.id, self.current)

    def block_page(self, block_id: int) -> str:
        return self.blocks.get(block_id, self.current)

    def dependency_page(self, dep_id: int) -> str:
        return self.dependencies.get(dep_id, self.current)

    def paths(self) -> list[str]:
        return [path for path, _, _ in self.pages]


def table_of(spec: AppSpec) -> PageTable:
    """The pages of ``spec`` (a one-page table, not stored, when it has no route)."""
    table = getattr(spec, _ATTRIBUTE, None)
    return table if isinstance(table, PageTable) else PageTable()


def slugify(name: str) -> str:
    """The path Gradio makes from a page name: ASCII, lower case, word characters, spaces
    and runs of dashes as one dash, no dash or underscore at either end."""
    text = unicodedata.normalize("NFKD", str(name)).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^\w\s-]", "", text.lower())
    return re.sub(r"[-\s]+", "-", text).strip("-_")


def page_path(name: str, path: str | None, taken: list[str]) -> str:
    """The path of a new page: ``path`` without its slashes (checked), else made from
    ``name``; one already taken, or the server's own, gets ``_`` in front until free."""
    if path:
        path = path.strip("/")
        if not VALID_PATH.match(path):
            raise ValueError(
                f"Page path {path!r} holds characters a URL path segment cannot: use "
                "letters, digits and -._~!$&'()*+,;=:@[]"
            )
        if path in INTERNAL_ROUTES:
            raise ValueError(f"Page path {path!r} is one the server already answers")
    else:
        path = slugify(name)
        if not path:
            raise ValueError(f"No page path can be made from the name {name!r}: give path=")
    while path in INTERNAL_ROUTES or path in taken:
        path = "_" + path
    return path


def add_route(spec: AppSpec, name: str, path: str | None, show_in_navbar: bool) -> str:
    """Open the page ``name`` of the app ``spec``: what is made from now on belongs to it.
    Returns its path. Refused inside a ``with gr.Blocks():``, as in Gradio (the page a
    block being made there belongs to would be ambiguous)."""
    if specs.current_spec() is not None:
        raise ValueError(
            "demo.route() cannot be called inside a `with gr.Blocks():` block: call it "
            "outside (unindent it), as `with demo.route(name):`"
        )
    table = getattr(spec, _ATTRIBUTE, None)
    if not isinstance(table, PageTable):
        table = PageTable()
        setattr(spec, _ATTRIBUTE, table)
    table.settle(spec)
    new_path = page_path(name, path, table.paths())
    table.pages.append((new_path, name, show_in_navbar))
    table.current = new_path
    return new_path


def config_fields(
    spec: AppSpec, layout: dict[str, Any], components: list[dict[str, Any]]
) -> dict[str, Any]:
    """``/config``'s ``pages`` and ``page`` entries for ``spec`` (``layout``: its whole
    layout tree; ``components``: its component entries), as Gradio gives them."""
    table = table_of(spec)
    per_page: dict[str, dict[str, Any]] = {
        path: {
            "layout": {"id": layout.get("id", spec.root_id), "children": []},
            "components": [],
            "dependencies": [],
        }
        for path in table.paths()
    }
    for child in layout.get("children", []):
        page = per_page.get(table.block_page(child["id"]))
        if page is not None:
            page["layout"]["children"].append(child)
    for entry in components:
        page = per_page.get(table.block_page(entry["id"]))
        if page is not None:
            page["components"].append(entry["id"])
    for dep in spec.dependencies:
        page = per_page.get(table.dependency_page(dep.id))
        if page is not None:
            page["dependencies"].append(dep.id)
    return {"pages": [list(p) for p in table.pages], "page": per_page}


def page_config(config: dict[str, Any], page: str | None) -> dict[str, Any]:
    """The ``/config`` of one page (``/config?page=<path>``): its layout, components and
    dependencies only, and ``current_page``; the whole ``config`` when ``page`` is None or
    names no page."""
    pages = config.get("page") or {}
    if page is None or page not in pages:
        return config
    wanted = pages[page]
    components = set(wanted["components"])
    dependencies = set(wanted["dependencies"])
    return {
        **config,
        "components": [c for c in config["components"] if c["id"] in components],
        "dependencies": [d for d in config["dependencies"] if d["id"] in dependencies],
        "layout": wanted["layout"],
        "current_page": page,
    }


def routes(spec: AppSpec, index: Any) -> list[Any]:
    """The server's routes of the pages other than the main one: ``/<path>`` answers with
    the page (``index``, the same HTML as ``/``; it asks ``/config?page=<path>``), and
    ``/<path>/`` redirects there, as in Gradio."""
    from starlette.responses import RedirectResponse
    from starlette.routing import Route

    found: list[Any] = []
    for path in table_of(spec).paths():
        if not path:
            continue
        target = f"/{path}"

        async def redirect(request: Any, path: str = path) -> Any:
            # relative, so it stays right below a mount or a proxy's root_path
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(f"../{path}{query}", status_code=301)

        found += [Route(target, index), Route(target + "/", redirect)]
    return found
