"""Final values as Gradio gives them, through the real gradio_client: a numpy number as its
text."""

from __future__ import annotations

import numpy as np
import pytest
from gradio_client import Client

import rillet as gr
from rillet.testing import serve


def total(n):
    return np.int64(n) * 2


@pytest.fixture(scope="module")
def client():
    with gr.Blocks() as demo:
        n, out = gr.Number(3), gr.Number()
        gr.Button().click(total, n, out, api_name="total")
    with serve(demo) as url:
        made = Client(url + "/", verbose=False)
        yield made
        made.close()


def test_a_numpy_number_arrives_as_its_text(client):
    assert client.predict(3, api_name="/total") == "6"
