"""Guide 03, "Streaming Object Detection from Video", with the import changed and OpenCV
and RT-DETR replaced: PyAV reads the upload and writes each two seconds of output as its
own MP4 file (what the guide's ``cv2.VideoWriter`` does), and a stand-in detector boxes
what moved. ``video.upload`` streams the chunks into an autoplaying ``streaming=True``
video."""

import uuid
from pathlib import Path
from tempfile import gettempdir

import av

import rillet as gr
from tests.realtime_guides.standins import draw_moving_boxes

SUBSAMPLE = 2


def write_chunk(frames, fps, width, height):
    name = str(Path(gettempdir()) / f"output_{uuid.uuid4()}.mp4")
    with av.open(name, "w") as output_video:
        stream = output_video.add_stream("libx264", rate=fps)
        stream.width, stream.height, stream.pix_fmt = width, height, "yuv420p"
        for array in frames:
            frame = av.VideoFrame.from_ndarray(array, format="rgb24")
            output_video.mux(stream.encode(frame))
        output_video.mux(stream.encode(None))
    return name


def stream_object_detection(video, conf_threshold):
    with av.open(video) as cap:
        source = cap.streams.video[0]
        fps = round(float(source.average_rate or 25))
        desired_fps = max(1, fps // SUBSAMPLE)
        width, height = source.width // 2 // 2 * 2, source.height // 2 // 2 * 2
        batch, previous = [], None
        for n_frames, frame in enumerate(cap.decode(video=0)):
            if n_frames % SUBSAMPLE:
                continue
            array = frame.to_ndarray(width=width, height=height, format="rgb24")
            batch.append(draw_moving_boxes(previous, array, conf_threshold))
            previous = array
            if len(batch) == 2 * desired_fps:
                yield write_chunk(batch, desired_fps, width, height)
                batch = []
        if batch:
            yield write_chunk(batch, desired_fps, width, height)


TITLE = (
    "<h1 style='text-align: center'>Video Object Detection with "
    "<a href='https://huggingface.co/PekingU/rtdetr_r101vd_coco_o365' target='_blank'>RT-DETR</a>"
    "</h1>"
)

with gr.Blocks() as app:
    gr.HTML(TITLE)
    with gr.Row():
        with gr.Column():
            video = gr.Video(label="Video Source")
            conf_threshold = gr.Slider(
                label="Confidence Threshold",
                minimum=0.0,
                maximum=1.0,
                step=0.05,
                value=0.30,
            )
        with gr.Column():
            output_video = gr.Video(label="Processed Video", streaming=True, autoplay=True)

    video.upload(
        fn=stream_object_detection,
        inputs=[video, conf_threshold],
        outputs=[output_video],
    )

if __name__ == "__main__":
    app.launch()
