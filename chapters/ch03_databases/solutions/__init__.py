"""Reference solutions to chapter 3's exercises (checked with `nox -s chapter03 -- --solutions`)."""
