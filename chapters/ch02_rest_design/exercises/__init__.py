"""Your solutions to chapter 2's exercises: fill in each module, then run `nox -s chapter02`."""
