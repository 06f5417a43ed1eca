"""Dynamic UI (``@gr.render``): blocks and events made per session when the page asks.

A render block is a container in the app spec and one dependency (its *render
dependency*). When that dependency runs, its function is called with the blocks' spec of
the session (:class:`SessionSpec`) as the target of new blocks, inside a fresh copy of the
container: every block it makes gets a session-only id, and every event it binds is
registered in the session's own dependency table, with an ``fn_index`` past the app's.
The event's completion message carries ``render_config`` (the new blocks, the container's
layout and the new dependencies), and the page replaces the container's content.

Sessions are isolated: the blocks and events one session's renders made are in that
session's table only, so another session can neither see nor call them. A re-render drops
the blocks and dependencies of the previous one (a block made with ``key=`` keeps its id,
so the page keeps its value); the whole table goes with the session.

Core knows no concrete component: how a block is described for the page, and how a fresh
container is made, are given by the builder of the render block (``rillet.rendering``).
"""

from __future__ import annotations

import pickle
import threading
import weakref
from collections import ChainMap
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

from rillet import protocol
from rillet.core.files import FileStore
from rillet.core.spec import AppSpec, Dependency, building

#: How a block is described in ``render_config["components"]`` (as in ``/config``):
#: ``describe(block, store, root_url, owner)``; the store resolves file-valued props.
Describe = Callable[[Any, "FileStore | None", str, str], dict[str, Any]]


@dataclass(eq=False)
class Renderable:
    """One ``@gr.render`` block of an app: the function that draws it, its container in
    the app's layout, and the two things core cannot make itself (``make_container``: a
    fresh, unplaced container of the same kind; ``describe``: a block's config entry)."""

    id: int
    fn: Callable[..., Any]
    container: Any
    make_container: Callable[[], Any]
    describe: Describe

    def run(
        self, renders: SessionRenders, files: tuple[Any, str, str], *args: Any, **kw: Any
    ) -> Rendered:
        """Call the render function for one session and return what the page needs to draw
        the container's new content (``files``: the store, root URL and owner that
        file-valued props are resolved with). The session's renders run one at a time."""
        with renders.lock:
            spec = renders.spec
            spec.drop(renders.owned.pop(self.id, Owned()))
            container = self.make_container()
            container._id = self.container._id
            spec.children[container._id] = []
            made = Owned()
            spec.start(self, made)
            try:
                with building(spec, container):
                    self.fn(*args, **kw)
            finally:
                spec.settle()
                spec.stop()
                renders.owned[self.id] = made
            return Rendered(self._config(spec, container, made, files))

    def _config(
        self, spec: SessionSpec, container: Any, made: Owned, files: tuple[Any, str, str]
    ) -> dict[str, Any]:
        store, root_url, owner = files
        blocks = [container] + [spec.blocks[i] for i in made.blocks]
        components = [self._describe(b, store, root_url, owner) for b in blocks]
        return {
            "components": components,
            "layout": spec.layout(container._id),
            "dependencies": [spec.by_id[i].config() for i in made.dependencies],
            "render_id": self.id,
        }

    def _describe(self, block: Any, store: Any, root_url: str, owner: str) -> dict[str, Any]:
        entry = self.describe(block, store, root_url, owner)
        entry["renderable"] = self.id
        if block is not self.container and block._id != self.container._id:
            entry["rendered_in"] = self.id
        key = getattr(block, "key", None)
        entry["key"] = None if key is None else _hashable(key)
        props = entry.setdefault("props", {})
        props.setdefault("key", key)
        # Gradio's default: a component keeps its value across renders, a layout nothing
        props.setdefault("preserved_by_key", ["value"] if "api_info" in entry else [])
        return entry


@dataclass
class Rendered:
    """What one call of a render function made, for the page (``render_config``)."""

    config: dict[str, Any]


@dataclass
class Owned:
    """The block ids and dependency ids one render of one render block made."""

    blocks: list[int] = field(default_factory=list)
    dependencies: list[int] = field(default_factory=list)
    keys: dict[Hashable, int] = field(default_factory=dict)


class SessionSpec(AppSpec):
    """The app's spec as one session's renders see it: the app's blocks and dependencies,
    plus the ones this session's renders made (new blocks and dependencies go only here).
    Ids given here never collide with the app's nor with earlier ones of this session,
    except that a block made with the same ``key=`` by the same render block keeps its id."""

    def __init__(self, app: AppSpec) -> None:
        super().__init__(
            blocks=ChainMap({}, app.blocks),  # type: ignore[arg-type]
            children={},
            dependencies=list(app.dependencies),
            root_id=app.root_id,
        )
        self.by_id: dict[int, Dependency] = {d.id: d for d in app.dependencies}
        self._next_block = max([app.root_id, *app.blocks]) + 1
        self._next_dep = max([-1, *self.by_id]) + 1
        self._rendering: Renderable | None = None
        self._made = Owned()
        self._previous_keys: dict[Hashable, int] = {}

    @property
    def own_blocks(self) -> dict[int, Any]:
        """The blocks this session's renders made (not the app's)."""
        own: dict[int, Any] = self.blocks.maps[0]  # type: ignore[attr-defined]
        return own

    def start(self, renderable: Renderable, made: Owned) -> None:
        self._rendering, self._made = renderable, made

    def stop(self) -> None:
        self._rendering = None

    def drop(self, owned: Owned) -> None:
        """Forget the blocks and dependencies of a previous render (keeping its keys, which
        the next render of the same block may reuse)."""
        for dep_id in owned.dependencies:
            dep = self.by_id.pop(dep_id, None)
            if dep is not None:
                self.dependencies.remove(dep)
        for block_id in owned.blocks:
            self.own_blocks.pop(block_id, None)
            self.children.pop(block_id, None)
        self._previous_keys = owned.keys

    def settle(self) -> None:
        """After a render: adopt the events copied in without :meth:`listen` (an app drawn
        inside, ``gr.Interface(...)`` in a render), and forget blocks that moved to another
        id meanwhile (a component an app inside took over)."""
        assert self._rendering is not None
        known = {id(d) for d in self.by_id.values()}
        stray = [d for d in self.dependencies if id(d) not in known]
        renumbered = {}
        for dep in stray:
            renumbered[dep.id], dep.id = self._next_dep, self._next_dep
            self._next_dep += 1
        for dep in stray:
            dep.rendered_in = self._rendering.id
            dep.cancels = [renumbered.get(c, c) for c in dep.cancels]
            if dep.trigger_after is not None:
                dep.trigger_after = renumbered.get(dep.trigger_after, dep.trigger_after)
            self.by_id[dep.id] = dep
            self._made.dependencies.append(dep.id)
        moved = {i for i in self._made.blocks if self.own_blocks[i]._id != i}
        for block_id in moved:
            del self.own_blocks[block_id]
        for kids in self.children.values():
            kids[:] = [k for k in kids if k not in moved]
        self._made.blocks = [i for i in dict.fromkeys(self._made.blocks) if i not in moved]

    def add(self, block: Any) -> None:
        """Give ``block`` a session id (its previous one when its key was drawn before)."""
        if self._rendering is None:
            raise RuntimeError("blocks can only be added to a session while it renders")
        if block._id is None:
            block._id = self._id_for(block)
        self._made.blocks.append(block._id)
        super().add(block)

    def _id_for(self, block: Any) -> int:
        key = getattr(block, "key", None)
        if key is not None:
            wanted = (type(block).__name__, _hashable(key))
            reused = self._previous_keys.get(wanted)
            if reused is not None and reused not in self._made.blocks:
                self._made.keys[wanted] = reused
                return reused
            self._made.keys[wanted] = self._next_block
        self._next_block += 1
        return self._next_block - 1

    def listen(
        self, targets: Any, fn: Any, inputs: Any = None, outputs: Any = None, **options: Any
    ) -> Dependency:
        """Bind an event made by a render: numbered past every dependency this session
        has seen, and recorded as this render's."""
        if self._rendering is None:
            raise RuntimeError("events can only be added to a session while it renders")
        start = len(self.dependencies)
        dep = super().listen(targets, fn, inputs, outputs, **options)
        for new in self.dependencies[start:]:
            new.id = self._next_dep
            new.rendered_in = self._rendering.id
            self._next_dep += 1
            self.by_id[new.id] = new
            self._made.dependencies.append(new.id)
        return dep


def _hashable(key: Any) -> Hashable:
    """A ``key=`` as a dict key (Gradio allows lists and tuples)."""
    if isinstance(key, list):
        return tuple(_hashable(k) for k in key)
    return key if isinstance(key, Hashable) else repr(key)


@dataclass(eq=False)
class SessionRenders:
    """One session's renders: its spec (blocks and dependencies) and what each of its
    render blocks made last."""

    spec: SessionSpec
    owned: dict[int, Owned] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def dependency(self, fn_index: int) -> Dependency | None:
        """The dependency ``fn_index`` names in this session (the app's or a render's)."""
        return self.spec.by_id.get(fn_index)


@dataclass
class Renders:
    """Every session's renders, created on a session's first render and forgotten with
    the session (when nothing else holds it any more)."""

    app: AppSpec
    by_session: dict[int, SessionRenders] = field(default_factory=dict)

    def has_renders(self) -> bool:
        """True when the app has at least one render block."""
        return any(d.render is not None for d in self.app.dependencies)

    def of(self, session: Any) -> SessionRenders:
        """The renders of ``session`` (made on first use)."""
        key = id(session)
        renders = self.by_session.get(key)
        if renders is None:
            renders = self.by_session[key] = SessionRenders(SessionSpec(self.app))
            weakref.finalize(session, self.by_session.pop, key, None)
        return renders

    def peek(self, session: Any) -> SessionRenders | None:
        """The renders of ``session`` if it has rendered, else None."""
        return self.by_session.get(id(session))

    def dependency(self, session: Any, fn_index: int) -> Dependency | None:
        """The dependency ``fn_index`` names for ``session``: one of the app's, or one its
        own renders made (None for anything else, such as another session's)."""
        deps = self.app.dependencies
        if 0 <= fn_index < len(deps) and deps[fn_index].id == fn_index:
            return deps[fn_index]
        renders = self.peek(session) if session is not None else None
        return renders.dependency(fn_index) if renders is not None else None


def drawing(job: Any, store: FileStore | None) -> Callable[..., None]:
    """The function a render dependency's job calls: it draws the render block in the
    job's session and keeps what it made on the job (``job.rendered``)."""
    renderable: Renderable = job.dep.render
    renders: SessionRenders = job.renders
    files = (store, job.root_url, job.session.files_key)

    def draw(*args: Any, **kw: Any) -> None:
        job.rendered = renderable.run(renders, files, *args, **kw)

    return draw


def completed(
    job: Any, final: list[Any], duration: float, average: float | None, changed: list[int]
) -> protocol.ProcessCompleted:
    """A completion that tells the page more than values: a render's (no value for its
    container, ``None`` as in Gradio, and ``render_config``, what the page draws in it),
    and one that changed ``gr.State`` values (``changed_state_ids``: their ``change``
    events fire, so a render with a State input redraws)."""
    data = [None] * len(job.dep.outputs) if job.rendered is not None else final
    output = protocol.output(data, is_generating=False, duration=duration, average_duration=average)
    if job.rendered is not None:
        output["render_config"] = job.rendered.config
    output["changed_state_ids"] = changed
    return protocol.ProcessCompleted(
        event_id=job.event_id,
        success=True,
        output=output,
        cache_duration=duration,
        avg_time=average,
    )


# --- gr.State changes (Gradio's ``changed_state_ids``; a render's State input listens) ---

_MISSING = object()


def state_marks(job: Any) -> dict[int, Any]:
    """A fingerprint of each ``gr.State`` the job's function may change, taken before it
    runs (a function may change a State's value in place)."""
    blocks = {
        b._id: b for b in [*job.dep.inputs, *job.dep.outputs] if getattr(b, "stateful", False)
    }
    return {i: _fingerprint(job.session.state.get(i, _MISSING)) for i in blocks}


def changed_states(job: Any, marks: dict[int, Any]) -> list[int]:
    """The ids of the States whose value the job changed."""
    state = job.session.state
    return [i for i, mark in marks.items() if _fingerprint(state.get(i, _MISSING)) != mark]


def _fingerprint(value: Any) -> Any:
    if value is _MISSING:
        return _MISSING
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - an unpicklable value is compared by identity
        return ("id", id(value))
