"""Chapter 4 reference solutions."""
