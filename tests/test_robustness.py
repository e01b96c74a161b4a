"""Nothing is lost: outward symlinks refused, foreign files kept, crashes leave output intact."""
from __future__ import annotations

from pathlib import Path

import pytest

from penjelas.render import pages

from .conftest import build, make_site


def snapshot(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


@pytest.mark.parametrize("link", ["content/sections/extra.en.md", "content/people.yaml", "assets/secret.txt",
                                  "templates/partials/secret.html", "content/linked-folder"])
def test_symlink_pointing_outside_the_site_is_refused(tmp_path, link):
    root = make_site(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "file").write_text("not part of the site\n")
    target = root / link
    if target.exists():
        target.unlink()
    target.symlink_to(outside if link.endswith("folder") else outside / "file")
    result = build(root)
    assert result.code == 1
    assert f"{link}:1: error: symlink points outside the site root" in result.err
    assert not (root / "output").exists()


def test_symlink_inside_the_site_is_fine(tmp_path):
    root = make_site(tmp_path)
    (root / "assets/copy.css").symlink_to(root / "assets/style.css")
    assert build(root).code == 0
    [copy] = (root / "output/assets").glob("copy.*.css")
    [style] = (root / "output/assets").glob("style.*.css")
    assert copy.read_bytes() == style.read_bytes()  # the linked stylesheet, published the same way


def test_output_symlink_is_refused(tmp_path):
    root = make_site(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "output").symlink_to(elsewhere)
    result = build(root)
    assert result.code == 2 and "is a symlink" in result.err
    assert list(elsewhere.iterdir()) == []


def test_files_someone_else_put_in_the_output_are_kept(tmp_path):
    root = make_site(tmp_path)
    assert build(root).code == 0
    (root / "output/CNAME").write_text("news.example.org\n")
    (root / "output/en/notes.txt").write_text("mine\n")
    (root / "content/sections/reply.en.md").unlink()
    (root / "content/sections/reply.id.md").unlink()
    timeline = root / "content/timeline.yaml"
    timeline.write_text(timeline.read_text().replace("  section: reply\n", ""))
    assert build(root).code == 0
    assert (root / "output/CNAME").read_text() == "news.example.org\n"
    assert (root / "output/en/notes.txt").read_text() == "mine\n"
    assert not (root / "output/en/reply").exists(), "what penjelas wrote and no longer makes is removed"


def test_crash_while_rendering_leaves_the_previous_output_intact(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    assert build(root).code == 0
    before = snapshot(root / "output")
    original = pages.render_page

    def crash_on_timeline(renderer, page, *args, **kwargs):
        if page.kind == "timeline" and page.lang == "en":
            raise RuntimeError("injected crash")
        return original(renderer, page, *args, **kwargs)

    monkeypatch.setattr(pages, "render_page", crash_on_timeline)
    (root / "content/sections/meeting.en.md").write_text(
        (root / "content/sections/meeting.en.md").read_text().replace("The two leaders met", "Changed"))
    with pytest.raises(RuntimeError, match="injected crash"):  # a programming error: traceback, not a message
        build(root)
    assert snapshot(root / "output") == before
    assert sorted(p.name for p in root.iterdir() if p.name.startswith(".")) == [".penjelas-cache"]  # the card cache


def test_crash_while_writing_leaves_the_previous_output_intact(tmp_path, monkeypatch):
    root = make_site(tmp_path)
    assert build(root).code == 0
    before = snapshot(root / "output")
    calls = {"n": 0}
    real = Path.write_bytes

    def failing_write(self, data):
        calls["n"] += 1
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        return real(self, data)

    monkeypatch.setattr(Path, "write_bytes", failing_write)
    result = build(root, "--force")
    monkeypatch.undo()
    assert result.code == 1 and "Traceback" not in result.err
    assert "error: could not write the file: No space left on device (ENOSPC)" in result.err
    assert snapshot(root / "output") == before
    assert not [p for p in root.iterdir() if p.name.startswith(".output")], "the staging folder is removed"


def test_build_never_writes_outside_its_output_folder(tmp_path):
    root = make_site(tmp_path)
    before = {p for p in tmp_path.rglob("*")}
    out = tmp_path / "site" / "output"
    assert build(root).code == 0
    created = {p for p in tmp_path.rglob("*")} - before
    cache = root / ".penjelas-cache"  # the one other thing a build writes: its card cache, in the site folder
    assert created and all(p == out or out in p.parents or p == cache or cache in p.parents for p in created)
    assert {p.suffix for p in (cache / "cards").iterdir()} == {".png"}
