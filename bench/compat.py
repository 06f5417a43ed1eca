"""Gradio's own demos, run on rillet and on Gradio: how many build and serve on both.

Usage (from the repository's root; rillet's .venv and Gradio's bench/.gradio-venv, see bench/run):

    .venv/bin/python bench/compat.py PATH [--jobs 3] [--timeout 60] [--only NAME ...]
                                          [--reuse-control] [--out FILE]

PATH is a checkout of gradio-app/gradio at ``GRADIO_COMMIT`` (only its ``demo/`` folder is
used). Without a clone, from a bare mirror (the search tool's ``fetch`` of
``github:gradio-app/gradio`` leaves one at /work/.mirror/gradio-app+gradio/repo):

    .venv/bin/python bench/compat.py PATH --mirror /work/.mirror/gradio-app+gradio/repo

writes ``PATH/demo`` from the mirror at the pinned commit first (``git archive`` would do, but
mirrors may lack a few large blobs: the demos' screenshots; those files are left out). With a
clone: ``git clone https://github.com/gradio-app/gradio PATH && git -C PATH checkout COMMIT``.

Each ``demo/*/run.py`` runs in its own process, once under Gradio (the control, Gradio in
bench/.gradio-venv) and once under rillet (rillet's .venv, with a folder on PYTHONPATH holding
a ``gradio`` package that is rillet: ``from rillet import *``, other attributes forwarded to
rillet, ``gradio.X`` submodules found as ``rillet.X``; ``gradio_client`` stays the real one).
The process is this file run with ``--child``: it imports ``gradio`` (real or rillet), wraps
``gradio.Blocks.launch`` so that every launch is non-blocking (``prevent_thread_lock=True``)
on 127.0.0.1 and a free port, with no share link, runs run.py with runpy as ``__main__`` in
the demo's folder, and once the first launch has returned asks the server for ``/config`` and
``/gradio_api/info``. A demo that never calls launch() has its module-level Blocks (``demo``
first) launched once the module has finished. Wrapping the one method in the child is the
same for both frameworks and changes nothing in either package.

Packages that Gradio installs and rillet does not (pandas, pydantic, ...) are found in
Gradio's site-packages, searched after rillet's own, so that a demo using pandas tests rillet's
surface and not our dependency list; the real ``gradio`` there stays hidden behind the shim.
The demos' own requirements (demo/*/requirements.txt) are not installed, the network is
what the machine has (Hugging Face is put in offline mode): such demos fail under Gradio too
and are left out of the rate, which is (demos that serve under rillet) / (demos that serve
under Gradio). Only the first failure of a demo is seen: a missing name stops the program.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import importlib
import json
import os
import platform
import re
import runpy
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn

#: The gradio-app/gradio commit whose demo/ folder is measured (2026-08-22, Gradio 6.25.0's
#: sources; the control runs Gradio 6.31.0 from PyPI).
GRADIO_COMMIT = "375335e60e2b4504a57f3eef0eb6bca3c7bb765a"
GRADIO_REPO = "https://github.com/gradio-app/gradio"
HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHONS = {"gradio": HERE / ".gradio-venv/bin/python", "rillet": ROOT / ".venv/bin/python"}
RESULTS = HERE / "results/compat.json"
#: Where the search tool's ``fetch`` of github:gradio-app/gradio leaves its bare mirror.
MIRROR = "/work/.mirror/gradio-app+gradio/repo"
#: Written into PATH by --mirror: the commit its demo/ folder comes from.
COMMIT_MARK = ".compat-commit"
#: Exceptions (anywhere in the chain) that mean the network or the Hugging Face Hub.
NETWORK_TYPES = {
    "ConnectionError",
    "ConnectError",
    "ConnectTimeout",
    "gaierror",
    "URLError",
    "MaxRetryError",
    "NameResolutionError",
    "OfflineModeIsEnabled",
    "LocalEntryNotFoundError",
    "HfHubHTTPError",
    "RepositoryNotFoundError",
    "GatedRepoError",
    "SSLError",
}
NETWORK_WORDS = re.compile(
    r"offline mode|HF_HUB_OFFLINE|huggingface\.co|Name or service not known|"
    r"Temporary failure in name resolution|Could not fetch config|Connection refused",
    re.IGNORECASE,
)

SHIM = '''"""`gradio`, pointed at rillet by bench/compat.py: `import gradio as gr` is
`import rillet as gr`, and each `gradio.X` submodule is `rillet.X` itself."""

import importlib
import importlib.abc
import importlib.machinery
import sys

import rillet
from rillet import *

__all__ = list(rillet.__all__)


def __getattr__(name):
    try:
        return getattr(rillet, name)
    except AttributeError:
        module = sys.modules[__name__]
        message = f"module 'gradio' has no attribute {name!r}"
        raise AttributeError(message, name=name, obj=module) from None


class _Alias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith("gradio."):
            return None
        real = "rillet." + fullname[len("gradio."):]
        try:
            importlib.import_module(real)
        except ModuleNotFoundError as e:
            if e.name is not None and (real == e.name or real.startswith(e.name + ".")):
                return None  # "No module named 'gradio.X'"
            raise
        return importlib.machinery.ModuleSpec(fullname, self)

    def exec_module(self, module):
        # The import system returns what sys.modules holds after this: rillet's own module.
        sys.modules[module.__name__] = sys.modules["rillet." + module.__name__[len("gradio."):]]


sys.meta_path.insert(0, _Alias())
'''


# --- the child: one demo in this process --------------------------------------------------


def free_port() -> int:
    """A port nobody listens on now, on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def http_get(url: str) -> tuple[int | str, Any]:
    """(status, parsed JSON body or None) of a GET, ignoring any proxy settings."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=30) as response:
            body = response.read()
            status: int = response.status
    except urllib.error.HTTPError as e:
        return e.code, None
    except OSError as e:
        return f"{type(e).__name__}: {e}", None
    try:
        return status, json.loads(body)
    except ValueError:
        return status, None


def exception_chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception, then its causes or contexts (at most 6 in all)."""
    seen: BaseException | None = exc
    for _ in range(6):
        if seen is None:
            return
        yield seen
        seen = seen.__cause__ or seen.__context__


def object_name(obj: object) -> tuple[str, str]:
    """('module' | 'class' | 'instance', dotted name) of an AttributeError's object."""
    if isinstance(obj, ModuleType):
        return "module", obj.__name__
    kind, cls = ("class", obj) if isinstance(obj, type) else ("instance", type(obj))
    return kind, f"{cls.__module__}.{cls.__qualname__}"


@dataclass
class Probe:
    """What happened to one demo in this process, saved to ``result_file`` as it goes."""

    result_file: Path
    demo_dir: str
    record: dict[str, Any] = field(
        default_factory=lambda: {"built": False, "launched": False, "config": None, "info": None}
    )
    borrow: str = ""
    framework: ModuleType | None = None
    framework_dirs: tuple[str, ...] = ()

    def save(self) -> None:
        if self.borrow:
            self.record["borrowed"] = self.borrowed()
        part = self.result_file.with_suffix(".part")
        part.write_text(json.dumps(self.record, default=str))
        part.replace(self.result_file)

    def borrowed(self) -> list[str]:
        """The top-level modules imported from Gradio's site-packages (``borrow``)."""
        prefix = self.borrow.rstrip(os.sep) + os.sep
        return sorted(
            {
                name.split(".")[0]
                for name, module in list(sys.modules.items())
                if (getattr(module, "__file__", None) or "").startswith(prefix)
            }
        )

    def fail(self, stage: str, exc: BaseException) -> None:
        self.record["stage"] = stage
        self.record["exc"] = self.describe(exc)
        self.save()

    def describe(self, exc: BaseException) -> dict[str, Any]:
        """Type, message, where it was raised and the names an ImportError, AttributeError
        or TypeError is about."""
        frames = traceback.extract_tb(exc.__traceback__)
        last = frames[-1].filename if frames else ""
        if last.startswith(self.framework_dirs):
            raised_in = "framework"
        elif last.startswith(self.demo_dir):
            raised_in = "demo"
        else:
            raised_in = "library"
        in_demo = [f for f in frames if f.filename.startswith(self.demo_dir)]
        where = (
            f"{Path(in_demo[-1].filename).name}:{in_demo[-1].lineno}: {in_demo[-1].line}"
            if in_demo
            else None
        )
        info: dict[str, Any] = {
            "type": type(exc).__name__,
            "types": sorted(
                {c.__name__ for e in exception_chain(exc) for c in type(e).__mro__}
                - {"object", "BaseException", "Exception"}
            ),
            "message": str(exc)[:500],
            "raised_in": raised_in,
            "where": where,
        }
        if isinstance(exc, ImportError):
            info["module"] = exc.name
        if isinstance(exc, AttributeError) and exc.obj is not None:
            kind, name = object_name(exc.obj)
            info["attribute"] = exc.name
            info["object"] = {"kind": kind, "name": name, "public": self.is_public(name)}
        if isinstance(exc, TypeError):  # "X.f() got ...", "'X' object does not ..."
            callee = re.match(r"'?([\w.]+)(?:\(\)|' object)", str(exc))
            info["public"] = bool(callee) and self.is_public(callee[1] if callee else "")
        return info

    def is_public(self, dotted: str) -> bool:
        """Whether ``dotted`` (``Textbox.__init__``, ``rillet.blocks.Blocks``) starts with or
        ends in a class or function that ``gradio`` exports."""
        if self.framework is None:
            return False
        parts = dotted.split(".")
        if parts[0] in ("gradio", "rillet"):  # a class: its module path, then its name
            return hasattr(self.framework, parts[-1])
        return hasattr(self.framework, parts[0])

    def query(self, url: str) -> None:
        """Ask the server for /config and /gradio_api/info; record statuses and sizes."""
        self.record["url"] = url
        status, config = http_get(url + "config")
        self.record["config"] = status
        if isinstance(config, dict):
            self.record["components"] = len(config.get("components") or [])
        status, info = http_get(url + "gradio_api/info")
        self.record["info"] = status
        if isinstance(info, dict):
            self.record["endpoints"] = len(info.get("named_endpoints") or {})
        self.save()

    def wrap_launch(self, blocks_class: Any) -> None:
        """Make ``blocks_class.launch`` non-blocking on a free port of 127.0.0.1; once it has
        returned, query the server and end the process (a subclass's own launch, such as
        Gradio's ``Workflow``, may block after its ``super().launch()``)."""
        original = blocks_class.launch

        def launch(blocks: Any, *args: Any, **kwargs: Any) -> NoReturn:
            self.record["built"] = True
            self.record["stage"] = "launch"
            port = free_port()
            kwargs.update(
                prevent_thread_lock=True,
                server_name="127.0.0.1",
                server_port=port,
                share=False,
                inbrowser=False,
                debug=False,
            )
            original(blocks, *args, **kwargs)
            self.record["launched"] = True
            self.query(f"http://127.0.0.1:{port}/")
            exit_now()  # the outcome is known; what the module does next does not count

        blocks_class.launch = launch


def run_child(run_py: str, result_file: str, borrow: str) -> NoReturn:
    """``--child``: run one demo in this process and exit (without waiting for servers)."""
    demo_dir = os.path.dirname(os.path.abspath(run_py))
    sys.path[0] = demo_dir
    if borrow:
        sys.path.append(borrow)  # after our own site-packages: only what we lack
    sys.argv = [run_py]
    probe = Probe(Path(result_file), demo_dir + os.sep, borrow=borrow)
    probe.save()
    try:
        gradio = importlib.import_module("gradio")
        probe.framework = gradio
        probe.framework_dirs = tuple(
            os.path.dirname(m.__file__) + os.sep
            for m in (gradio, sys.modules.get("rillet"))
            if m is not None and m.__file__
        )
        probe.wrap_launch(gradio.Blocks)
    except BaseException as e:  # noqa: BLE001 - recorded: the framework itself failed
        probe.fail("import", e)
        exit_now()
    probe.record["stage"] = "module"
    try:
        names = runpy.run_path(run_py, run_name="__main__")
    except BaseException as e:  # noqa: BLE001 - recorded: the demo failed, whatever the cause
        probe.fail(probe.record["stage"], e)
        exit_now()
    launch_leftover(probe, names, gradio.Blocks)  # returns only if there is none, or it failed
    probe.save()
    exit_now()


def launch_leftover(probe: Probe, names: dict[str, Any], blocks_class: Any) -> None:
    """Launch the Blocks a module left without launching it (``demo`` first)."""
    found = [v for _, v in sorted(names.items(), key=lambda kv: kv[0] != "demo")]
    blocks = next((v for v in found if isinstance(v, blocks_class)), None)
    if blocks is None:
        return
    try:
        blocks.launch()
    except BaseException as e:  # noqa: BLE001 - recorded: the launch failed
        probe.fail("launch", e)


def exit_now() -> NoReturn:
    """Leave at once: the servers' threads would keep the process alive."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


# --- the parent: run every demo under both, classify, rank -------------------------------


@dataclass(frozen=True)
class Context:
    """What every child needs: the shim's folder, Gradio's site-packages, the time limit."""

    shim_dir: Path
    gradio_site: str
    timeout: float
    #: Gradio's submodules (``themes``, ``media``): ``gr.themes`` is named ``gradio.themes``.
    submodules: frozenset[str]

    def env(self, framework: str, tmp: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
        env.update(
            TMPDIR=tmp,
            GRADIO_TEMP_DIR=os.path.join(tmp, "gradio"),
            MPLCONFIGDIR=os.path.join(tmp, "mpl"),
            GRADIO_ANALYTICS_ENABLED="False",
            GRADIO_SERVER_NAME="127.0.0.1",
            HF_HUB_OFFLINE="1",
            HF_DATASETS_OFFLINE="1",
            TRANSFORMERS_OFFLINE="1",
            HF_HUB_DISABLE_TELEMETRY="1",
            MPLBACKEND="Agg",
            PYTHONDONTWRITEBYTECODE="1",
            PYTHONUNBUFFERED="1",
        )
        if framework == "rillet":
            env["PYTHONPATH"] = str(self.shim_dir)
        return env


def run_demo(framework: str, run_py: Path, ctx: Context) -> dict[str, Any]:
    """Run one demo under one framework in its own process group; its classified outcome."""
    with tempfile.TemporaryDirectory(prefix="compat-", ignore_cleanup_errors=True) as tmp:
        result, log = Path(tmp) / "result.json", Path(tmp) / "log.txt"
        borrow = ctx.gradio_site if framework == "rillet" else ""
        cmd = [str(PYTHONS[framework]), __file__, "--child", str(run_py), str(result), borrow]
        start = time.monotonic()
        with log.open("wb") as out:
            proc = subprocess.Popen(
                cmd,
                cwd=run_py.parent,
                env=ctx.env(framework, tmp),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            timed_out = False
            try:
                proc.wait(ctx.timeout)
            except subprocess.TimeoutExpired:
                timed_out = True
            finally:
                kill_group(proc)
        record: dict[str, Any] = json.loads(result.read_text()) if result.exists() else {}
        record.update(
            seconds=round(time.monotonic() - start, 1),
            timed_out=timed_out,
            exit=None if timed_out else proc.returncode,
        )
        outcome = summarise_record(record, ctx.submodules)
        if outcome["status"] in ("crash", "timeout", "serve", "no_blocks"):
            outcome["log_tail"] = log.read_bytes()[-1500:].decode("utf-8", "replace")
        return outcome


def kill_group(proc: subprocess.Popen[bytes]) -> None:
    """Kill the child's process group (the demo's own subprocesses too) and reap it."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def summarise_record(record: dict[str, Any], submodules: frozenset[str]) -> dict[str, Any]:
    """The compact outcome kept in compat.json: status, key and the stages reached."""
    status, key = classify(record, submodules)
    exc = record.get("exc") or {}
    outcome: dict[str, Any] = {
        "status": status,
        "key": key,
        "built": record.get("built", False),
        "config": record.get("config"),
        "info": record.get("info"),
        "seconds": record["seconds"],
    }
    for name in ("components", "endpoints"):
        if name in record:
            outcome[name] = record[name]
    if exc:
        outcome["error"] = (
            f"{exc['type']}: {exc['message'].splitlines()[0] if exc['message'] else ''}"[:300]
        )
        outcome["stage"] = record.get("stage")
        outcome["where"] = exc.get("where")
    if record.get("borrowed"):
        outcome["borrowed"] = record["borrowed"]
    if record.get("exit") not in (0, None):
        outcome["exit"] = record["exit"]
    return outcome


def classify(record: dict[str, Any], submodules: frozenset[str]) -> tuple[str, str | None]:
    """(status, key): ``ok``; ``serve`` (launched, but /config or /gradio_api/info not 200);
    ``missing`` (key: the Gradio name rillet lacks); ``package`` (key: the module not
    installed); ``network``; ``error`` (key: type and message); ``timeout``; ``crash``;
    ``no_blocks`` (the module finished without making a Blocks)."""
    config, info = record.get("config"), record.get("info")
    if config == 200 and info == 200:
        return "ok", None
    if record.get("launched"):
        return "serve", f"/config {config}" if config != 200 else f"/gradio_api/info {info}"
    if record.get("exc"):
        return classify_exception(record["exc"], submodules)
    if record.get("timed_out"):
        return "timeout", None
    if not record or record.get("exit") != 0:
        return "crash", f"exit {record.get('exit')}"
    return "no_blocks", None


def classify_exception(exc: dict[str, Any], submodules: frozenset[str]) -> tuple[str, str | None]:
    """Classify a recorded exception (see ``classify``); ``submodules``: Gradio's."""
    types, message = set(exc["types"]), exc["message"]
    if "ModuleNotFoundError" in types and exc["type"] == "ModuleNotFoundError":
        module = exc.get("module") or (re.findall(r"No module named '([^']+)'", message) or [""])[0]
        if module == "gradio" or module.startswith("gradio."):
            return "missing", module
        if module.startswith("rillet"):
            return "error", f"ModuleNotFoundError: {module}"
        return "package", module.split(".")[0]
    if exc["type"] == "ImportError":
        found = re.search(r"cannot import name '(\w+)' from '([\w.]+)'", message)
        if found and gradio_module(found[2]):
            return "missing", qualify(gradio_module(found[2]), found[1], submodules)
        if found:
            return "package", f"{found[2].split('.')[0]} (no {found[1]})"
        extra = re.search(r"pip install [`'\"]?([\w.\[\]-]+)", message)
        if extra:  # a library (Gradio itself too) asking for an optional package
            return "package", extra[1]
    if types & NETWORK_TYPES or NETWORK_WORDS.search(message):
        return "network", None
    key = missing_attribute(exc, submodules) or missing_argument(exc) or missing_shortcut(message)
    if key:
        return "missing", key
    where = "in framework: " if exc.get("raised_in") == "framework" else ""
    return "error", f"{where}{exc['type']}: {first_line(message)}"


def gradio_module(name: str) -> str:
    """``gradio`` or ``gradio.X`` for a module of either framework (``rillet.X`` is what the
    shim made of ``gradio.X``), else ''."""
    if name == "rillet" or name.startswith("rillet."):
        name = "gradio" + name[len("rillet") :]
    return name if name == "gradio" or name.startswith("gradio.") else ""


def qualify(module: str, name: str, submodules: frozenset[str]) -> str:
    """``gr.X`` for Gradio's top level, ``gradio.sub.X`` below it, ``gradio.sub`` for one
    of its submodules (whether imported or reached as an attribute)."""
    if module != "gradio":
        return f"{module}.{name}"
    return f"gradio.{name}" if name in submodules else f"gr.{name}"


def missing_attribute(exc: dict[str, Any], submodules: frozenset[str]) -> str | None:
    """``gr.X``, ``gradio.sub.X`` or ``gr.Class.attr`` for an AttributeError on Gradio's
    surface."""
    obj, attribute = exc.get("object"), exc.get("attribute")
    if exc["type"] != "AttributeError" or not obj or not attribute:
        return None
    if obj["kind"] == "module":
        module = gradio_module(obj["name"])
        return qualify(module, attribute, submodules) if module else None
    if gradio_module(obj["name"].rsplit(".", 1)[0]) or obj["name"].startswith(
        ("gradio.", "rillet.")
    ):
        cls = obj["name"].rsplit(".", 1)[-1]
        return f"gr.{cls}.{attribute}" if obj["public"] else f"{cls}.{attribute}"
    return None


def missing_argument(exc: dict[str, Any]) -> str | None:
    """``gr.X(arg=...)`` for an unexpected keyword argument of a Gradio callable,
    ``gr.X(N positional)`` for too many positional arguments, ``with gr.X`` for a block
    that is not a context manager in rillet."""
    if exc["type"] != "TypeError" or not exc.get("public"):
        return None
    message = exc["message"]
    keyword = re.match(r"([\w.]+)\(\) got an unexpected keyword argument '(\w+)'", message)
    if keyword:
        return f"gr.{callee(keyword[1])}({keyword[2]}=...)"
    positional = re.match(r"([\w.]+)\(\) takes .* but (\d+) (?:positional arguments? )?", message)
    if positional:
        return f"gr.{callee(positional[1])}({int(positional[2]) - 1} positional)"
    context = re.match(r"'(\w+)' object does not support the context manager protocol", message)
    if context:
        return f"with gr.{context[1]}"
    return None


def callee(qualname: str) -> str:
    """``Textbox`` for ``Textbox.__init__``, ``Blocks.load`` for itself."""
    return qualname.removesuffix(".__init__")


def missing_shortcut(message: str) -> str | None:
    """``"file" shortcut`` for an Interface string shortcut that rillet does not know."""
    found = re.search(r"No such component: '([^']+)'", message)
    return f'"{found[1]}" shortcut' if found else None


def first_line(message: str) -> str:
    return (message.splitlines() or [""])[0][:160]


# --- the run ------------------------------------------------------------------------------


def demo_folders(path: Path, only: Iterable[str]) -> list[Path]:
    """``demo/*/run.py`` under PATH (only those named, if any), sorted by name."""
    runs = sorted((path / "demo").glob("*/run.py"))
    wanted = set(only)
    return [r for r in runs if not wanted or r.parent.name in wanted]


def is_streaming(run_py: Path) -> bool:
    """A demo that streams: a generator, a streaming component or a ``.stream`` event."""
    text = run_py.read_text("utf-8", "replace")
    return bool(re.search(r"(?m)^\s*yield\b|streaming\s*=\s*True|\.stream\(", text))


def run_all(
    runs: list[Path], frameworks: list[str], ctx: Context, jobs: int
) -> dict[str, dict[str, Any]]:
    """Every (demo, framework) pair on a small pool; prints a line as each demo finishes."""
    demos: dict[str, dict[str, Any]] = {r.parent.name: {} for r in runs}
    start, done = time.monotonic(), 0
    with ThreadPoolExecutor(jobs) as pool:
        futures: dict[Future[dict[str, Any]], tuple[str, str]] = {
            pool.submit(run_demo, fw, run_py, ctx): (run_py.parent.name, fw)
            for run_py in runs
            for fw in frameworks
        }
        for future in as_completed(futures):
            name, fw = futures[future]
            demos[name][fw] = future.result()
            if all(fw in demos[name] for fw in frameworks):
                done += 1
                line = " | ".join(f"{fw} {brief(demos[name][fw])}" for fw in frameworks)
                minutes = (time.monotonic() - start) / 60
                print(f"[{done}/{len(runs)} {minutes:.1f} min] {name}: {line}", flush=True)
    return demos


def brief(outcome: dict[str, Any]) -> str:
    key = f" {outcome['key']}" if outcome.get("key") else ""
    return f"{outcome['status']}{key} ({outcome['seconds']} s)"


def rank(names: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """(key, demo) pairs → keys by how many demos they block, with the demos."""
    by_key: dict[str, list[str]] = {}
    for key, demo in names:
        by_key.setdefault(key, []).append(demo)
    counted = sorted(by_key.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"name": k, "demos": len(v), "examples": sorted(v)} for k, v in counted]


def summarise(demos: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """The rate, what the control left out and why, and what blocks rillet, ranked."""
    control = [n for n, d in demos.items() if d["gradio"]["status"] == "ok"]
    ours = [n for n in control if demos[n]["rillet"]["status"] == "ok"]
    failed = [n for n in control if demos[n]["rillet"]["status"] != "ok"]
    streaming = [n for n in control if demos[n]["streaming"]]
    with_requirements = [n for n, d in demos.items() if d["requirements"]]
    excluded = Counter(
        d["gradio"]["status"] for d in demos.values() if d["gradio"]["status"] != "ok"
    )
    missing = [
        (demos[n]["rillet"]["key"], n) for n in failed if demos[n]["rillet"]["status"] == "missing"
    ]
    other = [
        (f"{demos[n]['rillet']['status']}: {demos[n]['rillet']['key']}", n)
        for n in failed
        if demos[n]["rillet"]["status"] != "missing"
    ]
    return {
        "demos": len(demos),
        "gradio_ok": len(control),
        "rillet_ok": len(ours),
        "rate": round(len(ours) / len(control), 4) if control else None,
        "streaming": {
            "gradio_ok": len(streaming),
            "rillet_ok": sum(demos[n]["rillet"]["status"] == "ok" for n in streaming),
        },
        "excluded_by_control": dict(excluded.most_common()),
        "excluded_packages": dict(
            Counter(
                d["gradio"]["key"] for d in demos.values() if d["gradio"]["status"] == "package"
            ).most_common()
        ),
        "with_requirements_txt": {
            "demos": len(with_requirements),
            "gradio_ok": sum(demos[n]["gradio"]["status"] == "ok" for n in with_requirements),
        },
        "rillet_failures": dict(
            Counter(demos[n]["rillet"]["status"] for n in failed).most_common()
        ),
        "rillet_ok_gradio_not": sorted(
            n for n, d in demos.items() if d["rillet"]["status"] == "ok" and n not in control
        ),
        "missing": rank(missing),
        "other_failures": rank(other),
    }


def report(summary: dict[str, Any], top: int = 30) -> None:
    s = summary
    rate = f"{s['rate']:.1%}" if s["rate"] is not None else "n/a"
    print(
        f"\nrate: {s['rillet_ok']} of the {s['gradio_ok']} demos that build and serve under "
        f"Gradio also do under rillet: {rate} ({s['demos']} demos; streaming: "
        f"{s['streaming']['rillet_ok']} of {s['streaming']['gradio_ok']})"
    )
    print(f"left out by the control: {s['excluded_by_control']}")
    print(f"rillet's failures among the rest: {s['rillet_failures']}")
    print(f"\ntop {top} missing names (demos they block):")
    for item in s["missing"][:top]:
        print(f"  {item['demos']:3}  {item['name']}   ({', '.join(item['examples'][:3])})")
    if s["other_failures"]:
        print("\nother failures under rillet:")
        for item in s["other_failures"][:15]:
            print(f"  {item['demos']:3}  {item['name']}   ({', '.join(item['examples'][:3])})")


# --- setup ----------------------------------------------------------------------------------


def extract_demos(git_dir: Path, dest: Path) -> None:
    """Write ``demo/`` at GRADIO_COMMIT from a (bare) git repository into ``dest``, leaving
    out the blobs the mirror lacks."""
    git = ["git", f"--git-dir={git_dir}"]
    listing = subprocess.run(
        [*git, "ls-tree", "-r", "-z", GRADIO_COMMIT, "demo"], check=True, capture_output=True
    ).stdout
    entries = [e.decode().split("\t", 1) for e in listing.split(b"\0") if e]
    files = [(meta.split()[0], meta.split()[2], path) for meta, path in entries]
    blobs = subprocess.run(
        [*git, "cat-file", "--batch"],
        input="".join(f"{sha}\n" for _, sha, _ in files).encode(),
        check=True,
        capture_output=True,
    ).stdout
    offset, absent = 0, []
    for mode, _, path in files:
        end = blobs.index(b"\n", offset)
        header = blobs[offset:end].split()
        offset = end + 1
        if header[1] == b"missing":
            absent.append(path)
            continue
        size = int(header[2])
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(blobs[offset : offset + size])
        if mode == "100755":
            target.chmod(0o755)
        offset += size + 1
    (dest / COMMIT_MARK).write_text(GRADIO_COMMIT + "\n")
    print(f"wrote {len(files) - len(absent)} files of demo/ at {GRADIO_COMMIT[:12]} to {dest}")
    if absent:
        print(f"absent from the mirror, left out: {', '.join(absent)}")


def checkout_commit(path: Path) -> str | None:
    """The commit PATH's demo/ comes from: --mirror's mark, or the checkout's HEAD."""
    mark = path / COMMIT_MARK
    if mark.exists():
        return mark.read_text().strip()
    head = subprocess.run(["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True)
    return head.stdout.decode().strip() if head.returncode == 0 else None


def how_to_get(path: Path) -> str:
    return (
        f"{path / 'demo'} is missing. Get gradio-app/gradio at {GRADIO_COMMIT}:\n"
        f"  from a bare mirror (the search tool's fetch of github:gradio-app/gradio):\n"
        f"    .venv/bin/python bench/compat.py {path} --mirror {MIRROR}\n"
        f"  or a clone: git clone {GRADIO_REPO} {path} && git -C {path} checkout {GRADIO_COMMIT}"
    )


def gradio_submodules(package: Path) -> frozenset[str]:
    """The names of Gradio's modules and subpackages (``themes``, ``media``, ``utils``)."""
    modules = {p.stem for p in package.glob("*.py")}
    packages = {p.parent.name for p in package.glob("*/__init__.py")}
    return frozenset((modules | packages) - {"__init__"})


def package_version(framework: str, name: str) -> str:
    code = f"import importlib.metadata as m; print(m.version({name!r}))"
    out = subprocess.run([str(PYTHONS[framework]), "-c", code], capture_output=True, text=True)
    return out.stdout.strip() or "?"


def site_packages(framework: str) -> str:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    out = subprocess.run([str(PYTHONS[framework]), "-c", code], capture_output=True, text=True)
    return out.stdout.strip()


def rillet_revision() -> str:
    """rillet's commit, with ``+changes`` when the work tree differs from it."""
    head = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    dirty = subprocess.run(
        ["git", "-C", str(ROOT), "status", "--porcelain", "rillet"], capture_output=True, text=True
    )
    return head.stdout.strip() + ("+changes" if dirty.stdout.strip() else "")


def control_from(file: Path, version: str) -> dict[str, Any]:
    """Gradio's outcomes from an earlier compat.json (same commit and Gradio version)."""
    earlier = json.loads(file.read_text())
    if earlier["gradio_commit"] != GRADIO_COMMIT or earlier["gradio_version"] != version:
        raise SystemExit(
            f"{file} is for another commit or Gradio version: run without --reuse-control"
        )
    return {name: d["gradio"] for name, d in earlier["demos"].items()}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "path", type=Path, help="a checkout of gradio-app/gradio (its demo/ is used)"
    )
    parser.add_argument("--jobs", type=int, default=3, help="demos at a time (default 3)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per demo (default 60)")
    parser.add_argument("--only", nargs="+", default=[], metavar="NAME", help="only these demos")
    parser.add_argument(
        "--reuse-control", action="store_true", help="take Gradio's outcomes from --out"
    )
    parser.add_argument("--mirror", type=Path, help="write PATH/demo from this git mirror first")
    parser.add_argument(
        "--out",
        type=Path,
        help=f"JSON to write (default {RESULTS.relative_to(ROOT)}; none with --only)",
    )
    return parser.parse_args(argv)


def demos_to_run(args: argparse.Namespace) -> list[Path]:
    """PATH's demos (written from --mirror first if asked), warning if not at the pin."""
    if args.mirror and not (args.path / "demo").exists():
        extract_demos(args.mirror, args.path)
    if not (args.path / "demo").is_dir():
        raise SystemExit(how_to_get(args.path))
    commit = checkout_commit(args.path)
    if commit != GRADIO_COMMIT:
        print(f"warning: {args.path} is at {commit}, not {GRADIO_COMMIT}", file=sys.stderr)
    return demo_folders(args.path, args.only)


def run_with_shim(runs: list[Path], frameworks: list[str], args: argparse.Namespace) -> Any:
    """Run the demos with the ``gradio`` shim written to a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="compat-shim-") as shim:
        (Path(shim) / "gradio").mkdir()
        (Path(shim) / "gradio/__init__.py").write_text(SHIM)
        site = site_packages("gradio")
        ctx = Context(Path(shim), site, args.timeout, gradio_submodules(Path(site) / "gradio"))
        each = f"{args.jobs} at a time, {args.timeout:g} s each"
        print(f"{len(runs)} demos × {len(frameworks)} frameworks, {each}")
        return run_all(runs, frameworks, ctx, args.jobs)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        run_child(*argv[1:4])
    args = parse_args(argv)
    runs = demos_to_run(args)
    out = args.out or (None if args.only else RESULTS)
    gradio_version = package_version("gradio", "gradio")
    control = control_from(args.out or RESULTS, gradio_version) if args.reuse_control else {}
    if control and any(r.parent.name not in control for r in runs):
        raise SystemExit("some demos have no Gradio outcome there: run without --reuse-control")
    started = time.monotonic()
    demos = run_with_shim(runs, ["rillet"] if control else ["gradio", "rillet"], args)
    for run_py in runs:
        d = demos[run_py.parent.name]
        d.setdefault("gradio", control.get(run_py.parent.name))
        d["requirements"] = (run_py.parent / "requirements.txt").exists()
        d["streaming"] = is_streaming(run_py)
    summary = summarise(demos)
    result = {
        "gradio_commit": GRADIO_COMMIT,
        "gradio_version": gradio_version,
        "rillet_revision": rillet_revision(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
        "jobs": args.jobs,
        "timeout_s": args.timeout,
        "wall_minutes": round((time.monotonic() - started) / 60, 1),
        "summary": summary,
        "demos": dict(sorted(demos.items())),
    }
    report(summary)
    print(f"\n{result['wall_minutes']} min")
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n")
        print(f"wrote {out}")


if __name__ == "__main__":
    main(sys.argv[1:])
