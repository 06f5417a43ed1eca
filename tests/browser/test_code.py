"""gr.Code in Chromium: highlight.js colours every Gradio language (plain text otherwise),
numbers the lines, and a streamed output keeps its settled lines' nodes (only the tail is
highlighted again, and the result is the same as highlighting the whole text); the editor
types, indents and emits input; copy and download; lines, max_lines, wrap_lines,
show_line_numbers; a language update; fenced code in Markdown is highlighted too."""

from __future__ import annotations

import threading

import pytest

import rillet as gr
from rillet.testing import serve

from .conftest import open_app

PROGRAM = '''import math


class Circle:
    """A circle.

    Its radius is r."""

    def __init__(self, r: float = 1.0) -> None:
        self.r = r  # the radius

    def area(self) -> float:
        return math.pi * self.r ** 2


print(Circle(2).area(), "done", [1, 2, 3])
'''
LONG_LINE = "x = '" + "a long string " * 30 + "'"
#: A small sample per Gradio language (None: plain text).
SAMPLES = {
    "python": "def f():\n    return 1",
    "c": "int main(void) { return 0; }",
    "cpp": "#include <vector>\nint main() { return 0; }",
    "markdown": "# Title\n\n*em* and `code`",
    "latex": "\\section{Intro} $x^2$",
    "json": '{"a": [1, true, null]}',
    "html": '<a href="x">link</a>',
    "css": "body { color: red; }",
    "javascript": "const x = () => 1;",
    "jinja2": "{% if x %}{{ x }}{% endif %}",
    "typescript": "let x: number = 1;",
    "yaml": "key: value\nlist:\n  - 1",
    "dockerfile": "FROM python:3.11\nRUN pip install x",
    "shell": 'echo "hi" | grep h',
    "r": "x <- c(1, 2)",
    "sql": "SELECT * FROM t WHERE id = 1;",
    "sql-pgSQL": "SELECT 1;",
    "sql-mySQL": "SELECT 1;",
}
FENCES = "```python\ndef f():\n    return 1\n```\n\n```nosuchlanguage\nx = 1\n```\n"
GATE = threading.Event()


def gated():
    """The program up to its docstring's first line, then (once the test has looked) the
    rest, three characters a yield."""
    head = "\n".join(PROGRAM.splitlines()[:5])
    yield head
    GATE.wait(15)
    for end in range(len(head) + 3, len(PROGRAM) + 3, 3):
        yield PROGRAM[:end]


@pytest.fixture(scope="module")
def code_app():
    with gr.Blocks() as demo:
        gr.Code(PROGRAM, language="python", elem_id="py", interactive=False)
        for i, (language, sample) in enumerate(SAMPLES.items()):
            gr.Code(sample, language=language, elem_id=f"lang-{i}", interactive=False)
        gr.Code("x = 1", elem_id="plain", interactive=False)
        streamed = gr.Code(language="python", elem_id="streamed")
        gr.Button("Stream", elem_id="stream").click(gated, None, streamed)
        editor = gr.Code(language="python", interactive=True, elem_id="editor")
        typed = gr.Textbox(elem_id="typed")
        # always_last: the last keystroke's event runs even if it comes while one is running
        editor.input(lambda text: text, editor, typed, trigger_mode="always_last")
        sized = "\n".join(f"x{i} = {i}" for i in range(30))
        gr.Code(sized, language="python", lines=3, max_lines=6, elem_id="bounded")
        gr.Code("a = 1", lines=4, elem_id="short", interactive=False)
        gr.Code(LONG_LINE, language="python", elem_id="long", interactive=False)
        gr.Code(
            LONG_LINE,
            language="python",
            wrap_lines=True,
            show_line_numbers=False,
            elem_id="wrapped",
            interactive=False,
        )
        switch = gr.Code("x = 1", language="python", elem_id="switch", interactive=False)
        gr.Button("JS", elem_id="to-js").click(
            lambda: gr.update(value="const y = 2;", language="javascript"), None, switch
        )
        gr.Markdown(FENCES, elem_id="md")
    with serve(demo) as url:
        yield url
    GATE.set()


def line_texts(page, selector):
    return page.eval_on_selector_all(
        f"{selector} .rillet-code-line", "(ls) => ls.map((l) => [l.dataset.n, l.textContent])"
    )


def test_python_is_highlighted_and_numbered(page, code_app):
    open_app(page, code_app)
    page.wait_for_function("document.querySelector('#py code .hljs-keyword') !== null")
    code = page.locator("#py code")
    assert code.get_attribute("class") == "language-python"
    assert code.text_content() == PROGRAM.strip()  # numbers are not part of the text
    lines = line_texts(page, "#py")
    assert [n for n, _ in lines] == [str(i) for i in range(1, 17)]
    assert lines[3][1] == "class Circle:\n"
    keywords = code.locator(".hljs-keyword").all_inner_texts()
    assert keywords[:4] == ["import", "class", "def", "def"]
    assert "A circle." in code.locator(".hljs-string").first.inner_text()
    assert code.locator(".hljs-comment").inner_text() == "# the radius"
    # the docstring spans lines: each line holds its own part of it
    assert page.locator("#py .rillet-code-line[data-n='6'] .hljs-string").count() == 1
    number = page.eval_on_selector(
        "#py .rillet-code-line", "(l) => getComputedStyle(l, '::before').content"
    )
    assert number == '"1"'


def test_every_gradio_language_is_highlighted_and_none_is_plain(page, code_app):
    open_app(page, code_app)
    for i, language in enumerate(SAMPLES):
        page.wait_for_function(
            f"document.querySelector('#lang-{i} code [class^=\"hljs-\"]') !== null",
            timeout=10_000,
        )
        code = page.locator(f"#lang-{i} code")
        assert code.text_content() == SAMPLES[language], language
        assert code.get_attribute("class") == f"language-{language}"
    assert page.locator("#lang-7 .hljs-attribute").inner_text() == "color"  # css
    assert page.locator("#lang-6 .hljs-name").first.inner_text() == "a"  # html
    assert page.locator("#plain code span[class^='hljs-']").count() == 0
    assert page.locator("#plain code").text_content() == "x = 1"


STREAM_PROBE = """() => {
  const code = document.querySelector('#streamed code');
  window.__removed = [];
  window.__added = 0;
  new MutationObserver((records) => {
    for (const r of records) {
      window.__added += r.addedNodes.length;
      for (const n of r.removedNodes) window.__removed.push(n.dataset ? n.dataset.n : '?');
    }
  }).observe(code, { childList: true });
  window.__first = [...code.children].slice(0, 4);
}"""


def test_a_streamed_output_keeps_its_settled_lines(page, code_app):
    open_app(page, code_app)
    page.click("#stream")
    page.wait_for_function(
        "document.querySelector('#streamed code').textContent.includes('A circle.')"
    )
    page.wait_for_function("document.querySelector('#streamed code .hljs-keyword') !== null")
    page.evaluate(STREAM_PROBE)  # the first yield's lines: import ... the docstring's start
    GATE.set()
    page.wait_for_function(
        f"document.querySelector('#streamed code').textContent === {PROGRAM.strip()!r}"
    )
    kept = page.evaluate(
        "() => window.__first.every((el, i) =>"
        " el.isConnected && el === document.querySelector('#streamed code').children[i])"
    )
    assert kept  # lines 1-4 (before the open docstring) were never drawn again
    removed = page.evaluate("window.__removed")
    assert all(int(n) >= 5 for n in removed), removed  # only tail lines were redrawn
    # the same colours as highlighting the whole program at once
    same = page.evaluate(
        "() => document.querySelector('#streamed code').innerHTML"
        " === document.querySelector('#py code').innerHTML"
    )
    assert same


INCREMENTAL = """async (program) => {
  const m = await import('rillet/components/code.js');
  await m.loadGrammar('python');
  const streamed = document.createElement('code');
  const lines = new m.CodeLines(streamed);
  lines.setGrammar('python');
  let added = 0;
  const watch = new MutationObserver((rs) => { for (const r of rs) added += r.addedNodes.length; });
  watch.observe(streamed, { childList: true });
  let appends = 0;
  for (const ch of program) {
    lines.append(ch);
    appends += 1;
    watch.takeRecords().forEach((r) => { added += r.addedNodes.length; });
  }
  const whole = document.createElement('code');
  const one = new m.CodeLines(whole);
  one.setGrammar('python');
  one.set(program);
  return { appends, added, lines: streamed.children.length,
           same: streamed.innerHTML === whole.innerHTML };
}"""


def test_appending_character_by_character_redraws_only_the_tail(page, code_app):
    open_app(page, code_app)
    program = PROGRAM * 3
    got = page.evaluate(INCREMENTAL, program)
    assert got["same"]  # identical to highlighting the whole text once
    assert got["lines"] == program.count("\n") + 1
    # Redrawing everything would add ~lines/2 nodes per append; the tail is a line or two
    # (a few while a docstring is open).
    assert got["added"] < 3 * got["appends"] < got["lines"] / 2 * got["appends"], got


def test_the_editor_types_indents_highlights_and_emits_input(page, code_app):
    open_app(page, code_app)
    editor = page.locator("#editor textarea")
    editor.click()
    page.keyboard.type("def f():")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.type("return 1")
    assert editor.input_value() == "def f():\n    return 1"
    page.wait_for_function(
        "document.querySelector('#typed [data-testid=textbox]').textContent"
        " === 'def f():\\n    return 1'"
    )
    assert page.locator("#editor .hljs-keyword").all_inner_texts() == ["def", "return"]
    assert page.locator("#editor .rillet-code-line").count() == 2
    page.keyboard.press("Escape")  # then Tab leaves the editor instead of indenting
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") != "TEXTAREA"
    assert editor.input_value() == "def f():\n    return 1"
    # the transparent textarea lies exactly over the highlighted text
    left, top = page.evaluate(
        """() => {
          const ta = document.querySelector('#editor textarea').getBoundingClientRect();
          const kw = document.querySelector('#editor .hljs-keyword').getBoundingClientRect();
          const pad = parseFloat(getComputedStyle(document.querySelector('#editor textarea'))
            .paddingLeft);
          const padTop = parseFloat(getComputedStyle(document.querySelector('#editor textarea'))
            .paddingTop);
          const line = document.querySelector('#editor .rillet-code-line').getBoundingClientRect();
          return [kw.left - ta.left - pad, line.top - ta.top - padTop];
        }"""
    )
    assert abs(left) < 1 and abs(top) < 1


def test_copy_and_download(page, code_app):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=code_app)
    open_app(page, code_app)
    page.click("#py [data-action=copy]")
    page.wait_for_function("document.querySelector('#py [data-action=copy]').dataset.copied")
    assert page.evaluate("navigator.clipboard.readText()") == PROGRAM.strip()
    with page.expect_download() as info:
        page.click("#py [data-action=download]")
    download = info.value
    assert download.suggested_filename == "file.py"
    with open(download.path(), encoding="utf-8") as f:
        assert f.read() == PROGRAM.strip()


def box_metrics(page, selector):
    return page.eval_on_selector(
        f"{selector} .rillet-code-scroll",
        """(s) => ({client: s.clientHeight, scroll: s.scrollHeight, width: s.clientWidth,
                  scrollWidth: s.scrollWidth,
                  line: parseFloat(getComputedStyle(s).lineHeight)})""",
    )


def test_lines_max_lines_wrap_and_line_numbers(page, code_app):
    open_app(page, code_app)
    bounded = box_metrics(page, "#bounded")
    assert bounded["client"] == pytest.approx(6 * bounded["line"] + 16, abs=1)
    assert bounded["scroll"] > bounded["client"]  # 30 lines scroll inside 6
    short = box_metrics(page, "#short")
    assert short["client"] == pytest.approx(4 * short["line"] + 16, abs=1)  # at least 4 lines
    long = box_metrics(page, "#long")
    assert long["scrollWidth"] > long["width"]  # one long line scrolls sideways
    wrapped = box_metrics(page, "#wrapped")
    assert wrapped["scrollWidth"] <= wrapped["width"]  # ... or wraps
    assert page.locator("#wrapped .rillet-code-line").count() == 1
    assert page.locator("#wrapped .rillet-code-line").bounding_box()["height"] > 2 * wrapped["line"]
    gutter = page.eval_on_selector(
        "#wrapped .rillet-code-line", "(l) => getComputedStyle(l, '::before').content"
    )
    assert gutter == "none"


def test_a_language_update_highlights_again(page, code_app):
    open_app(page, code_app)
    page.click("#to-js")
    page.wait_for_function("document.querySelector('#switch code').textContent === 'const y = 2;'")
    page.wait_for_function("document.querySelector('#switch .hljs-keyword') !== null")
    assert page.locator("#switch code").get_attribute("class") == "language-javascript"
    assert page.locator("#switch .hljs-keyword").inner_text() == "const"


def test_markdown_fenced_code_is_highlighted(page, code_app):
    open_app(page, code_app)
    page.wait_for_function("document.querySelector('#md pre code .hljs-keyword') !== null")
    blocks = page.locator("#md pre code")
    assert blocks.nth(0).locator(".hljs-keyword").all_inner_texts() == ["def", "return"]
    assert blocks.nth(1).text_content() == "x = 1\n"
    assert blocks.nth(1).locator("span").count() == 0  # an unknown language stays plain
