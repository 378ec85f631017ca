"""Exercise 5 — a data transformation pipeline."""

from __future__ import annotations

import json
from typing import Any

import pytest
from marshmallow import ValidationError

GOOD = '{"name": "  Grace   Hopper ", "email": "Grace@Navy.MIL", "country": "us"}'


def recorder(calls: list[str], name: str, result: Any = None):
    """Return a step that records its name, then returns `result` (or its input)."""

    def step(value: Any) -> Any:
        calls.append(name)
        return value if result is None else result

    return step


def failing(calls: list[str], name: str, error: Exception):
    """Return a step that records its name, then raises `error`."""

    def step(value: Any) -> Any:
        calls.append(name)
        raise error

    return step


# ---------------------------------------------------------------- the Pipeline class
def test_an_empty_pipeline_returns_its_input(exercise) -> None:
    """No steps: the value comes back unchanged and ok."""
    result = exercise.Pipeline().run(42)
    assert (result.value, result.errors, result.completed, result.ok) == (42, {}, (), True)


def test_steps_run_in_order_each_fed_the_last_output(exercise) -> None:
    """Each step receives the previous step's output."""
    pipeline = exercise.Pipeline().then("double", lambda x: x * 2).then("inc", lambda x: x + 1)
    result = pipeline.run(5)
    assert (result.value, result.completed, pipeline.names) == (
        11,
        ("double", "inc"),
        ("double", "inc"),
    )


def test_then_returns_a_new_pipeline(exercise) -> None:
    """then() leaves the original pipeline as it was, so pipelines can be shared."""
    base = exercise.Pipeline().then("a", lambda x: x)
    longer = base.then("b", lambda x: x)
    assert (base.names, longer.names) == (("a",), ("a", "b"))


def test_step_names_are_unique(exercise) -> None:
    """Adding a second step with the same name raises ValueError naming it."""
    with pytest.raises(ValueError, match="'a'"):
        exercise.Pipeline().then("a", lambda x: x).then("a", lambda x: x)


def test_a_fatal_error_short_circuits(exercise) -> None:
    """A failing step stops the run: later steps never see the bad data."""
    calls: list[str] = []
    pipeline = (
        exercise.Pipeline()
        .then("first", recorder(calls, "first"))
        .then("second", failing(calls, "second", exercise.StepError({"x": ["Bad."]})))
        .then("third", recorder(calls, "third"))
    )
    result = pipeline.run("in")
    assert calls == ["first", "second"]
    assert (result.ok, result.failed_step, result.value) == (False, "second", None)
    assert (result.errors, result.completed) == ({"second": {"x": ["Bad."]}}, ("first",))


def test_a_non_fatal_error_is_collected_and_the_run_goes_on(exercise) -> None:
    """fatal=False records the error, passes the value on unchanged, and keeps going."""
    calls: list[str] = []
    pipeline = (
        exercise.Pipeline()
        .then("optional", failing(calls, "optional", exercise.StepError(["Skipped."])), fatal=False)
        .then("last", recorder(calls, "last", result="done"))
    )
    result = pipeline.run("in")
    assert calls == ["optional", "last"]
    assert (result.ok, result.value, result.completed) == (True, "done", ("last",))
    assert result.errors == {"optional": ["Skipped."]}


def test_marshmallow_errors_are_collected_under_the_step_name(exercise) -> None:
    """A ValidationError counts as a step failure, with its messages kept."""

    def check(value: Any) -> Any:
        raise ValidationError({"email": ["Not a valid email address."]})

    result = exercise.Pipeline().then("validate", check).run({})
    assert result.errors == {"validate": {"email": ["Not a valid email address."]}}


def test_bugs_are_not_swallowed(exercise) -> None:
    """Only StepError and ValidationError are input errors; anything else propagates."""
    pipeline = exercise.Pipeline().then("divide", lambda x: 1 / x)
    with pytest.raises(ZeroDivisionError):
        pipeline.run(0)


# ---------------------------------------------------------------- the contact pipeline
def test_contact_pipeline_end_to_end(exercise) -> None:
    """Good input passes all five steps and comes out normalised and enriched."""
    result = exercise.build_contact_pipeline().run(GOOD)
    assert (result.ok, result.errors) == (True, {})
    assert result.completed == ("parse", "validate", "normalise", "enrich", "serialise")
    assert json.loads(result.value) == {
        "name": "Grace Hopper",
        "email": "Grace@navy.mil",
        "email_domain": "navy.mil",
        "country": "US",
        "country_name": "United States",
    }


def test_contact_pipeline_stops_at_parse(exercise) -> None:
    """Broken JSON fails at parse, under _body, before anything else runs."""
    result = exercise.build_contact_pipeline().run("{not json")
    assert (result.failed_step, result.completed, list(result.errors)) == ("parse", (), ["parse"])
    assert list(result.errors["parse"]) == ["_body"]


@pytest.mark.parametrize(
    ("raw", "fields"),
    [
        ('{"name": "Grace", "email": "nope", "country": "US"}', ["email"]),
        ('{"name": "", "email": "g@example.com", "country": "USA"}', ["name", "country"]),
        ('["a", "list"]', ["_schema"]),
    ],
)
def test_contact_pipeline_stops_at_validate(exercise, raw: str, fields: list[str]) -> None:
    """Invalid contacts fail at validate with marshmallow's messages."""
    result = exercise.build_contact_pipeline().run(raw)
    assert (result.failed_step, result.completed) == ("validate", ("parse",))
    assert sorted(result.errors["validate"]) == sorted(fields)


def test_unknown_country_does_not_stop_the_import(exercise) -> None:
    """enrich is not fatal: the contact is still written, without the derived fields."""
    result = exercise.build_contact_pipeline().run(
        '{"name": "Ada", "email": "ada@example.com", "country": "zz"}'
    )
    assert (result.ok, result.completed) == (True, ("parse", "validate", "normalise", "serialise"))
    assert result.errors == {"enrich": {"country": ["Unknown country code ZZ."]}}
    assert json.loads(result.value) == {"name": "Ada", "email": "ada@example.com", "country": "ZZ"}
