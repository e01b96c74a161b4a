"""The command line: options, exit codes, summary line, and the output folder."""
from __future__ import annotations

import shutil
import subprocess
import sys

from .conftest import REPO, build, make_site


def test_help_documents_every_option():
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    for option in ("--root", "--out", "--base-url", "--drafts", "--strict", "-q", "-v", "serve"):
        assert option in result.stdout


def test_unknown_option_is_a_usage_error(tmp_path):
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--no-such-option"],
                            capture_output=True, text=True)
    assert result.returncode == 2
    assert "unrecognized arguments" in result.stderr


def test_build_writes_both_languages_and_a_summary_line(tmp_path):
    root = make_site(tmp_path)
    result = build(root)
    assert result.code == 0, result.err
    out = root / "output"
    for page in ("index.html", "404.html", "sitemap.xml", "id/index.html", "en/index.html",
                 "id/pertemuan/index.html", "en/meeting/index.html", "id/linimasa/index.html",
                 "en/timeline/index.html", "id/sumber/index.html", "en/sources/index.html",
                 "id/tokoh/index.html", "en/people/index.html", "id/404.html", "robots.txt",
                 "id/feed.xml", "en/feed.xml"):
        assert (out / page).is_file(), page
    assert len(list(out.glob("assets/style.*.css"))) == 1, "the stylesheet is published under a fingerprinted name"
    summary = result.out.strip().splitlines()[-1]
    assert summary.startswith("built: 8 pages id, 8 pages en; 0 errors, 0 warnings;")
    assert " ms -> " in summary


def test_quiet_build_prints_nothing(tmp_path):
    root = make_site(tmp_path)
    result = build(root, "-q")
    assert result.code == 0
    assert result.out == "" and result.err == ""


def test_deleted_content_disappears_from_output(tmp_path):
    root = make_site(tmp_path)
    assert build(root).code == 0
    assert (root / "output/en/reply/index.html").exists()
    (root / "content/sections/reply.en.md").unlink()
    (root / "content/sections/reply.id.md").unlink()
    (root / "content/timeline.yaml").write_text(
        (root / "content/timeline.yaml").read_text().replace("  section: reply\n", ""))
    result = build(root)
    assert result.code == 0, result.err
    assert not (root / "output/en/reply/index.html").exists()
    assert not (root / "output/id/jawaban").exists()


def test_failed_build_leaves_previous_output_untouched(tmp_path):
    root = make_site(tmp_path)
    assert build(root).code == 0
    out = root / "output"
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    page = root / "content/sections/meeting.en.md"
    page.write_text(page.read_text().replace("[@alpha]", "[@nope]", 1))
    result = build(root)
    assert result.code == 1
    assert "NOT built (output left unchanged)" in result.err
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in root.iterdir() if p.name.startswith(".output")], "no staging folder left behind"


def test_strict_turns_warnings_into_failure(tmp_path):
    root = make_site(tmp_path, "untranslated")
    assert build(root).code == 0
    result = build(root, "--strict")
    assert result.code == 1
    assert "warning" in result.err


def test_drafts_are_built_only_when_asked(tmp_path):
    root = make_site(tmp_path, "draft")
    assert build(root).code == 0
    assert not (root / "output/en/later/index.html").exists()
    assert build(root, "--drafts").code == 0
    assert (root / "output/en/later/index.html").exists()


def test_published_pages_never_link_to_a_draft(tmp_path):
    root = make_site(tmp_path, "draft")
    timeline = root / "content/timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8").replace("section: reply", "section: later"),
                        encoding="utf-8")

    def draft_mentions(*args: str) -> list[str]:
        out = tmp_path / "out"
        result = build(root, "--strict", *args, out=out)
        assert result.code == 0, result.err
        found = []
        for page in sorted(out.rglob("*")):
            if page.suffix in (".html", ".xml"):
                text = page.read_text(encoding="utf-8")
                found += [f"{page.relative_to(out)}: {word}" for word in ("later/", "nanti/", ">Later", ">Nanti")
                          if word in text]
        return found

    assert draft_mentions() == []
    assert "en/timeline/index.html: later/" in draft_mentions("--drafts")  # the same event, linked once published


def test_a_mistake_in_a_draft_fails_the_build_without_drafts(tmp_path):
    root = make_site(tmp_path, "draft")
    draft = root / "content/sections/later.en.md"
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("[@alpha]", "[@alpah]") + "\nSee [it](javascript:go()).\n", encoding="utf-8")
    line = text.count("\n")
    result = build(root)
    assert result.code == 1
    assert f"content/sections/later.en.md:{line}: error: citation of unknown source 'alpah'" in result.err
    assert f"content/sections/later.en.md:{line + 2}: error: link with a 'javascript:' address is not allowed" \
        in result.err
    assert not (root / "output").exists()


def test_a_translation_published_while_its_original_is_a_draft_is_a_warning(tmp_path):
    root = make_site(tmp_path)
    original = root / "content/sections/reply.id.md"
    original.write_text(original.read_text(encoding="utf-8").replace("order: 2", "order: 2\ndraft: true"),
                        encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    assert ("content/sections/reply.en.md:1: warning: 'reply' is published in 'en', but its original "
            "content/sections/reply.id.md is a draft\n    hint: remove 'draft: true' from "
            "content/sections/reply.id.md, or add 'draft: true' to content/sections/reply.en.md too") in result.err
    assert (root / "output/en/reply/index.html").exists()
    assert not (root / "output/id/jawaban").exists()
    assert "jawaban" not in (root / "output/en/reply/index.html").read_text(encoding="utf-8")


def test_base_url_option_changes_absolute_urls(tmp_path):
    root = make_site(tmp_path)
    assert build(root, "--base-url", "https://news.example.net/putin-kim").code == 0
    html = (root / "output/en/meeting/index.html").read_text()
    assert '<link rel="canonical" href="https://news.example.net/putin-kim/en/meeting/">' in html


def test_refuses_output_folders_that_would_destroy_work(tmp_path):
    root = make_site(tmp_path)
    for out in (root, root / "content", tmp_path):
        result = build(root, out=out)
        assert result.code == 2, out
        assert "--out: error:" in result.err
    assert (root / "content/site.yaml").exists()


def test_refuses_to_replace_a_foreign_folder(tmp_path):
    root = make_site(tmp_path)
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("precious")
    result = build(root, out=foreign)
    assert result.code == 2
    assert "was not written by penjelas" in result.err
    assert (foreign / "notes.txt").read_text() == "precious"


def test_options_may_come_before_or_after_the_command(tmp_path):
    root = make_site(tmp_path)
    for args in (["--root", str(root), "build"], ["build", "--root", str(root)]):
        result = subprocess.run([sys.executable, str(REPO / "build.py"), *args, "--out", str(tmp_path / "out")],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert "8 pages id, 8 pages en" in result.stdout


def test_unchanged_site_is_not_built_again_and_the_report_is_replayed(tmp_path):
    root = make_site(tmp_path, "untranslated")
    first = build(root)
    assert first.code == 0 and "warning: missing translation" in first.err
    page = root / "output/en/meeting/index.html"
    written = page.stat().st_mtime_ns
    again = build(root)
    assert again.code == 0
    assert again.out.strip().splitlines()[-1].startswith(
        "up to date (nothing changed since the last build): 9 pages id, 8 pages en; 0 errors, 1 warning;")
    assert "warning: missing translation" in again.err, "the last build's warnings are shown again"
    assert page.stat().st_mtime_ns == written
    assert build(root, "--strict").code == 1, "other options: a real build"


def test_any_change_or_missing_output_file_builds_again(tmp_path):
    root = make_site(tmp_path)
    assert build(root).code == 0
    for change in (lambda: (root / "assets/style.css").write_text("body{}"),
                   lambda: (root / "output/en/meeting/index.html").unlink()):
        change()
        result = build(root)
        assert result.code == 0 and result.out.startswith("built:"), result.out
    assert (root / "output/en/meeting/index.html").exists()
    assert build(root, "--force").out.startswith("built:")


def test_progress_counts_pages_only_after_a_second():
    import contextlib
    import io

    from penjelas.commands.cli import Progress

    stream = io.StringIO()
    ticks = iter([0.0, 0.5, 1.5, 1.6, 1.7])
    progress = Progress()
    progress.clock, progress.started = lambda: next(ticks), 0.0
    with contextlib.redirect_stderr(stream):
        for done in range(1, 5):
            progress(done, 4)
    text = stream.getvalue()
    assert "rendering 1/4" not in text and "rendering 2/4" not in text, "quiet during the first second"
    assert "rendering 3/4 pages\r" in text
    assert text.endswith("\r"), "the line is cleared when done"


def test_no_progress_when_not_a_terminal(tmp_path):
    root = make_site(tmp_path)
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "rendering" not in result.stderr


def test_bad_base_url_option_is_refused_before_building(tmp_path):
    root = make_site(tmp_path)
    for value, hint in (("example.org/x", "hint: write https://example.org/x/"),
                        ("javascript:alert(1)", "'javascript:' is not allowed"),
                        ("ftp://files.example.net/a", "hint: write https://files.example.net/a/"),
                        ("https://example.org/a b/", "no spaces or quotes"),
                        ('"https://example.org/"', "hint: write https://example.org/"),
                        ("https://example.org/?x=1", "hint: write https://example.org/"),
                        ("", "an empty value is not an absolute http(s) URL")):
        for command in ((), ("serve", "--port", "0")):
            result = build(root, *command, "--base-url", value)
            assert result.code == 2, (value, command)
            assert result.err.startswith("--base-url: error: "), result.err
            assert hint in result.err, result.err
            assert "Traceback" not in result.err
            assert not (root / "output").exists(), "nothing is built"


def test_base_url_without_trailing_slash_still_works(tmp_path):
    root = make_site(tmp_path)
    assert build(root, "--base-url", "http://localhost:8123/sub").code == 0
    html = (root / "output/en/meeting/index.html").read_text()
    assert '<link rel="canonical" href="http://localhost:8123/sub/en/meeting/">' in html


def test_base_url_in_site_yaml_follows_the_same_rule(tmp_path):
    root = make_site(tmp_path)
    config = root / "content/site.yaml"
    config.write_text(config.read_text().replace("base_url: https://example.org/", "base_url: news.example.com/story"))
    result = build(root)
    assert result.code == 1
    assert "content/site.yaml:6:1: error: site.yaml: 'news.example.com/story' is not an absolute http(s) URL" in result.err
    assert "hint: write https://news.example.com/story/" in result.err


def test_port_outside_0_to_65535_is_a_usage_error(tmp_path):
    root = make_site(tmp_path)
    for port, text in (("-5", "-5 is outside 0-65535"), ("99999", "99999 is outside 0-65535"),
                       ("65536", "65536 is outside 0-65535"), ("eighty", "'eighty' is not a port number")):
        result = build(root, "serve", "--port", port)
        assert result.code == 2, port
        assert f"build.py serve: error: argument --port: {text}" in result.err, result.err
        assert "Traceback" not in result.err
        assert not (root / "output").exists()


def test_host_must_be_an_address_or_a_host_name(tmp_path):
    root = make_site(tmp_path)
    for host, text in (("http://localhost", "drop the scheme: --host localhost"),
                       ("https://[::1]:8000/", "drop the scheme: --host [::1]"),
                       ("my host", "'my host' is not an IP address or host name"),
                       ("a/b", "'a/b' is not an IP address or host name"),
                       ("", "'' is not an IP address or host name")):
        result = build(root, "serve", "--host", host, "--port", "0")
        assert result.code == 2, host
        assert f"build.py serve: error: argument --host: " in result.err and text in result.err, result.err
        assert not (root / "output").exists()


def test_root_and_out_values_that_cannot_work_are_usage_errors(tmp_path):
    root = make_site(tmp_path)
    result = build(root, out=tmp_path / "a\0b")
    assert result.code == 2
    assert "argument --out: 'a\\x00b' is not a usable path" in result.err.replace(str(tmp_path) + "/", "")
    a_file = tmp_path / "notes.txt"
    a_file.write_text("precious")
    result = build(root, out=a_file)
    assert result.code == 2
    assert f"--out: error: output folder {a_file} is a file, not a folder" in result.err
    assert f"hint: pass a folder to --out, e.g. --out {tmp_path / 'output'}" in result.err
    assert a_file.read_text() == "precious"
    result = build(a_file)
    assert result.code == 2
    assert "is not a folder" in result.err and "Traceback" not in result.err


def test_missing_dependencies_name_the_command_to_run(tmp_path):
    """build.py run by a Python without jinja2 (as outside the virtual environment)."""
    blocked = ("import sys, runpy; sys.modules['jinja2'] = None; sys.argv = ['build.py', '--help']; "
               f"runpy.run_path({str(REPO / 'build.py')!r}, run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 2
    assert "module 'jinja2' is not installed" in result.stderr
    assert ".venv/bin/pip install -r requirements.txt" in result.stderr
    assert ".venv/bin/python build.py" in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def help_of(*command: str) -> str:
    result = subprocess.run([sys.executable, str(REPO / "build.py"), *command, "--help"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_each_command_describes_itself_and_lists_only_its_options():
    top = help_of()
    for command in ("build", "serve", "translations", "new"):
        assert command in top
    own = {"build": {"--root", "--out", "--base-url", "--drafts", "--strict", "--force", "--quiet", "--verbose"},
           "serve": {"--root", "--out", "--base-url", "--drafts", "--strict", "--quiet", "--verbose",
                     "--host", "--port", "--open"},
           "translations": {"--root", "--diff", "--mark"},
           "new": {"--languages"}}
    every = set().union(*own.values())
    descriptions = {"build": "Build the site from ROOT/content", "serve": "rebuild on every save",
                    "translations": "Show every translated item's status", "new": "Write a new site root into DIR"}
    for command, options in own.items():
        text = help_of(command)
        assert f"usage: build.py {command} " in text
        assert descriptions[command] in text and "Exit codes: 0 " in text
        assert "Build the bilingual explainer site" not in text, "not the whole program's description"
        for option in every:
            assert (option in text) == (option in options), (command, option)


def test_an_option_of_another_command_is_refused(tmp_path):
    root = make_site(tmp_path)
    for args in (["translations", "--force"], ["--force", "translations"], ["serve", "--force"], ["build", "--port", "1"]):
        result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root), *args],
                                capture_output=True, text=True)
        assert result.returncode == 2, args
        assert "error: " in result.stderr and "Traceback" not in result.stderr


def test_a_change_to_any_file_of_the_engine_builds_again(tmp_path):
    """The engine's own files count as inputs, in every folder of the package."""
    engine = tmp_path / "engine"
    engine.mkdir()
    shutil.copy2(REPO / "build.py", engine / "build.py")
    shutil.copytree(REPO / "penjelas", engine / "penjelas", ignore=shutil.ignore_patterns("__pycache__"))
    root = make_site(tmp_path)

    def run() -> str:
        result = subprocess.run([sys.executable, str(engine / "build.py"), "--root", str(root)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert run().startswith("built:")
    assert run().startswith("up to date")
    folders = sorted({path.parent for path in (engine / "penjelas").rglob("*")
                      if path.is_file() and "__pycache__" not in path.parts})
    assert len(folders) > 1, "the package has sub-folders"
    for folder in folders:  # each build records the engine it was made with: the next change is new
        changed = next(path for path in sorted(folder.iterdir()) if path.is_file())
        changed.write_bytes(changed.read_bytes() + b"\n")
        assert run().startswith("built:"), f"{changed.relative_to(engine)} changed: the site is built again"
