"""Media chunk handling on PyAV (FFmpeg inside its wheel): probe, decode, encode, join.

- :mod:`rillet.media.audio`: :class:`~rillet.media.audio.AudioStream` (every chunk of a stream
  decoded to PCM in one format), WAV chunks, joining a finished stream, conversions.
- :mod:`rillet.media.sources`: decoded frames from arrays, files, bytes and WAV slices.
- :mod:`rillet.media.mp3`: MP3 bytes cut anywhere, decoded seamlessly.
- :mod:`rillet.media.video`: :class:`~rillet.media.video.VideoStream` (every chunk of a stream as
  a fragmented MP4 on one clock: H.264 remuxed, anything else encoded), with
  :mod:`~rillet.media.video_source` (reading chunks), :mod:`~rillet.media.aac_track` (the
  stream's audio), :mod:`~rillet.media.fmp4` (MP4 boxes).
- :mod:`rillet.media.video_join`: a finished stream as one MP4 without re-encoding;
  conversions and probes (:mod:`rillet.media.webm` for WebM).

PyAV (the ``media`` extra) and numpy are imported inside the functions that use them:
importing this package costs nothing.
"""
