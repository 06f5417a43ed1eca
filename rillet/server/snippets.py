"""The ``code_snippets`` of each named endpoint in ``/gradio_api/info``: ready-to-run
programs calling it, under the keys Gradio 6.31 uses:

- ``python``: ``gradio_client``'s ``Client(...).predict(..., api_name=...)``;
- ``javascript``: ``@gradio/client``'s ``Client.connect(...)`` and ``predict``;
- ``bash``: curl, the two-step REST API (``POST /call/v2/<name>`` with the parameters by
  name, then ``GET`` its events); it runs in bash or any POSIX shell;
- ``cli``: ``{command} predict <url> /<name> '<json>'``, where the page that shows it puts
  the command of Gradio's CLI in place of ``{command}``, as Gradio's page does.

Unlike Gradio's, the bash snippet runs in bash (Gradio's ``| read EVENT_ID`` only sets the
variable in zsh), and quotes the values it writes.

Each parameter takes its ``parameter_default`` when it has one, else its ``example_input``.
A file (an object whose ``meta._type`` is ``gradio.FileData``) is its example's URL, fetched
first and then passed as ``handle_file(...)`` in Python (a downloaded file) and JavaScript (a
Blob), and ``/path/to/your/file`` in bash and the CLI: the places a user puts their own
files.
"""

from __future__ import annotations

import json
import shlex
from collections.abc import Callable
from typing import Any

#: What the bash snippet uploads; the user puts their own file's path here.
FILE_PLACEHOLDER = "/path/to/your/file"
#: The CLI snippet's command, replaced by the page that shows it (``gradio``, ``hf gradio``).
COMMAND_PLACEHOLDER = "{command}"


def code_snippets(api_name: str, endpoint: dict[str, Any], root: str) -> dict[str, str]:
    """The four snippets calling ``api_name`` (``/greet``) of the app at ``root`` (its
    public URL, no trailing slash), from the endpoint's ``/info`` entry."""
    values = [(name_of(p, i), example_value(p)) for i, p in enumerate(endpoint["parameters"])]
    components = [str(p.get("component", "File")) for p in endpoint["parameters"]]
    return {
        "python": python_snippet(api_name, values, root),
        "javascript": javascript_snippet(api_name, values, components, root),
        "bash": bash_snippet(api_name, values, root),
        "cli": cli_snippet(api_name, values, root),
    }


def name_of(parameter: dict[str, Any], index: int) -> str:
    """The keyword a client passes the parameter by."""
    return str(parameter.get("parameter_name") or f"param_{index}")


def example_value(parameter: dict[str, Any]) -> Any:
    """The value a snippet passes: the parameter's default, else its example."""
    if parameter.get("parameter_has_default"):
        return parameter.get("parameter_default")
    return parameter.get("example_input")


def is_file(value: Any) -> bool:
    """A FileData object: a dict whose ``meta._type`` is ``gradio.FileData``."""
    if not isinstance(value, dict):
        return False
    meta = value.get("meta")
    return isinstance(meta, dict) and meta.get("_type") == "gradio.FileData"


def file_source(value: dict[str, Any]) -> str:
    """Where a FileData example can be fetched: its URL, else its path."""
    return str(value.get("url") or value.get("path") or "")


def has_file(value: Any) -> bool:
    """Whether ``value`` holds a FileData object at any depth."""
    if is_file(value):
        return True
    if isinstance(value, dict):
        return any(has_file(v) for v in value.values())
    if isinstance(value, list):
        return any(has_file(v) for v in value)
    return False


def literal(value: Any, scalar: Callable[[Any], str], file: Callable[[dict[str, Any]], str]) -> str:
    """``value`` written as source text: lists and dicts as brackets and braces, each file
    by ``file``, every other value by ``scalar``."""
    if is_file(value):
        return file(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v, scalar, file) for v in value) + "]"
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k))}: {literal(v, scalar, file)}" for k, v in value.items())
        return "{" + ", ".join(items) + "}"
    return scalar(value)


def python_scalar(value: Any) -> str:
    """A JSON scalar as a Python literal (strings as JSON writes them: valid Python)."""
    if value is None or isinstance(value, bool):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def python_snippet(api_name: str, values: list[tuple[str, Any]], root: str) -> str:
    """``gradio_client``: keyword arguments by name; each example file is downloaded first
    and passed as ``handle_file(<local path>)``, which the client uploads (a server need
    not fetch URLs itself: rillet does not)."""
    files = sum(_count_files(v) for _, v in values)
    downloads: list[str] = []

    def handle_file(file: dict[str, Any]) -> str:
        name = "example_file" + ("" if files == 1 else f"_{len(downloads)}")
        source = file_source(file)
        local = source.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "file"
        local = local if files == 1 else f"{len(downloads)}_{local}"  # one file each
        downloads.append(f"{name}, _ = urlretrieve({json.dumps(source)}, {json.dumps(local)})")
        return f"handle_file({name})"

    arguments = [f"\t{name}={literal(v, python_scalar, handle_file)}," for name, v in values]
    lines = ["from urllib.request import urlretrieve", ""] if downloads else []
    lines += ["from gradio_client import Client" + (", handle_file" if downloads else ""), ""]
    lines += [*downloads, ""] if downloads else []
    lines += [f"client = Client({json.dumps(root)})", "result = client.predict("]
    lines += [*arguments, f"\tapi_name={json.dumps(api_name)},", ")", "print(result)"]
    return "\n".join(lines)


def javascript_snippet(
    api_name: str, values: list[tuple[str, Any]], components: list[str], root: str
) -> str:
    """``@gradio/client``: each file fetched as a Blob first, then ``handle_file(blob)``."""
    fetches: list[str] = []
    files = sum(_count_files(v) for _, v in values)

    def blob_of(component: str) -> Callable[[dict[str, Any]], str]:
        def fetched(file: dict[str, Any]) -> str:
            index = len(fetches) // 2
            name = f"example{component}" + ("" if files == 1 else f"_{index}")
            fetches.append(
                f"const response_{index} = await fetch({json.dumps(file_source(file))});"
            )
            fetches.append(f"const {name} = await response_{index}.blob();")
            return f"handle_file({name})"

        return fetched

    arguments = [
        f"\t\t{name}: {literal(v, json.dumps, blob_of(component))},"
        for (name, v), component in zip(values, components, strict=True)
    ]
    lines = ["import { Client" + (", handle_file" if fetches else "") + ' } from "@gradio/client";']
    lines += ["", *fetches, ""] if fetches else [""]
    lines += [
        f"const client = await Client.connect({json.dumps(root)});",
        f"const result = await client.predict({json.dumps(api_name)}, {{",
        *arguments,
        "});",
        "",
        "console.log(result.data);",
    ]
    return "\n".join(lines)


def _count_files(value: Any) -> int:
    if is_file(value):
        return 1
    if isinstance(value, dict):
        return sum(_count_files(v) for v in value.values())
    if isinstance(value, list):
        return sum(_count_files(v) for v in value)
    return 0


def bash_snippet(api_name: str, values: list[tuple[str, Any]], root: str) -> str:
    """curl: upload each file, post the parameters by name to ``/call/v2/<name>``, keep the
    event id (``awk``), then stream the events of ``GET /call/<name>/<event id>``."""
    api = root + "/gradio_api"
    name = api_name.lstrip("/")
    files = sum(_count_files(v) for _, v in values)
    variables: list[str] = []

    def uploaded(file: dict[str, Any]) -> str:
        variables.append("FILE_PATH" if files == 1 else f"FILE_PATH_{len(variables)}")
        # a control character JSON never leaves raw: where the path goes, once quoted
        return (
            '{"path": "'
            + f"\x01{len(variables) - 1}\x01"
            + '", "meta": {"_type": "gradio.FileData"}}'
        )

    body = ", ".join(f"{json.dumps(k)}: {literal(v, json.dumps, uploaded)}" for k, v in values)
    quoted = "'" + ("{" + body + "}").replace("'", "'\\''") + "'"
    for index, variable in enumerate(variables):
        # the uploaded path is a JSON string's contents as the server wrote it: spliced in
        quoted = quoted.replace(f"\x01{index}\x01", f"'\"${variable}\"'")
    form = shlex.quote("files=@" + FILE_PLACEHOLDER)
    upload = f"curl -s -X POST {shlex.quote(api + '/upload')} -F {form}"
    lines = [f"{v}=$({upload} | sed -e 's/^\\[\"//' -e 's/\"\\]$//')" for v in variables]
    lines += [""] if lines else []
    lines += [
        f"EVENT_ID=$(curl -s -X POST {shlex.quote(api + '/call/v2/' + name)}"
        ' -H "Content-Type: application/json" \\',
        f"  -d {quoted} \\",
        "  | awk -F'\"' '{ print $4 }')",
        f"curl -N {shlex.quote(api + '/call/' + name + '/')}$EVENT_ID",
    ]
    return "\n".join(lines)


def cli_snippet(api_name: str, values: list[tuple[str, Any]], root: str) -> str:
    """Gradio's CLI: ``{command} predict <url> <api_name> '<the parameters as JSON>'``;
    a file is ``{"path": "/path/to/your/file", "meta": {"_type": "gradio.FileData"}}``,
    which the client uploads (Gradio writes the example's URL, which its server fetches)."""
    payload = json.dumps({k: _bare_files(v) for k, v in values}, indent=2, ensure_ascii=False)
    quoted = "'" + payload.replace("'", "'\\''") + "'"
    return f"{COMMAND_PLACEHOLDER} predict {shlex.quote(root)} {api_name} {quoted}\n"


def _bare_files(value: Any) -> Any:
    """``value`` with each file a local file the client uploads."""
    if is_file(value):
        return {"path": FILE_PLACEHOLDER, "meta": {"_type": "gradio.FileData"}}
    if isinstance(value, dict):
        return {k: _bare_files(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_bare_files(v) for v in value]
    return value
