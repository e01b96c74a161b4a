"""Every timed event also shows its time in the reader's reference zone (site.yaml
`reference_zone`; WIB for Indonesian and UTC for English unless set)."""
from __future__ import annotations

import re

import pytest

from .conftest import build, make_site


def event_lines(page: str) -> list[str]:
    """The text of each event's time line, tags removed, spaces collapsed."""
    lines = re.findall(r'<p class="event-when">(.*?)</p>', page, re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", line).split()) for line in lines]


def timeline(root, lang: str, slug: str) -> tuple[str, list[str]]:
    page = (root / "output" / lang / slug / "index.html").read_text(encoding="utf-8")
    return page, event_lines(page)


def test_default_reference_zones_show_each_time_once_more(tmp_path):
    root = make_site(tmp_path, base="second-story")
    run = build(root)
    assert run.code == 0, run.err
    page, lines = timeline(root, "id", "linimasa")
    # Tokyo 02.22 UTC+9 is 00.22 WIB the same day; Jakarta at UTC+7 is WIB itself: shown once;
    # São Paulo 10.00 UTC−3 is 20.00 WIB.
    assert any(line.startswith("02.22, UTC+9 · 00.22 WIB ") for line in lines), lines
    assert any(line.startswith("09.30, UTC+7 Jakarta") for line in lines), lines
    assert any(line.startswith("10.00") and "· 20.00 WIB " in line for line in lines), lines
    assert '<time datetime="2025-06-02T02:22+09:00">' in page  # the event's own local time
    page, lines = timeline(root, "en", "timeline")
    # In UTC the Tokyo event is still the day before: the reference says which day.
    assert any(line.startswith("02:22, UTC+9 · 17:22 UTC, 1 Jun") for line in lines), lines
    assert any(line.startswith("09:30, UTC+7 · 02:30 UTC ") for line in lines), lines
    assert any(line.startswith("10:00") and "· 13:00 UTC " in line for line in lines), lines
    assert not any("UTC" in line for line in lines if not re.match(r"\d", line)), lines  # date-only: no time


def test_a_place_with_a_zone_name_is_converted_and_an_equal_offset_shows_once(tmp_path):
    root = make_site(tmp_path)
    (root / "content" / "site.yaml").write_text(
        (root / "content" / "site.yaml").read_text(encoding="utf-8")
        + "reference_zone: {id: Asia/Yakutsk, en: America/Sao_Paulo}\n", encoding="utf-8")
    run = build(root)
    assert run.code == 0, run.err
    _, lines = timeline(root, "id", "linimasa")
    amur = [line for line in lines if "waktu Amur (UTC+9)" in line and line[0].isdigit()]
    assert amur and all("·" not in line for line in amur), amur  # Yakutsk is the event's own offset
    washington = [line for line in lines if "waktu Washington (UTC−4)" in line]
    assert washington and all("· 02.41 UTC+9, 14 Sep" in line for line in washington), washington
    _, lines = timeline(root, "en", "timeline")
    assert any(line.startswith("13:09 Amur time (UTC+9) · 01:09 UTC−3 ") for line in lines), lines


@pytest.mark.parametrize("value, message, hint", [
    ("UTC", "'reference_zone' must give a time zone per language, got text",
     "write 'reference_zone: {id: Asia/Jakarta, en: UTC}'"),
    ("{fr: UTC}", "site.yaml 'reference_zone': unknown language 'fr'", "configured languages: id, en"),
    ("{id: Asia}", "the 'id' reference zone must be a time zone name, got 'Asia'", "use a full zone name, e.g. Asia/"),
])
def test_a_reference_zone_that_is_not_a_zone_per_language_is_an_error(tmp_path, value, message, hint):
    root = make_site(tmp_path)
    site = root / "content" / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + f"reference_zone: {value}\n", encoding="utf-8")
    run = build(root)
    assert run.code == 1 and message in run.err and hint in run.err, run.err
    assert not (root / "output").exists()


def test_a_bad_reference_zone_is_reported_with_line_and_hint(tmp_path):
    root = make_site(tmp_path, "error-reference-zone")
    run = build(root)
    assert run.code == 1
    assert ("content/site.yaml:8:36: error: site.yaml 'reference_zone': the 'en' reference zone must be a time "
            "zone name, got 'Europe/Londn'") in run.err, run.err
    assert "hint: use a zone name of the form Region/City" in run.err
    assert not (root / "output").exists()


def test_any_other_language_defaults_to_utc(tmp_path):
    from .test_defaults import relabel_english

    root = make_site(tmp_path)
    relabel_english(root, "de", "Deutsch", "de_DE")
    run = build(root)
    assert run.code == 0, run.err
    _, lines = timeline(root, "de", "timeline")
    assert any(line.startswith("13:09 Amur time (UTC+9) · 04:09 UTC ") for line in lines), lines
