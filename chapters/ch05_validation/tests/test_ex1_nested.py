"""Exercise 1 — nested schema validation."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from marshmallow import ValidationError

MISSING = "Missing data for required field."
REGISTRATION: dict[str, Any] = {
    "buyer": {"name": "Grace Hopper", "email": "grace@example.com"},
    "company": {"name": "Eckert-Mauchly", "vat_id": "US12345"},
    "tickets": [
        {
            "type": "speaker",
            "attendee": {"name": "Grace Hopper", "email": "grace@example.com"},
            "workshops": ["compilers"],
        },
        {"type": "student", "attendee": {"name": "Jean Sammet", "email": "jean@example.com"}},
    ],
}


def registration(**changes: Any) -> dict[str, Any]:
    """Return a valid registration with top-level `changes`."""
    return copy.deepcopy(REGISTRATION) | changes


def messages_for(exercise, payload: Any) -> dict:
    """Load `payload` with RegistrationSchema and return marshmallow's messages."""
    with pytest.raises(ValidationError) as caught:
        exercise.RegistrationSchema().load(payload)
    return caught.value.messages


def test_a_valid_registration_loads_with_defaults(exercise) -> None:
    """Nested objects load as dicts; workshops default to [] and company to None."""
    loaded = exercise.RegistrationSchema().load(registration(company=None))
    assert loaded["tickets"][1] == {
        "type": "student",
        "attendee": {"name": "Jean Sammet", "email": "jean@example.com"},
        "workshops": [],
    }
    assert loaded["company"] is None
    assert "company" in exercise.RegistrationSchema().load(
        {k: v for k, v in REGISTRATION.items() if k != "company"}
    )


def test_person_schema_needs_a_name_and_a_real_email(exercise) -> None:
    """PersonSchema refuses an empty name and a malformed address."""
    with pytest.raises(ValidationError) as caught:
        exercise.PersonSchema().load({"name": "", "email": "grace"})
    assert set(caught.value.messages) == {"name", "email"}


def test_errors_inside_nested_objects_keep_their_place(exercise) -> None:
    """A bad field deep in a ticket is reported under tickets → index → attendee."""
    payload = registration()
    payload["tickets"][1]["attendee"]["email"] = "not-an-address"
    assert messages_for(exercise, payload) == {
        "tickets": {1: {"attendee": {"email": ["Not a valid email address."]}}}
    }


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"buyer": {"name": "Grace"}}, {"buyer": {"email": [MISSING]}}),
        ({"buyer": "Grace"}, {"buyer": {"_schema": ["Invalid input type."]}}),
        (
            {"company": {"vat_id": "us1"}},
            {"company": {"name": [MISSING], "vat_id": ["String does not match expected pattern."]}},
        ),
        ({"tickets": []}, {"tickets": ["Length must be between 1 and 10."]}),
        (
            {"tickets": [REGISTRATION["tickets"][1]] * 11},
            {"tickets": ["Length must be between 1 and 10."]},
        ),
        (
            {"tickets": [{"type": "vip", "attendee": {"name": "A", "email": "a@example.com"}}]},
            {"tickets": {0: {"type": ["Must be one of: standard, student, speaker."]}}},
        ),
        ({"tickets": [{"type": "standard"}]}, {"tickets": {0: {"attendee": [MISSING]}}}),
        (
            {"tickets": [dict(REGISTRATION["tickets"][1], workshops=["a", "b", "c", "d"])]},
            {"tickets": {0: {"workshops": ["Longer than maximum length 3."]}}},
        ),
        (
            {"tickets": [dict(REGISTRATION["tickets"][1], seat="12A")]},
            {"tickets": {0: {"seat": ["Unknown field."]}}},
        ),
        ({"coupon": "FREE"}, {"coupon": ["Unknown field."]}),
    ],
)
def test_nested_rules(exercise, changes: dict, expected: dict) -> None:
    """Each nested rule reports at the right place in the error tree."""
    assert messages_for(exercise, registration(**changes)) == expected


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        ({"buyer": {"email": ["Bad."]}}, {"/buyer/email": ["Bad."]}),
        (
            {"tickets": {0: {"attendee": {"name": ["Bad."]}}}},
            {"/tickets/0/attendee/name": ["Bad."]},
        ),
        ({"_schema": ["Invalid input type."]}, {"": ["Invalid input type."]}),
        ({"buyer": {"_schema": ["Bad."]}}, {"/buyer": ["Bad."]}),
        ({"a/b": {"c~d": ["Bad."]}}, {"/a~1b/c~0d": ["Bad."]}),
        ({"tags": ["One.", "Two."]}, {"/tags": ["One.", "Two."]}),
        (
            {"buyer": {"_schema": ["One."], "name": ["Two."]}},
            {"/buyer": ["One."], "/buyer/name": ["Two."]},
        ),
    ],
)
def test_error_pointers(exercise, messages: dict, expected: dict) -> None:
    """Messages become RFC 6901 JSON Pointers; _schema errors point at their object."""
    assert exercise.error_pointers(messages) == expected


def test_load_registration_returns_the_loaded_data(exercise) -> None:
    """A valid payload comes back loaded."""
    assert exercise.load_registration(registration())["buyer"]["name"] == "Grace Hopper"


def test_load_registration_lists_every_error_at_once(exercise) -> None:
    """One RegistrationInvalid carries all errors, at every depth, by pointer."""
    payload = registration(buyer={"name": "Grace"})
    payload["tickets"][0]["attendee"]["email"] = "nope"
    payload["tickets"][1]["type"] = "vip"
    with pytest.raises(exercise.RegistrationInvalid) as caught:
        exercise.load_registration(payload)
    assert caught.value.errors == {
        "/buyer/email": [MISSING],
        "/tickets/0/attendee/email": ["Not a valid email address."],
        "/tickets/1/type": ["Must be one of: standard, student, speaker."],
    }


@pytest.mark.parametrize("payload", [[], "registration", None, 42])
def test_load_registration_refuses_non_objects(exercise, payload: Any) -> None:
    """Anything but an object is an error at the root pointer ""."""
    with pytest.raises(exercise.RegistrationInvalid) as caught:
        exercise.load_registration(payload)
    assert list(caught.value.errors) == [""]
