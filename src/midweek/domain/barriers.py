"""What got in the way: each kind of barrier has matching next steps (PRODUCT.md, cap. 6)."""

from __future__ import annotations

from enum import StrEnum

from midweek.domain.entities import BarrierKind


class NextStep(StrEnum):
    SHRINK = "shrink-it"
    RESCHEDULE = "reschedule-it"
    ASK_THERAPIST = "ask-therapist"
    PLAN_BOUNDARY = "plan-a-boundary"
    SLOW_PACE = "slow-the-pace"
    CHECK_VALUES = "check-against-values"


SUGGESTED_STEPS: dict[BarrierKind, tuple[NextStep, ...]] = {
    BarrierKind.TIME: (NextStep.SHRINK, NextStep.RESCHEDULE),
    BarrierKind.OTHERS_FIRST: (NextStep.PLAN_BOUNDARY, NextStep.RESCHEDULE),
    BarrierKind.PERFECTIONISM: (NextStep.SHRINK, NextStep.ASK_THERAPIST),
    BarrierKind.FEAR: (NextStep.SLOW_PACE, NextStep.ASK_THERAPIST),
    BarrierKind.AMBIVALENCE: (NextStep.CHECK_VALUES, NextStep.ASK_THERAPIST),
    BarrierKind.CONFUSION: (NextStep.ASK_THERAPIST, NextStep.SHRINK),
    BarrierKind.OTHER: (NextStep.SHRINK, NextStep.RESCHEDULE, NextStep.ASK_THERAPIST),
}


def suggested_steps(kind: BarrierKind) -> tuple[NextStep, ...]:
    """The next steps that match a barrier, the best fit first."""
    return SUGGESTED_STEPS[kind]
