"""gr.HTML templates in Chromium, under the page's Content-Security-Policy (no eval): template
expressions, Handlebars, escaping, scoped CSS, js_on_load with trigger/props/watch, children,
and blocks a render made."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

STARS = """
<h2>${label} rating:</h2>
${Array.from({length: 5}, (_, i) =>
    `<img class='${i < value ? '' : 'faded'}' alt='star'>`).join('')}
<button id='submit-btn'>Submit Rating</button>
"""
STAR_JS = """
const imgs = element.querySelectorAll('img');
imgs.forEach((img, index) => {
    img.addEventListener('click', () => { props.value = index + 1; });
});
element.querySelector('#submit-btn').addEventListener('click', () => { trigger('submit'); });
"""
VALUE = "(sel) => document.querySelector(sel + ' [data-testid=textbox]').value"
#: Markup that would run code if a value were inserted unescaped or evaluated as a template.
INJECTION = "<img id=pwn src=x>${globalThis.__pwned = 1}`{{value}}"


def wait_value(page: Page, selector: str, text: str) -> None:
    """Wait until the Textbox ``selector`` shows ``text``."""
    page.wait_for_function(
        "([sel, text]) => document.querySelector(sel + ' [data-testid=textbox]').value === text",
        arg=[selector, text],
    )


def faded(page: Page, elem_id: str) -> int:
    return page.locator(f"#{elem_id} img.faded").count()


def test_a_star_rating_draws_from_its_template_and_its_clicks_reach_python(page: Page):
    with gr.Blocks() as demo:
        stars = gr.HTML(3, label="Food", html_template=STARS, js_on_load=STAR_JS, elem_id="stars")
        changed = gr.Textbox(label="changed", elem_id="changed")
        submitted = gr.Textbox(label="submitted", elem_id="submitted")
        stars.change(lambda v: f"now {v}", stars, changed)
        stars.submit(lambda v: f"sent {v}", stars, submitted)
    with serve(demo) as url:
        open_app(page, url)
        page.wait_for_function("document.querySelectorAll('#stars img').length === 5")
        assert page.locator("#stars h2").inner_text() == "Food rating:"
        assert faded(page, "stars") == 2
        page.locator("#stars img").nth(3).click()
        page.wait_for_function("document.querySelectorAll('#stars img.faded').length === 1")
        wait_value(page, "#changed", "now 4")
        # the re-render kept the elements: a second click still reaches its listener
        page.locator("#stars img").nth(0).click()
        page.wait_for_function("document.querySelectorAll('#stars img.faded').length === 4")
        page.locator("#submit-btn").click()
        wait_value(page, "#submitted", "sent 1")


def test_handlebars_escapes_and_nothing_is_evaluated_from_a_value(page: Page):
    with gr.Blocks() as demo:
        gr.HTML(
            INJECTION,
            html_template="<p id='esc'>{{value}}</p>"
            "<ul>{{#each items}}<li>{{@index}}:{{this}}</li>{{/each}}</ul>"
            "{{#if flag}}<b id='yes'>yes</b>{{else}}<b id='no'>no</b>{{/if}}",
            items=["a", "<i>b</i>"],
            flag=False,
            elem_id="hb",
        )
        gr.HTML("<em id='raw'>raw</em>", elem_id="plain")
    with serve(demo) as url:
        open_app(page, url)
        page.wait_for_selector("#esc")
        assert page.locator("#esc").inner_text() == INJECTION
        assert page.locator("#pwn").count() == 0
        assert page.evaluate("globalThis.__pwned") is None
        assert page.locator("#hb li").all_inner_texts() == ["0:a", "1:<i>b</i>"]
        assert page.locator("#no").count() == 1 and page.locator("#yes").count() == 0
        # the default template inserts the app's HTML as it is, as in Gradio
        assert page.locator("#plain em#raw").inner_text() == "raw"


def test_css_template_is_scoped_and_follows_prop_updates(page: Page):
    with gr.Blocks() as demo:
        html = gr.HTML(
            2,
            html_template="${'<span class=\"dot\">o</span>'.repeat(value)}",
            css_template=".dot { display: inline-block; width: ${size}px; }",
            size=30,
            elem_id="dots",
        )
        gr.HTML("<span class='dot' id='outside'>o</span>", elem_id="other")
        grow = gr.Button("grow", elem_id="grow")
        grow.click(lambda: gr.HTML(size=50), None, html)
    with serve(demo) as url:
        open_app(page, url)
        page.wait_for_selector("#dots .dot")
        width = "(sel) => document.querySelector(sel).getBoundingClientRect().width"
        assert page.evaluate(width, "#dots .dot") == 30
        assert page.evaluate(width, "#outside") != 30
        page.click("#grow")
        page.wait_for_function(
            "document.querySelector('#dots .dot').getBoundingClientRect().width === 50"
        )
        assert page.locator("#dots .dot").count() == 2


def test_children_are_drawn_at_children_and_the_form_submits(page: Page):
    with gr.Blocks() as demo:
        with gr.HTML(
            html_template="<h2>${form_name}</h2>@children<button class='send'>Send</button>",
            css_template="border: 2px solid gray; padding: 8px;",
            js_on_load="element.querySelector('.send').onclick = () => trigger('submit');",
            form_name="Contact",
            elem_id="form",
        ) as form:
            name = gr.Textbox(label="Name", elem_id="name")
        out = gr.Textbox(label="out", elem_id="out")
        form.submit(lambda n: f"Hi {n}", name, out)
    with serve(demo) as url:
        open_app(page, url)
        order = page.evaluate(
            "[...document.querySelectorAll('#form h2, #form #name, #form .send')]"
            ".map((e) => e.tagName + (e.id ? '#' + e.id : ''))"
        )
        assert order == ["H2", "DIV#name", "BUTTON"]
        page.fill("#name [data-testid=textbox]", "Ada")
        page.click("#form .send")
        wait_value(page, "#out", "Hi Ada")


def test_custom_events_carry_data_and_watch_hears_server_changes(page: Page):
    def key_of(evt: gr.EventData) -> Any:
        return evt._data["key"]

    with gr.Blocks() as demo:
        keys = gr.HTML(
            html_template="<p>press</p>",
            js_on_load="document.onkeydown = (e) => trigger('keypress', {key: e.key});",
        )
        pressed = gr.Textbox(label="pressed", elem_id="pressed")
        keys.keypress(key_of, None, pressed)
        counter = gr.HTML(
            0,
            html_template="<div id='count'>value: ${value}</div>",
            js_on_load="watch('value', () => { if (props.value >= 2) trigger('submit'); });",
        )
        up = gr.Button("up", elem_id="up")
        up.click(lambda v: (v or 0) + 1, counter, counter)
        reached = gr.Textbox(label="reached", elem_id="reached")
        counter.submit(lambda v: f"reached {v}", counter, reached)
    with serve(demo) as url:
        open_app(page, url)
        page.wait_for_selector("#count")
        page.keyboard.press("q")
        wait_value(page, "#pressed", "q")
        page.click("#up")
        page.wait_for_function("document.querySelector('#count').textContent === 'value: 1'")
        assert page.evaluate(VALUE, "#reached") == ""
        page.click("#up")
        wait_value(page, "#reached", "reached 2")


def test_a_failing_expression_shows_an_error_in_place(page: Page):
    with gr.Blocks() as demo:
        gr.HTML(html_template="${Zalue}", elem_id="broken")
        gr.HTML("fine", elem_id="fine")
    with serve(demo) as url:
        open_app(page, url)
        page.wait_for_selector("#broken .rillet-html-error:not([hidden])")
        assert "Zalue is not defined" in page.locator("#broken .rillet-html-error").inner_text()
        assert page.locator("#fine").inner_text() == "fine"


def clicked_text(evt: gr.EventData) -> Any:
    return evt._data["clicked"]


def test_html_made_by_a_render_runs_its_js_on_load(page: Page):
    js = """
element.querySelectorAll('button').forEach((button) => {
    button.addEventListener('click', () => trigger('click', {clicked: button.innerText}));
});
"""
    with gr.Blocks() as demo:
        count = gr.State(2)

        @gr.render(inputs=count)
        def draw(n: int) -> None:
            buttons = gr.HTML(
                "".join(f"<button>HTML button {i}</button>" for i in range(n)),
                js_on_load=js,
                elem_id="made",
            )
            clicked = gr.Textbox(label="clicked", elem_id="clicked")
            buttons.click(clicked_text, None, clicked)

        more = gr.Button("more", elem_id="more")
        more.click(lambda n: n + 1, count, count)

    with serve(demo) as url:
        open_app(page, url)
        page.wait_for_selector("#made button")
        page.click("#more")
        page.wait_for_function("document.querySelectorAll('#made button').length === 3")
        page.locator("#made button").nth(2).click()
        wait_value(page, "#clicked", "HTML button 2")


def list_dir(path: str) -> list[str]:
    return [f"{path}/one", f"{path}/two"]


def read_upload(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read()


def test_server_functions_and_upload_from_js_on_load(page: Page, tmp_path):
    sample = tmp_path / "note.txt"
    sample.write_text("uploaded text", encoding="utf-8")
    with gr.Blocks() as demo:
        gr.HTML(
            "/data",
            html_template="<button id='load'>Load</button><div id='tree'></div>",
            js_on_load="""
            element.querySelector('#load').addEventListener('click', async () => {
                const files = await server.list_dir(props.value);
                element.querySelector('#tree').textContent = files.join(' ');
            });
            """,
            server_functions=[list_dir],
        )
        uploader = gr.HTML(
            html_template="<input type='file' id='file'><button id='send'>Upload</button>",
            js_on_load="""
            element.querySelector('#send').addEventListener('click', async () => {
                const { path } = await upload(element.querySelector('#file').files[0]);
                props.value = path;
            });
            """,
        )
        status = gr.Textbox(label="status", elem_id="status")
        uploader.change(lambda p: "ready" if p else "", uploader, status)
        show = gr.Button("show", elem_id="show")
        content = gr.Textbox(label="content", elem_id="content")
        show.click(read_upload, uploader, content)
    with serve(demo) as url:
        open_app(page, url)
        page.click("#load")
        page.wait_for_function(
            "document.querySelector('#tree').textContent === '/data/one /data/two'"
        )
        page.set_input_files("#file", str(sample))
        page.click("#send")
        wait_value(page, "#status", "ready")
        page.click("#show")
        wait_value(page, "#content", "uploaded text")


def paragraphs(start: str):
    text = start
    for i in range(12):
        text += f"<p>paragraph {i + 1}</p>"
        yield text


def test_a_streamed_html_with_autoscroll_stays_at_its_bottom(page: Page):
    with gr.Blocks() as demo:
        html = gr.HTML("<p>paragraph 0</p>", max_height=120, autoscroll=True, elem_id="log")
        grow = gr.Button("grow", elem_id="grow")
        grow.click(paragraphs, html, html)
    with serve(demo) as url:
        open_app(page, url)
        page.click("#grow")
        page.wait_for_function("document.querySelector('#log').textContent.includes('ph 12')")
        page.wait_for_function("document.body.dataset.rilletRunning === '0'")
        box = page.evaluate(
            "(() => { const el = document.querySelector('#log');"
            " return [el.scrollTop, el.clientHeight, el.scrollHeight]; })()"
        )
        top, height, total = box
        assert total > height and top + height >= total - 2
