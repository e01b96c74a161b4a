#!/usr/bin/env python3
"""Build the penjelas site: `python build.py [build|serve] [options]`; see --help.

A thin entry point: all the work happens in the penjelas package beside this file.
"""
import sys

from penjelas.cli import main

if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stderr.close()
        sys.exit(1)
