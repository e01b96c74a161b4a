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
    return element.get_text().replace("\u2060", "")


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
    assert [a["href"] for a in gamma.select(".backrefs a")] == ["#" + a.find_parent("sup")["id"] for a in marks]
    once = next(li for li in html.select(".page-sources li") if li.select_one(".backrefs a") and
                len(li.select(".backrefs a")) == 1)
    assert once.select_one(".backrefs a").get_text() == "↩" and "cited" not in once.get_text()


SIZES = """() => {
  const box = (e) => { const r = e.getBoundingClientRect(); return [r.width, r.height]; };
  const shown = (e) => e.getClientRects().length > 0;
  const p = document.querySelector(".prose p:has(sup.cite)");
  if (!p) return {marks: [...document.querySelectorAll("sup.cite a, sup.cite button, .backrefs a")].filter(shown).map(box)};
  const before = p.getBoundingClientRect().height;
  const flat = document.createElement("style");
  flat.textContent = "sup.cite, sup.cite * { height: 0 !important; line-height: 0 !important; vertical-align: baseline !important; }";
  document.head.append(flat);
  const after = p.getBoundingClientRect().height;
  flat.remove();
  return {marks: [...document.querySelectorAll("sup.cite a, sup.cite button, .backrefs a")].filter(shown).map(box), before, after};
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


@pytest.fixture(scope="module")
def excerpts_site(tmp_path_factory):
    root = make_site(tmp_path_factory.mktemp("peeks"), "excerpts")
    result = build(root)
    assert result.code == 0, result.err
    server = serve_folder(root / "output")
    yield root / "output", f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


def test_each_mark_links_to_the_source_list_and_opens_a_preview(excerpts_site):
    out, _ = excerpts_site
    page = soup(out / "en/meeting/index.html")
    for sup in page.select("sup.cite"):
        links, buttons = sup.select("a"), sup.select("button")
        assert len(links) == len(buttons) > 0
        for link, button in zip(links, buttons):
            assert link.get_text() == button.get_text() and button["aria-label"] == f"Source {link.get_text()}"
            target = page.find(id=button["popovertarget"])
            assert target is not None and target.has_attr("popover")
            assert page.find(id=link["href"][1:]).name == "li", "without popovers, the number leads to the list"
    gamma = page.select_one('sup.cite button[popovertarget="source-gamma"]')
    assert gamma is not None, "a citation naming no passage opens the source's own line of the list"


PREVIEW = """(id) => { const e = document.getElementById(id);
  return {open: e.matches(":popover-open"), text: e.innerText, box: e.getBoundingClientRect().toJSON(),
          focused: document.activeElement.getAttribute("popovertarget")}; }"""


@pytest.mark.parametrize("width", [390, 1280])
def test_a_preview_opens_in_place_without_javascript_and_closes_with_escape(chromium, excerpts_site, width):
    _, base = excerpts_site
    context = chromium.new_context(viewport={"width": width, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "en/meeting/")
    top = page.evaluate("scrollY")
    page.locator('.prose > p sup.cite button[popovertarget="source-gamma"]').first.click()
    gamma = page.evaluate(PREVIEW, "source-gamma")
    assert gamma["open"] and page.evaluate("scrollY") == top, "the preview opens where the reader is"
    assert 0 <= gamma["box"]["top"] and gamma["box"]["bottom"] <= 800 and gamma["box"]["right"] <= width
    assert "Gamma" in gamma["text"] and any(kind in gamma["text"] for kind in ("Primary source", "News agency",
                                                                              "News report")), gamma["text"]
    page.keyboard.press("Escape")
    assert not page.evaluate(PREVIEW, "source-gamma")["open"]
    context.close()


def test_a_citation_naming_a_passage_previews_it_with_its_translation_from_the_keyboard(chromium, excerpts_site):
    _, base = excerpts_site
    context = chromium.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "en/meeting/")
    beta = page.locator(".prose > p sup.cite button", has_text="2").first  # "[@alpha, long-talk; @beta, reply]"
    beta.focus()
    page.keyboard.press("Enter")
    peek = page.evaluate(PREVIEW, beta.get_attribute("popovertarget"))
    assert peek["open"] and peek["focused"] == beta.get_attribute("popovertarget")
    assert "Ответ пришёл на следующий день." in peek["text"]
    assert "The reply came the next day." in peek["text"] and "as quoted by Beta Wire" in peek["text"]
    context.close()
