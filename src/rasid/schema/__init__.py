"""JSON Schema of the serialised Document."""
