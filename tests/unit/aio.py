"""Run a coroutine to completion on a fresh event loop in its own thread.

The browser tests' Playwright (sync API) keeps an event loop running in the main thread for
the whole session, where ``asyncio.run`` would refuse to start.
"""

import asyncio
import threading


def run(coro):
    result = {}

    def target():
        try:
            result["value"] = asyncio.run(coro)
        except BaseException as error:  # noqa: BLE001 - re-raised in the caller
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result.get("value")
