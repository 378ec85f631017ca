"""Chapter 5 exercises: your code; check it with `nox -s chapter05`."""
