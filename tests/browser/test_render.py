"""``@gr.render`` on the page: one box per word, events inside a render, keys keep what the
user typed, and two sessions never see each other's renders."""

from __future__ import annotations

import rillet as gr
from rillet.rendering import render
from rillet.testing import serve

from .conftest import checked_page, open_app

BOXES = "document.querySelectorAll('#area [data-rillet-type=textbox] textarea')"


def words_app() -> gr.Blocks:
    """A textbox whose submit draws one keyed textbox and one button per word."""
    with gr.Blocks() as demo:
        text = gr.Textbox(label="words", elem_id="words")
        with gr.Column(elem_id="area"):

            @render(inputs=[text], triggers=[text.submit])
            def show(s: str) -> None:
                for word in s.split():
                    box = gr.Textbox(word, key=word, label=word, elem_id=f"box-{word}")
                    btn = gr.Button(f"x {word}", elem_id=f"btn-{word}")
                    btn.click(lambda v: v + "!", box, box)

    return demo


def values(page) -> list[str]:
    return page.evaluate(
        "() => [...document.querySelectorAll('#area [data-rillet-type=textbox] textarea')]"
        ".map((t) => t.value)"
    )


def submit(page, text: str) -> None:
    page.fill("#words textarea", text)
    page.press("#words textarea", "Enter")


def test_typing_words_renders_one_box_per_word(page):
    with serve(words_app()) as url:
        open_app(page, url)
        assert values(page) == []
        submit(page, "alpha beta gamma")
        page.wait_for_function(f"{BOXES}.length === 3")
        assert values(page) == ["alpha", "beta", "gamma"]
        submit(page, "delta")
        page.wait_for_function(f"{BOXES}.length === 1")
        assert values(page) == ["delta"]


def test_a_button_inside_a_render_runs_its_event(page):
    with serve(words_app()) as url:
        open_app(page, url)
        submit(page, "one two")
        page.wait_for_function(f"{BOXES}.length === 2")
        page.click("#btn-two button")
        page.wait_for_function("document.querySelector('#box-two textarea').value === 'two!'")
        assert values(page) == ["one", "two!"]


def test_a_keyed_textbox_keeps_what_the_user_typed_across_renders(page):
    with serve(words_app()) as url:
        open_app(page, url)
        submit(page, "keep drop")
        page.wait_for_function(f"{BOXES}.length === 2")
        page.fill("#box-keep textarea", "typed by the user")
        submit(page, "keep new")
        page.wait_for_function("!!document.querySelector('#box-new textarea')")
        assert values(page) == ["typed by the user", "new"]
        # the re-rendered box's event still works on the kept value
        page.click("#btn-keep button")
        page.wait_for_function(
            "document.querySelector('#box-keep textarea').value === 'typed by the user!'"
        )


def test_two_sessions_do_not_see_each_others_renders(browser):
    with serve(words_app()) as url, checked_page(browser) as first, checked_page(browser) as second:
        open_app(first, url)
        open_app(second, url)
        submit(first, "mine only")
        first.wait_for_function(f"{BOXES}.length === 2")
        submit(second, "theirs")
        second.wait_for_function(f"{BOXES}.length === 1")
        assert values(first) == ["mine", "only"]
        assert values(second) == ["theirs"]
        first.click("#btn-only button")
        first.wait_for_function("document.querySelector('#box-only textarea').value === 'only!'")
        assert values(second) == ["theirs"]


def test_render_without_triggers_draws_on_load_and_on_change(page):
    with gr.Blocks() as demo:
        count = gr.Slider(1, 5, value=2, step=1, elem_id="count")
        with gr.Column(elem_id="area"):

            @render(inputs=count)
            def boxes(n: float) -> None:
                for i in range(int(n)):
                    gr.Textbox(f"box {i}")

    with serve(demo) as url:
        open_app(page, url)
        shown = "document.querySelectorAll('#area [data-rillet-type=textbox]').length"
        page.wait_for_function(f"{shown} === 2")
        page.fill("#count input[type=number]", "4")
        page.press("#count input[type=number]", "Enter")
        page.wait_for_function(f"{shown} === 4")


def test_a_render_with_a_state_input_redraws_when_an_event_changes_the_state(page):
    """Gradio's todo list: a render's events change the State it draws from."""
    with gr.Blocks() as demo:
        tasks = gr.State([])
        name = gr.Textbox(label="Task", elem_id="task")
        name.submit(lambda t, n: ([*t, n], ""), [tasks, name], [tasks, name])
        with gr.Column(elem_id="area"):

            @render(inputs=tasks)
            def todos(task_list: list[str]) -> None:
                gr.Markdown(f"{len(task_list)} tasks", elem_id="count")
                for task in task_list:
                    done = gr.Button(f"done {task}", elem_id=f"done-{task}")
                    done.click(lambda task=task: [t for t in task_list if t != task], None, tasks)

    with serve(demo) as url:
        open_app(page, url)
        count = "(document.querySelector('#count')?.innerText || '').trim()"
        page.wait_for_function(f"{count} === '0 tasks'")
        for task in ("milk", "walk"):
            page.fill("#task textarea", task)
            page.press("#task textarea", "Enter")
            page.wait_for_function(f"!!document.querySelector('#done-{task}')")
        page.wait_for_function(f"{count} === '2 tasks'")
        page.click("#done-milk button")
        page.wait_for_function(f"{count} === '1 tasks'")
        assert page.locator("#done-milk").count() == 0
