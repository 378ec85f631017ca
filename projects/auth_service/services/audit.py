"""The audit log: who did what, when, from which IP, in which request. Rows are only added."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context, request
from sqlalchemy import Select, select

from projects.core import current_request_id

from ..models import AuditEvent, db


def record(
    action: str,
    *,
    user_id: int | None = None,
    actor: str | None = None,
    target: str | None = None,
    outcome: str = "success",
    **details: Any,
) -> AuditEvent:
    """Add an event to the session; it is written with the caller's next commit.

    `user_id` is the account the event is about; `actor` who acted, by default the
    caller's token subject, else that account, else "anonymous".
    """
    event = AuditEvent(
        action=action,
        outcome=outcome,
        actor=actor or _caller() or (f"user:{user_id}" if user_id else "anonymous"),
        user_id=user_id,
        target=target,
        details=details,
        **_request_facts(),
    )
    db.session.add(event)
    return event


def events_statement(
    *, action: str | None = None, user_id: int | None = None, outcome: str | None = None
) -> Select[tuple[AuditEvent]]:
    """Return the newest-first query of events, narrowed by the given filters."""
    statement = select(AuditEvent).order_by(AuditEvent.id.desc())
    if action:
        statement = statement.where(AuditEvent.action == action)
    if user_id is not None:
        statement = statement.where(AuditEvent.user_id == user_id)
    if outcome:
        statement = statement.where(AuditEvent.outcome == outcome)
    return statement


def _caller() -> str | None:
    principal = g.get("principal") if has_request_context() else None
    if principal is None:
        return None
    subject = principal.subject
    return f"user:{subject}" if subject.isdigit() else subject


def _request_facts() -> dict[str, Any]:
    if not has_request_context():
        return {"ip": None, "user_agent": None, "request_id": None}
    return {
        "ip": request.remote_addr,
        "user_agent": (request.user_agent.string or None) and request.user_agent.string[:255],
        "request_id": current_request_id(),
    }
