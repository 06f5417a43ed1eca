"""The JSON schema of ``gr.Chatbot``'s value (a list of messages) as ``/gradio_api/info``
gives it: the same structure as Gradio 6.31's (``$defs`` named ``Message``, ``TextMessage``,
``FileMessage``, ``ComponentMessage``, ``MetadataDict``, ``OptionDict``, ``FileData``), so
clients write the same ``python_type`` from it; the descriptions are rillet's own."""

from __future__ import annotations

from typing import Any

from rillet.components._common import file_data_schema, file_meta_schema


def _optional(schema: dict[str, Any], title: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"anyOf": [schema, {"type": "null"}], "default": None}
    if title:
        out["title"] = title
    return out


def _id(title: str) -> dict[str, Any]:
    return {"anyOf": [{"type": "integer"}, {"type": "string"}], "title": title}


def _part(kind: str, fields: dict[str, Any], required: list[str], title: str) -> dict[str, Any]:
    typed = {"const": kind, "default": kind, "title": "Type", "type": "string"}
    return {
        "properties": {**fields, "type": typed},
        "required": required,
        "title": title,
        "type": "object",
    }


def messages_schema() -> dict[str, Any]:
    """The schema of a Chatbot's value."""
    ref = lambda name: {"$ref": f"#/$defs/{name}"}  # noqa: E731 - a one-line helper
    free_object = {"additionalProperties": True, "type": "object"}
    message = {
        "properties": {
            "role": {"title": "Role", "type": "string"},
            "metadata": _optional(ref("MetadataDict")),
            "content": {
                "items": {
                    "anyOf": [ref("TextMessage"), ref("FileMessage"), ref("ComponentMessage")]
                },
                "title": "Content",
                "type": "array",
            },
            "options": _optional({"items": ref("OptionDict"), "type": "array"}, "Options"),
        },
        "required": ["role", "content"],
        "title": "Message",
        "type": "object",
    }
    metadata = {
        "description": "What a message shows about itself: a collapsible title (a thought, "
        "a tool call), its id and parent, a log line, a duration, a pending/done status.",
        "properties": {
            "title": {"title": "Title", "type": "string"},
            "id": _id("Id"),
            "parent_id": _id("Parent Id"),
            "log": {"title": "Log", "type": "string"},
            "duration": {"title": "Duration", "type": "number"},
            "status": {"enum": ["pending", "done"], "title": "Status", "type": "string"},
        },
        "title": "MetadataDict",
        "type": "object",
    }
    option = {
        "description": "A choice offered under a message: the value sent when it is "
        "clicked, and the label shown (the value when none).",
        "properties": {
            "value": {"title": "Value", "type": "string"},
            "label": {"title": "Label", "type": "string"},
        },
        "required": ["value"],
        "title": "OptionDict",
        "type": "object",
    }
    file = {
        "description": "A file: its path on the server, URL, size, original name and MIME type.",
        **file_data_schema(),
    }
    return {
        "$defs": {
            "ComponentMessage": _part(
                "component",
                {
                    "component": {"title": "Component", "type": "string"},
                    "value": {"title": "Value"},
                    "constructor_args": {**free_object, "title": "Constructor Args"},
                    "props": {**free_object, "title": "Props"},
                },
                ["component", "value", "constructor_args", "props"],
                "ComponentMessage",
            ),
            "FileData": file,
            "FileDataMeta": file_meta_schema(),
            "FileMessage": _part(
                "file",
                {"file": ref("FileData"), "alt_text": _optional({"type": "string"}, "Alt Text")},
                ["file"],
                "FileMessage",
            ),
            "Message": message,
            "MetadataDict": metadata,
            "OptionDict": option,
            "TextMessage": _part(
                "text", {"text": {"title": "Text", "type": "string"}}, ["text"], "TextMessage"
            ),
        },
        "items": ref("Message"),
        "title": "ChatbotDataMessages",
        "type": "array",
        "additional_description": None,
    }
