"""The timeline as authors write it: ids made for events without one, free-text places,
events in any order, UTC offsets checked against the place's time zone."""
from __future__ import annotations

import contextlib
import io

import pytest

from penjelas.commands.cli import main

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
    assert section.select_one("li.event .event-title a")["href"].endswith(f"timeline/#{derived}")


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


def event_whens(page) -> dict[str, str]:
    """The time, zone and place line of each event of a timeline page, by event id."""
    return {li["id"]: " ".join(li.select_one(".event-when").get_text(" ", strip=True).split()).replace(" ,", ",")
            for li in soup(page).select("li.event")}


def test_an_event_at_a_free_text_place_shows_the_offset_it_was_written_with(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "when: 2023-09-13T13:41-04:00\n  place: washington",
         "when: 2023-09-14T02:22+09:00\n  place: Seoul, Korea Selatan")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    page = root / "output/id/linimasa/index.html"
    assert event_whens(page)["briefing"] == "02.22, UTC+9 · 00.22 WIB Seoul, Korea Selatan"
    assert soup(page).select_one("li#briefing time")["datetime"] == "2023-09-14T02:22+09:00"
    # its local day is the day as written (in UTC it is still 13 September)
    days = [[li["id"] for li in day.select("li.event")] for day in soup(page).select("section.day")]
    # reply (14 September at Vostochny, no time), listed after it, stays after it
    assert days == [["meet"], ["briefing", "reply"]]
    assert event_whens(page)["meet"] == "13.09 waktu Amur (UTC+9) · 11.09 WIB Kosmodrom Vostochny", "a keyed place as before"


def test_a_free_text_place_may_be_written_per_language_and_with_a_negative_offset(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "place: washington", "place: {id: Gedung Putih, en: The White House}")
    assert build(root).code == 0
    assert event_whens(root / "output/id/linimasa/index.html")["briefing"] == "13.41, UTC\u22124 · 00.41 WIB, 14 Sep Gedung Putih"
    assert event_whens(root / "output/en/timeline/index.html")["briefing"] == "13:41, UTC\u22124 · 17:41 UTC The White House"


def test_without_places_yaml_every_place_is_free_text(tmp_path):
    root = make_site(tmp_path)
    (root / "content/places.yaml").unlink()
    edit(root, "timeline.yaml", "place: vostochny", "place: Vostochny, Amur")
    edit(root, "timeline.yaml", "place: washington", "place: Washington D.C.")
    edit(root, "timeline.yaml", "place: vostochny", "place: Vostochny, Amur")
    result = build(root, "--strict")
    assert result.code == 0, result.err
    page = root / "output/en/timeline/index.html"
    assert event_whens(page) == {"meet": "13:09, UTC+9 · 04:09 UTC Vostochny, Amur",
                                 "briefing": "13:41, UTC\u22124 · 17:41 UTC Washington D.C.",
                                 "reply": "During the day Vostochny, Amur"}
    assert event_ids(page) == ["meet", "briefing", "reply"], "a date alone at a free-text place counts from UTC midnight"
    assert [d.h2.time["datetime"] for d in soup(page).select("section.day")] == ["2023-09-13", "2023-09-14"]



EARLY = ("- id: early\n  when: 2023-09-12T23:30-04:00\n  place: washington\n  section: meeting\n  sources: [alpha]\n"
         "  title: {id: Lebih awal, en: Earlier}\n  text: {id: Sebelumnya., en: Before.}\n")


def test_events_listed_in_any_order_are_shown_in_order(tmp_path):
    root = make_site(tmp_path)
    path = root / "content/timeline.yaml"
    entries = path.read_text(encoding="utf-8").split("\n- ")
    # reply (14 Sept, date only), briefing (13 Sept 17:41 UTC), meet (04:09 UTC), early (03:30 UTC)
    path.write_text("- " + "\n- ".join([entries[2], entries[1], entries[0].removeprefix("- ")]) + "\n" + EARLY,
                    encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    # each under its own local day, the days in calendar order
    assert event_ids(root / "output/en/timeline/index.html") == ["early", "meet", "briefing", "reply"]
    assert event_ids(root / "output/id/linimasa/index.html") == ["early", "meet", "briefing", "reply"]
    titles = [h.get_text() for h in soup(root / "output/en/meeting/index.html").select("li.event h3")]
    assert titles == ["Earlier", "They meet"]
    days = soup(root / "output/en/timeline/index.html").select("section.day h2 time")
    assert [d["datetime"] for d in days] == ["2023-09-12", "2023-09-13", "2023-09-14"]


def test_a_date_only_event_counts_from_the_start_of_its_local_day_and_ties_keep_file_order(tmp_path):
    root = make_site(tmp_path)
    # 14 September at Vostochny (UTC+9) starts at 15:00 UTC on the 13th; reply is moved to that moment
    edit(root, "timeline.yaml", "when: 2023-09-14\n", "when: 2023-09-14T00:00+09:00\n")
    path = root / "content/timeline.yaml"
    path.write_text(path.read_text(encoding="utf-8") + EARLY.replace("id: early", "id: same-moment")
                    .replace("2023-09-12T23:30-04:00", "2023-09-14").replace("washington", "vostochny")
                    # 13 September in Washington began at 04:00 UTC, before meet (04:09 UTC)
                    + EARLY.replace("id: early", "id: all-day").replace("2023-09-12T23:30-04:00", "2023-09-13"),
                    encoding="utf-8")
    assert build(root).code == 0
    assert event_ids(root / "output/en/timeline/index.html") == ["all-day", "meet", "briefing", "reply", "same-moment"]


def test_a_date_only_event_listed_after_an_event_of_its_day_stays_after_it(tmp_path):
    root = make_site(tmp_path)
    # 13 September in Washington began at 04:00 UTC; listed after briefing (17:41 UTC), the
    # author knows it came later; listed first, it counts from the start of the day
    later = EARLY.replace("id: early", "id: later").replace("2023-09-12T23:30-04:00", "2023-09-13")
    path = root / "content/timeline.yaml"
    text = path.read_text(encoding="utf-8")
    briefing_end = text.index("- id: reply")
    path.write_text(text[:briefing_end] + later + text[briefing_end:], encoding="utf-8")
    assert build(root).code == 0
    assert event_ids(root / "output/en/timeline/index.html") == ["meet", "briefing", "later", "reply"]
    path.write_text(later + text, encoding="utf-8")
    assert build(root).code == 0
    assert event_ids(root / "output/en/timeline/index.html") == ["later", "meet", "briefing", "reply"]


def test_each_day_heading_appears_once_in_calendar_order_whatever_the_file_order(tmp_path):
    root = make_site(tmp_path)
    path = root / "content/timeline.yaml"
    entries = path.read_text(encoding="utf-8").split("\n- ")
    # reply (14 September at Vostochny, a day that began at 15:00 UTC on the 13th) listed first,
    # then after the 17:41 UTC briefing: the same order either way, each day heading once
    orders = []
    for listed in ([entries[2], entries[0].removeprefix("- "), entries[1]], [entries[0].removeprefix("- "), entries[1], entries[2]]):
        path.write_text("- " + "\n- ".join(listed) + "\n", encoding="utf-8")
        assert build(root).code == 0
        page = root / "output/en/timeline/index.html"
        orders.append((event_ids(page), [d["datetime"] for d in soup(page).select("section.day h2 time")]))
    assert orders[0] == orders[1] == (["meet", "briefing", "reply"], ["2023-09-13", "2023-09-14"])


@pytest.mark.parametrize("when, message, hint", [
    ("2024-01-10T13:41-04:00", "'2024-01-10T13:41-04:00' has offset -04:00, but washington (America/New_York) was at "
     "UTC-05:00 on 10 January 2024", "hint: write '2024-01-10T13:41-05:00' (the local time as written"),
    ("2024-01-10T13:41", "'2024-01-10T13:41' has no UTC offset, so the moment is ambiguous",
     "hint: add the UTC offset washington (America/New_York) had that day: '2024-01-10T13:41-05:00'"),
    ("2023-09-13T13:41", "'2023-09-13T13:41' has no UTC offset",
     "hint: add the UTC offset washington (America/New_York) had that day: '2023-09-13T13:41-04:00'"),
    ("2023-11-05T01:30", "'2023-11-05T01:30' has no UTC offset",  # the clocks went back: 01:30 happened twice
     "had that day: '2023-11-05T01:30-04:00' or '2023-11-05T01:30-05:00'"),
])
def test_a_time_is_checked_against_its_place_s_zone_on_that_day(tmp_path, when, message, hint):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "when: 2023-09-13T13:41-04:00", f"when: {when}")
    result = build(root)
    assert result.code == 1
    assert f"content/timeline.yaml:11:3: error: event 'briefing': {message}" in result.err
    assert hint in result.err
    assert "Traceback" not in result.err and not (root / "output").exists()


def test_a_winter_time_with_the_winter_offset_is_shown_in_it(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "when: 2023-09-13T13:41-04:00", "when: 2023-11-05T01:30-05:00")
    assert build(root).code == 0
    page = root / "output/en/timeline/index.html"
    assert event_whens(page)["briefing"] == "01:30 Washington time (UTC\u22125) · 06:30 UTC Washington"


def test_a_time_without_offset_at_a_free_text_place_asks_for_the_offset_of_that_day(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "when: 2023-09-13T13:41-04:00\n  place: washington",
         "when: 2023-09-13T13:41\n  place: Kyiv, Ukraine")
    result = build(root)
    assert result.code == 1
    assert ("content/timeline.yaml:11:3: error: event 'briefing': '2023-09-13T13:41' has no UTC offset, so the moment "
            "is ambiguous\n    hint: add the UTC offset the place had that day: '2023-09-13T13:41+HH:MM' or "
            "'2023-09-13T13:41-HH:MM'") in result.err


def test_a_time_at_a_free_text_place_may_have_any_offset(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "when: 2023-09-13T13:41-04:00\n  place: washington",
         "when: 2023-09-13T20:41+03:00\n  place: Kyiv, Ukraine")
    assert build(root, "--strict").code == 0


def test_a_place_of_digits_alone_is_offered_as_free_text_that_cannot_be_a_key(tmp_path):
    root = make_site(tmp_path)
    edit(root, "timeline.yaml", "place: washington", "place: 42")
    result = build(root)
    assert result.code == 1
    assert ("content/timeline.yaml:12:3: error: event 'briefing' names unknown place '42', which is not a key of "
            "content/places.yaml\n    hint: known: vostochny, washington; or write the place as free text, e.g. "
            "'place: Place 42'") in result.err
