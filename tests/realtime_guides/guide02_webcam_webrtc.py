"""Guide 02, "Object Detection from a Webcam Stream with WebRTC", with ``fastrtc.WebRTC``
replaced by rillet's (``rillet.components.webrtc``) and YOLOv10 by a stand-in that boxes
whatever moved since the last frame."""

import rillet as gr
from rillet.components.webrtc import WebRTC
from tests.realtime_guides.standins import draw_moving_boxes


class Detector:
    """Keeps the previous frame (what moved is what differs from it)."""

    def __init__(self):
        self.previous = None

    def __call__(self, image, conf_threshold=0.3):
        boxed = draw_moving_boxes(self.previous, image, conf_threshold)
        self.previous = image
        return boxed


detection = Detector()
rtc_configuration = None  # on a real deployment: {"iceServers": [...]} (docs/voice.md)

css = """.my-group {max-width: 600px !important; max-height: 600px !important;}
         .my-column {display: flex !important; justify-content: center !important; align-items: center !important;}"""  # noqa: E501

with gr.Blocks(css=css) as demo:
    gr.HTML(
        """
        <h1 style='text-align: center'>
        YOLOv10 Webcam Stream (Powered by WebRTC ⚡️)
        </h1>
        """
    )
    with gr.Column(elem_classes=["my-column"]):
        with gr.Group(elem_classes=["my-group"]):
            image = WebRTC(label="Stream", rtc_configuration=rtc_configuration)
            conf_threshold = gr.Slider(
                label="Confidence Threshold",
                minimum=0.0,
                maximum=1.0,
                step=0.05,
                value=0.30,
            )
        image.stream(fn=detection, inputs=[image, conf_threshold], outputs=[image], time_limit=10)

if __name__ == "__main__":
    demo.launch()
