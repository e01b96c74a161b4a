"""Load: the site's files read into raw data that remembers where each value came from.

Takes a site root folder; gives a RawSite (files.py: every YAML file and Markdown document,
front matter split from the body with its line offset, the translation tables) and the
problems met while reading (not UTF-8, empty, malformed YAML, a duplicate key, an outward
symlink). The YAML loader (yaml_loader.py) keeps the line and column of every key and item;
the parse cache (cache.py) lets a rebuild parse and check again only the files that changed.
Imports only the problem format.
"""
