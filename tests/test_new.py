"""`build.py new DIR`: a starter story that builds with --strict, and the folders it refuses."""
from __future__ import annotations

import contextlib
import io
import re

from penjelas.commands.cli import main

from .conftest import REPO, Run, build, soup

# Words of the engine's own story (content/): none may appear in a new story.
STORY_WORDS = ("Putin", "Kim", "Vostochny", "Pyongyang", "Korea", "Russia", "Rusia", "Kremlin",
               "Kirby", "Yonhap", "detik", "KCNA", "2023")


def new(*args: str) -> Run:
    """Run `build.py new ARGS` in-process and capture its output."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["new", *args])
    return Run(code, stdout.getvalue(), stderr.getvalue())


def files_of(folder) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_new_story_builds_strict_with_no_warnings(tmp_path):
    root = tmp_path / "stories" / "first"
    result = new(str(root))
    assert result.code == 0, result.err
    assert result.err == ""
    for step in (f"--root {root} --strict", f"serve --root {root}", f"translations --root {root} --mark '*.en'",
                 str(REPO / "docs" / "writing-content.md"), str(REPO / "docs" / "menulis-konten.md")):
        assert step in result.out, step
    for part in ("templates", "translations", "assets"):
        assert files_of(root / part) == files_of(REPO / part), part
    built = build(root, "--strict")
    assert built.code == 0, built.err
    assert built.err == "" and "0 errors, 0 warnings" in built.out
    ignored = (root / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "output/" in ignored and ".penjelas-cache/" in ignored  # what the build wrote stays out of git
    assert (root / "output").is_dir() and (root / ".penjelas-cache").is_dir()
    out = root / "output"
    for page in ("index.html", "id/index.html", "en/index.html", "id/bagian-pertama/index.html",
                 "en/first-section/index.html", "id/linimasa/index.html", "en/timeline/index.html",
                 "id/sumber/index.html", "en/sources/index.html", "id/tokoh/index.html", "en/people/index.html"):
        assert (out / page).is_file(), page
    for page in ("en/first-section/index.html", "id/bagian-pertama/index.html", "en/timeline/index.html"):
        citations = soup(out / page).select("sup.cite a[href='#source-example-source']")
        assert citations, f"{page}: the citation is rendered"
    assert "https://example.org/" in (out / "en/sources/index.html").read_text(encoding="utf-8")


def test_new_story_is_minimal_and_its_home_page_lists_the_section(tmp_path):
    root = tmp_path / "story"
    assert new(str(root)).code == 0
    content = root / "content"
    assert sorted(str(p.relative_to(content)) for p in content.rglob("*") if p.is_file()) == [
        "people.yaml", "sections/first-section.en.md", "sections/first-section.id.md", "site.yaml",
        "sources.yaml", "timeline.yaml"], "no overview, no places.yaml"
    for name in ("site.yaml", "sections/first-section.id.md", "timeline.yaml", "sources.yaml", "people.yaml"):
        text = (content / name).read_text(encoding="utf-8")
        assert "Optional fields" in text and '"Field reference" of' in text, name
    fields = {name: [line.split(":")[0].strip(" -") for line in (content / name).read_text(encoding="utf-8").splitlines()
                     if line[:1] in " -" and ":" in line]
              for name in ("site.yaml", "timeline.yaml", "sources.yaml", "people.yaml")}
    assert "pages" not in fields["site.yaml"]
    assert "id" not in fields["timeline.yaml"] and "confidence" not in fields["sources.yaml"]
    assert "kind" not in fields["people.yaml"]
    built = build(root, "--strict")
    assert built.code == 0 and built.err == "", built.err  # no warning, no note
    for lang, section in (("id", "bagian-pertama"), ("en", "first-section")):
        home = soup(root / "output" / lang / "index.html")
        site = (content / "site.yaml").read_text(encoding="utf-8")
        assert home.select_one("main h1").get_text() in site, "the site's title"
        assert home.select_one("main .dek").get_text() in site, "the site's description"
        cards = home.select(f"main .card a[href='{section}/']")
        assert len(cards) == 1 and "(" in cards[0].get_text(), f"{lang}: the home page lists the section"
        assert home.select_one("main .timeline-entry a")["href"] in ("linimasa/", "timeline/")
    people = soup(root / "output/en/people/index.html")
    assert [h.get_text() for h in people.select("main section h2")] == ["People", "Sources on this page"], \
        "no empty group of organisations"


def test_every_translation_is_marked_with_the_engines_fingerprint(tmp_path):
    root = tmp_path / "story"
    assert new(str(root)).code == 0
    stdout = io.StringIO()
    with contextlib.redirect_stdout(stdout):
        assert main(["translations", "--root", str(root)]) == 0
    summary = stdout.getvalue().strip().splitlines()[-1]
    assert re.fullmatch(r"(\d+) translations: \1 ok, 0 stale, 0 missing, 0 draft, 0 untracked", summary), summary
    assert int(summary.split()[0]) == 3  # the section, the event, the person (the source's notes are one text)
    original = root / "content/sections/first-section.id.md"
    original.write_text(original.read_text(encoding="utf-8") + "\nKalimat baru [@example-source].\n", encoding="utf-8")
    result = build(root)
    assert "stale translation" in result.err and "first-section.en.md" in result.err


def test_new_story_holds_no_word_of_our_story(tmp_path):
    root = tmp_path / "story"
    assert new(str(root)).code == 0
    starter = [p for p in (REPO / "penjelas" / "commands" / "starter").rglob("*") if p.is_file()]
    written = [p for p in (root / "content").rglob("*") if p.is_file()]
    assert starter and written
    for path in starter + written:
        text = path.read_text(encoding="utf-8")
        for word in STORY_WORDS:
            assert word not in text, (path, word)


def test_languages_option_chooses_the_languages(tmp_path):
    root = tmp_path / "story"
    result = new(str(root), "--languages", "fr,en")
    assert result.code == 0, result.err
    assert "translations/fr.yaml is a copy of the 'en' UI strings: translate it" in result.out
    assert sorted(p.name for p in (root / "translations").iterdir()) == ["en.yaml", "fr.yaml"]
    site = (root / "content/site.yaml").read_text(encoding="utf-8")
    assert "- {code: fr, name: \"Français\", locale: fr_FR}" in site
    built = build(root, "--strict")
    assert built.code == 0, built.err
    assert "7 pages fr, 7 pages en; 0 errors, 0 warnings" in built.out
    assert (root / "output/fr/first-section/index.html").is_file()


def test_unknown_or_repeated_languages_are_usage_errors(tmp_path):
    cases = {"id,zz": "'zz' is not a language code Babel knows",
             "ind,en": "'ind' is not a language code Babel knows (it is an old or long form of 'id'); "
                       "write ISO 639 codes separated by commas, the original language first, e.g. --languages id,en",
             "id,en,id": "'id' is listed twice; write each language once: --languages id,en",
             "id,,en": "'id,,en' has an empty code",
             "EN,id": "'EN' must be lowercase (it names files and folders of the site): --languages en,id",
             "../x": "'../x' is not a language code Babel knows"}
    for value, message in cases.items():
        result = new(str(tmp_path / "story"), "--languages", value)
        assert result.code == 2, value
        assert message in result.err, (value, result.err)
        assert "Traceback" not in result.err
    assert not (tmp_path / "story").exists()


def test_refuses_folders_that_are_not_new_and_empty(tmp_path):
    full = tmp_path / "full"
    full.mkdir()
    (full / "notes.txt").write_text("mine", encoding="utf-8")
    afile = tmp_path / "afile"
    afile.write_text("mine", encoding="utf-8")
    (tmp_path / "empty").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "empty")
    cases = {full: f"{full}: error: already exists and is not empty (1 entry); new never writes over anything",
             afile: f"{afile}: error: is a file, not a folder",
             afile / "sub": f"{afile / 'sub'}: error: cannot be created: {afile} is a file",
             tmp_path / "link": f"{tmp_path / 'link'}: error: is a symbolic link",
             REPO / "content" / "new-story": f"{REPO / 'content' / 'new-story'}: error: is inside the engine's "
                                             f"own content/ folder ({REPO / 'content'})"}
    for folder, message in cases.items():
        result = new(str(folder))
        assert result.code == 2, folder
        assert message in result.err, (folder, result.err)
        assert "    hint: " in result.err and "Traceback" not in result.err
    assert (full / "notes.txt").read_text(encoding="utf-8") == "mine" and len(list(full.iterdir())) == 1
    assert afile.read_text(encoding="utf-8") == "mine"
    assert not (REPO / "content" / "new-story").exists()
    assert not list((tmp_path / "empty").iterdir())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["afile", "empty", "full", "link"], "no staging folder left"


def test_an_empty_folder_is_filled(tmp_path):
    root = tmp_path / "empty"
    root.mkdir()
    result = new(str(root))
    assert result.code == 0, result.err
    assert (root / "content/site.yaml").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty"], "no staging folder left"
