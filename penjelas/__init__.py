"""penjelas: a static site generator for bilingual news explainers.

The package is laid out by stage, in the order the data flows. A module imports only from
its own stage or a stage before it in STAGES (tests/test_architecture.py checks every
import, those inside functions too, and that no two modules import each other, even
through others):

    problems.py     the one format of every content problem (path:line:col, message, hint)
    fingerprint.py  the fingerprint of an original's text that a translation records
    model.py        the frozen dataclasses of a checked site (Site, Document, Source, ...)
    routes.py       every page's URL and language versions, from the model
    load/           files -> raw data that remembers each value's line (YAML loader, parse cache)
    text/           Markdown (citations, quotes) and UI strings with Babel dates
    check/          raw data -> the Site model and every problem found
    render/         the model -> each page's bytes and the inputs it used
    write/          rendered pages -> the output folder, all or nothing; the build state
    build/          the pipeline that runs the stages; which outputs a change affects
    serve/          the dev server: watch, rebuild, preview
    translating/    the `translations` command: statuses, the diff since translation, marking
    commands/       the command line (cli.py) and `new` with its starter files
"""

__version__ = "0.1.0"

STAGES = ("problems", "fingerprint", "model", "routes", "load", "text", "check", "render", "write", "build",
          "serve", "translating", "commands")
