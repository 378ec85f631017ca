"""/api/auth/mfa: turn on TOTP (enrol, confirm), turn it off, and renew recovery codes."""

from __future__ import annotations

from flask_restx import Namespace, Resource, fields

from projects.core import require_auth

from ..services import mfa
from .access import caller, require_login_token

ns = Namespace("mfa", path="/api/auth/mfa", description="Multi-factor authentication (TOTP)")

password_in = ns.model(
    "MfaEnrolIn", {"password": fields.String(required=True, min_length=1, max_length=1024)}
)
code_in = ns.model(
    "MfaCodeIn",
    {"code": fields.String(required=True, min_length=1, max_length=40, example="123456")},
)
disable_in = ns.inherit("MfaDisableIn", password_in, {"code": code_in["code"]})
status_out = ns.model(
    "MfaStatus",
    {"enabled": fields.Boolean, "pending": fields.Boolean, "recovery_codes_left": fields.Integer},
)
enrol_out = ns.model(
    "MfaEnrolment",
    {
        "secret": fields.String(description="Base32 secret, shown once: type it into your app"),
        "provisioning_uri": fields.String(description="otpauth:// URI, for a QR code"),
    },
)
codes_out = ns.model(
    "RecoveryCodes",
    {"recovery_codes": fields.List(fields.String, description="Shown once; each works once")},
)


@ns.route("")
class MfaStatus(Resource):
    @require_auth
    @ns.marshal_with(status_out)
    def get(self):
        """Say whether MFA is on for your account."""
        require_login_token()
        user = caller()
        return {
            "enabled": user.mfa_enabled,
            "pending": user.totp_secret is not None and not user.mfa_enabled,
            "recovery_codes_left": mfa.recovery_codes_left(user=user),
        }


@ns.route("/totp")
class TotpEnrolment(Resource):
    @require_auth
    @ns.expect(password_in, validate=True)
    @ns.marshal_with(enrol_out, code=201)
    @ns.response(403, "Wrong password")
    @ns.response(409, "MFA is already on")
    def post(self):
        """Start TOTP enrolment: get the secret (shown once); confirm it with a code next."""
        require_login_token()
        secret, uri = mfa.begin_enrolment(user=caller(), password=ns.payload["password"])
        return {"secret": secret, "provisioning_uri": uri}, 201


@ns.route("/totp/confirm")
class TotpConfirmation(Resource):
    @require_auth
    @ns.expect(code_in, validate=True)
    @ns.marshal_with(codes_out)
    @ns.response(403, "Wrong code")
    @ns.response(409, "No enrolment started, or MFA is already on")
    def post(self):
        """Turn MFA on with a code from your app; returns your recovery codes (shown once)."""
        require_login_token()
        return {"recovery_codes": mfa.confirm_enrolment(user=caller(), code=ns.payload["code"])}


@ns.route("/totp/disable")
class TotpRemoval(Resource):
    @require_auth
    @ns.expect(disable_in, validate=True)
    @ns.response(204, "MFA is off")
    @ns.response(403, "Wrong password or code")
    @ns.response(409, "MFA is not on")
    def post(self):
        """Turn MFA off, with your password and a current code (or a recovery code)."""
        require_login_token()
        body = ns.payload
        mfa.disable(user=caller(), password=body["password"], code=body["code"])
        return "", 204


@ns.route("/recovery-codes")
class RecoveryCodes(Resource):
    @require_auth
    @ns.expect(code_in, validate=True)
    @ns.marshal_with(codes_out)
    @ns.response(403, "Wrong code")
    @ns.response(409, "MFA is not on")
    def post(self):
        """Replace your recovery codes (the old ones stop working)."""
        require_login_token()
        codes = mfa.regenerate_recovery_codes(user=caller(), code=ns.payload["code"])
        return {"recovery_codes": codes}
