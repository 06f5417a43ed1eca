"""The receive buffer releases each frame when its last packet arrives, not one frame later."""

from __future__ import annotations

from aiortc.jitterbuffer import JitterBuffer
from aiortc.rtp import RtpPacket

from rillet.rtc.jitter import WholeFrames, use_whole_frames


def packet(seq: int, timestamp: int, data: bytes, marker: bool = False) -> RtpPacket:
    made = RtpPacket(payload_type=96, marker=int(marker), sequence_number=seq, timestamp=timestamp)
    made._data = data  # type: ignore[attr-defined]  # what aiortc's depayloader sets
    return made


def test_a_video_frame_leaves_with_its_marked_last_packet():
    buffer = WholeFrames(capacity=128, is_video=True)
    assert buffer.add(packet(10, 3000, b"a"))[1] is None
    assert buffer.add(packet(11, 3000, b"b"))[1] is None
    frame = buffer.add(packet(12, 3000, b"c", marker=True))[1]
    assert frame is not None and frame.data == b"abc" and frame.timestamp == 3000
    frame = buffer.add(packet(13, 6000, b"d", marker=True))[1]
    assert frame is not None and frame.data == b"d" and frame.timestamp == 6000


def test_aiortcs_own_buffer_waits_for_the_next_frame():
    """What WholeFrames removes: the same packets, one frame later."""
    buffer = JitterBuffer(capacity=128, is_video=True)
    assert buffer.add(packet(10, 3000, b"a"))[1] is None
    assert buffer.add(packet(11, 3000, b"b", marker=True))[1] is None
    frame = buffer.add(packet(12, 6000, b"c"))[1]
    assert frame is not None and frame.data == b"ab"


def test_a_frame_out_of_order_leaves_when_its_gap_is_filled():
    buffer = WholeFrames(capacity=128, is_video=True)
    assert buffer.add(packet(20, 3000, b"a"))[1] is None
    assert buffer.add(packet(22, 3000, b"c", marker=True))[1] is None  # 21 still missing
    frame = buffer.add(packet(21, 3000, b"b"))[1]
    assert frame is not None and frame.data == b"abc"


def test_a_lost_marker_falls_back_to_the_next_frames_first_packet():
    buffer = WholeFrames(capacity=128, is_video=True)
    assert buffer.add(packet(30, 3000, b"a"))[1] is None
    assert buffer.add(packet(31, 3000, b"b"))[1] is None  # marked, but the bit was lost
    frame = buffer.add(packet(32, 6000, b"c"))[1]
    assert frame is not None and frame.data == b"ab"


def test_audio_packets_leave_as_they_come():
    buffer = WholeFrames(capacity=16, is_video=False)
    for seq in range(5):
        frame = buffer.add(packet(seq, 960 * seq, bytes([seq])))[1]
        assert frame is not None and frame.data == bytes([seq])


def test_a_receivers_buffer_is_replaced_by_one_of_the_same_size_and_kind():
    class Receiver:
        def __init__(self) -> None:
            self._RTCRtpReceiver__jitter_buffer = JitterBuffer(capacity=512, is_video=True)

    receiver = Receiver()
    assert use_whole_frames(receiver)
    buffer = receiver._RTCRtpReceiver__jitter_buffer
    assert isinstance(buffer, WholeFrames) and buffer.capacity == 512 and buffer._is_video
    assert not use_whole_frames(object()), "an unknown shape is left as it is"
