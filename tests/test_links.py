"""Internal links and images: checked against what the site publishes, written relative to each
page; the story's images in content/images/ are published under images/, in builds and rebuilds."""
from __future__ import annotations

import posixpath
import struct
import zlib
from pathlib import Path

from penjelas.build.pipeline import BuildOptions, SiteBuilder

from .conftest import build, make_site, soup
from .test_deps import assert_same_as_full_build

IMAGE = "content/images/maps/route.gif"  # a 1 x 1 GIF


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\x00\x00\x00;"


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x00\x00\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def jpeg(width: int, height: int) -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00" + bytes(9)
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


def add_line(root: Path, site_path: str, text: str) -> int:
    """Append a paragraph to a file; return its line number."""
    path = root / site_path
    before = path.read_text()
    path.write_text(before + "\n" + text + "\n")
    return before.count("\n") + 2


def resolve(output: Path, page: str, address: str) -> Path:
    """Return the output file a relative address on a page leads to."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), address.split("#")[0]))
    return output / target / "index.html" if address.split("#")[0].endswith("/") else output / target


def test_story_images_are_published_and_work_from_every_page_under_a_sub_path(tmp_path):
    root = make_site(tmp_path, "images")
    result = build(root, "--strict", "--base-url", "https://example.org/news/story/")
    assert result.code == 0, result.err  # content/images/README.md is published, not read as a page
    out = root / "output"
    assert (out / "images/maps/route.gif").read_bytes() == (root / IMAGE).read_bytes()
    assert (out / "images/README.md").is_file()
    for page in ("en/index.html", "en/reply/index.html"):
        [image] = soup(out / page).find_all("img")
        assert image["alt"] == "The route of the train"
        assert (image["width"], image["height"]) == ("1", "1")
        assert resolve(out, page, image["src"]) == out / "images/maps/route.gif"
    links = {a.get_text(): a["href"] for a in soup(out / "en/reply/index.html").find_all("a")}
    assert links["the meeting"] == "../meeting/#top"  # from the site root, written relative to the page
    assert links["the first part"] == "../meeting/"
    assert resolve(out, "en/reply/index.html", links["the map itself"]) == out / "images/maps/route.gif"
    for address in links.values():
        if not address.startswith(("http", "mailto:", "#")):
            assert resolve(out, "en/reply/index.html", address).is_file(), address


def test_links_to_assets_get_the_fingerprinted_name_and_base_path_links_work(tmp_path):
    root = make_site(tmp_path)
    add_line(root, "content/sections/reply.en.md",
             "The [style](/assets/style.css), [the meeting](/news/en/meeting/) and [home](/en), [start](/news) "
             "and [outside](https://example.org/x), [mail](mailto:a@example.org), [top](#top).")
    result = build(root, "--base-url", "https://example.org/news/")
    assert result.code == 0, result.err
    links = {a.get_text(): a["href"] for a in soup(root / "output/en/reply/index.html").find_all("a")}
    [css] = (root / "output/assets").glob("style.*.css")
    assert links["style"] == f"../../assets/{css.name}"
    assert links["the meeting"] == "../meeting/" and links["home"] == "../" and links["start"] == "../../"
    assert (links["outside"], links["mail"], links["top"]) == ("https://example.org/x", "mailto:a@example.org", "#top")


def webp(width: int, height: int) -> bytes:
    header = b"VP8X" + struct.pack("<I", 10) + bytes(4) + (width - 1).to_bytes(3, "little") \
        + (height - 1).to_bytes(3, "little")
    return b"RIFF" + struct.pack("<I", 4 + len(header)) + b"WEBP" + header


def test_images_get_the_width_and_height_read_from_their_files(tmp_path):
    root = make_site(tmp_path, "images")
    (root / "content/images/photo.png").write_bytes(png(3, 2))
    (root / "content/images/photo.jpg").write_bytes(jpeg(640, 480))
    (root / "content/images/photo.webp").write_bytes(webp(1200, 800))
    (root / "content/images/notes.txt").write_text("not an image")
    add_line(root, "content/sections/reply.en.md",
             "![A](images/photo.png) ![B](images/photo.jpg) ![C](images/notes.txt) ![D](images/photo.webp)")
    assert build(root).code == 0
    images = {img["alt"]: (img.get("width"), img.get("height"))
              for img in soup(root / "output/en/reply/index.html").find_all("img")}
    assert images == {"The route of the train": ("1", "1"), "A": ("3", "2"), "B": ("640", "480"), "C": (None, None),
                      "D": ("1200", "800")}


def test_an_image_without_alt_text_is_a_warning_naming_the_line(tmp_path):
    root = make_site(tmp_path, "images")
    line = add_line(root, "content/sections/reply.en.md", "![](images/maps/route.gif)")
    result = build(root)
    assert result.code == 0
    assert (f"content/sections/reply.en.md:{line}: warning: image 'images/maps/route.gif' has no alt text\n"
            "    hint: describe what it shows between the brackets: ![...](images/maps/route.gif)") in result.err
    assert build(root, "--strict").code == 1


def test_a_link_above_the_site_root_is_an_error(tmp_path):
    root = make_site(tmp_path)
    line = add_line(root, "content/sections/reply.en.md", "See [this](../../../elsewhere/).")
    result = build(root)
    assert result.code == 1 and not (root / "output").exists()
    assert (f"content/sections/reply.en.md:{line}: error: link to '../../../elsewhere/' leads outside the site "
            "(above its root)\n    hint: write the address from the site root, e.g. '/en/reply/'") in result.err


def test_a_missing_page_link_in_a_key_point_names_its_line(tmp_path):
    root = make_site(tmp_path)
    overview = root / "content/overview.en.md"
    overview.write_text(overview.read_text().replace('"Point two [@beta]."', '"Point two [@beta], see [x](/en/nope/)."'))
    result = build(root)
    assert "content/overview.en.md:7: error: link to '/en/nope/': the site publishes no page or file at /en/nope/" \
        in result.err


def test_a_link_to_a_draft_page_is_an_error_unless_drafts_are_built(tmp_path):
    root = make_site(tmp_path)
    reply = root / "content/sections/reply.en.md"
    reply.write_text(reply.read_text().replace("order: 2", "order: 2\ndraft: true"))
    add_line(root, "content/sections/meeting.en.md", "Then came [the reply](../reply/).")
    assert "link to '../reply/': the site publishes no page or file at /en/reply/" in build(root).err
    assert build(root, "--drafts").code == 0


def dev_builder(root: Path) -> SiteBuilder:
    builder = SiteBuilder(BuildOptions(root, root / "output", fingerprint=False, incremental=True))
    assert builder.build().ok
    return builder


def test_the_dev_server_copies_new_and_changed_images_and_removes_deleted_ones(tmp_path):
    root = make_site(tmp_path, "images")
    builder = dev_builder(root)
    out = root / "output"
    new = root / "content/images/new.gif"
    new.write_bytes(b"GIF89a new")
    result = builder.rebuild({"content/images/new.gif"})
    assert result.ok and not result.full and result.rebuilt == []
    assert (out / "images/new.gif").read_bytes() == b"GIF89a new"
    (root / IMAGE).write_bytes(gif(2, 3))
    result = builder.rebuild({IMAGE})
    assert result.ok and not result.full
    assert (out / "images/maps/route.gif").read_bytes() == gif(2, 3)
    assert {output.path for output in result.rebuilt} == {"en/index.html", "en/reply/index.html",  # the new size
                                                          "cards/en/index.png", "cards/en/reply/index.png"}
    assert 'width="2" height="3"' in (out / "en/reply/index.html").read_text()
    new.unlink()
    assert builder.rebuild({"content/images/new.gif"}).ok
    assert not (out / "images/new.gif").exists()
    assert_same_as_full_build(builder, tmp_path)


def test_deleting_an_image_a_page_shows_fails_the_rebuild_and_keeps_the_site(tmp_path):
    root = make_site(tmp_path, "images")
    builder = dev_builder(root)
    (root / IMAGE).unlink()
    result = builder.rebuild({IMAGE})
    assert not result.ok
    assert any(p.format().startswith("content/overview.en.md:17: error: image 'images/maps/route.gif': there is no "
                                     "file content/images/maps/route.gif") for p in result.problems.errors)
    assert (root / "output/images/maps/route.gif").is_file()


def test_an_image_name_that_cannot_be_an_address_is_refused_in_a_rebuild_too(tmp_path):
    root = make_site(tmp_path, "images")
    builder = dev_builder(root)
    (root / "content/images/my map.gif").write_bytes(b"GIF89a")
    result = builder.rebuild({"content/images/my map.gif"})
    assert not result.ok
    assert "image name 'my map.gif' cannot be part of an address" in result.problems.errors[0].message


def test_images_cannot_be_a_language_code(tmp_path):
    root = make_site(tmp_path)
    config = root / "content/site.yaml"
    config.write_text(config.read_text().replace("code: en,", "code: images,"), encoding="utf-8")
    result = build(root)
    assert result.code == 1
    assert "content/site.yaml:3:6: error: language 2: language code 'images' is the name of a file or folder" \
           in result.err
