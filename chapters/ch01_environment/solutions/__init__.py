"""Reference solutions to chapter 1's exercises (checked with `nox -s chapter01 -- --solutions`)."""
