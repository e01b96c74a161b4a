"""Render: the checked Site model turned into the files of the site, page by page.

Takes the Site, the Jinja2 templates, the Markdown parser and a Translator per language;
gives one Output per file (its bytes and the inputs it used: content files, translation
tables, templates), each handed to the caller as soon as it is rendered. renderer.py holds
the Jinja2 environment and renders one page; pages.py says what each kind of page shows
(home, section, timeline, people, sources, 404, feeds, sitemap), across forked processes
for large sites (parallel.py); page_context.py holds the helpers templates call, with
citations.py (numbered notes), structured.py (JSON-LD), links.py (where an internal link or
image leads) and assets.py (published names of assets and images). Writes nothing itself.
"""
