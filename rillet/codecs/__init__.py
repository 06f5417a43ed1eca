"""Media chunk handling on PyAV (FFmpeg inside its wheel): probe, decode, encode, join.

- :mod:`rillet.codecs.audio`: :class:`~rillet.codecs.audio.AudioStream` (every chunk of a stream
  decoded to PCM in one format), WAV chunks, joining a finished stream, conversions.
- :mod:`rillet.codecs.sources`: decoded frames from arrays, files, bytes and WAV slices.
- :mod:`rillet.codecs.mp3`: MP3 bytes cut anywhere, decoded seamlessly.
- :mod:`rillet.codecs.video`: :class:`~rillet.codecs.video.VideoStream` (every chunk of a stream as
  a fragmented MP4 on one clock: H.264 remuxed, anything else encoded), with
  :mod:`~rillet.codecs.video_source` (reading chunks), :mod:`~rillet.codecs.aac_track` (the
  stream's audio), :mod:`~rillet.codecs.fmp4` (MP4 boxes).
- :mod:`rillet.codecs.video_join`: a finished stream as one MP4 without re-encoding;
  conversions and probes (:mod:`rillet.codecs.webm` for WebM).

PyAV (the ``media`` extra) and numpy are imported inside the functions that use them:
importing this package costs nothing.
"""
