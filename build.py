#!/usr/bin/env python3
"""Build the penjelas site: `python build.py [build|serve|translations] [options]`; see --help.

A thin entry point: all the work happens in the penjelas package beside this file.
"""
import sys

try:  # the third-party modules penjelas needs (requirements.txt); missing outside the virtual environment
    import babel, jinja2, livereload, markdown_it, markupsafe, mdit_py_plugins, tornado, watchdog, yaml  # noqa: E401,F401
except ModuleNotFoundError as exc:
    print(f"error: penjelas needs its dependencies, and module '{exc.name}' is not installed for {sys.executable}\n"
          "    hint: run  python3 -m venv .venv && .venv/bin/pip install -r requirements.txt  "
          "then  .venv/bin/python build.py  (or activate it first: . .venv/bin/activate)", file=sys.stderr)
    sys.exit(2)

from penjelas.commands.cli import main

if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stderr.close()
        sys.exit(1)
