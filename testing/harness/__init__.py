"""The learner's commands: check a chapter, progress, reset, diff, the solutions branch.

Run through nox (`nox -s chapter01`, `nox -s progress`, …), which calls
`python -m testing.harness <command>` inside the course's virtualenv.
"""
