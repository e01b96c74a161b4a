"""Translation workflow: staleness, marks, the translations command, and what readers see."""
from __future__ import annotations

import io
import contextlib
import subprocess


from penjelas.commands.cli import main

from .conftest import build, make_site, soup


def translations(root, *args: str):
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--root", str(root), "translations", *args])
    return code, stdout.getvalue(), stderr.getvalue()


def row(table: str, item: str) -> list[str]:
    return next(line.split() for line in table.splitlines() if line.split()[:1] == [item])


def test_in_sync_pair_is_ok_everywhere(tmp_path):
    root = make_site(tmp_path)
    result = build(root, "--strict")
    assert result.code == 0, result.err
    code, out, _ = translations(root)
    assert code == 0
    assert row(out, "meeting") == ["meeting", "original", "ok"]
    assert row(out, "timeline.meet") == ["timeline.meet", "original", "ok"]
    assert out.strip().splitlines()[-1].endswith("0 stale, 0 missing, 0 draft, 0 untracked")
    assert "stale-notice" not in (root / "output/en/meeting/index.html").read_text()


def test_edited_original_makes_the_translation_stale(tmp_path):
    root = make_site(tmp_path, "stale-original")
    result = build(root)
    assert result.code == 0
    assert ("content/sections/meeting.en.md:7: warning: stale translation: meeting.id.md changed since it was "
            "translated (translated from 2c855bc59280, original now 285d81c88f85)") in result.err
    assert f"run `python build.py --root {root} translations --mark meeting.en`" in result.err
    assert build(root, "--strict").code == 1
    code, out, _ = translations(root)
    assert row(out, "meeting") == ["meeting", "original", "stale"]


def test_readers_of_a_stale_translation_see_a_notice_linking_to_the_original(tmp_path):
    root = make_site(tmp_path, "stale-original")
    assert build(root).code == 0
    notice = soup(root / "output/en/meeting/index.html").find(class_="stale-notice")
    assert " ".join(notice.get_text().split()) == (
        "This page was translated from an earlier version of the Indonesian original, "
        "updated on 13 September 2023. Read the original")
    assert notice.a["href"] == "../../id/pertemuan/" and notice.a["hreflang"] == "id"
    assert soup(root / "output/id/pertemuan/index.html").find(class_="stale-notice") is None


def test_edited_entry_text_makes_that_entry_stale(tmp_path):
    root = make_site(tmp_path)
    timeline = root / "content/timeline.yaml"
    timeline.write_text(timeline.read_text().replace("Pertemuan dimulai.", "Pertemuan resmi dimulai."))
    result = build(root)
    assert "content/timeline.yaml:1:3: warning: stale translation: event 'meet' (en): its 'id' text changed" in result.err
    assert "--mark timeline.meet.en" in result.err


def test_translation_without_fingerprint_is_reported(tmp_path):
    root = make_site(tmp_path, "unmarked")
    result = build(root)
    assert ("content/sections/meeting.en.md:1: warning: translation not marked: no fingerprint of meeting.id.md"
            in result.err)
    assert build(root, "--strict").code == 1
    assert row(translations(root)[1], "meeting") == ["meeting", "original", "untracked"]


def test_missing_and_draft_translations_in_the_table(tmp_path):
    root = make_site(tmp_path, "untranslated", "draft")
    (root / "content/sections/later.id.md").write_text(  # published, after 'extra' (order 3)
        (root / "content/sections/later.id.md").read_text().replace("draft: true\n", "").replace("order: 3", "order: 4"))
    code, out, _ = translations(root)
    assert row(out, "extra") == ["extra", "original", "missing"]
    assert row(out, "later") == ["later", "original", "draft"]


def test_a_translation_in_draft_is_a_note_not_a_missing_translation_even_with_strict(tmp_path):
    root = make_site(tmp_path)
    draft = root / "content/sections/reply.en.md"
    draft.write_text(draft.read_text(encoding="utf-8").replace("order: 2", "order: 2\ndraft: true"), encoding="utf-8")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    assert ("content/sections/reply.en.md:6:1: note: 'reply' in 'en' is a draft (content/sections/reply.en.md); "
            "it is published when draft: true is removed\n    hint: until then en readers are led to the page of "
            "content/sections/reply.id.md, with a note that it exists only in 'id'") in result.err
    assert "missing translation" not in result.err and "0 warnings" in result.out
    page = soup(root / "output/id/jawaban/index.html")  # the draft is missing for readers: led to the original
    switcher = page.select_one('.switcher a[lang="en"]')
    assert switcher["href"] == "#untranslated-en" and switcher["hreflang"] == "id"
    assert page.find(id="untranslated-en").get_text(" ", strip=True).startswith(
        "This part of the story is only available in Indonesian.")
    card = soup(root / "output/en/index.html").select(".cards .card")[1]
    assert card.h3.a["href"] == "../id/jawaban/" and card.h3.a["lang"] == "id"
    assert not (root / "output/en/reply").exists()
    assert "note:" not in build(root, "--drafts", "--strict").err  # published with --drafts: nothing to say
    code, out, _ = translations(root)
    assert code == 0 and row(out, "reply") == ["reply", "original", "draft"]


def test_mark_records_the_fingerprint_and_keeps_every_other_byte(tmp_path):
    root = make_site(tmp_path, "stale-original")
    page = root / "content/sections/meeting.en.md"
    before = page.read_bytes().replace(b"\n", b"\r\n")
    page.write_bytes(before)  # CRLF endings must survive too
    code, out, _ = translations(root, "--mark", "meeting.en")
    assert code == 0 and "marked meeting.en as translated from 285d81c88f85 (was stale)" in out
    after = page.read_bytes()
    assert after == before.replace(b'translation_of: "2c855bc59280"', b'translation_of: "285d81c88f85"')
    assert build(root, "--strict").code == 0


def test_mark_inserts_the_field_when_absent(tmp_path):
    root = make_site(tmp_path, "unmarked")
    page = root / "content/sections/meeting.en.md"
    before = page.read_text()
    assert translations(root, "--mark", "meeting.en")[0] == 0
    lines = page.read_text().splitlines(keepends=True)
    assert "".join(line for line in lines if not line.startswith("translation_of:")) == before
    assert build(root, "--strict").code == 0


def test_mark_rewrites_one_yaml_entry_only(tmp_path):
    root = make_site(tmp_path)
    timeline = root / "content/timeline.yaml"
    timeline.write_text(timeline.read_text().replace("Pertemuan dimulai.", "Pertemuan resmi dimulai."))
    before = timeline.read_text().splitlines()
    code, out, _ = translations(root, "--mark", "timeline.meet.en")
    assert code == 0
    after = timeline.read_text().splitlines()
    changed = [(a, b) for a, b in zip(before, after) if a != b]
    assert len(before) == len(after) and len(changed) == 1
    assert changed[0][0].startswith('  translation_of: {en: "') and changed[0][1].startswith('  translation_of: {en: "')
    assert build(root, "--strict").code == 0


def test_mark_with_unknown_item_explains(tmp_path):
    root = make_site(tmp_path)
    code, _, err = translations(root, "--mark", "meetin.en")
    assert code == 1
    assert "error: no translated item matches 'meetin.en'" in err


def test_ui_strings_missing_from_a_language_and_unused_ones(tmp_path):
    root = make_site(tmp_path)
    strings = root / "translations/en.yaml"
    strings.write_text(strings.read_text().replace("  previous: Previous\n", "") + "orphan:\n  key: Nobody uses me\n")
    code, out, _ = translations(root)
    assert "  en: 1 missing: pager.previous" in out
    assert "  id: 1 missing: orphan.key" in out
    assert "unused (no template asks for them): orphan.key" in out
    result = build(root)
    assert result.code == 0
    assert "translations/en.yaml: warning: UI string 'pager.previous' is missing; the default language's text is used" \
        in result.err
    assert "Sebelumnya" in (root / "output/en/reply/index.html").read_text()
    assert build(root, "--strict").code == 1


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_AUTHOR_DATE": "2023-09-15T10:00:00+00:00",
                        "GIT_COMMITTER_DATE": "2023-09-15T10:00:00+00:00", "PATH": "/usr/bin:/bin"})


def test_diff_shows_how_the_original_changed_since_the_translated_version(tmp_path):
    root = make_site(tmp_path)
    git(root, "init", "-q")
    git(root, "add", "content")
    git(root, "commit", "-qm", "translated")
    original = root / "content/sections/meeting.id.md"
    original.write_text(original.read_text().replace("Kedua pemimpin bertemu", "Kedua pemimpin akhirnya bertemu"))
    git(root, "commit", "-qam", "original edited")
    code, out, _ = translations(root, "--diff")
    assert code == 0
    assert "== meeting.en: content/sections/meeting.id.md since 2c855bc59280" in out
    assert "-Kedua pemimpin bertemu [@alpha]." in out
    assert "+Kedua pemimpin akhirnya bertemu [@alpha]." in out
    assert "(2023-09-15)" in out


def test_diff_without_git_says_so(tmp_path):
    root = make_site(tmp_path, "stale-original")
    code, out, _ = translations(root, "--diff")
    assert code == 0
    assert "no git history here" in out or "no committed version" in out


def test_unquoted_digit_fingerprint_is_explained(tmp_path):
    root = make_site(tmp_path)
    timeline = root / "content/timeline.yaml"
    text = timeline.read_text()
    start = text.index('translation_of: {en: "') + len("translation_of: {en: ")
    timeline.write_text(text[:start] + "364804772760}" + text[text.index("}", start) + 1:])
    result = build(root)
    assert result.code == 1
    assert "content/timeline.yaml:2:3: error: event 'meet': the 'en' fingerprint in 'translation_of' must be quoted text" \
        in result.err


def unmark_everything(root) -> None:
    """Drop every translation mark of the site (12 translations into 'en' in the basic site)."""
    for path in (root / "content").rglob("*"):
        if path.is_file() and path.suffix in (".md", ".yaml"):
            lines = path.read_text().splitlines(keepends=True)
            path.write_text("".join(line for line in lines if not line.lstrip().startswith("translation_of:")))


def test_many_unmarked_translations_print_as_one_line_with_the_command_that_marks_them(tmp_path):
    root = make_site(tmp_path)
    unmark_everything(root)
    result = build(root)
    assert result.code == 0
    warnings = [line for line in result.err.splitlines() if "warning:" in line]
    assert warnings == ["warning: 12 translations into 'en' are not marked (content/overview.en.md:1, "
                        "content/people.yaml:1:3, content/people.yaml:6:3 and 9 more; -v lists each)"]
    assert "hint: once every 'en' text matches its original, run " \
           f"`python build.py --root {root} translations --mark '*.en'`" in result.err
    assert "12 warnings" in build(root, "--strict").err  # still counted one by one
    verbose = build(root, "-v", "--force")
    listed = [line for line in verbose.err.splitlines() if "warning: translation not marked" in line]
    assert len(listed) == 12 and listed[0].startswith("content/overview.en.md:1: warning:")
    assert "are not marked" not in verbose.err
    assert translations(root, "--mark", "*.en")[0] == 0  # the command in the hint clears them all
    assert build(root, "--strict").code == 0


def test_a_few_unmarked_translations_are_listed_one_by_one(tmp_path):
    root = make_site(tmp_path, "unmarked")
    result = build(root)
    assert "content/sections/meeting.en.md:1: warning: translation not marked" in result.err
    assert "are not marked" not in result.err


def test_errors_print_in_full_before_folded_warnings(tmp_path):
    root = make_site(tmp_path, "error-unknown-citation")
    unmark_everything(root)
    result = build(root)
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if not line.startswith(" ")]
    assert lines[0].startswith("content/sections/meeting.id.md:11: error: citation of unknown source 'alpah'")
    assert lines[1].startswith("warning: 12 translations into 'en' are not marked")
    assert lines[2].startswith("NOT built")


def test_an_unchanged_build_replays_the_folded_line(tmp_path):
    root = make_site(tmp_path)
    unmark_everything(root)
    first = build(root)
    again = build(root)
    assert "up to date" in again.out
    assert again.err == first.err
