"""Build stage, the pipeline: load -> check -> render -> write, shared by `build` and `serve`.

Nothing touches the output folder until the whole site has loaded and been checked; then
each page is written into a staging folder beside it as it renders (no page's bytes stay in
memory), and the folder is swapped in only if every page rendered. SiteBuilder keeps the
outputs of its last build (their paths and the inputs each recorded, not their bytes), so
the dev server can render again only what a change affects and replace just those files.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .. import routes
from ..check.documents import classify_path
from ..check.validate import validate_site
from ..load.cache import ParseCache
from ..load.files import RawSite, load_site
from ..model import Site
from ..problems import ProblemLog
from ..render import links, parallel
from ..render.assets import copied_files, image_sizes, plan_assets, published_name
from ..render.cards import CardMaker
from ..render.pages import planned_outputs, render_pages
from ..render.renderer import Output, PageRenderer, TemplateFailed, create_environment, ui_string_failed
from ..text.i18n import BadPlaceholder, MissingString, create_translators
from ..text.markdown import create_markdown
from ..write import search_index, state
from ..write.staging import Staging, check_output_folder, copy_assets, write_changed
from . import deps


@dataclass
class BuildOptions:
    root: Path
    out: Path
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False
    fingerprint: bool = True  # hashed asset names; the dev server turns this off
    skip_unchanged: bool = False  # a build of an unchanged site replays the last report (build.py)
    progress: Any = None  # called as progress(done, total) while pages render
    workers: int = 1  # processes for full builds of large sites (the command line uses every core)
    # Rebuilds will follow (the dev server): keep which inputs each output used, indexed at once,
    # and look for template changes. Without it a build drops the inputs as pages are written
    # (less memory), reads each template once, and rebuild() builds in full.
    incremental: bool = False

    def identity(self) -> dict:
        """The options that change what a build writes."""
        return {"base_url": self.base_url, "drafts": self.drafts, "strict": self.strict,
                "fingerprint": self.fingerprint}


@dataclass
class BuildResult:
    problems: ProblemLog
    site: Site | None = None
    outputs: list = field(default_factory=list)  # every output of the site as it now stands
    rebuilt: list = field(default_factory=list)  # the outputs rendered by this run
    written: bool = False
    milliseconds: float = 0.0
    full: bool = True
    reason: str = ""
    unchanged: bool = False  # nothing had changed since the last build: nothing was done
    counts: dict = field(default_factory=dict)  # pages per language, when outputs are not at hand

    @property
    def ok(self) -> bool:
        return self.written

    def pages_per_language(self) -> dict[str, int]:
        """Count the HTML pages built for each language folder."""
        if self.counts:
            return dict(self.counts)
        counts: dict[str, int] = {}
        for output in self.outputs:
            lang, _, rest = output.path.partition("/")
            if rest.endswith(".html") and self.site and lang in self.site.config.codes:
                counts[lang] = counts.get(lang, 0) + 1
        return counts


class SiteBuilder:
    """Builds a site and keeps what it needs to rebuild only what a change affects."""

    def __init__(self, options: BuildOptions):
        self.options = options
        self.md = create_markdown()
        self.env = create_environment(options.root / "templates", auto_reload=options.incremental)
        self.outputs: dict[str, Output] = {}
        self.site: Site | None = None  # the model of the last build that was written
        self.cache = ParseCache()  # parses and per-file checks, reused while a file's text is unchanged
        self.raw: RawSite | None = None  # what the last load read
        self.index: deps.DependencyIndex | None = None  # which outputs used which inputs (built on demand)
        self.unbuilt: set[str] = set()  # files changed since the last written build
        self.links_checked: int | None = None  # the load whose links were checked last (a RawSite generation)
        self.cards = CardMaker(options.root)  # the share cards, through their cache
        self.search_stale = False  # the output's search index misses a rebuild's pages (it failed)

    def load(self, problems: ProblemLog, changed: set[str] | None = None) -> Site | None:
        """Load and validate the whole site; with `changed`, read only those files again and
        reuse what the last load read and checked of the others."""
        previous = self.raw if changed is not None else None
        raw = self.raw = load_site(self.options.root, problems, self.cache, previous, changed)
        self.prepare_markdown(raw)
        site = validate_site(raw, self.md, problems, self.options.drafts, self.cache, self.options.base_url)
        if site is not None:
            self.check_links(site, raw, problems)
        return site

    def check_links(self, site: Site, raw: RawSite, problems: ProblemLog) -> None:
        """Check that every internal link and image of the documents leads to a page or file the
        site publishes: each document again only when it or what the site publishes changed
        (the pages, kept with the outline in site.shared, and the files copied as they are)."""
        copied = tuple(published_name(path) for path in copied_files(self.options.root))
        key = ("link targets", copied, routes.base_path(site))
        targets = site.shared.get(key)
        if targets is None:
            targets = site.shared[key] = links.LinkTargets(
                frozenset(planned_outputs(site)) | frozenset(copied), copied,
                tuple(page.path for page in routes.list_pages(site)), key[2])
        only = None  # the documents that may differ since the last check (None: any)
        if raw.since is not None and raw.since == self.links_checked:
            only = {found[1:] for found in map(classify_path, raw.changed) if found}
        self.links_checked = None  # until this check is complete
        self.cache.each("links", site.documents, problems, lambda _, doc, found: links.check_document_links(
            doc, routes.document_path(site, doc) or "", targets, found), targets, only)
        self.links_checked = raw.generation

    def prepare_markdown(self, raw: Any) -> None:
        """Parse the Markdown bodies not parsed yet across processes, when there are many
        (else validation parses each as it reads the document)."""
        if self.options.workers <= 1:
            return
        todo = self.cache.missing("markdown", {path: file.body for path, file in raw.markdown.items()})
        if len(todo) >= parallel.PARALLEL_MIN_FILES:
            paths = list(todo)
            texts = [(todo[p], (classify_path(p) or ("", "", ""))[2]) for p in paths]  # (body, language)
            for path, prepared in zip(paths, parallel.prepare_in_workers(self.md, texts, self.options.workers)):
                self.cache.store("markdown", path, todo[path], prepared)

    def render(self, site: Site, problems: ProblemLog, wanted: set[str] | None = None,
               sink: Any = None) -> list[Output] | None:
        """Render all outputs, or only the wanted ones (each through `sink`); None if a template failed."""
        if wanted is None and self.cards is not None:  # the dev server's full rebuilds see new colours
            self.cards.refresh()
        renderer = PageRenderer(site, self.env, self.md, create_translators(site, problems), problems,
                                plan_assets(self.options.root, self.options.fingerprint),
                                image_sizes(self.options.root), self.cards)
        try:
            return render_pages(renderer, wanted, self.outputs if wanted is not None else None,
                                self.options.progress, self.options.workers if wanted is None else 1, sink)
        except TemplateFailed as exc:
            problems.error(exc.location, exc.message, exc.hint)
            return None
        except (MissingString, BadPlaceholder) as exc:  # a UI string that penjelas itself asks for
            failed = ui_string_failed(exc)
            problems.error(failed.location, failed.message, failed.hint)
            return None

    def build(self) -> BuildResult:
        """Build everything into a fresh folder and swap it in, or change nothing on errors."""
        started = time.perf_counter()
        result = BuildResult(ProblemLog())
        check_output_folder(self.options.out, self.options.root)
        inputs = state.hash_files(self.options.root)  # before reading: a save during the build is not lost
        if self.options.skip_unchanged:
            previous = state.unchanged_build(self.options.out, inputs, self.options.identity())
            if previous is not None:
                result.problems.extend(state.replay_problems(previous))
                result.written, result.unchanged, result.counts = True, True, dict(previous["pages"])
                return _timed(result, started)
        result.site = self.load(result.problems)
        if result.site is not None and not result.problems.has_errors():
            staging = Staging(self.options.out)  # pages are written as they render; swapped in at the end
            sink = staging.write if self.options.incremental else staging.write_final
            try:
                outputs = self.render(result.site, result.problems, sink=sink)
                searched = self.index_search(staging.folder, result.problems) \
                    if outputs and not result.problems.has_errors(self.options.strict) else None
                if searched is not None:
                    assets = plan_assets(self.options.root, self.options.fingerprint)
                    self.outputs = {output.path: output for output in outputs}
                    result.outputs = outputs
                    record = state.describe_build(inputs, self.options.identity(), result.problems.problems,
                                                  result.pages_per_language(),
                                                  [*self.outputs, *assets.values(), *searched])
                    staging.finish(set(self.outputs) | set(searched), self.options.root, assets, record)
                    self.search_stale = False
                    self.site, self.unbuilt = result.site, set()
                    self.index = deps.DependencyIndex(outputs) if self.options.incremental else None
                    result.written, result.rebuilt = True, outputs
            finally:
                if not result.written:
                    staging.discard()
        result.outputs = list(self.outputs.values())
        return _timed(result, started)

    def rebuild(self, changed: set[str]) -> BuildResult:
        """Rebuild after a change: only the affected outputs when that is safe, else everything."""
        started = time.perf_counter()
        # what changed since the last written build: a failed rebuild's changes are still to do
        self.unbuilt |= {path for path in changed if not self.transient(path)}
        changed = set(self.unbuilt)
        reason = deps.full_rebuild_reason(self.index, changed, self.options.root) if self.options.incremental \
            else "the builder was not made for rebuilds (BuildOptions.incremental)"
        if reason is None and self.options.fingerprint and deps.changed_assets(changed, fingerprinted=True):
            reason = "a fingerprinted asset changed its name"
        if reason is None and self.raw is None:
            reason = "no previous load"
        if reason is not None:
            return replace(self.build(), reason=reason)
        result = BuildResult(ProblemLog(), full=False, outputs=list(self.outputs.values()))
        result.site = self.load(result.problems, changed)
        if result.site is None or result.problems.has_errors(self.options.strict):
            return _timed(result, started)
        changes = deps.expand_changes(self.site, result.site, changed)
        if self.site is None or result.site.shared is not self.site.shared:  # a new outline: order, pages
            reason = deps.order_change_reason(self.site, result.site) if self.site else None
            if reason is None and planned_outputs(result.site) != set(self.outputs):
                reason = "the set of pages changed"
            if reason is not None:
                return replace(self.build(), reason=reason)
        wanted = self.index.affected(changes)
        rendered = self.render(result.site, result.problems, wanted) if wanted else []
        if rendered is None or result.problems.has_errors(self.options.strict):
            return _timed(result, started)
        state.forget_state(self.options.out)  # the output now differs from what the state describes
        write_changed(rendered, self.options.out)
        copy_assets(self.options.root, self.options.out, deps.changed_assets(changed))
        for output in rendered:
            self.outputs[output.path] = replace(output, data=b"")
            self.index.add(output)
        self.site, self.unbuilt = result.site, set()
        if self.search_stale or any(output.path.endswith(".html") for output in rendered):
            self.search_stale = True  # until the index is made again
            if self.index_search(self.options.out, result.problems, in_place=True) is None:
                result.outputs = list(self.outputs.values())
                return _timed(result, started)
            self.search_stale = False
        result.outputs, result.rebuilt, result.written = list(self.outputs.values()), rendered, True
        return _timed(result, started)

    def index_search(self, folder: Path, problems: ProblemLog, in_place: bool = False) -> list[str] | None:
        """Make the search index of the pages written in `folder` (the staging folder, or the
        output itself after a rebuild); return its files, or None with the failure reported."""
        try:
            return search_index.reindex_output(folder) if in_place else search_index.index_site(folder)
        except search_index.IndexFailed as exc:
            problems.problems.append(exc.problem(self.options.out))
            return None

    def transient(self, site_path: str) -> bool:
        """Tell whether a changed path is a file that came and went unseen (the temporary file
        of an editor or of `sed -i`, renamed over the real one): not there now, not read by
        the last load, not used by any output. It changes nothing."""
        return not deps.is_asset(site_path) and not (self.options.root / site_path).exists() \
            and not (self.raw is not None and self.raw.knows(site_path)) \
            and not (self.index is not None and self.index.knows(site_path))


def _timed(result: BuildResult, started: float) -> BuildResult:
    result.milliseconds = (time.perf_counter() - started) * 1000
    return result


def build(options: BuildOptions) -> BuildResult:
    """Build the site into options.out, or leave it untouched when there are errors."""
    return SiteBuilder(options).build()
