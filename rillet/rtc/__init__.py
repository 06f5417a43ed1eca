"""Real time: media over WebRTC between the page and a Python handler (or audio over a
WebSocket, for clients without WebRTC: ``websocket.py``), and voice turn-taking (reply
when the speaker pauses, stop the reply when they speak again).

``handlers`` holds the contract between the transport (which moves frames) and the code
that answers them; the transport never needs to know which handler it runs.

The names a FastRTC program imports are here too, so that it ports by changing
``from fastrtc import ...`` to ``from rillet.rtc import ...``: ``WebRTC``,
``StreamHandler``, ``AsyncStreamHandler``, ``AdditionalOutputs``, ``ReplyOnPause``,
``AlgoOptions``, ``SileroVadOptions`` (and ``Reply``: what a reply sent, and what the user
heard). They are loaded when first used: importing ``rillet.rtc`` loads neither numpy nor
aiortc.
"""

from __future__ import annotations

import importlib
from typing import Any

#: Public name -> the module that defines it.
_EXPORTS = {
    "WebRTC": "rillet.components.webrtc",
    "StreamHandler": "rillet.rtc.handlers",
    "AsyncStreamHandler": "rillet.rtc.handlers",
    "AdditionalOutputs": "rillet.rtc.handlers",
    "ReplyOnPause": "rillet.rtc.turns",
    "AlgoOptions": "rillet.rtc.turns",
    "Reply": "rillet.rtc.turns",
    "SileroVadOptions": "rillet.rtc.vad",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'rillet.rtc' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
