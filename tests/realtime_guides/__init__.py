"""Gradio's streaming guides (``guides/07_streaming``) ported to rillet with stand-in models,
and the recorded speech the voice tests feed to the turn-taking handler."""
