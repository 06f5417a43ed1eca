"""The same answers as Gradio: Gradio's demos run under both, their API compared side by side.

Usage (from the repository's root; rillet's .venv and Gradio's bench/.gradio-venv, see bench/run):

    .venv/bin/python bench/diff.py PATH [--only NAME,NAME] [--reuse-control] [--mirror GIT]
                                        [--jobs 2] [--call-timeout 20] [--out FILE]

PATH is a checkout of gradio-app/gradio (only ``demo/`` is used; ``--mirror`` writes it from a
bare mirror first, as bench/compat.py does). Each demo that builds under Gradio (by
bench/results/compat.json when it has the demo) runs in its own process under Gradio 6.31 and
then under rillet, with bench/compat.py's child and ``gradio`` shim; the child keeps serving
after its launch, and this process:

1. reads ``/gradio_api/info`` and ``/config`` from both and diffs them: every field of every
   named endpoint's parameters and returns (labels too: ``parameter_{id}`` names a block id,
   which must be Gradio's), and in ``/config`` the blocks' ids and types, each block's prop
   names and the dependencies' targets, inputs, outputs and API names; versions, ports and
   paths are left out;
2. calls each named endpoint through the real ``gradio_client`` (a new session per call),
   with the same inputs on both sides, built from Gradio's ``/info``: each parameter's
   ``example_input`` (files replaced by local samples from rillet/media_files), then, when
   Gradio documents defaults, a call that leaves those parameters out; and the first row of
   an Interface's examples when it has some;
3. compares each call's final value, the number of updates the client saw and the error;
   files are compared by type and image dimensions (size too, for files that are not
   images), since the bytes of an encoded image differ between encoders. Gradio is called
   twice: a call whose two answers differ is nondeterministic and left out; a call whose
   update counts differ has its count left out. A call Gradio refuses (both times) and
   rillet answers is left out too (``skipped``, "fails only on gradio"): mostly event
   functions called without the event data the page sends (``gr.SelectData``,
   ``gr.LikeData``...), which Gradio cannot build and rillet gives as empty; a client of
   a Gradio program gets an error there, so no working program depends on that answer
   (docs/differences.md). Calls that fail on both sides are compared by their error text;
   where Gradio hides the reason (``show_error=False``) and rillet gives one of the reasons
   docs/differences.md keeps on purpose (a refused input, a returned file from outside the
   folders the app may serve: :data:`KEPT_ERRORS`), the call is ``kept``: listed in the
   summary with its reason, not counted as compared.

It writes bench/results/diff-answers.json (every answer; not committed) and
bench/results/diff.json (the verdicts; committed), not with --only, and prints the identical
rate (compared,
deterministic calls) and the /info identical rate (demos), and the difference kinds, ranked by
how many calls or demos they touch. ``--reuse-control`` takes Gradio's side from the earlier
diff.json (same Gradio version and commit), so only rillet runs.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import hashlib
import json
import os
import platform
import re
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import compat

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
#: Every answer of both frameworks (large; not committed: --reuse-control and --recompare
#: read it) and the verdicts alone (committed, to compare runs over time).
RESULTS = HERE / "results/diff-answers.json"
VERDICTS = HERE / "results/diff.json"
COMPAT_RESULTS = HERE / "results/compat.json"
SAMPLES = ROOT / "rillet/media_files"
#: A sample per kind of file, for file inputs whose example names no file of media_files.
SAMPLE_BY_SUFFIX = {
    ".png": "images/bus.png",
    ".jpg": "images/lion.jpg",
    ".jpeg": "images/lion.jpg",
    ".webp": "images/bus.png",
    ".gif": "images/screenshot.gif",
    ".wav": "audio/audio_sample.wav",
    ".mp3": "audio/cantina.wav",
    ".mp4": "videos/world.mp4",
    ".obj": "models3d/Bunny.obj",
    ".glb": "models3d/Duck.glb",
    ".csv": "data/time.csv",
    ".json": "data/s3.json",
}
DEFAULT_SAMPLE = "data/sample.txt"
#: A server on this machine, whatever its port.
LOCAL_URL = re.compile(r"https?://(?:127\.0\.0\.1|localhost):\d+")
#: The same, as a ``Host`` header names it (a function showing ``request.headers``).
LOCAL_HOST = re.compile(r"(?<![\w.])(?:127\.0\.0\.1|localhost):\d+")
#: An absolute path of two segments or more; its last segment is kept.
ABSOLUTE_PATH = re.compile(r"(?<![\w:/.])/(?:[\w.+-]+/)+([\w.+-]+)")
#: Strings longer than this are compared by hash.
LONG = 2000
IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".webp", ".gif", ".bmp", ".avif"}


# --- the child: compat's, serving until it is killed -------------------------------------


def run_child(argv: list[str]) -> None:
    """``--child RUN_PY RESULT BORROW``: bench/compat.py's child, except that once the demo
    has launched it writes its URL and keeps serving (the parent kills it)."""

    class ServingProbe(compat.Probe):
        def query(self, url: str) -> None:
            self.record.update(url=url, launched=True)
            self.save()
            threading.Event().wait()

    compat.Probe = ServingProbe  # type: ignore[misc]
    compat.run_child(*argv[:3])


# --- one framework serving one demo ------------------------------------------------------


@dataclass(frozen=True)
class RilletContext(compat.Context):
    """compat's context, with another rillet (``--rillet-path``) found before the one
    installed: to measure a commit other than the work tree."""

    rillet_path: str = ""

    def env(self, framework: str, tmp: str) -> dict[str, str]:
        env = super().env(framework, tmp)
        if framework == "rillet" and self.rillet_path:
            env["PYTHONPATH"] = os.pathsep.join([self.rillet_path, env["PYTHONPATH"]])
        return env


@dataclass(frozen=True)
class Setup:
    """What every run needs: compat's context (shim, env), timeouts, the sample folder."""

    ctx: compat.Context
    start_timeout: float
    call_timeout: float
    demo_budget: float


@contextlib.contextmanager
def serving(framework: str, run_py: Path, setup: Setup) -> Iterator[dict[str, Any]]:
    """Run ``run_py`` under ``framework`` until the block ends; yields the child's record
    (``url`` once it serves, else its failure)."""
    with tempfile.TemporaryDirectory(prefix="diff-", ignore_cleanup_errors=True) as tmp:
        result, log = Path(tmp) / "result.json", Path(tmp) / "log.txt"
        borrow = setup.ctx.gradio_site if framework == "rillet" else ""
        cmd = [str(compat.PYTHONS[framework]), __file__, "--child", str(run_py), str(result)]
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [*cmd, borrow],
                cwd=run_py.parent,
                env=setup.ctx.env(framework, tmp),
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                yield wait_for_url(proc, result, setup.start_timeout)
            finally:
                compat.kill_group(proc)


def wait_for_url(proc: subprocess.Popen[bytes], result: Path, timeout: float) -> dict[str, Any]:
    """The child's record once it has a URL, or once it has ended or run out of time."""
    deadline = time.monotonic() + timeout
    record: dict[str, Any] = {}
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            record = json.loads(result.read_text())
        if record.get("url") or proc.poll() is not None:
            break
        time.sleep(0.1)  # polling another process's file: nothing to wait on
    with contextlib.suppress(OSError, ValueError):
        record = json.loads(result.read_text())
    if not record.get("url"):
        record["failed"] = record.get("exc") or ("timeout" if proc.poll() is None else "exit")
    return record


# --- calls -------------------------------------------------------------------------------


def sample_for(file_data: dict[str, Any]) -> str:
    """A local file standing for an example's remote file: the same name in media_files,
    else one of the same suffix, else a text file."""
    name = os.path.basename(str(file_data.get("path") or file_data.get("url") or ""))
    named = list(SAMPLES.glob(f"*/{name}")) if name else []
    if named:
        return str(named[0])
    suffix = os.path.splitext(name)[1].lower()
    return str(SAMPLES / SAMPLE_BY_SUFFIX.get(suffix, DEFAULT_SAMPLE))


def is_file_data(value: Any) -> bool:
    return isinstance(value, dict) and ("path" in value or "url" in value) and "meta" in value


def with_samples(value: Any) -> Any:
    """``value`` with each FileData replaced by a local sample, as ``handle_file`` gives it."""
    if is_file_data(value):
        return {"path": sample_for(value), "meta": {"_type": "gradio.FileData"}}
    if isinstance(value, list):
        return [with_samples(v) for v in value]
    if isinstance(value, dict):
        return {k: with_samples(v) for k, v in value.items()}
    return value


def plan_calls(info: dict[str, Any], config: dict[str, Any]) -> list[dict[str, Any]]:
    """The calls made on both sides, from Gradio's /info and /config."""
    calls: list[dict[str, Any]] = []
    examples = interface_examples(config)
    for name, endpoint in (info.get("named_endpoints") or {}).items():
        params = endpoint.get("parameters") or []
        args = [with_samples(p.get("example_input")) for p in params]
        calls.append({"endpoint": name, "how": "example", "args": args})
        if any(p.get("parameter_has_default") for p in params):
            names = [p.get("parameter_name") for p in params]
            if all(isinstance(n, str) and n.isidentifier() for n in names):
                kwargs = {
                    p["parameter_name"]: a
                    for p, a in zip(params, args, strict=True)
                    if not p.get("parameter_has_default")
                }
                calls.append({"endpoint": name, "how": "defaults", "kwargs": kwargs})
        row = examples.get(name)
        if row is not None and len(row) == len(params):
            calls.append({"endpoint": name, "how": "examples[0]", "args": with_samples(row)})
    return calls


def interface_examples(config: dict[str, Any]) -> dict[str, list[Any]]:
    """The first examples row of each endpoint whose inputs are exactly an examples
    dataset's components (an Interface's ``examples=``, a ``gr.Examples`` over them)."""
    datasets = [
        c["props"]
        for c in config.get("components") or []
        if c.get("type") == "dataset" and (c.get("props") or {}).get("samples")
    ]
    found: dict[str, list[Any]] = {}
    for dep in config.get("dependencies") or []:
        name = dep.get("api_name")
        for props in datasets:
            if name and list(props.get("component_ids") or []) == list(dep.get("inputs") or []):
                found.setdefault("/" + str(name), list(props["samples"][0]))
    return found


def call_once(client: Any, call: dict[str, Any], timeout: float, files: str) -> dict[str, Any]:
    """One call through gradio_client in a new session: the final value, the number of
    updates and the error, normalised."""
    from gradio_client import handle_file

    def files_in(value: Any) -> Any:
        if isinstance(value, dict) and set(value) == {"path", "meta"}:
            return handle_file(value["path"])
        if isinstance(value, list):
            return [files_in(v) for v in value]
        if isinstance(value, dict):
            return {k: files_in(v) for k, v in value.items()}
        return value

    client.reset_session()
    job = None
    try:
        args = files_in(call.get("args") or [])
        kwargs = files_in(call.get("kwargs") or {})
        job = client.submit(*args, api_name=call["endpoint"], **kwargs)
        final = job.result(timeout=timeout)
    except FutureTimeout:
        with contextlib.suppress(Exception):
            job.cancel() if job is not None else None
        return {"error": "timeout"}
    except Exception as e:  # noqa: BLE001 - the error is the answer
        return {"error": normal_string(error_text(e), client.src, "\0")}
    return {"final": normal(final, client.src, files), "updates": len(job.outputs())}


def error_text(e: BaseException) -> str:
    """An exception as the client saw it: an AppError's message, else type and message."""
    if type(e).__name__ == "AppError":
        return str(e)[:500]
    return f"{type(e).__name__}: {first_line(str(e))}"


def first_line(text: str) -> str:
    return (text.splitlines() or [""])[0][:300]


def normal(value: Any, url: str, files: str) -> Any:
    """A value with its files described (type, size, image size), its server's URL and
    temporary paths taken out, floats rounded and long strings hashed."""
    if isinstance(value, str):
        return normal_string(value, url, files)
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, (list, tuple)):
        return [normal(v, url, files) for v in value]
    if isinstance(value, dict):
        return {str(k): normal(v, url, files) for k, v in value.items()}
    return value


def normal_string(value: str, url: str, files: str) -> Any:
    if value.startswith(files) and os.path.isfile(value):
        return describe_file(value)
    if os.path.isabs(value) and os.path.isfile(value):
        return describe_file(value)
    if url:
        value = value.replace(url.rstrip("/"), "<url>")
    value = LOCAL_URL.sub("<url>", value)
    value = LOCAL_HOST.sub("<host>", value)
    # where a framework keeps files differs (its media files, its temporary folders)
    value = ABSOLUTE_PATH.sub(r"<path:\1>", value)
    if len(value) > LONG:
        return {"text_sha1": hashlib.sha1(value.encode()).hexdigest(), "len": len(value)}
    return value


def describe_file(path: str) -> dict[str, Any]:
    """A file as it is compared: its suffix, size and, for an image, its dimensions."""
    suffix = os.path.splitext(path)[1].lower()
    described: dict[str, Any] = {"file": suffix, "size": os.path.getsize(path)}
    if suffix in IMAGE_SUFFIXES:
        with contextlib.suppress(Exception):
            from PIL import Image

            with Image.open(path) as image:
                described["dims"] = list(image.size)
    return described


def run_calls(
    url: str, calls: list[dict[str, Any]], times: int, setup: Setup
) -> list[list[dict[str, Any]]]:
    """Each call ``times`` times, in order, each in a new session of one client, within
    the demo's time budget (a call past it is recorded as ``skipped``)."""
    from gradio_client import Client

    deadline = time.monotonic() + setup.demo_budget
    out: list[list[dict[str, Any]]] = []
    with tempfile.TemporaryDirectory(prefix="diff-files-", ignore_cleanup_errors=True) as files:
        try:
            client = Client(url, verbose=False, download_files=files)
        except Exception as e:  # noqa: BLE001 - recorded for every call
            failed = {"error": f"client: {type(e).__name__}: {first_line(str(e))}"}
            return [[failed] for _ in calls]
        try:
            for call in calls:
                answers: list[dict[str, Any]] = []
                for _ in range(times):
                    if time.monotonic() > deadline:
                        answers.append({"error": "skipped: demo budget"})
                        break
                    answers.append(call_once(client, call, setup.call_timeout, files + os.sep))
                    if answers[-1].get("error") == "timeout":
                        break
                out.append(answers)
        finally:
            with contextlib.suppress(Exception):
                client.close()
    return out


# --- one side -----------------------------------------------------------------------------


def side(
    framework: str,
    run_py: Path,
    setup: Setup,
    plan: Callable[[dict[str, Any], dict[str, Any]], list[dict[str, Any]]] | None,
    times: int,
) -> dict[str, Any]:
    """One framework's /info, /config (summarised) and answers; ``plan`` None: the calls
    come from this side's own /info (Gradio's)."""
    with serving(framework, run_py, setup) as record:
        if not record.get("url"):
            return {"status": "failed", "why": str(record.get("failed"))[:300]}
        url = record["url"]
        status_c, config = compat.http_get(url + "config")
        status_i, info = compat.http_get(url + "gradio_api/info")
        if status_c != 200 or status_i != 200:
            return {"status": "failed", "why": f"/config {status_c}, /info {status_i}"}
        calls = plan_calls(info, config) if plan is None else plan(info, config)
        answers = run_calls(url, calls, times, setup)
    return {
        "status": "ok",
        "info": normal(info, url, "\0"),
        "config": config_summary(config),
        "calls": calls,
        "answers": answers,
    }


def config_summary(config: dict[str, Any]) -> dict[str, Any]:
    """What of /config is compared: each block's type and prop names, the layout's ids,
    each dependency's targets, inputs, outputs and API name."""
    return {
        "components": {
            str(c["id"]): {"type": c.get("type"), "props": sorted(c.get("props") or {})}
            for c in config.get("components") or []
        },
        "dependencies": [
            {
                "targets": [list(t) for t in d.get("targets") or []],
                "inputs": d.get("inputs"),
                "outputs": d.get("outputs"),
                "api_name": d.get("api_name"),
            }
            for d in config.get("dependencies") or []
        ],
    }


# --- comparing ----------------------------------------------------------------------------


#: /info differences kept on purpose (docs/differences.md): listed, not counted against the
#: /info identical rate. None now: both serve ``code_snippets``, compared by their shape
#: (:func:`snippet_shape`).
KEPT_INFO_KINDS: frozenset[str] = frozenset()


def snippet_shape(snippets: Any) -> Any:
    """What an endpoint's ``code_snippets`` say, without the app's URL or their wording:
    per language, the parameters they pass by name (in order) and whether they send files.
    A shape (or diff.json's older ``True``) is given back as it is."""
    if not isinstance(snippets, dict) or not all(isinstance(v, str) for v in snippets.values()):
        return snippets
    return {
        language: {
            "names": _snippet_names(language, text),
            "files": any(mark in text for mark in ("handle_file", "/upload", "gradio.FileData")),
        }
        for language, text in sorted(snippets.items())
    }


def readable_snippets(
    gradio: dict[str, Any], rillet: dict[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Both shapes without the languages whose Gradio snippet cannot be read (its bash and
    CLI snippets write Python's ``None`` into their JSON, and quote values unsafely: a
    difference docs/differences.md keeps on purpose, rillet's snippets being written to work)."""
    unread = {k for k, v in gradio.items() if isinstance(v, dict) and v.get("names") is None}
    unread -= {k for k, v in rillet.items() if isinstance(v, dict) and v.get("names") is None}
    return (
        {k: v for k, v in gradio.items() if k not in unread},
        {k: v for k, v in rillet.items() if k not in unread},
    )


def _snippet_names(language: str, text: str) -> list[str] | None:
    """The parameter names a snippet passes: keyword arguments (python), object keys
    (javascript), or the keys of its JSON body (bash, cli); None when it cannot be read."""
    if language == "python":
        return [n for n in re.findall(r"^\t(\w+)=", text, re.M) if n != "api_name"]
    if language == "javascript":
        return re.findall(r"^\t\t(\w+):", text, re.M)
    if language == "bash":
        body = next((ln.strip() for ln in text.splitlines() if ln.strip().startswith("-d ")), "")
        text = body.rstrip("\\").strip()
    try:
        payload = json.loads(shlex.split(text)[-1]) if text else None
    except (ValueError, IndexError):
        return None
    return list(payload) if isinstance(payload, dict) else None


INFO_PARAMETER_FIELDS = (
    "label",
    "parameter_name",
    "parameter_has_default",
    "parameter_default",
    "type",
    "python_type",
    "component",
    "example_input",
)
INFO_RETURN_FIELDS = ("label", "type", "python_type", "component")


def diff_info(ours: dict[str, Any], theirs: dict[str, Any]) -> list[dict[str, Any]]:
    """The differences of rillet's /info from Gradio's, one per field."""
    out: list[dict[str, Any]] = []
    g_named, r_named = theirs.get("named_endpoints") or {}, ours.get("named_endpoints") or {}
    for name in sorted(set(g_named) - set(r_named)):
        out.append({"kind": "info: endpoint missing", "where": name})
    for name in sorted(set(r_named) - set(g_named)):
        out.append({"kind": "info: endpoint extra", "where": name})
    for name in sorted(set(g_named) & set(r_named)):
        g, r = g_named[name], r_named[name]
        for key in sorted(set(g) - {"parameters", "returns"}):
            if key not in r:
                out.append({"kind": f"info: endpoint {key} missing", "where": name})
            elif key == "code_snippets":
                g_shape, r_shape = snippet_shape(g[key]), snippet_shape(r[key])
                if isinstance(g_shape, dict) and isinstance(r_shape, dict):
                    g_shape, r_shape = readable_snippets(g_shape, r_shape)
                if isinstance(g_shape, dict) and isinstance(r_shape, dict) and g_shape != r_shape:
                    out.append(
                        {
                            "kind": "info: endpoint code_snippets shape",
                            "where": name,
                            "gradio": g_shape,
                            "rillet": r_shape,
                        }
                    )
            elif g[key] != r[key]:
                out.append(
                    {
                        "kind": f"info: endpoint {key}",
                        "where": name,
                        "gradio": g[key],
                        "rillet": r[key],
                    }
                )
        out += diff_list(name, "parameter", g.get("parameters") or [], r.get("parameters") or [])
        out += diff_list(name, "return", g.get("returns") or [], r.get("returns") or [])
    g_unnamed, r_unnamed = theirs.get("unnamed_endpoints") or {}, ours.get("unnamed_endpoints")
    if len(g_unnamed) != len(r_unnamed or {}):
        out.append({"kind": "info: unnamed endpoint count", "where": ""})
    return out


#: Keys of a JSON schema that hold prose (Gradio's docstrings): compared by presence only,
#: since rillet writes its own (docs/differences.md).
PROSE_KEYS = frozenset({"description", "additional_description"})


def prose_free(schema: Any) -> Any:
    """``schema`` with each prose text replaced by whether there is one."""
    if isinstance(schema, dict):
        return {
            k: (bool(v) if k in PROSE_KEYS and isinstance(v, str) else prose_free(v))
            for k, v in schema.items()
        }
    if isinstance(schema, list):
        return [prose_free(v) for v in schema]
    return schema


def diff_list(
    endpoint: str, what: str, gradio: list[dict[str, Any]], rillet: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    if len(gradio) != len(rillet):
        g = [x.get("component") for x in gradio]
        r = [x.get("component") for x in rillet]
        return [{"kind": f"info: {what} count", "where": endpoint, "gradio": g, "rillet": r}]
    fields = INFO_PARAMETER_FIELDS if what == "parameter" else INFO_RETURN_FIELDS
    out = []
    for i, (g, r) in enumerate(zip(gradio, rillet, strict=True)):
        for f in fields:
            if f in ("type", "python_type") and prose_free(g.get(f)) == prose_free(r.get(f)):
                continue
            if g.get(f) != r.get(f):
                out.append(
                    {
                        "kind": f"info: {what} {f}",
                        "where": f"{endpoint} #{i} {g.get('component')}",
                        "gradio": g.get(f),
                        "rillet": r.get(f),
                    }
                )
    return out


def diff_config(ours: dict[str, Any], theirs: dict[str, Any]) -> list[dict[str, Any]]:
    """The differences of rillet's /config (summarised) from Gradio's."""
    out: list[dict[str, Any]] = []
    g_c, r_c = theirs["components"], ours["components"]
    for cid in sorted(set(g_c) | set(r_c), key=int):
        g, r = g_c.get(cid), r_c.get(cid)
        if g is None or r is None or g["type"] != r["type"]:
            out.append(
                {
                    "kind": "config: block id or type",
                    "where": cid,
                    "gradio": g and g["type"],
                    "rillet": r and r["type"],
                }
            )
            continue
        for prop in sorted(set(g["props"]) - set(r["props"])):
            out.append({"kind": f"config: prop {g['type']}.{prop} missing", "where": cid})
    g_d, r_d = theirs["dependencies"], ours["dependencies"]
    if len(g_d) != len(r_d):
        out.append({"kind": "config: dependency count", "gradio": len(g_d), "rillet": len(r_d)})
    for i, (g, r) in enumerate(zip(g_d, r_d, strict=False)):
        for f in ("targets", "inputs", "outputs", "api_name"):
            if g.get(f) != r.get(f):
                out.append(
                    {
                        "kind": f"config: dependency {f}",
                        "where": str(i),
                        "gradio": g.get(f),
                        "rillet": r.get(f),
                    }
                )
    return out


def is_described_file(value: Any) -> bool:
    """A file as ``describe_file`` gives it (not a value with a ``file`` key of its own)."""
    return isinstance(value, dict) and isinstance(value.get("file"), str) and "size" in value


def same_value(gradio: Any, rillet: Any) -> bool:
    """Equal, files by type and image dimensions (and size for other files)."""
    if is_described_file(gradio) and isinstance(rillet, dict):
        if "dims" in gradio or gradio.get("file") in IMAGE_SUFFIXES:
            return gradio.get("file") == rillet.get("file") and gradio.get("dims") == rillet.get(
                "dims"
            )
        return gradio == rillet
    if isinstance(gradio, list) and isinstance(rillet, list):
        return len(gradio) == len(rillet) and all(map(same_value, gradio, rillet))
    if isinstance(gradio, dict) and isinstance(rillet, dict):
        return gradio.keys() == rillet.keys() and all(
            same_value(gradio[k], rillet[k]) for k in gradio
        )
    return bool(gradio == rillet)


def compare_call(
    call: dict[str, Any], gradio: list[dict[str, Any]], rillet: dict[str, Any], returns: list[Any]
) -> dict[str, Any]:
    """One call's verdict: ``skipped`` (why), ``identical``, or ``different`` with its kind."""
    first = gradio[0]
    if first.get("error", "").startswith(("timeout", "skipped")):
        return {"verdict": "skipped", "why": f"gradio: {first['error']}"}
    if len(gradio) > 1 and not same_value(first.get("final"), gradio[1].get("final")):
        return {"verdict": "skipped", "why": "nondeterministic"}
    if len(gradio) > 1 and first.get("error") != gradio[1].get("error"):
        return {"verdict": "skipped", "why": "nondeterministic error"}
    if first.get("error") is not None and rillet.get("error") is None:
        # Gradio refuses the call (an event function called without its event data, a
        # file it cannot read) and rillet answers: no program working on Gradio relies on
        # that answer, so it is left out of the rate, not counted as a difference.
        return {
            "verdict": "skipped",
            "why": "fails only on gradio",
            "gradio": first,
            "rillet": rillet,
        }
    counts_stable = len(gradio) < 2 or first.get("updates") == gradio[1].get("updates")
    kind = call_kind(first, rillet, returns, counts_stable)
    if kind is None:
        return {"verdict": "identical"}
    kept = kept_error(first, rillet) if kind == "error text" else None
    if kept is not None:
        return {"verdict": "kept", "why": kept, "gradio": first, "rillet": rillet}
    return {"verdict": "different", "kind": kind, "gradio": first, "rillet": rillet}


def call_kind(
    gradio: dict[str, Any], rillet: dict[str, Any], returns: list[Any], counts_stable: bool
) -> str | None:
    """What kind of difference two answers show, or None when they are the same."""
    g_err, r_err = gradio.get("error"), rillet.get("error")
    if g_err is not None or r_err is not None:
        if g_err == r_err:
            return None
        if g_err is None:
            return "fails only on rillet: " + error_key(str(r_err))
        if r_err is None:
            return "fails only on gradio"
        return "error text"
    g, r = gradio.get("final"), rillet.get("final")
    if not same_value(g, r):
        return value_kind(g, r, returns)
    if counts_stable and gradio.get("updates") != rillet.get("updates"):
        return "update count"
    return None


#: Gradio's answer to an exception it does not show (``show_error=False``).
HIDDEN_ERROR = "The upstream Gradio app has raised an exception"
#: Errors rillet words on purpose where Gradio hides the reason (docs/differences.md,
#: "Kept on purpose"): a call failing on both sides with these is ``kept``, listed in the
#: summary but not counted as compared.
KEPT_ERRORS = {
    "refused input shown": re.compile(r"^Invalid value for '"),
    "refused output file shown": re.compile(r"it is not in a folder the app may read"),
}


def kept_error(gradio: dict[str, Any], rillet: dict[str, Any]) -> str | None:
    """Which kept-on-purpose wording a call failing on both sides shows, or None."""
    if not str(gradio.get("error", "")).startswith(HIDDEN_ERROR):
        return None
    text = str(rillet.get("error", ""))
    return next((name for name, pattern in KEPT_ERRORS.items() if pattern.search(text)), None)


def error_key(error: str) -> str:
    """An error's message with its particulars (names, numbers, quotes) taken out."""
    text = re.sub(r"'[^']*'|\"[^\"]*\"", "'…'", error)
    return re.sub(r"\d+", "N", text)[:90]


def value_kind(gradio: Any, rillet: Any, returns: list[Any]) -> str:
    """``value: <Component>: <how>`` for the first output that differs."""
    several = len(returns) > 1
    g_items = gradio if several and isinstance(gradio, list) else [gradio]
    r_items = rillet if several and isinstance(rillet, list) else [rillet]
    if len(g_items) != len(r_items):
        return "value: return count"
    for i, (g, r) in enumerate(zip(g_items, r_items, strict=True)):
        if not same_value(g, r):
            component = returns[i] if i < len(returns) else "?"
            return f"value: {component}: {how_differs(g, r)}"
    return "value: ?"


def how_differs(g: Any, r: Any) -> str:
    if isinstance(g, dict) and g.get("__type__") == "update":
        return "update"
    if is_described_file(g):
        if not isinstance(r, dict) or "file" not in r:
            return "file vs other"
        return "file type" if g["file"] != r["file"] else "image size"
    if type(g) is not type(r):
        return f"{type(g).__name__} vs {type(r).__name__}"
    if isinstance(g, list):
        return "length" if len(g) != len(r) else "items"
    if isinstance(g, dict):
        return "keys" if g.keys() != r.keys() else "entries"
    return "value"


def compare_demo(gradio: dict[str, Any], rillet: dict[str, Any]) -> dict[str, Any]:
    """A demo's /info and /config diffs and its calls' verdicts."""
    out: dict[str, Any] = {
        "info": diff_info(rillet["info"], gradio["info"]),
        "config": diff_config(rillet["config"], gradio["config"]),
        "calls": [],
    }
    named = gradio["info"].get("named_endpoints") or {}
    for call, g, r in zip(gradio["calls"], gradio["answers"], rillet["answers"], strict=True):
        returns = [x.get("component") for x in named[call["endpoint"]].get("returns") or []]
        verdict = compare_call(call, g, r[0] if r else {"error": "not called"}, returns)
        out["calls"].append({"endpoint": call["endpoint"], "how": call["how"], **verdict})
    return out


# --- the run ------------------------------------------------------------------------------


def run_demo(run_py: Path, setup: Setup, control: dict[str, Any] | None) -> dict[str, Any]:
    """Gradio's side (or the cached one), then rillet's with Gradio's calls, compared."""
    gradio = control if control is not None else side("gradio", run_py, setup, None, 2)
    if gradio.get("status") != "ok":
        return {"gradio": gradio, "status": "gradio failed"}
    calls = gradio["calls"]
    rillet = side("rillet", run_py, setup, lambda _i, _c: calls, 1)
    if rillet.get("status") != "ok":
        return {"gradio": gradio, "rillet": rillet, "status": "rillet failed"}
    return {"gradio": gradio, "rillet": rillet, "status": "ok", **compare_demo(gradio, rillet)}


def run_all(
    runs: list[Path],
    setup: Setup,
    jobs: int,
    control: dict[str, Any],
    done: dict[str, Any],
    save: Callable[[dict[str, Any]], None],
) -> dict[str, Any]:
    """Every demo not in ``done`` on a pool of ``jobs``; ``save`` is called with all the
    demos so far after each one, so that a run cut short keeps what it measured."""
    demos: dict[str, Any] = dict(done)
    todo = [r for r in runs if r.parent.name not in done]
    start = time.monotonic()
    with ThreadPoolExecutor(jobs) as pool:
        futures = {
            pool.submit(safely, r, setup, control.get(r.parent.name) if control else None): (
                r.parent.name
            )
            for r in todo
        }
        for future in as_completed(futures):
            name = futures[future]
            demos[name] = d = future.result()
            minutes = (time.monotonic() - start) / 60
            print(f"[{len(demos)}/{len(runs)} {minutes:.1f} min] {name}: {brief(d)}", flush=True)
            save(demos)
    return dict(sorted(demos.items()))


def safely(run_py: Path, setup: Setup, control: dict[str, Any] | None) -> dict[str, Any]:
    """``run_demo``, with a failure of this script itself recorded, not raised."""
    try:
        return run_demo(run_py, setup, control)
    except Exception as e:  # noqa: BLE001 - one demo's trouble must not end the run
        where = traceback.extract_tb(e.__traceback__)[-1]
        why = f"{type(e).__name__}: {e} (diff.py line {where.lineno}: {where.line})"
        return {"gradio": control or {}, "status": "error", "why": why}


def in_sample_order(runs: list[Path]) -> list[Path]:
    """The demos in a fixed order unrelated to their names, so that a run cut short (or
    still going) has measured a sample of all of them, not the first letters."""
    return sorted(runs, key=lambda r: hashlib.sha1(r.parent.name.encode()).hexdigest())


def brief(d: dict[str, Any]) -> str:
    if d["status"] != "ok":
        side_ = d.get("rillet") or d.get("gradio") or d
        return f"{d['status']} ({str(side_.get('why', d.get('why', '')))[:100]})"
    verdicts = Counter(c["verdict"] for c in d["calls"])
    return f"info diffs {len(d['info'])}, calls {dict(verdicts)}"


def rank(pairs: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """(kind, where) pairs → kinds by count, with a few examples."""
    by_kind: dict[str, list[str]] = {}
    for kind, where in pairs:
        by_kind.setdefault(kind, []).append(where)
    ranked = sorted(by_kind.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"kind": k, "count": len(v), "examples": sorted(set(v))[:8]} for k, v in ranked]


def summarise(demos: dict[str, Any]) -> dict[str, Any]:
    both = {n: d for n, d in demos.items() if d["status"] == "ok"}
    calls = [(n, c) for n, d in both.items() for c in d["calls"]]
    compared = [(n, c) for n, c in calls if c["verdict"] not in ("skipped", "kept")]
    identical = [x for x in compared if x[1]["verdict"] == "identical"]
    info_same = [n for n, d in both.items() if all(x["kind"] in KEPT_INFO_KINDS for x in d["info"])]
    with_endpoints = [n for n, d in both.items() if d["gradio"]["info"].get("named_endpoints")]
    call_kinds = [
        (c["kind"], f"{n} {c['endpoint']} ({c['how']})") for n, c in compared if "kind" in c
    ]
    info_kinds = [
        (x["kind"], f"{n} {x.get('where', '')}") for n, d in both.items() for x in d["info"]
    ]
    info_demo_kinds = sorted({(x["kind"], n) for n, d in both.items() for x in d["info"]})
    config_kinds = [
        (x["kind"], n)
        for n, d in both.items()
        for x in {y["kind"]: y for y in d["config"]}.values()
    ]
    return {
        "demos": len(demos),
        "gradio_failed": sorted(n for n, d in demos.items() if d["status"] == "gradio failed"),
        "rillet_failed": sorted(n for n, d in demos.items() if d["status"] == "rillet failed"),
        "compared_demos": len(both),
        "calls": len(calls),
        "skipped": dict(Counter(c.get("why", "") for _, c in calls if c["verdict"] == "skipped")),
        "kept": dict(Counter(c.get("why", "") for _, c in calls if c["verdict"] == "kept")),
        "compared_calls": len(compared),
        "identical_calls": len(identical),
        "identical_rate": round(len(identical) / len(compared), 4) if compared else None,
        "info_identical_demos": len(info_same),
        "info_identical_rate": round(len(info_same) / len(both), 4) if both else None,
        "info_identical_demos_with_endpoints": sum(n in info_same for n in with_endpoints),
        "demos_with_endpoints": len(with_endpoints),
        "call_kinds": rank(call_kinds),
        "info_kinds_by_demo": rank(info_demo_kinds),
        "info_kinds": rank(info_kinds),
        "config_kinds_by_demo": rank(config_kinds),
    }


def report(s: dict[str, Any], top: int = 25) -> None:
    print(
        f"\ncalls: {s['identical_calls']} of {s['compared_calls']} compared calls identical "
        f"({(s['identical_rate'] or 0):.1%}); skipped {s['skipped']}; kept differences "
        f"(docs/differences.md) {s.get('kept', {})}"
    )
    print(
        f"/info: identical for {s['info_identical_demos']} of {s['compared_demos']} demos "
        f"({(s['info_identical_rate'] or 0):.1%}); with endpoints: "
        f"{s['info_identical_demos_with_endpoints']} of {s['demos_with_endpoints']}"
    )
    print(f"rillet failed to serve: {len(s['rillet_failed'])}, gradio: {len(s['gradio_failed'])}")
    for title, key in (
        ("call differences", "call_kinds"),
        ("/info differences (demos)", "info_kinds_by_demo"),
        ("/config differences (demos)", "config_kinds_by_demo"),
    ):
        print(f"\n{title}:")
        for item in s[key][:top]:
            print(f"  {item['count']:4}  {item['kind']}   ({'; '.join(item['examples'][:3])})")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path, help="a checkout of gradio-app/gradio (its demo/)")
    parser.add_argument(
        "--jobs", type=int, default=2, help="demos at a time (default 2, at most 2)"
    )
    parser.add_argument("--only", default="", help="only these demos, comma-separated")
    parser.add_argument("--reuse-control", action="store_true", help="Gradio's side from --out")
    parser.add_argument("--mirror", type=Path, help="write PATH/demo from this git mirror first")
    parser.add_argument("--all", action="store_true", help="also demos compat.json says fail")
    parser.add_argument("--start-timeout", type=float, default=60, help="seconds to serve")
    parser.add_argument("--call-timeout", type=float, default=10, help="seconds per call")
    parser.add_argument(
        "--demo-budget", type=float, default=30, help="seconds of calls per demo and side"
    )
    parser.add_argument(
        "--recompare", action="store_true", help="compare --out's answers again, run nothing"
    )
    parser.add_argument("--resume", action="store_true", help="keep the demos --out has")
    parser.add_argument("--control", type=Path, help="--reuse-control's file (default --out)")
    parser.add_argument(
        "--rillet-path", default="", help="a folder holding another rillet/ to measure"
    )
    parser.add_argument("--out", type=Path, help=f"JSON to write (default {RESULTS.name})")
    return parser.parse_args(argv)


def select(runs: list[Path], build_all: bool) -> list[Path]:
    """Leave out the demos that compat.json says do not build under Gradio or rillet."""
    if build_all or not COMPAT_RESULTS.exists():
        return runs
    known = json.loads(COMPAT_RESULTS.read_text())["demos"]
    return [
        r
        for r in runs
        if r.parent.name not in known
        or all(known[r.parent.name][fw]["status"] == "ok" for fw in ("gradio", "rillet"))
    ]


def control_from(file: Path, version: str, commit: str | None) -> dict[str, Any]:
    earlier = json.loads(file.read_text())
    if earlier["gradio_version"] != version or earlier["gradio_commit"] != commit:
        raise SystemExit(f"{file} is for another Gradio or commit: run without --reuse-control")
    return {n: d["gradio"] for n, d in earlier["demos"].items()}


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        run_child(argv[1:])
    args = parse_args(argv)
    if args.recompare:
        recompare(args.out or RESULTS)
        return
    args.only = [n for n in args.only.split(",") if n]
    runs = select(compat.demos_to_run(args), args.all or bool(args.only))
    out = args.out or (None if args.only else RESULTS)
    version = compat.package_version("gradio", "gradio")
    commit = compat.checkout_commit(args.path)
    control_file = args.control or args.out or RESULTS
    control = control_from(control_file, version, commit) if args.reuse_control else {}
    if control:
        runs = [r for r in runs if r.parent.name in control]
    done = resumed(out, version, commit) if args.resume and out else {}
    started = time.monotonic()

    def save(demos: dict[str, Any], final: bool = False) -> dict[str, Any]:
        summary = summarise(demos)
        result = {
            "gradio_commit": commit,
            "gradio_version": version,
            "rillet_revision": compat.rillet_revision(),
            "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
            "machine": {"cores": os.cpu_count(), "python": platform.python_version()},
            "complete": final,
            "wall_minutes": round((time.monotonic() - started) / 60, 1),
            "summary": summary,
            "demos": compact(dict(sorted(demos.items()))),
        }
        if out:
            write_json(out, result)
            if out == RESULTS:
                write_json(VERDICTS, verdicts_only(result))
        return result

    with tempfile.TemporaryDirectory(prefix="diff-shim-") as shim:
        (Path(shim) / "gradio").mkdir()
        (Path(shim) / "gradio/__init__.py").write_text(compat.SHIM)
        site = compat.site_packages("gradio")
        submodules = compat.gradio_submodules(Path(site) / "gradio")
        ctx = RilletContext(Path(shim), site, args.start_timeout, submodules, args.rillet_path)
        setup = Setup(ctx, args.start_timeout, args.call_timeout, args.demo_budget)
        print(f"{len(runs)} demos ({len(done)} done before), {min(args.jobs, 2)} at a time")
        demos = run_all(in_sample_order(runs), setup, min(args.jobs, 2), control, done, save)
    result = save(demos, final=True)
    report(result["summary"])
    print(f"\n{result['wall_minutes']} min")
    if out:
        print(f"wrote {out}")


def write_json(path: Path, result: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_suffix(".part")
    part.write_text(json.dumps(result, indent=1, ensure_ascii=False, default=str) + "\n")
    part.replace(path)


def verdicts_only(result: dict[str, Any]) -> dict[str, Any]:
    """``result`` without the answers themselves: each demo's status and differences."""
    demos = {}
    for name, d in result["demos"].items():
        kept = {k: v for k, v in d.items() if k not in ("gradio", "rillet", "config")}
        kinds = [c.get("kind") for c in d.get("config", []) if isinstance(c, dict)]
        kept["config"] = dict(sorted(Counter(kinds).items()))  # kind -> count
        demos[name] = kept
    return {**result, "demos": demos}


def compact(demos: dict[str, Any]) -> dict[str, Any]:
    """The demos as written to diff.json: ``code_snippets`` reduced to their shape, long
    values in the diffs shortened, rillet's copy of the calls left out.

    ``demos`` is left as it is (it is compacted again at every save, and the comparisons
    read it), and compacting what is already compact changes nothing: a value shortened
    once is a string that is not dumped again (dumping it again escaped its quotes at each
    save, so that --resume and --reuse-control runs compared strings growing with escapes).
    """
    return {name: _compact_demo(d) for name, d in demos.items()}


#: Values in a diff longer than this (as JSON) are written shortened.
SHORT = 300


def _compact_demo(d: dict[str, Any]) -> dict[str, Any]:
    out = dict(d)
    for framework in ("gradio", "rillet"):
        side_ = d.get(framework)
        if not isinstance(side_, dict):
            continue
        out[framework] = side_ = dict(side_)
        info = side_.get("info")
        if isinstance(info, dict) and isinstance(info.get("named_endpoints"), dict):
            side_["info"] = {**info, "named_endpoints": _shaped(info["named_endpoints"])}
    if isinstance(out.get("rillet"), dict):
        out["rillet"].pop("calls", None)
    for part in ("info", "config"):
        if isinstance(d.get(part), list):
            out[part] = [_shortened(found) for found in d[part]]
    return out


def _shaped(endpoints: dict[str, Any]) -> dict[str, Any]:
    """Named endpoints with their ``code_snippets`` reduced to their shape (new dicts)."""
    return {
        name: (
            {**e, "code_snippets": snippet_shape(e["code_snippets"])}
            if isinstance(e, dict) and e.get("code_snippets")
            else e
        )
        for name, e in endpoints.items()
    }


def _shortened(found: Any) -> Any:
    """A difference with its long ``gradio``/``rillet`` values cut to ``SHORT`` characters
    of their JSON (a string is cut as it is, not dumped, so that cutting is idempotent)."""
    if not isinstance(found, dict):
        return found
    out = dict(found)
    for framework in ("gradio", "rillet"):
        if framework not in found:
            continue
        value = found[framework]
        text = (
            value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
        )
        if len(text) > SHORT + 1 or (len(text) > SHORT and not text.endswith("…")):
            out[framework] = text[:SHORT] + "…"
    return out


def recompare(out: Path) -> None:
    """``--recompare``: compare again the answers ``out`` holds (after a change to how
    values are normalised or compared), without running anything."""
    result = json.loads(out.read_text())
    for name, d in result["demos"].items():
        if d["status"] != "ok":
            continue
        for framework in ("gradio", "rillet"):
            for part in ("answers", "info"):
                d[framework][part] = normal(d[framework][part], "", "\0")
        result["demos"][name] = {**d, **compare_demo(d["gradio"], d["rillet"])}
    result["summary"] = summarise(result["demos"])
    result["demos"] = compact(result["demos"])
    write_json(out, result)
    if out == RESULTS:
        write_json(VERDICTS, verdicts_only(result))
    report(result["summary"])


def resumed(out: Path, version: str, commit: str | None) -> dict[str, Any]:
    """The demos an earlier, unfinished run of the same Gradio wrote to ``out`` (those
    this script failed on are run again)."""
    if not out.exists():
        return {}
    earlier = json.loads(out.read_text())
    if earlier["gradio_version"] != version or earlier["gradio_commit"] != commit:
        raise SystemExit(f"{out} is for another Gradio or commit: run without --resume")
    return {n: d for n, d in earlier["demos"].items() if d["status"] != "error"}


if __name__ == "__main__":
    main(sys.argv[1:])
