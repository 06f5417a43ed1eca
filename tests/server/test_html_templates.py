"""gr.HTML over HTTP: its values through gradio_client as Gradio answers them, the script of
the app's own code (``/gradio_api/html_js/<name>.js``) for app and render blocks, and
nothing served for a name the app did not make."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from gradio_client import Client

import rillet as gr
from rillet.components.html import HTML
from rillet.testing import serve

STARS = (
    "<h2>${label} rating:</h2>${Array.from({length: 5}, (_, i) => "
    "`<img class='${i < value ? '' : 'faded'}' src='star.svg'>`).join('')}"
)
CLICKS = "element.querySelectorAll('button').forEach((b) => b.onclick = () => trigger('click'));"


class StarRating(HTML):
    """The star_rating_component demo's component."""

    def __init__(self, label: str, value: int = 0, **kwargs: Any) -> None:
        super().__init__(value=value, label=label, html_template=STARS, **kwargs)

    def api_info(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": 0, "maximum": 5}


def ratings_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        food = StarRating("Food", 3)
        service = StarRating("Service", 3)
        average = StarRating("Average", 0)
        gr.Button("Average").click(
            lambda a, b: round((a + b) / 2), [food, service], average, api_name="average"
        )
        page = gr.HTML("<p>x</p>")
        gr.Button("Shout").click(lambda s: s.upper(), page, page, api_name="shout")
    return demo


def test_gradio_client_sees_and_calls_html_components_as_in_gradio():
    # Gradio 6.31 answers 3 and describes each StarRating as an integer parameter
    with serve(ratings_app()) as url:
        client = Client(url, verbose=False)
        api = client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        params = api["/average"]["parameters"]
        assert [p["label"] for p in params] == ["Food", "Service"]
        assert params[0]["type"] == {"type": "integer", "minimum": 0, "maximum": 5}
        assert params[0]["python_type"]["type"] == "int"
        assert api["/average"]["returns"][0]["label"] == "Average"
        assert client.predict(1, 4, api_name="/average") == 2
        assert client.predict("<b>hi</b>", api_name="/shout") == "<B>HI</B>"


def html_entries(config: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for c in config["components"] if c["type"] == "html"]


def test_the_script_of_an_apps_block_is_served_by_its_name():
    with gr.Blocks() as demo:
        gr.HTML(3, html_template="<b>${value * 2}</b>", js_on_load=CLICKS)
        gr.HTML("<p>plain</p>")
    with serve(demo) as url:
        config = httpx.get(f"{url}/config").json()
        names = [c["props"]["script_id"] for c in html_entries(config)]
        assert names[1] is None and names[0] is not None
        got = httpx.get(f"{url}/gradio_api/html_js/{names[0]}.js")
        assert got.status_code == 200
        assert got.headers["content-type"].startswith("text/javascript")
        assert CLICKS in got.text and '"value * 2"' in got.text


def test_no_script_is_served_for_a_name_the_app_did_not_make():
    with gr.Blocks() as demo:
        gr.HTML(js_on_load="element.title = 'x';")
    with serve(demo) as url:
        for name in ("0123456789abcdef", "..%2F..%2Fconfig", "ABCDEF0123456789", "x" * 300):
            assert httpx.get(f"{url}/gradio_api/html_js/{name}.js").status_code == 404


def render_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        count = gr.Number(2)

        @gr.render(inputs=count)
        def buttons(n: float) -> None:
            gr.HTML(
                "".join(f"<button>B{i}</button>" for i in range(int(n))),
                js_on_load=CLICKS + f" // made for {int(n)}",
            )

    return demo


def call(url: str, session: str, fn_index: int, data: list[Any]) -> dict[str, Any]:
    """Join ``fn_index`` in ``session`` and read its stream to the completion."""
    with httpx.Client(timeout=30) as http:
        joined = http.post(
            f"{url}/gradio_api/queue/join",
            json={"data": data, "fn_index": fn_index, "session_hash": session},
        )
        assert joined.status_code == 200, joined.text
        event_id = joined.json()["event_id"]
        params = {"session_hash": session}
        with http.stream("GET", f"{url}/gradio_api/queue/data", params=params) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data: "):
                    continue
                msg = json.loads(line[6:])
                if msg.get("event_id") == event_id and msg["msg"] == "process_completed":
                    return msg
    raise AssertionError("the stream ended before the event completed")


def test_the_script_of_a_block_a_render_made_is_served():
    with serve(render_app()) as url:
        config = httpx.get(f"{url}/config").json()
        index = next(d["id"] for d in config["dependencies"] if d["render_id"] is not None)
        done = call(url, uuid.uuid4().hex, index, [3])
        made = html_entries(done["output"]["render_config"])
        name = made[0]["props"]["script_id"]
        got = httpx.get(f"{url}/gradio_api/html_js/{name}.js")
        assert got.status_code == 200 and "// made for 3" in got.text


def list_dir(path: str) -> list[str]:
    return [f"{path}/a", f"{path}/b"]


def test_a_server_function_is_called_by_name_and_nothing_else_is():
    with gr.Blocks() as demo:
        tree = gr.HTML("/data", server_functions=[list_dir])
        plain = gr.HTML("x")
    with serve(demo) as url:
        call_url = f"{url}/gradio_api/component_server"

        def ask(block: Any, fn_name: str, data: Any = "/data") -> httpx.Response:
            body = {"component_id": block._id, "fn_name": fn_name, "data": data}
            return httpx.post(call_url, json={**body, "session_hash": "s"})

        done = ask(tree, "list_dir")
        assert done.status_code == 200 and done.json() == ["/data/a", "/data/b"]
        assert ask(tree, "page_script").status_code == 404
        assert ask(tree, "__init__").status_code == 404
        assert ask(plain, "list_dir").status_code == 404
        bad = httpx.post(call_url, json={"component_id": "1", "fn_name": "list_dir"})
        assert bad.status_code == 400
