"""``gr.Chatbot``: a conversation shown as message bubbles, with Markdown.

The Python value is a list of messages ``{"role": "user" | "assistant", "content": str}``
(Gradio's ``type="messages"``); Gradio's older list of ``[user, bot]`` pairs is accepted on
output too. On the wire a message's ``content`` is a list of typed parts, as in Gradio 6
(``[{"type": "text", "text": "..."}]``), so a streamed reply travels as one ``append`` edit at
``[i, "content", 0, "text"]`` per step, whatever the length of the reply or the history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

from rillet.components._common import buttons_list, warn_unhonoured
from rillet.components.base import Component
from rillet.core.contract import OutputStream, Run
from rillet.core.streams import DiffStream

Message = dict[str, Any]
_ROLES = ("user", "assistant", "system")


class Chatbot(Component):
    """A chat transcript. Value: a list of ``{"role", "content"}`` message dicts.

    ``content`` is Markdown (rendered safely: HTML in a message is shown as text). Output also
    accepts ``[[user, bot], ...]`` pairs and Gradio 6 content parts.
    """

    EVENTS: ClassVar[tuple[str, ...]] = (
        "change",
        "select",
        "like",
        "retry",
        "undo",
        "example_select",
        "option_select",
        "clear",
        "copy",
        "edit",
    )

    def __init__(
        self,
        value: list[Any] | Callable[..., Any] | None = None,
        *,
        type: Literal["messages", "tuples"] | None = "messages",
        label: str | None = None,
        every: float | None = None,
        inputs: Any = None,
        show_label: bool | None = None,
        container: bool = True,
        scale: int | None = None,
        min_width: int = 160,
        visible: bool | Literal["hidden"] = True,
        elem_id: str | None = None,
        elem_classes: list[str] | str | None = None,
        autoscroll: bool = True,
        render: bool = True,
        key: Any = None,
        preserved_by_key: list[str] | str | None = "value",
        height: int | str | None = 400,
        resizable: bool = False,
        resizeable: bool = False,
        max_height: int | str | None = None,
        min_height: int | str | None = None,
        editable: Literal["user", "all"] | None = None,
        latex_delimiters: list[dict[str, Any]] | None = None,
        rtl: bool = False,
        buttons: Sequence[Any] | None = None,
        show_share_button: bool | None = None,
        show_copy_button: bool = False,
        show_copy_all_button: bool = False,
        watermark: str | None = None,
        avatar_images: tuple[Any, Any] | None = None,
        sanitize_html: bool = True,
        render_markdown: bool = True,
        feedback_options: list[str] | tuple[str, ...] | None = ("Like", "Dislike"),
        feedback_value: Sequence[str | None] | None = None,
        bubble_full_width: Any = None,
        line_breaks: bool = True,
        layout: Literal["panel", "bubble"] | None = None,
        placeholder: str | None = None,
        examples: list[dict[str, Any]] | None = None,
        show_label_and_copy: Any = None,
        group_consecutive_messages: bool = True,
        allow_tags: list[str] | bool = True,
        reasoning_tags: list[tuple[str, str]] | None = None,
        like_user_message: bool = False,
    ) -> None:
        if type not in ("messages", "tuples", None):
            raise ValueError(f"type must be 'messages' or 'tuples', got {type!r}")
        self.type = "messages"
        self.autoscroll = autoscroll
        self.height, self.max_height, self.min_height = height, max_height, min_height
        self.resizable = resizable or resizeable
        self.editable = editable
        self.rtl = rtl
        self.buttons = buttons_list(
            buttons, [], copy=show_copy_button, copy_all=show_copy_all_button
        )
        self.avatar_images = avatar_images
        self.sanitize_html = sanitize_html
        self.render_markdown = render_markdown
        self.feedback_options = list(feedback_options) if feedback_options else None
        self.line_breaks = line_breaks
        self.layout = layout
        self.placeholder = placeholder
        self.examples = examples
        self.group_consecutive_messages = group_consecutive_messages
        self.latex_delimiters = latex_delimiters
        self.watermark = watermark
        warn_unhonoured(
            self,
            every=every,
            inputs=inputs,
            feedback_value=feedback_value,
            preserved_by_key=preserved_by_key,
        )
        self._reuse = _WireCache()
        super().__init__(
            value,
            label=label,
            show_label=show_label,
            container=container,
            scale=scale,
            min_width=min_width,
            visible=visible,
            elem_id=elem_id,
            elem_classes=elem_classes,
            render=render,
            key=key,
        )

    def preprocess(self, payload: Any) -> list[Message]:
        """Wire messages -> ``[{"role", "content": str}, ...]`` for the user's function."""
        out: list[Message] = []
        for message in payload or []:
            if isinstance(message, dict):
                item: Message = {
                    "role": message.get("role", "user"),
                    "content": parts_to_content(message.get("content")),
                }
                if message.get("metadata"):
                    item["metadata"] = message["metadata"]
                out.append(item)
        return out

    def postprocess(self, value: Any) -> list[Message]:
        """Messages, pairs or Gradio 6 parts -> wire messages with typed content parts."""
        if value is None:
            return []
        if isinstance(value, dict) and value.get("__type__") == "update":
            return value  # type: ignore[return-value]
        return self._reuse.convert(value)

    def api_info(self) -> dict[str, Any]:
        part = {
            "type": "object",
            "properties": {"type": {"type": "string"}, "text": {"type": "string"}},
        }
        message = {
            "type": "object",
            "title": "Message",
            "properties": {
                "role": {"type": "string", "enum": list(_ROLES)},
                "content": {"type": "array", "items": part},
            },
            "required": ["role", "content"],
        }
        return {"type": "array", "items": message}

    def example_payload(self) -> Any:
        return [
            wire_message({"role": "user", "content": "Hello!"}),
            wire_message({"role": "assistant", "content": "Hi there!"}),
        ]

    def api_python_type(self) -> str:
        return "list[dict]"

    def output_stream(self, run: Run) -> OutputStream:
        """Edits against the last transcript; message parts are text (or dicts passed
        through), so no files to look for."""
        return DiffStream(self.postprocess, holds_files=False)

    def props(self) -> dict[str, Any]:
        return {
            **super().props(),
            "type": self.type,
            "autoscroll": self.autoscroll,
            "height": self.height,
            "max_height": self.max_height,
            "min_height": self.min_height,
            "resizable": self.resizable,
            "editable": self.editable,
            "rtl": self.rtl,
            "buttons": self.buttons,
            "avatar_images": self.avatar_images,
            "sanitize_html": self.sanitize_html,
            "render_markdown": self.render_markdown,
            "line_breaks": self.line_breaks,
            "layout": self.layout,
            "placeholder": self.placeholder,
            "examples": self.examples,
            "feedback_options": self.feedback_options,
            "group_consecutive_messages": self.group_consecutive_messages,
            "watermark": self.watermark,
        }


class _WireCache:
    """The wire form of the last list of messages converted, reused for the messages that
    are the same objects with the same role, content and metadata: a streamed reply then
    costs one new wire message per step, and the diff skips the reused ones by identity."""

    def __init__(self) -> None:
        self.keys: list[tuple[Any, ...]] = []
        self.wire: list[Message] = []

    def convert(self, value: Any) -> list[Message]:
        """``value`` (messages or pairs) in the wire format."""
        old_keys, old_wire = self.keys, self.wire
        keys: list[tuple[Any, ...]] = []
        out: list[Message] = []
        for i, message in enumerate(value):
            if type(message) is not dict:
                return self._convert_all(value)
            role, content = message.get("role"), message.get("content")
            meta = message.get("metadata")
            if i < len(old_keys):
                key = old_keys[i]
                if key[0] is message and key[1] is role and key[2] is content and key[3] is meta:
                    keys.append(key)
                    out.append(old_wire[i])
                    continue
            keys.append((message, role, content, meta))
            out.append(wire_message(message))
        self.keys, self.wire = keys, out
        return out

    def _convert_all(self, value: Any) -> list[Message]:
        self.keys, self.wire = [], []
        return [wire_message(m) for m in normalize_messages(value)]


def normalize_messages(value: Any) -> list[Message]:
    """Message dicts (or objects with ``role``/``content``) or ``[user, bot]`` pairs as
    message dicts; pairs skip their None halves."""
    out: list[Message] = []
    for item in value:
        if isinstance(item, (list, tuple)):
            if len(item) != 2:
                raise ValueError(f"a chat pair must be [user, bot], got {item!r}")
            out.extend(
                {"role": role, "content": text}
                for role, text in zip(("user", "assistant"), item, strict=True)
                if text is not None
            )
        elif isinstance(item, dict):
            out.append(item)
        elif hasattr(item, "role") and hasattr(item, "content"):
            out.append(
                {
                    "role": item.role,
                    "content": item.content,
                    "metadata": getattr(item, "metadata", None),
                }
            )
        else:
            raise ValueError(
                f"a chat message must be a dict with 'role' and 'content', got {item!r}"
            )
    return out


def wire_message(message: Message) -> Message:
    """One message as the page and Gradio 6 clients receive it."""
    role = message.get("role")
    if role not in _ROLES:
        raise ValueError(f"a chat message's role must be one of {_ROLES}, got {role!r}")
    out: Message = {"role": role, "content": content_to_parts(message.get("content"))}
    if message.get("metadata"):
        out["metadata"] = dict(message["metadata"])
    return out


def content_to_parts(content: Any) -> list[dict[str, Any]]:
    """A message's content as Gradio 6's list of typed parts."""
    if content is None:
        return [{"type": "text", "text": ""}]
    if isinstance(content, str):
        return [{"type": "text", "text": content}]
    if isinstance(content, list) and all(isinstance(p, dict) and "type" in p for p in content):
        return [dict(p) for p in content]
    if isinstance(content, dict) and "type" in content:
        return [dict(content)]
    return [{"type": "text", "text": str(content)}]


def parts_to_content(parts: Any) -> Any:
    """Typed parts back to the string the user's function sees (non-text parts, such as
    files, are kept as dicts when there is no text)."""
    if parts is None or isinstance(parts, str):
        return parts or ""
    if isinstance(parts, dict):
        parts = [parts]
    texts = [p.get("text", "") for p in parts if isinstance(p, dict) and p.get("type") == "text"]
    others = [p for p in parts if not (isinstance(p, dict) and p.get("type") == "text")]
    if others and not texts:
        return others[0] if len(others) == 1 else others
    return "".join(texts)
