"""/api/auth/sessions: your logins (one per device), and ending them."""

from __future__ import annotations

from typing import Any

from flask_restx import Namespace, Resource, fields

from projects.core import NotFound, require_auth

from ..models import UserSession, db
from ..services import audit, sessions
from .access import caller, require_login_token

ns = Namespace("sessions", path="/api/auth/sessions", description="Your login sessions")

session_out = ns.model(
    "SessionOut",
    {
        "id": fields.String,
        "current": fields.Boolean(description="The session of the token you are using"),
        "amr": fields.List(fields.String, description="How you logged in: pwd, otp, rec"),
        "ip": fields.String,
        "user_agent": fields.String,
        "created_at": fields.DateTime(dt_format="iso8601"),
        "last_used_at": fields.DateTime(dt_format="iso8601"),
        "expires_at": fields.DateTime(dt_format="iso8601"),
    },
)
ended_out = ns.model("SessionsEnded", {"ended": fields.Integer(example=2)})


def _describe(session: UserSession, current_id: str | None) -> dict[str, Any]:
    """Return the session as marshalled, with `amr` as a list and the current one marked."""
    return {**vars(session), "amr": session.amr.split(), "current": session.id == current_id}


@ns.route("")
class Sessions(Resource):
    @require_auth
    @ns.marshal_list_with(session_out)
    def get(self):
        """List your live sessions, newest first."""
        require_login_token()
        current = sessions.current_session_id()
        return [_describe(s, current) for s in sessions.live_sessions(user_id=caller().id)]

    @require_auth
    @ns.marshal_with(ended_out)
    def delete(self):
        """End all your other sessions (log out everywhere else)."""
        require_login_token()
        user = caller()
        ended = sessions.end_all(
            user_id=user.id, reason="ended_by_user", keep=sessions.current_session_id()
        )
        audit.record("session.others_ended", user_id=user.id, count=ended)
        db.session.commit()
        return {"ended": ended}


@ns.route("/<string:session_id>")
@ns.param("session_id", "The session's id")
class OneSession(Resource):
    @require_auth
    @ns.response(204, "Ended")
    @ns.response(404, "You have no live session with this id")
    def delete(self, session_id: str):
        """End one of your sessions: its tokens stop working at once."""
        require_login_token()
        user = caller()
        session = sessions.owned_session(user_id=user.id, session_id=session_id[:64])
        if session is None:
            raise NotFound(f"You have no live session {session_id[:64]!r}.")
        sessions.end(session=session, reason="ended_by_user")
        audit.record("session.ended", user_id=user.id, target=f"session:{session.id}")
        db.session.commit()
        return "", 204
