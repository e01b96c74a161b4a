"""Citation marks as a reader meets them: in number order within a cluster, before the closing
full stop of an event, a role or an update (as in the prose), each number a 24x24 px target
that leaves the line's height alone, and a source list that says how often each source is cited."""
from __future__ import annotations

import re

import pytest

from .conftest import build, make_site, soup
from .test_publish import serve_folder


def marked_text(element) -> str:
    """The element's text with each citation cluster written as [n,m]."""
    for sup in element.select("sup.cite"):
        sup.replace_with("[" + ",".join(a.get_text() for a in sup.select("a")) + "]")
    return element.get_text()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("citations"))
    timeline = root / "content/timeline.yaml"
    text = timeline.read_text(encoding="utf-8")
    text = text.replace("sources: [beta, gamma]", "sources: [gamma, beta]")  # cited in reverse order
    text = text.replace('en: "A briefing is held."', 'en: "A spokesman calls it \\"troubling.\\""')
    timeline.write_text(text, encoding="utf-8")
    people = root / "content/people.yaml"
    people.write_text(people.read_text(encoding="utf-8").replace('en: "Leader A"', 'en: "Leader A, who speaks first!"'),
                      encoding="utf-8")
    result = build(root)
    assert result.code == 0, result.err
    return root / "output"


def test_an_events_marks_sit_before_its_full_stop_in_number_order(site):
    texts = [marked_text(p) for p in soup(site / "en/timeline/index.html").select("li.event .event-text")]
    assert "The meeting begins[1]." in texts
    reply = next(text for text in texts if text.startswith("The reply"))
    assert re.fullmatch(r"The reply is published\[(\d+),(\d+)\]\.", reply), reply
    first, second = map(int, re.findall(r"\d+", reply))
    assert first < second, "a cluster lists its numbers in order, whatever order the author wrote"


def test_a_text_ending_in_a_quotation_mark_gets_its_marks_after_it(site):
    texts = [marked_text(p) for p in soup(site / "en/timeline/index.html").select(".event-text")]
    assert any(re.fullmatch(r"A spokesman calls it “troubling\.”\[\d+\]", text) for text in texts), texts


def test_a_roles_marks_sit_before_its_closing_exclamation_mark(site):
    roles = [marked_text(dd) for dd in soup(site / "en/people/index.html").select("dl.people dd")]
    assert "Leader A, who speaks first[1]!" in roles
    assert "News agency" in roles, "a role without sources gets no marks"


def test_the_source_list_says_how_often_a_source_is_cited(tmp_path):
    root = make_site(tmp_path)
    page = root / "content/sections/meeting.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nOne [@gamma]. Two [@gamma]. Three [@gamma].\n",
                    encoding="utf-8")
    assert build(root).code == 0
    html = soup(root / "output/en/meeting/index.html")
    marks = html.select('sup.cite a[href="#source-gamma"]')
    assert len(marks) >= 3
    gamma = html.find("li", id="source-gamma")
    assert gamma.select_one(".backrefs").get_text(" ", strip=True) == \
        f"cited {len(marks)} times: " + " ".join(str(n) for n in range(1, len(marks) + 1))
    assert [a["href"] for a in gamma.select(".backrefs a")] == ["#" + a["id"] for a in marks]
    once = next(li for li in html.select(".page-sources li") if li.select_one(".backrefs a") and
                len(li.select(".backrefs a")) == 1)
    assert once.select_one(".backrefs a").get_text() == "↩" and "cited" not in once.get_text()


SIZES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  const p = document.querySelector(".prose p:has(sup.cite)");
  if (!p) return {marks: [...document.querySelectorAll("sup.cite a, .backrefs a")].map(box)};
  const before = p.getBoundingClientRect().height;
  const flat = document.createElement("style");
  flat.textContent = "sup.cite, sup.cite a { height: 0 !important; line-height: 0 !important; vertical-align: baseline !important; }";
  document.head.append(flat);
  const after = p.getBoundingClientRect().height;
  flat.remove();
  return {marks: [...document.querySelectorAll("sup.cite a, .backrefs a")].map(box), before, after};
}"""


@pytest.mark.parametrize("width", [390, 1280])
def test_every_citation_number_is_a_24_pixel_target_that_keeps_the_lines_height(chromium, site, width):
    server = serve_folder(site)
    try:
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in ("en/meeting/", "en/", "en/timeline/", "en/people/", "id/pertemuan/"):
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}")
            found = page.evaluate(SIZES)
            assert found["marks"], f"{path} has citation marks"
            small = [size for size in found["marks"] if size[0] < 24 or size[1] < 24]
            assert not small, f"{path}: targets under 24x24 px at {width} px: {small}"
            if "before" in found:
                assert abs(found["before"] - found["after"]) < 1, f"{path}: the marks make their lines taller"
        context.close()
    finally:
        server.shutdown()
