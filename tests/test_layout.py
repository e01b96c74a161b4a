"""The text column in a browser: one left edge at every width, for every page type (what is in
it lines up with the headline), and the boxes in it (updates, cards, notices, contents, how to
cite) as wide as the column; the phone header takes at most a tenth of the screen."""
from __future__ import annotations

import pytest

from .conftest import build, make_site
from .test_publish import serve_folder

PAGES = ["en/", "id/", "en/meeting/", "id/pertemuan/", "en/timeline/", "en/sources/", "en/people/", "en/search/",
         "en/404.html"]
BOXES = [".updates ul", ".cards ol", ".stale-notice", ".contents", ".cite-text", ".page-sources"]
MEASURE = """(boxes) => {
  const visible = (e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden";
  const name = (e) => e.tagName.toLowerCase() + (e.className ? "." + String(e.className).split(" ")[0] : "");
  const column = document.querySelector("main > article").getBoundingClientRect();
  const edge = (e) => { const r = e.getBoundingClientRect(); return [name(e), r.left, r.right]; };
  const inColumn = [...document.querySelectorAll(
      "main > article > *, .story-head > *, .prose > *, .cards li:first-child, " + boxes.join(", "))];
  return {left: column.left, right: column.right, items: inColumn.filter(visible).map(edge),
          boxes: [...document.querySelectorAll(boxes.join(", "))].filter(visible).map(edge)};
}"""


@pytest.fixture(scope="module")
def layout_site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("layout"), "layout", "stale-original")
    assert build(root).code == 0
    server = serve_folder(root / "output")
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("width", [390, 768, 1280])
def test_the_text_column_has_one_left_edge_and_its_boxes_its_full_width(chromium, layout_site, width):
    context = chromium.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    seen = set()
    for path in PAGES:
        page.goto(layout_site + path)
        found = page.evaluate(MEASURE, BOXES)
        for name, left, _ in found["items"]:
            assert abs(left - found["left"]) < 1, f"{path} at {width} px: {name} starts at {left:.0f}, " \
                                                  f"the column at {found['left']:.0f}"
        if "timeline" not in path:  # the timeline's wider layout keeps its boxes at the text measure
            for name, _, right in found["boxes"]:
                assert abs(right - found["right"]) < 1, f"{path} at {width} px: {name} ends at {right:.0f}, " \
                                                        f"the column at {found['right']:.0f}"
        seen.update(name for name, _, _ in found["boxes"])
    assert {"ul", "ol", "p.stale-notice", "section.page-sources", "p.cite-text"} <= seen, "every kind of box was measured"
    context.close()


SWITCHER = """() => {
  const current = document.querySelector(".switcher [aria-current]");
  const other = document.querySelector(".switcher a[href]");
  const look = (e) => { const s = getComputedStyle(e), before = getComputedStyle(e, "::before");
    return {weight: Number(s.fontWeight), border: s.borderBottomStyle, width: e.getBoundingClientRect().width,
            height: e.getBoundingClientRect().height, link: e.closest("a") !== null, shown: before.content}; };
  return {header: document.querySelector(".masthead").getBoundingClientRect().height,
          current: look(current), other: look(other)};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_the_phone_header_takes_a_tenth_of_the_screen_and_shows_the_current_language(chromium, layout_site, width):
    context = chromium.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    for path in PAGES:
        page.goto(layout_site + path)
        found = page.evaluate(SWITCHER)
        if width == 390:
            assert found["header"] <= 0.1 * 844 + 0.5, f"{path}: the header is {found['header']:.0f} px of 844"
        current, other = found["current"], found["other"]
        assert not current["link"] and other["link"], f"{path}: the current language is not a link, the other is"
        assert current["weight"] >= 700 > other["weight"] and current["border"] == "solid", path
        assert other["width"] >= 24 and other["height"] >= 24, f"{path}: a tap target of 24x24 px: {other}"
        assert (current["shown"] != "none") == (width == 390), f"{path}: language codes on phones only"
    context.close()
