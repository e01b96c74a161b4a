"""On the timeline, a day's events without a time stand under one "during the day" label, each
keeping its place line."""
from __future__ import annotations

import re

from .conftest import build, make_site

EXTRA = """- id: talks
  when: 2023-09-13
  place: vostochny
  sources: [alpha]
  title: {id: "Pembicaraan", en: "Talks"}
  text: {id: "Mereka berbicara.", en: "They talk."}
- id: toast
  when: 2023-09-13
  place: washington
  sources: [alpha]
  title: {id: "Bersulang", en: "A toast"}
  text: {id: "Mereka bersulang.", en: "They raise a toast."}
"""


def events(page: str) -> list[str]:
    """Each event's time line as text, tags removed and spaces collapsed."""
    return [" ".join(re.sub(r"<[^>]+>", "", line).split())
            for line in re.findall(r'<p class="event-when">(.*?)</p>', page, re.S)]


def test_events_without_a_time_are_grouped_under_one_label_per_run(tmp_path):
    root = make_site(tmp_path)
    timeline = root / "content" / "timeline.yaml"
    timeline.write_text(timeline.read_text(encoding="utf-8") + EXTRA, encoding="utf-8")
    run = build(root)
    assert run.code == 0, run.err
    for lang, slug, label, unknown in (("en", "timeline", "During the day", "Time not known"),
                                       ("id", "linimasa", "Sepanjang hari", "Jam tidak diketahui")):
        page = (root / "output" / lang / slug / "index.html").read_text(encoding="utf-8")
        assert unknown not in page
        days = page.split('<section class="day"')[1:]
        first = events(days[0])  # 13 Sep: two timed events and the two without a time, in one run
        untimed = [line for line in first if not line[0].isdigit()]
        assert len(first) == 4 and len(untimed) == 2, first
        assert sum(line.startswith(label) for line in first) == 1, first
        assert first.index(untimed[0]) + 1 == first.index(untimed[1]), first  # one run, kept in order
        assert all(line.endswith(("Vostochny Cosmodrome", "Kosmodrom Vostochny", "Washington"))
                   for line in first), first  # every event keeps its place
        assert events(days[1]) and events(days[1])[0].startswith(label)  # 14 Sep: its own run
        assert '<time class="event-clock" datetime="2023-09-14">' in days[1]
