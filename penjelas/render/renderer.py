"""Render stage, templates: the Jinja2 environment and the PageRenderer, which renders one
page of the Site model into an Output (its bytes and the inputs it used).

Nothing is written here: the build hands each Output to the staging folder as soon as it is
rendered (pages.render_pages' sink). `build` and `serve` share it. Each page records, while
it renders, which content files, translation tables and templates it used, for
incremental rebuilds.
"""
from __future__ import annotations

import contextlib
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import jinja2
from markdown_it import MarkdownIt

from .. import routes
from ..model import Site
from ..problems import Location, ProblemLog
from ..text.i18n import BadPlaceholder, MissingString, Translator
from ..text.markdown import typographic
from . import cards
from .citations import CitationList, pack_citations
from .page_context import PageState, TemplateLookupError, reader_sections

SITE_FILES = ("content/site.yaml",)


@dataclass(frozen=True)
class Output:
    """One file of the built site."""

    path: str  # relative to the output folder
    data: bytes
    inputs: frozenset  # site paths this file was made from
    backlinks: str = ""  # the sources this page cites, packed by citations.pack_citations
    title: str = ""  # the page's title, as back-links name it
    card: tuple = ()  # what the page's share card shows (a cards.CardSpec), for HTML pages

    def citing(self) -> tuple:
        """What the sources pages show of this output (nothing when it cites nothing)."""
        return (self.title, self.backlinks) if self.backlinks else ()


class TemplateFailed(Exception):
    """A template mistake, carrying the problem to report."""

    def __init__(self, location: Location, message: str, hint: str | None = None):
        super().__init__(location, message, hint)  # all in args: it crosses process boundaries
        self.location, self.message, self.hint = location, message, hint


class RecordingEnvironment(jinja2.Environment):
    """A Jinja2 environment that notes every template a render asks for (extends, include,
    import), so each page knows exactly which templates it used, conditional ones included."""

    recording: set | None = None

    def get_template(self, name: Any, parent: str | None = None, globals: Any = None) -> jinja2.Template:
        if self.recording is not None and isinstance(name, str):
            self.recording.add(self.join_path(name, parent) if parent else name)
        return super().get_template(name, parent, globals)


class TemplateLoader(jinja2.FileSystemLoader):
    """Reads templates from one folder; a file that is not UTF-8 is a problem at its line."""

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple:
        try:
            return super().get_source(environment, template)
        except UnicodeDecodeError as exc:
            data = exc.object if isinstance(exc.object, bytes) else b""
            line = data[: exc.start].count(b"\n") + 1
            col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
            raise TemplateFailed(Location(f"templates/{template}", line, col),
                                 f"file is not UTF-8 text (byte 0x{data[exc.start]:02x})" if data
                                 else "file is not UTF-8 text",
                                 "save the template as UTF-8 in your editor") from None


def create_environment(templates: Path, auto_reload: bool = True) -> RecordingEnvironment:
    """Return the Jinja2 environment: autoescape everywhere, undefined names are errors.
    Without `auto_reload` a template is read once (no file check each time a page asks for it)."""
    env = RecordingEnvironment(
        loader=TemplateLoader(str(templates)), auto_reload=auto_reload,
        autoescape=True, undefined=jinja2.StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters["isoformat"] = lambda value: value.isoformat()
    env.filters["typographic"] = typographic  # a plain text in a language: {{ role | typographic(lang) }}
    return env


# PageState methods that templates call by name
TEMPLATE_HELPERS = ("url", "href", "asset", "cite", "markdown", "inline", "when", "quote", "record", "json_ld",
                    "locale_of", "updates_for", "section_title", "section_number", "stale_original",
                    "source_entry", "passage", "cited", "untranslated_notices", "section_url", "shown_section", "contents",
                    "reading_minutes", "citation", "footer_pages")


class PageRenderer:
    """Renders the pages of one site; holds what every page shares."""

    def __init__(self, site: Site, env: jinja2.Environment, md: MarkdownIt,
                 translators: dict[str, Translator], problems: ProblemLog, assets: dict[str, str] | None = None,
                 image_sizes: dict[str, tuple[int, int]] | None = None, cards: Any = None):
        self.site, self.env, self.md = site, env, md
        self.assets = assets or {}
        self.image_sizes = image_sizes or {}  # published name of an image of the story -> (width, height)
        self.cards = cards  # a cards.CardMaker; None: cards are not drawn (an in-memory render)
        self.memo: dict = {}  # page-independent fragments, rendered once per language
        self.translators, self.problems = translators, problems

    def render(self, page: routes.Page, template: str, uses: tuple[str, ...] = (), **context: Any) -> Output:
        """Render one page with the shared context; record its inputs (plus `uses`)."""
        site, t = self.site, self.translators[page.lang]
        default = site.config.default_language
        inputs = set(SITE_FILES) | {f"translations/{page.lang}.yaml"} | set(uses)
        t.fell_back = False
        used_templates: set[str] = set()
        self.env.recording = used_templates
        try:
            with template_errors(self.env, template):
                citations = CitationList(t.pattern("cite.label", "n"), t.pattern("source.back", "n"))
                state = PageState(self, page, t, citations, inputs)
                full = state.context = {**self.shared_context(state), **context}
                full["card"] = self.card(page, t, full.get("page_title", ""), full.get("doc"))
                html = self.env.get_template(template).render(full)
        finally:
            self.env.recording = None
        inputs |= {f"templates/{name}" for name in used_templates}
        if t.fell_back:
            inputs.add(f"translations/{default}.yaml")
        return Output(page.output_file, html.encode("utf-8"), frozenset(inputs),
                      pack_citations(citations.anchors, citations.passages), full.get("page_title", ""), full["card"]["spec"])

    def card(self, page: routes.Page, t: Translator, title: str, doc: Any) -> dict[str, Any]:
        """What the head says of the page's share card: its URL, size and alt text, and what it shows."""
        if page.kind == routes.SECTION and doc is not None:
            label = t("section.kicker", n=self.site.section_index(doc.key, page.lang) + 1,
                      total=len(self.site.sections(page.lang)))
        else:
            label = t("home.kicker")
        spec = cards.CardSpec(title, label, self.site.config.title[page.lang], page.lang)
        return {"url": routes.absolute_url(self.site, cards.card_path(page.output_file)),
                "width": cards.WIDTH, "height": cards.HEIGHT, "spec": spec,
                "alt": t("card.alt", title=title, label=label, site=spec.site)}

    def shared_context(self, state: "PageState") -> dict[str, Any]:
        """Return what every template gets: language, links, switcher, strings, helpers."""
        site, page = self.site, state.page
        versions = routes.versions(site, page)
        alternates = [
            {"lang": lang, "name": site.config.language(lang).name, "page": other,
             "url": routes.absolute_url(site, other.path)}
            for lang, other in versions.items()
        ]
        default = site.config.default_language
        return {
            **{name: getattr(state, name) for name in TEMPLATE_HELPERS},
            "site": site, "config": site.config, "page": page, "lang": page.lang, "t": state.t,
            "citations": state.citations, "sections": reader_sections(site, page.lang), "languages": site.config.languages,
            "alternates": alternates if page.kind != routes.NOT_FOUND else [],
            "x_default": versions.get(default),
            "x_default_url": routes.absolute_url(site, versions[default].path) if default in versions else "",
            "switcher": state.switcher(versions), "canonical": routes.absolute_url(site, page.path),
            "page_path_of": functools.partial(routes.document_path, site),
        }


@contextlib.contextmanager
def template_errors(env: jinja2.Environment, template: str) -> Iterator[None]:
    """Turn a template's mistakes into TemplateFailed problems naming the template and line."""
    templates = Path(env.loader.searchpath[0])
    try:
        yield
    except jinja2.TemplateSyntaxError as exc:
        raise TemplateFailed(Location(f"templates/{exc.name or template}", exc.lineno or 0),
                             f"template syntax error: {exc.message}") from None
    except MissingString as exc:
        name, line = _template_line(exc, templates)
        raise ui_string_failed(exc, Location(f"templates/{name}", line) if name else None) from None
    except BadPlaceholder as exc:
        raise ui_string_failed(exc) from None
    except TemplateLookupError as exc:
        name, line = _template_line(exc, templates)
        raise TemplateFailed(Location(f"templates/{name or template}", line), exc.message, exc.hint) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateFailed(Location(f"templates/{template}"), f"template '{exc.name}' not found",
                             "create it in templates/ or fix the name in extends/include") from None
    except jinja2.UndefinedError as exc:
        name, line = _template_line(exc, templates)
        raise TemplateFailed(Location(f"templates/{name or template}", line),
                             f"undefined name in template: {exc.message}",
                             "check the spelling; every name a template uses must be passed to it") from None
    except TemplateFailed:
        raise
    except Exception as exc:
        if not isinstance(exc, jinja2.TemplateError) and not _raised_by_template(exc, templates):
            raise  # a bug of ours, not a template mistake: keep its traceback
        name, line = _template_line(exc, templates)
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise TemplateFailed(Location(f"templates/{name or template}", line),
                             f"template error: {detail} ({type(exc).__name__})",
                             "fix the expression on this line of the template") from None


# where a template mistake surfaces: the template's own code, or Jinja2 and MarkupSafe running it
_JINJA_CODE = tuple(str(Path(module.__file__).parent) for module in (jinja2, __import__("markupsafe")))


def _raised_by_template(exc: Exception, templates: Path) -> bool:
    """Tell whether the innermost frame of a runtime error is a template or Jinja2 itself
    (a filter given the wrong type, 1 / 0), rather than a helper of ours called by a template."""
    tb = exc.__traceback__
    if tb is None:
        return False
    while tb.tb_next is not None:
        tb = tb.tb_next
    filename = tb.tb_frame.f_code.co_filename
    return Path(filename).is_relative_to(templates) or filename.startswith(_JINJA_CODE) \
        or filename == "<template>"


def ui_string_failed(exc: Exception, where: Location | None = None) -> TemplateFailed:
    """The problem of a UI-string mistake: a bad placeholder at its key's line, or a missing key
    where a template asks for it (`where`) or, when penjelas itself asks, in the default
    language's translations file."""
    if isinstance(exc, BadPlaceholder):
        return TemplateFailed(exc.location, exc.message, exc.hint)
    key, path = exc.args[0], exc.args[1] if len(exc.args) > 1 else "translations"
    return TemplateFailed(where or Location(path), f"UI string '{key}' is not defined in any translations file",
                          f"add '{key}: ...' to every translations/<lang>.yaml")


def _template_line(exc: Exception, templates: Path) -> tuple[str | None, int]:
    """Find the innermost template file and line in a Jinja2 runtime error's traceback."""
    tb, found = exc.__traceback__, (None, 0)
    while tb is not None:
        filename = Path(tb.tb_frame.f_code.co_filename)
        if filename.is_relative_to(templates):
            found = (filename.relative_to(templates).as_posix(), tb.tb_lineno)
        tb = tb.tb_next
    return found
