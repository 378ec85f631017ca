"""Exercise 1 — nested schema validation.

A conference registration nests people inside tickets inside a list. Declare the
schemas, then report errors from any depth as JSON Pointers (RFC 6901).

Check your work with: nox -s chapter05 -- ex1
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema

TICKET_TYPES = ("standard", "student", "speaker")
VAT_ID_PATTERN = r"^[A-Z]{2}[A-Z0-9]{2,12}$"
SCHEMA_KEY = "_schema"  # where marshmallow files errors about an object as a whole


class RegistrationInvalid(ValueError):
    """A registration failed validation; `errors` maps JSON Pointers to messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(f"{len(errors)} invalid field(s): {', '.join(errors)}")
        self.errors = errors


class PersonSchema(Schema):
    """Someone who buys or uses a ticket.

    1. `name`: a required string of 1 to 100 characters; `email`: a required, valid
       e-mail address (`fields.Email`).

    Declare the fields, then delete this class's __init__.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Exercise 1 (PersonSchema) is not done yet")


class CompanySchema(Schema):
    """The company an invoice is made out to.

    2. `name`: a required string of 1 to 200 characters; `vat_id`: an optional string
       matching VAT_ID_PATTERN.

    Declare the fields, then delete this class's __init__.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Exercise 1 (CompanySchema) is not done yet")


class TicketSchema(Schema):
    """One ticket, for one attendee, with the workshops they chose.

    3. `type`: required, one of TICKET_TYPES; `attendee`: a required nested
       PersonSchema; `workshops`: a list of at most 3 strings (each 1 to 50
       characters) that loads as [] when it is left out.

    Declare the fields, then delete this class's __init__.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Exercise 1 (TicketSchema) is not done yet")


class RegistrationSchema(Schema):
    """A conference registration: who pays, for which company, and the tickets.

    4. `buyer`: a required nested PersonSchema; `company`: a nested CompanySchema that
       may be null and loads as None when left out; `tickets`: a required list of 1 to
       10 nested TicketSchemas. Unknown keys are refused at every level (marshmallow's
       RAISE, the default — do not turn it off).

    Declare the fields, then delete this class's __init__.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("Exercise 1 (RegistrationSchema) is not done yet")


def error_pointers(messages: Any, pointer: str = "") -> dict[str, list[str]]:
    """Flatten marshmallow's nested messages to {JSON Pointer: [messages]}.

    5. Walk the nested dict: each key (list indexes arrive as int keys) adds a
       "/<key>" segment, escaped as RFC 6901 says ("~" → "~0", then "/" → "~1").
       Messages under SCHEMA_KEY belong to the object itself: they keep its pointer
       ("" for the whole body). A list holds messages, and may also hold nested dicts.
    """
    raise NotImplementedError("Exercise 1 (error_pointers) is not done yet")


def load_registration(payload: object) -> dict[str, Any]:
    """Validate a registration, raising RegistrationInvalid that lists every error.

    6. Return RegistrationSchema().load(payload). On marshmallow's ValidationError,
       raise RegistrationInvalid(error_pointers(error.messages)) instead.
    """
    raise NotImplementedError("Exercise 1 (load_registration) is not done yet")
