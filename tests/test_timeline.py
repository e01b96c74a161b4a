"""The timeline as authors write it: ids made for events without one, free-text places,
events in any order, UTC offsets checked against the place's time zone."""
from __future__ import annotations

import contextlib
import io

from penjelas.cli import main

from .conftest import build, make_site, soup


def translations(root, *args: str):
    stdout, stderr = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
        code = main(["--root", str(root), "translations", *args])
    return code, stdout.getvalue(), stderr.getvalue()


def edit(root, name: str, old: str, new: str) -> None:
    """Replace the first `old` in a content file."""
    path = root / "content" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def event_ids(page) -> list[str]:
    return [li.get("id") for li in soup(page).select("li.event")]


def test_an_event_without_id_gets_one_from_its_date_and_title(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "- id: meet\n  ", "- ")
    result = build(root)
    assert result.code == 0, result.err
    derived = "2023-09-13-mereka-bertemu"
    assert event_ids(root / "output/en/timeline/index.html")[0] == derived
    section = soup(root / "output/en/meeting/index.html")
    assert section.select_one("li.event .event-link a")["href"].endswith(f"timeline/#{derived}")


def test_a_derived_id_does_not_depend_on_the_event_s_position(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "- id: meet\n  ", "- ")
    assert build(root).code == 0
    first = event_ids(root / "output/id/linimasa/index.html")
    edit(root, "timeline.yaml", "- ", "- id: earlier\n  when: 2023-09-12\n  place: vostochny\n  sources: [alpha]\n"
         "  title: {id: Sebelumnya, en: Before}\n  text: {id: Sebelumnya., en: Before.}\n- ")
    assert build(root).code == 0
    assert event_ids(root / "output/id/linimasa/index.html") == ["earlier", *first]
    assert first[0] == "2023-09-13-mereka-bertemu"


def test_a_long_title_with_accents_is_cut_to_whole_words(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "- id: meet\n  ", "- ")
    edit(root, "timeline.yaml", '"Mereka bertemu"', '"Pérez dan Ñoño bertemu di ruang rapat utama gedung baru itu"')
    assert build(root).code == 0
    assert event_ids(root / "output/en/timeline/index.html")[0] == "2023-09-13-perez-dan-nono-bertemu-di-ruang"


def test_mark_finds_an_event_by_its_derived_id(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", '- id: meet\n  translation_of: {en: "9698fd319b97"}\n  ', "- ")
    code, out, err = translations(root, "--mark", "timeline.2023-09-13-mereka-bertemu.en")
    assert code == 0, err
    assert "marked timeline.2023-09-13-mereka-bertemu.en" in out
    text = (root / "content/timeline.yaml").read_text(encoding="utf-8")
    assert text.startswith('- when: 2023-09-13T13:09+09:00\n  translation_of: {en: "9698fd319b97"}\n')
    assert build(root, "--strict").code == 0


def test_the_hint_for_a_derived_id_says_how_to_keep_it(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", '- id: meet\n  translation_of: {en: "9698fd319b97"}\n  ', "- ")
    result = build(root)
    assert ("add 'id: 2023-09-13-mereka-bertemu' to the event to keep it" in result.err)


def event_whens(page) -> list[str]:
    return [" ".join(p.get_text(" ", strip=True).split()).replace(" ,", ",")
            for p in soup(page).select("li.event .event-when")]


def test_an_event_at_a_free_text_place_shows_the_offset_it_was_written_with(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "when: 2023-09-13T13:41-04:00\n  place: washington",
         "when: 2023-09-14T02:22+09:00\n  place: Seoul, Korea Selatan")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    page = root / "output/id/linimasa/index.html"
    assert event_whens(page)[1] == "02.22, UTC+9 Seoul, Korea Selatan"
    assert soup(page).select("li.event time")[1]["datetime"] == "2023-09-14T02:22+09:00"
    # its local day is the day as written (in UTC it is still 13 September)
    days = [[li["id"] for li in day.select("li.event")] for day in soup(page).select("section.day")]
    assert days == [["meet"], ["briefing", "reply"]]
    assert event_whens(page)[0] == "13.09 waktu Amur (UTC+9) Kosmodrom Vostochny", "a keyed place is shown as before"


def test_a_free_text_place_may_be_written_per_language_and_with_a_negative_offset(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "place: washington", "place: {id: Gedung Putih, en: The White House}")
    assert build(root).code == 0
    assert event_whens(root / "output/id/linimasa/index.html")[1] == "13.41, UTC\u22124 Gedung Putih"
    assert event_whens(root / "output/en/timeline/index.html")[1] == "13:41, UTC\u22124 The White House"


def test_without_places_yaml_every_place_is_free_text(tmp_path):
    root = make_site(tmp_path)
    (root / "content/places.yaml").unlink()
    edit(root, "timeline.yaml", "place: vostochny", "place: Vostochny, Amur")
    edit(root, "timeline.yaml", "place: washington", "place: Washington D.C.")
    edit(root, "timeline.yaml", "place: vostochny", "place: Vostochny, Amur")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    page = root / "output/en/timeline/index.html"
    assert event_whens(page) == ["13:09, UTC+9 Vostochny, Amur", "13:41, UTC\u22124 Washington D.C.",
                                 "Time not known Vostochny, Amur"]
    assert [d.h2.time["datetime"] for d in soup(page).select("section.day")] == ["2023-09-13", "2023-09-14"]

