"""Load the course's pytest plugin for every test under this folder."""

pytest_plugins = ["testing.pytest_plugin"]
