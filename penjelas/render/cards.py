"""Render stage, share cards: the Open Graph image of each page, a 1200x630 PNG drawn with
Pillow from the page's title, its label (the part it is, or the page kind) and the site name,
in the page's language and the site's colours.

Input: a CardSpec per page (made by the renderer while the page renders). Output: the PNG's
bytes. Drawing is the slow part, so each card is kept in a content-addressed cache in
ROOT/.penjelas-cache/cards/ (key: the card's text, size, fonts, colours and this module's
code); a full build removes the entries it did not use, a damaged entry is drawn again.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import struct
import tempfile
import zlib
from pathlib import Path
from typing import NamedTuple

WIDTH, HEIGHT = 1200, 630
CACHE = Path(".penjelas-cache") / "cards"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# the colours of the site, used where assets/style.css does not define them in :root
THEME = {"bg": "#fdfcf9", "text": "#1c1b19", "muted": "#55524b", "rule": "#d9d4c7", "accent": "#a3261b"}

DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
SERIF = (DEJAVU / "DejaVuSerif-Bold.ttf",)
SANS = (DEJAVU / "DejaVuSans.ttf",)
SANS_BOLD = (DEJAVU / "DejaVuSans-Bold.ttf",)
# fonts with CJK glyphs, tried for a title the serif cannot show (none is required)
WIDE = (Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc"),
        Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"),
        Path("/usr/share/fonts/truetype/noto/NotoSansCJK-Bold.ttc"),
        Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        Path("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf"),
        Path("/usr/share/fonts/truetype/arphic/uming.ttc"))

MARGIN = 80
TITLE_SIZES = (76, 68, 60, 54, 48)  # the largest that fits in MAX_LINES wins
MAX_LINES = 4


class CardSpec(NamedTuple):
    """What a page's card shows."""

    title: str
    label: str  # "Part 2 of 4", or the page kind
    site: str  # the site's name in the page's language
    lang: str


def card_path(output_file: str) -> str:
    """The card of the page written to `output_file`: cards/<same path>.png."""
    return "cards/" + output_file.removesuffix(".html") + ".png"


def site_colours(root: Path) -> dict[str, str]:
    """The colours of the site: the light :root custom properties of assets/style.css, the
    engine's THEME for those it does not set."""
    colours = dict(THEME)
    try:
        css = (root / "assets" / "style.css").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return colours
    block = re.search(r":root\s*\{([^}]*)\}", css)
    for name, value in re.findall(r"--([a-z-]+)\s*:\s*(#[0-9a-fA-F]{6}|#[0-9a-fA-F]{3})\b", block.group(1) if block else ""):
        if name in colours:
            colours[name] = value
    return colours


def _first(paths: tuple[Path, ...]) -> Path | None:
    return next((path for path in paths if path.is_file()), None)


class CardMaker:
    """Draws the cards of one site, through the cache in ROOT/.penjelas-cache/cards/."""

    def __init__(self, root: Path):
        self.root = root
        self.folder = root / CACHE
        self.used: set[str] = set()  # cache keys asked for since the last prune
        self.refresh()

    def refresh(self) -> None:
        """Read the site's colours and look for the fonts again (before a full build)."""
        self.colours = site_colours(self.root)
        self.fonts = {"serif": _first(SERIF), "sans": _first(SANS), "sans_bold": _first(SANS_BOLD),
                      "wide": _first(WIDE)}
        self._font_cache: dict = {}
        self._version = ""

    def version(self) -> str:
        """What the drawing depends on besides the text: this code, Pillow, fonts, colours."""
        if not self._version:
            from PIL import __version__ as pillow
            digest = hashlib.sha256(Path(__file__).read_bytes())
            digest.update(json.dumps([pillow, WIDTH, HEIGHT, self.colours,
                                      {k: [str(p), p.stat().st_size] if p else None for k, p in self.fonts.items()}],
                                     sort_keys=True).encode())
            self._version = digest.hexdigest()
        return self._version

    def key(self, spec: CardSpec) -> str:
        digest = hashlib.sha256(self.version().encode())
        digest.update(json.dumps(list(spec), ensure_ascii=False).encode())
        return digest.hexdigest()[:32]

    def card(self, spec: CardSpec) -> bytes:
        """Return the card's PNG: from the cache when it holds a valid one, else drawn and kept."""
        key = self.key(spec)
        self.used.add(key)
        path = self.folder / f"{key}.png"
        try:
            data = path.read_bytes()
        except OSError:
            data = b""
        if data and _valid_png(data):
            return data
        data = draw_card(spec, self)
        self._store(path, data)
        return data

    def _store(self, path: Path, data: bytes) -> None:
        """Write a cache entry atomically; a cache that cannot be written only costs time."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".png")
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
        except OSError:
            pass

    def prune(self) -> int:
        """Remove the cache entries not asked for since the last prune (after a full build);
        return how many went."""
        removed = 0
        if not self.folder.is_dir():
            return 0
        for entry in self.folder.iterdir():
            if entry.suffix == ".png" and (entry.stem not in self.used or entry.name.startswith(".tmp-")):
                try:
                    entry.unlink()
                    removed += 1
                except OSError:
                    pass
        self.used.clear()
        return removed

    def font(self, kind: str, size: int):
        """A font of `kind` at `size`: the system's DejaVu when installed, else Pillow's own."""
        from PIL import ImageFont
        cached = self._font_cache.get((kind, size))
        if cached is None:
            path = self.fonts.get(kind)
            try:
                cached = ImageFont.truetype(str(path), size) if path else ImageFont.load_default(size=size)
            except OSError:
                cached = ImageFont.load_default(size=size)
            self._font_cache[(kind, size)] = cached
        return cached


def _valid_png(data: bytes) -> bool:
    """Tell whether data is a whole, undamaged PNG of the card's size: every chunk's CRC
    checked up to IEND, without decoding the pixels (a cache hit costs a file read)."""
    if not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR" \
            or struct.unpack(">II", data[16:24]) != (WIDTH, HEIGHT):
        return False
    at = len(PNG_SIGNATURE)
    while at + 12 <= len(data):
        (length,) = struct.unpack(">I", data[at:at + 4])
        kind, end = data[at + 4:at + 8], at + 8 + length
        if end + 4 > len(data) or zlib.crc32(data[at + 4:end]) != struct.unpack(">I", data[end:end + 4])[0]:
            return False
        if kind == b"IEND":
            return end + 4 == len(data)
        at = end + 4
    return False


def covers(font, text: str) -> bool:
    """Tell whether the font has a glyph for every visible character of text (a missing one
    draws the same 'no glyph' box as a character no font has)."""
    from PIL import Image, ImageDraw

    def pixels(char: str) -> bytes:
        image = Image.new("L", (2 * font.size, 2 * font.size))
        ImageDraw.Draw(image).text((0, 0), char, font=font, fill=255)
        return image.tobytes()
    missing = pixels("\U0010fffd")
    return all(char.isspace() or pixels(char) != missing for char in set(text))


def wrap(text: str, font, width: int) -> list[str]:
    """Break text into lines no wider than width: between words, and inside a word (or a
    text without spaces, such as Japanese) between characters when it is wider alone."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
            line = ""
        for char in word:
            if line and font.getlength(line + char) > width:
                lines.append(line)
                line = ""
            line += char
    if line:
        lines.append(line)
    return lines


def ellipsise(line: str, font, width: int) -> str:
    """Shorten the last line shown so that it ends with an ellipsis within width."""
    while line and font.getlength(line.rstrip() + "…") > width:
        line = line[:-1]
    return line.rstrip(" ,.;:–—-") + "…"


def last_line(rest: list[str], font, width: int) -> str:
    """The last line shown of a title too long for the card: as much as fits, cut after a
    whole word when it has spaces, then an ellipsis."""
    text = " ".join(rest)
    cut = ellipsise(text, font, width)[:-1]
    if " " in cut and len(cut) < len(text) and not text[len(cut)].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–—-") + "…"


def line_height(size: int) -> int:
    return round(size * 1.18)


def balance(text: str, font, width: int, lines: list[str]) -> list[str]:
    """Even out the lines of a wrapped title: the narrowest measure that needs no more lines
    (a last line of one short word under a long one reads badly on a card)."""
    if len(lines) < 2:
        return lines
    # high always wraps into len(lines); below the longest word, words would break
    low, high = max(width // 2, int(max(font.getlength(word) for word in text.split()))), width
    while high - low > 8:
        middle = (low + high) // 2
        if len(wrap(text, font, middle)) == len(lines):
            high = middle
        else:
            low = middle
    return wrap(text, font, high)


def fit_title(title: str, maker: CardMaker, width: int, height: int) -> tuple[object, list[str]]:
    """Pick the title's font and size: the largest whose lines (at most MAX_LINES) fit in
    width x height, or the smallest with the text cut short at its last line."""
    kind = "serif"
    if not covers(maker.font("serif", 32), title) and maker.fonts["wide"]:
        kind = "wide"
    for size in TITLE_SIZES:
        font = maker.font(kind, size)
        room = min(MAX_LINES, height // line_height(size))
        lines = wrap(title, font, width)
        if len(lines) <= room:
            return font, balance(title, font, width, lines)
    return font, [*lines[: room - 1], last_line(lines[room - 1:], font, width)]


def draw_card(spec: CardSpec, maker: CardMaker) -> bytes:
    """Draw the card: the label in the accent colour, the title big, the site name at the foot."""
    from PIL import Image, ImageDraw
    colours = maker.colours
    image = Image.new("RGB", (WIDTH, HEIGHT), colours["bg"])
    draw = ImageDraw.Draw(image)
    width = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 14), fill=colours["accent"])
    label_font = maker.font("sans_bold", 32)
    if not covers(label_font, spec.label) and maker.fonts["wide"]:
        label_font = maker.font("wide", 32)
    label_lines = wrap(spec.label.upper(), label_font, width)[:1]
    draw.text((MARGIN, 70), label_lines[0] if label_lines else "", font=label_font, fill=colours["accent"])
    foot = HEIGHT - MARGIN - 32  # the site name's line, under a rule
    rule = foot - 28
    top, bottom = 70 + 32 + 36, rule - 28  # the title's room, between the label and the rule
    font, lines = fit_title(spec.title, maker, width, bottom - top)
    step = line_height(font.size)
    top += (bottom - top - step * len(lines)) // 3  # a short title sits a little above the middle
    for index, line in enumerate(lines):
        draw.text((MARGIN, top + index * step), line, font=font, fill=colours["text"])
    draw.line((MARGIN, rule, WIDTH - MARGIN, rule), fill=colours["rule"], width=2)
    site_font = maker.font("sans", 32)
    if not covers(site_font, spec.site) and maker.fonts["wide"]:
        site_font = maker.font("wide", 32)
    site = wrap(spec.site, site_font, width)
    draw.text((MARGIN, foot), site[0] if len(site) == 1 else ellipsise(site[0], site_font, width) if site else "",
              font=site_font, fill=colours["muted"])
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=6)  # optimize=True: 3x slower for 5% smaller
    return buffer.getvalue()
