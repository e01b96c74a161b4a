"""Commands, `new`: write a minimal story into a new folder, a site root ready to build.

Input: a folder path and language codes. Output: content/ filled from the starter files in
penjelas/commands/starter/ (placeholder text, no story), copies of the engine's templates/,
translations/ and assets/, every translation marked with the engine's own fingerprints;
written into a staging folder and moved into place whole, so nothing is ever overwritten.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import shutil
import sys
from pathlib import Path
from string import Template

import yaml
from babel import Locale
from babel.core import get_global

from ..problems import ERROR, Location, Problem

STARTER = Path(__file__).resolve().parent / "starter"
ENGINE = Path(__file__).resolve().parents[2]
ENGINE_PARTS = ("templates", "translations", "assets")
# The engine folders a story must not be put in: a build of the engine reads them (or
# replaces output/), so the new story would mix with the engine's own site or be lost.
ENGINE_SITE_FOLDERS = ("content", "templates", "translations", "assets", "output")
FALLBACK = "en"  # the starter text and UI strings used for a language that has none of its own
SECTION_KEY = "first-section"
# Where each starter file's comment sends the author for the fields it leaves out.
GUIDE = ('the "Field reference" of\n'
         '# penjelas docs/writing-content.md (Bahasa Indonesia: "Daftar kolom" of docs/menulis-konten.md).')


def locale_of(code: str) -> Locale:
    """Return the Babel locale of a language code already checked by the command line."""
    locale = Locale.parse(code)
    if locale.territory:
        return locale
    likely = Locale.parse(get_global("likely_subtags").get(locale.language, str(locale)))
    return Locale(locale.language, territory=likely.territory, script=locale.script)


def refusal(target: Path, text: str) -> tuple[str, str] | None:
    """Return (message, hint) when `new` must not write into `target` (absolute, its last
    part not resolved), else None."""
    name = target.name or "story"
    if target.is_symlink():
        return "is a symbolic link; new writes only into a real folder", f"give the path of a new folder, e.g. {text}-site"
    if target.exists() and not target.is_dir():
        return "is a file, not a folder", f"give the path of a new folder, e.g. {text}-site"
    real = target.resolve()
    for part in ENGINE_SITE_FOLDERS:
        folder = (ENGINE / part).resolve()
        if real == folder or folder in real.parents:
            return (f"is inside the engine's own {part}/ folder ({folder})",
                    f"a story is a site root of its own: put it outside {part}/, e.g. {ENGINE.parent / name}")
    if target.is_dir() and any(target.iterdir()):
        count = sum(1 for _ in target.iterdir())
        return (f"already exists and is not empty ({count} entr{'y' if count == 1 else 'ies'}); "
                "new never writes over anything", f"give a new folder, e.g. {text}-2, or empty this one first")
    ancestor = next((p for p in target.parents if p.exists()), None)
    if ancestor is not None and not ancestor.is_dir():
        return f"cannot be created: {ancestor} is a file", f"give a path whose folders exist or can be made, e.g. {name}"
    return None


def run_new(args: argparse.Namespace) -> int:
    """Write the starter story into args.folder and print the next steps."""
    text = str(args.folder)
    target = Path(os.path.abspath(args.folder))
    refused = refusal(target, text)
    if refused:
        print(Problem(Location(text), ERROR, *refused).format(), file=sys.stderr)
        return 2
    target = target.parent.resolve() / target.name
    staging = target.parent / f".{target.name}.new-{os.getpid()}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging.mkdir()
        copied = write_starter(staging, args.languages)
        mark_translations(staging)
        os.rename(staging, target)  # onto a missing or empty folder only: never over files
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"{text}: error: could not write the new story: {exc.strerror or exc}\n"
              f"    hint: nothing was written to {text}; check that the folder can be written there", file=sys.stderr)
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    print_next_steps(text, args.languages, copied)
    return 0


def write_starter(root: Path, codes: tuple[str, ...]) -> list[str]:
    """Write the starter site into `root`; return the languages whose UI strings are a copy
    of the fallback language's."""
    for part in ("templates", "assets"):
        shutil.copytree(ENGINE / part, root / part)
    shutil.copyfile(STARTER / "gitignore", root / ".gitignore")  # what a build writes stays out of git
    (root / "translations").mkdir()
    copied = []
    for code in codes:
        table = ENGINE / "translations" / f"{code}.yaml"
        if not table.is_file():
            table = ENGINE / "translations" / f"{FALLBACK}.yaml"
            copied.append(code)
        shutil.copyfile(table, root / "translations" / f"{code}.yaml")
    texts = {code: starter_text(code) for code in codes}
    original = texts[codes[0]]
    today = dt.date.today().isoformat()

    def per_language(*keys: str) -> str:
        return "{" + ", ".join(f"{code}: {quoted(lookup(texts[code], keys))}" for code in codes) + "}"

    content = root / "content"
    (content / "sections").mkdir(parents=True)
    languages = "\n".join(f"  - {{code: {code}, name: {quoted(texts[code]['language_name'])}, "
                          f"locale: {locale_of(code)}}}" for code in codes)
    fill(content / "site.yaml", "site.yaml", languages=languages, site_title=per_language("site_title"),
         site_description=per_language("site_description"), publisher=quoted(original["publisher"]))
    for code in codes:
        section = texts[code]["section"]
        fill(content / "sections" / f"{SECTION_KEY}.{code}.md", "section.md", title=quoted(section["title"]),
             slug=section["slug"], summary=quoted(section["summary"]), date=today,
             body=section["body"].rstrip("\n"))
    fill(content / "timeline.yaml", "timeline.yaml", date=today, event_title=per_language("event", "title"),
         event_text=per_language("event", "text"), event_place=per_language("event", "place"))
    fill(content / "sources.yaml", "sources.yaml", date=today, original=codes[0],
         source_publisher=quoted(original["source"]["publisher"]), source_title=quoted(original["source"]["title"]),
         source_notes=quoted(original["source"]["notes"]))
    fill(content / "people.yaml", "people.yaml", person_name=quoted(original["person"]["name"]),
         person_role=per_language("person", "role"))
    return copied


def starter_text(code: str) -> dict:
    """Return the starter's placeholder text for one language (the fallback's if it has none),
    with $lang filled in and the language's own name."""
    path = STARTER / "text" / f"{code}.yaml"
    own = path.is_file()
    text = (path if own else STARTER / "text" / f"{FALLBACK}.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(Template(text).safe_substitute(lang=code))
    if not own:
        name = Locale.parse(code).get_display_name(code) or code
        data["language_name"] = name[:1].upper() + name[1:]
    return data


def lookup(data: dict, keys: tuple[str, ...]) -> str:
    for key in keys:
        data = data[key]
    return data


def quoted(text: str) -> str:
    """Return text as a YAML double-quoted scalar (JSON's escapes are YAML's)."""
    return json.dumps(text, ensure_ascii=False)


def fill(path: Path, template: str, **values: str) -> None:
    """Write one starter file with its placeholders filled in (`$guide` in its comment: where
    the authors' guide lists every field)."""
    text = Template((STARTER / template).read_text(encoding="utf-8")).substitute(values, guide=GUIDE)
    path.write_text(text, encoding="utf-8")


def mark_translations(root: Path) -> None:
    """Mark every translation of the starter as following its original, the way
    `build.py translations --mark` does (the engine computes and writes each fingerprint)."""
    from ..build.pipeline import BuildOptions, SiteBuilder
    from ..problems import ProblemLog
    from ..translating.command import mark_status
    from ..check.translation import MISSING, translation_statuses

    problems = ProblemLog()
    site = SiteBuilder(BuildOptions(root, root / "output", drafts=True)).load(problems)
    if site is None or problems.has_errors():  # the starter files are the engine's: a bug, not a user mistake
        raise RuntimeError("the starter story does not validate:\n" + "\n".join(p.format() for p in problems.sorted()))
    for status in translation_statuses(site):
        if status.state != MISSING:
            mark_status(root, status, site.config.default_language)


def print_next_steps(text: str, codes: tuple[str, ...], copied: list[str]) -> None:
    """Tell the author what was written and what to do next."""
    build = "build.py" if Path.cwd() == ENGINE else str(ENGINE / "build.py")
    folder = shlex.quote(text)
    others = codes[1:]
    print(f"wrote a new story to {text}: content/ with placeholder text in {', '.join(codes)} "
          f"(original: {codes[0]}), and copies of the engine's templates/, translations/ and assets/")
    for code in copied:
        print(f"  translations/{code}.yaml is a copy of the '{FALLBACK}' UI strings: translate it")
    print("next steps:")
    print(f"  build it:    python {build} --root {folder} --strict")
    print(f"  preview it:  python {build} serve --root {folder}   (http://127.0.0.1:8000/, reloads on every save)")
    print(f"  write it:    replace every placeholder in {os.path.join(text, 'content', '')}, "
          f"the original language ({codes[0]}) first")
    if others:
        marks = " ".join(shlex.quote(f"*.{code}") for code in others)
        print(f"  translate:   then update the translations and run  "
              f"python {build} translations --root {folder} --mark {marks}")
    guide = ENGINE / "docs" / "writing-content.md"
    print(f"  the guide:   {guide} (every file and field; Bahasa Indonesia: {guide.with_name('menulis-konten.md')})")
