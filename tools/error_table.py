#!/usr/bin/env python3
"""Regenerate docs/errors.md: every bad-input fixture site, built, with the messages it gives.

Usage: python tools/error_table.py > docs/errors.md
Each case is tests/sites/<case>/ laid over tests/sites/basic/ (see tests/conftest.py).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.conftest import build, make_site  # noqa: E402
from tests.test_errors import CASES  # noqa: E402

DESCRIPTIONS = {
    "error-malformed-yaml": "Malformed YAML (an unclosed quote)",
    "error-unknown-citation": "A citation of an unknown source id",
    "error-timeline-unknown-source": "A timeline event citing an unknown source",
    "error-invalid-date": "An invalid date (31 September)",
    "error-no-offset": "A datetime without a UTC offset (the hint gives the offset of the event's place that day)",
    "error-missing-language-text": "An event missing its text in one language",
    "error-unknown-language": "An unknown language suffix (`meeting.fr.md`)",
    "error-duplicate-slug": "Two pages with the same slug in one language",
    "error-duplicate-key": "A duplicate YAML key (PyYAML would keep the last one silently)",
    "error-wrong-type": "A value of the wrong type (a list where text is expected)",
    "error-no-front-matter": "Front matter missing",
    "error-unterminated-front-matter": "Front matter not closed",
    "error-front-matter-list": "Front matter that is not a mapping",
    "error-not-utf8": "A file that is not UTF-8",
    "error-empty-file": "An empty file",
    "error-unknown-quote": "A quote block naming an unknown quote",
    "error-template-syntax": "A Jinja2 syntax error",
    "error-template-undefined": "An undefined name in a template (StrictUndefined)",
    "error-missing-ui-key": "A UI key a template uses but no translations file defines",
    "error-javascript-link": "A `javascript:` link",
    "error-vbscript-link": "A `vbscript:` autolink",
    "error-data-link": "A `data:` link (reference style)",
    "error-missing-url-and-how": "A source with neither `url` nor `how_to_find`",
    "error-timezone-folder": "A time zone that is a folder of the zone database (`America`), not a zone",
    "error-date-out-of-range": "A date at the edge of the calendar (year 9999), where converting it overflows",
    "error-template-runtime": "A template expression that fails while the page renders (`page_title + 1`; "
                              "`1 / 0` and a filter given the wrong type are reported the same way)",
    "error-template-not-utf8": "A template (here an included partial) that is not UTF-8",
    "error-ui-placeholder": "A UI string with a placeholder the template does not fill (`{count}`; "
                            "`{0}`, `{n:>9}`, `{n.attr}`, `{n!r}` and stray braces are refused the same way)",
    "error-page-slug": "A page slug under `pages:` that is not a slug (`../timeline`: it would be written outside the language folder)",
    "error-page-slug-taken": "A page slug under `pages:` that another page of the language already uses",
    "error-slug-default-page": "A section slug that a site-wide page has by default (`pages:` left out of `site.yaml`)",
    "error-source-notes-list": "A source's `notes` (or `how_to_find`, a mirror's `label`) that is neither one text nor a text per language",
    "error-duplicate-event-id": "Two timeline events with the same id (here both made of the same date and title)",
    "error-unknown-place": "A timeline place written as a key (lowercase, dashes) that places.yaml does not define",
    "error-offset-mismatch": "A time whose UTC offset is not the one its place's zone had then (winter time in summer)",
    "error-offset-skipped-time": "A local time its place's clocks skipped (the hour they were put forward)",
    "error-place-no-places": "A timeline place written as a key in a site without places.yaml (free text such as "
                             "`Kyiv, Ukraine` needs none)",
    "error-tab-yaml": "A tab in the indentation of a data file (YAML indents with spaces only)",
    "error-duplicate-order": "Two sections of one language with the same `order`",
    "error-updated-before-date": "A section `updated` before its `date`",
    "error-draft-citation": "A mistake inside a draft (drafts are checked in every build, published only with `--drafts`)",
    "error-tab-front-matter": "A tab in the indentation of front matter, after a space",
    "error-missing-image": "A Markdown image whose file is not in `content/images/`",
    "error-image-outside-images": "A Markdown image given by a bare file name (`route.png`): images are read from `content/images/`",
    "error-link-to-missing-page": "A link from the site root (`/en/answer/`) to a page the site does not have",
    "error-relative-link-to-missing-page": "A relative link (`../meting/`) to a page the site does not have",
    "error-image-name": "A file in `content/images/` whose name cannot be part of an address (a space)",
    "error-no-settings": "A `site.yaml` of comments alone (or `null`): no settings to build with",
    "error-sources-only-comments": "A data file of comments alone is read as empty (here `sources.yaml`): what cites it is reported",
    "error-reading-speed": "A `reading_speed` in `site.yaml` that is not a whole number of words per minute",
    "error-reference-zone": "A `reference_zone` in `site.yaml` that is not a time zone name",
    "error-unknown-excerpt": "A citation locator (`[@alpha, arival]`) naming an excerpt its source does not have",
    "error-timeline-unknown-excerpt": "A `sources:` item (`gamma: hello`) naming an excerpt its source does not have",
    "error-excerpt-not-in-text-file": "An excerpt that is not word for word in its source's `text_file`",
    "error-excerpt-no-translation": "An excerpt without our translation into the site's other languages",
    "error-excerpt-translation-language": "An excerpt whose `translation` leaves out a site language",
    "error-excerpt-duplicate-key": "Two excerpts of one source with the same key",
    "error-excerpt-key": "An excerpt key that is not lowercase letters, digits and hyphens",
    "error-excerpt-seen": "An excerpt's `seen` that is neither `original` nor `copy`",
    "error-text-file-folder": "A source's `text_file` that is a folder",
    "error-text-file-not-utf8": "A source's `text_file` that is not UTF-8 text",
    "error-sources-item": "A `sources:` item that is neither an id nor one `id: excerpt-key` pair",
    "error-glossary-variant-is-term": "A glossary variant to avoid that is the term itself (in another letter case); "
                                      "a page that writes a variant is a warning (below)",
    "error-page-section-name": "A free-standing page (`content/pages/`) with the name of a section",
}

OTHER = """
## Accepted, not errors

- A UTF-8 byte order mark and CRLF line endings are read as if they were not there.

## Warnings (the build goes on; `--strict` turns them into errors)

```
content/sections/extra.id.md:1: warning: missing translation: 'extra' has no 'en' version; en readers are led to this original, with a note that it exists only in 'id'
    hint: translate it as content/sections/extra.en.md
content/sections/meeting.en.md:7: warning: stale translation: meeting.id.md changed since it was translated (translated from 2c855bc59280, original now 285d81c88f85)
    hint: update the translation, then run `python build.py translations --mark meeting.en`; `python build.py translations --diff` shows what changed
content/sections/meeting.en.md:1: warning: translation not marked: no fingerprint of meeting.id.md
    hint: once the text matches the original, run `python build.py translations --mark meeting.en`
translations/en.yaml: warning: UI string 'pager.previous' is missing; the default language's text is used
    hint: add 'pager.previous: ...' to translations/en.yaml
content/sections/reply.en.md:1: warning: 'reply' is published in 'en', but its original content/sections/reply.id.md is a draft
    hint: remove 'draft: true' from content/sections/reply.id.md, or add 'draft: true' to content/sections/reply.en.md too
content/sources.yaml:1:3: warning: source 'alpha' is listed but never cited
    hint: cite it with [@alpha] where it supports a claim, or remove it
content/sources.yaml:14:82: warning: source 'alpha' excerpt 'arrival' 'translation': the passage is in 'en' already; this translation is ignored
    hint: remove 'en:' under 'translation'
content/people.yaml:3:3: warning: person 'x': unknown field 'nmae' is ignored
    hint: did you mean 'name'? known: name, ...
content/sections/reply.en.md:11:8: warning: glossary: write 'briefing', not 'press conference' (the 'en' term)
    hint: the term is decided in content/glossary.yaml:1; words in quotation marks or in [...]{lang=xx} are a quotation and are not checked
content/sections/reply.en.md:13: warning: image 'images/maps/route.gif' has no alt text
    hint: describe what it shows between the brackets: ![...](images/maps/route.gif)
```

More than three warnings of one kind print as one line (`-v` lists each):

```
warning: 12 translations into 'en' are not marked (content/overview.en.md:1, content/people.yaml:1:3, content/people.yaml:6:3 and 9 more; -v lists each)
    hint: once every 'en' text matches its original, run `python build.py translations --mark '*.en'`
```

## Notes (printed, never a failure, not even with `--strict`)

```
content/sections/reply.en.md:6:1: note: 'reply' in 'en' is a draft (content/sections/reply.en.md); it is published when draft: true is removed
    hint: until then en readers are led to the page of content/sections/reply.id.md, with a note that it exists only in 'id'
content/sources.yaml:9:3: note: source 'alpha': text_file 'texts/alpha.txt' is not here, so its 2 excerpts were not checked against it
    hint: put the source's text at texts/alpha.txt (relative to the site root) to check them
```

## Refused before anything is written or deleted (exit code 2)

- `--out` that is the site root or contains it, lies inside `content/`, `templates/`,
  `translations/`, `assets/` or `.git/`, is a symlink, or is a non-empty folder that penjelas did
  not write: `--out: error: output folder ... ` with a hint.
- `--out` that is a file: `--out: error: output folder ... is a file, not a folder`.
- `--base-url` that is not an absolute http(s) URL (no scheme, `javascript:`, `ftp:`, spaces,
  quotes, a query, empty): `--base-url: error: '...' is not an absolute http(s) URL` with the
  corrected address as the hint (`base_url` in `content/site.yaml` follows the same rule, exit 1).
- `--port` outside 0-65535, a `--host` that is not an IP address or host name (`http://localhost`:
  drop the scheme), a NUL byte in `--root`/`--out`, an option of another command:
  `build.py COMMAND: error: argument --OPTION: ...`.
- Run by a Python without the dependencies: `error: penjelas needs its dependencies, and module
  '...' is not installed` with the commands to run.
- Symlinks in `content/`, `templates/`, `translations/` or `assets/` that point outside the site
  root: `PATH:1: error: symlink points outside the site root (to ...)` (exit code 1).
- A FIFO, socket or device in `content/`, `templates/`, `translations/` or `assets/` (never
  opened): `PATH:1: error: PATH is not a regular file: it is a FIFO (named pipe)` with the hint
  `remove it (rm PATH); only regular files belong in FOLDER/` (exit code 1).
- A section or page slug that names the language's other files (`404.html`, `feed.xml`), or a
  language `code` that names a top-level file or folder (`assets`, `index.html`, ...):
  `content/site.yaml:LINE: error: language N: language code '...' is the name of a file or
  folder every site has` (exit code 1).
- A file or folder in `assets/` whose name cannot be part of an address (a space, `?`, `#`,
  `%`): `assets/NAME:1: error: asset name 'NAME' cannot be part of an address (it is published
  as assets/NAME)` with a renamed version as the hint (exit code 1).

## Never lost

- Content problems stop the build before anything is written: the previous `output/` stays
  byte for byte. The site is rendered in memory, written to a staging folder beside `output/`
  and swapped in; a crash at any point (a bug while rendering, a full disk while writing)
  leaves the previous output complete and removes the staging folder. A file that cannot be
  written (a full or read-only disk, a quota, no permission) is named, exit code 1:
  `output/en/index.html: error: could not write the file: No space left on device (ENOSPC)` with
  `hint: nothing was published: the previous site in output is intact; free some disk space,
  then build again` (in the dev server's rebuilds: `no file is half-written: this file and those
  after it keep their previous version`).
- Nothing is ever written outside `output/`: the writer refuses a path that is absolute, has
  `..` or resolves through a symlink to outside its folder (`refused to write '...': it is not
  a path inside ...`, exit code 1; content checks refuse such values first).
- A build killed mid-way leaves its staging folder (`.output.new-PID-*`); the next build removes
  it once that process is gone, and a killed rebuild's `.name.tmp-PID` file is never published.
- The search index is part of the site: when Pagefind is not installed or fails on the written
  pages, nothing is published (exit code 1): `output/pagefind: error: could not build the search
  index: Pagefind is not installed` with `hint: install the requirements: python -m pip install
  -r requirements.txt (it brings pagefind[extended])`, or `... Pagefind exited with code N: WHAT
  IT SAID`, or `... FILE is not the filter file this engine knows (Pagefind's format changed?)`
  when another Pagefind than the pinned one is installed.
- Files that someone else put into `output/` (e.g. a `CNAME`) are kept; penjelas only removes
  files it wrote itself (listed in `output/.penjelas-output`).
- Content mistakes never print a Python traceback; a bug in penjelas does.

## The dev server

- Any failed rebuild (a content problem, a template error, a full disk, a bug in penjelas) is
  shown in the browser, and the next save builds again: a bug's traceback is printed and shown
  escaped as one to report, and the save that met it is built by the next one.
- 404 (never a traceback) for `..` in any encoding, a NUL byte, backslashes, dotfiles and
  dot-folders; the 404 page only ever comes from inside `output/`.
- A busy `--port` is exit 2 before building; a foreign origin's live-reload websocket is 403.
"""


def main() -> None:
    print("# Error messages\n")
    print("Every bad input has a fixture site in `tests/sites/<case>/` and a test asserting the exact")
    print("message. Regenerate this page with `python tools/error_table.py > docs/errors.md`.\n")
    with tempfile.TemporaryDirectory() as tmp:
        for index, (case, _) in enumerate(CASES):
            root = make_site(Path(tmp) / str(index), case)
            result = build(root)
            # shown as an author building the repo's own site sees them (hints name no --root)
            lines = [line.replace(f" --root {root}", "") for line in result.err.splitlines()
                     if not line.startswith(("NOT built", "built"))]
            print(f"## {DESCRIPTIONS.get(case, case)}\n")
            print(f"`tests/sites/{case}/` (exit code {result.code})\n")
            print("```\n" + "\n".join(lines) + "\n```\n")
    print(OTHER.strip())


if __name__ == "__main__":
    main()
