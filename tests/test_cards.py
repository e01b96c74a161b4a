"""Share cards: every page names a 1200x630 PNG of its title in its head, drawn at build time
and kept in a cache so that an unchanged card is not drawn again."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

from penjelas.build.pipeline import BuildOptions, SiteBuilder
from penjelas.render import cards

from .conftest import build, make_site, soup

def meta_of(path: Path) -> dict[str, str]:
    return {m.get("property") or m.get("name"): m["content"] for m in soup(path).find_all("meta") if m.get("content")}


def png_size(data: bytes) -> tuple[int, int]:
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        return image.size


@pytest.fixture
def draws(monkeypatch):
    """Count the cards drawn (not taken from the cache), by title."""
    drawn: list[str] = []
    real = cards.draw_card

    def counting(spec, maker):
        drawn.append(spec.title)
        return real(spec, maker)
    monkeypatch.setattr(cards, "draw_card", counting)
    return drawn


def test_every_page_names_its_own_card_in_its_language(tmp_path):
    root = make_site(tmp_path)
    assert build(root).code == 0
    out = root / "output"
    base = meta_of(out / "en/index.html")["og:url"].removesuffix("en/")  # the site's base_url
    pages = sorted(out.rglob("*.html"))
    assert len(pages) >= 10
    images = set()
    for page in pages:
        meta = meta_of(page)
        assert meta["og:image"].startswith(base), page
        card = out / meta["og:image"].removeprefix(base)
        assert card.is_file(), (page, meta["og:image"])
        assert png_size(card.read_bytes()) == (1200, 630)
        assert (meta["og:image:width"], meta["og:image:height"]) == ("1200", "630")
        assert meta["twitter:card"] == "summary_large_image" and "twitter:image" not in meta  # X falls back to og:image
        assert meta["og:title"] in meta["og:image:alt"]
        images.add(meta["og:image"])
    assert len(images) == len(pages)  # one card per page
    section_id, section_en = meta_of(out / "id/pertemuan/index.html"), meta_of(out / "en/meeting/index.html")
    assert section_id["og:image:alt"].startswith("Kartu berbagi") and "Bagian 1 dari 2" in section_id["og:image:alt"]
    assert section_en["og:image:alt"].startswith("Share card") and "Part 1 of 2" in section_en["og:image:alt"]
    # the card is not loaded by the page: nothing in the body refers to it
    assert "cards/" not in str(soup(out / "en/meeting/index.html").body)


def test_a_card_is_drawn_again_only_when_its_text_changes(tmp_path, draws):
    root = make_site(tmp_path)
    assert build(root).code == 0
    out = root / "output"
    first = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "cards").rglob("*.png")}
    assert len(draws) == len(set(draws)) > 0 and len(draws) <= len(first)  # equal cards are drawn once
    cache = root / ".penjelas-cache/cards"
    distinct = len(draws)
    assert len(list(cache.glob("*.png"))) == distinct

    draws.clear()
    assert build(root, out=tmp_path / "again").code == 0  # a full build into a new folder: all from the cache
    assert draws == []
    again = {p.relative_to(tmp_path / "again").as_posix(): p.read_bytes()
             for p in (tmp_path / "again/cards").rglob("*.png")}
    assert again == first

    section = root / "content/sections/meeting.en.md"
    text = section.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    section.write_text(text.replace(title, "title: A new title for the first part", 1))
    assert build(root).code == 0
    assert draws == ["A new title for the first part"]
    changed = {p.relative_to(out).as_posix(): p.read_bytes() for p in (out / "cards").rglob("*.png")}
    assert {path for path in changed if changed[path] != first[path]} == {"cards/en/meeting/index.png"}
    # the cache keeps only what the last build used: the old card of that page is gone
    assert len(list(cache.glob("*.png"))) == distinct


def test_a_damaged_cache_entry_is_drawn_again(tmp_path, draws):
    root = make_site(tmp_path)
    assert build(root).code == 0
    cache = root / ".penjelas-cache/cards"
    entries = sorted(cache.glob("*.png"))
    entries[0].write_bytes(b"\x89PNG\r\n\x1a\n not really")
    entries[1].write_bytes(entries[1].read_bytes()[:200])  # cut short
    data = bytearray(entries[2].read_bytes())
    data[len(data) // 2] ^= 0xFF  # one byte changed inside the image data
    entries[2].write_bytes(bytes(data))
    draws.clear()
    assert build(root, out=tmp_path / "again").code == 0
    assert len(draws) == 3
    for card in (tmp_path / "again/cards").rglob("*.png"):
        assert png_size(card.read_bytes()) == (1200, 630)
    assert all(png_size(entry.read_bytes()) == (1200, 630) for entry in entries)


def test_a_deleted_page_takes_its_card_with_it(tmp_path):
    root = make_site(tmp_path)
    assert build(root).code == 0
    assert (root / "output/cards/en/reply/index.png").is_file()
    (root / "content/sections/reply.en.md").unlink()
    assert build(root).code == 0
    assert not (root / "output/cards/en/reply/index.png").exists()
    assert (root / "output/cards/id/jawaban/index.png").is_file()


def test_the_dev_server_writes_the_changed_card(tmp_path, draws):
    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    assert builder.build().ok
    card = root / "output/cards/id/pertemuan/index.png"
    before, home = card.read_bytes(), (root / "output/cards/id/index.png").read_bytes()
    section = root / "content/sections/meeting.id.md"
    text = section.read_text()
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    section.write_text(text.replace(title, "title: Judul baru bagian pertama", 1))
    draws.clear()
    result = builder.rebuild({"content/sections/meeting.id.md"})
    assert result.ok and not result.full
    assert draws == ["Judul baru bagian pertama"]  # the home page lists the title, its card is unchanged
    assert card.read_bytes() != before and png_size(card.read_bytes()) == (1200, 630)
    assert (root / "output/cards/id/index.png").read_bytes() == home


@pytest.mark.parametrize("title", [
    "Sebuah judul yang sangat panjang sekali " * 8,
    "東京の新しい図書館は何を変えるのか、そして市民はどう受け止めたのか" * 3,
    "Supercalifragilisticexpialidociousandthenevenlongerwithoutanyspaceatallinthisverylongword" * 4,
])
def test_a_long_or_non_latin_title_fits_on_the_card(tmp_path, title):
    maker = cards.CardMaker(tmp_path)
    data = maker.card(cards.CardSpec(title, "Bagian 1 dari 2", "Nama Situs", "id"))
    assert png_size(data) == (1200, 630)
    font, lines = cards.fit_title(title, maker, 1200 - 2 * cards.MARGIN, 300)
    assert 1 <= len(lines) <= cards.MAX_LINES
    assert all(font.getlength(line) <= 1200 - 2 * cards.MARGIN for line in lines)
    assert lines[-1].endswith("…") and font.size == min(cards.TITLE_SIZES)


def test_a_short_title_is_drawn_big_and_whole(tmp_path):
    maker = cards.CardMaker(tmp_path)
    font, lines = cards.fit_title("Dua kata", maker, 1040, 300)
    assert lines == ["Dua kata"] and font.size == max(cards.TITLE_SIZES)


def test_the_card_colours_come_from_the_stylesheet(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/style.css").write_text(":root {\n  --bg: #102030;\n  --accent: #abcdef;\n}\n"
                                               "@media (prefers-color-scheme: dark) { :root { --bg: #000000; } }\n")
    maker = cards.CardMaker(tmp_path)
    assert maker.colours["bg"] == "#102030" and maker.colours["accent"] == "#abcdef"
    assert maker.colours["text"] == cards.THEME["text"]
    with Image.open(io.BytesIO(maker.card(cards.CardSpec("T", "L", "S", "en")))) as image:
        assert image.convert("RGB").getpixel((600, 320)) == (0x10, 0x20, 0x30)
        assert image.convert("RGB").getpixel((600, 5)) == (0xab, 0xcd, 0xef)


def test_without_system_fonts_cards_use_pillows_own(tmp_path, monkeypatch):
    for name in ("SERIF", "SANS", "SANS_BOLD", "WIDE"):
        monkeypatch.setattr(cards, name, (tmp_path / "no-such-font.ttf",))
    maker = cards.CardMaker(tmp_path)
    assert set(maker.fonts.values()) == {None}
    for title in ("Judul pendek", "新しい図書館の案内"):  # Pillow's font has no CJK: boxes, no error
        assert png_size(maker.card(cards.CardSpec(title, "Bagian 1 dari 2", "Situs", "id"))) == (1200, 630)


def test_a_two_line_title_is_balanced(tmp_path):
    maker = cards.CardMaker(tmp_path)
    title = "Lorem ipsum dolor sit amet elit"  # greedy: "Lorem ipsum dolor sit" over "amet elit"
    font, lines = cards.fit_title(title, maker, 1040, 300)
    assert " ".join(lines) == title and len(lines) == 2
    widths = [font.getlength(line) for line in lines]
    assert max(widths) <= 1040 and min(widths) > 0.6 * max(widths)  # no short word left alone below


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    root = make_site(tmp_path)
    (root / ".penjelas-cache").write_text("not a folder")  # mkdir of the cache fails
    result = build(root)
    assert result.code == 0 and "Traceback" not in result.err
    assert png_size((root / "output/cards/en/meeting/index.png").read_bytes()) == (1200, 630)


def test_a_full_rebuild_of_the_dev_server_draws_cards_in_new_colours(tmp_path):
    root = make_site(tmp_path)
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    assert builder.build().ok
    css = root / "assets/style.css"
    css.write_text(css.read_text().replace("--bg: #fdfcf9;", "--bg: #102030;", 1))
    (root / "templates/unused.html").write_text("new\n")
    assert builder.rebuild({"templates/unused.html"}).full  # a new file: a full rebuild
    with Image.open(root / "output/cards/en/meeting/index.png") as image:
        assert image.convert("RGB").getpixel((600, 620)) == (0x10, 0x20, 0x30)
