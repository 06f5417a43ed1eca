"""Media chunk handling on PyAV (FFmpeg inside its wheel): probe, decode, encode, join.

- :mod:`rill.media.audio`: :class:`~rill.media.audio.AudioStream` (every chunk of a stream
  decoded to PCM in one format), WAV chunks, joining a finished stream, conversions.
- :mod:`rill.media.sources`: decoded frames from arrays, files, bytes and WAV slices.
- :mod:`rill.media.mp3`: MP3 bytes cut anywhere, decoded seamlessly.
- :mod:`rill.media.video`: :class:`~rill.media.video.VideoStream` (every chunk of a stream as
  a fragmented MP4 on one clock: H.264 remuxed, anything else encoded), with
  :mod:`~rill.media.video_source` (reading chunks), :mod:`~rill.media.aac_track` (the
  stream's audio), :mod:`~rill.media.fmp4` (MP4 boxes).
- :mod:`rill.media.video_join`: a finished stream as one MP4 without re-encoding;
  conversions and probes (:mod:`rill.media.webm` for WebM).

PyAV (the ``media`` extra) and numpy are imported inside the functions that use them:
importing this package costs nothing.
"""
