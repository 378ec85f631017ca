"""Reference solutions to chapter 2's exercises (checked with `nox -s chapter02 -- --solutions`)."""
