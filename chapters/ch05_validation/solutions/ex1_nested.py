"""Exercise 1 — nested schema validation (reference solution)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate

TICKET_TYPES = ("standard", "student", "speaker")
VAT_ID_PATTERN = r"^[A-Z]{2}[A-Z0-9]{2,12}$"
SCHEMA_KEY = "_schema"  # where marshmallow files errors about an object as a whole


class RegistrationInvalid(ValueError):
    """A registration failed validation; `errors` maps JSON Pointers to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(f"{len(errors)} invalid field(s): {', '.join(errors)}")
        self.errors = errors


class PersonSchema(Schema):
    """Someone who buys or uses a ticket."""

    name = fields.String(required=True, validate=validate.Length(1, 100))
    email = fields.Email(required=True)


class CompanySchema(Schema):
    """The company an invoice is made out to."""

    name = fields.String(required=True, validate=validate.Length(1, 200))
    vat_id = fields.String(validate=validate.Regexp(VAT_ID_PATTERN))


class TicketSchema(Schema):
    """One ticket, for one attendee, with the workshops they chose."""

    type = fields.String(required=True, validate=validate.OneOf(TICKET_TYPES))
    attendee = fields.Nested(PersonSchema, required=True)
    workshops = fields.List(
        fields.String(validate=validate.Length(1, 50)),
        load_default=list,
        validate=validate.Length(max=3),
    )


class RegistrationSchema(Schema):
    """A conference registration: who pays, for which company, and the tickets."""

    buyer = fields.Nested(PersonSchema, required=True)
    company = fields.Nested(CompanySchema, allow_none=True, load_default=None)
    tickets = fields.List(
        fields.Nested(TicketSchema), required=True, validate=validate.Length(1, 10)
    )


def _escape(token: Any) -> str:
    # RFC 6901: "~" becomes "~0" first, then "/" becomes "~1".
    return str(token).replace("~", "~0").replace("/", "~1")


def error_pointers(messages: Any, pointer: str = "") -> dict[str, list[str]]:
    """Flatten marshmallow's nested messages to {JSON Pointer: [messages]}."""
    flat: dict[str, list[str]] = {}

    def add(path: str, found: list[str]) -> None:
        flat.setdefault(path, []).extend(found)

    if isinstance(messages, Mapping):
        for key, value in messages.items():
            child = pointer if key == SCHEMA_KEY else f"{pointer}/{_escape(key)}"
            for path, found in error_pointers(value, child).items():
                add(path, found)
    elif isinstance(messages, list | tuple):
        for item in messages:
            if isinstance(item, Mapping):
                for path, found in error_pointers(item, pointer).items():
                    add(path, found)
            else:
                add(pointer, [str(item)])
    else:
        add(pointer, [str(messages)])
    return flat


def load_registration(payload: object) -> dict[str, Any]:
    """Validate a registration, raising RegistrationInvalid that lists every error."""
    try:
        return RegistrationSchema().load(payload)  # type: ignore[arg-type]
    except ValidationError as error:
        raise RegistrationInvalid(error_pointers(error.messages)) from None
