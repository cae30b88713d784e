"""The client's check-in history: every check-in newest first, with small charts drawn on
the server (inline SVG, no script) of the last six weeks of mood and of the PHQ-9 and GAD-7
scores. Each chart has a sentence as its text alternative, shown beside it as well, so the
range and the latest value read without the picture. Each row links to the usual Edit and
Delete (``edit_pages``), which come back here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fastapi import APIRouter, Request
from fastapi.responses import Response

from midweek import messages
from midweek.domain.instruments import INSTRUMENTS
from midweek.services import history
from midweek.web.deps import Client, person_uow, render
from midweek.web.idempotency import IdempotentRoute

router = APIRouter(route_class=IdempotentRoute)

#: The charts' drawing size (viewBox units); CSS lets them fill a phone's width.
WIDTH, HEIGHT = 336, 88


@dataclass(frozen=True)
class ChartView:
    svg: str  # an inline <svg role="img"> with the sentence as its label
    text: str  # the same sentence, shown under it


def _day(at: datetime, zone: object) -> str:
    return messages.when(at.astimezone(zone), "short")  # type: ignore[arg-type]


def _mood_chart(found: history.History) -> ChartView | None:
    from midweek.reports.charts import spark_svg

    given = [d for d in found.mood if d.mood is not None]
    if not given:
        return None
    last = given[-1]
    assert last.mood is not None
    text = messages.history_mood_alt(
        [d.mood for d in given if d.mood is not None], last.mood, messages.when(last.day, "short")
    )
    svg = spark_svg(
        [d.mood for d in found.mood],
        low=0,
        high=10,
        bands=(5,),
        label=text,
        width=WIDTH,
        height=HEIGHT,
        kind="history",
    )
    return ChartView(svg, text)


def _score_charts(found: history.History, viewer: Client) -> list[ChartView]:
    from midweek.reports.charts import spark_svg

    out = []
    for s in found.scores:
        inst = INSTRUMENTS[s.kind.value]
        scores = [total for _, total in s.points]
        text = messages.history_scores_alt(
            inst.name, scores, inst.max_total, _day(s.points[-1][0], viewer.now.tzinfo)
        )
        svg = spark_svg(
            scores,
            low=0,
            high=inst.max_total,
            bands=tuple(low for low, _, _ in inst.bands[1:]),
            label=text,
            width=WIDTH,
            height=HEIGHT,
            kind="history",
        )
        out.append(ChartView(svg, text))
    return out


@router.get("/checkin/history")
def checkin_history(request: Request, viewer: Client) -> Response:
    """The person's check-ins, newest first, under their mood and score charts."""
    found = history.checkin_history(person_uow(request, viewer.person_id), now=viewer.now)
    context = {
        "checkins": found.checkins,
        "more": found.more,
        "mood_chart": _mood_chart(found),
        "score_charts": _score_charts(found, viewer),
        "instruments": INSTRUMENTS,
    }
    return render(request, "checkin_history.html", context)
