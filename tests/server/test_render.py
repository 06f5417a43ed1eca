"""``@gr.render`` over HTTP: the render's completion carries ``render_config``; the events it
made are the session's own (another session gets a 404); gradio_client still works on an
app that has a render block."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
from gradio_client import Client

import rillet as gr
from rillet.rendering import render
from rillet.testing import serve


def words_app() -> gr.Blocks:
    with gr.Blocks() as demo:
        text = gr.Textbox(label="words")
        out = gr.Textbox(label="out")
        text.change(lambda s: s.upper(), text, out, api_name="upper")

        @render(inputs=[text], triggers=[text.submit])
        def show(s: str) -> None:
            for word in s.split():
                box = gr.Textbox(word, key=word)
                gr.Button("x").click(lambda v: v + "!", box, box)

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
        with http.stream(
            "GET", f"{url}/gradio_api/queue/data", params={"session_hash": session}
        ) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data: "):
                    continue
                msg = json.loads(line[6:])
                if msg.get("event_id") == event_id and msg["msg"] == "process_completed":
                    return msg
    raise AssertionError("the stream ended before the event completed")


def render_index(url: str) -> int:
    config = httpx.get(f"{url}/config").json()
    return next(d["id"] for d in config["dependencies"] if d["render_id"] is not None)


def test_gradio_client_calls_a_normal_endpoint_in_an_app_with_a_render_block():
    with serve(words_app()) as url:
        client = Client(url, verbose=False)
        assert (
            "/upper" in client.view_api(print_info=False, return_format="dict")["named_endpoints"]
        )
        assert client.predict("shout", api_name="/upper") == "SHOUT"


def test_a_render_completion_carries_render_config():
    with serve(words_app()) as url:
        index = render_index(url)
        done = call(url, uuid.uuid4().hex, index, ["a b"])
        assert done["success"] is True
        assert done["output"]["data"] == [None]
        config = done["output"]["render_config"]
        assert config["render_id"] == 0
        container = config["layout"]["id"]
        types = {c["id"]: c["type"] for c in config["components"]}
        assert types[container] == "column"
        boxes = [c for c in config["components"] if c["type"] == "textbox"]
        assert [(b["props"]["value"], b["props"]["key"]) for b in boxes] == [("a", "a"), ("b", "b")]
        assert all(b["props"]["preserved_by_key"] == ["value"] for b in boxes)
        deps = config["dependencies"]
        assert len(deps) == 2 and all(d["rendered_in"] == 0 for d in deps)
        assert [d["inputs"] for d in deps] == [[boxes[0]["id"]], [boxes[1]["id"]]]
        # every new id is past the app's own
        app_ids = {c["id"] for c in httpx.get(f"{url}/config").json()["components"]}
        assert not (set(types) - {container}) & app_ids


def test_a_rendered_event_runs_and_a_key_keeps_its_id():
    with serve(words_app()) as url:
        index, session = render_index(url), uuid.uuid4().hex
        first = call(url, session, index, ["keep gone"])["output"]["render_config"]
        keep_id = next(c["id"] for c in first["components"] if c["props"].get("key") == "keep")
        second = call(url, session, index, ["keep new"])["output"]["render_config"]
        assert keep_id in [c["id"] for c in second["components"]]
        click = next(d for d in second["dependencies"] if d["inputs"] == [keep_id])
        assert call(url, session, click["id"], ["typed"])["output"]["data"] == ["typed!"]
        # the previous render's events are gone
        old = [d["id"] for d in first["dependencies"]]
        with httpx.Client() as http:
            for fn in old:
                r = http.post(
                    f"{url}/gradio_api/queue/join",
                    json={"data": ["x"], "fn_index": fn, "session_hash": session},
                )
                assert r.status_code == 404


def test_another_session_cannot_call_a_sessions_rendered_events():
    with serve(words_app()) as url:
        index = render_index(url)
        mine = call(url, uuid.uuid4().hex, index, ["secret"])["output"]["render_config"]
        fn = mine["dependencies"][0]["id"]
        r = httpx.post(
            f"{url}/gradio_api/queue/join",
            json={"data": ["x"], "fn_index": fn, "session_hash": uuid.uuid4().hex},
        )
        assert r.status_code == 404
        info = httpx.get(f"{url}/gradio_api/info").json()
        assert str(fn) not in info["unnamed_endpoints"]
        assert all(e["parameters"][0]["label"] == "words" for e in info["named_endpoints"].values())


def test_a_state_changed_by_an_event_is_named_in_changed_state_ids():
    with gr.Blocks() as demo:
        total = gr.State(0)
        n = gr.Number()
        n.submit(lambda t, x: t + x, [total, n], total)
        n.change(lambda t: t, total, total)

    with serve(demo) as url:
        session = uuid.uuid4().hex
        changed = call(url, session, 0, [None, 2])["output"]
        assert changed["changed_state_ids"] == [total._id]
        same = call(url, session, 1, [None])["output"]
        assert same["changed_state_ids"] == []
