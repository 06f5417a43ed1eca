"""The login page of launch(auth=...) in Chromium: a wrong password is said on the page;
the right one loads the app, which then streams as usual."""

from __future__ import annotations

import rillet as gr
from rillet.testing import serve


def spell(word):
    text = ""
    for letter in word:
        text += letter
        yield text


def test_log_in_then_use_the_app(browser):
    page = browser.new_page()
    page.set_default_timeout(20_000)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    refused = []
    page.on("response", lambda r: refused.append(r.url) if r.status == 401 else None)
    demo = gr.Interface(spell, "text", "text", title="Speller")
    with serve(demo, auth=("ada", "lovelace"), auth_message="Ask Ada for a login.") as url:
        page.goto(url)
        page.get_by_text("Ask Ada for a login.").wait_for()
        page.get_by_label("Username").fill("ada")
        page.get_by_label("Password").fill("wrong")
        page.get_by_role("button", name="Log in").click()
        page.get_by_text("Incorrect username or password.").wait_for()

        page.get_by_label("Password").fill("lovelace")
        page.get_by_role("button", name="Log in").click()
        page.wait_for_function("document.body.dataset.rilletReady === '1'")
        page.get_by_role("heading", name="Speller").wait_for()
        page.locator("textarea").first.fill("rillet")
        page.get_by_role("button", name="Submit").click()
        page.get_by_text("rillet", exact=True).last.wait_for()
        cookies = page.context.cookies()
        assert [c["httpOnly"] for c in cookies if c["name"] == "access-token"] == [True]
        page.close()
    # the one refusal is the wrong password's, which Chromium logs as a failed load
    assert refused == [url + "/login"]
    assert errors == [
        "Failed to load resource: the server responded with a status of 401 (Unauthorized)"
    ]
