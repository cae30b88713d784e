"""The prep report as a pure view-model: sections of items with stable ids, in plain words.

Every item has an id (``practice:3``, ``win:12``, ``barrier-kind:time``, ``journal:45``,
``insight:session-4-1``, ``question:7``, ``measure:phq9``, ``item9:21``, ``mood-chart``)
and every section one too (``practice``, ``journal``, …), so the person can leave out a
whole section or a single item before the report is written or shared.

Leaving out goes by meaning, not by heading. Every item says which data it ``shows``
(keys such as ``phq9``, ``journal:45``, ``homework:3``) and which of them it is ``about``.
Leaving out an item or a section leaves out what its items are about wherever else it
shows: leaving out the PHQ-9 score also takes the PHQ-9 line out of the chart and the
item-9 sentence; leaving out a journal entry also takes it out of "New insights". A kind
can be named directly too (``phq9``, ``gad7``, ``mood``).

Risk items (the PHQ-9 item-9 sentence and the count of safety flags) are out of the report
unless the person adds them (``include=["safety"]``), as PRIVACY.md promises.

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
from midweek.i18n import _
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
    shows: frozenset[str] = frozenset()


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
    """One line of the report. ``shows``: the data keys it shows (a chart's series too);
    ``about``: those that leaving this item out leaves out everywhere in the report."""

    id: str
    text: str
    details: tuple[str, ...] = ()
    chart: Chart | None = None
    shows: frozenset[str] = frozenset()
    about: frozenset[str] = frozenset()


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
    #: What the person added of what is out unless added (``safety``).
    included: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not any(s.items for s in self.sections)


def _day(d: date | datetime) -> str:
    return messages.when(d, "short-year")


def _keys(*keys: str) -> frozenset[str]:
    return frozenset(keys)


def _is_hidden(key: str, hidden: frozenset[str]) -> bool:
    # A key is hidden by itself (``journal:45``) or by its kind (``phq9`` hides ``phq9``,
    # ``homework`` would hide every ``homework:N``).
    return key in hidden or key.partition(":")[0] in hidden


def _homework(ident: int) -> str:
    return f"homework:{ident}"


def _practice(data: PrepData, hidden: frozenset[str]) -> Section:
    items = []
    for p in data.practice:
        t = p.totals
        key = _homework(p.assignment.id or 0)
        items.append(
            Item(
                id=f"practice:{p.assignment.id}",
                text=messages.prep_practice(
                    p.assignment.title,
                    t.credit,
                    t.planned,
                    t.minutes,
                    t.planned_minutes,
                    done=t.done,
                    partial=t.partial,
                ),
                details=(messages.prep_practice_detail(t.done, t.partial, t.mean_quality),),
                shows=_keys(key),
                about=_keys(key),
            )
        )
    o = data.overall
    intro = (
        messages.prep_overall(o.credit, o.planned, o.minutes, done=o.done, partial=o.partial)
        if o and len(items) > 1
        else None
    )
    return Section("practice", messages.PREP_SECTIONS["practice"], tuple(items), intro=intro)


def _wins(data: PrepData, hidden: frozenset[str]) -> Section:
    # "Practised even after something got in the way" tells of a barrier: it goes when any
    # barrier is left out (the win does not say which one, so any is enough).
    no_barriers = any(k.startswith("barrier:") for k in hidden)
    by_log: dict[str, list[WinKind]] = {}
    first: dict[str, tuple[datetime, int]] = {}
    despite: set[int] = set()
    for w in data.wins:
        # After a barrier every later practice is "despite" it; the first one says enough.
        if w.kind is WinKind.DESPITE_BARRIER:
            if w.assignment_id in despite or no_barriers:
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
        items.append(Item(id=f"win:{key}", text=text, shows=_keys(_homework(ident))))
    return Section("wins", messages.PREP_SECTIONS["wins"], tuple(items))


def _barriers(data: PrepData, hidden: frozenset[str]) -> Section:
    bp = data.barriers
    items = []
    for kind, count in sorted(bp.counts.items(), key=lambda kv: -kv[1]):
        if not count:
            continue
        # The practice it got in the way of is named only while that practice is in.
        named = [
            i
            for i in bp.assignments[kind]
            if i in data.assignments and not _is_hidden(_homework(i), hidden)
        ]
        titles = [data.assignments[i].title for i in named]
        steps = bp.next_steps[kind]
        key = f"barrier:{kind.value}"
        items.append(
            Item(
                id=f"barrier-kind:{kind.value}",
                text=messages.prep_barrier(messages.BARRIER_LABELS[kind], count, titles),
                details=(messages.prep_next_steps(steps),) if steps else (),
                shows=_keys(key, *(_homework(i) for i in named)),
                about=_keys(key),
            )
        )
    return Section("barriers", messages.PREP_SECTIONS["barriers"], tuple(items))


def _local(data: PrepData, at: datetime) -> str:
    return _day(at.astimezone(data.now.tzinfo))


def _journal(data: PrepData, hidden: frozenset[str]) -> Section:
    items = tuple(
        Item(
            id=f"journal:{e.id}",
            text=messages.prep_journal(_local(data, e.written_at), e.text),
            shows=_keys(f"journal:{e.id}"),
            about=_keys(f"journal:{e.id}"),
        )
        for e in data.bring
    )
    return Section("journal", messages.PREP_SECTIONS["journal"], items)


def _insights(data: PrepData, hidden: frozenset[str]) -> Section:
    items = [
        Item(
            id=f"insight:session-{s.id}-{i}",
            text=messages.prep_takeaway(_day(s.date), t),
            shows=_keys(f"takeaway:{s.id}-{i}"),
            about=_keys(f"takeaway:{s.id}-{i}"),
        )
        for s in data.sessions
        for i, t in enumerate(s.takeaways, 1)
    ]
    # An entry both brought and tagged "insight" shows twice: one key, so out means out.
    items += [
        Item(
            id=f"insight:journal-{e.id}",
            text=messages.prep_journal_insight(_local(data, e.written_at), e.text),
            shows=_keys(f"journal:{e.id}"),
            about=_keys(f"journal:{e.id}"),
        )
        for e in data.insight_entries
    ]
    return Section("insights", messages.PREP_SECTIONS["insights"], tuple(items))


def _questions(data: PrepData, hidden: frozenset[str]) -> Section:
    items = tuple(
        Item(
            id=f"question:{q.id}",
            text=messages.prep_question(q.text, _local(data, q.created_at)),
            shows=_keys(f"question:{q.id}"),
            about=_keys(f"question:{q.id}"),
        )
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
        text = f"{inst.name} {o.latest} ({_(o.latest_band)}): {messages.PREP_MEANING_FIRST}"
    detail = messages.prep_measure_detail(
        o.count, _local(data, o.first_at), _local(data, o.latest_at)
    )
    return Item(
        id=f"measure:{inst.code}",
        text=text,
        details=(detail,),
        shows=_keys(inst.code),
        about=_keys(inst.code),
    )


def _points(checkins: Iterable[Checkin], value: str) -> tuple[Point, ...]:
    out = []
    for c in checkins:
        v = getattr(c, value)
        if v is None and value == "total" and c.answers is not None:
            v = sum(c.answers)
        if v is not None:
            out.append(Point(c.at, int(v)))
    return tuple(out)


def _bands(instruments: tuple[Instrument, ...]) -> tuple[tuple[int, str], ...]:
    # Guide lines at the band edges; with both measures, PHQ-9's edges, named only where
    # GAD-7 names the same edge alike.
    first = instruments[0]
    names = [{low: label for low, _high, label in inst.bands} for inst in instruments]
    return tuple(
        (low, label if all(n.get(low) == label for n in names) else "")
        for low, _high, label in first.bands
        if low > 0
    )


def _measures(data: PrepData, hidden: frozenset[str]) -> Section:
    items = [
        i
        for i in (
            _measure_item(data, PHQ9, data.phq9),
            _measure_item(data, GAD7, data.gad7),
        )
        if i is not None
    ]
    if sum(1 for c in data.measures) >= 2:
        # A measure left out leaves the chart too: its line goes, and so does its name in the
        # title and its bands; the chart stays for the other measure.
        shown = tuple(inst for inst in (PHQ9, GAD7) if not _is_hidden(inst.code, hidden))
        series = tuple(
            Series(
                inst.name,
                _points((c for c in data.measures if c.kind == inst.code), "total"),
                shows=_keys(inst.code),
            )
            for inst in shown
        )
        series = tuple(s for s in series if s.points)
        if series:
            kept = tuple(inst for inst in shown if any(s.name == inst.name for s in series))
            title = messages.prep_measure_chart([inst.name for inst in kept])
            chart = Chart(
                title=title,
                series=series,
                low=0,
                high=max(inst.max_total for inst in kept),
                bands=_bands(kept),
            )
            shows = frozenset().union(*(s.shows for s in series))
            items.append(Item(id="measure-chart", text=title, chart=chart, shows=shows))
    return Section("measures", messages.PREP_SECTIONS["measures"], tuple(items))


#: What is out of the report unless the person adds it (``include``), and the risk item ids
#: each name adds: the PHQ-9 item-9 sentences and the count of safety flags are theirs to
#: raise, so they never reach a report (preview, download or sent copy) by default.
OPT_IN: dict[str, tuple[str, ...]] = {
    "safety": ("item9", "safety:events"),
    "item9": ("item9",),
    "safety:events": ("safety:events",),
}


def _safety(
    data: PrepData,
    support: CrisisResources | None,
    hidden: frozenset[str],
    *,
    item9: bool = False,
    events: bool = False,
) -> Section:
    items: tuple[Item, ...] = ()
    if item9:
        items += tuple(
            Item(
                id=f"item9:{f.checkin_id}",
                text=messages.prep_item9(_local(data, f.at), f.value),
                # The answer is part of the PHQ-9: leaving out PHQ-9 leaves it out too.
                shows=_keys("phq9", f"item9:{f.checkin_id}"),
                about=_keys(f"item9:{f.checkin_id}"),
            )
            for f in data.item9
        )
    if events and data.safety_events:
        items += (
            Item(
                id="safety:events",
                text=messages.prep_safety_events(data.safety_events),
                shows=_keys("safety-events"),
                about=_keys("safety-events"),
            ),
        )
    items = tuple(i for i in items if not any(_is_hidden(k, hidden) for k in i.shows))
    return Section(
        "safety", messages.PREP_SECTIONS["safety"], items, outro=_support(support, items)
    )


def _support(support: CrisisResources | None, items: tuple[Item, ...]) -> tuple[str, ...]:
    outro: list[str] = []
    if items:
        outro.append(messages.PREP_SAFETY_INTRO)
        for c in support.contacts if support else ():
            ways = [
                w
                for w in (
                    messages.crisis_call(c.phone) if c.phone else None,
                    messages.crisis_text(c.text) if c.text else None,
                    c.url,
                )
                if w
            ]
            outro.append(messages.prep_contact(c.title, ways, c.hours))
        if support:
            outro.append(messages.prep_emergency(support.emergency_number))
        outro.append(messages.PREP_NOT_EMERGENCY)
    return tuple(outro)


def _mood(data: PrepData, hidden: frozenset[str]) -> Section:
    points = _points(data.mood, "mood")
    if not points:
        return Section("mood", messages.PREP_SECTIONS["mood"], ())
    values = [p.value for p in points]
    summary = messages.prep_mood(
        len(values), min(values), max(values), values[0], values[-1], sum(values) / len(values)
    )
    chart = Chart(
        title=messages.PREP_MOOD_CHART,
        series=(Series("Mood", points, shows=_keys("mood")),),
        low=0,
        high=10,
    )
    item = Item(
        id="mood-chart", text=summary, chart=chart, shows=_keys("mood"), about=_keys("mood")
    )
    return Section("mood", messages.PREP_SECTIONS["mood"], (item,))


def _full(
    data: PrepData,
    support: CrisisResources | None,
    *,
    added: frozenset[str] = frozenset(),
    hidden: frozenset[str] = frozenset(),
) -> PrepView:
    from_session = data.last_session is not None and data.since == data.last_session.date
    sections = (
        _practice(data, hidden),
        _wins(data, hidden),
        _barriers(data, hidden),
        _journal(data, hidden),
        _insights(data, hidden),
        _questions(data, hidden),
        _measures(data, hidden),
        _safety(data, support, hidden, item9="item9" in added, events="safety:events" in added),
        _mood(data, hidden),
    )
    return PrepView(
        title=messages.PREP_TITLE,
        period=messages.prep_period(_day(data.since), _day(data.until), from_session=from_session),
        made=f"{data.now:%Y-%m-%d %H:%M}",
        sections=tuple(s for s in sections if s.items),
        footer=messages.PREP_FOOTER,
    )


#: Kinds of data that can be left out by name, wherever they show (``--exclude phq9``).
KINDS = ("phq9", "gad7", "mood")
_KIND_NAMES = {"phq9": "phq9", "phq-9": "phq9", "gad7": "gad7", "gad-7": "gad7", "mood": "mood"}


def item_ids(view: PrepView) -> dict[str, str]:
    """Every id that can be left out, sections and items, with a one-line label, in order."""
    ids: dict[str, str] = {}
    for s in view.sections:
        ids[s.id] = f"{s.title} (all {len(s.items)})"
        for i in s.items:
            ids[i.id] = i.text if len(i.text) <= 70 else i.text[:69] + "…"
    return ids


def kind_ids(view: PrepView) -> dict[str, str]:
    """The kinds that show in ``view`` and can be left out by name, with a label."""
    shown = {k for s in view.sections for i in s.items for k in i.shows}
    return {k: messages.PREP_KINDS[k] for k in KINDS if k in shown}


def section_ids(view: PrepView) -> list[str]:
    return [s.id for s in view.sections]


def reach(view: PrepView, ident: str) -> list[str]:
    """The other items that leaving ``ident`` out also takes out or shortens (their ids)."""
    mine = next((i for s in view.sections for i in s.items if i.id == ident), None)
    if mine is None or not mine.about:
        return []
    return [
        i.id
        for s in view.sections
        for i in s.items
        if i.id != ident and any(_is_hidden(k, mine.about) for k in i.shows)
    ]


def _canonical(name: str) -> str:
    name = name.strip()
    return _KIND_NAMES.get(name.lower(), name)


def _added(include: Iterable[str]) -> frozenset[str]:
    asked = {i.strip() for i in include if i.strip()}
    unknown = sorted(asked - set(OPT_IN))
    if unknown:
        raise ValidationError(
            messages.prep_unknown_include(", ".join(unknown), "safety"), field="include"
        )
    return frozenset(asked)


def build_view(
    data: PrepData,
    *,
    exclude: Iterable[str] = (),
    support: CrisisResources | None = None,
    include: Iterable[str] = (),
) -> PrepView:
    """The report's view-model without what ``exclude`` names, wherever it shows.

    ``exclude`` holds section ids, item ids and kinds (``phq9``, ``gad7``, ``mood``); an
    unknown one raises ``ValidationError`` naming the valid ones. ``support`` (crisis
    contacts) is shown beside the risk items. Risk items (``OPT_IN``) are out unless named
    in ``include``: ``safety`` adds the PHQ-9 item-9 sentences and the safety-flag count.
    """
    asked = _added(include)
    added = frozenset(k for name in asked for k in OPT_IN[name])
    wanted = frozenset(_canonical(e) for e in exclude if e.strip())
    full = _full(data, support, added=added)
    # Risk ids are valid to leave out even when not added: out is out either way.
    everything = _full(data, support, added=frozenset(OPT_IN["safety"]))
    valid = item_ids(everything)
    unknown = sorted(wanted - set(valid) - set(KINDS))
    if unknown:
        raise ValidationError(
            messages.prep_unknown_ids(
                ", ".join(unknown),
                ", ".join(dict.fromkeys([*item_ids(full), *kind_ids(full)])) or "nothing yet",
            ),
            field="exclude",
        )
    hidden = set(wanted & set(KINDS))
    for s in everything.sections:
        for i in s.items:
            if s.id in wanted or i.id in wanted:
                hidden |= i.about
    hide = frozenset(hidden)
    view = _full(data, support, added=added, hidden=hide)
    kept = []
    for s in view.sections:
        if s.id in wanted:
            continue
        items = tuple(
            i
            for i in s.items
            if i.id not in wanted and not any(_is_hidden(k, hide) for k in i.shows)
        )
        if not items:
            continue
        if s.id == "practice" and len(items) != len(s.items):
            s = replace(s, intro=None)  # the total would count what was left out
        if s.id == "safety":
            s = replace(s, outro=_support(support, items))
        kept.append(replace(s, items=items))
    return replace(view, sections=tuple(kept), excluded=wanted, included=asked)
