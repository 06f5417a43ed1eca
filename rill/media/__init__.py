"""Media chunk handling on PyAV (FFmpeg inside its wheel): probe, decode, encode, join.

- :mod:`rill.media.audio`: :class:`~rill.media.audio.AudioStream` (every chunk of a stream
  decoded to PCM in one format), WAV chunks, joining a finished stream, conversions.
- :mod:`rill.media.sources`: decoded frames from arrays, files, bytes and WAV slices.
- :mod:`rill.media.mp3`: MP3 bytes cut anywhere, decoded seamlessly.

PyAV (the ``media`` extra) and numpy are imported inside the functions that use them:
importing this package costs nothing.
"""
