"""HTTP API and web interface."""
