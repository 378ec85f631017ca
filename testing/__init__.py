"""The course's shared test machinery: real services, the exercise harness, and suites."""
