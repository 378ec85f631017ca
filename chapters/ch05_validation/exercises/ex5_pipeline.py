"""Exercise 5 — a data transformation pipeline.

Build a small, immutable pipeline of named steps (parse → validate → normalise →
enrich → serialise) that collects errors by step name and stops at the first fatal
one, then assemble a contact-import pipeline from it.

Check your work with: nox -s chapter05 -- ex5
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, fields, validate

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


class Pipeline:
    """An immutable sequence of named steps, each fed the previous step's output."""

    def __init__(self, stages: tuple[Any, ...] = ()) -> None:
        """1. Keep the steps (none by default); pick any representation you like."""
        raise NotImplementedError("Exercise 5 (Pipeline) is not done yet")

    @property
    def names(self) -> tuple[str, ...]:
        """2. The step names, in the order they run."""
        raise NotImplementedError("Exercise 5 (Pipeline.names) is not done yet")

    def then(self, name: str, step: Step, *, fatal: bool = True) -> Pipeline:
        """Return a new pipeline with `step` appended; this one is left unchanged.

        2. A name already in the pipeline raises ValueError naming it (repr, 'a').
        """
        raise NotImplementedError("Exercise 5 (Pipeline.then) is not done yet")

    def run(self, value: Any) -> PipelineResult:
        """Run the steps in order, collecting errors by step name.

        3. Feed each step the previous step's output; record each step that succeeds
           in `completed`.
        4. A step that raises StepError or marshmallow's ValidationError failed:
           store its `.messages` in errors[name]. If the step is fatal, stop at once
           and return value None with failed_step=name. If it is not fatal, keep
           the value as it was and go on. Any other exception is a bug: let it
           propagate.
        """
        raise NotImplementedError("Exercise 5 (Pipeline.run) is not done yet")


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
    """Parse JSON text.

    5. json.loads; on failure raise StepError({"_body": ["Not valid JSON: <reason>"]}).
    """
    raise NotImplementedError("Exercise 5 (parse) is not done yet")


def validate_contact(data: Any) -> dict[str, Any]:
    """Validate with ContactSchema.

    5. Return ContactSchema().load(data); its ValidationError is the step's failure.
    """
    raise NotImplementedError("Exercise 5 (validate_contact) is not done yet")


def normalise(contact: dict[str, Any]) -> dict[str, Any]:
    """Tidy the fields of a valid contact.

    5. Return a new dict: name with runs of whitespace collapsed and ends stripped,
       email with its domain (after the last "@") lower-cased, country upper-cased.
    """
    raise NotImplementedError("Exercise 5 (normalise) is not done yet")


def enrich(contact: dict[str, Any]) -> dict[str, Any]:
    """Add facts derived from the contact.

    5. Add country_name from COUNTRY_NAMES and email_domain (the part after "@").
       An unknown country raises StepError({"country": ["Unknown country code ZZ."]}).
    """
    raise NotImplementedError("Exercise 5 (enrich) is not done yet")


def serialise(contact: dict[str, Any]) -> str:
    """Write the contact as JSON with sorted keys.

    5. json.dumps(ContactOutSchema().dump(contact), sort_keys=True).
    """
    raise NotImplementedError("Exercise 5 (serialise) is not done yet")


def build_contact_pipeline() -> Pipeline:
    """parse → validate → normalise → enrich (not fatal) → serialise.

    6. Chain the five steps with then(), under exactly these names: "parse",
       "validate", "normalise", "enrich" (fatal=False) and "serialise".
    """
    raise NotImplementedError("Exercise 5 (build_contact_pipeline) is not done yet")
