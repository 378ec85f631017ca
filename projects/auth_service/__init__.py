"""The auth service capstone: users, login with access and refresh tokens, multi-factor
authentication, sessions, API keys, an OAuth2 authorization server, an audit log and the
JWKS that every other service verifies tokens with."""
