"""Translating: the `translations` command, the tools of whoever keeps a translation up to date.

Takes the site (built through build/pipeline.py for its model and templates) and, on
request, the items to mark; gives command.py's table of every translated item x language
(ok, stale, missing, draft, untracked, from check/translation.py) and the UI keys missing
from a language or used by no template; history.py's diff, from git, of each stale
original since the version that was translated; mark.py's rewrite of one `translation_of`
line to the original's current fingerprint, every other byte of the file kept.
"""
