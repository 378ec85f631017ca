"""Your solutions to chapter 3's exercises: fill in each module, then run `nox -s chapter03`."""
