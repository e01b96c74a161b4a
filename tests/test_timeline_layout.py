"""The timeline's layout in a browser: at desktop width the time stands in a left column
beside the title, larger than the title; on a phone it stands above the title."""
from __future__ import annotations

import pytest

from .conftest import build, make_site
from .test_publish import serve_folder


@pytest.mark.parametrize("width", [390, 1280])
def test_the_time_is_a_left_column_on_desktop_and_above_the_title_on_phones(chromium, tmp_path, width):
    root = make_site(tmp_path)
    assert build(root).code == 0
    server = serve_folder(root / "output")
    try:
        context = chromium.new_context(viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/en/timeline/")
        event = page.locator("#meet")
        clock, title = event.locator(".event-clock").bounding_box(), event.locator(".event-title").bounding_box()
        size = lambda selector: float(event.locator(selector).evaluate(  # noqa: E731
            "e => parseFloat(getComputedStyle(e).fontSize)"))
        assert size(".event-clock") > size(".event-title")
        if width == 1280:
            assert clock["x"] + clock["width"] < title["x"]  # beside the title, to its left
            assert abs(clock["y"] - title["y"]) < title["height"]
        else:
            assert clock["y"] + clock["height"] <= title["y"]  # above the title
        context.close()
    finally:
        server.shutdown()
