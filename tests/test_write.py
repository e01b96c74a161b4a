"""The writer: nothing lands outside the output folder, published files get normal
permissions, a failed write leaves the old site, leftovers of killed builds are cleaned."""
from __future__ import annotations

import errno
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from penjelas.render.renderer import Output
from penjelas.write.staging import Staging, UnsafePath, WriteFailed, copy_assets, write_changed

from .conftest import REPO, build, make_site

BAD_PAGE_SLUGS = ["../../x", ".", "..", "a/b", "/abs", "x?y#z", "Timeline"]


@pytest.mark.parametrize("slug", BAD_PAGE_SLUGS)
def test_a_page_slug_that_is_not_a_slug_is_refused_with_its_line(tmp_path, slug):
    root = make_site(tmp_path)
    config = root / "content" / "site.yaml"
    config.write_text(config.read_text().replace("en: timeline}", f"en: '{slug}'}}"), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert f"content/site.yaml:9:" in result.err
    assert f"error: site.yaml 'pages' 'timeline': '{slug}' is not a valid slug" in result.err
    assert "hint: use lowercase letters, digits and dashes, e.g. '" in result.err
    assert "Traceback" not in result.err
    assert not (root / "output").exists() and not (tmp_path / "x").exists()
    assert [p.name for p in root.parent.iterdir()] == ["site"]


def test_the_hint_suggests_a_safe_version_of_the_authors_own_slug(tmp_path):
    root = make_site(tmp_path)
    config = root / "content" / "site.yaml"
    config.write_text(config.read_text().replace("en: people}", "en: '../Our People?'}"), encoding="utf-8")
    result = build(root)
    assert "content/site.yaml:11:23: error: site.yaml 'pages' 'people': '../Our People?' is not a valid slug\n" \
           "    hint: use lowercase letters, digits and dashes, e.g. 'our-people'" in result.err


def test_a_section_slug_that_is_not_a_slug_is_refused_with_a_hint_of_its_own(tmp_path):
    root = make_site(tmp_path)
    section = root / "content" / "sections" / "meeting.en.md"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("slug: meeting", "slug: ../Meeting"), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert "content/sections/meeting.en.md:3:1: error: front matter: '../Meeting' is not a valid slug\n" \
           "    hint: use lowercase letters, digits and dashes, e.g. 'meeting'" in result.err
    assert not (root / "output").exists()


@pytest.mark.parametrize("pages, expected", [
    ("people: {id: sumber, en: people}", "content/site.yaml:11:3: error: site.yaml 'pages': "
                                         "the 'id' slug 'sumber' is already used by the sources page"),
    ("people: {id: tokoh, en: feed.xml}", "content/site.yaml:11:3: error: site.yaml 'pages': "
                                          "the 'en' slug 'feed.xml' is already used by the language's feed"),
    ("people: {id: 404.html, en: people}", "the 'id' slug '404.html' is already used by the language's 404 page"),
])
def test_a_page_slug_that_names_another_file_of_the_language_is_refused(tmp_path, pages, expected):
    root = make_site(tmp_path)
    config = root / "content" / "site.yaml"
    config.write_text(config.read_text().replace("people: {id: tokoh, en: people}", pages), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert expected in result.err
    assert not (root / "output").exists()


def test_a_language_code_that_names_a_top_level_file_is_refused(tmp_path):
    root = make_site(tmp_path)
    config = root / "content" / "site.yaml"
    config.write_text(config.read_text().replace("code: en,", "code: assets,"), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert "content/site.yaml:3:6: error: language 2: language code 'assets' is the name of a file or folder" \
           in result.err
    assert not (root / "output").exists()


UNSAFE_NAMES = ["../x", "/abs", "a/../../x", "", ".", "a//b"]


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_staging_refuses_a_path_outside_its_folder(tmp_path, name):
    staging = Staging(tmp_path / "out" / "output")
    with pytest.raises(UnsafePath, match="is not a path inside"):
        staging.write(Output(name, b"x", frozenset()))
    staging.discard()
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["out"]


@pytest.mark.parametrize("name", UNSAFE_NAMES)
def test_write_changed_refuses_a_path_outside_its_folder(tmp_path, name):
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(UnsafePath):
        write_changed([Output(name, b"x", frozenset())], out)
    assert list(tmp_path.rglob("*")) == [out]


def test_the_writer_does_not_follow_a_symlinked_folder_out(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        write_changed([Output("link/index.html", b"x", frozenset())], out)
    staging = Staging(tmp_path / "output")
    (staging.folder / "link").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        staging.write(Output("link/index.html", b"x", frozenset()))
    staging.discard()
    root = tmp_path / "site"
    (root / "assets").mkdir(parents=True)
    (root / "assets" / "a.css").write_text("x")
    (out / "assets").symlink_to(outside, target_is_directory=True)
    with pytest.raises(UnsafePath):
        copy_assets(root, out, {"assets/a.css"})
    assert list(outside.iterdir()) == []


@pytest.mark.parametrize("umask, folders, files", [(0o022, 0o755, 0o644), (0o027, 0o750, 0o640)])
def test_published_folders_and_files_get_the_modes_the_umask_gives(tmp_path, umask, folders, files):
    root = make_site(tmp_path)
    old = os.umask(umask)
    try:
        result = build(root)
        assert result.code == 0, result.err
        (root / "content" / "overview.en.md").write_text(
            (root / "content" / "overview.en.md").read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
        assert build(root).code == 0  # a second build swaps a new folder in
    finally:
        os.umask(old)
    out = root / "output"
    found = [out, *out.rglob("*")]
    assert any(p.is_dir() for p in found[1:]) and any(p.is_file() for p in found)
    for path in found:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode == (folders if path.is_dir() else files), f"{path.relative_to(root)}: {oct(mode)}"


@pytest.mark.parametrize("name", ["content/sections/extra.en.md", "content/notes.txt", "assets/extra.css",
                                  "templates/extra.html", "translations/fr.yaml"])
def test_a_fifo_among_the_inputs_is_refused_without_being_opened(tmp_path, name):
    root = make_site(tmp_path)
    os.mkfifo(root / name)
    # a separate process, so a build that opens the FIFO (and waits for a writer forever) fails the test
    result = subprocess.run([sys.executable, str(REPO / "build.py"), "--root", str(root)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr
    assert f"{name}:1: error: {name} is not a regular file: it is a FIFO (named pipe)\n" \
           f"    hint: remove it (rm {name}); only regular files belong in {name.split('/')[0]}/" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "output").exists()


def test_a_fifo_saved_while_the_dev_server_runs_is_refused_by_the_rebuild(tmp_path):
    from penjelas.build.pipeline import BuildOptions, SiteBuilder

    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    assert builder.build().written
    section = root / "content" / "sections" / "meeting.en.md"
    section.unlink()
    os.mkfifo(section)
    result = builder.rebuild({"content/sections/meeting.en.md"})
    assert not result.written
    assert any(p.message == "content/sections/meeting.en.md is not a regular file: it is a FIFO (named pipe)"
               for p in result.problems.errors)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def fail_on(monkeypatch, owner, name, error, after=0, when=lambda *args: True):
    """Make owner.name raise OSError(error) from its (after+1)th call for which `when` holds."""
    original, calls = getattr(owner, name), []

    def failing(*args, **kwargs):
        if when(*args):
            calls.append(args)
            if len(calls) > after:
                raise OSError(error, os.strerror(error))
        return original(*args, **kwargs)
    monkeypatch.setattr(owner, name, failing)
    return calls


def edit(root):
    overview = root / "content" / "overview.en.md"
    overview.write_text(overview.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")


@pytest.mark.parametrize("error, fix", [(errno.ENOSPC, "free some disk space"), (errno.EDQUOT, "free some disk space"),
                                        (errno.EROFS, "the disk is read-only"),
                                        (errno.EACCES, "you may not write there")])
def test_a_full_disk_while_pages_are_written_leaves_the_old_site(tmp_path, monkeypatch, error, fix):
    root = make_site(tmp_path)
    assert build(root).code == 0
    before = snapshot(root / "output")
    edit(root)
    fail_on(monkeypatch, Path, "write_bytes", error, after=3)
    result = build(root)
    assert result.code == 1
    assert "Traceback" not in result.err
    first = result.err.splitlines()[0]
    assert first.startswith(str(root / "output") + "/") and first.endswith(
        f": error: could not write the file: {os.strerror(error)} ({errno.errorcode[error]})"), first
    assert f"    hint: nothing was published: the previous site in {root / 'output'} is intact; {fix}" in result.err
    assert result.err.rstrip().endswith("NOT built (output left unchanged): a file could not be written")
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


@pytest.mark.parametrize("step", ["copyfile", "swap"])
def test_a_failure_while_finishing_leaves_the_old_site(tmp_path, monkeypatch, step):
    root = make_site(tmp_path)
    assert build(root).code == 0
    before = snapshot(root / "output")
    edit(root)
    if step == "copyfile":
        fail_on(monkeypatch, shutil, "copyfile", errno.ENOSPC)
    else:  # the second rename of the swap: output/ was already moved aside and must come back
        fail_on(monkeypatch, Path, "rename", errno.EIO, when=lambda path, target: path.name.startswith(".output.new-"))
    result = build(root)
    assert result.code == 1 and "Traceback" not in result.err
    assert "error: could not write the file: " in result.err and "is intact" in result.err
    assert snapshot(root / "output") == before
    assert leftovers(root) == []


def test_an_output_folder_that_cannot_be_made_is_reported(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    fail_on(monkeypatch, tempfile, "mkdtemp", errno.EROFS)
    result = build(root)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err.startswith(f"{root}: error: could not write the file: Read-only file system (EROFS)\n"
                                 f"    hint: nothing was published ({root / 'output'} was not created)")


def builder_of(root):
    from penjelas.build.pipeline import BuildOptions, SiteBuilder

    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    assert builder.build().written
    return builder


def test_a_failed_write_of_a_rebuild_leaves_no_half_written_or_temporary_file(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    builder = builder_of(root)
    page = root / "output" / "en" / "index.html"
    before = page.read_bytes()
    edit(root)
    with monkeypatch.context() as patch:
        fail_on(patch, os, "replace", errno.ENOSPC)
        with pytest.raises(WriteFailed) as failed:
            builder.rebuild({"content/overview.en.md"})
    assert str(failed.value).startswith(f"{page}: error: could not write the file: No space left on device (ENOSPC)\n"
                                        "    hint: no file is half-written")
    assert page.read_bytes() == before
    assert [p.name for p in (root / "output").rglob(".*tmp-*")] == []
    assert builder.rebuild(set()).written  # the failed change is still to do: the next rebuild writes it
    assert page.read_bytes() != before and b"A new paragraph." in page.read_bytes()


def test_a_failed_asset_copy_of_a_rebuild_leaves_no_temporary_file(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    builder_of(root)
    css = sorted((root / "assets").rglob("*.css"))[0]
    site_path = css.relative_to(root).as_posix()
    before = (root / "output" / site_path).read_bytes()
    css.write_text(css.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    fail_on(monkeypatch, os, "replace", errno.ENOSPC)
    with pytest.raises(WriteFailed, match="no file is half-written"):
        copy_assets(root, root / "output", {site_path})
    assert (root / "output" / site_path).read_bytes() == before
    assert [p.name for p in (root / "output").rglob(".*tmp-*")] == []


SLOW_BUILD = """
import sys, time
import penjelas.write.staging as write
original = write.Staging.write
def slow(self, output):
    result = original(self, output)
    print("staging", self.folder.name, flush=True)
    time.sleep(120)
    return result
write.Staging.write = slow
from penjelas.commands.cli import main
sys.exit(main(sys.argv[1:]))
"""


def dead_pid():
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def leftovers(root):
    """What builds left in the site folder: hidden names, but the card cache (kept on purpose)."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".") and p.name != ".penjelas-cache")


def test_a_killed_build_leaves_nothing_the_next_build_does_not_clean(tmp_path):
    root = make_site(tmp_path)
    assert build(root).code == 0
    edit(root)
    killed = []
    for _ in range(2):  # two builds killed with SIGKILL while their staging folder is half-written
        process = subprocess.Popen([sys.executable, "-c", SLOW_BUILD, "--root", str(root), "--force"],
                                   cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = process.stdout.readline()
        assert line.startswith(f"staging .output.new-{process.pid}-"), line + process.stderr.read()
        process.kill()
        process.wait()
        process.stdout.close(), process.stderr.close()
        killed.append(line.split()[1])
        assert leftovers(root) == killed[-1:]  # the second build already removed the first's folder
    (root / f".output.old-{dead_pid()}").mkdir()  # a build killed between its two renames
    assert len(leftovers(root)) == 2
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    try:
        running = root / f".output.new-{live.pid}-abc123"  # a build still running beside ours
        running.mkdir()
        result = build(root)
        assert result.code == 0, result.err
        assert leftovers(root) == [running.name]
    finally:
        live.kill()
        live.wait()
    assert b"A new paragraph." in (root / "output" / "en" / "index.html").read_bytes()
    fresh = make_site(tmp_path / "fresh")
    edit(fresh)
    assert build(fresh).code == 0
    assert snapshot(root / "output").keys() == snapshot(fresh / "output").keys()


def test_a_killed_rebuilds_temporary_file_is_not_published(tmp_path):
    root = make_site(tmp_path)
    assert build(root).code == 0
    pid = dead_pid()
    temporary = root / "output" / "en" / f".index.html.tmp-{pid}"
    temporary.write_bytes(b"<!doctype html><p>half a pa")
    (root / "output" / f".penjelas-output.tmp-{pid}").write_bytes(b"This folder")
    (root / "output" / "en" / ".htaccess").write_bytes(b"kept")  # an author's own dotfile is kept
    edit(root)
    result = build(root)
    assert result.code == 0, result.err
    names = [p.relative_to(root / "output").as_posix() for p in (root / "output").rglob(".*")]
    assert sorted(names) == [".penjelas-output", ".penjelas-state.json", "en/.htaccess"]
    assert ".tmp-" not in (root / "output" / ".penjelas-output").read_text(encoding="utf-8")


@pytest.mark.parametrize("name, safe", [("my logo.svg", "my-logo.svg"), ("x?y#z.css", "x-y-z.css"),
                                        ("100%.png", "100.png")])
def test_an_asset_name_that_cannot_be_part_of_an_address_is_refused(tmp_path, name, safe):
    root = make_site(tmp_path)
    (root / "assets" / name).write_bytes(b"x")
    result = build(root)
    assert result.code == 1
    assert f"assets/{name}:1: error: asset name '{name}' cannot be part of an address (it is published as " \
           f"assets/{name})\n    hint: rename it to use only letters, digits, '.', '-' and '_', e.g. '{safe}'" \
           in result.err
    assert not (root / "output").exists()


def test_a_folder_of_assets_with_such_a_name_is_refused_once(tmp_path):
    root = make_site(tmp_path)
    (root / "assets" / "My Fonts").mkdir()
    (root / "assets" / "My Fonts" / "a.woff2").write_bytes(b"x")
    result = build(root)
    assert result.code == 1
    assert result.err.count("error: asset name") == 1 and "assets/My Fonts:1: error:" in result.err


def test_an_asset_with_such_a_name_saved_while_the_dev_server_runs_is_refused(tmp_path):
    root = make_site(tmp_path)
    builder = builder_of(root)
    (root / "assets" / "my logo.svg").write_bytes(b"<svg/>")
    result = builder.rebuild({"assets/my logo.svg"})
    assert not result.written
    assert [p.location.path for p in result.problems.errors] == ["assets/my logo.svg"]
    assert not (root / "output" / "assets" / "my logo.svg").exists()


def test_serve_shows_a_full_disk_at_its_first_build_as_a_problem(tmp_path, monkeypatch):
    from penjelas.build.pipeline import BuildOptions, SiteBuilder
    from penjelas.serve.preview import ServeState
    from penjelas.serve.server import Rebuilder

    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    state = ServeState(root / "output")
    rebuilder = Rebuilder(builder, state, loop=None)
    fail_on(monkeypatch, Path, "write_bytes", errno.ENOSPC)
    result = rebuilder.attempt(builder.build)  # what `serve` runs first: it then serves the problem page
    assert result is not None and not result.ok and state.crash is None
    [problem] = result.problems.errors
    assert "error: could not write the file: No space left on device (ENOSPC)" in problem.format()
    assert f"nothing was published ({root / 'output'} was not created)" in problem.format()
    assert not (root / "output").exists()
    assert rebuilder.crashed, "the next save builds everything"


def test_a_full_disk_in_a_render_worker_is_reported_like_one_in_the_parent(tmp_path, monkeypatch):
    from penjelas.build.pipeline import BuildOptions, SiteBuilder
    from penjelas.render import parallel

    monkeypatch.setattr(parallel, "PARALLEL_MIN_PAGES", 1)  # the fixture site is small
    monkeypatch.setattr(parallel, "BATCH", 2)
    root = make_site(tmp_path)
    fail_on(monkeypatch, Path, "write_bytes", errno.ENOSPC, when=lambda path, data: path.name == "index.html"
            and path.parent.name == "people")  # a page the workers render (not the first one)
    with pytest.raises(WriteFailed) as failed:
        SiteBuilder(BuildOptions(root, root / "output", workers=2)).build()
    assert str(failed.value) == (f"{root / 'output' / 'en' / 'people' / 'index.html'}: error: could not write the "
                                 "file: No space left on device (ENOSPC)\n    hint: nothing was published "
                                 f"({root / 'output'} was not created); free some disk space, then build again")
    assert leftovers(root) == [] and not (root / "output").exists()


def test_a_full_disk_on_the_first_build_does_not_speak_of_a_previous_site(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    fail_on(monkeypatch, Path, "write_bytes", errno.ENOSPC, after=3)
    result = build(root)
    assert result.code == 1
    assert f"    hint: nothing was published ({root / 'output'} was not created); free some disk space" in result.err
    assert "previous site" not in result.err and "left unchanged" not in result.err
    assert result.err.rstrip().endswith("NOT built (no output written): a file could not be written")
    assert not (root / "output").exists()


def test_a_stylesheet_is_published_without_comments_or_white_space_and_strings_kept(tmp_path):
    from penjelas.render.assets import published_bytes

    css = tmp_path / "style.css"
    css.write_text('/* the page } */\nbody, p > a {\n  color: red; /* why */\n\n\n  content: "/* kept */ { a, b; }";\n'
                   "  font: 1rem 'A B' , serif;\n}\n@media (width > 40rem) {\n  p { margin: 0 auto; }\n}\n", encoding="utf-8")
    assert published_bytes(css).decode() == \
        'body,p > a{color: red;\ncontent: "/* kept */ { a, b; }";font: 1rem \'A B\',serif;}' \
        "@media (width > 40rem){p{margin: 0 auto;}}"
    other = tmp_path / "logo.svg"
    other.write_text("<svg><!-- kept --></svg>\n  \n", encoding="utf-8")
    assert published_bytes(other) == other.read_bytes()
