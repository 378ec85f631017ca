"""The auth service's business logic; views call these with keyword arguments."""
