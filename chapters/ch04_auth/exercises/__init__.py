"""Chapter 4 exercises: the stubs you fill in."""
