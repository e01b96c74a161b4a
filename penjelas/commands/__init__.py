"""Commands: what `build.py` runs, the top of the package.

Takes argv; gives the exit code (0 ok, 1 content problems, 2 usage error) and what each
command prints. cli.py parses the options of every command, refuses values that cannot work
(exit 2) and runs `build` (build/pipeline.py), `serve` (serve/), `translations`
(translating/) or `new`; new.py writes a starter site from the files in starter/
(placeholder text, no story) and marks its translations.
"""
