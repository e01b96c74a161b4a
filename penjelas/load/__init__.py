"""Load: the site's files read into raw data that remembers where each value came from.

Takes a site root folder; gives a RawSite (every YAML file and Markdown document, front
matter split from the body with its line offset, the translation tables) and the problems
met while reading (not UTF-8, empty, malformed YAML, a duplicate key, an outward symlink).
Imports only the problem format.
"""
