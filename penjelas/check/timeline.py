"""Check stage, the timeline: the events in the order readers see them, each time's UTC
offset checked against its place's zone, and places written as keys checked against places.yaml.

Input: the timeline events and places read by records.py. Output: the sorted events, problems.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any
from zoneinfo import ZoneInfo

from babel.dates import format_date

from ..load.cache import ParseCache
from ..model import Site, where
from ..problems import ProblemLog, suggest


def sorted_timeline(events: dict[str, Any], places: dict[str, Any], cache: ParseCache) -> tuple:
    """Return the events in the order readers see them, worked out once while the events and
    places stay the same."""
    return cache.parse("checks", "timeline order", (events, places), ProblemLog(),
                       lambda found: order_events(tuple(events.values()), places))


NO_START = dt.datetime.max.replace(tzinfo=dt.timezone.utc)  # an event without a usable date sorts last


def order_events(events: tuple, places: dict[str, Any]) -> tuple:
    """Put events in the order readers see them: by the day each happened where it happened
    (its local day), then by the UTC moment it began; equal moments keep the order of the file.

    A date-only event counts as the start of its local day, except right after an event (in
    the file) of the same local day: then it counts as that event's moment. The author may know
    that something happened after the event before it without knowing when; no file order can put an
    event on another day or before an earlier time. Sorting by the local day first keeps each
    day together where zones interleave days in UTC (02:00 on the 14th in Seoul is before 21:00
    on the 13th in Washington): the timeline shows each day once, in calendar order.
    """
    keys: list[tuple] = []
    for event in events:
        bounds, day = event_bounds(event, places), event.local_day(places)
        if bounds is None:
            keys.append((dt.date.max, NO_START))
        elif bounds[0] != bounds[1] and keys and keys[-1][0] == day and bounds[0] <= keys[-1][1] < bounds[1]:
            keys.append(keys[-1])
        else:
            keys.append((day, bounds[0]))
    order = sorted(range(len(events)), key=keys.__getitem__)
    return tuple(events[index] for index in order)


def event_bounds(event: Any, places: dict[str, Any]) -> tuple[dt.datetime, dt.datetime] | None:
    """Return the UTC moment an event happened, twice, or the start and end of its local day
    (in its place's zone, or in UTC at a free-text place) when it has no time."""
    if event.when is None:
        return None
    if event.has_time:
        moment = event.when.astimezone(dt.timezone.utc)
        return moment, moment
    place = places.get(event.place) if event.place is not None else None
    zone = ZoneInfo(place.timezone) if place and place.timezone else dt.timezone.utc
    start = dt.datetime.combine(event.when, dt.time(0), zone)
    return start.astimezone(dt.timezone.utc), (start + dt.timedelta(days=1)).astimezone(dt.timezone.utc)


def check_offsets(site: Site, problems: ProblemLog) -> None:
    """Check each event's time carries the UTC offset its place had at that local time (and
    name that offset where the time has none); a free-text place has only the offset written."""
    for event in site.timeline:
        place = site.places.get(event.place) if event.place is not None else None
        zone = ZoneInfo(place.timezone) if place is not None and place.timezone else None
        if event.unzoned is not None:
            offset_missing(event, place, zone, problems)
        elif zone is not None and event.has_time:
            offset_mismatch(event, place, zone, problems)


def zone_offsets(local: dt.datetime, zone: ZoneInfo) -> list[dt.timedelta]:
    """Return the UTC offsets a zone had at a local (naive) time: one, two in the hour the
    clocks go back, none in the hour they skip."""
    offsets = []
    for fold in (0, 1):
        moment = local.replace(tzinfo=zone, fold=fold)
        offset = moment.utcoffset()
        if offset not in offsets and moment.astimezone(dt.timezone.utc).astimezone(zone).replace(tzinfo=None) == local:
            offsets.append(offset)
    return offsets


def offset_text(offset: dt.timedelta) -> str:
    """Write an offset as ISO 8601 does: '+09:00', '-04:00', '+05:45' (old local mean times
    have seconds: '-04:56:02')."""
    seconds = int(offset.total_seconds())
    minutes, rest = divmod(abs(seconds), 60)
    text = f"{'-' if seconds < 0 else '+'}{minutes // 60:02d}:{minutes % 60:02d}"
    return text + (f":{rest:02d}" if rest else "")


def local_text(local: dt.datetime) -> str:
    """Write a local time as it would be written in timeline.yaml (minutes, or seconds if any)."""
    return local.isoformat(timespec="minutes" if not local.second and not local.microsecond else "auto")


def offset_missing(event: Any, place: Any, zone: ZoneInfo | None, problems: ProblemLog) -> None:
    """Report a time without offset; at a place of places.yaml, the hint gives the full value."""
    value = local_text(event.unzoned)
    offsets = zone_offsets(event.unzoned, zone) if zone is not None else []
    if offsets:
        fixed = " or ".join(f"'{value}{offset_text(offset)}'" for offset in offsets)
        hint = f"add the UTC offset {place.key} ({place.timezone}) had that day: {fixed}"
    else:
        hint = f"add the UTC offset the place had that day: '{value}+HH:MM' or '{value}-HH:MM'"
    problems.error(where(event, "when"), f"event '{event.id}': '{value}' has no UTC offset, so the moment is ambiguous",
                   hint + " (use a date alone if the time is unknown)")


def offset_mismatch(event: Any, place: Any, zone: ZoneInfo, problems: ProblemLog) -> None:
    """Report a time whose offset is not one the place's zone had at that local time."""
    local, written = event.when.replace(tzinfo=None), event.when.utcoffset()
    offsets = zone_offsets(local, zone)
    if written in offsets:
        return
    value, day = local_text(local), format_date(local.date(), "d MMMM y", locale="en")
    if not offsets:  # the clocks skipped this local time
        actual = event.when.astimezone(zone)
        problems.error(where(event, "when"), f"event '{event.id}': '{value}{offset_text(written)}' is a local time "
                       f"that {place.key} ({place.timezone}) skipped on {day}, when its clocks were put forward",
                       f"check the time; the moment written is '{local_text(actual.replace(tzinfo=None))}"
                       f"{offset_text(actual.utcoffset())}' on {place.key}'s clocks")
        return
    shown = " or ".join(f"UTC{offset_text(offset)}" for offset in offsets)
    fixed = " or ".join(f"'{value}{offset_text(offset)}'" for offset in offsets)
    actual = event.when.astimezone(zone)
    problems.error(where(event, "when"), f"event '{event.id}': '{value}{offset_text(written)}' has offset "
                   f"{offset_text(written)}, but {place.key} ({place.timezone}) was at {shown} on {day}",
                   f"write {fixed} (the local time as written, at {place.key}'s offset); if the offset is right, "
                   f"the same moment on {place.key}'s clocks is '{local_text(actual.replace(tzinfo=None))}"
                   f"{offset_text(actual.utcoffset())}', or the event is at another place")


def place_reference(event: Any, places: Any, problems: ProblemLog) -> None:
    """Check a place written as a key ('kyiv') is a key of places.yaml; the hint offers the
    known keys, or the same place as free text."""
    if event.place in places:
        return
    free = " ".join(word.capitalize() for word in re.split(r"[-_.]", event.place))
    if free == event.place:  # digits alone: make it text that cannot be a key
        free = f"Place {free}"
    if places:
        problems.error(where(event, "place"), f"event '{event.id}' names unknown place '{event.place}', "
                       "which is not a key of content/places.yaml",
                       f"{suggest(event.place, places)}; or write the place as free text, e.g. 'place: {free}'")
    else:
        problems.error(where(event, "place"), f"event '{event.id}' names place '{event.place}', but there are "
                       "no places in content/places.yaml",
                       f"write the place as free text, with a capital letter or a space, e.g. 'place: {free}', "
                       f"or define '{event.place}' with its timezone in content/places.yaml")
