"""Text: Markdown and UI strings, used by the check and render stages alike.

Takes Markdown bodies and the UI strings of translations/<lang>.yaml; gives markdown.py's
MarkdownIt with the citation, quote and language-span plugins (each body parsed once into
a Prepared: HTML with holes for the numbers a page fills in) and i18n.py's Translator per
language (UI strings, placeholders, dates and times through Babel). Imports only the
problem format below it.
"""
