"""Chapter 5 reference solutions."""
