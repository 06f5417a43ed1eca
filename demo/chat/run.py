import time

import rillet as gr


def slow_echo(message, history):
    for i in range(len(message)):
        time.sleep(0.05)
        yield "You typed: " + message[: i + 1]


gr.ChatInterface(slow_echo).launch()
