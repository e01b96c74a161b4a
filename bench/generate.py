#!/usr/bin/env python3
"""Generate a synthetic site in penjelas' content format, seeded and deterministic.

N sections per language (about 600 words each, with headings, lists, links and citations),
a timeline of M events and S sources; the templates, translations and assets are the
repo's own. Usage: python bench/generate.py DIR [--sections N] [--events M] [--sources S]
"""
from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = ("kerja sama pertemuan pemimpin undangan sumber laporan kantor berita waktu setempat "
         "satelit roket sanksi dewan keamanan resolusi juru bicara kedutaan pernyataan analisis "
         "cooperation meeting leader invitation source report agency local time satellite rocket "
         "sanctions council resolution spokesperson embassy statement analysis").split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def cite(rng: random.Random, sources: int) -> str:
    ids = sorted({f"src-{rng.randrange(sources):04d}" for _ in range(rng.randint(1, 2))})
    return "[" + "; ".join("@" + i for i in ids) + "]"


def section_body(rng: random.Random, sources: int) -> str:
    """About 600 words: paragraphs with citations, two headings, a list and a link."""
    parts = []
    for block in range(8):
        if block in (3, 6):
            parts.append(f"## {sentence(rng, 4)}")
        paragraph = " ".join(f"{sentence(rng, 12)} {cite(rng, sources)}." for _ in range(5))
        parts.append(paragraph)
    parts.append("\n".join(f"- {sentence(rng, 8)} {cite(rng, sources)}" for _ in range(4)))
    parts.append(f"See [the report](https://example.org/report/{rng.randrange(10**6)}) {cite(rng, sources)}.")
    return "\n\n".join(parts) + "\n"


def write_site(root: Path, sections: int, events: int, sources: int, seed: int = 1) -> int:
    """Write the site and return the number of HTML pages a build should produce."""
    rng = random.Random(seed)
    if root.exists():
        shutil.rmtree(root)
    for part in ("templates", "translations", "assets"):
        shutil.copytree(REPO / part, root / part)
    content = root / "content"
    (content / "sections").mkdir(parents=True)
    shutil.copy(REPO / "content/site.yaml", content / "site.yaml")
    (content / "places.yaml").write_text(
        'here:\n  name: {id: "Di sini", en: "Here"}\n  timezone: Asia/Jakarta\n  zone: {id: "WIB", en: "WIB"}\n')
    with (content / "sources.yaml").open("w") as f:
        for i in range(sources):
            f.write(f'- id: src-{i:04d}\n  kind: wire\n  publisher: "Agency {i}"\n  title: "Report {i}"\n'
                    f'  date: 2023-09-13\n  language: en\n  url: https://example.org/src/{i}\n  confidence: high\n')
    with (content / "timeline.yaml").open("w") as f:
        start = dt.datetime(2023, 9, 13, 0, 0)
        for i in range(events):
            when = (start + dt.timedelta(minutes=7 * i)).strftime("%Y-%m-%dT%H:%M+07:00")
            section = f"s{i % sections:05d}" if sections else None
            f.write(f"- id: e{i:05d}\n  when: {when}\n  place: here\n" + (f"  section: {section}\n" if section else "")
                    + f"  sources: [src-{i % sources:04d}]\n"
                    f'  title: {{id: "Peristiwa {i}", en: "Event {i}"}}\n'
                    f'  text: {{id: "{sentence(rng, 10)}.", en: "{sentence(rng, 10)}."}}\n')
    (content / "people.yaml").write_text(
        '- id: someone\n  name: Someone\n  kind: person\n  role: {id: "Seseorang", en: "Someone"}\n  sources: [src-0000]\n')
    (content / "quotes.yaml").write_text("[]\n")
    for lang, heading in (("id", "Ringkasan"), ("en", "Overview")):
        points = "\n".join(f'  - "{sentence(rng, 8)} {cite(rng, sources)}."' for _ in range(5))
        (content / f"overview.{lang}.md").write_text(
            f"---\ntitle: {heading}?\nsummary: {sentence(rng, 10)}.\ndate: 2023-09-14\nkey_points:\n{points}\n---\n"
            f"## {heading}\n\n{sentence(rng, 20)} {cite(rng, sources)}.\n")
        for i in range(sections):
            (content / "sections" / f"s{i:05d}.{lang}.md").write_text(
                f"---\ntitle: {lang.upper()} section {i}\nslug: {lang}-section-{i}\nsummary: {sentence(rng, 10)}.\n"
                f"order: {i + 1}\ndate: 2023-09-13\n---\n{section_body(rng, sources)}")
    mark_translations(root)
    return 2 * (sections + 5) + 2  # per language: sections, home, timeline, sources, people, 404; root pages


def mark_translations(root: Path) -> None:
    """Record every translation as in sync, as `build.py translations --mark '*.en'` would."""
    import sys
    sys.path.insert(0, str(REPO))
    from penjelas.build.pipeline import BuildOptions, SiteBuilder
    from penjelas.check.translation import translation_statuses
    from penjelas.problems import ProblemLog
    from penjelas.translating.mark import entry_file, mark_document, mark_entry

    site = SiteBuilder(BuildOptions(root, root / "output")).load(ProblemLog())
    for status in translation_statuses(site):
        if "." in status.item:
            site_path, entry_id = entry_file(status.item)
            mark_entry(root / site_path, site_path, entry_id, status.lang, status.current, site.config.default_language)
        else:
            mark_document(root / status.location.path, status.current)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path)
    parser.add_argument("--sections", type=int, default=200)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--sources", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    pages = write_site(args.root, args.sections, args.events, args.sources, args.seed)
    print(f"wrote {args.root}: {args.sections} sections per language, expect {pages} HTML pages")


if __name__ == "__main__":
    main()
