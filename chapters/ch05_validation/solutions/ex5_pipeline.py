"""Exercise 5 — a data transformation pipeline (reference solution)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

Step = Callable[[Any], Any]
COUNTRY_NAMES = {"DE": "Germany", "FR": "France", "GB": "United Kingdom", "US": "United States"}


class StepError(Exception):
    """Raised by a step whose input it cannot accept; `messages` says why."""

    def __init__(self, messages: Any) -> None:
        super().__init__(messages)
        self.messages = messages


@dataclass(frozen=True)
class PipelineResult:
    """What a run produced: the value, the errors by step name, and the steps that ran."""

    value: Any
    errors: dict[str, Any] = field(default_factory=dict)
    completed: tuple[str, ...] = ()
    failed_step: str | None = None

    @property
    def ok(self) -> bool:
        """True when no fatal step failed (non-fatal errors may still be listed)."""
        return self.failed_step is None


@dataclass(frozen=True)
class _Stage:
    name: str
    run: Step
    fatal: bool


class Pipeline:
    """An immutable sequence of named steps, each fed the previous step's output."""

    # Annotated as the stub is: the stages' representation is the learner's choice.
    def __init__(self, stages: tuple[Any, ...] = ()) -> None:
        self._stages = stages

    @property
    def names(self) -> tuple[str, ...]:
        """The step names, in the order they run."""
        return tuple(stage.name for stage in self._stages)

    def then(self, name: str, step: Step, *, fatal: bool = True) -> Pipeline:
        """Return a new pipeline with `step` appended; this one is left unchanged."""
        if name in self.names:
            raise ValueError(f"A step named {name!r} is already in the pipeline")
        return Pipeline((*self._stages, _Stage(name, step, fatal)))

    def run(self, value: Any) -> PipelineResult:
        """Run the steps in order, collecting errors by step name."""
        errors: dict[str, Any] = {}
        completed: list[str] = []
        for stage in self._stages:
            try:
                output = stage.run(value)
            except (StepError, ValidationError) as exc:
                errors[stage.name] = exc.messages
                if stage.fatal:  # later steps would only work on bad data
                    return PipelineResult(None, errors, tuple(completed), stage.name)
                continue  # a non-fatal step leaves the value as it was
            value = output
            completed.append(stage.name)
        return PipelineResult(value, errors, tuple(completed))


class ContactSchema(Schema):
    """A contact as an import file may hold it."""

    name = fields.String(required=True, validate=validate.Length(1, 100))
    email = fields.Email(required=True)
    country = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z]{2}$"))


class ContactOutSchema(Schema):
    """A contact as the pipeline writes it."""

    name = fields.String()
    email = fields.String()
    email_domain = fields.String()
    country = fields.String()
    country_name = fields.String()


def parse(raw: str | bytes) -> Any:
    """Parse JSON text."""
    try:
        return json.loads(raw)
    except ValueError as exc:
        raise StepError({"_body": [f"Not valid JSON: {exc}"]}) from None


def validate_contact(data: Any) -> dict[str, Any]:
    """Validate with ContactSchema."""
    return ContactSchema().load(data)


def normalise(contact: dict[str, Any]) -> dict[str, Any]:
    """Tidy the fields of a valid contact."""
    local, _, domain = contact["email"].strip().rpartition("@")
    return contact | {
        "name": " ".join(contact["name"].split()),
        "email": f"{local}@{domain.lower()}",
        "country": contact["country"].upper(),
    }


def enrich(contact: dict[str, Any]) -> dict[str, Any]:
    """Add facts derived from the contact."""
    name = COUNTRY_NAMES.get(contact["country"])
    if name is None:
        raise StepError({"country": [f"Unknown country code {contact['country']}."]})
    return contact | {"country_name": name, "email_domain": contact["email"].rpartition("@")[2]}


def serialise(contact: dict[str, Any]) -> str:
    """Write the contact as JSON with sorted keys."""
    return json.dumps(ContactOutSchema().dump(contact), sort_keys=True)


def build_contact_pipeline() -> Pipeline:
    """parse → validate → normalise → enrich (not fatal) → serialise."""
    return (
        Pipeline()
        .then("parse", parse)
        .then("validate", validate_contact)
        .then("normalise", normalise)
        .then("enrich", enrich, fatal=False)
        .then("serialise", serialise)
    )
