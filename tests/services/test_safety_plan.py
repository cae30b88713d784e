"""The safety plan, the country and safety events as use cases, on a real store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from midweek.domain.entities import CheckinKind, PlanContact, SafetyPlan
from midweek.domain.errors import ValidationError
from midweek.domain.safety_plan import parse_contact, plan_from_mapping
from midweek.services import checkins
from midweek.services import safety_plan as plans
from midweek.services.library import crisis_resources
from midweek.services.prep import build_prep

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


def test_no_plan_until_one_is_made(store) -> None:
    assert plans.get_plan(store.unit_of_work()) is None


def test_save_strips_drops_blank_lines_and_keeps_sharing(store) -> None:
    plans.save_plan(store.unit_of_work(), SafetyPlan(coping=["x"]), now=NOW)
    plans.set_shared(store.unit_of_work(), True, now=NOW)
    saved = plans.save_plan(
        store.unit_of_work(),
        SafetyPlan(
            warning_signs=["  Not sleeping  ", "   "],
            people=[PlanContact(" Ana ", " +44 (0)7700-900 123 ")],
        ),
        now=NOW + timedelta(hours=1),
    )
    got = plans.get_plan(store.unit_of_work())
    assert got == saved
    assert got.warning_signs == ["Not sleeping"] and got.coping == []
    assert got.people == [PlanContact("Ana", "+44 (0)7700-900 123")]
    assert got.shared is True and got.updated_at == NOW + timedelta(hours=1)


def test_update_adds_or_replaces_sections(store) -> None:
    uow = store.unit_of_work
    plans.update_plan(uow(), {"coping": ["Walk"]}, replace_sections=False, now=NOW)
    plans.update_plan(
        uow(), {"coping": ["Music"], "reasons": ["Kai"]}, replace_sections=False, now=NOW
    )
    assert plans.get_plan(uow()).coping == ["Walk", "Music"]
    plans.update_plan(uow(), {"coping": ["Tea"]}, replace_sections=True, now=NOW)
    got = plans.get_plan(uow())
    assert got.coping == ["Tea"] and got.reasons == ["Kai"]


@pytest.mark.parametrize("phone", ["call me", "12a34", "+", "1", "0" * 21])
def test_phone_numbers_are_loosely_checked(store, phone: str) -> None:
    with pytest.raises(ValidationError, match="doesn't look like a phone number"):
        plans.save_plan(
            store.unit_of_work(), SafetyPlan(people=[PlanContact("Bo", phone)]), now=NOW
        )
    assert plans.get_plan(store.unit_of_work()) is None


@pytest.mark.parametrize(
    ("raw", "contact"),
    [
        ("Ana: +1 555 0100", PlanContact("Ana", "+1 555 0100")),
        (
            "Dr. Lee (therapist): (020) 7946-0000",
            PlanContact("Dr. Lee (therapist)", "(020) 7946-0000"),
        ),
        ("Crisis team", PlanContact("Crisis team")),
        ("Mum:", PlanContact("Mum")),
    ],
)
def test_parse_contact(raw: str, contact: PlanContact) -> None:
    assert parse_contact(raw) == contact


def test_a_contact_needs_a_name() -> None:
    with pytest.raises(ValidationError, match="name is empty"):
        parse_contact(": 555 0100")


def test_plan_from_a_file_mapping() -> None:
    got = plan_from_mapping(
        {"coping": ["Walk"], "people": ["Ana: 555 0100", {"name": "Bo", "phone": "555 0101"}]}
    )
    assert got == {
        "coping": ["Walk"],
        "people": [PlanContact("Ana", "555 0100"), PlanContact("Bo", "555 0101")],
    }
    with pytest.raises(ValidationError, match="sections I don't know: hobbies"):
        plan_from_mapping({"hobbies": ["x"]})
    with pytest.raises(ValidationError, match="should be a list of text"):
        plan_from_mapping({"coping": [1]})


def test_sharing_needs_a_plan(store) -> None:
    with pytest.raises(ValidationError, match="don't have a safety plan yet"):
        plans.set_shared(store.unit_of_work(), True, now=NOW)


def test_country_is_stored_and_checked(store) -> None:
    assert plans.get_country(store.unit_of_work()) is None
    assert plans.set_country(store.unit_of_work(), " nz ", now=NOW) == "NZ"
    assert plans.get_country(store.unit_of_work()) == "NZ"
    for bad in ("NZL", "1", "", "ü1"):
        with pytest.raises(ValidationError, match="two letters"):
            plans.check_country(bad)
    assert plans.check_country("intl") == "INTL"


def test_markdown_of_an_empty_plan_says_so_for_every_section() -> None:
    md = plans.plan_markdown(SafetyPlan())
    assert md.startswith("# My safety plan\n")
    assert md.count("_Nothing here yet._") == 7
    assert "not monitored" not in md  # no crisis lines given, so no statement about them


def test_markdown_escapes_and_ends_with_the_crisis_lines() -> None:
    md = plans.plan_markdown(SafetyPlan(coping=["*breathe* <slowly>"]), crisis_resources("NZ"))
    assert "- \\*breathe\\* \\<slowly\\>" in md
    assert "- 1737, Need to talk?: call 1737, text 1737, https://1737.org.nz (24/7, free)" in md
    assert md.rstrip().endswith(
        "_midweek is not monitored in real time and nobody is alerted. "
        "If you are in danger, call 111 now._"
    )


def test_prep_counts_safety_events_in_the_window_only(store) -> None:
    uow = store.unit_of_work
    checkins.checkin_instrument(
        uow(), CheckinKind.PHQ9, "0,0,0,0,0,0,0,0,1", note=None, at=NOW - timedelta(days=40)
    )
    checkins.checkin_instrument(
        uow(), CheckinKind.PHQ9, "0,0,0,0,0,0,0,0,2", note=None, at=NOW - timedelta(days=2)
    )
    data = build_prep(uow(), now=NOW)
    assert data.safety_events == 1
