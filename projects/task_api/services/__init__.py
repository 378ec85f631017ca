"""The task API's business logic, called by the thin views in api/."""
