"""Serve: the dev server, which builds, serves the output and rebuilds on every save.

Takes the options of `build.py serve`; gives a preview on http://HOST:PORT/ that reloads
the browser after each rebuild. server.py runs it: one rebuild per burst of saves through
build/pipeline.py (only what a change affects), a failed rebuild shown in the browser and
never stopping the server; watch.py sees saves with watchdog (inotify); preview.py is the
HTTP side (output files only, each read once per request, error pages, livereload's
websocket open only to the preview's own origin).
"""
