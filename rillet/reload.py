"""Reload mode, as ``rillet app.py`` runs it: load the app file, serve its app, and when
the file (or a module it imports from the folders watched) changes, rebuild the app in
the same server process, on the same port.

Like Gradio, the file runs again in the same module namespace, so what a reload must
not redo (load a model) goes in an ``if gr.NO_RELOAD:`` block: it runs on the first load
only, and what it defined stays. A reload that fails keeps serving the last good app.
"""

from __future__ import annotations

import ast
import asyncio
import os
import sys
import traceback
import types
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from starlette.applications import Starlette

from rillet.blocks import Blocks
from rillet.core.settings import reload_mode, server_address
from rillet.server.app import build_app
from rillet.server.launch import RunningServer, run
from rillet.server.reloading import Reloading

#: Seconds a reload may take to swap the app in the server.
SWAP_TIMEOUT = 30.0
PACKAGE = Path(__file__).resolve().parent


class AppLoadError(Exception):
    """The app file could not be loaded; the message is one readable line."""


class _WithoutNoReload(ast.NodeTransformer):
    """Replaces each ``if gr.NO_RELOAD:`` (or ``if NO_RELOAD:``) by its ``else`` part."""

    def visit_If(self, node: ast.If) -> ast.AST | list[ast.stmt]:
        test = node.test
        name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", None)
        if name == "NO_RELOAD":
            return [self.visit(stmt) for stmt in node.orelse] or [ast.Pass()]
        return self.generic_visit(node)


def _under(path: str | None, folders: Iterable[Path]) -> bool:
    if not path:
        return False
    resolved = Path(path).resolve()
    return any(resolved.is_relative_to(folder) for folder in folders)


@dataclass
class AppFile:
    """An app's Python file, loaded once and then reloaded in the same namespace."""

    path: Path
    demo_name: str = "demo"
    encoding: str = "utf-8"
    watch_dirs: list[Path] = field(default_factory=list)
    module: types.ModuleType | None = None

    def __post_init__(self) -> None:
        self.path = self.path.resolve()
        self.watch_dirs = [d.resolve() for d in self.watch_dirs] or [self.path.parent]

    def load(self) -> Blocks:
        """Run the file (again) and return its app; raises :class:`AppLoadError`."""
        try:
            source = self.path.read_text(self.encoding)
            tree = ast.parse(source, str(self.path))
        except (OSError, UnicodeDecodeError) as error:
            raise AppLoadError(f"cannot read {self.path.name}: {error}") from None
        except SyntaxError as error:
            raise AppLoadError(self._describe(error)) from None
        first = self.module is None
        if not first:
            tree = ast.fix_missing_locations(_WithoutNoReload().visit(tree))
            self._forget_local_modules()
        module = self.module or self._new_module()
        token = reload_mode.set(True)
        try:
            exec(compile(tree, str(self.path), "exec"), module.__dict__)  # noqa: S102 - the app
        except (Exception, SystemExit) as error:  # noqa: BLE001 - shown as one line
            raise AppLoadError(self._describe(error)) from None
        finally:
            reload_mode.reset(token)
        self.module = module
        return self._find_app(module)

    def _new_module(self) -> types.ModuleType:
        name = self.path.stem if self.path.stem.isidentifier() else "rillet_app"
        module = types.ModuleType(name)
        module.__file__ = str(self.path)
        if name not in sys.modules:
            sys.modules[name] = module
        folder = str(self.path.parent)
        if folder not in sys.path:
            sys.path.insert(0, folder)
        return module

    def _forget_local_modules(self) -> None:
        """Drop the modules imported from the watched folders, so the next run imports
        their new code; rillet itself and installed packages stay."""
        keep = [PACKAGE, Path(sys.prefix).resolve()]
        for name, module in list(sys.modules.items()):
            where = getattr(module, "__file__", None)
            if (
                module is not self.module
                and _under(where, self.watch_dirs)
                and not _under(where, keep)
            ):
                del sys.modules[name]

    def _find_app(self, module: types.ModuleType) -> Blocks:
        found = getattr(module, self.demo_name, None)
        if isinstance(found, Blocks):
            return found
        apps = [name for name, value in vars(module).items() if isinstance(value, Blocks)]
        if len(apps) == 1:
            return getattr(module, apps[0])
        hint = f" (it has {', '.join(apps)}: pass --demo-name)" if apps else ""
        raise AppLoadError(
            f"{self.path.name} has no Blocks, Interface or ChatInterface "
            f"named {self.demo_name!r}{hint}"
        )

    def _describe(self, error: BaseException) -> str:
        """``Type: message (file, line N)``, at the app's own line that raised."""
        if isinstance(error, SyntaxError):
            where = Path(error.filename or self.path).name
            return f"SyntaxError: {error.msg} ({where}, line {error.lineno})"
        frames = [
            f
            for f in traceback.extract_tb(error.__traceback__)
            if _under(f.filename, self.watch_dirs)
        ]
        where = f" ({Path(frames[-1].filename).name}, line {frames[-1].lineno})" if frames else ""
        lines = str(error).strip().splitlines()
        message = f": {lines[0]}" if lines else ""
        return f"{type(error).__name__}{message}{where}"


class ReloadServer:
    """One server for the app of an :class:`AppFile`, rebuilt when the file changes."""

    def __init__(self, app_file: AppFile, blocks: Blocks) -> None:
        self.app_file = app_file
        host, port = blocks.launch_address or server_address(None, None)
        self.reloading = Reloading(self._build(blocks))
        self.server: RunningServer = run(self.reloading, host, port)
        self.url = self.server.url + "/"

    @staticmethod
    def _build(blocks: Blocks) -> Starlette:
        blocks.settings.dev_mode = True
        blocks.settings.app_id = int.from_bytes(os.urandom(6), "big")
        return build_app(blocks.spec, blocks.settings)

    def reload(self) -> str | None:
        """Rebuild the app from its file and swap it in; returns the error, if any (the
        last good app then goes on serving and the pages show the error)."""
        loop = self.server.app.state.runtime.loop
        try:
            blocks = self.app_file.load()
        except AppLoadError as error:
            loop.call_soon_threadsafe(self.reloading.failed, str(error))
            return str(error)
        app = self._build(blocks)
        asyncio.run_coroutine_threadsafe(self.reloading.swap(app), loop).result(SWAP_TIMEOUT)
        return None

    def stop(self) -> None:
        """End the streams, cancel the events and stop serving."""
        self.server.stop()
