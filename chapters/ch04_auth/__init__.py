"""Chapter 4 — API authentication and security."""
