"""Your solutions to chapter 1's exercises: fill in each module, then run `nox -s chapter01`."""
