"""Build: the stages run in order, for the `build` command and the dev server alike.

Takes the build options (site root, output folder, base URL, drafts, strict, workers);
gives a BuildResult (problems, the outputs written, pages per language) and, when nothing
failed, the new output folder. pipeline.py runs load -> check -> render -> write and keeps
what a rebuild needs; deps.py says which outputs a change affects, from the inputs each
output recorded while it rendered (the incremental rebuilds of the dev server); report.py
prints a build's problems and its summary line. Imports every stage below it.
"""
