"""The prep report as a pure view-model: sections of items with stable ids, in plain words.

Every item has an id (``practice:3``, ``win:12``, ``barrier-kind:time``, ``journal:45``,
``insight:session-4-1``, ``question:7``, ``measure:phq9``, ``item9:21``, ``mood-chart``)
and every section one too (``practice``, ``journal``, …), so the person can leave out a
whole section or a single item before the report is written or shared.

"New insights" is kept simple: the takeaways of the sessions in the window plus journal
entries tagged ``insight``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from midweek import messages
from midweek.domain.adherence import WinKind
from midweek.domain.entities import Checkin
from midweek.domain.errors import ValidationError
from midweek.domain.instruments import GAD7, PHQ9, Instrument
from midweek.domain.measures import SeriesOutcome
from midweek.domain.safety import CrisisResources
from midweek.services.prep import PrepData

SECTION_ORDER = (
    "practice",
    "wins",
    "barriers",
    "journal",
    "insights",
    "questions",
    "measures",
    "safety",
    "mood",
)


@dataclass(frozen=True)
class Point:
    at: datetime
    value: int


@dataclass(frozen=True)
class Series:
    name: str
    points: tuple[Point, ...]


@dataclass(frozen=True)
class Chart:
    """Data for one chart; ``bands`` are (low, label) thresholds drawn as guide lines."""

    title: str
    series: tuple[Series, ...]
    low: int
    high: int
    bands: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Item:
    id: str
    text: str
    details: tuple[str, ...] = ()
    chart: Chart | None = None


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    items: tuple[Item, ...]
    intro: str | None = None
    outro: tuple[str, ...] = ()


@dataclass(frozen=True)
class PrepView:
    title: str
    period: str
    made: str
    sections: tuple[Section, ...]
    footer: str
    excluded: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not any(s.items for s in self.sections)


def _day(d: date | datetime) -> str:
    return f"{d:%a} {d.day} {d:%b %Y}"


def _practice(data: PrepData) -> Section:
    items = []
    for p in data.practice:
        t = p.totals
        items.append(
            Item(
                id=f"practice:{p.assignment.id}",
                text=messages.prep_practice(
                    p.assignment.title, t.credit, t.planned, t.minutes, t.planned_minutes
                ),
                details=(messages.prep_practice_detail(t.done, t.partial, t.mean_quality),),
            )
        )
    o = data.overall
    intro = messages.prep_overall(o.credit, o.planned, o.minutes) if o and len(items) > 1 else None
    return Section("practice", messages.PREP_SECTIONS["practice"], tuple(items), intro=intro)


def _wins(data: PrepData) -> Section:
    by_log: dict[str, list[WinKind]] = {}
    first: dict[str, tuple[datetime, int]] = {}
    despite: set[int] = set()
    for w in data.wins:
        # After a barrier every later practice is "despite" it; the first one says enough.
        if w.kind is WinKind.DESPITE_BARRIER:
            if w.assignment_id in despite:
                continue
            despite.add(w.assignment_id)
        key = str(w.log_id) if w.log_id is not None else f"{w.assignment_id}-{w.at:%Y%m%d%H%M}"
        by_log.setdefault(key, []).append(w.kind)
        first.setdefault(key, (w.at, w.assignment_id))
    items = []
    for key, kinds in by_log.items():
        at, ident = first[key]
        log = data.logs.get(int(key)) if key.isdigit() else None
        title = data.assignments[ident].title if ident in data.assignments else "Practice"
        text = messages.prep_win(
            _day(at.astimezone(data.now.tzinfo)),
            title,
            [k.value for k in kinds],
            log.quality if log else None,
        )
        items.append(Item(id=f"win:{key}", text=text))
    return Section("wins", messages.PREP_SECTIONS["wins"], tuple(items))


def _barriers(data: PrepData) -> Section:
    bp = data.barriers
    items = []
    for kind, count in sorted(bp.counts.items(), key=lambda kv: -kv[1]):
        if not count:
            continue
        titles = [data.assignments[i].title for i in bp.assignments[kind] if i in data.assignments]
        steps = bp.next_steps[kind]
        items.append(
            Item(
                id=f"barrier-kind:{kind.value}",
                text=messages.prep_barrier(messages.BARRIER_LABELS[kind], count, titles),
                details=(messages.prep_next_steps(steps),) if steps else (),
            )
        )
    return Section("barriers", messages.PREP_SECTIONS["barriers"], tuple(items))


def _local(data: PrepData, at: datetime) -> str:
    return _day(at.astimezone(data.now.tzinfo))


def _journal(data: PrepData) -> Section:
    items = tuple(
        Item(id=f"journal:{e.id}", text=messages.prep_journal(_local(data, e.written_at), e.text))
        for e in data.bring
    )
    return Section("journal", messages.PREP_SECTIONS["journal"], items)


def _insights(data: PrepData) -> Section:
    items = [
        Item(id=f"insight:session-{s.id}-{i}", text=messages.prep_takeaway(_day(s.date), t))
        for s in data.sessions
        for i, t in enumerate(s.takeaways, 1)
    ]
    items += [
        Item(
            id=f"insight:journal-{e.id}",
            text=messages.prep_journal_insight(_local(data, e.written_at), e.text),
        )
        for e in data.insight_entries
    ]
    return Section("insights", messages.PREP_SECTIONS["insights"], tuple(items))


def _questions(data: PrepData) -> Section:
    items = tuple(
        Item(id=f"question:{q.id}", text=messages.prep_question(q.text, _local(data, q.created_at)))
        for q in data.questions
    )
    return Section("questions", messages.PREP_SECTIONS["questions"], items)


def _meaning(o: SeriesOutcome) -> str:
    if o.change is None:
        return messages.PREP_MEANING_FIRST
    if o.reliable_improvement:
        return messages.PREP_MEANING_IMPROVED
    if o.reliable_deterioration:
        return messages.PREP_MEANING_ROSE
    return messages.prep_meaning_change(o.change)


def _measure_item(data: PrepData, inst: Instrument, o: SeriesOutcome | None) -> Item | None:
    if o is None:
        return None
    text = messages.prep_measure(inst.name, o.first, o.latest, o.band_movement, _meaning(o))
    if o.change is None:
        text = f"{inst.name} {o.latest} ({o.latest_band}): {messages.PREP_MEANING_FIRST}"
    detail = messages.prep_measure_detail(
        o.count, _local(data, o.first_at), _local(data, o.latest_at)
    )
    return Item(id=f"measure:{inst.code}", text=text, details=(detail,))


def _points(checkins: Iterable[Checkin], value: str) -> tuple[Point, ...]:
    out = []
    for c in checkins:
        v = getattr(c, value)
        if v is None and value == "total" and c.answers is not None:
            v = sum(c.answers)
        if v is not None:
            out.append(Point(c.at, int(v)))
    return tuple(out)


def _shared_bands() -> tuple[tuple[int, str], ...]:
    # Guide lines at the PHQ-9 band edges, named only where GAD-7 names the same edge alike.
    gad = {low: label for low, _, label in GAD7.bands}
    return tuple(
        (low, label if gad.get(low) == label else "") for low, _, label in PHQ9.bands if low > 0
    )


def _measures(data: PrepData) -> Section:
    items = [
        i
        for i in (
            _measure_item(data, PHQ9, data.phq9),
            _measure_item(data, GAD7, data.gad7),
        )
        if i is not None
    ]
    if sum(1 for c in data.measures) >= 2:
        series = tuple(
            Series(inst.name, _points((c for c in data.measures if c.kind == inst.code), "total"))
            for inst in (PHQ9, GAD7)
        )
        chart = Chart(
            title=messages.PREP_MEASURE_CHART,
            series=tuple(s for s in series if s.points),
            low=0,
            high=PHQ9.max_total,
            bands=_shared_bands(),
        )
        items.append(Item(id="measure-chart", text=messages.PREP_MEASURE_CHART, chart=chart))
    return Section("measures", messages.PREP_SECTIONS["measures"], tuple(items))


#: Items left out unless the person asks for them (``include``): safety events are theirs to
#: raise, so they never reach a report by default.
OPT_IN: dict[str, str] = {"safety": "safety:events"}


def _safety(data: PrepData, support: CrisisResources | None, *, events: bool = False) -> Section:
    items = tuple(
        Item(id=f"item9:{f.checkin_id}", text=messages.prep_item9(_local(data, f.at), f.value))
        for f in data.item9
    )
    if events and data.safety_events:
        items += (Item(id="safety:events", text=messages.prep_safety_events(data.safety_events)),)
    outro: list[str] = []
    if items:
        outro.append(messages.PREP_SAFETY_INTRO)
        for c in support.contacts if support else ():
            ways = [
                w
                for w in (
                    f"call {c.phone}" if c.phone else None,
                    f"text {c.text}" if c.text else None,
                    c.url,
                )
                if w
            ]
            outro.append(messages.prep_contact(c.name, ways, c.hours))
        if support:
            outro.append(messages.prep_emergency(support.emergency_number))
        outro.append(messages.PREP_NOT_EMERGENCY)
    return Section("safety", messages.PREP_SECTIONS["safety"], items, outro=tuple(outro))


def _mood(data: PrepData) -> Section:
    points = _points(data.mood, "mood")
    if not points:
        return Section("mood", messages.PREP_SECTIONS["mood"], ())
    values = [p.value for p in points]
    summary = messages.prep_mood(
        len(values), min(values), max(values), values[0], values[-1], sum(values) / len(values)
    )
    chart = Chart(title=messages.PREP_MOOD_CHART, series=(Series("Mood", points),), low=0, high=10)
    item = Item(id="mood-chart", text=summary, chart=chart)
    return Section("mood", messages.PREP_SECTIONS["mood"], (item,))


def _full(data: PrepData, support: CrisisResources | None, *, events: bool = False) -> PrepView:
    from_session = data.last_session is not None and data.since == data.last_session.date
    sections = (
        _practice(data),
        _wins(data),
        _barriers(data),
        _journal(data),
        _insights(data),
        _questions(data),
        _measures(data),
        _safety(data, support, events=events),
        _mood(data),
    )
    return PrepView(
        title=messages.PREP_TITLE,
        period=messages.prep_period(_day(data.since), _day(data.until), from_session=from_session),
        made=f"{data.now:%Y-%m-%d %H:%M}",
        sections=tuple(s for s in sections if s.items),
        footer=messages.PREP_FOOTER,
    )


def item_ids(view: PrepView) -> dict[str, str]:
    """Every id that can be left out, sections and items, with a one-line label, in order."""
    ids: dict[str, str] = {}
    for s in view.sections:
        ids[s.id] = f"{s.title} (all {len(s.items)})"
        for i in s.items:
            ids[i.id] = i.text if len(i.text) <= 70 else i.text[:69] + "…"
    return ids


def section_ids(view: PrepView) -> list[str]:
    return [s.id for s in view.sections]


def build_view(
    data: PrepData,
    *,
    exclude: Iterable[str] = (),
    support: CrisisResources | None = None,
    include: Iterable[str] = (),
) -> PrepView:
    """The report's view-model without the sections and items in ``exclude``.

    Raises ``ValidationError`` naming the valid ids when ``exclude`` holds an unknown one.
    ``support`` (crisis contacts) is shown beside a PHQ-9 item 9 above zero. Items that are
    left out by default (``OPT_IN``: ``safety`` adds ``safety:events``) come in only when
    named in ``include``.
    """
    asked = {i.strip() for i in include if i.strip()}
    unknown_in = sorted(asked - set(OPT_IN) - set(OPT_IN.values()))
    if unknown_in:
        raise ValidationError(
            messages.prep_unknown_include(", ".join(unknown_in), ", ".join(OPT_IN)),
            field="include",
        )
    full = _full(data, support, events=bool(asked))
    wanted = {e.strip() for e in exclude if e.strip()}
    valid = item_ids(full)
    unknown = sorted(wanted - set(valid))
    if unknown:
        raise ValidationError(
            messages.prep_unknown_ids(", ".join(unknown), ", ".join(valid) or "nothing yet"),
            field="exclude",
        )
    kept = []
    for s in full.sections:
        if s.id in wanted:
            continue
        items = tuple(i for i in s.items if i.id not in wanted)
        if items:
            if s.id == "practice" and len(items) != len(s.items):
                s = replace(s, intro=None)  # the total would count what was left out
            kept.append(replace(s, items=items))
    return replace(full, sections=tuple(kept), excluded=frozenset(wanted))
