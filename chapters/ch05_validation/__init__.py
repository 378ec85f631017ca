"""Chapter 5: data validation and serialization with marshmallow."""
