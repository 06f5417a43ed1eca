"""``GET /gradio_api/openapi.json``: an OpenAPI 3.0 document laid out as Gradio 6.31's
(paths, operationIds, summaries, info), valid for a generic validator, and enough for a
generic client to call every endpoint from the document alone."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

import rillet as gr
from rillet.testing import serve


def greet(name: str, greeting: str) -> str:
    """Greets someone.

    Args:
        name: who
    """
    return f"{greeting}, {name}"


def count(n: float) -> Iterator[str]:
    for i in range(int(n)):
        yield str(i)


def pick(choice: str, amount: float, tags: list[str]) -> str:
    return f"{choice} {amount} {tags}"


def slide(pair: tuple[Any, Any] | None) -> str:
    return str(pair)


def ping() -> str:
    return "pong"


def app() -> gr.Blocks:
    with gr.Blocks(title="Open demo") as demo:
        name = gr.Textbox(label="Name")
        greeting = gr.Textbox("Hello", label="Greeting")
        out = gr.Textbox(label="Out")
        n = gr.Number(2, label="N")
        choice = gr.Radio(["a", "b"], value="a", label="Choice")
        amount = gr.Slider(0, 10, value=4, label="Amount")
        tags = gr.CheckboxGroup(["x", "y"], value=["x"], label="Tags")
        pair = gr.ImageSlider(label="Pair")
        file = gr.File(label="File")
        button = gr.Button()
        button.click(greet, [name, greeting], out, api_name="greet")
        button.click(count, n, out, api_name="count")
        button.click(pick, [choice, amount, tags], out, api_name="pick")
        button.click(slide, pair, out, api_name="slide")
        button.click(ping, None, out, api_name="ping")
        button.click(len, file, out, api_name="nested/name")
        button.click(ping, None, out, api_name="secret", api_visibility="private")
        button.click(ping, None, out, api_name="hidden", api_visibility="undocumented")
    return demo


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[str, dict[str, Any]]]:
    with serve(app()) as url:
        document = httpx.get(f"{url}/gradio_api/openapi.json", timeout=30).json()
        yield url, document


def test_a_generic_validator_accepts_it(served):
    validate(served[1])


def test_laid_out_as_gradios(served):
    url, doc = served
    assert doc["openapi"] == "3.0.2"
    assert doc["info"] == {"title": "Open demo", "description": "", "version": "6.31.0"}
    assert doc["servers"] == [{"url": url}]
    assert list(doc["paths"]) == [
        "/gradio_api/upload",
        "/gradio_api/call/v2/greet",
        "/gradio_api/call/greet/{event_id}",
        "/gradio_api/call/v2/count",
        "/gradio_api/call/count/{event_id}",
        "/gradio_api/call/v2/pick",
        "/gradio_api/call/pick/{event_id}",
        "/gradio_api/call/v2/slide",
        "/gradio_api/call/slide/{event_id}",
        "/gradio_api/call/v2/ping",
        "/gradio_api/call/ping/{event_id}",
        "/gradio_api/call/v2/nested/name",
        "/gradio_api/call/nested/name/{event_id}",
    ]
    greet_op = doc["paths"]["/gradio_api/call/v2/greet"]["post"]
    assert greet_op["operationId"] == "greet"
    assert greet_op["summary"] == "Greets someone."
    assert greet_op["description"].startswith(
        "Greets someone. Output must be fetched from GET /gradio_api/call/greet/{event_id}."
    )
    assert doc["paths"]["/gradio_api/call/v2/ping"]["post"]["summary"] == "Endpoint /ping"
    get = doc["paths"]["/gradio_api/call/greet/{event_id}"]["get"]
    assert get["operationId"] == "greet_get"
    assert get["summary"] == "Fetch results for /greet"
    assert doc["paths"]["/gradio_api/call/v2/nested/name"]["post"]["operationId"] == "nested_name"
    assert doc["paths"]["/gradio_api/upload"]["post"]["operationId"] == "upload_file_upload_post"


def test_body_schemas_defaults_required_and_examples(served):
    doc = served[1]
    media = doc["paths"]["/gradio_api/call/v2/greet"]["post"]["requestBody"]["content"]
    body = media["application/json"]
    assert body["schema"]["properties"]["name"]["type"] == "string"
    assert body["schema"]["properties"]["greeting"]["default"] == "Hello"
    assert body["schema"]["required"] == ["name"]
    assert body["examples"]["example1"]["value"] == {"name": "Hello!!", "greeting": "Hello"}
    pick_schema = doc["paths"]["/gradio_api/call/v2/pick"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]["properties"]
    assert pick_schema["choice"]["enum"] == ["a", "b"]
    assert pick_schema["tags"]["items"]["enum"] == ["x", "y"]
    pair = doc["paths"]["/gradio_api/call/v2/slide"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]["properties"]["pair"]
    assert pair["type"] == "array" and pair["nullable"] is True
    assert pair["minItems"] == pair["maxItems"] == 2
    file_op = doc["paths"]["/gradio_api/call/v2/nested/name"]["post"]
    assert "POST /gradio_api/upload" in file_op["summary"]
    file_schema = file_op["requestBody"]["content"]["application/json"]["schema"]
    path_schema = next(iter(file_schema["properties"].values()))
    assert path_schema["type"] == "object" and "path" in path_schema["required"]
    assert path_schema["properties"]["meta"]["properties"]["_type"]["enum"] == ["gradio.FileData"]
    assert "$defs" not in json.dumps(doc) and "$ref" not in json.dumps(doc)


def test_a_client_driven_by_the_document_alone_calls_each_endpoint(served):
    """What a generated client does: validate the example against the body schema, POST
    it to the server's path, then GET the results path with the event id."""
    _, doc = served
    base = doc["servers"][0]["url"]
    answers = {}
    with httpx.Client(timeout=30) as http:
        for path, item in doc["paths"].items():
            operation = item.get("post")
            if operation is None or "/call/v2/" not in path or "upload" in operation["summary"]:
                continue
            media = operation["requestBody"]["content"]["application/json"]
            example = media.get("examples", {}).get("example1", {}).get("value", {})
            OAS30Validator(media["schema"]).validate(example)
            posted = http.post(base + path, json=example)
            assert posted.status_code == 200, (path, posted.text)
            event_id = posted.json()["event_id"]
            results = path.replace("/call/v2/", "/call/") + "/{event_id}"
            get_path = next(p for p, i in doc["paths"].items() if "get" in i and p == results)
            got = http.get(base + get_path.replace("{event_id}", event_id))
            last = got.text.strip().split("\n\n")[-1]
            answers[operation["operationId"]] = last
    assert answers == {
        "greet": 'event: complete\ndata: ["Hello, Hello!!"]',
        "count": 'event: complete\ndata: ["1"]',
        "pick": "event: complete\ndata: [\"a 4 ['x']\"]",
        "ping": 'event: complete\ndata: ["pong"]',
    }


def test_an_example_breaking_the_schema_is_caught(served):
    """The check above can fail: a wrong type does not pass the body schema."""
    doc = served[1]
    schema = doc["paths"]["/gradio_api/call/v2/greet"]["post"]["requestBody"]["content"][
        "application/json"
    ]["schema"]
    with pytest.raises(Exception, match="is not of type"):
        OAS30Validator(schema).validate({"name": 3})
    with pytest.raises(Exception, match="required"):
        OAS30Validator(schema).validate({"greeting": "Hi"})


def test_servers_follow_the_public_url():
    with serve(app()) as url:
        doc = httpx.get(
            f"{url}/gradio_api/openapi.json",
            headers={"x-forwarded-host": "example.com", "x-forwarded-proto": "https"},
        ).json()
        assert doc["servers"] == [{"url": "https://example.com"}]
