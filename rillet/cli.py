"""The ``rillet`` command: ``rillet app.py`` serves an app in reload mode.

rillet app.py                      # serve `demo` from app.py, reload on every edit
rillet app.py --demo-name my_app   # another variable name
rillet environment                 # versions, for bug reports
"""

from __future__ import annotations

import argparse
import platform
import sys
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rillet.reload import AppFile, ReloadServer

COMMANDS = ("run", "environment")
#: The packages whose versions ``rillet environment`` prints.
#: The watcher's first (empty) report, after which edits are surely seen, comes this late.
WATCH_READY_MS = 300
PACKAGES = ("rillet", "starlette", "uvicorn", "av", "numpy", "pillow", "watchfiles", "ray")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rillet",
        description="Streaming web apps from Python functions. "
        "`rillet app.py` is short for `rillet run app.py`.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    run = commands.add_parser(
        "run",
        help="serve an app file in reload mode: edits rebuild the app, pages reload",
        description="Serve the app in PATH; when the file, or a module it imports from its "
        "folder, changes, rebuild the app in the same server and reload the open pages.",
    )
    run.add_argument("path", help="the app's Python file")
    run.add_argument(
        "--demo-name", default="demo", help="the variable that holds the app (default: demo)"
    )
    run.add_argument(
        "--watch-dirs",
        nargs="*",
        default=[],
        metavar="DIR",
        help="folders to watch besides the app's own",
    )
    run.add_argument("--encoding", default="utf-8", help="the file's encoding (default: utf-8)")
    commands.add_parser("environment", help="print the versions of rillet and what it uses")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code (2 for a bad app file or arguments)."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args and not args[0].startswith("-") and args[0] not in COMMANDS:
        args.insert(0, "run")
    options = _parser().parse_args(args)
    if options.command == "environment":
        return _environment()
    if options.command is None:
        _parser().print_help()
        return 2
    return _run(
        Path(options.path),
        options.demo_name,
        options.encoding,
        [Path(d) for d in options.watch_dirs],
    )


def _fail(message: str) -> int:
    print(f"rillet: error: {message}", file=sys.stderr)
    return 2


def _run(path: Path, demo_name: str, encoding: str, watch_dirs: list[Path]) -> int:
    if not path.is_file():
        return _fail(f"no such file: {path}")
    if path.suffix != ".py":
        return _fail(f"{path} is not a Python file (.py)")
    for folder in watch_dirs:
        if not folder.is_dir():
            return _fail(f"no such folder to watch: {folder}")
    from rillet.reload import AppFile, AppLoadError, ReloadServer

    app_file = AppFile(path, demo_name, encoding, watch_dirs=[path.parent, *watch_dirs])
    try:
        blocks = app_file.load()
    except AppLoadError as error:
        return _fail(str(error))
    try:
        server = ReloadServer(app_file, blocks)
    except (OSError, RuntimeError) as error:
        return _fail(f"cannot serve the app: {error}")
    from rillet.stopping import Terminated, sigterm_raises

    try:
        with sigterm_raises():  # SIGTERM stops as Ctrl+C does
            _watch(app_file, server, path.name)
    except (KeyboardInterrupt, Terminated):
        pass
    finally:
        print("* closing the server", flush=True)
        server.stop()
    return 0


def _watch(app_file: AppFile, server: ReloadServer, name: str) -> None:
    """Reload on each change; says it is watching once the watcher is in place."""
    import watchfiles

    folders = ", ".join(str(d) for d in app_file.watch_dirs)
    watching = watchfiles.watch(
        *app_file.watch_dirs,
        watch_filter=watchfiles.PythonFilter(),
        rust_timeout=WATCH_READY_MS,
        yield_on_timeout=True,
    )
    for number, changes in enumerate(watching):
        if number == 0:
            print(
                f"* rillet is serving {name} in reload mode at {server.url}\n"
                f"* watching {folders} (Ctrl+C stops)",
                flush=True,
            )
        if not changes:
            continue
        names = sorted({Path(changed).name for _, changed in changes})
        error = server.reload()
        if error is None:
            print(f"* reloaded after a change to {', '.join(names)}", flush=True)
        else:
            print(
                f"rillet: reload failed, still serving the last good app: {error}",
                file=sys.stderr,
                flush=True,
            )


def _environment() -> int:
    print(f"python {platform.python_version()} on {platform.platform()}")
    for name in PACKAGES:
        try:
            print(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            print(f"{name} (not installed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
