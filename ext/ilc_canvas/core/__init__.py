"""The part of ilc_canvas that knows neither Sphinx nor docutils.

Schema and labels, plain records, reading a directive's input into a record
with its problems and the Markdown values to render, listing filters, and the
site aggregate. The Sphinx side (`ilc_canvas.sphinxext`) and the command line
(`ilc_canvas.cli`) both build on it, so they read and report alike.
"""
