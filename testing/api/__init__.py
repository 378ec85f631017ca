"""Checks every API of the course ships with: Postman, cURL, Locust, a fuzzed spec, Swagger UI."""
