"""The chat's page events on the Python side: the props that make the page draw the
buttons (as Gradio sets them), the event data classes, and what ChatInterface's retry,
undo, edit and option steps do to the history."""

from __future__ import annotations

import threading
import time
import warnings

import pytest

import rillet as gr
from rillet.chat import _editor, _popper, _retrier, option_clicked
from rillet.components.chatbot import MAX_AVATAR_BYTES
from rillet.core.eventdata import EditData, LikeData, RetryData, SelectData, UndoData
from rillet.stopping import StopEvent, stop_on_close


def user(text):
    return {"role": "user", "content": text}


def bot(text):
    return {"role": "assistant", "content": text}


def test_buttons_appear_only_with_a_listener_as_in_gradio():
    with gr.Blocks():
        chat = gr.Chatbot()
        props = chat.get_config()
        assert (props["likeable"], props["_retryable"], props["_undoable"]) == (False,) * 3
        chat.like(lambda: None, None, None)
        chat.retry(lambda h: h, chat, chat)
        props = chat.get_config()
        assert (props["likeable"], props["_retryable"], props["_undoable"]) == (True, True, False)
        chat.undo(lambda h: h, chat, chat)
        assert chat.get_config()["_undoable"] is True


def test_feedback_props_match_gradio_defaults():
    props = gr.Chatbot(render=False).get_config()
    assert props["feedback_options"] == ["Like", "Dislike"]
    assert props["feedback_value"] is None
    assert props["like_user_message"] is False
    assert props["editable"] is None
    assert props["allow_file_downloads"] is True
    assert props["group_consecutive_messages"] is True


def test_feedback_value_is_honoured_not_warned():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        chat = gr.Chatbot(feedback_value=["Like", None], like_user_message=True, render=False)
    assert chat.get_config()["feedback_value"] == ["Like", None]
    assert chat.get_config()["like_user_message"] is True


def test_avatars_as_file_data(tmp_path):
    url = "https://example.com/bot.png"
    assert gr.Chatbot(render=False).get_config()["avatar_images"] == [None, None]
    user, bot = gr.Chatbot(avatar_images=(None, url), render=False).get_config()["avatar_images"]
    assert user is None
    assert (bot["path"], bot["url"]) == (url, url)
    path = tmp_path / "me.png"
    path.write_bytes(b"\x89PNG\r\n\x1a\n")
    user, _ = gr.Chatbot(avatar_images=(path, None), render=False).avatar_data()
    assert user["url"] == "data:image/png;base64,iVBORw0KGgo="
    assert user["orig_name"] == "me.png"


def test_an_avatar_that_cannot_be_shown_warns(tmp_path):
    with pytest.warns(UserWarning, match="avatar image not shown"):
        chat = gr.Chatbot(avatar_images=(tmp_path / "missing.png", None), render=False)
    assert chat.avatar_data() == [None, None]
    big = tmp_path / "big.png"
    big.write_bytes(b"x" * (MAX_AVATAR_BYTES + 1))
    with pytest.warns(UserWarning, match="at most"):
        gr.Chatbot(avatar_images=(None, big), render=False)


def test_event_data_classes_read_the_page_payload():
    like = LikeData(None, {"index": 3, "value": ["a", "b"], "liked": "Too long"})
    assert (like.index, like.value, like.liked) == (3, ["a", "b"], "Too long")
    assert LikeData(None, {"index": 0, "value": ["x"]}).liked is True
    retry = RetryData(None, {"index": 2, "value": "hi"})
    undo = UndoData(None, {"index": 2, "value": "hi"})
    assert (retry.index, retry.value, undo.index, undo.value) == (2, "hi", 2, "hi")
    edit = EditData(None, {"index": 1, "value": "new", "previous_value": "old"})
    assert (edit.index, edit.value, edit.previous_value) == (1, "new", "old")


HISTORY = [user("a"), bot("ra"), user("b"), bot("rb1"), bot("rb2")]


def test_retry_keeps_the_last_turn_and_drops_its_replies():
    history, message = _retrier(False)(list(HISTORY))
    assert history == HISTORY[:3]
    assert message == "b"


def test_undo_drops_the_last_turn_and_gives_its_message_back():
    history, message = _popper(False)(list(HISTORY))
    assert history == HISTORY[:2]
    assert message == "b"
    assert _popper(False)([]) == ([], "")
    assert _popper(True)([]) == ([], {"text": "", "files": []})


def test_multimodal_turn_with_files_comes_back_as_text_and_files():
    file_part = {"type": "file", "file": {"path": "/tmp/x.png", "orig_name": "x.png"}}
    history = [user(file_part), user("look"), bot("nice")]
    kept, message = _retrier(True)(history)
    # the turn's two messages become one, as Gradio adds a retried turn back
    assert kept == [user([file_part, "look"])]
    assert message == {"text": "look", "files": ["/tmp/x.png"]}
    before, message = _popper(True)(history)
    assert before == []
    assert message == {"text": "look", "files": ["/tmp/x.png"]}


def test_edit_cuts_the_history_at_the_edited_message():
    data = EditData(None, {"index": 2, "value": "B!", "previous_value": "b"})
    history, message = _editor(False)(list(HISTORY), data)
    assert history == [user("a"), bot("ra"), user("B!")]
    assert message == "B!"
    history, message = _editor(True)(list(HISTORY), data)
    assert message == {"text": "B!", "files": []}


def test_option_is_the_next_user_message():
    history, message = option_clicked([bot("pick")], SelectData(None, {"index": 0, "value": "r"}))
    assert history == [bot("pick"), user("r")]
    assert message == "r"


def reply(message, history):
    return message


def deps_by_trigger(demo: gr.ChatInterface) -> dict[str, object]:
    chat_id = demo.chatbot._id
    return {name: d for d in demo.spec.dependencies for t, name in d.targets if t == chat_id}


def test_chat_interface_wires_retry_undo_and_options_undocumented():
    demo = gr.ChatInterface(reply)
    deps = deps_by_trigger(demo)
    assert {"retry", "undo", "option_select"} <= set(deps)
    assert "edit" not in deps  # only with editable=True
    for name in ("retry", "undo", "option_select"):
        assert deps[name].api_visibility == "undocumented", name
    assert deps["retry"].api_name == "_pop_last_user_message"
    props = demo.chatbot.get_config()
    assert (props["_retryable"], props["_undoable"], props["likeable"]) == (True, True, False)
    assert props["editable"] is None
    assert demo.api_event.api_name == "reply"


def test_chat_interface_editable_edits_the_users_messages():
    demo = gr.ChatInterface(reply, editable=True)
    deps = deps_by_trigger(demo)
    assert deps["edit"].api_visibility == "undocumented"
    assert demo.chatbot.get_config()["editable"] == "user"


@pytest.mark.parametrize("name", ["respond", "_pop_last_user_message_x"])
def test_the_chat_endpoint_keeps_its_name(name):
    def fn(message, history):
        return message

    fn.__name__ = name
    assert gr.ChatInterface(fn).api_event.api_name == name


# -- Stop reaches the model -------------------------------------------------------------


class StandInModel:
    """A model loop in its own thread, as ``transformers``' ``generate`` with a streamer:
    it puts tokens in a queue until its stopping criterion says stop, then ends."""

    def __init__(self) -> None:
        import queue

        self.tokens: queue.Queue[str | None] = queue.Queue()
        self.ended = threading.Event()
        self.steps = 0

    def generate(self, stopping_criteria) -> None:
        try:
            while not any(criterion(None, None) for criterion in stopping_criteria):
                self.steps += 1
                self.tokens.put(f"t{self.steps} ")
                time.sleep(0.005)
        finally:
            self.tokens.put(None)
            self.ended.set()


def streaming_reply(model: StandInModel):
    with stop_on_close() as stop:
        threading.Thread(target=model.generate, args=([stop],), daemon=True).start()
        text = ""
        while (token := model.tokens.get(timeout=10)) is not None:
            text += token
            yield text


def test_closing_the_generator_stops_the_model_thread():
    model = StandInModel()
    reply = streaming_reply(model)
    assert next(reply) == "t1 "
    reply.close()  # what Stop does to the chat function
    assert model.ended.wait(10), "the model loop did not see the stop"


def test_stop_event_is_a_stopping_criterion_and_set_on_any_exit():
    stop = StopEvent()
    assert stop(None, None) is False
    stop.set()
    assert stop([[1, 2]], None, extra=1) is True
    with pytest.raises(RuntimeError), stop_on_close() as inner:
        assert not inner.is_set()
        raise RuntimeError("model failed")
    assert inner.is_set()


# -- save_history ------------------------------------------------------------------------


def test_save_history_is_honoured_not_warned():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        demo = gr.ChatInterface(reply, save_history=True)
    assert demo.saved_conversations.get_block_name() == "browserstate"
    triggers = {name for d in demo.spec.dependencies for _, name in d.targets}
    assert {"select", "clear", "load"} <= triggers
    assert demo.api_event.api_name == "reply"


def test_saving_resuming_and_deleting_conversations():
    from rillet.chat import _delete_conversation, _load_conversation, _save_conversation

    one = [user("one"), bot("r1")]
    index, saved = _save_conversation(None, one, [])
    assert (index, saved) == (0, [one])
    two = [user("two")]
    index, saved = _save_conversation(None, two, saved)
    assert (index, saved) == (0, [two, one])  # newest first
    longer = [*two, bot("r2")]
    assert _save_conversation(0, longer, saved) == (0, [longer, one])
    assert _save_conversation(None, [], saved) == (None, saved)  # an empty chat is not saved
    assert _save_conversation(1, [], saved) == (None, [two])  # emptied: it leaves the list
    picked = SelectData(None, {"index": 1, "value": ["one"]})
    assert _load_conversation(saved, picked) == (1, one)
    assert _load_conversation(saved, SelectData(None, {"index": 9})) == (None, [])
    assert _delete_conversation(1, saved) == (None, [two])
    assert _delete_conversation(None, saved) == (None, saved)


def test_titles_of_saved_conversations():
    from rillet.chat import _chat_titles, chat_title

    file_part = {"type": "file", "file": {"path": "/tmp/a.png"}}
    assert chat_title([bot("hi"), user("What is up?")]) == "What is up?"
    assert chat_title([user(file_part), user("look")]) == "📎 look"
    assert chat_title([user("x" * 50)]) == "x" * 40 + "..."
    assert chat_title([]) == "Conversation"
    assert _chat_titles([[user("a")], [user("b")]]) == {
        "__type__": "update",
        "samples": [["a"], ["b"]],
    }
