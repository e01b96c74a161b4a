"""Serve stage, the watcher: report saved site files, ignoring editors' temporary files.

Input: the site root. Output: calls `on_change(site_path)` from watchdog's thread for each
created, modified, moved or deleted file under content/, templates/, translations/, assets/.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

WATCHED = ("content", "templates", "translations", "assets")
# vim swap and probe files, emacs lock and backup files, generic temp files, hidden files
_IGNORED = re.compile(r"(^\.|~$|\.sw[a-p]$|^4913$|^#.*#$|\.tmp$|\.bak$)")


def is_ignored(name: str) -> bool:
    """Tell whether a file name is an editor's temporary file rather than content."""
    return bool(_IGNORED.search(name))


class _Handler(FileSystemEventHandler):
    def __init__(self, root: Path, on_change: Callable[[str], None]):
        self.root, self.on_change = root, on_change

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory or event.event_type in ("opened", "closed_no_write"):
            return
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if not raw:
                continue
            path = Path(raw if isinstance(raw, str) else raw.decode())
            if is_ignored(path.name):
                continue
            try:
                self.on_change(path.resolve().relative_to(self.root).as_posix())
            except ValueError:
                continue  # outside the site root (a symlink target): not ours to report


class SiteWatcher:
    """An inotify watch on the site's input folders."""

    def __init__(self, root: Path, on_change: Callable[[str], None]):
        self.root = root.resolve()
        self.observer = Observer()
        handler = _Handler(self.root, on_change)
        for name in WATCHED:
            if (self.root / name).is_dir():
                self.observer.schedule(handler, str(self.root / name), recursive=True)

    def start(self) -> None:
        """Start watching in a background thread."""
        self.observer.daemon = True
        self.observer.start()

    def stop(self) -> None:
        """Stop watching."""
        self.observer.stop()
        self.observer.join(timeout=2)
