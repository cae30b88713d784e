"""Time zones by their IANA names (``Europe/London``), through the standard library's
``zoneinfo``: one per person, so "today", the practice week, plan windows and calendar
times follow where the person lives, across daylight-saving changes too.

``zoneinfo`` reads the system's time-zone database (``/usr/share/zoneinfo``); where there
is none (Windows, some slim containers) the ``tzdata`` package supplies it.
"""

from __future__ import annotations

import functools
from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from midweek.domain.errors import ValidationError
from midweek.i18n import _

#: The example named when a zone cannot be found.
ZONE_EXAMPLE = "Europe/London or America/New_York"
#: The longest IANA name is 32 characters; this bounds what is looked up at all.
ZONE_MAX = 64
#: The regions offered in a picker; the database's other entries are aliases or legacy.
_REGIONS = ("Africa", "America", "Antarctica", "Asia", "Atlantic", "Australia", "Europe")
_REGIONS_MORE = ("Indian", "Pacific")


def unknown_zone(name: str) -> ValidationError:
    """The one sentence for a zone name that is not in the database, naming an example."""
    shown = " ".join(name.split())[:ZONE_MAX]
    return ValidationError(
        _("I don't know the time zone “{shown}”; please give a name like {ZONE_EXAMPLE}.").format(
            shown=shown, ZONE_EXAMPLE=ZONE_EXAMPLE
        ),
        field="time_zone",
    )


@functools.lru_cache(maxsize=64)
def _load(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def zone_named(name: str) -> ZoneInfo:
    """The zone a person typed or picked (an IANA name, any case); ValidationError if the
    database has no such zone. Only the database's listed names count, not every file in
    it ("posixrules", "zone.tab")."""
    cleaned = name.strip()
    if not cleaned or len(cleaned) > ZONE_MAX:
        raise unknown_zone(name)
    known = all_zones()
    if cleaned in known:
        return _load(cleaned)
    # People type "europe/london"; find the right spelling among the known names.
    wanted = cleaned.casefold()
    for listed in known:
        if listed.casefold() == wanted:
            return _load(listed)
    raise unknown_zone(name)


def zone_or_none(name: str | None) -> tzinfo | None:
    """The stored zone called ``name`` (checked when it was chosen), or None when there is
    none or the database no longer has it. Cheap: no listing of the database."""
    if not name or len(name) > ZONE_MAX or name.startswith("/") or ".." in name:
        return None
    try:
        return _load(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return None


@functools.cache
def all_zones() -> tuple[str, ...]:
    """Every zone name the database knows, sorted."""
    return tuple(sorted(available_timezones()))


@functools.cache
def zone_groups() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(region, zone names) for a grouped picker: the places people live, then UTC."""
    groups: dict[str, list[str]] = {}
    for name in all_zones():
        region, _, place = name.partition("/")
        if place and region in (*_REGIONS, *_REGIONS_MORE):
            groups.setdefault(region, []).append(name)
    ordered = tuple((region, tuple(groups[region])) for region in sorted(groups))
    return (*ordered, ("UTC", ("UTC",)))


def zone_name(tz: tzinfo | None) -> str | None:
    """The IANA name of ``tz`` when it has one (a ``ZoneInfo``), else None."""
    key = getattr(tz, "key", None)
    return key if isinstance(key, str) else None
