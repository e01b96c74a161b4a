"""Pipeline: load -> validate -> render -> write, shared by `build` and `serve`.

Nothing touches the output folder until the whole site has loaded, validated and
rendered in memory.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from .i18n import create_translators
from .load import load_site
from .markdown import create_markdown
from .model import Site
from .problems import ProblemLog
from .render import Output, PageRenderer, TemplateFailed, create_environment
from .pages import render_pages
from .write import check_output_folder, write_site


@dataclass
class BuildOptions:
    root: Path
    out: Path
    base_url: str | None = None
    drafts: bool = False
    strict: bool = False


@dataclass
class BuildResult:
    problems: ProblemLog
    site: Site | None = None
    outputs: list = field(default_factory=list)
    written: bool = False
    milliseconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.written

    def pages_per_language(self) -> dict[str, int]:
        """Count the HTML pages built for each language folder."""
        counts: dict[str, int] = {}
        for output in self.outputs:
            lang, _, rest = output.path.partition("/")
            if rest.endswith(".html") and self.site and lang in self.site.config.codes:
                counts[lang] = counts.get(lang, 0) + 1
        return counts


def render_site(root: Path, problems: ProblemLog, base_url: str | None = None,
                drafts: bool = False) -> tuple[Site | None, list[Output]]:
    """Load, validate and render the site in memory; return no outputs if anything failed."""
    from .validate import validate_site

    md = create_markdown()
    raw = load_site(root, problems)
    site = validate_site(raw, md, problems, drafts=drafts)
    if site is None or problems.has_errors():
        return site, []
    if base_url:
        from dataclasses import replace
        site = replace(site, config=replace(site.config, base_url=base_url.rstrip("/") + "/"))
    renderer = PageRenderer(site, create_environment(root / "templates"), md,
                            create_translators(site, problems), problems)
    try:
        return site, render_pages(renderer)
    except TemplateFailed as exc:
        problems.error(exc.location, exc.message, exc.hint)
    return site, []


def build(options: BuildOptions) -> BuildResult:
    """Build the site into options.out, or leave it untouched when there are errors."""
    started = time.perf_counter()
    problems = ProblemLog()
    result = BuildResult(problems)
    check_output_folder(options.out, options.root)
    result.site, result.outputs = render_site(options.root, problems, options.base_url, options.drafts)
    if result.outputs and not problems.has_errors(options.strict):
        write_site(result.outputs, options.root / "assets", options.out)
        result.written = True
    result.milliseconds = (time.perf_counter() - started) * 1000
    return result
