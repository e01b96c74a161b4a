"""Check: raw data from load turned into the Site model, with every problem found.

Takes a RawSite; gives the frozen Site (model.py) and a ProblemLog that names file, line,
field and the fix for every mistake, never stopping at the first and never raising for one.
validate.py runs the stage: site.yaml and the references between files; documents.py reads
the overview and sections (each body parsed once through text/markdown.py), records.py the
YAML entries, fields.py the typed reads they share, timeline.py the order and UTC offsets of
the events, page_slugs.py the default slugs of the site-wide pages, translation.py the
status of every translation (ok, stale, missing, draft, untracked) and its warnings.
Imports load, text and the shared modules below it.
"""
